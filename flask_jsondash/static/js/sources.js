/* flask_jsondash: the dashboard's data requests, started before the chart libraries load.
 *
 * The page runs this file right after the dashboard's JSON (#jsondash-config) and before any
 * library: it requests, once each, the distinct dataSource URLs its widgets will fetch when the
 * runtime starts, so the data travels while the libraries download and run. The runtime
 * (app.js) asks jsondash.sources.take(address, kind) before it fetches a URL itself: a request
 * started here is handed over once, and every later load (a refresh, new input values) fetches
 * anew; what nobody took is dropped once the widgets have loaded (forget). jsondash.sources.request is the one way data is fetched; its answer is raw
 * ({ok, status, statusText, text, ms}); app.js reads it (HTTP errors, JSON) into words for the user.
 *
 * How a chart type fetches its dataSource is its renderer's to say (fetch: 'json' by default,
 * 'text' or false); the renderers load later, so the types of this package's families that do
 * not fetch JSON are listed here (tests check the list against the renderers). A family this
 * file does not know (one a host app registers) is left to the runtime.
 */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash = window.jsondash || {};
    const TIMEOUT_MS = 60000;
    const ACCEPT = {json: 'application/json', text: 'text/html, text/plain, */*'};
    const SAFE_PROTOCOLS = ['http:', 'https:'];
    /** family -> the kind of request each of its types makes: 'json' unless listed. */
    const FAMILIES = {
        Basic: {custom: 'text', iframe: false, image: false, youtube: false},
        C3: {}, Cytoscape: {}, D3: {}, DataTable: {}, FlameGraph: {}, Graph: {}, PlotlyStandard: {},
        SigmaJS: {}, Sparklines: {}, Timeline: {}, Vega: {}, Venn: {}, WordCloud: {},
    };
    const early = new Map();

    /** Fetch an absolute http(s) address. Resolves to {ok, status, statusText, text, ms (how
     *  long it took)}; rejects with an Error whose `reason` is 'timeout' or 'network' (and `ms`). */
    async function request(address, kind) {
        const controller = new AbortController();
        const timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
        const begun = performance.now();
        try {
            const response = await fetch(address, {
                signal: controller.signal,
                credentials: 'same-origin',
                headers: {Accept: ACCEPT[kind] || ACCEPT.json},
            });
            // The body is read here too: a data source that stops halfway is a network error.
            const text = await response.text();
            return {ok: response.ok, status: response.status, statusText: response.statusText, text: text,
                ms: performance.now() - begun};
        } catch {
            const failure = new Error(controller.signal.aborted ? 'timeout' : 'network');
            failure.reason = controller.signal.aborted ? 'timeout' : 'network';
            failure.ms = performance.now() - begun;
            throw failure;
        } finally {
            clearTimeout(timer);
        }
    }

    /** The absolute address of an http(s) or relative URL; null for anything else (as
     *  utils.safeUrl, which loads later). */
    function httpAddress(url) {
        if (typeof url !== 'string' || Array.prototype.every.call(url, function (c) { return c <= ' '; })) { return null; }
        try {
            const parsed = new URL(url, window.location.href);
            return SAFE_PROTOCOLS.indexOf(parsed.protocol) >= 0 ? parsed.href : null;
        } catch {
            return null;
        }
    }

    /** What kind of request a module's first load makes, or null when this file cannot tell. */
    function kindOf(module) {
        const types = Object.prototype.hasOwnProperty.call(FAMILIES, module.family) ? FAMILIES[module.family] : null;
        if (!types || typeof module.type !== 'string') { return null; }
        return Object.prototype.hasOwnProperty.call(types, module.type) ? types[module.type] : 'json';
    }

    /** Start the requests of a dashboard's modules (each distinct address and kind once): those
     *  the runtime will load, with a widget on the page that can be shown. */
    function start(dashboard) {
        const modules = dashboard && Array.isArray(dashboard.modules) ? dashboard.modules : [];
        const shown = new Set();
        document.querySelectorAll('.widget[data-guid]').forEach(function (el) {
            if (!el.hasAttribute('data-problem')) { shown.add(el.getAttribute('data-guid')); }
        });
        modules.forEach(function (module) {
            if (!module || typeof module !== 'object' || !shown.has(String(module.guid))) { return; }
            const kind = kindOf(module);
            // A data source with template variables ($env, ${env}, [[env]]) waits for their
            // values (js/controls.js).
            const templated = typeof module.dataSource === 'string' && /\$|\[\[/.test(module.dataSource);
            const address = kind && !templated ? httpAddress(module.dataSource) : null;
            const key = kind + ' ' + address;
            if (!address || early.has(key)) { return; }
            const pending = request(address, kind);
            pending.catch(function () {}); // handed over with its error; never "unhandled" here
            early.set(key, pending);
        });
    }

    jsondash.sources = {
        TIMEOUT_MS: TIMEOUT_MS,
        request: request,
        kindOf: kindOf,
        /** The request started for this address and kind when the page loaded, once; else null. */
        take: function (address, kind) {
            const key = kind + ' ' + address;
            const pending = early.get(key) || null;
            early.delete(key);
            return pending;
        },
        /** Drop the requests nobody took (the runtime calls it once its widgets have loaded): a
         *  later load of the same address fetches anew instead of getting an old answer. */
        forget: function () {
            early.clear();
        },
    };

    const source = document.getElementById('jsondash-config');
    if (source && source.tagName === 'SCRIPT') {
        try {
            start(JSON.parse(source.textContent));
        } catch {
            // The runtime reads the same JSON and says what is wrong with it.
        }
    }
}(window, document));
