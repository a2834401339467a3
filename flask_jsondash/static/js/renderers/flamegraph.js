/* flask_jsondash renderers: FlameGraph (flamegraph), drawn with d3-flame-graph 4.
 *
 * Data: a call tree {"name": "main", "value": 120, "children": [{"name": "work", "value": 80}]}
 * where a frame's value is at least the sum of its children's (a frame without a value gets that
 * sum). With override: true the payload is {"data": <call tree>, ...options}: each option is a
 * setting of the flamegraph() chart, applied by method name: title, minFrameSize,
 * transitionDuration, cellHeight, selfValue, sort, inverted, computeDelta and colorHue (which
 * calls setColorHue). The chart's width and height always come from the widget, and rows shrink
 * so that the deepest stack fits. The hover tooltip is the library's default one: it lives on
 * <body> (it follows the mouse) and is removed with the chart.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const EXAMPLE = '{"name": "main", "value": 10, "children": [{"name": "work", "value": 6}]}';
    // d3-flame-graph's own row height; rows shrink below it when the stack is deep.
    const CELL_HEIGHT = 18;
    const TITLE_HEIGHT = 32;
    const MIN_LABEL_ROW = 12;
    const TRANSITION_MS = 300;
    // Override options: the chart method each one calls and the JSON type it takes.
    const OPTIONS = {
        title: ['title', 'string'],
        minFrameSize: ['minFrameSize', 'number'],
        transitionDuration: ['transitionDuration', 'number'],
        cellHeight: ['cellHeight', 'number'],
        selfValue: ['selfValue', 'boolean'],
        sort: ['sort', 'boolean'],
        inverted: ['inverted', 'boolean'],
        computeDelta: ['computeDelta', 'boolean'],
        colorHue: ['setColorHue', 'string'],
    };
    let chartCount = 0;

    /** Check every frame (iteratively: profiles can be deep) and fill in missing values.
     *  Returns the depth of the deepest frame. */
    function checkFrames(root) {
        if (!utils.isPlainObject(root)) {
            throw new DataError('Expected a call tree like ' + EXAMPLE + ', but got ' + utils.describe(root) + '.');
        }
        let depth = 0;
        const order = [];
        const stack = [[root, 0]];
        while (stack.length) {
            const [frame, level] = stack.pop();
            if (!utils.isPlainObject(frame)) {
                throw new DataError('Every item in "children" must be a frame like {"name": "work", "value": 6}, ' +
                    'but one is ' + utils.describe(frame) + '.');
            }
            if (frame.children !== undefined && frame.children !== null && !Array.isArray(frame.children)) {
                throw new DataError('"children" of frame "' + frame.name + '" must be a list, but it is ' +
                    utils.describe(frame.children) + '.');
            }
            if (frame.name === undefined || frame.name === null) { frame.name = ''; }
            depth = Math.max(depth, level);
            order.push(frame);
            (frame.children || []).forEach(function (child) { stack.push([child, level + 1]); });
        }
        // Children before parents, so a parent without a value can take its children's sum.
        for (let i = order.length - 1; i >= 0; i--) { fillValue(order[i]); }
        return depth;
    }

    function fillValue(frame) {
        const children = frame.children || [];
        if (frame.value === undefined || frame.value === null) {
            if (!children.length) {
                throw new DataError('Frame "' + frame.name + '" has no "value": every frame needs a number of samples, ' +
                    'like {"name": "work", "value": 6}.');
            }
            frame.value = children.reduce(function (sum, child) { return sum + child.value; }, 0);
        }
        const value = Number(frame.value);
        if (typeof frame.value === 'boolean' || !isFinite(value) || value < 0) {
            throw new DataError('The "value" of frame "' + frame.name + '" must be a number of 0 or more, but it is ' +
                utils.describe(frame.value) + '.');
        }
        frame.value = value;
    }

    /** Split an override payload into the call tree and the chart settings. */
    function overrideParts(payload) {
        if (!utils.isPlainObject(payload) || !utils.isPlainObject(payload.data)) {
            throw new DataError('With "override" on, the data source must return {"data": <call tree>, ...options}, ' +
                'like {"data": ' + EXAMPLE + ', "title": "CPU"}; got ' + utils.describe(payload) + '.');
        }
        const options = Object.assign({}, payload);
        delete options.data;
        Object.keys(options).forEach(function (name) {
            if (!(name in OPTIONS)) {
                throw new DataError('"' + name + '" is not a flame graph option here; use one of: ' +
                    Object.keys(OPTIONS).join(', ') + '.');
            }
            const type = OPTIONS[name][1];
            if (typeof options[name] !== type || (type === 'number' && !(options[name] >= 0))) {
                throw new DataError('The flame graph option "' + name + '" must be a ' +
                    (type === 'number' ? 'number of 0 or more' : type) + ', but it is ' + utils.describe(options[name]) + '.');
            }
        });
        return {tree: payload.data, options: options};
    }

    function tooltipFor(total) {
        const tooltip = window.flamegraph.tooltip;
        if (!tooltip || typeof tooltip.defaultFlamegraphTooltip !== 'function') { return null; }
        return tooltip.defaultFlamegraphTooltip().text(function (d) {
            const share = total ? ' (' + (100 * d.value / total).toFixed(1) + '%)' : '';
            return d.data.name + ': ' + utils.formatNumber(d.value) + ' samples' + share;
        });
    }

    /** Rows as tall as asked for, but no taller than lets the deepest stack fit the box. */
    function rowHeight(ctx, depth, options) {
        const room = ctx.height - (options.title ? TITLE_HEIGHT : 0);
        const wanted = Number(options.cellHeight) > 0 ? Number(options.cellHeight) : CELL_HEIGHT;
        return Math.max(1, Math.min(wanted, Math.floor(room / (depth + 1))));
    }

    /** d3-flame-graph's labels are 12px text in 18px rows: scale them to the row or hide them
     *  (their frame's tooltip still names it). The rule is scoped to this chart's element. */
    function labelStyle(ctx, cell) {
        const scope = 'jd-flamegraph-' + (++chartCount);
        ctx.el.classList.add(scope);
        const style = document.createElement('style');
        const font = Math.max(10, Math.min(12, cell - 2));
        style.textContent = cell < MIN_LABEL_ROW ?
            '.' + scope + ' .d3-flame-graph-label { visibility: hidden; }' :
            '.' + scope + ' .d3-flame-graph-label { font-size: ' + font + 'px; line-height: ' + cell + 'px; ' +
            'font-family: inherit; }';
        ctx.el.appendChild(style);
    }

    function flamegraphChart(ctx) {
        const make = ctx.requireGlobal('flamegraph', 'd3-flame-graph');
        const d3 = ctx.requireGlobal('d3', 'D3');
        const parts = ctx.override ? overrideParts(ctx.data) : {tree: ctx.data, options: {}};
        const depth = checkFrames(parts.tree);
        const options = Object.assign({transitionDuration: TRANSITION_MS, minFrameSize: 1}, parts.options);
        const cell = rowHeight(ctx, depth, options);

        const chart = make().width(ctx.width).height(ctx.height);
        Object.keys(options).forEach(function (name) { chart[OPTIONS[name][0]](options[name]); });
        chart.cellHeight(cell);
        const tooltip = tooltipFor(parts.tree.value);
        if (tooltip) { chart.tooltip(tooltip); }

        labelStyle(ctx, cell);
        const holder = document.createElement('div');
        ctx.el.appendChild(holder);
        d3.select(holder).datum(parts.tree).call(chart);
        const svg = holder.querySelector('svg');
        if (svg) { svg.style.display = 'block'; }
        // destroy() also removes the tooltip, which the library keeps on <body>.
        ctx.onCleanup(function () { chart.destroy(); });

        // Frames grow to their width over half the transition and get their labels at its end.
        const duration = Math.max(0, Number(options.transitionDuration) || 0);
        return new Promise(function (resolve) { window.setTimeout(resolve, duration + 50); });
    }

    jsondash.renderers.register('FlameGraph', {
        flamegraph: flamegraphChart,
    });
}(window.jsondash));
