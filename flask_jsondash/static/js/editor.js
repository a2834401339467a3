/* flask_jsondash: starts the dashboard editor, for those allowed to edit. The editor itself is
 * jsondash.Editor, in editor/*.js (loaded before this file, after the dashboard has started:
 * see js/loader.js; editor/core.js says what each part does); its settings are the page's
 * <script type="application/json" id="jsondash-editor">. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;

    jsondash.ready(function () {
        const source = document.getElementById('jsondash-editor');
        if (!source || !document.getElementById('jd-edit-toggle')) { return; }
        jsondash.editor = new jsondash.Editor(JSON.parse(source.textContent));
        // "Edit dashboard" was clicked before the editor arrived (js/loader.js loads it late).
        if (jsondash.editorWanted) {
            delete jsondash.editorWanted;
            jsondash.editor.start();
        }
    });
}(window, document));
