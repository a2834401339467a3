/* flask_jsondash renderers: Cytoscape (cytoscape), drawn with Cytoscape.js 3.
 *
 * Data: Cytoscape options {"elements": [...], "style": [...], "layout": {"name": "cose"}}, where
 * elements is a list of {"data": {"id": ...}} nodes and {"data": {"source", "target"}} edges, or
 * {"nodes": [...], "edges": [...]}. "style" and "layout" are optional: nodes are labelled with
 * data.label (or their id), and the layout is "preset" when every node has a position, "cose"
 * for small graphs and "circle" for large ones. Only the core layouts are available (null,
 * random, preset, grid, circle, concentric, breadthfirst, cose). The graph is fitted to the
 * widget. Override and non-override payloads are the same options object.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const CORE_LAYOUTS = ['null', 'random', 'preset', 'grid', 'circle', 'concentric', 'breadthfirst', 'cose'];
    // cose gets slow and tangled beyond this many nodes.
    const COSE_LIMIT = 300;
    const PADDING = 12;
    // Fitting a handful of nodes into a big widget would blow them up to giant discs.
    const MAX_FIT_ZOOM = 2;
    const EXAMPLE = '{"elements": [{"data": {"id": "a"}}, {"data": {"id": "b"}}, ' +
        '{"data": {"source": "a", "target": "b"}}], "layout": {"name": "circle"}}';

    // Beyond this many edges, straight "haystack" edges without arrows keep drawing fast.
    const MANY_EDGES = 500;
    const DEFAULT_STYLE = [
        {selector: 'node', style: {
            'background-color': '#2563eb', 'width': 16, 'height': 16,
            'font-size': 12, 'color': '#1f2933', 'text-valign': 'bottom', 'text-margin-y': 3,
            'text-outline-color': '#ffffff', 'text-outline-width': 2,
            // Labels that would render smaller than this are hidden instead of blurring together.
            'min-zoomed-font-size': 9,
        }},
        {selector: 'node[label]', style: {'label': 'data(label)'}},
        {selector: 'node[^label]', style: {'label': 'data(id)'}},
        {selector: 'edge', style: {
            'width': 1.5, 'line-color': '#9aa5b1', 'curve-style': 'bezier',
            'target-arrow-shape': 'triangle', 'target-arrow-color': '#9aa5b1', 'arrow-scale': 0.8,
        }},
    ];

    const BIG_GRAPH_STYLE = DEFAULT_STYLE.concat([
        {selector: 'node', style: {'width': 6, 'height': 6}},
        {selector: 'edge', style: {'curve-style': 'haystack', 'target-arrow-shape': 'none', 'width': 1, 'line-color': '#52606d', 'opacity': 0.4}},
    ]);

    // On a dark page: light labels on a dark halo, lighter edges, dark compound boxes. A payload's
    // own "style" comes after these, so what it sets wins; labels it colours too dark to read
    // on the page get a light backing (readableLabels).
    const DARK_BASE_STYLE = [
        {selector: 'node', style: {'color': '#e4e7eb', 'text-outline-color': '#1b222c', 'text-outline-width': 2}},
        {selector: 'edge', style: {'color': '#e4e7eb', 'text-outline-color': '#1b222c', 'text-outline-width': 2}},
        {selector: ':parent', style: {'background-color': '#2a3441', 'border-color': '#4b5869'}},
    ];
    const DARK_DEFAULT_STYLE = [
        {selector: 'node', style: {'background-color': '#60a5fa'}},
        {selector: 'edge', style: {'line-color': '#7b8794', 'target-arrow-color': '#7b8794'}},
    ];
    const DARK_BIG_GRAPH_STYLE = [
        {selector: 'edge', style: {'line-color': '#9aa5b1', 'opacity': 0.35}},
    ];
    const DARK_PAGE = [0x1b, 0x22, 0x2c];

    function isDark() {
        return Boolean(jsondash.theme && jsondash.theme.name() === 'dark');
    }

    /** The stylesheet for the page's theme: the payload's own (or ours), over the dark base. */
    function themedStyle(style, big) {
        if (!isDark()) { return style === undefined ? (big ? BIG_GRAPH_STYLE : DEFAULT_STYLE) : style; }
        if (style === undefined) {
            return DARK_BASE_STYLE.concat(big ? BIG_GRAPH_STYLE.concat(DARK_BIG_GRAPH_STYLE) : DEFAULT_STYLE.concat(DARK_DEFAULT_STYLE));
        }
        // A stylesheet given as text (Cytoscape accepts CSS-like strings) is left as it is.
        return Array.isArray(style) ? DARK_BASE_STYLE.concat(style) : style;
    }

    function luminance(rgb) {
        const channel = function (value) {
            const c = value / 255;
            return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    }

    /** On a dark page, labels in a colour too dark to read there (a payload's own, kept) are
     *  drawn on a light backing. */
    function readableLabels(cy) {
        if (!isDark()) { return; }
        const page = luminance(DARK_PAGE);
        cy.elements().forEach(function (element) {
            const match = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(String(element.style('color')));
            if (!match || !element.style('label')) { return; }
            const text = luminance([Number(match[1]), Number(match[2]), Number(match[3])]);
            if ((Math.max(text, page) + 0.05) / (Math.min(text, page) + 0.05) >= 4.5) { return; }
            element.style({
                'text-outline-width': 0, 'text-background-color': '#e4e7eb', 'text-background-opacity': 0.92,
                'text-background-padding': 2, 'text-background-shape': 'roundrectangle',
            });
        });
    }

    function isEdge(element) {
        return element.group === 'edges' ||
            (element.group !== 'nodes' && element.data.source !== undefined && element.data.target !== undefined);
    }

    /** The elements as one list, checked: Cytoscape throws on duplicate ids and dangling edges. */
    function checkElements(elements) {
        let list;
        if (Array.isArray(elements)) {
            list = elements;
        } else if (utils.isPlainObject(elements) && (Array.isArray(elements.nodes) || Array.isArray(elements.edges))) {
            list = (elements.nodes || []).map(function (el) { return Object.assign({group: 'nodes'}, el); })
                .concat((elements.edges || []).map(function (el) { return Object.assign({group: 'edges'}, el); }));
        } else {
            throw new DataError('Expected Cytoscape options with "elements", like ' + EXAMPLE + ', but "elements" is ' +
                utils.describe(elements) + '.');
        }
        const ids = {};
        list.forEach(function (element, index) {
            if (!utils.isPlainObject(element) || !utils.isPlainObject(element.data)) {
                throw new DataError('Element ' + (index + 1) + ' should be an object with "data", like {"data": {"id": "a"}}, ' +
                    'but it is ' + utils.describe(element) + '.');
            }
            const id = element.data.id;
            if (id === undefined || id === null) { return; }
            if (ids[id]) { throw new DataError('Two elements have the id "' + id + '"; ids must be unique.'); }
            ids[id] = isEdge(element) ? 'edge' : 'node';
        });
        list.forEach(function (element, index) {
            if (!isEdge(element)) { return; }
            ['source', 'target'].forEach(function (end) {
                const id = element.data[end];
                if (ids[id] !== 'node') {
                    throw new DataError('Edge ' + (element.data.id !== undefined ? '"' + element.data.id + '"' : index + 1) +
                        ' has ' + end + ' "' + id + '", but there is no node with that id.');
                }
            });
        });
        return list;
    }

    function layoutOptions(layout, nodes) {
        if (layout !== undefined && !utils.isPlainObject(layout)) {
            throw new DataError('"layout" should be an object like {"name": "cose"}, but it is ' + utils.describe(layout) + '.');
        }
        const options = Object.assign({}, layout || {});
        if (!options.name) {
            const positioned = nodes.length && nodes.every(function (node) { return utils.isPlainObject(node.position); });
            options.name = positioned ? 'preset' : (nodes.length <= COSE_LIMIT ? 'cose' : 'circle');
        }
        if (CORE_LAYOUTS.indexOf(options.name) < 0) {
            throw new DataError('The layout "' + options.name + '" is not available here (it needs a Cytoscape extension). ' +
                'Use one of: ' + CORE_LAYOUTS.join(', ') + '.');
        }
        // Draw the final positions at once: the widget resolves when the layout stops.
        if (!('animate' in options)) { options.animate = false; }
        if (!('fit' in options)) { options.fit = true; }
        if (!('padding' in options)) { options.padding = PADDING; }
        return options;
    }

    function cytoscapeChart(ctx) {
        const cytoscape = ctx.requireGlobal('cytoscape', 'Cytoscape');
        const payload = ctx.data;
        if (!utils.isPlainObject(payload)) {
            throw new DataError('Expected Cytoscape options like ' + EXAMPLE + ', but got ' + utils.describe(payload) + '.');
        }
        if (payload.elements === undefined) {
            throw new DataError('Expected Cytoscape options with "elements", like ' + EXAMPLE + ', but got ' +
                utils.describe(payload) + '.');
        }
        const elements = checkElements(payload.elements);
        const nodes = elements.filter(function (el) { return !isEdge(el); });
        const layout = layoutOptions(payload.layout, nodes);
        const options = Object.assign({}, payload, {
            container: ctx.el,
            elements: elements,
            // Keep the given positions until the real layout runs ("null" would zero them).
            layout: {name: 'preset', fit: false},
            headless: false,
        });
        options.style = themedStyle(options.style, elements.length - nodes.length > MANY_EDGES);
        const cy = cytoscape(options);
        readableLabels(cy);
        return new Promise(function (resolve) {
            ctx.onCleanup(function () {
                cy.destroy();
                resolve(); // a layout stopped by the cleanup never reports "layoutstop"
            });
            const run = cy.layout(layout);
            run.one('layoutstop', function () {
                if (layout.fit && cy.zoom() > MAX_FIT_ZOOM) {
                    cy.zoom(MAX_FIT_ZOOM);
                    cy.center();
                }
                resolve();
            });
            run.run();
        });
    }

    jsondash.renderers.register('Cytoscape', {
        cytoscape: cytoscapeChart,
    });
}(window.jsondash));
