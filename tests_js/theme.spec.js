/* Specs for jsondash.theme (flask_jsondash/static/js/theme.js): the colours Plotly and Vega-Lite
 * are given on a dark page, and nothing changed on a light one. */
'use strict';
const theme = require('../flask_jsondash/static/js/theme.js');

describe('jsondash.theme', function () {
    afterEach(function () { theme.force(null); });

    it('reads the theme from an address, ignoring unknown ones', function () {
        expect(theme.fromSearch('?theme=dark')).toBe('dark');
        expect(theme.fromSearch('?a=1&theme=light')).toBe('light');
        expect(theme.fromSearch('?theme=sepia')).toBeNull();
        expect(theme.fromSearch('')).toBeNull();
    });

    it('leaves a light page\'s Plotly layout and Vega-Lite config as they are', function () {
        theme.force('light');
        const layout = {xaxis: {}};
        expect(theme.plotlyLayout(layout)).toBe(layout);
        expect(theme.vegaConfig(undefined)).toBeUndefined();
        expect(theme.readableColor('#008000')).toBe('#008000');
    });

    it('gives a dark Plotly layout without replacing the figure\'s own colours', function () {
        theme.force('dark');
        const layout = {xaxis: {gridcolor: 'red'}, title: 'Sales', font: {size: 14}};
        const themed = theme.plotlyLayout(layout, [{xaxis: 'x2', yaxis: 'y3'}]);
        expect(themed).not.toBe(layout);
        expect(layout.paper_bgcolor).toBeUndefined();
        expect(themed.paper_bgcolor).toBe('#1b222c');
        expect(themed.font).toEqual({size: 14, color: '#e4e7eb'});
        expect(themed.title).toBe('Sales');
        expect(themed.xaxis.gridcolor).toBe('red');
        expect(themed.xaxis2.gridcolor).toBe('#323c48');
        expect(themed.yaxis3.color).toBe('#e4e7eb');
        const templated = {template: {layout: {}}};
        expect(theme.plotlyLayout(templated)).toBe(templated);
    });

    it('gives a dark Vega-Lite config without replacing the spec\'s own colours', function () {
        theme.force('dark');
        const config = theme.vegaConfig({axis: {labelColor: 'orange'}});
        expect(config.background).toBe('#1b222c');
        expect(config.axis.labelColor).toBe('orange');
        expect(config.axis.titleColor).toBe('#e4e7eb');
        expect(config.legend.labelColor).toBe('#e4e7eb');
        expect(config.title.color).toBe('#e4e7eb');
    });

    it('lightens a text colour too dark for a dark page just enough', function () {
        theme.force('dark');
        const green = theme.readableColor('#008000');
        expect(green).not.toBe('#008000');
        expect(theme.contrast(green, '#1b222c')).toBeGreaterThanOrEqual(4.5);
        expect(theme.readableColor('#ffcc00')).toBe('#ffcc00');
    });
});
