/* Specs for js/templating.js: template variables, interpolation, time ranges and the URL state,
 * after Grafana's dashboard model. Times in UTC are exact; the browser timezone is only checked
 * for what holds in any zone (the specs also pass with TZ=Europe/Berlin, America/New_York, ...). */
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const templating = require('../flask_jsondash/static/js/templating.js');

const TEMPLATING_JS = path.join(__dirname, '..', 'flask_jsondash', 'static', 'js', 'templating.js');
const {TemplatingError} = templating;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Thursday 2026-01-15 10:30:45.123 UTC.
const NOW = Date.UTC(2026, 0, 15, 10, 30, 45, 123);
const UTC = {timezone: 'utc'};

function utc(y, M, d, h, m, s, ms) {
    return Date.UTC(y, M, d, h || 0, m || 0, s || 0, ms || 0);
}

/** The message of the TemplatingError fn throws (the spec fails if it throws something else). */
function errorOf(fn) {
    try {
        fn();
    } catch (error) {
        expect(error instanceof TemplatingError).withContext(String(error)).toBe(true);
        return error.message;
    }
    fail('expected a TemplatingError');
    return '';
}

describe('templating.js loading', function () {
    it('in the browser sets window.jsondash.templating and keeps what jsondash already has', function () {
        const utils = {withQuery: function () {}};
        const win = {jsondash: {utils: utils}};
        vm.runInNewContext(fs.readFileSync(TEMPLATING_JS, 'utf8'), {self: win, URLSearchParams: URLSearchParams});
        expect(win.jsondash.utils).toBe(utils);
        expect(win.jsondash.templating.interpolate('$a', {a: 1}).text).toBe('1');
    });

    it('creates window.jsondash when it is missing, and needs no DOM', function () {
        const win = {};
        vm.runInNewContext(fs.readFileSync(TEMPLATING_JS, 'utf8'), {self: win, URLSearchParams: URLSearchParams});
        expect(typeof win.jsondash.templating.parseTime).toBe('function');
        expect(typeof global.document).toBe('undefined');
    });

    it('names Grafana\'s All value and the formats it knows', function () {
        expect(templating.ALL_VALUE).toBe('$__all');
        expect(templating.FORMATS).toEqual(['csv', 'pipe', 'json', 'queryparam', 'raw', 'text', 'glob', 'regex',
            'doublequote', 'singlequote', 'sqlstring', 'percentencode']);
    });
});

describe('interpolate: syntaxes and names', function () {
    const vars = {env: 'prod', host: 'web1', hostname: 'web1.example'};

    it('replaces $var, ${var} and [[var]]', function () {
        expect(templating.interpolate('/a/$env/${env}/[[env]]', vars))
            .toEqual({text: '/a/prod/prod/prod', unknown: [], errors: []});
    });

    it('matches whole identifiers only: $hostname is not $host followed by "name"', function () {
        const result = templating.interpolate('$hostname|$host|$host-x|$host.y|$hosts|${host}s|[[host]]_1|$host_1', vars);
        expect(result.text).toBe('web1.example|web1|web1-x|web1.y|$hosts|web1s|web1_1|$host_1');
        expect(result.unknown).toEqual(['hosts', 'host_1']);
    });

    it('leaves unknown variables as written, in every syntax, and names each once in order', function () {
        const result = templating.interpolate('$nope ${other} [[third]] $nope ${other:csv}', vars);
        expect(result.text).toBe('$nope ${other} [[third]] $nope ${other:csv}');
        expect(result.unknown).toEqual(['nope', 'other', 'third']);
        expect(result.errors).toEqual([]);
    });

    it('leaves a $ that starts no name alone ($5, $, ${not valid}, ${a.b})', function () {
        const result = templating.interpolate('costs $5 or $ (${not valid}) ${env.x} $-1', vars);
        expect(result).toEqual({text: 'costs $5 or $ (${not valid}) ${env.x} $-1', unknown: [], errors: []});
    });

    it('never scans a substituted value again', function () {
        expect(templating.interpolate('$a', {a: '$b', b: 'x'}).text).toBe('$b');
        expect(templating.interpolate('$a', {a: '[[b]]', b: 'x'}).unknown).toEqual([]);
    });

    it('treats regular expression characters in values literally', function () {
        expect(templating.interpolate('$a-$b', {a: '$&', b: '$1'}).text).toBe('$&-$1');
    });

    it('returns text that is not a string as it is', function () {
        expect(templating.interpolate(undefined, vars)).toEqual({text: undefined, unknown: [], errors: []});
        expect(templating.interpolate(42, vars).text).toBe(42);
    });

    it('takes templating.list, {name: value} and {name: variable}', function () {
        const list = [{name: 'env', type: 'custom', current: {text: 'prod', value: 'prod'}}];
        expect(templating.interpolate('$env', list).text).toBe('prod');
        expect(templating.interpolate('$env', {env: {current: {value: 'stage'}}}).text).toBe('stage');
        expect(templating.interpolate('$n', {n: 5}).text).toBe('5');
        expect(templating.interpolate('$env', null).unknown).toEqual(['env']);
        expect(function () { templating.interpolate('$env', 'env=prod'); }).toThrowError(TypeError);
    });

    it('finds every name a text refers to with references()', function () {
        expect(templating.references('/x?a=$a&b=${b:csv}&c=[[c]]&a2=$a&f=$__from&p=$5'))
            .toEqual(['a', 'b', 'c', '__from']);
        expect(templating.references(null)).toEqual([]);
    });
});

describe('interpolate: multiple values and formats', function () {
    const vars = [
        {name: 'env', current: {value: 'prod'}},
        {name: 'host', multi: true, current: {text: ['Web one', 'Web two'], value: ['web1', 'web2']}},
        {name: 'one', multi: true, current: {value: ['only']}},
        {name: 'odd', current: {value: 'a"b\'c.d'}},
    ];

    it('joins several values with commas by default (csv)', function () {
        expect(templating.interpolate('$host [[host]] ${host}', vars).text).toBe('web1,web2 web1,web2 web1,web2');
    });

    it('writes csv, pipe, json, raw, text and queryparam', function () {
        const text = '${host:csv};${host:pipe};${host:json};${host:raw};${host:text};${host:queryparam}';
        expect(templating.interpolate(text, vars).text).toBe(
            'web1,web2;web1|web2;["web1","web2"];web1,web2;Web one + Web two;var-host=web1&var-host=web2');
    });

    it('takes a format in [[var:format]] too', function () {
        expect(templating.interpolate('[[host:pipe]]', vars).text).toBe('web1|web2');
    });

    it('writes a single value as a JSON string, and a one-item selection of a multi variable as a list', function () {
        expect(templating.interpolate('${env:json} ${one:json}', vars).text).toBe('"prod" ["only"]');
    });

    it('writes glob, regex and the quoting formats as Grafana does', function () {
        expect(templating.interpolate('${host:glob} ${env:glob}', vars).text).toBe('{web1,web2} prod');
        expect(templating.interpolate('${host:regex} ${odd:regex}', vars).text).toBe('(web1|web2) a"b\'c\\.d');
        expect(templating.interpolate('${odd:doublequote} ${odd:singlequote} ${odd:sqlstring}', vars).text)
            .toBe('"a\\"b\'c.d" \'a"b\\\'c.d\' \'a"b\'\'c.d\'');
        expect(templating.interpolate('${host:percentencode} ${odd:percentencode}', vars).text)
            .toBe('%7Bweb1%2Cweb2%7D a%22b%27c.d');
    });

    it('leaves a reference with an unknown format as written and says which formats exist', function () {
        const result = templating.interpolate('x=${env:yaml}&y=$env', vars);
        expect(result.text).toBe('x=${env:yaml}&y=prod');
        expect(result.unknown).toEqual([]);
        expect(result.errors.length).toBe(1);
        expect(result.errors[0]).toContain('Unknown format "yaml" in ${env:yaml}');
        expect(result.errors[0]).toContain('csv, pipe, json, queryparam');
    });

    it('interpolates a variable without a value as empty text, as Grafana does', function () {
        expect(templating.interpolate('[$empty]', [{name: 'empty', type: 'query', options: []}]))
            .toEqual({text: '[]', unknown: [], errors: []});
    });
});

describe('interpolate: All', function () {
    const options = [{text: 'All', value: '$__all'}, {text: 'Production', value: 'prod'}, {text: 'Staging', value: 'stage'}];

    it('is every option\'s value when the variable has no allValue', function () {
        const vars = [{name: 'env', includeAll: true, multi: true, options: options, current: {text: 'All', value: '$__all'}}];
        expect(templating.interpolate('$env ${env:pipe} ${env:json} ${env:text}', vars).text)
            .toBe('prod,stage prod|stage ["prod","stage"] All');
        expect(templating.interpolate('${env:queryparam}', vars).text).toBe('var-env=prod&var-env=stage');
    });

    it('takes All as a list too (current.value ["$__all"]), and from a custom query without options', function () {
        expect(templating.interpolate('$env', [{name: 'env', includeAll: true, options: options, current: {value: ['$__all']}}]).text)
            .toBe('prod,stage');
        expect(templating.interpolate('$env', [{name: 'env', type: 'custom', includeAll: true, query: 'a,b,c', current: {value: '$__all'}}]).text)
            .toBe('a,b,c');
    });

    it('is the allValue as written when one is set, even in a URL', function () {
        const vars = [{name: 'env', includeAll: true, allValue: '.*', options: options, current: {value: '$__all'}}];
        expect(templating.interpolate('$env ${env:csv} ${env:json} ${env:raw}', vars).text).toBe('.* .* .* .*');
        expect(templating.interpolate('/q?env=$env', vars, {url: true}).text).toBe('/q?env=.*');
        expect(templating.interpolate('${env:text}', vars).text).toBe('All');
    });

    it('encodes a custom allValue for queryparam and percentencode', function () {
        const vars = [{name: 'env', includeAll: true, allValue: '*', options: options, current: {value: '$__all'}}];
        expect(templating.interpolate('${env:queryparam}', vars).text).toBe('var-env=%2A');
        expect(templating.interpolate('${env:percentencode}', vars, {url: true}).text).toBe('%2A');
    });
});

describe('interpolate: URLs', function () {
    const vars = {q: 'a b&c=d', tags: ['x,y', 'z/w'], path: 'api/v1'};

    it('encodes each value where it lands with {url: true}', function () {
        expect(templating.interpolate('/s?q=$q', vars, {url: true}).text).toBe('/s?q=a%20b%26c%3Dd');
        expect(templating.interpolate('/s?q=$q', vars).text).toBe('/s?q=a b&c=d');
    });

    it('encodes every value of a list and keeps the separators, so a comma inside a value stays one value', function () {
        expect(templating.interpolate('/s?t=$tags&p=${tags:pipe}', vars, {url: true}).text).toBe('/s?t=x%2Cy,z%2Fw&p=x%2Cy|z%2Fw');
    });

    it('encodes a JSON value whole', function () {
        expect(templating.interpolate('/s?t=${tags:json}', vars, {url: true}).text)
            .toBe('/s?t=' + encodeURIComponent('["x,y","z/w"]'));
    });

    it('does not encode raw, and does not encode queryparam twice', function () {
        expect(templating.interpolate('/$path/x', vars, {url: true}).text).toBe('/api%2Fv1/x');
        expect(templating.interpolate('/${path:raw}/x', vars, {url: true}).text).toBe('/api/v1/x');
        const expected = '/s?var-tags=x%2Cy&var-tags=z%2Fw';
        expect(templating.interpolate('/s?${tags:queryparam}', vars, {url: true}).text).toBe(expected);
        expect(templating.interpolate('/s?${tags:queryparam}', vars).text).toBe(expected);
    });

    it('fills in the issue\'s example data source', function () {
        const variables = [
            {name: 'env', type: 'custom', query: 'prod,stage', current: {value: 'prod'}},
            {name: 'host', type: 'query', multi: true, current: {value: ['a', 'b c']}},
        ];
        const result = templating.interpolate(
            'http://h:5004/metrics?from=$__from&to=$__to&step=$__interval&env=$env&${host:queryparam}', variables,
            {url: true, range: {from: 1000, to: 2000}, interval: '20s'});
        expect(result.text).toBe('http://h:5004/metrics?from=1000&to=2000&step=20s&env=prod&var-host=a&var-host=b%20c');
        expect(result.unknown).toEqual([]);
    });
});

describe('interpolate: built-ins', function () {
    const range = {from: utc(2026, 0, 1), to: utc(2026, 0, 2, 0, 0, 30, 500)};

    it('writes $__from and $__to in epoch ms, and as ISO 8601 or seconds', function () {
        const text = '$__from ${__to} ${__from:date:iso} ${__to:date:iso} ${__from:date} ${__to:date:seconds}';
        expect(templating.interpolate(text, {}, {range: range}).text).toBe(
            range.from + ' ' + range.to + ' 2026-01-01T00:00:00.000Z 2026-01-02T00:00:30.500Z ' +
            '2026-01-01T00:00:00.000Z ' + Math.floor(range.to / 1000));
    });

    it('encodes ISO times in a URL', function () {
        expect(templating.interpolate('?t=${__from:date:iso}', {}, {range: range, url: true}).text)
            .toBe('?t=2026-01-01T00%3A00%3A00.000Z');
    });

    it('writes $__interval, $__interval_ms and $__dashboard', function () {
        expect(templating.interpolate('$__interval $__interval_ms $__dashboard', {}, {interval: '1m', dashboard: 'Ops'}).text)
            .toBe('1m 60000 Ops');
        expect(templating.interpolate('$__interval/$__interval_ms', {}, {interval: {text: '20s', ms: 20000}}).text).toBe('20s/20000');
        expect(templating.interpolate('/d/$__dashboard', {}, {dashboard: 'Ops & Dev', url: true}).text).toBe('/d/Ops%20%26%20Dev');
    });

    it('reports a built-in whose value was not given as unknown, and leaves it', function () {
        const result = templating.interpolate('$__from ${__to:date:iso} $__interval $__dashboard $__nope', {});
        expect(result.text).toBe('$__from ${__to:date:iso} $__interval $__dashboard $__nope');
        expect(result.unknown).toEqual(['__from', '__to', '__interval', '__dashboard', '__nope']);
    });

    it('keeps names starting with __ for built-ins, even when a variable has one', function () {
        expect(templating.interpolate('$__mine', {__mine: 'x'}).unknown).toEqual(['__mine']);
        expect(templating.interpolate('$__from', {__from: 'x'}, {range: {from: 5, to: 6}}).text).toBe('5');
    });

    it('refuses date formats on other variables and unknown date formats', function () {
        const other = templating.interpolate('${env:date:iso}', {env: 'prod'});
        expect(other.text).toBe('${env:date:iso}');
        expect(other.errors[0]).toContain('only applies to $__from and $__to');
        const unknownDate = templating.interpolate('${__from:date:YYYY}', {}, {range: range});
        expect(unknownDate.text).toBe('${__from:date:YYYY}');
        expect(unknownDate.errors[0]).toContain('use date:iso or date:seconds');
    });
});

describe('currentValues and customOptions', function () {
    it('reads current.value, a shorthand current, a constant\'s or textbox\'s query', function () {
        expect(templating.currentValues({current: {value: ['a', 1]}})).toEqual(['a', '1']);
        expect(templating.currentValues({current: 'x'})).toEqual(['x']);
        expect(templating.currentValues({type: 'constant', query: 'k'})).toEqual(['k']);
        expect(templating.currentValues({type: 'textbox', query: 'typed', current: {}})).toEqual(['typed']);
    });

    it('falls back to the selected options, then the first option, then a custom query\'s first value', function () {
        expect(templating.currentValues({options: [{value: 'a'}, {value: 'b', selected: true}, {value: 'c', selected: true}]}))
            .toEqual(['b', 'c']);
        expect(templating.currentValues({options: [{text: 'only text'}, {value: 'b'}]})).toEqual(['only text']);
        expect(templating.currentValues({type: 'interval', query: '1m,10m'})).toEqual(['1m']);
        expect(templating.currentValues({type: 'query'})).toEqual([]);
        expect(templating.currentValues(null)).toEqual([]);
    });

    it('splits a custom query on commas, trimmed, with \\, for a comma and "text : value" pairs', function () {
        expect(templating.customOptions(' a, b ,c\\,d,, Production : prod')).toEqual([
            {text: 'a', value: 'a'}, {text: 'b', value: 'b'}, {text: 'c,d', value: 'c,d'},
            {text: 'Production', value: 'prod'},
        ]);
        expect(templating.customOptions('')).toEqual([]);
        expect(templating.customOptions(undefined)).toEqual([]);
    });
});

describe('optionsFromPayload', function () {
    it('takes strings, numbers and {text, value}, as strings', function () {
        expect(templating.optionsFromPayload(['a', 2, {text: 'Three', value: 3}, {text: 'four'}, {value: 'five'}, '']))
            .toEqual([
                {text: 'a', value: 'a'}, {text: '2', value: '2'}, {text: 'Three', value: '3'},
                {text: 'four', value: 'four'}, {text: 'five', value: 'five'}, {text: '', value: ''},
            ]);
    });

    it('keeps the first option of each value', function () {
        expect(templating.optionsFromPayload(['a', {text: 'A again', value: 'a'}, 'b'])).toEqual([
            {text: 'a', value: 'a'}, {text: 'b', value: 'b'},
        ]);
        expect(templating.optionsFromPayload([])).toEqual([]);
    });

    it('refuses anything but a list, saying what came back', function () {
        expect(errorOf(function () { templating.optionsFromPayload({hosts: ['a']}); }))
            .toContain('must return a JSON list of strings, numbers or {"text": ..., "value": ...} objects, but it returned an object with keys hosts');
        expect(errorOf(function () { templating.optionsFromPayload(null); })).toContain('returned null');
        expect(errorOf(function () { templating.optionsFromPayload('a,b'); })).toContain('returned the text "a,b"');
    });

    it('refuses an item of another kind, naming it', function () {
        [[true, 'Item [1]', 'is true'], [null, 'Item [1]', 'is null'], [['x'], 'Item [1]', 'a list of 1 item'],
            [{name: 'x'}, 'Item [1]', 'keys name'], [{text: 'x', value: {a: 1}}, 'Item [1]', 'keys text, value'],
            [{}, 'Item [1]', 'an empty object']].forEach(function (bad) {
            const message = errorOf(function () { templating.optionsFromPayload(['ok', bad[0]]); });
            expect(message).toContain(bad[1]);
            expect(message).toContain(bad[2]);
        });
    });
});

describe('dependencies, cycles, order and dependents', function () {
    const chained = [
        {name: 'metric', type: 'query', query: '/m?h=${host:csv}&r=[[region]]&f=$__from&x=$nope'},
        {name: 'host', type: 'query', query: '/hosts?region=$region'},
        {name: 'region', type: 'custom', query: 'eu,us,$host'},
        {name: 'flat', type: 'query', url: '/flat?region=$region'},
    ];

    it('lists the defined variables each query variable\'s URL uses (query, or url)', function () {
        expect(templating.dependencies(chained)).toEqual({
            metric: ['host', 'region'], host: ['region'], region: [], flat: ['region'],
        });
    });

    it('orders variables with their dependencies first, otherwise as listed', function () {
        expect(templating.order(chained)).toEqual(['region', 'host', 'metric', 'flat']);
        expect(templating.order([])).toEqual([]);
    });

    it('finds no cycle in a chain', function () {
        expect(templating.cycles(chained)).toEqual([]);
    });

    it('lists what to refresh when a variable changes, directly and through others', function () {
        expect(templating.dependents(chained, 'region')).toEqual(['host', 'metric', 'flat']);
        expect(templating.dependents(chained, 'host')).toEqual(['metric']);
        expect(templating.dependents(chained, 'metric')).toEqual([]);
    });

    it('finds a → b → a once', function () {
        const vars = [{name: 'a', type: 'query', query: '/a?b=$b'}, {name: 'b', type: 'query', query: '/b?a=$a'}];
        expect(templating.cycles(vars)).toEqual([['a', 'b']]);
    });

    it('finds a variable that uses itself', function () {
        const vars = [{name: 'ok', type: 'query', query: '/ok'}, {name: 'self', type: 'query', query: '/s?s=${self}'}];
        expect(templating.cycles(vars)).toEqual([['self']]);
    });

    it('starts each cycle at its first listed variable and finds separate cycles', function () {
        const vars = [
            {name: 'e', type: 'query', query: '/e?c=$c'},
            {name: 'c', type: 'query', query: '/c?d=$d'},
            {name: 'd', type: 'query', query: '/d?e=$e'},
            {name: 'x', type: 'query', query: '/x?y=$y&c=$c'},
            {name: 'y', type: 'query', query: '/y?x=$x'},
        ];
        expect(templating.cycles(vars)).toEqual([['e', 'c', 'd'], ['x', 'y']]);
    });

    it('refuses to order a cycle, naming it, with the cycles on the error', function () {
        const vars = [{name: 'a', type: 'query', query: '/a?b=$b'}, {name: 'b', type: 'query', query: '/b?a=$a'}];
        let error = null;
        try {
            templating.order(vars);
        } catch (caught) {
            error = caught;
        }
        expect(error instanceof TemplatingError).toBe(true);
        expect(error.message).toContain('a → b → a');
        expect(error.cycles).toEqual([['a', 'b']]);
        expect(function () { templating.dependents(vars, 'a'); }).toThrowError(TemplatingError);
        expect(templating.describeCycle(['s'])).toBe('s → s');
    });
});

describe('parseTime: relative expressions (UTC)', function () {
    function parse(expr, options) {
        return templating.parseTime(expr, NOW, Object.assign({timezone: 'utc'}, options));
    }

    it('reads now, now-6h, now+1h, now-30m, now-d (a count of 1 when none is written)', function () {
        expect(parse('now')).toBe(NOW);
        expect(parse('now-6h')).toBe(NOW - 6 * HOUR);
        expect(parse('now+1h')).toBe(NOW + HOUR);
        expect(parse('now-30m')).toBe(NOW - 30 * MINUTE);
        expect(parse('now-90s')).toBe(NOW - 90 * SECOND);
        expect(parse('now-d')).toBe(NOW - DAY);
        expect(parse('now-2w')).toBe(NOW - 14 * DAY);
        expect(parse('  now-6h  ')).toBe(NOW - 6 * HOUR);
    });

    it('rounds to the start of a unit, or to its last millisecond with roundUp', function () {
        expect(parse('now/d')).toBe(utc(2026, 0, 15));
        expect(parse('now/d', {roundUp: true})).toBe(utc(2026, 0, 16) - 1);
        expect(parse('now/h')).toBe(utc(2026, 0, 15, 10));
        expect(parse('now/m', {roundUp: true})).toBe(utc(2026, 0, 15, 10, 31) - 1);
        expect(parse('now/s')).toBe(utc(2026, 0, 15, 10, 30, 45));
        expect(parse('now/y')).toBe(utc(2026, 0, 1));
        expect(parse('now/y', {roundUp: true})).toBe(utc(2027, 0, 1) - 1);
    });

    it('reads now-7d/d, now-1M/M and now-1y/y', function () {
        expect(parse('now-7d/d')).toBe(utc(2026, 0, 8));
        expect(parse('now-1M/M')).toBe(utc(2025, 11, 1));
        expect(parse('now-1M/M', {roundUp: true})).toBe(utc(2026, 0, 1) - 1);
        expect(parse('now-1y/y')).toBe(utc(2025, 0, 1));
    });

    it('chains operations in order: now/d+8h, now-1d/d-1h', function () {
        expect(parse('now/d+8h')).toBe(utc(2026, 0, 15, 8));
        expect(parse('now-1d/d-1h')).toBe(utc(2026, 0, 13, 23));
    });

    it('starts weeks on Monday by default, or on Sunday or Saturday', function () {
        expect(parse('now/w')).toBe(utc(2026, 0, 12));
        expect(parse('now/w', {roundUp: true})).toBe(utc(2026, 0, 19) - 1);
        expect(parse('now/w', {weekStart: 'sunday'})).toBe(utc(2026, 0, 11));
        expect(parse('now/w', {weekStart: 'saturday'})).toBe(utc(2026, 0, 10));
        expect(parse('now-1w/w')).toBe(utc(2026, 0, 5));
        // On a Monday, this week starts today.
        expect(templating.parseTime('now/w', utc(2026, 0, 12, 9), UTC)).toBe(utc(2026, 0, 12));
        expect(errorOf(function () { parse('now/w', {weekStart: 'friday'}); })).toContain('monday, sunday or saturday');
    });

    it('keeps the day of the month across months, or takes the month\'s last day', function () {
        expect(templating.parseTime('now-1M', utc(2026, 2, 31, 12), UTC)).toBe(utc(2026, 1, 28, 12));
        expect(templating.parseTime('now-1M', utc(2024, 2, 31, 12), UTC)).toBe(utc(2024, 1, 29, 12));
        expect(templating.parseTime('now+1M', utc(2026, 0, 31), UTC)).toBe(utc(2026, 1, 28));
        expect(templating.parseTime('now-1y', utc(2024, 1, 29), UTC)).toBe(utc(2023, 1, 28));
        expect(templating.parseTime('now-13M', utc(2026, 0, 15), UTC)).toBe(utc(2024, 11, 15));
        expect(templating.parseTime('now/M', utc(2024, 1, 10), {timezone: 'utc', roundUp: true})).toBe(utc(2024, 2, 1) - 1);
    });

    it('has no daylight saving in UTC: a day is always 24 hours', function () {
        const eu = utc(2026, 2, 29, 12);   // Europe moves its clocks that night
        const us = utc(2026, 10, 1, 12);   // and the United States this one
        expect(templating.parseTime('now-1d', eu, UTC)).toBe(eu - DAY);
        expect(templating.parseTime('now-1d', us, UTC)).toBe(us - DAY);
        expect(templating.parseTime('now/d', eu, {timezone: 'UTC', roundUp: true}) - templating.parseTime('now/d', eu, UTC))
            .toBe(DAY - 1);
    });

    it('uses the clock when now is not given, and takes now as a Date', function () {
        const before = Date.now();
        const value = templating.parseTime('now', undefined, UTC);
        expect(value >= before && value <= Date.now()).toBe(true);
        expect(templating.parseTime('now-1h', new Date(NOW), UTC)).toBe(NOW - HOUR);
    });
});

describe('parseTime: the browser timezone (what holds in any zone)', function () {
    const BROWSER = {timezone: 'browser'};
    // Noon local on the day Europe moves its clocks: no zone changes clocks at noon.
    const noon = new Date(2026, 2, 29, 12).getTime();

    it('keeps the wall-clock time across days, whatever the daylight saving change', function () {
        expect(templating.parseTime('now-1d', noon, BROWSER)).toBe(new Date(2026, 2, 28, 12).getTime());
        expect(templating.parseTime('now+1w', noon, BROWSER)).toBe(new Date(2026, 3, 5, 12).getTime());
        expect(templating.parseTime('now-1M', noon, BROWSER)).toBe(new Date(2026, 1, 28, 12).getTime());
    });

    it('counts hours as elapsed time', function () {
        expect(templating.parseTime('now-6h', noon, BROWSER)).toBe(noon - 6 * HOUR);
    });

    it('rounds to local midnight and the local start of the month and year', function () {
        expect(templating.parseTime('now/d', noon, BROWSER)).toBe(new Date(2026, 2, 29).getTime());
        expect(templating.parseTime('now/d', noon, {roundUp: true})).toBe(new Date(2026, 2, 30).getTime() - 1);
        expect(templating.parseTime('now/M', noon, BROWSER)).toBe(new Date(2026, 2, 1).getTime());
        expect(templating.parseTime('now/y', noon, BROWSER)).toBe(new Date(2026, 0, 1).getTime());
        const monday = templating.parseTime('now/w', noon, BROWSER);
        expect(new Date(monday).getDay()).toBe(1);
        expect(noon - monday < 8 * DAY).toBe(true);
    });

    it('rounds to the hour by elapsed time, so the repeated hour when clocks go back stays apart', function () {
        // Each of the 48 hours around the changes of 2026, in whatever zone runs the specs.
        [new Date(2026, 2, 28).getTime(), new Date(2026, 9, 24).getTime(), new Date(2026, 10, 0).getTime()].forEach(function (start) {
            for (let hour = 0; hour < 72; hour++) {
                const now = start + hour * HOUR + 17 * MINUTE + 5 * SECOND + 9;
                const rounded = templating.parseTime('now/h', now, BROWSER);
                expect(now - rounded).withContext(new Date(now).toString()).toBe((new Date(now).getMinutes() * 60 + 5) * SECOND + 9);
            }
        });
    });

    it('reads an ISO time without an offset as local time', function () {
        expect(templating.parseTime('2026-01-01 08:30', NOW, BROWSER)).toBe(new Date(2026, 0, 1, 8, 30).getTime());
        expect(templating.parseTime('2026-01-01T08:30:00Z', NOW, BROWSER)).toBe(utc(2026, 0, 1, 8, 30));
    });
});

describe('parseTime: absolute times and errors', function () {
    it('reads ISO 8601 times, with or without time, fraction and offset', function () {
        expect(templating.parseTime('2026-01-01T00:00:00Z', NOW)).toBe(utc(2026, 0, 1));
        expect(templating.parseTime('2026-01-01T02:00:00+02:00', NOW)).toBe(utc(2026, 0, 1));
        expect(templating.parseTime('2025-12-31T19:00:00-0500', NOW)).toBe(utc(2026, 0, 1));
        expect(templating.parseTime('2026-01-01T00:00:00.5Z', NOW)).toBe(utc(2026, 0, 1) + 500);
        expect(templating.parseTime('2026-01-01 00:00', NOW, UTC)).toBe(utc(2026, 0, 1));
        expect(templating.parseTime('2026-01-01', NOW, UTC)).toBe(utc(2026, 0, 1));
        expect(templating.parseTime('2024-02-29', NOW, UTC)).toBe(utc(2024, 1, 29));
    });

    it('does not round an absolute time up', function () {
        expect(templating.parseTime('2026-01-01', NOW, {timezone: 'utc', roundUp: true})).toBe(utc(2026, 0, 1));
    });

    it('applies operations after an ISO anchor and "||"', function () {
        expect(templating.parseTime('2026-01-15T10:00:00Z||-1d/d', NOW, UTC)).toBe(utc(2026, 0, 14));
    });

    it('reads epoch ms as a number, a string of digits or a Date', function () {
        expect(templating.parseTime(1767225600000, NOW)).toBe(1767225600000);
        expect(templating.parseTime('1767225600000', NOW)).toBe(1767225600000);
        expect(templating.parseTime(new Date(5), NOW)).toBe(5);
    });

    it('explains each invalid expression, quoting it', function () {
        expect(errorOf(function () { templating.parseTime('now-6x', NOW); })).toContain('"now-6x" is not a valid time: "x" is not a unit');
        expect(errorOf(function () { templating.parseTime('now-6', NOW); })).toContain('a unit is missing');
        expect(errorOf(function () { templating.parseTime('now/5d', NOW); })).toContain('"5" is not a unit');
        expect(errorOf(function () { templating.parseTime('now*2', NOW); })).toContain('expected +, - or / where "*2" is');
        expect(errorOf(function () { templating.parseTime('now - 6h', NOW); })).toContain('expected +, - or /');
        ['yesterday', '2026-13-01', '2026-02-30', '2026-01-01T24:00', '01/02/2026', 'now6h'].forEach(function (bad) {
            expect(errorOf(function () { templating.parseTime(bad, NOW); })).withContext(bad).toContain('"' + bad + '" is not a valid time');
        });
        expect(errorOf(function () { templating.parseTime('', NOW); })).toContain('empty');
        expect(errorOf(function () { templating.parseTime(null, NOW); })).toContain('null');
        expect(errorOf(function () { templating.parseTime(NaN, NOW); })).toContain('not a valid time');
        expect(errorOf(function () { templating.parseTime('now', NOW, {timezone: 'Europe/Paris'}); }))
            .toContain('"Europe/Paris" is not supported: use "utc" or "browser"');
    });
});

describe('timeRange', function () {
    it('resolves both sides, rounding "to" up', function () {
        expect(templating.timeRange({from: 'now-6h', to: 'now'}, NOW, 'utc')).toEqual({from: NOW - 6 * HOUR, to: NOW});
        expect(templating.timeRange({from: 'now/d', to: 'now/d'}, NOW, 'utc')).toEqual({from: utc(2026, 0, 15), to: utc(2026, 0, 16) - 1});
        expect(templating.timeRange({from: 'now-1d/d', to: 'now-1d/d'}, NOW, {timezone: 'utc'}))
            .toEqual({from: utc(2026, 0, 14), to: utc(2026, 0, 15) - 1});
        expect(templating.timeRange({from: 'now/w', to: 'now/w'}, NOW, {timezone: 'utc', weekStart: 'sunday'}))
            .toEqual({from: utc(2026, 0, 11), to: utc(2026, 0, 18) - 1});
    });

    it('takes absolute times and ms', function () {
        expect(templating.timeRange({from: '2026-01-01T00:00:00Z', to: 1767312000000}, NOW))
            .toEqual({from: utc(2026, 0, 1), to: utc(2026, 0, 2)});
    });

    it('refuses a range that does not start before it ends', function () {
        expect(errorOf(function () { templating.timeRange({from: 'now', to: 'now-1h'}, NOW, 'utc'); }))
            .toBe('The time range must start before it ends, but it runs from 2026-01-15 10:30:45 to 2026-01-15 09:30:45.');
        expect(errorOf(function () { templating.timeRange({from: 5, to: 5}, NOW); })).toContain('must start before it ends');
    });

    it('names the side that is invalid, and a missing side', function () {
        expect(errorOf(function () { templating.timeRange({from: 'now-6h', to: 'later'}, NOW); }))
            .toContain('The time range\'s "to": "later" is not a valid time');
        expect(errorOf(function () { templating.timeRange({from: 'now-6h'}, NOW); })).toContain('needs "from" and "to"');
        expect(errorOf(function () { templating.timeRange(null, NOW); })).toContain('needs "from" and "to"');
    });
});

describe('describeRange and formatTime', function () {
    it('names Grafana\'s quick ranges', function () {
        expect(templating.describeRange({from: 'now-6h', to: 'now'})).toBe('Last 6 hours');
        expect(templating.describeRange({from: 'now/d', to: 'now'})).toBe('Today so far');
        expect(templating.describeRange({from: 'now-1d/d', to: 'now-1d/d'})).toBe('Yesterday');
        expect(templating.describeRange({from: 'now/d', to: 'now/d'})).toBe('Today');
        expect(templating.describeRange({from: 'now/w', to: 'now/w'})).toBe('This week');
        expect(templating.describeRange({from: 'now-1M/M', to: 'now-1M/M'})).toBe('Previous month');
        templating.quickRanges.forEach(function (quick) {
            expect(templating.describeRange({from: quick.from, to: quick.to})).toBe(quick.display);
            expect(function () { templating.timeRange(quick, NOW, 'utc'); }).withContext(quick.display).not.toThrow();
        });
    });

    it('writes any now-N<unit> to now as "Last N units"', function () {
        expect(templating.describeRange({from: 'now-45m', to: 'now'})).toBe('Last 45 minutes');
        expect(templating.describeRange({from: 'now-1w', to: 'now'})).toBe('Last 1 week');
        expect(templating.describeRange({from: 'now-10s', to: 'now'})).toBe('Last 10 seconds');
        expect(templating.describeRange({from: 'now-3M', to: 'now'})).toBe('Last 3 months');
    });

    it('writes absolute times in the timezone, and relative ones as written', function () {
        expect(templating.describeRange({from: utc(2026, 0, 1), to: utc(2026, 0, 2)}, {timezone: 'utc'}))
            .toBe('2026-01-01 00:00 to 2026-01-02 00:00');
        expect(templating.describeRange({from: '2026-01-01T00:00:00Z', to: 'now'}, 'utc')).toBe('2026-01-01 00:00 to now');
        expect(templating.describeRange({from: 'now-2h', to: 'now-1h'})).toBe('now-2h to now-1h');
        expect(templating.describeRange({from: utc(2026, 0, 1, 0, 0, 30), to: utc(2026, 0, 1, 1)}, 'utc'))
            .toBe('2026-01-01 00:00:30 to 2026-01-01 01:00');
    });

    it('shows an invalid side as written rather than failing', function () {
        expect(templating.describeRange({from: 'soon', to: 'now'})).toBe('soon to now');
        expect(templating.describeRange(null)).toBe('undefined to undefined');
    });

    it('formats a time as YYYY-MM-DD HH:mm[:ss]', function () {
        expect(templating.formatTime(utc(2026, 6, 4, 9, 5), 'utc')).toBe('2026-07-04 09:05');
        expect(templating.formatTime(utc(2026, 6, 4, 9, 5, 7), 'utc')).toBe('2026-07-04 09:05:07');
        expect(templating.formatTime(new Date(2026, 6, 4, 9, 5).getTime())).toBe('2026-07-04 09:05');
    });

    it('offers Grafana\'s default refresh intervals and time options, all valid intervals', function () {
        expect(templating.refreshIntervals).toContain('5s');
        expect(templating.refreshIntervals).toContain('1d');
        templating.refreshIntervals.concat(templating.timeOptions).forEach(function (interval) {
            expect(templating.parseInterval(interval)).toBeGreaterThan(0);
        });
    });
});

describe('shiftRange and zoomOut', function () {
    const past = {from: utc(2026, 0, 1), to: utc(2026, 0, 1, 6)};

    it('shifts by half the span, back and forward', function () {
        expect(templating.shiftRange(past, -1, NOW)).toEqual({from: utc(2025, 11, 31, 21), to: utc(2026, 0, 1, 3)});
        expect(templating.shiftRange(past, 'back', NOW)).toEqual({from: utc(2025, 11, 31, 21), to: utc(2026, 0, 1, 3)});
        expect(templating.shiftRange(past, 1, NOW)).toEqual({from: utc(2026, 0, 1, 3), to: utc(2026, 0, 1, 9)});
        expect(templating.shiftRange(past, 'forward', NOW)).toEqual({from: utc(2026, 0, 1, 3), to: utc(2026, 0, 1, 9)});
    });

    it('resolves relative ranges first and returns absolute ms', function () {
        expect(templating.shiftRange({from: 'now-6h', to: 'now'}, -1, NOW, 'utc')).toEqual({from: NOW - 9 * HOUR, to: NOW - 3 * HOUR});
    });

    it('stops at now going forward: the range keeps its start and ends at now (Grafana)', function () {
        const recent = {from: NOW - 4 * HOUR, to: NOW - HOUR};
        expect(templating.shiftRange(recent, 1, NOW)).toEqual({from: NOW - 4 * HOUR, to: NOW});
    });

    it('refuses a direction other than -1, 1, back and forward', function () {
        expect(function () { templating.shiftRange(past, 0, NOW); }).toThrowError(TypeError);
        expect(function () { templating.shiftRange(past, 'left', NOW); }).toThrowError(TypeError);
    });

    it('zooms out to twice the span around the centre', function () {
        expect(templating.zoomOut(past, NOW)).toEqual({from: utc(2025, 11, 31, 21), to: utc(2026, 0, 1, 9)});
    });

    it('does not zoom a range that ends at now into the future: it ends at now, twice as long', function () {
        expect(templating.zoomOut({from: 'now-6h', to: 'now'}, NOW, 'utc')).toEqual({from: NOW - 12 * HOUR, to: NOW});
        const recent = {from: NOW - 4 * HOUR, to: NOW - HOUR};
        // 3 hours around NOW-2h30 would be NOW-5h30 to NOW+30m: moved back to end at now.
        expect(templating.zoomOut(recent, NOW)).toEqual({from: NOW - 6 * HOUR, to: NOW});
    });

    it('zooms a range that already reaches past now around its centre', function () {
        const future = {from: NOW - HOUR, to: NOW + HOUR};
        expect(templating.zoomOut(future, NOW)).toEqual({from: NOW - 2 * HOUR, to: NOW + 2 * HOUR});
    });

    it('refuses an invalid range', function () {
        expect(errorOf(function () { templating.zoomOut({from: 'now', to: 'now-1h'}, NOW); })).toContain('start before it ends');
        expect(errorOf(function () { templating.shiftRange({from: 'x', to: 'now'}, 1, NOW); })).toContain('"x" is not a valid time');
    });
});

describe('intervalFor, parseInterval and formatInterval', function () {
    it('rounds the span over the data points to a tidy interval, as Grafana does', function () {
        expect(templating.intervalFor({from: 0, to: 6 * HOUR}, 1000)).toEqual({text: '20s', ms: 20000});
        expect(templating.intervalFor({from: 0, to: DAY}, 1000)).toEqual({text: '1m', ms: 60000});
        expect(templating.intervalFor({from: 0, to: 7 * DAY}, 1000)).toEqual({text: '10m', ms: 600000});
        expect(templating.intervalFor({from: 0, to: HOUR}, 100)).toEqual({text: '30s', ms: 30000});
        expect(templating.intervalFor({from: 0, to: 30 * DAY}, 3)).toEqual({text: '7d', ms: 7 * DAY});
        expect(templating.intervalFor({from: 0, to: 1000 * 400 * DAY}, 1000)).toEqual({text: '1y', ms: 365 * DAY});
        expect(templating.intervalFor({from: 0, to: SECOND}, 1000)).toEqual({text: '10ms', ms: 10});
    });

    it('uses 1000 data points by default, a minimum interval, and relative ranges', function () {
        expect(templating.intervalFor({from: 0, to: 6 * HOUR})).toEqual({text: '20s', ms: 20000});
        expect(templating.intervalFor({from: 0, to: 6 * HOUR}, 1000, {minInterval: '1m'})).toEqual({text: '1m', ms: 60000});
        expect(templating.intervalFor({from: 'now-6h', to: 'now'}, 1000, {now: NOW})).toEqual({text: '20s', ms: 20000});
    });

    it('refuses a data point count that is not positive', function () {
        expect(errorOf(function () { templating.intervalFor({from: 0, to: HOUR}, 0); })).toContain('positive number');
        expect(errorOf(function () { templating.intervalFor({from: 0, to: HOUR}, 'many'); })).toContain('positive number');
    });

    it('parses and writes intervals', function () {
        expect(templating.parseInterval('5s')).toBe(5000);
        expect(templating.parseInterval('1.5h')).toBe(90 * MINUTE);
        expect(templating.parseInterval('250ms')).toBe(250);
        expect(templating.parseInterval('1M')).toBe(30 * DAY);
        expect(templating.parseInterval('1w')).toBe(7 * DAY);
        expect(templating.formatInterval(300000)).toBe('5m');
        expect(templating.formatInterval(7 * DAY)).toBe('7d');
        expect(templating.formatInterval(90 * SECOND)).toBe('1m');
        expect(templating.formatInterval(10)).toBe('10ms');
        expect(templating.formatInterval(0)).toBe('0ms');
        ['1s', '10s', '1m', '5m', '1h', '1d', '1y'].forEach(function (text) {
            expect(templating.formatInterval(templating.parseInterval(text))).toBe(text);
        });
    });

    it('refuses an interval without a number and unit', function () {
        ['5 minutes', 'm', '5', '', '-1m', 'auto'].forEach(function (bad) {
            expect(errorOf(function () { templating.parseInterval(bad); })).withContext(bad).toContain('is not an interval');
        });
    });
});

describe('readUrlState and writeUrlState', function () {
    const SEARCH = '?from=now-24h&to=now&var-env=prod&var-host=a&var-host=b&refresh=1m&theme=dark';

    it('reads the issue\'s example', function () {
        expect(templating.readUrlState(SEARCH)).toEqual({
            from: 'now-24h', to: 'now', refresh: '1m', theme: 'dark', vars: {env: ['prod'], host: ['a', 'b']},
        });
    });

    it('reads with or without "?", from a whole URL, and ignores the fragment and other parameters', function () {
        const expected = {from: 'now-1h', vars: {env: ['a b+c']}};
        expect(templating.readUrlState('from=now-1h&var-env=a+b%2Bc')).toEqual(expected);
        expect(templating.readUrlState('http://h/charts/x?jsondash_demo_mode=1&from=now-1h&var-env=a%20b%2Bc#top')).toEqual(expected);
        expect(templating.readUrlState('/charts/x?from=now-1h&var-=x&var-env=a+b%2Bc&other=1')).toEqual(expected);
    });

    it('keeps the first from, All as $__all, an empty value, and reads nothing from nothing', function () {
        expect(templating.readUrlState('?from=1&from=2&var-env=$__all&var-q=')).toEqual({from: '1', vars: {env: ['$__all'], q: ['']}});
        expect(templating.readUrlState('')).toEqual({vars: {}});
        expect(templating.readUrlState(undefined)).toEqual({vars: {}});
    });

    it('writes the state readably, keeping unrelated parameters in place and replacing the old state', function () {
        const written = templating.writeUrlState(
            {from: 'now-7d/d', to: 'now', vars: {env: 'prod', host: ['a', 'b']}, refresh: '1m', theme: 'dark'},
            '?jsondash_demo_mode=1&from=now-1h&var-old=x&var-env=stage&z=%20');
        expect(written).toBe('?jsondash_demo_mode=1&z=%20&from=now-7d/d&to=now&var-env=prod&var-host=a&var-host=b&refresh=1m&theme=dark');
    });

    it('encodes what would break the query, and leaves out what is not set', function () {
        expect(templating.writeUrlState({from: '2026-01-01T00:00:00+01:00', to: null, vars: {q: ['a b&c=d#e', '$__all']}}))
            .toBe('?from=2026-01-01T00:00:00%2B01:00&var-q=a%20b%26c%3Dd%23e&var-q=$__all');
        expect(templating.writeUrlState({}, '')).toBe('');
        expect(templating.writeUrlState({}, '?from=now-1h&var-a=1')).toBe('');
        expect(templating.writeUrlState(null, '?keep=1')).toBe('?keep=1');
    });

    it('round-trips the state', function () {
        const state = {
            from: '2026-01-01T00:00:00.000Z', to: 'now+1h', refresh: '5s', theme: 'light',
            vars: {env: ['prod & co'], host: ['a/b', 'c,d', 'e+f', 'ü'], empty: ['']},
        };
        expect(templating.readUrlState(templating.writeUrlState(state, '?jsondash_demo_mode=1'))).toEqual(state);
        const written = templating.writeUrlState(templating.readUrlState(SEARCH), '?x=1');
        expect(written).toBe('?x=1&' + SEARCH.slice(1).replace('&refresh=1m&theme=dark', '') + '&refresh=1m&theme=dark');
    });

    it('keeps a malformed unrelated parameter as written', function () {
        expect(templating.writeUrlState({from: 'now'}, '?bad=%E0%A4%A&%ZZ=1')).toBe('?bad=%E0%A4%A&%ZZ=1&from=now');
    });
});
