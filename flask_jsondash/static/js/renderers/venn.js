/* flask_jsondash renderers: Venn (venn), drawn with venn.js on d3.
 *
 * Data: a list of sets and their overlaps, each {"sets": [names], "size": number, "label"?}:
 * [{"sets": ["A"], "size": 12}, {"sets": ["B"], "size": 12}, {"sets": ["A", "B"], "size": 2}].
 * Every set named in an overlap needs its own entry. Circles are labelled with the set's
 * "label" (or its name); every area's tooltip gives its size.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const EXAMPLE = '[{"sets": ["A"], "size": 12}, {"sets": ["B"], "size": 8}, {"sets": ["A", "B"], "size": 2}]';

    function checkAreas(data) {
        if (!Array.isArray(data) || !data.length) {
            throw new DataError('Expected a list of sets and overlaps like ' + EXAMPLE + ', but got ' +
                utils.describe(data) + '.');
        }
        const areas = data.map(function (item, index) {
            const sets = utils.isPlainObject(item) ? item.sets : undefined;
            const size = utils.isPlainObject(item) ? Number(item.size) : NaN;
            const named = Array.isArray(sets) && sets.length > 0 && sets.every(function (name) {
                return typeof name === 'string' || typeof name === 'number';
            });
            if (!named || typeof item.size === 'boolean' || !isFinite(size) || size < 0) {
                throw new DataError('Item ' + (index + 1) + ' should be {"sets": ["A", "B"], "size": <number>}, but it is ' +
                    (utils.isPlainObject(item) ? JSON.stringify(item).slice(0, 60) : utils.describe(item)) + '.');
            }
            const area = {sets: sets.map(String), size: size};
            if (item.label !== undefined && item.label !== null) { area.label = String(item.label); }
            return area;
        });
        const singles = {};
        areas.forEach(function (area) { if (area.sets.length === 1) { singles[area.sets[0]] = area; } });
        areas.forEach(function (area) {
            area.sets.forEach(function (name) {
                if (!singles[name]) {
                    throw new DataError('The overlap of ' + area.sets.join(', ') + ' names set "' + name + '", which has ' +
                        'no entry of its own; add {"sets": ["' + name + '"], "size": <number>}.');
                }
            });
        });
        if (!Object.keys(singles).some(function (name) { return singles[name].size > 0; })) {
            throw new DataError('Every set is empty (size 0), so there is nothing to draw.');
        }
        return areas;
    }

    /** "A ∩ B: 2" for an area's tooltip, with the sets' labels when they have them. */
    function areaTitle(areas) {
        const labels = {};
        areas.forEach(function (area) {
            if (area.sets.length === 1) { labels[area.sets[0]] = area.label || area.sets[0]; }
        });
        return function (area) {
            return area.sets.map(function (name) { return labels[name]; }).join(' \u2229 ') + ': ' +
                utils.formatNumber(area.size);
        };
    }

    function isDark() {
        return Boolean(jsondash.theme && jsondash.theme.name() === 'dark');
    }

    function highlight(area, on) {
        const single = area.datum().sets.length === 1;
        const path = area.select('path');
        if (single) {
            path.style('fill-opacity', on ? 0.4 : 0.25);
        } else {
            path.style('fill', isDark() ? '#e4e7eb' : '#1e293b').style('fill-opacity', on ? 0.15 : 0);
        }
    }

    function vennChart(ctx) {
        const venn = ctx.requireGlobal('venn', 'venn.js', 'VennDiagram');
        const d3 = ctx.requireGlobal('d3', 'D3');
        const areas = checkAreas(ctx.data);
        const fontSize = Math.round(Math.max(11, Math.min(18, Math.min(ctx.width, ctx.height) / 16)));
        const chart = venn.VennDiagram()
            .width(ctx.width)
            .height(ctx.height)
            .padding(Math.max(8, fontSize))
            .duration(0)
            .fontSize(fontSize + 'px');
        const holder = d3.select(ctx.el);
        // venn.js wraps labels while measuring them in the inherited font size: make it the final one.
        holder.style('font-size', fontSize + 'px');
        holder.datum(areas).call(chart);
        // Its transitions stop before ctx.svg's cleanup removes the svg.
        ctx.onCleanup(function () { holder.selectAll('*').interrupt(); });

        const svg = d3.select(ctx.svg('Venn diagram', holder.select('svg').node()));
        svg.selectAll('.venn-area').append('title').text(areaTitle(areas));
        // Outlines keep small overlaps visible; hovering shades the area the tooltip is about.
        svg.selectAll('.venn-circle path')
            .style('stroke', function () { return d3.select(this).style('fill'); })
            .style('stroke-width', 1.5)
            .style('stroke-opacity', 0.8);
        svg.selectAll('.venn-area')
            .on('mouseover.jsondash', function () { highlight(d3.select(this), true); })
            .on('mouseout.jsondash', function () { highlight(d3.select(this), false); });
        svg.selectAll('text').style('font-weight', 600);
        if (isDark()) {
            // venn.js colours each label like its circle: lighter, they read on a dark page.
            svg.selectAll('text').style('fill', function () {
                return d3.color(d3.select(this).style('fill')).brighter(1.3).toString();
            });
        }
    }

    jsondash.renderers.register('Venn', {
        venn: vennChart,
    });
}(window.jsondash));
