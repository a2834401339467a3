/* flask_jsondash renderers: D3 (radial-dendrogram, dendrogram, treemap, voronoi, circlepack),
 * drawn with d3 v5.
 *
 * dendrogram, radial-dendrogram, treemap, circlepack: a hierarchy
 *   {"name": "root", "children": [{"name": "a", "size": 10}, {"name": "b", "children": [...]}]};
 *   leaves carry a numeric "size" (the area of treemap cells and packed circles; when no leaf
 *   has one, every leaf counts as 1).
 * voronoi: a list of points [[x, y], ...] (any numeric range, scaled to the box).
 * Every chart is laid out at the widget's size; labels that do not fit are shortened or hidden,
 * and every shape has a tooltip (an SVG <title>) with its full name and value.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const HIERARCHY_EXAMPLE = '{"name": "root", "children": [{"name": "a", "size": 10}]}';
    const MIN_FONT = 10;
    const MAX_FONT = 12;
    // Labels get this much room (about four letters) or are left out.
    const MIN_LABEL_ROOM = 36;
    // Colours of labels, links and hollow dots, for the page's theme (js/theme.js): "paper" is
    // the widget's background, which halos behind labels and hollow dots are drawn in.
    const THEME_COLORS = {
        light: {ink: '#1e293b', strongInk: '#0f172a', paper: '#fff', link: '#94a3b8', root: '#64748b',
            rootFill: '#f8fafc', rootStroke: '#cbd5e1'},
        dark: {ink: '#e4e7eb', strongInk: '#f1f5f9', paper: '#1b222c', link: '#8591a0', root: '#9aa5b1',
            rootFill: '#11161d', rootStroke: '#4b5869'},
    };

    function themeColors() {
        return THEME_COLORS[jsondash.theme && jsondash.theme.name() === 'dark' ? 'dark' : 'light'];
    }

    function d3lib(ctx) {
        return ctx.requireGlobal('d3', 'D3', 'hierarchy');
    }

    // Data checks ---------------------------------------------------------------------------

    /** Check the whole tree up front (iteratively: deep trees must not blow the stack) and
     *  say whether any leaf has a size. */
    function checkHierarchy(data) {
        if (!utils.isPlainObject(data)) {
            throw new DataError('Expected a hierarchy like ' + HIERARCHY_EXAMPLE + ', but got ' +
                utils.describe(data) + '.');
        }
        let sized = false;
        const stack = [data];
        while (stack.length) {
            const node = stack.pop();
            if (!utils.isPlainObject(node)) {
                throw new DataError('Every item in "children" must be an object like {"name": "a", "size": 10}, ' +
                    'but one is ' + utils.describe(node) + '.');
            }
            const children = node.children;
            if (children !== undefined && children !== null && !Array.isArray(children)) {
                throw new DataError('"children" of "' + nameOf(node) + '" must be a list, but it is ' +
                    utils.describe(children) + '.');
            }
            if (node.size !== undefined && node.size !== null) {
                const size = Number(node.size);
                if (typeof node.size === 'boolean' || !isFinite(size) || size < 0) {
                    throw new DataError('The "size" of "' + nameOf(node) + '" must be a number of 0 or more, but it is ' +
                        utils.describe(node.size) + '.');
                }
                if (!children || !children.length) { sized = true; }
            }
            if (children) { children.forEach(function (child) { stack.push(child); }); }
        }
        return {sized: sized};
    }

    function nameOf(node) {
        const name = node && node.name;
        return name === undefined || name === null ? '' : String(name);
    }

    /** A d3 hierarchy with values: leaf sizes, or a count of leaves when no leaf has a size. */
    function buildRoot(d3, data) {
        const check = checkHierarchy(data);
        const root = d3.hierarchy(data);
        if (check.sized) {
            root.sum(function (d) { return d.children && d.children.length ? 0 : Number(d.size) || 0; });
        } else {
            root.count();
        }
        return root.sort(function (a, b) { return b.value - a.value; });
    }

    function checkPoints(data) {
        if (!Array.isArray(data) || !data.length) {
            throw new DataError('Expected a list of [x, y] points, like [[1, 2], [3, 5]], but got ' +
                utils.describe(data) + '.');
        }
        return data.map(function (point, index) {
            const pair = utils.isPlainObject(point) ? [point.x, point.y] : point;
            const x = Array.isArray(pair) ? pair[0] : undefined;
            const y = Array.isArray(pair) ? pair[1] : undefined;
            if (!Array.isArray(pair) || !isNumber(x) || !isNumber(y)) {
                throw new DataError('Point ' + (index + 1) + ' should be [x, y] with two numbers, but it is ' +
                    (Array.isArray(point) ? JSON.stringify(point).slice(0, 40) : utils.describe(point)) + '.');
            }
            return [Number(x), Number(y)];
        });
    }

    function isNumber(value) {
        return (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) && isFinite(Number(value));
    }

    // Drawing helpers -----------------------------------------------------------------------

    /** The links of a dendrogram, drawn with `shape` (a d3 link generator); thinner when many. */
    function drawLinks(g, root, leaves, shape) {
        g.append('g')
            .attr('fill', 'none')
            .attr('stroke', themeColors().link)
            .attr('stroke-opacity', 0.7)
            .attr('stroke-width', leaves.length > 300 ? 0.5 : 1.2)
            .selectAll('path')
            .data(root.links())
            .enter().append('path')
            .attr('d', shape);
    }

    /** The widget's SVG (ctx.svg) and a measure of text in its font. */
    function createSvg(d3, ctx) {
        return {svg: d3.select(ctx.svg('Chart')), measure: textMeasurer(ctx.fontFamily())};
    }

    /** measure(text, fontSize, weight?) -> width in pixels, with a canvas (no layout passes). */
    function textMeasurer(family) {
        const context = document.createElement('canvas').getContext('2d');
        return function (text, size, weight) {
            context.font = (weight || 'normal') + ' ' + size + 'px ' + family;
            return context.measureText(text).width;
        };
    }

    /** The label shortened with an ellipsis to fit maxWidth, or null if not even a few
     *  characters fit (then the shape's tooltip carries the name). */
    function fitLabel(measure, text, size, maxWidth, weight) {
        if (!text || maxWidth <= 0) { return null; }
        if (measure(text, size, weight) <= maxWidth) { return text; }
        let low = 0;
        let high = text.length;
        while (low < high) {
            const mid = Math.ceil((low + high) / 2);
            if (measure(text.slice(0, mid) + '\u2026', size, weight) <= maxWidth) { low = mid; } else { high = mid - 1; }
        }
        return low >= Math.min(3, text.length) ? text.slice(0, low) + '\u2026' : null;
    }

    function clamp(value, low, high) {
        return Math.max(low, Math.min(high, value));
    }

    /** Nodes are coloured by their top-level branch, so each subtree reads as one hue. */
    function branchColor(d3, root) {
        const scheme = d3.schemeTableau10 || d3.schemeCategory10;
        const color = d3.scaleOrdinal(scheme).domain((root.children || []).map(function (d, i) { return i; }));
        return function (node) {
            let branch = node;
            while (branch.depth > 1) { branch = branch.parent; }
            if (branch.depth === 0) { return themeColors().root; }
            return color(branch.parent.children.indexOf(branch));
        };
    }

    /** "root / a / b: 1,234" for tooltips. */
    function nodeTitle(node) {
        const path = node.ancestors().reverse().map(function (d) { return nameOf(d.data); }).join(' / ');
        return path + ': ' + utils.formatNumber(node.value);
    }

    function addTitles(selection, text) {
        selection.append('title').text(text);
    }

    // Dendrograms -------------------------------------------------------------------------

    /** Which inner nodes get a label: level by level, the biggest first, each a font's height
     *  clear of the labels already placed on its level (so crowded levels keep their main
     *  branches named). */
    function labelledInnerNodes(root, font) {
        const placed = {};
        const chosen = new Set();
        root.descendants()
            .filter(function (d) { return d.children && d.depth > 0; })
            .sort(function (a, b) { return b.value - a.value; })
            .forEach(function (d) {
                const level = placed[d.depth] = placed[d.depth] || [];
                if (level.every(function (x) { return Math.abs(x - d.x) >= font + 1; })) {
                    level.push(d.x);
                    chosen.add(d);
                }
            });
        return chosen;
    }

    function dendrogram(ctx) {
        const d3 = d3lib(ctx);
        const root = buildRoot(d3, ctx.data);
        const drawing = createSvg(d3, ctx);
        const measure = drawing.measure;
        const width = ctx.width;
        const height = ctx.height;
        const leaves = root.leaves();
        const depth = Math.max(root.height, 1);

        // One leaf per row: leaf labels show only when a row is tall enough for the smallest font.
        const rowGap = (height - 8) / leaves.length;
        const leafFont = clamp(Math.floor(rowGap * 0.9), MIN_FONT, MAX_FONT);
        const showLeaves = rowGap >= MIN_FONT && root.children;
        const longest = showLeaves ? d3.max(leaves, function (d) { return measure(nameOf(d.data), leafFont); }) : 0;
        const right = showLeaves ? Math.min(longest + 8, width * 0.35) : 4;
        const left = Math.max(Math.min(measure(nameOf(root.data), MAX_FONT) + 10, width * 0.15), 4);
        const top = MAX_FONT / 2 + 2;
        const innerWidth = Math.max(width - left - right, 10);
        const innerHeight = Math.max(height - 2 * top, 10);
        d3.cluster().size([innerHeight, innerWidth])(root);

        const color = branchColor(d3, root);
        const g = drawing.svg.append('g').attr('transform', 'translate(' + left + ',' + top + ')');
        drawLinks(g, root, leaves, d3.linkHorizontal().x(function (d) { return d.y; }).y(function (d) { return d.x; }));

        const nodes = g.append('g').selectAll('g')
            .data(root.descendants())
            .enter().append('g')
            .attr('transform', function (d) { return 'translate(' + d.y + ',' + d.x + ')'; });
        nodes.append('circle')
            .attr('r', clamp(rowGap / 3, 1, 3.5))
            .attr('fill', function (d) { return d.children ? themeColors().paper : color(d); })
            .attr('stroke', color)
            .attr('stroke-width', 1);
        addTitles(nodes, nodeTitle);

        // Leaves are labelled right of their dot; inner nodes left of theirs, on a white halo
        // over the links.
        const innerFont = MIN_FONT + 1;
        const inner = labelledInnerNodes(root, innerFont);
        const levelGap = innerWidth / depth;
        const fontOf = function (d) {
            if (d.depth === 0) { return MAX_FONT; }
            if (d.children) { return inner.has(d) ? innerFont : null; }
            return showLeaves ? leafFont : null;
        };
        nodes.filter(function (d) { return fontOf(d); }).append('text')
            .attr('dy', '0.32em')
            .attr('x', function (d) { return d.children ? -6 : 6; })
            .attr('text-anchor', function (d) { return d.children ? 'end' : 'start'; })
            .attr('font-size', fontOf)
            .attr('fill', themeColors().ink)
            .attr('stroke', function (d) { return d.children ? themeColors().paper : null; })
            .attr('stroke-width', 3)
            .attr('stroke-linejoin', 'round')
            .attr('paint-order', 'stroke')
            .text(function (d) {
                const room = d.depth === 0 ? left - 8 : (d.children ? levelGap - 14 : right - 8);
                return fitLabel(measure, nameOf(d.data), fontOf(d), room);
            });
    }

    function radialDendrogram(ctx) {
        const d3 = d3lib(ctx);
        const root = buildRoot(d3, ctx.data);
        const drawing = createSvg(d3, ctx);
        const measure = drawing.measure;
        const leaves = root.leaves();
        const outer = Math.max(Math.min(ctx.width, ctx.height) / 2 - 4, 10);

        // Leaf labels stand outward on the rim, so the tree's radius must leave neighbouring
        // leaves about a font apart; the labels get the rest of the room (shortened to fit),
        // and are left out when that is too little.
        const needed = (MIN_FONT - 1) * leaves.length / (2 * Math.PI);
        let font = MAX_FONT;
        let room = 0;
        for (let attempt = 0; attempt < 2; attempt++) {
            const longest = d3.max(leaves, function (d) { return measure(nameOf(d.data), font); }) || 0;
            room = Math.min(longest + 8, outer * 0.4, outer - needed);
            font = clamp(Math.floor(2 * Math.PI * (outer - room) / leaves.length * 0.9), MIN_FONT, MAX_FONT);
        }
        const showLabels = root.children && room >= MIN_LABEL_ROOM;
        const radius = showLabels ? outer - room : outer;
        d3.cluster().size([2 * Math.PI, radius])(root);

        const color = branchColor(d3, root);
        const g = drawing.svg.append('g')
            .attr('transform', 'translate(' + ctx.width / 2 + ',' + ctx.height / 2 + ')');
        drawLinks(g, root, leaves, d3.linkRadial().angle(function (d) { return d.x; }).radius(function (d) { return d.y; }));

        const dot = clamp(Math.PI * radius / leaves.length / 2, 1, 3.5);
        const nodes = g.append('g').selectAll('g')
            .data(root.descendants())
            .enter().append('g')
            .attr('transform', function (d) {
                return 'rotate(' + (d.x * 180 / Math.PI - 90) + ') translate(' + d.y + ',0)';
            });
        nodes.append('circle')
            .attr('r', dot)
            .attr('fill', function (d) { return d.children ? themeColors().paper : color(d); })
            .attr('stroke', color);
        addTitles(nodes, nodeTitle);
        if (!showLabels) { return; }

        nodes.filter(function (d) { return !d.children; }).append('text')
            .attr('dy', '0.32em')
            .attr('x', function (d) { return d.x < Math.PI ? 6 : -6; })
            .attr('text-anchor', function (d) { return d.x < Math.PI ? 'start' : 'end'; })
            // Labels on the left half are turned upright.
            .attr('transform', function (d) { return d.x >= Math.PI ? 'rotate(180)' : null; })
            .attr('font-size', font)
            .attr('fill', themeColors().ink)
            .text(function (d) { return fitLabel(measure, nameOf(d.data), font, room - 8); });
    }

    // Area charts ---------------------------------------------------------------------------

    function treemap(ctx) {
        const d3 = d3lib(ctx);
        const root = buildRoot(d3, ctx.data);
        const drawing = createSvg(d3, ctx);
        const measure = drawing.measure;
        const font = MIN_FONT + 1;
        // Top-level branches get a header strip with their name when there is room for one.
        const header = root.height > 1 && ctx.height >= 160 ? font + 5 : 0;
        d3.treemap()
            .size([ctx.width, ctx.height])
            .paddingInner(1)
            .paddingTop(function (d) { return d.depth === 1 ? header : 0; })
            .round(true)(root);

        const color = branchColor(d3, root);
        const branches = (root.children || []).filter(function (d) { return d.children; });
        const groups = drawing.svg.append('g').selectAll('g')
            .data(branches)
            .enter().append('g')
            .attr('transform', function (d) { return 'translate(' + d.x0 + ',' + d.y0 + ')'; });
        groups.append('rect')
            .attr('width', function (d) { return d.x1 - d.x0; })
            .attr('height', function (d) { return d.y1 - d.y0; })
            .attr('fill', color)
            .attr('fill-opacity', 0.25);
        addTitles(groups, nodeTitle);
        if (header) {
            groups.append('text')
                .attr('x', 3)
                .attr('y', header - 4)
                .attr('font-size', font)
                .attr('font-weight', 600)
                .attr('fill', themeColors().ink)
                .text(function (d) {
                    return d.y1 - d.y0 >= header ? fitLabel(measure, nameOf(d.data), font, d.x1 - d.x0 - 6) : null;
                });
        }

        const cells = drawing.svg.append('g').selectAll('g')
            .data(root.leaves().filter(function (d) { return d.x1 > d.x0 && d.y1 > d.y0; }))
            .enter().append('g')
            .attr('transform', function (d) { return 'translate(' + d.x0 + ',' + d.y0 + ')'; });
        cells.append('rect')
            .attr('width', function (d) { return d.x1 - d.x0; })
            .attr('height', function (d) { return d.y1 - d.y0; })
            .attr('fill', color)
            .attr('fill-opacity', 0.8);
        addTitles(cells, nodeTitle);
        cells.append('text')
            .attr('x', 3)
            .attr('y', font + 1)
            .attr('font-size', font)
            .attr('fill', '#fff')
            // On a dark page the cells are darker and some too light for white alone: a halo.
            .attr('stroke', themeColors() === THEME_COLORS.dark ? themeColors().paper : null)
            .attr('stroke-width', 2.5)
            .attr('stroke-linejoin', 'round')
            .attr('paint-order', 'stroke')
            .text(function (d) {
                return d.y1 - d.y0 >= font + 4 ? fitLabel(measure, nameOf(d.data), font, d.x1 - d.x0 - 6) : null;
            });
    }

    function circlepack(ctx) {
        const d3 = d3lib(ctx);
        const root = buildRoot(d3, ctx.data);
        const drawing = createSvg(d3, ctx);
        const measure = drawing.measure;
        const side = Math.max(Math.min(ctx.width, ctx.height) - 2, 10);
        d3.pack().size([side, side]).padding(function (d) { return d.height > 1 ? 3 : 1.5; })(root);

        const color = branchColor(d3, root);
        const colors = themeColors();
        const g = drawing.svg.append('g')
            .attr('transform', 'translate(' + (ctx.width - side) / 2 + ',' + (ctx.height - side) / 2 + ')');
        const nodes = g.selectAll('g')
            .data(root.descendants().filter(function (d) { return d.r > 0; }))
            .enter().append('g')
            .attr('transform', function (d) { return 'translate(' + d.x + ',' + d.y + ')'; });
        nodes.append('circle')
            .attr('r', function (d) { return d.r; })
            .attr('fill', function (d) { return d.depth === 0 ? colors.rootFill : color(d); })
            .attr('fill-opacity', function (d) { return d.children ? 0.12 : 0.75; })
            .attr('stroke', function (d) { return d.depth === 0 ? colors.rootStroke : color(d); })
            .attr('stroke-opacity', function (d) { return d.children ? 0.6 : 0; });
        addTitles(nodes, nodeTitle);
        // Top-level branches are named along the inside top of their circle, leaves at their
        // centre (unless that would cross their branch's name); the rest only in tooltips.
        const branchLabels = circleBranchLabels(root, measure);
        const leafLabels = circleLeafLabels(root, measure, branchLabels);
        const labelled = nodes.filter(function (d) { return branchLabels.has(d) || leafLabels.has(d); });
        labelled.append('text')
            .attr('y', function (d) { return (branchLabels.get(d) || leafLabels.get(d)).y; })
            .attr('dy', function (d) { return branchLabels.has(d) ? null : '0.32em'; })
            .attr('text-anchor', 'middle')
            .attr('font-size', function (d) { return (branchLabels.get(d) || leafLabels.get(d)).size; })
            .attr('font-weight', function (d) { return branchLabels.has(d) ? 600 : null; })
            .attr('fill', colors.strongInk)
            // On a dark page every label gets a halo: light text over the leaves' colours needs it.
            .attr('stroke', function (d) { return branchLabels.has(d) || colors === THEME_COLORS.dark ? colors.paper : null; })
            .attr('stroke-width', 3)
            .attr('stroke-linejoin', 'round')
            .attr('paint-order', 'stroke')
            .attr('pointer-events', 'none')
            .text(function (d) { return (branchLabels.get(d) || leafLabels.get(d)).text; });
    }

    const BRANCH_FONT = MIN_FONT + 1;

    /** Labels of the top-level branches: Map node -> {text, size, y, box} (box relative to
     *  the pack), for circles whose chord at the label's height holds a few letters. */
    function circleBranchLabels(root, measure) {
        const labels = new Map();
        (root.children || []).forEach(function (d) {
            if (!d.children || d.r < 3 * BRANCH_FONT) { return; }
            const y = -d.r + BRANCH_FONT + 4;
            // The circle's chord at the height of the capitals' tops bounds the width.
            const inset = d.r - 4 - BRANCH_FONT * 0.75;
            const chord = 2 * Math.sqrt(Math.max(d.r * d.r - inset * inset, 0));
            const text = fitLabel(measure, nameOf(d.data), BRANCH_FONT, chord, 600);
            if (!text) { return; }
            const width = measure(text, BRANCH_FONT, 600);
            labels.set(d, {
                text: text, size: BRANCH_FONT, y: y,
                box: {x0: d.x - width / 2, x1: d.x + width / 2, y0: d.y + y - BRANCH_FONT, y1: d.y + y + 3},
            });
        });
        return labels;
    }

    function circleLeafLabels(root, measure, branchLabels) {
        const labels = new Map();
        root.leaves().forEach(function (d) {
            if (d.r < MIN_FONT) { return; }
            const size = clamp(Math.floor(d.r / 2.5), MIN_FONT, MAX_FONT + 2);
            const text = fitLabel(measure, nameOf(d.data), size, d.r * 1.8 - 2);
            if (!text) { return; }
            const width = measure(text, size);
            const box = {x0: d.x - width / 2, x1: d.x + width / 2, y0: d.y - size / 2 - 1, y1: d.y + size / 2 + 1};
            const branch = d.ancestors().find(function (a) { return a.depth === 1; });
            const other = branch && branchLabels.get(branch);
            if (other && box.x0 < other.box.x1 && other.box.x0 < box.x1 && box.y0 < other.box.y1 && other.box.y0 < box.y1) {
                return;
            }
            labels.set(d, {text: text, size: size, y: 0});
        });
        return labels;
    }

    // Voronoi -------------------------------------------------------------------------------

    function voronoi(ctx) {
        const d3 = d3lib(ctx);
        const points = checkPoints(ctx.data);
        const drawing = createSvg(d3, ctx);
        const pad = 6;
        const x = paddedScale(d3, points.map(function (p) { return p[0]; }), [pad, ctx.width - pad]);
        const y = paddedScale(d3, points.map(function (p) { return p[1]; }), [ctx.height - pad, pad]);
        const placed = points.map(function (p, index) { return {point: p, index: index, x: x(p[0]), y: y(p[1])}; });
        // Points on the same spot share one cell: d3.voronoi gives the others none.
        const polygons = d3.voronoi()
            .x(function (d) { return d.x; })
            .y(function (d) { return d.y; })
            .extent([[0, 0], [ctx.width, ctx.height]])
            .polygons(placed);

        const color = d3.scaleOrdinal(d3.schemeTableau10 || d3.schemeCategory10);
        const cells = drawing.svg.append('g').selectAll('path')
            .data(polygons.filter(function (polygon) { return polygon && polygon.length; }))
            .enter().append('path')
            .attr('d', function (polygon) { return 'M' + polygon.join('L') + 'Z'; })
            .attr('fill', function (polygon) { return color(polygon.data.index % 10); })
            .attr('fill-opacity', 0.45)
            .attr('stroke', themeColors().paper)
            .attr('stroke-width', points.length > 500 ? 0.5 : 1);
        addTitles(cells, function (polygon) {
            return 'x: ' + utils.formatNumber(polygon.data.point[0]) + ', y: ' + utils.formatNumber(polygon.data.point[1]);
        });
        drawing.svg.append('g')
            .attr('fill', themeColors().ink)
            .attr('pointer-events', 'none')
            .selectAll('circle')
            .data(placed)
            .enter().append('circle')
            .attr('cx', function (d) { return d.x; })
            .attr('cy', function (d) { return d.y; })
            .attr('r', points.length > 500 ? 1 : 2.5);
    }

    /** A linear scale over the values; a single value sits in the middle of the range. */
    function paddedScale(d3, values, range) {
        const extent = d3.extent(values);
        if (extent[0] === extent[1]) { extent[0] -= 1; extent[1] += 1; }
        return d3.scaleLinear().domain(extent).range(range);
    }

    jsondash.renderers.register('D3', {
        'radial-dendrogram': radialDendrogram,
        'dendrogram': dendrogram,
        'treemap': treemap,
        'voronoi': voronoi,
        'circlepack': circlepack,
    });
}(window.jsondash));
