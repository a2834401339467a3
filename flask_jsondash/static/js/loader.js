/* flask_jsondash: the first of a dashboard page's scripts. The page has no inline script, so a
 * strict Content-Security-Policy (script-src 'self', without 'unsafe-inline') runs it; this
 * file does what inline scripts used to:
 *
 *  - jsondash.vendorRoot is the folder of the vendored libraries (for files a renderer loads
 *    itself), from this script element's data-vendor-root; null without one;
 *  - a library the host page may already have (jQuery) is written
 *      <script src="..." data-jsondash-unless="jQuery"></script>
 *    and when that global exists as the parser reaches the element, the element is turned off
 *    before it runs (its type becomes text/x-jsondash-skipped): the host's copy, and the plugins
 *    it carries, stay. The parser puts each script element in the document and then performs a
 *    microtask checkpoint before it runs it (HTML, "An end tag whose tag name is 'script'"), so
 *    a MutationObserver sees the element in time.
 *
 * Every other script is a plain <script src> element: they run in document order, before
 * DOMContentLoaded, and a host's own scripts after them can use jsondash.api at once.
 *
 * The editor and the libraries only it needs (jQuery UI, GridStack and its style sheet) are not
 * among them: the page lists them in <script type="application/json"
 * id="jsondash-later-scripts"> as [[url, global or null], ...] (a .css URL is a style sheet),
 * and jsondash.loadLater() adds them, in that order, so they do not hold the charts back: the
 * runtime calls it once the widgets have loaded (app.js), and else it runs LATER_FALLBACK_MS
 * after the page's load event; jsondash.laterLoaded is true once they have run. A click on "Edit dashboard" before the editor has arrived is not lost: it sends for
 * the editor at once, and editor.js starts editing when it arrives.
 */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash = window.jsondash || {};
    const SKIPPED = 'text/x-jsondash-skipped';
    const me = document.currentScript;

    jsondash.vendorRoot = (me && me.getAttribute('data-vendor-root')) || null;

    /** Turn off a guarded script whose global the page already has. */
    function guard(script) {
        const global = script.getAttribute('data-jsondash-unless');
        if (global && window[global]) {
            script.type = SKIPPED;
        }
    }

    const observer = new MutationObserver(function (records) {
        records.forEach(function (record) {
            record.addedNodes.forEach(function (node) {
                if (node.nodeName === 'SCRIPT') { guard(node); }
            });
        });
    });
    observer.observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener('DOMContentLoaded', function () { observer.disconnect(); }, {once: true});

    const LATER_FALLBACK_MS = 5000;
    let loadedLater = false;

    /** Add the scripts the page loads later, in order, once (see above). */
    function loadLater() {
        if (loadedLater) { return; }
        loadedLater = true;
        const source = document.getElementById('jsondash-later-scripts');
        if (!source || source.tagName !== 'SCRIPT') { return; }
        let scripts;
        try {
            scripts = JSON.parse(source.textContent);
        } catch {
            laterDone();
            return;
        }
        let last = null;
        scripts.forEach(function (entry) {
            const url = entry[0];
            const global = entry[1];
            if (global && window[global]) { return; }
            if (/\.css(\?|$)/.test(url)) {
                // A style sheet only the editor needs (GridStack's): asked for before its scripts.
                const sheet = document.createElement('link');
                sheet.rel = 'stylesheet';
                sheet.href = url;
                document.head.appendChild(sheet);
                return;
            }
            last = document.createElement('script');
            last.src = url;
            last.async = false; // in list order, as parser-inserted scripts would run
            document.body.appendChild(last);
        });
        // jsondash.laterLoaded: every one has run (or failed to load).
        if (last) {
            last.addEventListener('load', laterDone);
            last.addEventListener('error', laterDone);
        } else {
            laterDone();
        }
    }

    function laterDone() {
        jsondash.laterLoaded = true;
    }

    // "Edit dashboard" clicked before the editor has arrived: editor.js starts editing when it
    // does, and it is sent for now.
    document.addEventListener('click', function (event) {
        const target = event.target instanceof Element ? event.target : null;
        if (!jsondash.editor && target && target.closest('#jd-edit-toggle')) {
            jsondash.editorWanted = true;
            loadLater();
        }
    });
    jsondash.loadLater = loadLater;
    window.addEventListener('load', function () { setTimeout(loadLater, LATER_FALLBACK_MS); }, {once: true});
}(window, document));
