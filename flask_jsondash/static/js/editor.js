/* flask_jsondash: starts the dashboard editor, for those allowed to edit. The editor itself is
 * jsondash.Editor, in editor/*.js (loaded before this file; editor/core.js says what each part
 * does); its settings are the page's <script type="application/json" id="jsondash-editor">. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;

    jsondash.ready(function () {
        const source = document.getElementById('jsondash-editor');
        if (!source || !document.getElementById('jd-edit-toggle')) { return; }
        jsondash.editor = new jsondash.Editor(JSON.parse(source.textContent));
    });
}(window, document));
