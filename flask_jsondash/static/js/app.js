/* flask_jsondash: the dashboard runtime.
 *
 * It reads the dashboard's JSON from the page, fetches each distinct dataSource once (the first
 * requests were started by js/sources.js, before the libraries loaded), and hands each widget
 * its data through the renderer registry, drawing the widgets in view first (DrawQueue). It
 * knows no chart library: each family's file in renderers/ registers one function per chart
 * type with
 *
 *   jsondash.renderers.register('Family', {
 *       type: function (ctx) { ... },                  // fetches JSON
 *       other: {fetch: 'text' | false, render: fn},    // HTML text, or no fetch at all
 *   });
 *
 * A render function gets ctx = {el, data, config, width, height, override, onCleanup(fn),
 * captureGlobalListeners(fn), sourceUrl, trustedHtml, utils, requireGlobal(name, label, member),
 * fontFamily(), svg(label, existing)}: it draws `data` into `el` (width x height pixels) and
 * may return a promise. It throws jsondash.utils.DataError with a sentence for the user when
 * the data is not in the shape it needs, or its library is missing (requireGlobal).
 *
 * Data is never trusted: renderers put it into the page as text, and load only http(s) or
 * relative URLs (utils.safeUrl); a dataSource that is neither is refused here, before anything
 * is fetched. The one exception is HTML the host has said it trusts: the page's settings
 * (<script type="application/json" id="jsondash-settings">{"trustedHtml": true}</script>) make
 * ctx.trustedHtml true, and then the `custom` type's fragment goes into the page as it is (else it
 * is shown in a sandboxed iframe) and the Timeline family's text fields are HTML.
 */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash = window.jsondash || {};
    const utils = jsondash.utils;
    const DataError = utils.DataError;

    const EVENTS = {
        init: 'jsondash.init',
        editformLoaded: 'jsondash.editform.loaded',
        widgetAdded: 'jsondash.widget.added',
        widgetUpdated: 'jsondash.widget.updated',
        widgetDeleted: 'jsondash.widget.deleted',
        widgetRefresh: 'jsondash.widget.refresh',
        widgetReady: 'jsondash.widget.ready',
        widgetError: 'jsondash.widget.error',
        rowAdd: 'jsondash.row.add',
        rowDelete: 'jsondash.row.delete',
        preview: 'jsondash.preview',
    };

    /** Announce an event both ways: a DOM CustomEvent (addEventListener) and a jQuery
     *  event, whose dotted names jQuery reads as namespaces ($(document).on('jsondash.init')). */
    function emit(name, detail, target) {
        const node = target || document;
        node.dispatchEvent(new CustomEvent(name, {detail: detail, bubbles: true}));
        if (window.jQuery) {
            window.jQuery(node).trigger(name, [detail]);
        }
    }

    // Renderers ---------------------------------------------------------------------------

    const registry = {};

    function normalizeEntry(family, type, entry) {
        const spec = typeof entry === 'function' ? {render: entry} : Object.assign({}, entry);
        if (typeof spec.render !== 'function') {
            throw new TypeError('jsondash.renderers.register: ' + family + '/' + type + ' needs a render function.');
        }
        spec.fetch = spec.fetch === undefined ? 'json' : spec.fetch;
        spec.resize = spec.resize === undefined ? true : spec.resize;
        return spec;
    }

    const renderers = {
        /** Add or replace the renderers of one family's chart types. */
        register: function (family, types) {
            const entries = registry[family] = registry[family] || {};
            Object.keys(types).forEach(function (type) {
                entries[type] = normalizeEntry(family, type, types[type]);
            });
        },
        /** The renderer of a family's type, or null. */
        get: function (family, type) {
            return (registry[family] && registry[family][type]) || null;
        },
        /** {family: [types]} of everything registered. */
        list: function () {
            const out = {};
            Object.keys(registry).forEach(function (family) { out[family] = Object.keys(registry[family]); });
            return out;
        },
    };

    // Data sources --------------------------------------------------------------------------

    /** One request per distinct URL: widgets that share a dataSource share the response. */
    class SourceCache {
        constructor() { this.pending = {}; }

        get(url, kind, fresh) {
            const key = kind + ' ' + url;
            if (fresh || !this.pending[key]) {
                const request = fetchSource(url, kind);
                this.pending[key] = request;
                // A failed request is not kept, so "Try again" really tries again.
                request.catch(() => { if (this.pending[key] === request) { delete this.pending[key]; } });
            }
            return this.pending[key];
        }
    }

    async function fetchSource(url, kind) {
        // Only http(s) and relative URLs are ever fetched (the editor's preview comes here too).
        const address = utils.safeUrl(url, window.location.href);
        if (!address) { throw new DataError(utils.refusedUrlMessage(url)); }
        // The page started its widgets' first requests before the libraries loaded (sources.js).
        if (!jsondash.sources) { throw new DataError('This page lacks js/sources.js, which fetches the data.'); }
        const started = jsondash.sources.take(address, kind);
        let response;
        try {
            response = await (started || jsondash.sources.request(address, kind));
        } catch (err) {
            exchanges[kind + ' ' + address] = {url: address, error: err && err.reason, ms: err && err.ms, at: new Date()};
            if (err && err.reason === 'timeout') {
                throw new DataError('The data source did not answer within ' + (jsondash.sources.TIMEOUT_MS / 1000) + ' seconds.');
            }
            throw new DataError('Could not reach the data source. Check the URL, that its server is running, ' +
                'and that it allows requests from this page (CORS).');
        }
        exchanges[kind + ' ' + address] = {
            url: address,
            status: response.status,
            statusText: response.statusText,
            ms: response.ms,
            text: response.text,
            at: new Date(),
        };
        if (!response.ok) {
            throw new DataError(utils.describeHttpError(response.status, response.statusText));
        }
        return kind === 'text' ? response.text : utils.parseJsonText(response.text);
    }

    /** The last answer of each data request ({kind address: {url, status, statusText, ms,
     *  text, at}, or {url, error, ms, at}}): what a widget's "Inspect" shows. */
    const exchanges = {};

    /** Run fn and return its result; the listeners it adds to window and document are removed
     *  when the widget is cleaned up. For libraries that add global listeners (resize, keys)
     *  and never remove them, so each redraw would leave more behind. */
    function captureGlobalListeners(fn, onCleanup) {
        const added = [];
        const targets = [window, document];
        const saved = targets.map(function (target) {
            const own = Object.prototype.hasOwnProperty.call(target, 'addEventListener');
            const original = target.addEventListener;
            target.addEventListener = function (type, listener, options) {
                added.push([target, type, listener, options]);
                return original.call(this, type, listener, options);
            };
            return {own: own, original: original};
        });
        try {
            return fn();
        } finally {
            targets.forEach(function (target, i) {
                if (saved[i].own) { target.addEventListener = saved[i].original; } else { delete target.addEventListener; }
            });
            onCleanup(function () {
                added.forEach(function (entry) { entry[0].removeEventListener(entry[1], entry[2], entry[3]); });
            });
        }
    }

    // What render functions share (ctx.requireGlobal, ctx.fontFamily, ctx.svg) --------------

    const SVG_NS = 'http://www.w3.org/2000/svg';

    /** The font of the chart's element, for text drawn and measured in SVG or on a canvas. */
    function fontFamily(el) {
        return window.getComputedStyle(el).fontFamily || 'sans-serif';
    }

    /** An <svg> exactly the chart's size, in its element and removed at cleanup (or `existing`,
     *  one a library made there, given the same): viewBox 0 0 width height, role img, named
     *  after the widget (else `label`), display block, in the page's font. */
    function chartSvg(ctx, label, existing) {
        const svg = existing || document.createElementNS(SVG_NS, 'svg');
        svg.setAttribute('width', ctx.width);
        svg.setAttribute('height', ctx.height);
        svg.setAttribute('viewBox', '0 0 ' + ctx.width + ' ' + ctx.height);
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', ctx.config.name || label);
        svg.style.display = 'block';
        svg.style.fontFamily = ctx.fontFamily();
        if (!existing) { ctx.el.appendChild(svg); }
        ctx.onCleanup(function () { svg.remove(); });
        return svg;
    }

    function copyOf(payload) {
        if (payload === null || typeof payload !== 'object') { return payload; }
        return typeof structuredClone === 'function' ? structuredClone(payload) : JSON.parse(JSON.stringify(payload));
    }

    // Drawing -------------------------------------------------------------------------------

    // How long drawing goes on before the page answers input waiting for it, and before it
    // paints what is drawn (without a way to know of waiting input: DRAW_SLICE_MS).
    const DRAW_SLICE_MS = 50;
    const MAX_DRAW_SLICE_MS = 250;
    // The longest the scripts the page loads later (the editor) wait for the widgets to load.
    const LATER_WAIT_MS = 3000;
    // ... and the longest they then wait for the page to be idle.
    const LATER_IDLE_MS = 500;

    /** Whether an element is at least partly in the window. */
    function inView(el) {
        const rect = el.getBoundingClientRect();
        return rect.bottom > 0 && rect.right > 0 && rect.top < window.innerHeight && rect.left < window.innerWidth &&
            (rect.width > 0 || rect.height > 0);
    }

    /** Whether the user's input waits for the page (true when the browser cannot say). */
    function inputWaiting() {
        const scheduling = navigator.scheduling;
        return !(scheduling && typeof scheduling.isInputPending === 'function') || scheduling.isInputPending();
    }

    /**
     * Widgets whose data has arrived wait here to be drawn: those in view first, then in page
     * order. Drawing starts once the promise callbacks of the data that arrived together have
     * run (so it sees them all), in the same task: no frame is painted between one chart and the
     * next. It goes on in slices: a slice ends after DRAW_SLICE_MS when input is waiting, else
     * after MAX_DRAW_SLICE_MS; between slices the browser answers input and paints.
     *
     * A slice reads where every waiting widget is and its size before it draws any: drawing a
     * chart leaves the page's layout out of date, and a read after each chart would make the
     * browser lay the page out again, once per chart.
     */
    class DrawQueue {
        constructor() {
            this.waiting = [];
            this.scheduled = false;
        }

        /** Run draw(size) (it may return a promise) when widget's turn comes, with the size of
         *  the widget's body then (Widget.bodySize); resolves with its result. */
        add(widget, draw) {
            return new Promise((resolve) => {
                this.waiting.push({widget: widget, draw: draw, resolve: resolve});
                if (!this.scheduled) {
                    this.scheduled = true;
                    queueMicrotask(() => this.drawSlice());
                }
            });
        }

        /** Every waiting widget, those in view first, each with its body's size: all read
         *  before anything is drawn. */
        measured() {
            const items = this.waiting.map(function (item) {
                return Object.assign(item, {shown: inView(item.widget.el), size: item.widget.bodySize()});
            });
            return items.filter(function (item) { return item.shown; })
                .concat(items.filter(function (item) { return !item.shown; }));
        }

        drawSlice() {
            const started = performance.now();
            const batch = this.measured();
            this.waiting = [];
            while (batch.length) {
                const item = batch.shift();
                let result;
                try {
                    result = item.draw(item.size);
                } catch (err) {
                    result = Promise.reject(err);
                }
                item.resolve(result);
                const spent = performance.now() - started;
                if (spent > MAX_DRAW_SLICE_MS || (spent > DRAW_SLICE_MS && inputWaiting())) { break; }
            }
            // What the slice did not draw goes first next time (measured again then).
            this.waiting = batch.concat(this.waiting);
            if (this.waiting.length) {
                setTimeout(() => this.drawSlice(), 0);
            } else {
                this.scheduled = false;
            }
        }
    }

    // Widgets -------------------------------------------------------------------------------

    /** A new element with a class and (when given) a text. */
    function element(tag, className, text) {
        const el = document.createElement(tag);
        if (className) { el.className = className; }
        if (text !== undefined) { el.textContent = text; }
        return el;
    }

    function button(label, text, className) {
        const el = element('button', 'jd-icon-button ' + (className || ''), text);
        el.type = 'button';
        el.setAttribute('aria-label', label);
        el.title = label;
        return el;
    }

    class Widget {
        constructor(el, config, page) {
            this.el = el;
            this.config = config;
            this.page = page;
            this.guid = config.guid;
            this.status = 'loading';
            this.params = null;
            this.cleanups = [];
            this.loads = 0;
            this.payload = undefined;
            this.renderedSize = null;
            this.body = el.querySelector('.jd-widget-body');
            this.chartElement = null;
            this.buildControls();
            if (config.inputs && Array.isArray(config.inputs.options) && config.inputs.options.length) {
                this.setUpInputs(config.inputs);
            }
            this.startTimer();
            this.watchSize();
        }

        get url() {
            const source = this.resolved('dataSource', true);
            return this.params ? utils.withQuery(source, this.params) : source;
        }

        /** A field of the module with the dashboard's template variables filled in (js/controls.js;
         *  `url`: values URL-encoded). The variables it names that the dashboard does not define
         *  are kept in this.unknown. */
        resolved(field, url) {
            const text = this.config[field];
            if (!jsondash.controls || typeof text !== 'string') { return text; }
            const found = jsondash.controls.resolve(text, {url: url});
            if (field === 'dataSource') { this.unknown = found.unknown; }
            return found.text;
        }

        /** The module as drawn: its data source and name with the variables' values. */
        shownConfig() {
            if (!jsondash.controls) { return this.config; }
            return Object.assign({}, this.config, {dataSource: this.resolved('dataSource', true), name: this.resolved('name', false)});
        }

        /** The absolute http(s) URL of this widget's data, or null when its dataSource is not an
         *  http(s) or relative URL (then nothing may be fetched from it). */
        address() {
            try {
                return utils.safeUrl(this.url, window.location.href);
            } catch {
                return null; // withQuery could not read the dataSource as a URL
            }
        }

        entry() {
            const family = this.config.family;
            const entry = renderers.get(family, this.config.type);
            if (!entry) {
                throw new DataError('There is no renderer for "' + family + ' / ' + this.config.type +
                    '" on this page. Check the module\'s family and type.');
            }
            return entry;
        }

        setStatus(status, message) {
            this.status = status;
            this.el.setAttribute('data-status', status);
            this.el.setAttribute('aria-busy', status === 'loading' ? 'true' : 'false');
            if (message) { this.el.setAttribute('data-error', message); } else { this.el.removeAttribute('data-error'); }
        }

        buildControls() {
            const controls = this.el.querySelector('.jd-widget-controls');
            if (!controls) { return; }
            const name = this.config.name || 'chart';
            this.refreshButton = button('Refresh ' + name, '\u21bb', 'jd-refresh');
            this.refreshButton.addEventListener('click', () => this.refresh());
            const inspect = button('Inspect ' + name, '{ }', 'jd-inspect');
            inspect.addEventListener('click', () => this.inspect());
            this.fullscreenButton = button('View ' + name + ' full screen', '\u2922', 'jd-fullscreen');
            this.fullscreenButton.setAttribute('aria-pressed', 'false');
            this.fullscreenButton.addEventListener('click', () => this.toggleFullscreen());
            controls.append(this.refreshButton, inspect, this.fullscreenButton);
        }

        /** One widget over the whole window (Escape or the button again to go back). */
        toggleFullscreen(on) {
            const show = on === undefined ? !this.el.classList.contains('jd-widget-fullscreen') : on;
            if (show && fullscreenWidget && fullscreenWidget !== this) { fullscreenWidget.toggleFullscreen(false); }
            this.el.classList.toggle('jd-widget-fullscreen', show);
            document.documentElement.classList.toggle('jd-has-fullscreen', show);
            this.fullscreenButton.setAttribute('aria-pressed', String(show));
            const name = this.config.name || 'chart';
            this.fullscreenButton.setAttribute('aria-label', show ? 'Leave full screen' : 'View ' + name + ' full screen');
            this.fullscreenButton.title = this.fullscreenButton.getAttribute('aria-label');
            fullscreenWidget = show ? this : null;
            this.fullscreenButton.focus();
        }

        /** A dialog with this widget's data request: its URL, status, time and the raw data. */
        inspect() {
            const dialog = inspectDialog();
            const entry = (() => { try { return this.entry(); } catch { return null; } })();
            const kind = entry ? entry.fetch : 'json';
            const address = this.address();
            const exchange = kind && address ? exchanges[kind + ' ' + address] : null;
            dialog.querySelector('[data-role="inspect-title"]').textContent = 'Inspect \u201c' + (this.config.name || 'chart') + '\u201d';
            const facts = dialog.querySelector('[data-role="inspect-facts"]');
            facts.replaceChildren();
            const fact = function (term, value) {
                const dt = document.createElement('dt');
                dt.textContent = term;
                const dd = document.createElement('dd');
                dd.textContent = value;
                facts.append(dt, dd);
            };
            const raw = dialog.querySelector('[data-role="inspect-raw"]');
            const note = dialog.querySelector('[data-role="inspect-note"]');
            fact('Chart', this.config.family + ' / ' + this.config.type);
            if (!kind) {
                fact('Data source', this.config.dataSource || '');
                note.textContent = 'This chart type fetches nothing: it shows its data source directly.';
                raw.textContent = '';
            } else if (!exchange) {
                fact('Request', address || String(this.config.dataSource || ''));
                note.textContent = address ? 'Nothing has been received yet.' : utils.refusedUrlMessage(this.config.dataSource);
                raw.textContent = '';
            } else {
                fact('Request', 'GET ' + exchange.url);
                fact('Status', exchange.error ? (exchange.error === 'timeout' ? 'no answer (timed out)' : 'no answer (network error)')
                    : exchange.status + (exchange.statusText ? ' ' + exchange.statusText : ''));
                if (typeof exchange.ms === 'number') { fact('Time', Math.round(exchange.ms) + ' ms'); }
                if (typeof exchange.text === 'string') {
                    const length = exchange.text.length;
                    fact('Size', length < 1024 ? length + ' characters' : (length / 1024).toFixed(1) + ' K characters');
                }
                fact('Received', exchange.at.toLocaleTimeString());
                if (this.config.key) { fact('Shared data key', 'multicharts[' + JSON.stringify(this.config.key) + ']'); }
                note.textContent = typeof exchange.text === 'string' ? 'Raw data received:' : '';
                raw.textContent = typeof exchange.text === 'string' ? readable(exchange.text) : '';
            }
            raw.hidden = !raw.textContent;
            if (!dialog.open) { dialog.showModal(); }
            dialog.querySelector('[data-action="close"]').focus();
        }

        /** The inputs form: the page renders it (.chart-inputs); a widget the editor adds gets one built here. */
        setUpInputs(inputs) {
            let panel = this.el.querySelector('.chart-inputs');
            let toggle = this.el.querySelector('.jd-inputs-toggle');
            if (!panel || !toggle) {
                ({panel, toggle} = this.buildInputs(inputs));
            }
            const form = panel.querySelector('form');
            if (jsondash.controls) {
                // Defaults may use the dashboard's variables ("$env"): shown with their values.
                form.querySelectorAll('input:not([type="checkbox"]):not([type="radio"]), textarea').forEach(function (field) {
                    if (/\$|\[\[/.test(field.value)) { field.value = jsondash.controls.resolve(field.value, {}).text; }
                });
            }
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                if (!form.reportValidity()) { return; }
                this.params = utils.inputParams(inputs.options, this.formValues(form, inputs.options));
                this.load({fresh: true});
            });
            // The panel opens over the top of the chart (app.css), so the chart keeps its size.
            this.el.classList.add('jd-has-inputs');
            const open = (show) => {
                panel.hidden = !show;
                // "collapse" is the original's class: host pages with Bootstrap hide it.
                panel.classList.toggle('collapse', !show);
                toggle.setAttribute('aria-expanded', String(show));
                if (show) {
                    // Just below the header, and no taller than the widget leaves (it scrolls).
                    const top = this.body ? this.body.offsetTop : 0;
                    panel.style.top = top + 'px';
                    panel.style.maxHeight = Math.max(0, this.el.clientHeight - top) + 'px';
                    const first = form.querySelector('input, select');
                    if (first) { first.focus(); }
                }
            };
            toggle.addEventListener('click', () => open(panel.hidden));
            // Escape closes it and gives the focus back to the button (before a full-screen
            // widget, which Escape also leaves, sees the key).
            const closeOnEscape = (event) => {
                if (event.key !== 'Escape' || panel.hidden) { return; }
                event.preventDefault();
                event.stopPropagation();
                open(false);
                toggle.focus();
            };
            panel.addEventListener('keydown', closeOnEscape);
            toggle.addEventListener('keydown', closeOnEscape);
            this.form = form;
        }

        buildInputs(inputs) {
            const id = 'jd-inputs-' + this.guid;
            const toggle = button('Options for ' + (this.config.name || 'chart'), '\u2699', 'jd-inputs-toggle charts-input-icon');
            toggle.setAttribute('aria-expanded', 'false');
            toggle.setAttribute('aria-controls', id);
            const controls = this.el.querySelector('.jd-widget-controls');
            if (controls) { controls.insertBefore(toggle, controls.firstChild); }

            const panel = document.createElement('div');
            panel.className = 'chart-inputs collapse jd-interactive';
            panel.id = id;
            panel.hidden = true;
            const form = document.createElement('form');
            form.className = 'jd-widget-inputs';
            inputs.options.forEach((option, index) => {
                if (option && option.name) { form.appendChild(this.buildInput(option, index)); }
            });
            const submit = document.createElement('button');
            submit.type = 'submit';
            submit.className = (inputs.btn_classes && inputs.btn_classes.length ? inputs.btn_classes : ['jd-button', 'jd-button-primary']).join(' ');
            submit.textContent = inputs.submit_text || 'Apply';
            form.appendChild(submit);
            panel.appendChild(form);
            this.el.insertBefore(panel, this.body);
            return {panel: panel, toggle: toggle};
        }

        buildInput(option, index) {
            const id = 'jd-input-' + this.guid + '-' + index;
            const wrapper = document.createElement('div');
            wrapper.className = 'jd-input';
            const type = option.type || 'text';
            const classes = option.input_classes || [];
            const label = option.label || option.name;
            let control;
            if (type === 'radio') {
                control = document.createElement('fieldset');
                const legend = document.createElement('legend');
                legend.textContent = label;
                control.appendChild(legend);
                (option.options || []).forEach((pair, i) => {
                    const choice = document.createElement('label');
                    choice.className = 'jd-input-choice input-radio';
                    const radio = document.createElement('input');
                    radio.type = 'radio';
                    radio.name = option.name;
                    radio.value = String(pair[0]);
                    radio.checked = String(pair[0]) === String(option.default);
                    radio.id = id + '-' + i;
                    choice.appendChild(radio);
                    choice.appendChild(document.createTextNode(' ' + pair[1]));
                    control.appendChild(choice);
                });
                wrapper.appendChild(control);
            } else {
                const labelEl = document.createElement('label');
                labelEl.htmlFor = id;
                labelEl.textContent = label;
                if (type === 'select') {
                    control = document.createElement('select');
                    (option.options || []).forEach((pair) => {
                        const item = document.createElement('option');
                        item.value = String(pair[0]);
                        item.textContent = String(pair[1]);
                        item.selected = String(pair[0]) === String(option.default);
                        control.appendChild(item);
                    });
                } else {
                    control = document.createElement('input');
                    control.type = type;
                    if (type === 'checkbox') {
                        control.checked = option.default === true || option.default === 'true';
                    } else if (option.default !== undefined && option.default !== null) {
                        control.value = String(option.default);
                    }
                    if (option.placeholder !== undefined && option.placeholder !== null) {
                        control.placeholder = String(option.placeholder);
                    }
                    if (option.validator_regex) { control.pattern = option.validator_regex; }
                }
                control.id = id;
                control.name = option.name;
                if (type === 'checkbox') {
                    wrapper.classList.add('jd-input-checkbox');
                    wrapper.appendChild(control);
                    wrapper.appendChild(labelEl);
                } else {
                    wrapper.appendChild(labelEl);
                    wrapper.appendChild(control);
                }
            }
            // A class "a b" is two classes (classList.add would throw on the space).
            classes.forEach(function (name) {
                String(name).split(/\s+/).filter(Boolean).forEach(function (token) { control.classList.add(token); });
            });
            if (option.help_text) {
                const help = document.createElement('small');
                help.className = 'jd-input-help';
                help.id = id + '-help';
                help.textContent = option.help_text;
                control.setAttribute('aria-describedby', help.id);
                wrapper.appendChild(help);
            }
            return wrapper;
        }

        formValues(form, options) {
            const values = {};
            options.forEach(function (option) {
                if (!option || !option.name) { return; }
                const fields = form.elements[option.name];
                if (!fields) { return; }
                if (option.type === 'checkbox') {
                    values[option.name] = fields.checked;
                } else if (option.type === 'radio') {
                    const checked = form.querySelector('input[name="' + CSS.escape(option.name) + '"]:checked');
                    values[option.name] = checked ? checked.value : null;
                } else {
                    values[option.name] = fields.value;
                }
            });
            return values;
        }

        startTimer() {
            const interval = this.config.refresh ? utils.refreshInterval(this.config.refreshInterval) : null;
            if (!interval) { return; }
            this.timer = window.setInterval(() => {
                // Skip a tick while the tab is hidden or the last load is still running.
                if (document.hidden || this.status === 'loading') { return; }
                this.refresh();
            }, interval);
        }

        watchSize() {
            if (typeof ResizeObserver !== 'function' || !this.body) { return; }
            let pending = null;
            this.resizeObserver = new ResizeObserver(() => {
                window.clearTimeout(pending);
                pending = window.setTimeout(() => this.onResize(), 150);
            });
            this.resizeObserver.observe(this.body, {box: 'border-box'});
        }

        onResize() {
            if (this.status !== 'ready' || this.payload === undefined || !this.renderedSize) { return; }
            const size = this.bodySize();
            if (Math.abs(size.width - this.renderedSize.width) < 3 && Math.abs(size.height - this.renderedSize.height) < 3) {
                return;
            }
            this.redraw(true);
        }

        /** Draw the data it has again (resized, or the theme or the timezone changed); `resizing`:
         *  only if its renderer draws to the widget's size. */
        redraw(resizing) {
            if (this.status !== 'ready' || this.payload === undefined) { return; }
            let entry;
            try { entry = this.entry(); } catch { return; }
            if (resizing && !entry.resize) { return; }
            this.draw(entry, copyOf(this.payload)).catch((err) => this.fail(err));
        }

        bodySize() {
            const style = window.getComputedStyle(this.body);
            const padX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            const padY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
            const rect = this.body.getBoundingClientRect();
            return {
                width: Math.max(Math.floor(rect.width - padX), 50),
                height: Math.max(Math.floor(rect.height - padY), 50),
            };
        }

        refresh() {
            emit(EVENTS.widgetRefresh, {guid: this.guid, config: this.config}, this.el);
            return this.load({fresh: true});
        }

        /** The title with the variables' values (a title may say "$host"), and the names of the
         *  header's buttons ("Refresh Metrics for prod") with it. */
        showName() {
            const title = this.el.querySelector('.jd-widget-title');
            const name = this.resolved('name', false);
            if (!title || typeof name !== 'string') { return; }
            const before = title.textContent || 'chart';
            const after = name || 'chart';
            if (before === after) { return; }
            title.textContent = name;
            this.el.querySelectorAll('.jd-widget-header button[aria-label]').forEach(function (el) {
                const label = el.getAttribute('aria-label');
                const at = label.lastIndexOf(before);
                if (at < 0) { return; }
                const renamed = label.slice(0, at) + after + label.slice(at + before.length);
                if (el.title === label) { el.title = renamed; }
                el.setAttribute('aria-label', renamed);
            });
        }

        /** Fetch this widget's data (shared with widgets on the same URL) and draw it. */
        async load(options) {
            const fresh = Boolean(options && options.fresh) || Boolean(this.params);
            const load = ++this.loads;
            const hadChart = this.status === 'ready';
            this.setStatus('loading');
            if (!hadChart) { this.showLoading(); }
            try {
                // Set by the page for a module it could not lay out (no width, height or dataSource).
                const problem = this.el.getAttribute('data-problem');
                if (problem) { throw new DataError('This widget cannot be shown: ' + problem + '.'); }
                const missing = this.page.missing[this.config.family];
                if (missing) { throw new DataError(missing); }
                const entry = this.entry();
                let payload = null;
                if (jsondash.controls) { this.showName(); }
                this.lastAddress = this.address();
                if (this.unknown && this.unknown.length) {
                    throw new DataError('This widget\'s data source uses ' + this.unknown.map(function (n) { return '$' + n; }).join(', ') +
                        ', which this dashboard does not define (its variables are in "templating").');
                }
                if (entry.fetch) {
                    const address = this.address();
                    if (!address) { throw new DataError(utils.refusedUrlMessage(this.config.dataSource)); }
                    payload = await this.page.sources.get(address, entry.fetch, fresh);
                    if (load !== this.loads) { return; }
                    payload = utils.pickShared(payload, this.config.key);
                }
                this.payload = payload;
                await this.page.drawing.add(this, (size) => (load === this.loads ? this.draw(entry, copyOf(payload), size) : null));
                if (load !== this.loads) { return; }
                this.setStatus('ready');
                this.el.setAttribute('data-loaded-at', new Date().toISOString());
                if (jsondash.api) { jsondash.api.runCallbacks(this.guid, this.chartElement, this.config); }
                emit(EVENTS.widgetReady, {guid: this.guid, config: this.config}, this.el);
            } catch (err) {
                if (load === this.loads) { this.fail(err); }
            }
        }

        /** Draw payload with the widget's renderer; `size` is the body's (bodySize()), when the
         *  caller has read it already. */
        async draw(entry, payload, size) {
            size = size || this.bodySize();
            this.cleanup();
            const chart = document.createElement('div');
            chart.className = 'jd-chart';
            this.body.replaceChildren(chart);
            this.chartElement = chart;
            this.renderedSize = size;
            const ctx = {
                el: chart,
                data: payload,
                config: this.shownConfig(),
                width: size.width,
                height: size.height,
                override: this.config.override === true,
                // Relative URLs in a payload are read against this; for a type that fetches
                // nothing and whose dataSource is no URL (youtube's embed code), the page.
                sourceUrl: this.address() || window.location.href,
                trustedHtml: this.page.settings().trustedHtml,
                timezone: dashboardTimezone(),
                utils: utils,
                onCleanup: (fn) => { this.cleanups.push(fn); },
            };
            ctx.captureGlobalListeners = (fn) => captureGlobalListeners(fn, ctx.onCleanup);
            ctx.requireGlobal = (name, label, member) => {
                try {
                    return utils.requireGlobal(window, name, label, member);
                } catch (err) {
                    err.missingLibrary = true;
                    throw err;
                }
            };
            ctx.fontFamily = () => fontFamily(chart);
            ctx.svg = (label, existing) => chartSvg(ctx, label, existing);
            try {
                await entry.render(ctx);
            } catch (err) {
                // The renderer refused the data: its shape is wrong (fail() quotes an example).
                if (isDataError(err) && !err.missingLibrary) { err.wrongShape = true; }
                throw err;
            }
        }

        cleanup() {
            const cleanups = this.cleanups;
            this.cleanups = [];
            cleanups.forEach(function (fn) {
                try { fn(); } catch (err) { console.warn('jsondash: cleanup failed', err); }
            });
        }

        showLoading() {
            const box = document.createElement('p');
            box.className = 'jd-widget-loading';
            box.innerHTML = '<span class="jd-spinner" aria-hidden="true"></span> Loading\u2026';
            this.body.replaceChildren(box);
        }

        fail(err) {
            const isData = isDataError(err);
            const message = isData ? err.message : 'This chart could not be drawn: ' + ((err && err.message) || String(err));
            if (!isData) { console.warn('jsondash: widget "' + this.guid + '" failed to render:', err); }
            this.cleanup();
            this.payload = undefined;
            const box = element('div', 'jd-widget-error');
            box.setAttribute('role', 'alert');
            const title = element('p', 'jd-widget-error-title', 'Could not show this chart');
            const text = element('p', 'jd-widget-error-message', message);
            const source = element('p', 'jd-widget-error-source', this.config.dataSource || '');
            const retry = element('button', 'jd-button jd-button-small jd-interactive', 'Try again');
            retry.type = 'button';
            retry.addEventListener('click', () => this.refresh());
            box.append(title, text, source, retry);
            this.body.replaceChildren(box);
            this.chartElement = null;
            this.setStatus('error', message);
            if (err && err.wrongShape && this.config.override !== true) { this.quoteExample(box, message, retry); }
            emit(EVENTS.widgetError, {guid: this.guid, config: this.config, message: message}, this.el);
        }

        /** Data of the wrong shape: add the example of the right one that docs/schemas.md
         *  gives for this chart type (data/shapes.json, fetched the first time it is needed). */
        quoteExample(box, message, before) {
            shapeExamples().then((shapes) => {
                const family = shapes && utils.isPlainObject(shapes[this.config.family]) ? shapes[this.config.family] : {};
                const example = Object.prototype.hasOwnProperty.call(family, this.config.type) ? family[this.config.type] : null;
                if (typeof example !== 'string' || !box.isConnected || message.indexOf(example) >= 0) { return; }
                box.insertBefore(element('p', 'jd-widget-error-example-lead', 'Expected, for example:'), before);
                box.insertBefore(element('pre', 'jd-widget-error-example', example), before);
            });
        }

        /** Stop timers and observers and clear the chart (the editor removes widgets). */
        destroy() {
            window.clearInterval(this.timer);
            if (this.resizeObserver) { this.resizeObserver.disconnect(); }
            this.loads++;
            this.cleanup();
        }
    }

    // The page ------------------------------------------------------------------------------

    /**
     * The host's settings for the runtime, from the dashboard page's
     * <script type="application/json" id="jsondash-settings">: {trustedHtml: bool}. Absent or
     * unreadable, everything is off. Read once, before any widget draws, so nothing a widget
     * puts into the page can change them.
     */
    function readSettings() {
        const settings = {trustedHtml: false};
        const source = document.getElementById('jsondash-settings');
        if (!source || source.tagName !== 'SCRIPT') { return settings; }
        try {
            const given = JSON.parse(source.textContent);
            settings.trustedHtml = utils.isPlainObject(given) && given.trustedHtml === true;
        } catch (err) {
            console.warn('jsondash: the page\'s settings (#jsondash-settings) are not valid JSON; using the defaults.', err);
        }
        return settings;
    }

    /** How time axes show times: 'utc' or 'browser' as the dashboard's "timezone" says (the
     *  controls bar's, which a dashboard using it may change; its default is the browser's), or
     *  null when the dashboard leaves it to each library, as the original did. */
    function dashboardTimezone() {
        if (jsondash.controls) { return jsondash.controls.state.timezone === 'utc' ? 'utc' : 'browser'; }
        return chosenTimezone !== undefined ? chosenTimezone : utils.timezoneOf(jsondash.dashboard && jsondash.dashboard.timezone);
    }

    let chosenTimezone;  // set by setTimezone (the editor's settings), over the document's

    /** Show times as a dashboard whose "timezone" is `zone` does, from now on: the controls
     *  bar's picker, the widgets' URLs that use the time range, and every chart drawn. */
    function setTimezone(zone) {
        chosenTimezone = utils.timezoneOf(zone);
        if (jsondash.controls) { jsondash.controls.setTimezone(chosenTimezone); }
        redrawAll();
    }

    /** Draw every drawn widget again from the data it has (a widget loading stays as it is),
     *  once for all that asked before the next frame. */
    let redrawing = false;
    function redrawAll() {
        if (redrawing) { return; }
        redrawing = true;
        requestAnimationFrame(function () {
            redrawing = false;
            Object.keys(jsondash.widgets).forEach(function (guid) { jsondash.widgets[guid].redraw(false); });
        });
    }

    // The charts take their colours from the theme when they are drawn (js/theme.js).
    document.addEventListener('jsondash:theme', redrawAll);

    /** The widget shown full screen, if one is. */
    let fullscreenWidget = null;
    document.addEventListener('keydown', function (event) {
        if (event.key === 'Escape' && fullscreenWidget && !document.querySelector('dialog[open]')) {
            fullscreenWidget.toggleFullscreen(false);
        }
    });

    /** Received text as it is, or indented if it is JSON (a list of numbers or words on one
     *  line); at most MAX_SHOWN characters. */
    const MAX_SHOWN = 200000;
    function readable(text) {
        let shown = text;
        try {
            shown = JSON.stringify(JSON.parse(text), null, 2).replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, function (all, items) {
                return '[' + items.split(/,\n\s*/).join(', ') + ']';
            });
        } catch {
            shown = text;
        }
        return shown.length > MAX_SHOWN ? shown.slice(0, MAX_SHOWN) + '\n\u2026 (' + shown.length + ' characters in all)' : shown;
    }

    /** The inspect dialog, made once per page. */
    function inspectDialog() {
        let dialog = document.getElementById('jd-inspect-dialog');
        if (dialog) { return dialog; }
        dialog = document.createElement('dialog');
        dialog.id = 'jd-inspect-dialog';
        dialog.className = 'jsondash jd-dialog jd-inspect-dialog';
        dialog.setAttribute('aria-labelledby', 'jd-inspect-title');
        const body = element('div', 'jd-dialog-body');
        const title = element('h2', 'jd-dialog-title');
        title.id = 'jd-inspect-title';
        title.dataset.role = 'inspect-title';
        const facts = element('dl', 'jd-inspect-facts');
        facts.dataset.role = 'inspect-facts';
        const note = element('p', 'jd-muted');
        note.dataset.role = 'inspect-note';
        const raw = element('pre', 'jd-inspect-raw');
        raw.dataset.role = 'inspect-raw';
        raw.tabIndex = 0;
        const actions = element('div', 'jd-actions jd-dialog-actions');
        const close = element('button', 'jd-button', 'Close');
        close.type = 'button';
        close.dataset.action = 'close';
        close.addEventListener('click', function () { dialog.close(); });
        actions.appendChild(close);
        body.append(title, facts, note, raw, actions);
        dialog.appendChild(body);
        (document.getElementById('jsondash-dashboard') || document.body).appendChild(dialog);
        return dialog;
    }

    function isDataError(err) {
        return err instanceof DataError || Boolean(err && err.name === 'DataError');
    }

    let shapes = null;
    /** {family: {type: example}} of docs/schemas.md (null when the page does not say where
     *  they are, or they cannot be read): asked for once, when a widget first needs one. */
    function shapeExamples() {
        if (!shapes) {
            const root = document.getElementById('jsondash-dashboard');
            const url = root ? root.getAttribute('data-shapes') : null;
            shapes = !url ? Promise.resolve(null) : fetch(url, {credentials: 'same-origin'})
                .then(function (response) { return response.ok ? response.json() : null; })
                .catch(function () { return null; });
        }
        return shapes;
    }

    let settings = null;
    const page = {
        sources: new SourceCache(),
        drawing: new DrawQueue(),
        missing: {},
        settings: function () {
            if (!settings) {
                settings = Object.freeze(readSettings());
                jsondash.settings = settings;
            }
            return settings;
        },
    };
    jsondash.widgets = {};
    jsondash.dashboard = null;

    function widgetElement(guid) {
        return document.querySelector('.widget[data-guid="' + CSS.escape(guid) + '"]');
    }

    /** Stop a widget and forget it (its element stays; the editor removes or replaces it). */
    function stopWidget(guid) {
        const widget = jsondash.widgets[guid];
        if (widget) {
            widget.destroy();
            delete jsondash.widgets[guid];
        }
    }

    /** Start a widget for a module whose element is on the page; returns the Widget. */
    function startWidget(config) {
        const el = widgetElement(config.guid);
        if (!el) { return null; }
        if (jsondash.widgets[config.guid]) { jsondash.widgets[config.guid].destroy(); }
        const widget = new Widget(el, config, page);
        jsondash.widgets[config.guid] = widget;
        widget.started = widget.load();
        return widget;
    }

    /**
     * Check once that the libraries of the page's chart families defined their globals (the
     * families' manifests say which), and say so at the top of the page for those that did not,
     * instead of only in each of their widgets.
     */
    function checkLibraries() {
        const source = document.getElementById('jsondash-families');
        if (!source) { return; }
        page.missing = utils.missingLibraries(window, JSON.parse(source.textContent));
        const sentences = Object.keys(page.missing).map(function (name) { return page.missing[name]; });
        if (!sentences.length) { return; }
        const box = element('div', 'jd-alert jd-alert-error jd-libraries-missing');
        box.setAttribute('role', 'alert');
        sentences.forEach(function (sentence) { box.appendChild(element('p', '', sentence)); });
        box.appendChild(element('p', 'jd-muted',
            'If this repeats, the files are not being served: run `make vendor`, or set JSONDASH_CDN = True.'));
        const dashboardEl = document.getElementById('jsondash-dashboard');
        const widgets = document.getElementById('container');
        if (dashboardEl && widgets) { dashboardEl.insertBefore(box, widgets); }
    }

    /** Read the dashboard from the page and load every widget. Runs once. */
    function init() {
        if (jsondash.dashboard) { return jsondash.dashboard; }
        const source = document.getElementById('jsondash-config');
        if (!source) { return null; }
        const dashboard = JSON.parse(source.textContent);
        jsondash.dashboard = dashboard;
        page.settings();
        checkLibraries();
        if (jsondash.controls) {
            // The controls bar first: the widgets' URLs need the variables' values.
            jsondash.controls.start(dashboard).catch(function (err) {
                console.warn('jsondash: the dashboard controls could not start', err);
            }).then(function () { startAll(dashboard); });
            return dashboard;
        }
        startAll(dashboard);
        return dashboard;
    }

    function startAll(dashboard) {
        const started = (dashboard.modules || []).map(startWidget).filter(Boolean);
        emit(EVENTS.init, {dashboard: dashboard, widgets: jsondash.widgets});
        afterFirstLoads(started, function () {
            if (jsondash.sources) { jsondash.sources.forget(); }
            // Once the charts are on the screen: the editor's scripts take tens of ms to run,
            // which would otherwise come between the last chart drawn and its painting.
            if (typeof jsondash.loadLater === 'function') { afterPaint(jsondash.loadLater); }
        });
    }

    /** After a control changed: load again the widgets whose data source is now another. */
    function refreshChanged() {
        Object.keys(jsondash.widgets).forEach(function (guid) {
            const widget = jsondash.widgets[guid];
            if (widget.address() !== widget.lastAddress) {
                widget.load({});
            } else if (jsondash.controls) {
                widget.showName();
            }
        });
    }

    /** The dashboard-wide refresh: every widget's data again, each distinct URL fetched once. */
    function refreshAll() {
        page.sources.pending = {};
        Object.keys(jsondash.widgets).forEach(function (guid) { jsondash.widgets[guid].load({}); });
    }

    /** Run fn once every widget has loaded (drawn or failed), or after LATER_WAIT_MS: what the
     *  page loads later (the editor, js/loader.js) waits for the charts, but not for a slow source. */
    function afterFirstLoads(widgets, fn) {
        const loaded = Promise.allSettled(widgets.map(function (widget) { return widget.started; }));
        const waited = new Promise(function (resolve) { setTimeout(resolve, LATER_WAIT_MS); });
        Promise.race([loaded, waited]).then(function () { fn(); });
    }

    /** Run fn after the next frame is painted, when the page is idle (within LATER_IDLE_MS). */
    function afterPaint(fn) {
        requestAnimationFrame(function () {
            if (typeof requestIdleCallback === 'function') {
                requestIdleCallback(function () { fn(); }, {timeout: LATER_IDLE_MS});
            } else {
                setTimeout(fn, 0);
            }
        });
    }

    /** Run fn once the page's HTML is parsed (now, if it already is). */
    function ready(fn) {
        if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', fn, {once: true});
        } else {
            fn();
        }
    }

    Object.assign(jsondash, {
        EVENTS: EVENTS,
        emit: emit,
        init: init,
        ready: ready,
        renderers: renderers,
        startWidget: startWidget,
        stopWidget: stopWidget,
        refreshChanged: refreshChanged,
        refreshAll: refreshAll,
        redrawAll: redrawAll,
        setTimezone: setTimezone,
        timezone: dashboardTimezone,
        fetchSource: fetchSource,
        Widget: Widget,
        DataError: DataError,
        refresh: function (guid) {
            const widget = jsondash.widgets[guid];
            return widget ? widget.refresh() : Promise.resolve();
        },
    });
}(window, document));
