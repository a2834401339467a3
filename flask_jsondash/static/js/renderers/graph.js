/* flask_jsondash renderers: Graph (graph), a Graphviz dot description drawn with dagre-d3.
 *
 * Data: {"graph": "<dot source>"}, e.g. {"graph": "digraph { a -> b; b -> c; }"} (a bare dot
 * string is accepted too). graphlib-dot parses it; dagre lays it out. Understood dot attributes:
 * graph rankdir; node label, shape (box, ellipse, circle, diamond, ...), color, fillcolor,
 * fontcolor, style (filled, dashed, dotted, bold, rounded, invis); edge label, color, fontcolor,
 * style; subgraphs named cluster_* are drawn as labelled boxes. The drawing is scaled to fit
 * the widget; without a rankdir (or when the given one would make the labels unreadably small)
 * it is laid out top-down or left-right, whichever reads larger.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const FONT_SIZE = 12;
    // Small graphs are enlarged at most this much; big ones shrink to fit.
    const MAX_SCALE = 1.25;
    // Below this on-screen size, labels are hidden (tooltips still name the nodes).
    const MIN_VISIBLE_FONT = 6;
    // The smallest on-screen label size that reads comfortably.
    const READABLE_FONT = 10;
    const ROTATED = {TB: 'LR', LR: 'TB', BT: 'RL', RL: 'BT'};
    // Colours a dot file leaves unset, for the page's theme (js/theme.js). text: labels on our
    // own fills (null: the library's black); a label on a fill the dot file chose keeps black.
    const THEME_COLORS = {
        light: {nodeFill: '#fff', filledFill: '#e2e8f0', nodeStroke: '#475569', edge: '#64748b',
            clusterFill: '#f8fafc', clusterStroke: '#cbd5e1', text: null},
        dark: {nodeFill: '#1b222c', filledFill: '#334052', nodeStroke: '#9aa5b1', edge: '#8591a0',
            clusterFill: '#222b36', clusterStroke: '#4b5869', text: '#e4e7eb'},
    };

    function themeColors() {
        return THEME_COLORS[jsondash.theme && jsondash.theme.name() === 'dark' ? 'dark' : 'light'];
    }
    const SHAPES = {
        box: 'rect', rect: 'rect', rectangle: 'rect', square: 'rect', record: 'rect', Mrecord: 'rect',
        plaintext: 'rect', plain: 'rect', none: 'rect', note: 'rect', tab: 'rect', folder: 'rect',
        ellipse: 'ellipse', oval: 'ellipse', egg: 'ellipse',
        circle: 'circle', doublecircle: 'circle', point: 'circle', Mcircle: 'circle',
        diamond: 'diamond', Mdiamond: 'diamond',
    };
    const SPACING = {
        normal: {nodesep: 30, ranksep: 40, edgesep: 12, padding: 8},
        compact: {nodesep: 12, ranksep: 24, edgesep: 6, padding: 4},
    };

    function libraries(ctx) {
        return {
            d3: ctx.requireGlobal('d3', 'D3'),
            dagreD3: ctx.requireGlobal('dagreD3', 'dagre-d3', 'render'),
            graphlibDot: ctx.requireGlobal('graphlibDot', 'graphlib-dot', 'read'),
        };
    }

    function dotSource(data) {
        const source = typeof data === 'string' ? data : (utils.isPlainObject(data) ? data.graph : undefined);
        if (typeof source !== 'string' || !source.trim()) {
            const got = utils.isPlainObject(data) && 'graph' in data ? '"graph" is ' + utils.describe(data.graph) :
                utils.describe(data);
            throw new DataError('Expected {"graph": "<dot source>"}, like {"graph": "digraph { a -> b; }"}, but got ' +
                got + '.');
        }
        return source;
    }

    function parse(graphlibDot, source) {
        try {
            return graphlibDot.read(source);
        } catch (err) {
            const where = err && err.line ? ' (line ' + err.line + ', column ' + err.column + ')' : '';
            throw new DataError('The graph is not valid dot' + where + ': ' + ((err && err.message) || String(err)));
        }
    }

    // Dot attributes -> dagre-d3 settings --------------------------------------------------

    function styleList(attrs) {
        return String(attrs.style || '').split(',').map(function (s) { return s.trim(); });
    }

    function strokeStyle(styles, color) {
        let css = 'stroke: ' + color + ';';
        if (styles.indexOf('dashed') >= 0) { css += ' stroke-dasharray: 5,4;'; }
        if (styles.indexOf('dotted') >= 0) { css += ' stroke-dasharray: 1,3;'; }
        if (styles.indexOf('bold') >= 0) { css += ' stroke-width: 2px;'; }
        if (styles.indexOf('invis') >= 0) { css += ' opacity: 0;'; }
        return css;
    }

    /** A label's CSS: its fontcolor, else the theme's text colour on our own fills (ownFill). */
    function labelCss(attrs, ownFill) {
        const text = attrs.fontcolor || (ownFill ? themeColors().text : null);
        let css = text ? 'fill: ' + text + ';' : '';
        if (styleList(attrs).indexOf('invis') >= 0) { css += ' opacity: 0;'; }
        return css;
    }

    function nodeSettings(v, attrs, spacing) {
        const styles = styleList(attrs);
        const colors = themeColors();
        const filled = styles.indexOf('filled') >= 0 || attrs.fillcolor !== undefined;
        const ownFill = !filled || !(attrs.fillcolor || attrs.color);
        const fill = filled ? (attrs.fillcolor || attrs.color || colors.filledFill) : colors.nodeFill;
        const shape = SHAPES[attrs.shape] || 'rect';
        const rounded = shape === 'rect' && (styles.indexOf('rounded') >= 0 || attrs.shape === undefined);
        return {
            label: attrs.label === undefined || attrs.label === null ? String(v) : String(attrs.label),
            shape: shape,
            style: 'fill: ' + fill + '; ' + strokeStyle(styles, attrs.color || colors.nodeStroke),
            labelStyle: labelCss(attrs, ownFill),
            rx: rounded ? 4 : 0,
            ry: rounded ? 4 : 0,
            padding: spacing.padding,
        };
    }

    /** Subgraphs named cluster* are boxes in Graphviz; other subgraphs only group nodes. */
    function clusterSettings(v, attrs) {
        const visible = /^cluster/.test(v);
        const colors = themeColors();
        const box = 'fill: ' + (attrs.fillcolor || colors.clusterFill) + '; ' + strokeStyle(styleList(attrs), attrs.color || colors.clusterStroke);
        return {
            label: visible && attrs.label !== undefined && attrs.label !== null ? String(attrs.label) : '',
            labelStyle: labelCss(attrs, !attrs.fillcolor),
            clusterLabelPos: 'top',
            style: visible ? box : 'fill: none; stroke: none;',
            paddingTop: visible && attrs.label ? 20 : 8,
        };
    }

    function edgeSettings(d3, attrs, directed) {
        const color = attrs.color || themeColors().edge;
        return {
            label: attrs.label === undefined || attrs.label === null ? '' : String(attrs.label),
            style: 'fill: none; ' + strokeStyle(styleList(attrs), color),
            labelStyle: labelCss(attrs, true),
            arrowhead: directed ? 'vee' : 'undirected',
            arrowheadStyle: 'fill: ' + color + '; stroke: ' + color + ';',
            curve: d3.curveBasis,
        };
    }

    /** A freshly parsed graph (layout writes into it) with every node and edge given what
     *  dagre-d3 needs. */
    function buildGraph(libs, source, rankdir, spacing) {
        const graph = parse(libs.graphlibDot, source);
        graph.nodes().forEach(function (v) {
            const attrs = graph.node(v) || {};
            const cluster = graph.isCompound() && graph.children(v).length > 0;
            graph.setNode(v, cluster ? clusterSettings(v, attrs) : nodeSettings(v, attrs, spacing));
        });
        graph.edges().forEach(function (e) {
            graph.setEdge(e, edgeSettings(libs.d3, graph.edge(e) || {}, graph.isDirected()));
        });
        // Dot's own spacings are in inches: only the direction is carried over.
        graph.setGraph({
            rankdir: rankdir,
            nodesep: spacing.nodesep,
            ranksep: spacing.ranksep,
            edgesep: spacing.edgesep,
            marginx: 4,
            marginy: 4,
        });
        return graph;
    }

    // Layout and fitting ----------------------------------------------------------------------

    function drawVariant(libs, svg, source, rankdir, spacing, box) {
        const graph = buildGraph(libs, source, rankdir, spacing);
        const group = svg.append('g');
        new libs.dagreD3.render()(group, graph);
        const bounds = group.node().getBBox();
        // A few pixels of margin so strokes on the edge are not clipped.
        const scale = Math.min((box.width - 8) / Math.max(bounds.width, 1), (box.height - 8) / Math.max(bounds.height, 1));
        return {group: group, graph: graph, bounds: bounds, scale: scale};
    }

    /** Lay the graph out in the dot's rankdir; while the drawing must shrink, also try tighter
     *  spacing and (when no rankdir is given, or its labels would be unreadably small) the
     *  other direction, and keep whichever reads largest. */
    function bestLayout(libs, svg, source, given, box) {
        const other = ROTATED[given];
        const tries = other ?
            [[SPACING.normal, given], [SPACING.compact, given], [SPACING.normal, other], [SPACING.compact, other]] :
            [[SPACING.normal, 'TB'], [SPACING.normal, 'LR'], [SPACING.compact, 'TB'], [SPACING.compact, 'LR']];
        const goodEnough = other ? READABLE_FONT / FONT_SIZE : 1;
        let best = null;
        for (const [spacing, rankdir] of tries) {
            const variant = drawVariant(libs, svg, source, rankdir, spacing, box);
            // A later try must be clearly better to replace an earlier (preferred) one.
            if (!best || variant.scale > best.scale * 1.05) {
                if (best) { best.group.remove(); }
                best = variant;
            } else {
                variant.group.remove();
            }
            if (best.scale >= goodEnough) { break; }
        }
        return best;
    }

    function fit(svg, layout, box) {
        const scale = Math.min(layout.scale, MAX_SCALE);
        const b = layout.bounds;
        const viewWidth = box.width / scale;
        const viewHeight = box.height / scale;
        const x = b.x + b.width / 2 - viewWidth / 2;
        const y = b.y + b.height / 2 - viewHeight / 2;
        svg.attr('viewBox', [x, y, viewWidth, viewHeight].join(' '));
        return scale;
    }

    function graphChart(ctx) {
        const libs = libraries(ctx);
        const source = dotSource(ctx.data);
        const parsed = parse(libs.graphlibDot, source);
        if (!parsed.nodeCount()) {
            throw new DataError('The graph has no nodes to draw.');
        }
        const given = String(parsed.graph().rankdir || '').toUpperCase();
        const box = {width: ctx.width, height: ctx.height};
        // Its viewBox is set again once the layout is known (fit).
        const svg = libs.d3.select(ctx.svg('Graph'))
            .attr('preserveAspectRatio', 'xMidYMid meet')
            .style('font-size', FONT_SIZE + 'px');

        const layout = bestLayout(libs, svg, source, given, box);
        const scale = fit(svg, layout, box);
        layout.group.selectAll('g.node').append('title').text(function (v) {
            return layout.graph.node(v).label || v;
        });
        if (scale * FONT_SIZE < MIN_VISIBLE_FONT) {
            layout.group.selectAll('g.node g.label, g.edgeLabel').style('display', 'none');
        }
    }

    jsondash.renderers.register('Graph', {
        graph: graphChart,
    });
}(window.jsondash));
