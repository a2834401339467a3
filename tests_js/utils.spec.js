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

    it('reads single-quoted and unquoted attributes, and not data-src', function () {
        const code = "<iframe data-src='https://evil.example/x' width=640 height='360' src='https://www.youtube-nocookie.com/embed/q'></iframe>";
        expect(utils.youtubeEmbed(code)).toEqual({src: 'https://www.youtube-nocookie.com/embed/q', width: 640, height: 360});
    });

    it('turns watch and short URLs into embed URLs', function () {
        expect(utils.youtubeEmbed('https://www.youtube.com/watch?v=xyz-9').src).toBe('https://www.youtube.com/embed/xyz-9');
        expect(utils.youtubeEmbed('https://www.youtube.com/watch?t=3&v=xyz-9').src).toBe('https://www.youtube.com/embed/xyz-9');
        expect(utils.youtubeEmbed('https://youtu.be/xyz-9').src).toBe('https://www.youtube.com/embed/xyz-9');
        expect(utils.youtubeEmbed('https://youtube.com/embed/q').src).toBe('https://youtube.com/embed/q');
    });

    it('has no size without embed code or for nonsense sizes', function () {
        expect(utils.youtubeEmbed('https://www.youtube.com/embed/q')).toEqual({src: 'https://www.youtube.com/embed/q', width: null, height: null});
        expect(utils.youtubeEmbed('<iframe width="1e999" height="-3" src="https://www.youtube.com/embed/q">').width).toBeNull();
    });

    it('refuses anything that is not an https YouTube player', function () {
        [
            '<iframe src="https://evil.example/embed/x"></iframe>',
            '<iframe src="javascript:alert(1)"></iframe>',
            '<iframe src="http://www.youtube.com/embed/x"></iframe>',
            'http://www.youtube.com/embed/q',
            '//www.youtube.com/embed/q',
            '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
            '<iframe src="https://evil.example/?https://www.youtube.com/embed/x"></iframe>',
            '<iframe src="https://www.youtube.com@evil.example/embed/x"></iframe>',
            '<iframe src="https://user@www.youtube.com/embed/x"></iframe>',
            '<iframe src="https://www.youtube.com:8443/embed/x"></iframe>',
            '<iframe src="https://www.youtube.com/embed/x/../../redirect?q=https://evil.example"></iframe>',
            '<iframe src="https://www.youtube.com/embed/x%22onload%3Dalert(1)"></iframe>',
            '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
            '<img src=x onerror=alert(1)>',
            '<script src="https://www.youtube.com/embed/x"></script>',
            'javascript:alert(1)',
            '',
            null,
            undefined,
        ].forEach(function (code) {
            expect(utils.youtubeEmbed(code)).withContext(String(code)).toBeNull();
        });
    });
});

describe('safeUrl', function () {
    const PAGE = 'http://dash.example:8080/charts/abc';

    it('returns http(s) URLs, normalised', function () {
        expect(utils.safeUrl('http://example.com/data', PAGE)).toBe('http://example.com/data');
        expect(utils.safeUrl('HTTPS://Example.COM/d?x=1#y', PAGE)).toBe('https://example.com/d?x=1#y');
        expect(utils.safeUrl('  https://example.com/d  ', PAGE)).toBe('https://example.com/d');
    });

    it('resolves relative URLs against the page', function () {
        expect(utils.safeUrl('/api/data?a=1', PAGE)).toBe('http://dash.example:8080/api/data?a=1');
        expect(utils.safeUrl('data.json', PAGE)).toBe('http://dash.example:8080/charts/data.json');
        expect(utils.safeUrl('?a=1', PAGE)).toBe('http://dash.example:8080/charts/abc?a=1');
        expect(utils.safeUrl('//cdn.example/x', PAGE)).toBe('http://cdn.example/x');
        expect(utils.safeUrl('\\\\cdn.example\\x', PAGE)).toBe('http://cdn.example/x');
    });

    it('refuses every other scheme, however it is written', function () {
        [
            'javascript:alert(document.domain)',
            'JaVaScRiPt:alert(1)',
            ' \t\njavascript:alert(1)',
            '\u0000javascript:alert(1)',
            '\u0001javascript:alert(1)',
            '\u001fjavascript:alert(1)',
            'java\tscript:alert(1)',
            'java\nscript:alert(1)',
            'java\rscript:alert(1)',
            'javascript\t:alert(1)',
            'javascript:alert(1)\u0000',
            'data:text/html,<img src=x onerror=alert(1)>',
            'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
            'vbscript:msgbox(1)',
            'blob:https://example.com/1234',
            'file:///etc/passwd',
            'ftp://example.com/x',
            'about:blank',
            'mailto:a@example.com',
            'ws://example.com/socket',
            'chrome://settings',
            'jar:http://example.com/x!/y',
        ].forEach(function (url) {
            expect(utils.safeUrl(url, PAGE)).withContext(JSON.stringify(url)).toBeNull();
        });
    });

    it('keeps look-alikes that are only relative paths as paths on the page\'s server', function () {
        // Not URLs with a scheme: they are read as paths, so nothing but this server is asked.
        expect(utils.safeUrl('&#106;avascript:alert(1)', PAGE)).toBe('http://dash.example:8080/charts/&#106;avascript:alert(1)');
        expect(utils.safeUrl('%6Aavascript:alert(1)', PAGE)).toBe('http://dash.example:8080/charts/%6Aavascript:alert(1)');
        expect(utils.safeUrl('\u00a0javascript:alert(1)', PAGE)).toMatch(/^http:\/\/dash\.example:8080\/charts\/%C2%A0javascript:alert\(1\)$/);
    });

    it('refuses what is not a usable address', function () {
        [undefined, null, '', '   ', '\u0000\t', 42, {}, ['http://x'], 'http://', 'https://exa mple.com/'].forEach(function (url) {
            expect(utils.safeUrl(url, PAGE)).withContext(JSON.stringify(url)).toBeNull();
        });
    });

    it('refuses relative URLs without a base, or against a base that is not http(s)', function () {
        expect(utils.safeUrl('/api/data')).toBeNull();
        expect(utils.safeUrl('https://example.com/x')).toBe('https://example.com/x');
        expect(utils.safeUrl('/x', 'file:///home/me/page.html')).toBeNull();
        expect(utils.safeUrl('/x', 'about:blank')).toBeNull();
    });
});

describe('refusedUrlMessage', function () {
    it('quotes the address, with control characters visible', function () {
        expect(utils.refusedUrlMessage('javascript:alert(document.domain)')).toBe(
            'This widget\'s address "javascript:alert(document.domain)" is not an http(s) or relative URL; it was not loaded.');
        expect(utils.refusedUrlMessage('\u0001java\tscript:x')).toContain('"\\u0001java\\tscript:x"');
    });

    it('cuts a long address short', function () {
        const message = utils.refusedUrlMessage('data:text/html,' + 'x'.repeat(500));
        expect(message.length).toBeLessThan(200);
        expect(message).toContain('...');
    });
});

describe('escapeStrings', function () {
    it('escapes every string, in objects and lists, and leaves other values', function () {
        expect(utils.escapeStrings({a: '<b>', b: [1, '"x"', {c: "'&'"}], d: null, e: true})).toEqual(
            {a: '&lt;b&gt;', b: [1, '&quot;x&quot;', {c: '&#39;&amp;&#39;'}], d: null, e: true});
        expect(utils.escapeStrings('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    });

    it('keeps the members keep() names as they are, with all inside them', function () {
        const value = {data: [{x: '<b>'}], columns: [{data: 'a<b', title: '<i>'}]};
        const out = utils.escapeStrings(value, function (path) {
            return path.length === 1 ? path[0] === 'data' : path[path.length - 1] === 'data';
        });
        expect(out).toEqual({data: [{x: '<b>'}], columns: [{data: 'a<b', title: '&lt;i&gt;'}]});
    });

    it('asks keep() with the path of keys and indexes', function () {
        const paths = [];
        utils.escapeStrings({a: [{b: 'x'}]}, function (path) { paths.push(path.slice()); return false; });
        expect(paths).toEqual([['a'], ['a', 0, 'b']]);
    });

    it('does not change its argument', function () {
        const value = {a: ['<b>']};
        utils.escapeStrings(value);
        expect(value).toEqual({a: ['<b>']});
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

describe('wall clocks, for axes without timezones (Plotly\'s dates)', function () {
    const {wallClock, fromWallClock, wallClockText, zonedTime} = require('../flask_jsondash/static/js/utils.js');
    const instant = Date.UTC(2026, 0, 1, 10, 30);

    it('keeps an instant as it is in UTC', function () {
        expect(wallClock(instant, 'utc')).toBe(instant);
        expect(fromWallClock(instant, 'utc')).toBe(instant);
    });

    it('turns an instant into the browser\'s wall clock and back (in any TZ the specs run in)', function () {
        const local = new Date(instant);
        const wall = wallClock(instant, 'browser');
        expect(new Date(wall).getUTCHours()).toBe(local.getHours());
        expect(new Date(wall).getUTCMinutes()).toBe(local.getMinutes());
        expect(fromWallClock(wall, 'browser')).toBe(instant);
    });

    it('writes a wall clock as text without a zone', function () {
        expect(wallClockText(instant)).toBe('2026-01-01 10:30:00.000');
    });

    it('reads ISO texts with a zone, and nothing else', function () {
        expect(zonedTime('2026-01-01T10:30:00Z')).toBe(instant);
        expect(zonedTime('2026-01-01 12:30+02:00')).toBe(instant);
        expect(zonedTime('2026-01-01T05:30:00.000-0500')).toBe(instant);
        expect(zonedTime('2026-01-01T10:30:00')).toBeNull();
        expect(zonedTime('2026-01-01')).toBeNull();
        expect(zonedTime(instant)).toBeNull();
        expect(zonedTime('not a time Z')).toBeNull();
    });
});

describe('timezoneOf (a dashboard\'s "timezone" as its time axes use it)', function () {
    const {timezoneOf} = require('../flask_jsondash/static/js/utils.js');

    it('knows utc and the browser\'s ("" is the browser\'s too, as Grafana writes it)', function () {
        expect(timezoneOf('utc')).toBe('utc');
        expect(timezoneOf('browser')).toBe('browser');
        expect(timezoneOf('')).toBe('browser');
    });

    it('leaves anything else to the libraries', function () {
        [undefined, null, 'UTC+2', 'Europe/Berlin', 0].forEach(function (value) {
            expect(timezoneOf(value)).toBeNull();
        });
    });
});
