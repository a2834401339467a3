/* flask_jsondash renderers: Sparklines (sparklines-line, -bar, -tristate, -discrete, -bullet,
 * -pie, -box), drawn with jquery-sparkline 2.4 on jQuery.
 *
 * Data: a list of numbers, [5, 6, 7, 9, 9, 5]; [[5, 6, 7]] and [[x, y], ...] are accepted too
 * (a line draws the pairs; the others use each pair's last number). tristate reads the sign
 * (-1, 0, 1); bullet takes [target, performance, range1, range2, range3]; pie takes non-negative
 * numbers. Each sparkline fills the widget; bars too many for its width are averaged in groups.
 * Override is not supported.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const ACCENT = '#2563eb';
    const EXAMPLE = '[5, 6, 7, 9, 9, 5, 3, 2, 2, 4, 6, 7]';
    // Narrowest bar still drawn as a bar, in pixels (its spacing included).
    const MIN_BAR = 2;

    function toNumber(value, index, allowNull) {
        if (value === null && allowNull) { return null; }
        const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof number !== 'number' || !isFinite(number)) {
            throw new DataError('Value ' + (index + 1) + ' should be a number, but it is ' + utils.describe(value) +
                '. Expected a list like ' + EXAMPLE + '.');
        }
        return number;
    }

    /** The values of the data as numbers (pairs kept for a line). */
    function readValues(data, type) {
        const raw = utils.sparklineValues(data, type);
        return raw.map(function (value, index) {
            if (Array.isArray(value)) {
                return [toNumber(value[0], index, false), toNumber(value[1], index, true)];
            }
            return toNumber(value, index, type === 'line' || type === 'bar');
        });
    }

    /** Average consecutive values so `count` of them become at most `slots` (nulls skipped). */
    function downsample(values, slots) {
        if (values.length <= slots) { return values; }
        const out = [];
        const size = values.length / slots;
        for (let i = 0; i < slots; i++) {
            const group = values.slice(Math.floor(i * size), Math.floor((i + 1) * size)).filter(function (v) {
                return v !== null;
            });
            out.push(group.length ? group.reduce(function (a, b) { return a + b; }, 0) / group.length : null);
        }
        return out;
    }

    /** Bar width and spacing so n bars fill the width. */
    function barSizes(count, width) {
        const spacing = width / count >= 6 ? 2 : (width / count >= 3 ? 1 : 0);
        const barWidth = Math.max(1, Math.floor((width - spacing * (count - 1)) / count));
        return {barWidth: barWidth, barSpacing: spacing};
    }

    // Colours for the page's theme (js/theme.js).
    const THEME_COLORS = {
        light: {accent: ACCENT, accentFill: 'rgba(37, 99, 235, 0.15)', negative: '#c81e1e', positive: '#15803d',
            zero: '#9aa5b1', ink: '#1f2933', muted: '#616e7c', paper: '#ffffff', ranges: null},
        dark: {accent: '#60a5fa', accentFill: 'rgba(96, 165, 250, 0.2)', negative: '#f87171', positive: '#4ade80',
            zero: '#7b8794', ink: '#e4e7eb', muted: '#a9b4c0', paper: '#1b222c', ranges: ['#4b5869', '#3a4654', '#2a3441']},
    };

    function themeColors() {
        return THEME_COLORS[jsondash.theme && jsondash.theme.name() === 'dark' ? 'dark' : 'light'];
    }

    function optionsFor(type, values, ctx) {
        // Plain numbers: the discrete type divides its width by the number of values.
        const size = {width: ctx.width, height: ctx.height};
        const colors = themeColors();
        switch (type) {
        case 'line':
            return Object.assign(size, {lineColor: colors.accent, fillColor: colors.accentFill, lineWidth: 2,
                spotRadius: values.length > ctx.width / 4 ? 0 : 3, highlightSpotColor: colors.accent});
        case 'bar':
            return Object.assign({height: size.height, barColor: colors.accent, negBarColor: colors.negative, zeroColor: colors.zero},
                barSizes(values.length, ctx.width));
        case 'tristate':
            return Object.assign({height: size.height, posBarColor: colors.positive, negBarColor: colors.negative,
                zeroBarColor: colors.zero}, barSizes(values.length, ctx.width));
        case 'discrete':
            return Object.assign(size, {lineColor: colors.accent, lineHeight: Math.round(ctx.height * 0.3)});
        case 'bullet': {
            // A bullet as tall as a big widget stops reading as a bar; keep it a band.
            size.height = Math.min(ctx.height, Math.max(40, Math.round(ctx.width / 5)));
            const bullet = Object.assign(size, {targetColor: colors.ink, performanceColor: colors.accent, targetWidth: 4});
            if (colors.ranges) { bullet.rangeColors = colors.ranges; }
            return bullet;
        }
        case 'pie': {
            const side = Math.min(ctx.width, ctx.height);
            return {width: side, height: side, borderWidth: 1, borderColor: colors.paper};
        }
        case 'box':
            return Object.assign(size, {boxFillColor: colors.accentFill, boxLineColor: colors.accent,
                medianColor: colors.negative, whiskerColor: colors.ink, outlierLineColor: colors.muted, spotRadius: 3});
        default:
            return size;
        }
    }

    function checkShape(type, values) {
        if (type === 'bullet' && (values.length < 2 || values.length > 5)) {
            throw new DataError('A bullet sparkline takes [target, performance, range1, range2, range3] (2 to 5 ' +
                'numbers), but got ' + values.length + ' numbers.');
        }
        if (type === 'pie') {
            if (values.some(function (v) { return v < 0; })) {
                throw new DataError('A pie sparkline takes numbers of 0 or more (its slices), but the data has a negative one.');
            }
            if (!values.some(function (v) { return v > 0; })) {
                throw new DataError('A pie sparkline needs at least one slice larger than 0.');
            }
        }
    }

    function sparkline(type) {
        return function (ctx) {
            const $ = ctx.requireGlobal('jQuery', 'jQuery');
            ctx.requireGlobal('jQuery', 'jquery-sparkline', 'fn.sparkline');
            let values = readValues(ctx.data, type);
            checkShape(type, values);
            if (type === 'bar' || type === 'tristate' || type === 'discrete') {
                values = downsample(values, Math.max(1, Math.floor(ctx.width / MIN_BAR)));
            }
            const holder = document.createElement('div');
            // A flex item has no inline baseline gap under it; tooltips stay (clipped) in the widget.
            holder.style.cssText = 'height: 100%; display: flex; align-items: center; justify-content: center; ' +
                'overflow: hidden; position: relative;';
            ctx.el.appendChild(holder);
            const options = Object.assign({type: type, tooltipContainer: holder}, optionsFor(type, values, ctx));
            $(holder).sparkline(values, options);
            ctx.onCleanup(function () {
                // A sparkline removed under the mouse leaves its tooltip and body listener behind.
                const handler = $.data(holder, '_jqs_mhandler');
                if (handler && handler.over) { handler.mouseleave(); }
                $(holder).removeData();
            });
        };
    }

    jsondash.renderers.register('Sparklines', {
        'sparklines-line': sparkline('line'),
        'sparklines-bar': sparkline('bar'),
        'sparklines-tristate': sparkline('tristate'),
        'sparklines-discrete': sparkline('discrete'),
        'sparklines-bullet': sparkline('bullet'),
        'sparklines-pie': sparkline('pie'),
        'sparklines-box': sparkline('box'),
    });
}(window.jsondash));
