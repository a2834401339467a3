/* flask_jsondash renderers: Vega (vega-lite), drawn with vega-embed 7 (Vega 6, Vega-Lite 6).
 *
 * Data: a Vega-Lite spec, e.g. {"data": {"values": [...]}, "mark": "bar", "encoding": {...}}. A
 * relative data "url" (e.g. "data/cars.json") is read from the data source's folder. Specs written
 * for Vega-Lite 2-4 are updated where they would break: the old "$schema" is dropped,
 * scale.rangeStep becomes width/height {"step": n}, config.cell becomes config.view, and
 * "selection" becomes "params". A spec whose "$schema" is a Vega (not Vega-Lite) schema is drawn as
 * Vega. Single views are fitted to the widget; facets, repeats and concatenations are drawn again
 * with cells sized to fill it and, if still too big, scaled down to fit.
 * With override: true the payload is {"spec": <spec>, "options": {<vega-embed options>}} (or just
 * a spec); the options are applied over the defaults (actions off, SVG renderer).
 *
 * Vega draws text as text. What else could put the payload's markup or addresses into the page
 * is kept out: every URL Vega loads or links to (data, images, href) must be http(s) or relative;
 * the spec's usermeta.embedOptions (which vega-embed would apply over these options) are dropped;
 * and of the override's options, the HTML ones (sourceHeader, sourceFooter, a defaultStyle text)
 * and the "View Source"/"View Compiled" actions, which write the spec into a page of this origin
 * unescaped, are left out, as is a loader of the payload's own.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const COMPOSITE_KEYS = ['facet', 'repeat', 'concat', 'hconcat', 'vconcat'];
    const FACET_CHANNELS = ['row', 'column', 'facet'];
    // Vega-Lite's default cell sizes, and the smallest cells still worth reading.
    const CELL = {width: 200, height: 200, step: 20};
    const MIN_CELL = {width: 80, height: 60, step: 6};
    const MIN_FACTOR = {x: MIN_CELL.width / CELL.width, y: MIN_CELL.height / CELL.height};
    const MAX_FACTOR = 3;
    const MAX_PASSES = 3;
    // Thrown to stop drawing a chart whose widget was cleared meanwhile; never shown.
    const REPLACED = new Error('replaced');

    function libraries() {
        const embed = window.vegaEmbed;
        const fn = typeof embed === 'function' ? embed : embed && (embed.embed || embed.default);
        if (typeof fn !== 'function' || typeof window.vega === 'undefined' || typeof window.vegaLite === 'undefined') {
            throw new DataError('The Vega libraries (vega, vega-lite, vega-embed) did not load on this page.');
        }
        return {embed: fn, vega: window.vega};
    }

    // Spec updates -------------------------------------------------------------------------

    function isVegaSchema(spec) {
        return typeof spec.$schema === 'string' && /\/schema\/vega\//.test(spec.$schema);
    }

    /** The spec without a "$schema" of an older version, which only makes vega-embed warn. */
    function withoutOldSchema(spec, library) {
        const out = Object.assign({}, spec);
        const match = typeof out.$schema === 'string' && out.$schema.match(new RegExp('/schema/' + library + '/v(\\d+)'));
        if (match && Number(match[1]) < 6) { delete out.$schema; }
        return out;
    }

    /** A spec for Vega-Lite 6 from one written for an older Vega-Lite. */
    function modernSpec(spec) {
        // Selections declared with "empty": "none" keep that meaning where they are used.
        const state = {emptyNone: {}};
        const out = withoutOldSchema(modernView(spec, state), 'vega-lite');
        if (utils.isPlainObject(out.config)) { out.config = modernConfig(out.config); }
        return out;
    }

    /** Update one (unit or composite) view and the views inside it. */
    function modernView(view, state) {
        if (!utils.isPlainObject(view)) { return view; }
        const out = Object.assign({}, view);
        if (utils.isPlainObject(out.encoding)) { moveRangeSteps(out); }
        if (utils.isPlainObject(out.selection)) { selectionsToParams(out, state); }
        if (out.spec) { out.spec = modernView(out.spec, state); }
        ['layer', 'concat', 'hconcat', 'vconcat'].forEach(function (key) {
            if (Array.isArray(out[key])) { out[key] = out[key].map(function (inner) { return modernView(inner, state); }); }
        });
        if (out.encoding) { out.encoding = renameSelectionRefs(out.encoding, state); }
        if (Array.isArray(out.transform)) { out.transform = renameSelectionRefs(out.transform, state); }
        return out;
    }

    /** Vega-Lite 2's encoding.x.scale.rangeStep is the view's width: {"step": n} since v4. */
    function moveRangeSteps(view) {
        const encoding = Object.assign({}, view.encoding);
        [['x', 'width'], ['y', 'height']].forEach(function (pair) {
            const channel = encoding[pair[0]];
            if (!utils.isPlainObject(channel) || !utils.isPlainObject(channel.scale) || !('rangeStep' in channel.scale)) {
                return;
            }
            const scale = Object.assign({}, channel.scale);
            const step = scale.rangeStep;
            delete scale.rangeStep;
            encoding[pair[0]] = Object.assign({}, channel, {scale: scale});
            if (typeof step === 'number' && view[pair[1]] === undefined) { view[pair[1]] = {step: step}; }
        });
        view.encoding = encoding;
    }

    /** Vega-Lite 2-4 selections {"name": {"type": "interval", ...}} are params since v5. */
    function selectionsToParams(view, state) {
        const params = Array.isArray(view.params) ? view.params.slice() : [];
        Object.keys(view.selection).forEach(function (name) {
            const old = Object.assign({}, view.selection[name]);
            const param = {name: name};
            if ('bind' in old) { param.bind = old.bind; delete old.bind; }
            if ('init' in old) {
                param.value = old.type !== 'interval' && !Array.isArray(old.init) ? [old.init] : old.init;
                delete old.init;
            }
            if (old.empty === 'none') { state.emptyNone[name] = true; }
            delete old.empty;
            const type = old.type === 'interval' ? 'interval' : 'point';
            if (old.type === 'single' && !('toggle' in old)) { old.toggle = false; }
            delete old.type;
            param.select = Object.assign({type: type}, old);
            params.push(param);
        });
        view.params = params;
        delete view.selection;
    }

    /** {"selection": "brush"} becomes {"param": "brush"}; and/or/not of selections become a
     *  "test" in conditions and the predicate itself in filters. */
    function renameSelectionRefs(value, state) {
        if (Array.isArray(value)) { return value.map(function (item) { return renameSelectionRefs(item, state); }); }
        if (!utils.isPlainObject(value)) { return value; }
        const out = {};
        const alone = Object.keys(value).length === 1;
        Object.keys(value).forEach(function (key) {
            const item = value[key];
            if (key === 'selection' && typeof item === 'string') {
                Object.assign(out, paramRef(item, state));
            } else if (key === 'selection' && utils.isPlainObject(item)) {
                if (alone) { Object.assign(out, selectionLogic(item, state)); } else { out.test = selectionLogic(item, state); }
            } else {
                out[key] = renameSelectionRefs(item, state);
            }
        });
        return out;
    }

    function paramRef(name, state) {
        return state.emptyNone[name] ? {param: name, empty: false} : {param: name};
    }

    function selectionLogic(item, state) {
        if (typeof item === 'string') { return paramRef(item, state); }
        if (!utils.isPlainObject(item)) { return item; }
        const out = {};
        Object.keys(item).forEach(function (op) {
            out[op] = Array.isArray(item[op])
                ? item[op].map(function (inner) { return selectionLogic(inner, state); })
                : selectionLogic(item[op], state);
        });
        return out;
    }

    function modernConfig(config) {
        const out = Object.assign({}, config);
        if (utils.isPlainObject(out.cell)) {
            const view = Object.assign({}, out.cell, out.view || {});
            if ('width' in view) { view.continuousWidth = view.width; delete view.width; }
            if ('height' in view) { view.continuousHeight = view.height; delete view.height; }
            out.view = view;
            delete out.cell;
        }
        if (utils.isPlainObject(out.scale) && 'rangeStep' in out.scale) {
            const scale = Object.assign({}, out.scale);
            if (typeof scale.rangeStep === 'number') { out.view = Object.assign({step: scale.rangeStep}, out.view || {}); }
            delete scale.rangeStep;
            out.scale = scale;
        }
        return out;
    }

    const MARKS = ['arc', 'area', 'bar', 'image', 'line', 'point', 'rect', 'rule', 'text', 'tick', 'trail',
        'circle', 'square', 'geoshape', 'boxplot', 'errorband', 'errorbar'];

    /** Vega-Lite fails on an unknown mark with a message about its internals; say it plainly. */
    function checkMarks(view) {
        if (!utils.isPlainObject(view)) { return; }
        if ('mark' in view) {
            const mark = utils.isPlainObject(view.mark) ? view.mark.type : view.mark;
            if (MARKS.indexOf(mark) < 0) {
                throw new DataError('"' + mark + '" is not a Vega-Lite mark; use one of: ' + MARKS.join(', ') + '.');
            }
        }
        ['spec'].concat(COMPOSITE_KEYS, ['layer']).forEach(function (key) {
            const inner = view[key];
            if (Array.isArray(inner)) { inner.forEach(checkMarks); } else if (key === 'spec') { checkMarks(inner); }
        });
    }

    // Sizing -------------------------------------------------------------------------------

    function isComposite(spec) {
        if (COMPOSITE_KEYS.some(function (key) { return key in spec; })) { return true; }
        const encoding = spec.encoding || {};
        return FACET_CHANNELS.some(function (key) { return key in encoding; });
    }

    function isStep(size) {
        return utils.isPlainObject(size) && 'step' in size;
    }

    function hasStep(spec) {
        return isStep(spec.width) || isStep(spec.height);
    }

    function withoutSteps(spec) {
        const out = Object.assign({}, spec);
        if (isStep(out.width)) { delete out.width; }
        if (isStep(out.height)) { delete out.height; }
        return out;
    }

    /** Draw, measure, and draw again with cells sized so the whole fills the box. */
    async function drawComposite(ctx, spec, draw) {
        const xs = [];
        const ys = [];
        let fx = 1;
        let fy = 1;
        for (let pass = 0; pass < MAX_PASSES; pass++) {
            await draw(withCellScale(spec, fx, fy));
            const size = drawnSize(ctx.el);
            if (!size || fits(size, ctx) || pass === MAX_PASSES - 1) { return; }
            xs.push({factor: fx, size: size.width});
            ys.push({factor: fy, size: size.height});
            const nx = nextFactor(xs, ctx.width, MIN_FACTOR.x, MAX_FACTOR);
            const ny = nextFactor(ys, ctx.height, MIN_FACTOR.y, MAX_FACTOR);
            if (Math.abs(nx - fx) < 0.02 && Math.abs(ny - fy) < 0.02) { return; }
            fx = nx;
            fy = ny;
        }
    }

    /** A single view filling the box; a step-sized side keeps its step (refitted if it overflows). */
    function fitSingleView(spec, ctx) {
        const out = Object.assign({}, spec);
        const stepX = isStep(out.width);
        const stepY = isStep(out.height);
        if (!stepX) { out.width = ctx.width; }
        if (!stepY) { out.height = ctx.height; }
        const type = stepX && stepY ? 'pad' : (stepX ? 'fit-y' : (stepY ? 'fit-x' : 'fit'));
        out.autosize = {type: type, contains: 'padding'};
        return out;
    }

    /** A composite spec whose cells are fx (wide) and fy (high) times Vega-Lite's default size. */
    function withCellScale(spec, fx, fy) {
        if (fx === 1 && fy === 1) { return spec; }
        const config = Object.assign({}, spec.config || {});
        const view = Object.assign({}, config.view || {});
        view.continuousWidth = Math.round((view.continuousWidth || CELL.width) * fx);
        view.continuousHeight = Math.round((view.continuousHeight || CELL.height) * fy);
        view.step = Math.max(MIN_CELL.step, Math.round((view.step || CELL.step) * fx));
        config.view = view;
        return Object.assign({}, spec, {config: config});
    }

    /** The cell factor that makes the drawing `target` pixels long, from one or two tries.
     *  Axes, titles and legends do not scale with the cells, hence the line through two tries. */
    function nextFactor(tries, target, min, max) {
        const last = tries[tries.length - 1];
        let factor = last.factor * target / last.size;
        if (tries.length > 1) {
            const prev = tries[tries.length - 2];
            const slope = (last.size - prev.size) / (last.factor - prev.factor);
            if (isFinite(slope) && slope > 0) { factor = last.factor + (target - last.size) / slope; }
        }
        return Math.min(max, Math.max(min, factor));
    }

    function fits(size, ctx) {
        const rx = ctx.width / size.width;
        const ry = ctx.height / size.height;
        return rx <= 1.001 && ry <= 1.001 && rx >= 0.9 && ry >= 0.9;
    }

    function drawnSize(el) {
        const drawing = el.querySelector('svg.marks, canvas.marks');
        if (!drawing) { return null; }
        // A canvas is drawn at the device pixel ratio; its CSS size is the layout size.
        const isSvg = drawing.tagName.toLowerCase() === 'svg';
        const width = (isSvg ? parseFloat(drawing.getAttribute('width')) : parseFloat(drawing.style.width)) || drawing.clientWidth;
        const height = (isSvg ? parseFloat(drawing.getAttribute('height')) : parseFloat(drawing.style.height)) || drawing.clientHeight;
        return {drawing: drawing, width: width, height: height};
    }

    /** Shrink the finished drawing to fit the box (its SVG viewBox keeps it sharp). */
    function shrinkToFit(ctx) {
        const size = drawnSize(ctx.el);
        if (!size) { return; }
        const scale = utils.fitScale(size.width, size.height, ctx.width, ctx.height);
        if (scale >= 1) { return; }
        size.drawing.style.width = Math.floor(size.width * scale) + 'px';
        size.drawing.style.height = Math.floor(size.height * scale) + 'px';
    }

    // Drawing ------------------------------------------------------------------------------

    /** A Vega logger that also keeps the errors (e.g. data that failed to load) for the user. */
    function recordingLogger(vega, errors) {
        const logger = vega.logger(vega.Warn);
        const error = logger.error.bind(logger);
        const warn = logger.warn.bind(logger);
        // Fitting a view that has a step-sized side is asked on purpose: that side keeps its step.
        logger.warn = function (message) {
            if (typeof message === 'string' && /^Dropping "fit/.test(message)) { return logger; }
            return warn.apply(null, arguments);
        };
        logger.error = function () {
            errors.push(Array.prototype.map.call(arguments, function (part) {
                return part && part.message ? part.message : String(part);
            }).join(' '));
            return error.apply(null, arguments);
        };
        return logger;
    }

    /** A Vega loader reading relative URLs from `baseURL` that remembers what failed to load
     *  (Vega only warns, and draws an empty chart), and that loads and links to http(s) and
     *  relative URLs only (Vega's own check lets data: and file: through). */
    function recordingLoader(vega, baseURL, failures) {
        const loader = vega.loader({baseURL: baseURL});
        const sanitize = loader.sanitize.bind(loader);
        loader.sanitize = function (uri, options) {
            return sanitize(uri, options).then(function (result) {
                const href = result && result.href;
                if (href && !utils.safeUrl(String(href), baseURL)) {
                    throw new Error('"' + uri + '" is not an http(s) or relative URL; it was not loaded');
                }
                return result;
            });
        };
        const load = loader.load.bind(loader);
        loader.load = function (uri, options) {
            return load(uri, options).catch(function (err) {
                failures.push({uri: uri, url: new URL(uri, baseURL).toString(), error: err});
                throw err;
            });
        };
        return loader;
    }

    function loadError(failure) {
        // Vega's HTTP errors read "404NOT FOUND".
        const message = failure.error && failure.error.message ? failure.error.message.replace(/^(\d{3})(?=\S)/, '$1 ') : '';
        const reason = message ? ' (' + message + ')' : '';
        return new DataError('The chart\'s data "' + failure.uri + '" could not be loaded from ' + failure.url +
            reason + '.');
    }

    function readPayload(ctx) {
        let spec = ctx.data;
        let options = {};
        if (ctx.override && utils.isPlainObject(spec) && utils.isPlainObject(spec.spec)) {
            options = utils.isPlainObject(spec.options) ? spec.options : {};
            spec = spec.spec;
        }
        if (!utils.isPlainObject(spec)) {
            throw new DataError('Expected a Vega-Lite spec like {"data": {"values": [{"a": "x", "b": 3}]}, ' +
                '"mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", ' +
                '"type": "quantitative"}}}, but got ' + utils.describe(spec) + '.');
        }
        return {spec: withoutEmbedOptions(spec), options: safeOptions(options)};
    }

    /** The spec without usermeta.embedOptions: vega-embed applies them over the options given. */
    function withoutEmbedOptions(spec) {
        if (!utils.isPlainObject(spec.usermeta) || !('embedOptions' in spec.usermeta)) { return spec; }
        const usermeta = Object.assign({}, spec.usermeta);
        delete usermeta.embedOptions;
        return Object.assign({}, spec, {usermeta: usermeta});
    }

    /** The override's vega-embed options without those that put its text into a page as HTML. */
    function safeOptions(options) {
        const out = Object.assign({}, options);
        delete out.sourceHeader;
        delete out.sourceFooter;
        delete out.loader;
        if (typeof out.defaultStyle === 'string') { delete out.defaultStyle; }
        // "View Source" and "View Compiled" write the spec, unescaped, into a new window of this origin.
        if (out.actions === true) {
            out.actions = {export: true, source: false, compiled: false, editor: true};
        } else if (utils.isPlainObject(out.actions)) {
            out.actions = Object.assign({}, out.actions, {source: false, compiled: false});
        }
        return out;
    }

    async function embedOnce(ctx, libs, spec, options, failures) {
        ctx.el.replaceChildren();
        const errors = [];
        failures.length = 0;
        const result = await libs.embed(ctx.el, spec, Object.assign({}, options, {
            logger: recordingLogger(libs.vega, errors),
        }));
        if (failures.length) {
            finalize(result);
            throw loadError(failures[0]);
        }
        if (errors.length) {
            finalize(result);
            throw new DataError('The Vega-Lite chart could not be drawn: ' + errors[0]);
        }
        return result;
    }

    function finalize(result) {
        if (result && typeof result.finalize === 'function') { result.finalize(); }
        else if (result && result.view) { result.view.finalize(); }
    }

    async function vegaLite(ctx) {
        const libs = libraries();
        const payload = readPayload(ctx);
        const vegaMode = isVegaSchema(payload.spec);
        const failures = [];
        const options = Object.assign({
            mode: vegaMode ? 'vega' : 'vega-lite',
            actions: false,
            renderer: 'svg',
            // vega-tooltip and the default styles go into document.body/head; Vega's own
            // tooltips (the title attribute) stay inside the widget.
            tooltip: false,
            defaultStyle: false,
            // Thin out crowded labels (category names) instead of printing them over each other.
            config: {axis: {labelOverlap: 'parity'}},
            // Expressions are interpreted rather than compiled with new Function, so charts draw
            // under a Content-Security-Policy without 'unsafe-eval'.
            ast: true,
            loader: recordingLoader(libs.vega, utils.sourceBase(ctx.sourceUrl, location.href), failures),
        }, payload.options);
        let current = null;
        let cancelled = false;
        ctx.onCleanup(function () { cancelled = true; finalize(current); });
        const draw = async function (spec) {
            finalize(current);
            current = null;
            let result;
            try {
                result = await embedOnce(ctx, libs, spec, options, failures);
            } catch (err) {
                if (cancelled) { throw REPLACED; }
                if (err instanceof DataError) { throw err; }
                throw new DataError('The Vega-Lite spec could not be drawn: ' + ((err && err.message) || String(err)));
            }
            // The widget may have been cleared (refresh, resize) while this was drawing.
            if (cancelled) { finalize(result); throw REPLACED; }
            current = result;
        };

        let marked;
        try {
            marked = await drawSpec(ctx, payload.spec, vegaMode, draw);
        } catch (err) {
            if (err === REPLACED) { return; }
            throw err;
        }
        shrinkToFit(ctx);
        if (marked && current && jsondash.annotations) {
            timeMarks(ctx, libs.vega, current.view);
            joinCrosshair(ctx, current.view);
        }
    }

    /** Take part in the dashboard's shared crosshair (graphTooltip): a line over the plot at
     *  the time the mouse is at on another time-series widget, and this chart's time under the
     *  mouse for the others. Vega's tooltips are the browser's own (a title): the line only. */
    function joinCrosshair(ctx, view) {
        const crosshair = jsondash.crosshair;
        if (!crosshair || !crosshair.mode) { return; }
        const line = jsondash.annotations.overlayLine(ctx.el);
        // The plot area within ctx.el, in pixels: left, top, width, height.
        const plotArea = function () {
            const svg = ctx.el.querySelector('svg');
            if (!svg) { return null; }
            const box = svg.getBoundingClientRect();
            const outer = ctx.el.getBoundingClientRect();
            const origin = view.origin();
            return {left: box.left - outer.left + origin[0], top: box.top - outer.top + origin[1],
                width: view.width(), height: view.height(), screenLeft: box.left + origin[0], screenTop: box.top + origin[1]};
        };
        const member = {
            show: function (ms) {
                const area = plotArea();
                const x = area ? view.scale('x')(ms) : NaN;
                if (!area || !isFinite(x) || x < 0 || x > area.width) { member.hide(); return; }
                line.place(area.left + x, area.top, area.height);
            },
            hide: function () { line.hide(); },
        };
        ctx.onCleanup(crosshair.join(member));
        ctx.el.addEventListener('mousemove', function (event) {
            const area = plotArea();
            if (!area) { return; }
            const x = event.clientX - area.screenLeft;
            const y = event.clientY - area.screenTop;
            const inside = x >= 0 && x <= area.width && y >= 0 && y <= area.height;
            crosshair.move(member, inside ? Number(view.scale('x').invert(x)) : null);
        });
        ctx.el.addEventListener('mouseleave', function () { crosshair.move(member, null); });
    }

    // Annotations (js/annotations.js), on a temporal x ------------------------------------------

    // The Vega datasets the annotation layers draw: instants (rules) and ranges (bands).
    const LINES = 'jsondash_annotation_lines';
    const BANDS = 'jsondash_annotation_bands';
    // Kept at the top when the view becomes a layer: what sizes and styles the whole view.
    const TOP_KEYS = ['$schema', 'width', 'height', 'autosize', 'padding', 'background', 'title', 'description', 'name',
        'config', 'usermeta', 'datasets', 'data'];

    function isTemporal(channel) {
        return utils.isPlainObject(channel) && (channel.type === 'temporal' || ('timeUnit' in channel && !('type' in channel)));
    }

    /** Whether a single (unit or layered) view has a temporal x. */
    function hasTemporalX(view) {
        if (!utils.isPlainObject(view)) { return false; }
        if (utils.isPlainObject(view.encoding) && isTemporal(view.encoding.x)) { return true; }
        return Array.isArray(view.layer) && view.layer.some(hasTemporalX);
    }

    /** The title Vega-Lite gives the view's x axis (null for none): the annotation layers give
     *  theirs the same, or the shared axis would be titled "<field>, time". */
    function xTitle(spec) {
        try {
            const compiled = window.vegaLite.compile(spec).spec;
            const axis = (compiled.axes || []).find(function (a) { return a.scale === 'x' && a.title !== undefined; });
            return axis ? axis.title : null;
        } catch {
            return null;
        }
    }

    /** The view as a layer under two more: a dashed rule per instant and a band per range, their
     *  text as the tooltip, coloured as their source, each from a named dataset that timeMarks
     *  fills (empty at first, so the x scale's domain is the data's alone). */
    function withAnnotationLayers(spec) {
        const top = {};
        const inner = {};
        Object.keys(spec).forEach(function (key) { (TOP_KEYS.indexOf(key) >= 0 ? top : inner)[key] = spec[key]; });
        const x = {field: 'time', type: 'temporal', title: xTitle(spec)};
        const tooltip = {field: 'title', type: 'nominal'};
        top.layer = [
            inner,
            {
                data: {name: BANDS},
                mark: {type: 'rect', opacity: 0.15},
                encoding: {x: x, x2: {field: 'timeEnd'}, fill: {field: 'color', type: 'nominal', scale: null}, tooltip: tooltip},
            },
            {
                data: {name: LINES},
                mark: {type: 'rule', strokeDash: [4, 3], strokeWidth: 2},
                encoding: {x: x, stroke: {field: 'color', type: 'nominal', scale: null}, tooltip: tooltip},
            },
        ];
        return top;
    }

    /** Fill the annotation layers now and on every change; only the events within the data's
     *  time domain, so the chart's x axis stays the data's. */
    function timeMarks(ctx, vega, view) {
        let domain;
        try {
            domain = view.scale('x').domain().map(Number);
        } catch {
            return;
        }
        let stopped = false;
        ctx.onCleanup(function () { stopped = true; });
        const fill = function (events) {
            if (stopped) { return; }
            const shown = jsondash.annotations.within(events, domain[0], domain[1]).map(function (event) {
                return {time: Math.max(event.time, domain[0]), timeEnd: event.timeEnd === null ? null : Math.min(event.timeEnd, domain[1]),
                    title: event.title, color: event.color, text: event.text};
            });
            const everything = function () { return true; };
            view.change(LINES, vega.changeset().remove(everything).insert(shown.filter(function (e) { return e.timeEnd === null; })))
                .change(BANDS, vega.changeset().remove(everything).insert(shown.filter(function (e) { return e.timeEnd !== null; })))
                .runAsync().catch(function (err) { console.warn('jsondash: the annotations could not be drawn', err); });
        };
        jsondash.annotations.watch(ctx, fill);
        fill(jsondash.annotations.current());
    }

    /** The spec with the dashboard's theme (js/theme.js) applied to its config, when the page
     *  has one. */
    function themed(spec) {
        let config = utils.isPlainObject(spec.config) ? spec.config : {};
        config = (jsondash.theme && jsondash.theme.vegaConfig) ? jsondash.theme.vegaConfig(config) : config;
        return config === spec.config || (!spec.config && !Object.keys(config).length) ? spec : Object.assign({}, spec, {config: config});
    }

    // The dashboard's "timezone": "utc" -----------------------------------------------------------

    // What holds data, not the spec's structure: never rewritten.
    const DATA_KEYS = ['data', 'datasets', 'values', 'datum', 'usermeta'];
    // Vega-Lite's time units that are in UTC already start so: "utcmonth".
    const UTC_UNIT = /^(binned)?utc/;
    // Time and date down to the second: the time unit of a tooltip or text that had none.
    const UTC_INSTANT = 'utcyearmonthdatehoursminutesseconds';

    function utcTimeUnit(unit) {
        if (typeof unit === 'string') { return UTC_UNIT.test(unit) ? unit : 'utc' + unit; }
        return utils.isPlainObject(unit) ? Object.assign({}, unit, {utc: true}) : unit;
    }

    /** A channel of an encoding in UTC: its time unit, or for a temporal field without one, the
     *  scale (x, y) or the time unit it is formatted with (tooltip, text). */
    function utcChannel(channel, def) {
        if (!utils.isPlainObject(def) || !isTemporal(def) || 'timeUnit' in def) { return def; }
        if (channel === 'x' || channel === 'y') {
            if (def.scale === null || (utils.isPlainObject(def.scale) && def.scale.type)) { return def; }
            return Object.assign({}, def, {scale: Object.assign({}, def.scale, {type: 'utc'})});
        }
        if (channel === 'tooltip' || channel === 'text') { return Object.assign({}, def, {timeUnit: UTC_INSTANT}); }
        return def;
    }

    /** A Vega-Lite spec whose times are shown in UTC (Vega-Lite's default is the viewer's
     *  timezone): every time unit becomes its UTC one, and temporal fields without one get a UTC
     *  scale or format. Nested views, layers and transforms too; the data is left alone. */
    function inUtc(value) {
        if (Array.isArray(value)) { return value.map(inUtc); }
        if (!utils.isPlainObject(value)) { return value; }
        const out = {};
        Object.keys(value).forEach(function (key) {
            const item = value[key];
            if (DATA_KEYS.indexOf(key) >= 0) {
                out[key] = item;
            } else if (key === 'timeUnit') {
                out[key] = utcTimeUnit(item);
            } else if (key === 'encoding' && utils.isPlainObject(item)) {
                out[key] = {};
                Object.keys(item).forEach(function (channel) {
                    const def = inUtc(item[channel]);
                    out[key][channel] = Array.isArray(def) ? def.map(function (one) { return utcChannel(channel, one); })
                        : utcChannel(channel, def);
                });
            } else {
                out[key] = inUtc(item);
            }
        });
        return out;
    }

    /** Draw the spec; true when it has the annotation layers (see timeMarks). */
    async function drawSpec(ctx, original, vegaMode, draw) {
        if (vegaMode) {
            await draw(themed(Object.assign(withoutOldSchema(original, 'vega'), {width: ctx.width, height: ctx.height,
                autosize: {type: 'fit', contains: 'padding'}})));
            return false;
        }
        let spec = themed(modernSpec(original));
        checkMarks(spec);
        if (isComposite(spec)) {
            await drawComposite(ctx, ctx.timezone === 'utc' ? inUtc(spec) : spec, draw);
            return false;
        }
        const marked = Boolean(jsondash.annotations) && hasTemporalX(spec);
        if (marked) { spec = withAnnotationLayers(spec); }
        if (ctx.timezone === 'utc') { spec = inUtc(spec); }
        await draw(fitSingleView(spec, ctx));
        const size = drawnSize(ctx.el);
        // A step-sized side (bars n pixels apart) that overflows is fitted to the box instead.
        if (size && hasStep(spec) && utils.fitScale(size.width, size.height, ctx.width, ctx.height) < 1) {
            await draw(fitSingleView(withoutSteps(spec), ctx));
        }
        return marked;
    }

    jsondash.renderers.register('Vega', {
        'vega-lite': vegaLite,
    });
}(window.jsondash));
