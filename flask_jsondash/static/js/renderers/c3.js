/* flask_jsondash renderers: C3 (line, bar, timeseries, step, pie, area, donut, spline, gauge,
 * scatter, area-spline).
 *
 * Data: a series object {"name": [numbers]} (timeseries adds a "dates" list; pie and donut take
 * {"label": number}; gauge takes {"data": number}). With override: true the payload is a whole
 * C3 options object, handed to c3.generate as it is.
 *
 * Series names are text: C3 draws them with textContent in the legend and on the axes, and its
 * tooltip (HTML) gets them escaped here (tooltip.format.name), as C3 itself only escapes < and >.
 *
 * Drawn for speed as much as C3 allows: no fade-in on the first draw (unless the document sets
 * transition.duration), no invisible point markers on long series, no empty area paths on
 * charts without areas, x-axis ticks at round values rather than at every point, and C3's text
 * measurements made once per page, without reading computed styles.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    // Beyond this many series or slices a legend takes more room than the chart.
    const MAX_LEGEND_ITEMS = 20;
    // Beyond this many points a series is drawn as a plain line, without point markers.
    const MAX_MARKED_POINTS = 60;
    // C3 labels at most this many x-axis ticks (axis.x.tick.culling.max); a series with more
    // points than that gets ticks at no more than this many round values, all labelled, instead
    // of a tick at every point, most of them unlabelled (for a long series, a black bar).
    const X_LABELS = 10;
    // The same for dates (a timeseries shows fewer, wider labels).
    const DATE_LABELS = 6;
    // C3's own default transition.duration.
    const DEFAULT_TRANSITION_MS = 350;

    /** C3 draws the ticks of the second y axis even while that axis is hidden (as it is, but in
     *  an override): a fifth of a small chart's elements, never seen. These charts' has none. */
    function hiddenY2() {
        return {show: false, tick: {values: []}};
    }

    function escapedName(name) {
        return utils.escapeHtml(name === undefined || name === null ? '' : name);
    }

    /** The tooltip options with series names escaped for the tooltip's HTML. */
    function textTooltip(tooltip) {
        const out = Object.assign({}, utils.isPlainObject(tooltip) ? tooltip : {});
        out.format = Object.assign({}, utils.isPlainObject(out.format) ? out.format : {});
        // From JSON this is never a function of the user's own.
        out.format.name = escapedName;
        return out;
    }

    /** C3 draws a circle for every point of a line, and keeps the circles (invisible) when
     *  point.show is false: thousands of elements for a long series, which nobody sees (C3
     *  expands them on hover only when points are shown). This chart's lines get none. */
    function withoutHiddenPoints(internal) {
        if (internal.config.point_show !== false) { return; }
        const points = internal.lineOrScatterOrStanfordData;
        internal.lineOrScatterOrStanfordData = function (d) {
            return this.isScatterType(d) || this.isStanfordType(d) ? points.call(this, d) : [];
        };
    }

    /** C3 gives every line an area path (filled for area types only) and, as each appears,
     *  reads its computed opacity, which makes the browser compute the styles of the chart drawn
     *  so far. A chart without an area type gets no area paths. */
    function withoutUnusedAreas(internal) {
        const updateArea = internal.updateArea;
        internal.updateArea = function () {
            if ((this.data.targets || []).some((target) => this.isAreaType(target))) {
                return updateArea.apply(this, arguments);
            }
            const lineData = this.lineData;
            this.lineData = function () { return []; };
            try {
                return updateArea.apply(this, arguments);
            } finally {
                this.lineData = lineData;
            }
        };
    }

    /**
     * C3 measures text by drawing a hidden copy of it in <body> (the title, each legend item, the
     * y-axis labels, to find the widest) or by measuring a tick's label (for the size of one
     * character), and each measurement makes the browser lay the page out; it measures the same
     * things again and again, for every chart. While this file draws a chart, each measurement
     * is made once per page: the answers are kept, keyed by everything they depend on (the text,
     * its class or axis and its font; the axis, its domain and its settings), and forgotten when
     * the page's fonts change. Outside this file's own c3.generate calls,
     * C3 is as it is.
     */
    const measured = new Map();
    const MAX_MEASURED = 500;
    let drawing = false;
    // What decides the fonts of the chart being drawn, besides an element's own classes: the
    // classes of its widget and of the dashboard (its theme). Read as attributes: reading a
    // computed font would make the browser compute the styles of the chart drawn so far.
    let fontScope = '';

    function scopeOf(el) {
        const widget = el.closest('.widget');
        const dashboard = el.closest('.jsondash');
        return (widget ? widget.className : '') + '\u0000' + (dashboard ? dashboard.className : '');
    }

    function classOf(node) {
        return node && node.getAttribute ? node.getAttribute('class') || '' : '';
    }

    function remembered(key, measure) {
        if (!measured.has(key)) {
            if (measured.size >= MAX_MEASURED) { measured.clear(); }
            measured.set(key, measure());
        }
        return measured.get(key);
    }

    function measureOnce(c3) {
        const chartFn = c3.chart && c3.chart.internal && c3.chart.internal.fn;
        const axisFn = chartFn && c3.chart.internal.axis && c3.chart.internal.axis.fn;
        if (!axisFn || chartFn.jsondashMeasuresOnce) { return; }
        chartFn.jsondashMeasuresOnce = true;
        if (document.fonts && document.fonts.addEventListener) {
            document.fonts.addEventListener('loadingdone', function () { measured.clear(); });
        }
        const getTextRect = chartFn.getTextRect;
        chartFn.getTextRect = function (text, cls, element) {
            if (!drawing) { return getTextRect.apply(this, arguments); }
            // The hidden copy has the class and the element's font; no text (an untitled chart)
            // measures the same in any.
            const font = text === '' ? '' : classOf(element) + '\u0000' + fontScope;
            const key = ['text', cls, text, font].join('\u0000');
            return remembered(key, () => getTextRect.apply(this, arguments));
        };
        // The size of one character of an axis's tick labels: C3 writes the first tick's label
        // and measures it, once per axis of every chart (the page is laid out each time).
        const tickFn = c3.chart.internal.axis.internal && c3.chart.internal.axis.internal.fn;
        const updateTickTextCharSize = tickFn && tickFn.updateTickTextCharSize;
        if (typeof updateTickTextCharSize === 'function') {
            tickFn.updateTickTextCharSize = function (tick) {
                const text = tick && tick.select('text');
                const node = text && text.node();
                if (!drawing || this.tickTextCharSize || !node) { return updateTickTextCharSize.apply(this, arguments); }
                const label = this.textFormatted(tick.datum());
                const key = ['tick', this.orient, label, classOf(node), classOf(node.parentNode), fontScope].join('\u0000');
                this.tickTextCharSize = remembered(key, () => updateTickTextCharSize.apply(this, arguments));
                return this.tickTextCharSize;
            };
        }
        // C3 fades the series in with a transition even when it lasts 0 ms, and the transition
        // reads each series' computed opacity in the next frame: drawn here without a
        // duration, the series are shown at once.
        const showTargets = chartFn.showTargets;
        chartFn.showTargets = function () {
            if (!drawing || this.config.transition_duration) { return showTargets.apply(this, arguments); }
            const chart = this;
            return chart.svg.selectAll('.' + chart.CLASS.target)
                .filter(function (d) { return chart.isTargetToShow(d.id); })
                .style('opacity', 1);
        };
        const getMaxTickWidth = axisFn.getMaxTickWidth;
        axisFn.getMaxTickWidth = function (id) {
            const internal = this.owner;
            // Before the chart has its <svg>, C3 answers without measuring (0); that is not kept.
            if (!drawing || !internal || !internal.svg || (id !== 'y' && id !== 'y2')) {
                return getMaxTickWidth.apply(this, arguments);
            }
            const config = internal.config;
            const axisSettings = Object.keys(config).filter(function (name) { return name.indexOf('axis_') === 0; })
                .map(function (name) { return [name, config[name]]; });
            const domain = internal.getYDomain(internal.filterTargetsToShow(internal.data.targets), id);
            const key = ['axis', id, JSON.stringify(domain), JSON.stringify(axisSettings)].join('\u0000');
            const width = remembered(key, () => getMaxTickWidth.apply(this, arguments));
            internal.currentMaxTickWidths[id] = width;
            return width;
        };
    }

    function generate(ctx, options) {
        const c3 = ctx.requireGlobal('c3', 'C3');
        measureOnce(c3);
        // The first draw is not animated (C3 fades the series in over 350 ms) unless the document
        // (override) sets transition.duration; later changes (a legend click) animate as C3 does.
        const transition = utils.isPlainObject(options.transition) ? options.transition : {};
        const ownDuration = 'duration' in transition;
        let chart;
        fontScope = scopeOf(ctx.el);
        drawing = true;
        try {
            chart = c3.generate(Object.assign({}, options, {
                bindto: ctx.el,
                size: {width: ctx.width, height: ctx.height},
                tooltip: textTooltip(options.tooltip),
                transition: ownDuration ? transition : Object.assign({}, transition, {duration: 0}),
                oninit: function () {
                    withoutHiddenPoints(this);
                    withoutUnusedAreas(this);
                },
            }));
        } finally {
            drawing = false;
        }
        if (!ownDuration && chart.internal && chart.internal.config) {
            chart.internal.config.transition_duration = DEFAULT_TRANSITION_MS;
        }
        ctx.onCleanup(function () { chart.destroy(); });
        if (chart.internal && chart.internal.config && chart.internal.config.axis_x_type === 'timeseries') {
            timeMarks(ctx, chart);
        }
        return chart;
    }

    // Annotations and the shared crosshair (js/annotations.js), on time x axes ------------------

    const SVG_NS = 'http://www.w3.org/2000/svg';

    /** An SVG element; `colors` ({fill, stroke}) go into its style, over c3.css's
     *  ".c3 path, .c3 line {fill: none; stroke: #000}". */
    function svgElement(parent, tag, attributes, colors) {
        const el = document.createElementNS(SVG_NS, tag);
        Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
        Object.keys(colors || {}).forEach(function (name) { el.style[name] = colors[name]; });
        parent.appendChild(el);
        return el;
    }

    /** The chart's time domain in ms, or null before it has one. */
    function timeDomain(internal) {
        const domain = internal.x && internal.x.domain();
        return domain && domain.length === 2 ? [Number(domain[0]), Number(domain[1])] : null;
    }

    /** Draw the annotations over the plot area: a dashed line for an instant, a band for a range,
     *  and a marker on the x axis whose title is the text (the lines and bands let the mouse
     *  through to C3's own tooltip). */
    function drawAnnotations(chart, events) {
        const internal = chart.internal;
        const main = internal.main && internal.main.node();
        if (!main) { return; }
        const old = main.querySelector(':scope > g.jd-annotations');
        if (old) { old.remove(); }
        const domain = timeDomain(internal);
        if (!domain || !events.length) { return; }
        const group = svgElement(main, 'g', {'class': 'jd-annotations'});
        const height = internal.height;
        const x = function (ms) { return internal.x(new Date(Math.min(Math.max(ms, domain[0]), domain[1]))); };
        jsondash.annotations.within(events, domain[0], domain[1]).forEach(function (event) {
            const mark = svgElement(group, 'g', {'class': 'jd-annotation' + (event.timeEnd === null ? '' : ' jd-annotation-range'),
                'data-time': event.time});
            const start = x(event.time);
            svgElement(mark, 'title').textContent = event.title;
            if (event.timeEnd !== null) {
                const end = x(event.timeEnd);
                svgElement(mark, 'rect', {'class': 'jd-annotation-band', x: start, y: 0, width: Math.max(end - start, 1), height: height},
                    {fill: event.color});
            }
            svgElement(mark, 'line', {'class': 'jd-annotation-line', x1: start, x2: start, y1: 0, y2: height},
                {stroke: event.color, fill: 'none'});
            const marker = svgElement(mark, 'path', {'class': 'jd-annotation-marker', d: 'M' + start + ',' + (height - 8) + 'l6,8h-12z'},
                {fill: event.color, stroke: 'none'});
            svgElement(marker, 'title').textContent = event.title;
        });
    }

    /** The data's x value nearest `ms` (C3's tooltip.show needs one of them exactly). */
    function nearestX(internal, ms) {
        let best = null;
        let distance = Infinity;
        (internal.data.targets || []).forEach(function (target) {
            target.values.forEach(function (value) {
                const d = Math.abs(Number(value.x) - ms);
                if (value.x !== null && value.x !== undefined && d < distance) { best = value.x; distance = d; }
            });
        });
        return best;
    }

    /** A C3 chart with a time x axis shows the dashboard's annotations and takes part in its
     *  shared crosshair. */
    function timeMarks(ctx, chart) {
        const internal = chart.internal;
        const config = internal.config;
        const annotations = jsondash.annotations;
        if (annotations) {
            let events = annotations.current();
            annotations.watch(ctx, function (now) { events = now; drawAnnotations(chart, events); });
            // C3 draws its chart again (a legend click, a resize): the marks follow.
            const rendered = config.onrendered;
            config.onrendered = function () {
                if (typeof rendered === 'function') { rendered.apply(this, arguments); }
                drawAnnotations(chart, events);
            };
            drawAnnotations(chart, events);
        }
        const crosshair = jsondash.crosshair;
        if (!crosshair || !crosshair.mode) { return; }
        let line = null;
        let showingTooltip = false;
        const member = {
            show: function (ms, withTooltip) {
                const domain = timeDomain(internal);
                const main = internal.main && internal.main.node();
                if (!domain || !main || ms < domain[0] || ms > domain[1]) { member.hide(); return; }
                if (!line || !line.isConnected) {
                    line = svgElement(main, 'line', {'class': 'jd-crosshair', y1: 0});
                }
                const at = internal.x(new Date(ms));
                line.setAttribute('x1', at);
                line.setAttribute('x2', at);
                line.setAttribute('y2', internal.height);
                line.style.display = '';
                if (withTooltip) {
                    const x = nearestX(internal, ms);
                    if (x !== null) { chart.tooltip.show({x: x}); showingTooltip = true; }
                }
            },
            hide: function () {
                if (line) { line.style.display = 'none'; }
                if (showingTooltip) { chart.tooltip.hide(); showingTooltip = false; }
            },
        };
        ctx.onCleanup(crosshair.join(member));
        // The time under the mouse anywhere over the plot area (C3's data.onmouseover comes only
        // near a point).
        ctx.el.addEventListener('mousemove', function (event) {
            const area = internal.main && internal.main.select('.c3-event-rect').node();
            if (!area) { return; }
            const box = area.getBoundingClientRect();
            const x = event.clientX - box.left;
            const inside = x >= 0 && x <= box.width && event.clientY >= box.top && event.clientY <= box.bottom;
            crosshair.move(member, inside ? Number(internal.x.invert(x)) : null);
        });
        ctx.el.addEventListener('mouseleave', function () { crosshair.move(member, null); });
    }

    function fromOverride(ctx) {
        const options = ctx.data;
        if (!utils.isPlainObject(options) || !utils.isPlainObject(options.data)) {
            throw new DataError('With "override" on, the data source must return C3 options with a "data" ' +
                'object, but it returned ' + utils.describe(options) + '.');
        }
        return generate(ctx, options);
    }

    function series(c3type) {
        return function (ctx) {
            if (ctx.override) { return fromOverride(ctx); }
            const columns = utils.seriesColumns(ctx.data);
            const points = columns[0].length - 1;
            return generate(ctx, {
                data: {columns: columns, type: c3type},
                axis: {x: {tick: points > X_LABELS ? {values: roundIndexes(ctx, columns)} : {}}, y2: hiddenY2()},
                legend: {show: columns.length <= MAX_LEGEND_ITEMS},
                point: {show: c3type !== 'scatter' ? points < MAX_MARKED_POINTS : true},
            });
        };
    }

    function slices(c3type) {
        return function (ctx) {
            if (ctx.override) { return fromOverride(ctx); }
            const columns = utils.pieColumns(ctx.data);
            return generate(ctx, {
                data: {columns: columns, type: c3type},
                legend: {show: columns.length <= MAX_LEGEND_ITEMS},
            });
        };
    }

    function timeseries(ctx) {
        if (ctx.override) { return fromOverride(ctx); }
        const data = ctx.data;
        if (!utils.isPlainObject(data) || !Array.isArray(data.dates)) {
            throw new DataError('A timeseries needs a "dates" list beside its series, like ' +
                '{"dates": ["2026-01-01", ...], "sales": [...]}; got ' + utils.describe(data) + '.');
        }
        const dates = data.dates.map(function (value) {
            const date = new Date(value);
            if (isNaN(date.getTime())) {
                throw new DataError('"' + value + '" in "dates" is not a date (use e.g. 2026-01-31).');
            }
            return date;
        });
        const columns = utils.seriesColumns(data, ['dates']);
        const tick = {format: dateFormat(dates, ctx.timezone === 'utc'), culling: {max: DATE_LABELS}};
        if (dates.length > DATE_LABELS) { tick.values = roundDates(ctx, dates); }
        return generate(ctx, {
            data: {x: 'dates', columns: [['dates'].concat(dates)].concat(columns)},
            axis: {x: {type: 'timeseries', tick: tick}, y2: hiddenY2()},
            legend: {show: columns.length <= MAX_LEGEND_ITEMS},
            point: {show: dates.length <= MAX_MARKED_POINTS},
        });
    }

    const HOUR_MS = 3600 * 1000;
    /** The x-axis labels of dates: days (as the original) for spans of days, hours and minutes
     *  for shorter ones; in UTC when the dashboard's "timezone" says so, else in the viewer's. */
    function dateFormat(dates, utc) {
        const span = dates.length ? dates[dates.length - 1] - dates[0] : 0;
        const d3 = window.d3;
        if (!d3 || !d3.timeFormat) { return '%Y-%m-%d'; }
        const format = utc ? d3.utcFormat : d3.timeFormat;
        if (span >= 3 * 24 * HOUR_MS) { return utc ? format('%Y-%m-%d') : '%Y-%m-%d'; }
        return format(span >= 24 * HOUR_MS ? '%m-%d %H:%M' : '%H:%M');
    }

    /** Round values from `ticks(count)` (d3's, about `count` of them), at most `most`. */
    function atMost(most, ticks) {
        for (let count = most; count > 1; count--) {
            const values = ticks(count);
            if (values.length <= most) { return values; }
        }
        return ticks(1);
    }

    /** Round numbers within the series' indexes (columns: [name, ...values]), for labels. */
    function roundIndexes(ctx, columns) {
        const d3 = ctx.requireGlobal('d3', 'D3');
        const last = Math.max.apply(null, columns.map(function (column) { return column.length - 2; }));
        return atMost(X_LABELS, function (count) { return d3.ticks(0, last, count); });
    }

    /** Round dates (days, weeks, months, years) within the dates' range, for labels. */
    function roundDates(ctx, dates) {
        const d3 = ctx.requireGlobal('d3', 'D3');
        const scale = (ctx.timezone === 'utc' ? d3.scaleUtc() : d3.scaleTime()).domain(d3.extent(dates));
        return atMost(DATE_LABELS, function (count) { return scale.ticks(count); });
    }

    function gauge(ctx) {
        if (ctx.override) { return fromOverride(ctx); }
        const value = utils.isPlainObject(ctx.data) ? ctx.data.data : ctx.data;
        const number = Number(value);
        if (value === null || value === undefined || value === '' || isNaN(number)) {
            throw new DataError('A gauge needs {"data": <number>}, but got ' + utils.describe(ctx.data) + '.');
        }
        return generate(ctx, {data: {columns: [['data', number]], type: 'gauge'}});
    }

    jsondash.renderers.register('C3', {
        'line': series('line'),
        'bar': series('bar'),
        'timeseries': timeseries,
        'step': series('step'),
        'pie': slices('pie'),
        'area': series('area'),
        'donut': slices('donut'),
        'spline': series('spline'),
        'gauge': gauge,
        'scatter': series('scatter'),
        'area-spline': series('area-spline'),
    });
}(window.jsondash));
