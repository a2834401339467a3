/* flask_jsondash renderers: C3 (line, bar, timeseries, step, pie, area, donut, spline, gauge,
 * scatter, area-spline).
 *
 * Data: a series object {"name": [numbers]} (timeseries adds a "dates" list; pie and donut take
 * {"label": number}; gauge takes {"data": number}). With override: true the payload is a whole
 * C3 options object, handed to c3.generate as it is.
 *
 * Series names are text: C3 draws them with textContent in the legend and on the axes, and its
 * tooltip (HTML) gets them escaped here (tooltip.format.name), as C3 itself only escapes < and >.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    // Beyond this many series or slices a legend takes more room than the chart.
    const MAX_LEGEND_ITEMS = 20;

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

    function generate(ctx, options) {
        const c3 = ctx.requireGlobal('c3', 'C3');
        const chart = c3.generate(Object.assign({}, options, {
            bindto: ctx.el,
            size: {width: ctx.width, height: ctx.height},
            tooltip: textTooltip(options.tooltip),
        }));
        ctx.onCleanup(function () { chart.destroy(); });
        return chart;
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
            return generate(ctx, {
                data: {columns: columns, type: c3type},
                legend: {show: columns.length <= MAX_LEGEND_ITEMS},
                point: {show: c3type !== 'scatter' ? columns[0].length <= 60 : true},
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
        return generate(ctx, {
            data: {x: 'dates', columns: [['dates'].concat(dates)].concat(columns)},
            axis: {x: {type: 'timeseries', tick: {format: '%Y-%m-%d', culling: {max: 6}}}},
            legend: {show: columns.length <= MAX_LEGEND_ITEMS},
            point: {show: dates.length <= 60},
        });
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
