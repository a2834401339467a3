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
}(window, document));
