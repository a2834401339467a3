/* Specs for the runtime's pure helpers (flask_jsondash/static/js/utils.js), run under Node. */
'use strict';
const utils = require('../flask_jsondash/static/js/utils.js');

describe('withQuery', function () {
    it('adds and replaces parameters on an absolute URL', function () {
        expect(utils.withQuery('http://h:5004/line?range=5&x=1', {range: 10, entries: 'a b'}))
            .toBe('http://h:5004/line?range=10&x=1&entries=a+b');
    });

    it('keeps a relative URL relative', function () {
        expect(utils.withQuery('/api/data?a=1', {b: 2})).toBe('/api/data?a=1&b=2');
    });

    it('removes parameters set to null', function () {
        expect(utils.withQuery('http://h/x?a=1&b=2', {a: null})).toBe('http://h/x?b=2');
    });
});

describe('pickShared', function () {
    const payload = {multicharts: {line: {a: [1]}, pie: {b: 2}}};

    it('returns the whole payload without a key', function () {
        expect(utils.pickShared(payload, undefined)).toBe(payload);
    });

    it('takes multicharts[key]', function () {
        expect(utils.pickShared(payload, 'pie')).toEqual({b: 2});
    });

    it('names the keys there are when the key is missing', function () {
        expect(function () { utils.pickShared(payload, 'bar'); })
            .toThrowMatching(function (err) {
                return err.name === 'DataError' && /no "bar"; it has: line, pie/.test(err.message);
            });
    });

    it('says so when the payload is not shared data', function () {
        expect(function () { utils.pickShared([1, 2], 'line'); })
            .toThrowMatching(function (err) { return /multicharts/.test(err.message) && /a list of 2 items/.test(err.message); });
    });
});

describe('describeHttpError', function () {
    it('names the status and what to do', function () {
        expect(utils.describeHttpError(404, '')).toBe('The data source answered 404 Not Found. Check the data source URL.');
        expect(utils.describeHttpError(503)).toMatch(/503 Service Unavailable.*try again later/);
        expect(utils.describeHttpError(418, "I'm a teapot")).toBe("The data source answered 418 I'm a teapot.");
    });
});

describe('parseJsonText', function () {
    it('parses JSON', function () {
        expect(utils.parseJsonText('{"a": [1, 2]}')).toEqual({a: [1, 2]});
    });

    it('says an HTML page came back instead of JSON', function () {
        expect(function () { utils.parseJsonText('<!doctype html><html>oops</html>'); })
            .toThrowMatching(function (err) {
                return err instanceof utils.DataError && /HTML page/.test(err.message) && /<!doctype html>/.test(err.message);
            });
    });

    it('says the response was empty', function () {
        expect(function () { utils.parseJsonText('  '); }).toThrowError(utils.DataError, /empty response/);
    });
});

describe('formatNumber and numberTone', function () {
    it('groups thousands of numbers and leaves text alone', function () {
        expect(utils.formatNumber(1234567.891)).toBe('1,234,567.89');
        expect(utils.formatNumber('$12,300')).toBe('$12,300');
        expect(utils.formatNumber(null)).toBe('');
    });

    it('reads the sign of numbers and numeric text', function () {
        expect(utils.numberTone(-3)).toBe('negative');
        expect(utils.numberTone('-$12,300')).toBe('negative');
        expect(utils.numberTone('$12,300')).toBe('positive');
        expect(utils.numberTone(0)).toBe('neutral');
        expect(utils.numberTone('n/a')).toBe('neutral');
        expect(utils.numberTone(-3, true)).toBe('neutral');
        expect(utils.numberTone(-3, 'true')).toBe('neutral');
    });
});

describe('youtubeEmbed', function () {
    it('takes the src and size from embed code', function () {
        const code = '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc_123?controls=0&amp;x=1" frameborder="0"></iframe>';
        expect(utils.youtubeEmbed(code)).toEqual({
            src: 'https://www.youtube.com/embed/abc_123?controls=0&x=1', width: 560, height: 315,
        });
    });

    it('turns watch and short URLs into embed URLs', function () {
        expect(utils.youtubeEmbed('https://www.youtube.com/watch?v=xyz-9').src).toBe('https://www.youtube.com/embed/xyz-9');
        expect(utils.youtubeEmbed('https://youtu.be/xyz-9').src).toBe('https://www.youtube.com/embed/xyz-9');
        expect(utils.youtubeEmbed('http://www.youtube.com/embed/q').src).toBe('https://www.youtube.com/embed/q');
    });

    it('refuses anything that is not YouTube', function () {
        expect(utils.youtubeEmbed('<iframe src="https://evil.example/embed/x"></iframe>')).toBeNull();
        expect(utils.youtubeEmbed('javascript:alert(1)')).toBeNull();
        expect(utils.youtubeEmbed('')).toBeNull();
    });
});

describe('seriesColumns', function () {
    it('turns a series object into C3 columns', function () {
        expect(utils.seriesColumns({a: [1, 2], b: [3, 4]})).toEqual([['a', 1, 2], ['b', 3, 4]]);
    });

    it('can leave keys out', function () {
        expect(utils.seriesColumns({dates: ['2026-01-01'], a: [1]}, ['dates'])).toEqual([['a', 1]]);
    });

    it('explains a series that is not a list', function () {
        expect(function () { utils.seriesColumns({a: 5}); }).toThrowError(utils.DataError, /Series "a" should be a list/);
    });

    it('explains a payload that is not an object', function () {
        expect(function () { utils.seriesColumns([1, 2]); }).toThrowError(utils.DataError, /object of series.*a list of 2 items/);
    });
});

describe('pieColumns', function () {
    it('turns slices into columns and sums lists', function () {
        expect(utils.pieColumns({a: 1, b: [2, 3], c: '4'})).toEqual([['a', 1], ['b', 5], ['c', 4]]);
    });

    it('explains a slice that is not a number', function () {
        expect(function () { utils.pieColumns({a: 'many'}); }).toThrowError(utils.DataError, /Slice "a"/);
    });
});

describe('refreshInterval', function () {
    it('never refreshes faster than once a second', function () {
        expect(utils.refreshInterval(10)).toBe(1000);
        expect(utils.refreshInterval(5000)).toBe(5000);
        expect(utils.refreshInterval(null)).toBeNull();
        expect(utils.refreshInterval(0)).toBeNull();
        expect(utils.refreshInterval('soon')).toBeNull();
    });
});

describe('sparklineValues', function () {
    it('accepts a flat list, a nested list and pairs', function () {
        expect(utils.sparklineValues([1, 2, 3], 'bar')).toEqual([1, 2, 3]);
        expect(utils.sparklineValues([[20, 40, 30]], 'pie')).toEqual([20, 40, 30]);
        expect(utils.sparklineValues([[1, 2], [2, 10]], 'line')).toEqual([[1, 2], [2, 10]]);
        expect(utils.sparklineValues([[1, 2], [2, 10]], 'bar')).toEqual([2, 10]);
    });

    it('explains an empty payload', function () {
        expect(function () { utils.sparklineValues([], 'line'); }).toThrowError(utils.DataError);
    });
});

describe('modernPlotlyFigure', function () {
    it('rewrites legacy polar traces and axes', function () {
        const figure = {
            data: [{r: [1, 2], t: [0, 90], mode: 'lines'}, {r: [3], t: [45], type: 'area'}],
            layout: {angularaxis: {range: [0, 360], tickcolor: 'red'}, radialaxis: {ticksuffix: '%'}, orientation: 270},
        };
        const modern = utils.modernPlotlyFigure(figure);
        expect(modern.data[0]).toEqual({r: [1, 2], theta: [0, 90], mode: 'lines', type: 'scatterpolar'});
        expect(modern.data[1].type).toBe('barpolar');
        expect(modern.layout.angularaxis).toBeUndefined();
        expect(modern.layout.orientation).toBeUndefined();
        expect(modern.layout.polar.angularaxis).toEqual({tickcolor: 'red', rotation: 90, direction: 'clockwise'});
        expect(modern.layout.polar.radialaxis).toEqual({ticksuffix: '%', angle: 45});
        expect(figure.data[0].t).toEqual([0, 90]);  // the original is not changed
    });

    it('keeps a legacy counterclockwise direction and radial orientation', function () {
        const figure = {data: [{r: [1], t: [0]}], layout: {direction: 'counterclockwise', radialaxis: {orientation: 30}}};
        const polar = utils.modernPlotlyFigure(figure).layout.polar;
        expect(polar.angularaxis).toEqual({rotation: 0, direction: 'counterclockwise'});
        expect(polar.radialaxis).toEqual({angle: -30});
    });

    it('leaves modern figures alone', function () {
        const figure = {data: [{type: 'scatterpolar', r: [1], theta: [2]}], layout: {}};
        expect(utils.modernPlotlyFigure(figure)).toBe(figure);
    });
});

describe('fitScale', function () {
    it('shrinks to fit and never enlarges', function () {
        expect(utils.fitScale(200, 100, 100, 100)).toBe(0.5);
        expect(utils.fitScale(50, 50, 100, 100)).toBe(1);
        expect(utils.fitScale(0, 10, 100, 100)).toBe(1);
    });
});

describe('inputParams', function () {
    const options = [
        {name: 'range', type: 'select'},
        {name: 'axes', type: 'checkbox'},
        {name: 'prefix', type: 'text'},
        {type: 'text'},
    ];

    it('maps form values to query parameters', function () {
        expect(utils.inputParams(options, {range: 25, axes: true, prefix: 'x'}))
            .toEqual({range: '25', axes: 'true', prefix: 'x'});
    });

    it('sends unchecked boxes as false and leaves empty fields out', function () {
        expect(utils.inputParams(options, {range: '', axes: false, prefix: null})).toEqual({axes: 'false'});
    });
});

describe('sourceBase', function () {
    it('is the folder of the data source', function () {
        expect(utils.sourceBase('http://h:5004/vegalite?type=bar', 'http://app/charts/1')).toBe('http://h:5004/');
        expect(utils.sourceBase('/api/specs/bar.json#x', 'http://app/charts/1')).toBe('http://app/api/specs/');
    });
});

describe('locateJsonPaths', function () {
    const text = '{\n  "name": "x",\n  "modules": [\n    {"width": 400,\n     "inputs": {"options": [{"name": "a\\"b"}]}}\n  ]\n}';

    it('finds where each value starts, by the paths validation reports', function () {
        const paths = utils.locateJsonPaths(text);
        expect(utils.lineOf(text, paths['name'])).toBe(2);
        expect(utils.lineOf(text, paths['modules'])).toBe(3);
        expect(utils.lineOf(text, paths['modules[0].width'])).toBe(4);
        expect(utils.lineOf(text, paths['modules[0].inputs.options[0].name'])).toBe(5);
        expect(text.slice(paths['modules[0].width'], paths['modules[0].width'] + 3)).toBe('400');
        expect(paths['']).toBe(0);
    });

    it('returns what it found before a syntax error', function () {
        const paths = utils.locateJsonPaths('{"name": "x", "modules": [1, oops]}');
        expect(paths['name']).toBe(9);
        expect(paths['modules[0]']).toBe(26);
        expect(paths['modules[1]']).toBeDefined();
        expect(paths['modules[2]']).toBeUndefined();
    });
});

describe('escapeHtml', function () {
    it('escapes the five characters that matter in text and quoted attributes', function () {
        expect(utils.escapeHtml('<a href="x" title=\'y\'>Tom & Jerry</a>'))
            .toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
    });

    it('turns anything into text first', function () {
        expect(utils.escapeHtml(42)).toBe('42');
        expect(utils.escapeHtml(null)).toBe('null');
    });

    it('escapes an ampersand once, so entities show as typed', function () {
        expect(utils.escapeHtml('&amp;')).toBe('&amp;amp;');
    });
});

describe('requireGlobal', function () {
    const scope = {d3: {hierarchy: function () {}, layout: {cloud: function () {}}}, empty: null};

    it('returns the global', function () {
        expect(utils.requireGlobal(scope, 'd3', 'D3')).toBe(scope.d3);
    });

    it('says which library did not load, in a DataError', function () {
        expect(function () { utils.requireGlobal(scope, 'c3', 'C3'); })
            .toThrowError(utils.DataError, 'The C3 library did not load on this page.');
        expect(function () { utils.requireGlobal(scope, 'empty', 'Empty'); })
            .toThrowError(utils.DataError, 'The Empty library did not load on this page.');
    });

    it('names the global when there is no label', function () {
        expect(function () { utils.requireGlobal(scope, 'venn'); })
            .toThrowError(utils.DataError, 'The venn library did not load on this page.');
    });

    it('checks that a member, by dotted path, is a function', function () {
        expect(utils.requireGlobal(scope, 'd3', 'd3-cloud', 'layout.cloud')).toBe(scope.d3);
        expect(utils.requireGlobal(scope, 'd3', 'D3', 'hierarchy')).toBe(scope.d3);
        expect(function () { utils.requireGlobal(scope, 'd3', 'd3-cloud', 'layout.missing'); })
            .toThrowError(utils.DataError, 'The d3-cloud library did not load on this page.');
        expect(function () { utils.requireGlobal(scope, 'd3', 'dagre-d3', 'nothing.here'); })
            .toThrowError(utils.DataError, 'The dagre-d3 library did not load on this page.');
    });
});

describe('missingLibraries (the runtime\'s check at load, from the families\' manifests)', function () {
    const {missingLibraries} = require('../flask_jsondash/static/js/utils.js');
    const families = {
        C3: {globals: ['d3', 'c3'], library: 'C3'},
        WordCloud: {globals: ['d3', 'd3.layout.cloud'], library: 'd3-cloud'},
        Basic: {globals: [], library: ''},
    };

    it('names nothing when every global is there', function () {
        const scope = {d3: {layout: {cloud: function () {}}}, c3: {}};
        expect(missingLibraries(scope, families)).toEqual({});
    });

    it('names each family whose library is missing, with what is missing', function () {
        const missing = missingLibraries({d3: {}}, families);
        expect(Object.keys(missing).sort()).toEqual(['C3', 'WordCloud']);
        expect(missing.C3).toContain('The C3 library did not load on this page (c3 is missing)');
        expect(missing.WordCloud).toContain('d3.layout.cloud is missing');
    });

    it('takes a page without families', function () {
        expect(missingLibraries({}, null)).toEqual({});
    });
});
