/* flask_jsondash renderers: SigmaJS (sigma), drawn with sigma 1.2 on its canvas renderer.
 *
 * Data: {"nodes": [{"id", "label", "x", "y", "size", "color"?}], "edges": [{"id", "source",
 * "target"}]}. Nodes without x/y are placed on a circle, a missing size is 1 and a missing edge id
 * is made up. With override: true the payload is {"graph": {"nodes", "edges"}, "settings": {...}},
 * the settings (sigma's, e.g. "labelThreshold", "defaultNodeColor") applied over the defaults.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const EXAMPLE = '{"nodes": [{"id": "a", "label": "A", "x": 0, "y": 0, "size": 1}, {"id": "b", "label": "B", ' +
        '"x": 1, "y": 1, "size": 1}], "edges": [{"id": "e1", "source": "a", "target": "b"}]}';
    // Up to this many nodes every label is drawn; beyond, only labels of the biggest nodes.
    const ALL_LABELS_LIMIT = 60;

    function defaultSettings(nodeCount, width, height) {
        const few = nodeCount <= ALL_LABELS_LIMIT;
        const dark = Boolean(jsondash.theme && jsondash.theme.name() === 'dark');
        // Node radius from the room each node has, so thousands of nodes do not paint a carpet.
        const maxSize = Math.max(1, Math.min(8, Math.sqrt(width * height / Math.max(nodeCount, 1)) / 4));
        return {
            defaultNodeColor: dark ? '#60a5fa' : '#2563eb',
            defaultLabelColor: dark ? '#e4e7eb' : '#1f2933',
            defaultLabelSize: 12,
            font: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
            labelThreshold: few ? 1 : 8,
            minNodeSize: Math.max(0.5, maxSize * (few ? 0.4 : 0.3)),
            maxNodeSize: maxSize,
            minEdgeSize: 0.5,
            maxEdgeSize: 1,
            // Many edges coloured like their nodes paint a solid block; faint grey shows structure.
            edgeColor: few ? 'source' : 'default',
            defaultEdgeColor: few ? (dark ? '#7b8794' : '#9aa5b1') : (dark ? 'rgba(154, 165, 177, 0.25)' : 'rgba(82, 96, 109, 0.25)'),
        };
    }

    function isId(value) {
        return typeof value === 'string' || (typeof value === 'number' && isFinite(value));
    }

    function checkGraph(graph) {
        if (!utils.isPlainObject(graph) || !Array.isArray(graph.nodes)) {
            throw new DataError('Expected a graph like ' + EXAMPLE + ', but got ' + utils.describe(graph) + '.');
        }
        if (graph.edges !== undefined && !Array.isArray(graph.edges)) {
            throw new DataError('"edges" should be a list of {"id", "source", "target"}, but it is ' +
                utils.describe(graph.edges) + '.');
        }
        const ids = {};
        const nodes = graph.nodes.map(function (node, index) {
            if (!utils.isPlainObject(node) || !isId(node.id)) {
                throw new DataError('Node ' + (index + 1) + ' should be an object with an "id", like {"id": "a", ' +
                    '"label": "A"}, but it is ' + utils.describe(node) + '.');
            }
            if (ids[node.id]) { throw new DataError('Two nodes have the id "' + node.id + '"; ids must be unique.'); }
            ids[node.id] = true;
            const size = Number(node.size);
            return Object.assign({}, node, {id: String(node.id), size: isFinite(size) && size > 0 ? size : 1});
        });
        const edgeIds = {};
        const edges = (graph.edges || []).map(function (edge, index) {
            if (!utils.isPlainObject(edge)) {
                throw new DataError('Edge ' + (index + 1) + ' should be {"id", "source", "target"}, but it is ' +
                    utils.describe(edge) + '.');
            }
            const id = isId(edge.id) ? String(edge.id) : 'jd-edge-' + index;
            if (edgeIds[id]) { throw new DataError('Two edges have the id "' + id + '"; ids must be unique.'); }
            edgeIds[id] = true;
            ['source', 'target'].forEach(function (end) {
                if (!ids[edge[end]]) {
                    throw new DataError('Edge "' + id + '" has ' + end + ' "' + edge[end] + '", but there is no node with that id.');
                }
            });
            return Object.assign({}, edge, {id: id, source: String(edge.source), target: String(edge.target)});
        });
        return {nodes: placeNodes(nodes), edges: edges};
    }

    function hasPosition(node) {
        return typeof node.x === 'number' && isFinite(node.x) && typeof node.y === 'number' && isFinite(node.y);
    }

    /** Nodes without x/y go on a circle around the positioned ones (or the unit circle). */
    function placeNodes(nodes) {
        const placed = nodes.filter(hasPosition);
        const missing = nodes.filter(function (node) { return !hasPosition(node); });
        if (!missing.length) { return nodes; }
        let cx = 0;
        let cy = 0;
        let radius = 1;
        if (placed.length) {
            const xs = placed.map(function (node) { return node.x; });
            const ys = placed.map(function (node) { return node.y; });
            const minX = Math.min.apply(null, xs);
            const maxX = Math.max.apply(null, xs);
            const minY = Math.min.apply(null, ys);
            const maxY = Math.max.apply(null, ys);
            cx = (minX + maxX) / 2;
            cy = (minY + maxY) / 2;
            radius = Math.max(maxX - minX, maxY - minY) / 2 || 1;
        }
        missing.forEach(function (node, i) {
            const angle = 2 * Math.PI * i / missing.length - Math.PI / 2;
            node.x = cx + radius * Math.cos(angle);
            node.y = cy + radius * Math.sin(angle);
        });
        return nodes;
    }

    /** sigma's sideMargin is in graph units: 6% of the graph's extent keeps the outermost nodes
     *  (and most of their labels) off the canvas edge. */
    function sideMargin(nodes) {
        if (nodes.length < 2) { return 1; }
        const xs = nodes.map(function (node) { return node.x; });
        const ys = nodes.map(function (node) { return node.y; });
        const extent = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs),
            Math.max.apply(null, ys) - Math.min.apply(null, ys));
        return extent * 0.06;
    }

    function sigmaChart(ctx) {
        const sigma = ctx.requireGlobal('sigma', 'sigma');
        let graphData = ctx.data;
        let userSettings = {};
        if (ctx.override) {
            if (!utils.isPlainObject(ctx.data) || !utils.isPlainObject(ctx.data.graph)) {
                throw new DataError('With "override" on, the data source must return {"graph": ' + EXAMPLE +
                    ', "settings": {...}}, but it returned ' + utils.describe(ctx.data) + '.');
            }
            graphData = ctx.data.graph;
            userSettings = utils.isPlainObject(ctx.data.settings) ? ctx.data.settings : {};
        }
        const graph = checkGraph(graphData);
        const settings = Object.assign(defaultSettings(graph.nodes.length, ctx.width, ctx.height), {sideMargin: sideMargin(graph.nodes)},
            userSettings);
        // sigma adds a window resize listener that kill() never removes.
        const instance = ctx.captureGlobalListeners(function () {
            return new sigma({
                graph: graph,
                renderer: {container: ctx.el, type: 'canvas'},
                settings: settings,
            });
        });
        ctx.onCleanup(function () { instance.kill(); });
    }

    jsondash.renderers.register('SigmaJS', {
        sigma: sigmaChart,
    });
}(window.jsondash));
