/* Specs for jsondash.util (flask_jsondash/static/js/util.js): the original flask_jsondash's
 * browser helpers under their original name. Each spec names the original behaviour it keeps. */
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const util = require('../flask_jsondash/static/js/util.js');

const UTIL_JS = path.join(__dirname, '..', 'flask_jsondash', 'static', 'js', 'util.js');

/** Run util.js as a browser <script> would, with `self` as the window. */
function loadInBrowser(win) {
    vm.runInNewContext(fs.readFileSync(UTIL_JS, 'utf8'), {self: win});
    return win;
}

describe('util.js loading', function () {
    it('exports every function of the original jsondash.util in Node', function () {
        ['getCSSClasses', 'getValidParamString', 'reformatQueryParams', 'isInDemoMode',
            'intervalStrToMS', 'serializeToJSON', 'isOverride', 's4', 'guid', 'polygon',
            'scaleStr', 'translateStr', 'getDigitSize'].forEach(function (name) {
            expect(typeof util[name]).withContext(name).toBe('function');
        });
    });

    it('in the browser sets window.jsondash.util, creating window.jsondash (original: jsondash.util.*)', function () {
        const win = loadInBrowser({});
        expect(typeof win.jsondash.util.guid).toBe('function');
        expect(win.jsondash.util.translateStr(1, 2)).toBe('translate(1,2)');
    });

    it('in the browser keeps jsondash.utils and anything already on jsondash and jsondash.util', function () {
        const utils = {withQuery: function () {}};
        const win = loadInBrowser({jsondash: {utils: utils, config: {a: 1}, util: {hostHelper: 42}}});
        expect(win.jsondash.utils).toBe(utils);
        expect(win.jsondash.config).toEqual({a: 1});
        expect(win.jsondash.util.hostHelper).toBe(42);
        expect(typeof win.jsondash.util.isOverride).toBe('function');
    });

    it('needs neither jQuery nor d3 nor window in Node', function () {
        expect(typeof global.$).toBe('undefined');
        expect(typeof global.d3).toBe('undefined');
        expect(util.getDigitSize()(2)).toBe(90);
    });
});

describe('util.getCSSClasses', function () {
    it('maps config.classes to {name: true} for d3 classed() (original: classes from conf.classes)', function () {
        expect(util.getCSSClasses({classes: ['foo', 'bar']})).toEqual({foo: true, bar: true});
    });

    it('uses the defaults when the config has no classes (original: defaults if conf.classes undefined)', function () {
        expect(util.getCSSClasses({}, ['table', 'table-bordered'])).toEqual({table: true, 'table-bordered': true});
    });

    it('prefers config.classes over the defaults, even when empty (original precedence)', function () {
        expect(util.getCSSClasses({classes: ['x']}, ['table'])).toEqual({x: true});
        expect(util.getCSSClasses({classes: []}, ['table'])).toEqual({});
    });

    it('gives {} with neither classes nor defaults (original: empty object)', function () {
        expect(util.getCSSClasses({})).toEqual({});
        expect(util.getCSSClasses({classes: null})).toEqual({});
    });

    it('keeps hostile class names as inert keys, without touching prototypes', function () {
        const classes = util.getCSSClasses({classes: ['"><img src=x onerror=alert(1)>', '__proto__', 'constructor']});
        expect(Object.keys(classes)).toEqual(['"><img src=x onerror=alert(1)>', '__proto__', 'constructor']);
        expect(Object.getPrototypeOf(classes)).toBe(Object.prototype);
        expect({}.polluted).toBeUndefined();
    });

    it('skips names that are not text (objects, null, empty)', function () {
        expect(util.getCSSClasses({classes: ['ok', null, {}, '', 3]})).toEqual({ok: true, 3: true});
    });
});

describe('util.getValidParamString', function () {
    it('joins name=value pairs with & (original: from $.serializeArray())', function () {
        expect(util.getValidParamString([{name: 'foo', value: 'bar'}, {name: 'n', value: '1'}])).toBe('foo=bar&n=1');
    });

    it('leaves out empty values (original: "foo=bar&bar=" becomes "foo=bar")', function () {
        expect(util.getValidParamString([{name: 'foo', value: 'bar'}, {name: 'bar', value: ''}])).toBe('foo=bar');
    });

    it('gives "" for no parameters and has no stray & (original separator logic)', function () {
        expect(util.getValidParamString([])).toBe('');
        expect(util.getValidParamString([{name: 'a', value: ''}, {name: 'b', value: '2'}])).toBe('b=2');
    });

    it('encodes names and values, so a value cannot inject parameters', function () {
        expect(util.getValidParamString([{name: 'q', value: 'a b&admin=1'}])).toBe('q=a%20b%26admin%3D1');
    });
});

describe('util.reformatQueryParams', function () {
    it('lets the new values win and keeps the old ones (original: $.extend(old, new))', function () {
        expect(util.reformatQueryParams('foo=1&baz=1', 'foo=2&quux=1')).toBe('foo=2&baz=1&quux=1');
    });

    it('accepts a missing or empty side (original: oldp/newp may be undefined)', function () {
        expect(util.reformatQueryParams(undefined, 'a=1')).toBe('a=1');
        expect(util.reformatQueryParams('a=1', '')).toBe('a=1');
        expect(util.reformatQueryParams(undefined, undefined)).toBe('');
    });

    it('drops names without a value and has no trailing & (original: undefined values skipped)', function () {
        expect(util.reformatQueryParams('a=1&flag&', 'b=2')).toBe('a=1&b=2');
    });

    it('does not let a bare new name erase an old value (original: $.extend skips undefined)', function () {
        expect(util.reformatQueryParams('a=1', 'a')).toBe('a=1');
    });

    it('keeps "=" inside a value whole', function () {
        expect(util.reformatQueryParams('token=ab==', 'x=1')).toBe('token=ab==&x=1');
    });

    it('handles a parameter named __proto__ as an ordinary name', function () {
        expect(util.reformatQueryParams('__proto__=1', 'a=2')).toBe('__proto__=1&a=2');
        expect({}.a).toBeUndefined();
    });
});

describe('util.isInDemoMode', function () {
    it('is true for jsondash_demo_mode=1 or =true (original: checks the page URL)', function () {
        expect(util.isInDemoMode('http://h/charts/x?jsondash_demo_mode=1')).toBe(true);
        expect(util.isInDemoMode('http://h/charts/x?jsondash_demo_mode=true')).toBe(true);
    });

    it('is false without the parameter or with another value (original: only 1/true)', function () {
        expect(util.isInDemoMode('http://h/charts/x')).toBe(false);
        expect(util.isInDemoMode('http://h/charts/x?jsondash_demo_mode=0')).toBe(false);
        expect(util.isInDemoMode('http://h/charts/x?jsondash_demo_mode=1x')).toBe(false);
        expect(util.isInDemoMode('http://h/x#jsondash_demo_mode=1')).toBe(false);
    });

    it('finds the parameter among others', function () {
        expect(util.isInDemoMode('http://h/x?a=1&jsondash_demo_mode=1#top')).toBe(true);
    });

    it('accepts a location-like object', function () {
        expect(util.isInDemoMode({href: 'http://h/x?jsondash_demo_mode=true'})).toBe(true);
    });

    it('reads window.location only when called, and is false without a window', function () {
        expect(typeof window).toBe('undefined');
        expect(util.isInDemoMode()).toBe(false);
        // Load as in a browser, then give the page its window only afterwards.
        const ctx = vm.createContext({self: {}});
        vm.runInContext(fs.readFileSync(UTIL_JS, 'utf8'), ctx);
        ctx.window = {location: {href: 'http://h/x'}};
        expect(ctx.self.jsondash.util.isInDemoMode()).toBe(false);
        ctx.window.location.href = 'http://h/x?jsondash_demo_mode=1';
        expect(ctx.self.jsondash.util.isInDemoMode()).toBe(true);
    });
});

describe('util.intervalStrToMS', function () {
    it('converts s, m, h and d intervals (original: "1-d", "2-h" formats)', function () {
        expect(util.intervalStrToMS('30-s')).toBe(30 * 1000);
        expect(util.intervalStrToMS('5-m')).toBe(5 * 60 * 1000);
        expect(util.intervalStrToMS('2-h')).toBe(2 * 60 * 60 * 1000);
        expect(util.intervalStrToMS('1-d')).toBe(24 * 60 * 60 * 1000);
    });

    it('accepts the unit in either case (original: toLowerCase)', function () {
        expect(util.intervalStrToMS('1-S')).toBe(1000);
        expect(util.intervalStrToMS('1-D')).toBe(86400000);
    });

    it('gives null for undefined or "" (original: no interval)', function () {
        expect(util.intervalStrToMS(undefined)).toBeNull();
        expect(util.intervalStrToMS('')).toBeNull();
    });

    it('passes a plain number through as milliseconds (original: regular integers returned)', function () {
        expect(util.intervalStrToMS(5000)).toBe(5000);
        expect(util.intervalStrToMS('5000')).toBe(5000);
    });

    it('gives null for a zero amount, a bad amount, a bad unit or a bad shape (original: invalid -> null)', function () {
        expect(util.intervalStrToMS('0-s')).toBeNull();
        expect(util.intervalStrToMS('x-s')).toBeNull();
        expect(util.intervalStrToMS('1-w')).toBeNull();
        expect(util.intervalStrToMS('1-h-2')).toBeNull();
        expect(util.intervalStrToMS('hourly')).toBeNull();
    });

    it('gives null for things that are not text or numbers', function () {
        expect(util.intervalStrToMS({})).toBeNull();
        expect(util.intervalStrToMS(null)).toBeNull();
    });
});

describe('util.serializeToJSON', function () {
    it('turns [{name, value}] into {name: value} (original: form data to JSON)', function () {
        expect(util.serializeToJSON([{name: 'a', value: '1'}, {name: 'b', value: 'x'}])).toEqual({a: '1', b: 'x'});
    });

    it('lets a later name win (original: plain assignment)', function () {
        expect(util.serializeToJSON([{name: 'a', value: '1'}, {name: 'a', value: '2'}])).toEqual({a: '2'});
    });

    it('gives {} for an empty or missing list', function () {
        expect(util.serializeToJSON([])).toEqual({});
        expect(util.serializeToJSON(undefined)).toEqual({});
    });

    it('keeps a field named __proto__ as data, without changing the prototype', function () {
        const json = util.serializeToJSON([{name: '__proto__', value: {polluted: true}}]);
        expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
        expect(json.polluted).toBeUndefined();
        expect(JSON.parse(JSON.stringify(json))).toEqual(JSON.parse('{"__proto__": {"polluted": true}}'));
    });
});

describe('util.isOverride', function () {
    it('is true only when config.override is exactly true (original: override === true)', function () {
        expect(util.isOverride({override: true})).toBe(true);
        expect(util.isOverride({override: 'true'})).toBeFalsy();
        expect(util.isOverride({override: 1})).toBeFalsy();
        expect(util.isOverride({override: false})).toBeFalsy();
        expect(util.isOverride({})).toBeFalsy();
    });

    it('is false for a missing config instead of throwing', function () {
        expect(util.isOverride(undefined)).toBe(false);
    });
});

describe('util.s4 and util.guid', function () {
    it('s4 gives four lowercase hex digits (original: random 16-bit hex, zero-padded)', function () {
        for (let i = 0; i < 200; i++) { expect(util.s4()).toMatch(/^[0-9a-f]{4}$/); }
    });

    it('guid has the 8-4-4-4-12 shape (original: s4 pieces joined by -)', function () {
        expect(util.guid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('guids differ from call to call', function () {
        const seen = new Set();
        for (let i = 0; i < 500; i++) { seen.add(util.guid()); }
        expect(seen.size).toBe(500);
    });

    it('guid calls util.s4 at each call (original: looked up jsondash.util.s4)', function () {
        spyOn(util, 's4').and.returnValue('abcd');
        expect(util.guid()).toBe('abcdabcd-abcd-abcd-abcd-abcdabcdabcd');
        expect(util.s4).toHaveBeenCalledTimes(8);
    });
});

describe('util.polygon, util.scaleStr, util.translateStr', function () {
    it('polygon gives a closed SVG path (original: "M" + points.join("L") + "Z")', function () {
        expect(util.polygon([[0, 0], [10, 0], [10, 5]])).toBe('M0,0L10,0L10,5Z');
        expect(util.polygon(['1,2'])).toBe('M1,2Z');
    });

    it('scaleStr gives "scale(x,y)" (original SVG transform text)', function () {
        expect(util.scaleStr(2, 0.5)).toBe('scale(2,0.5)');
    });

    it('translateStr gives "translate(x,y)" (original SVG transform text)', function () {
        expect(util.translateStr(10, -3)).toBe('translate(10,-3)');
    });
});

describe('util.getDigitSize', function () {
    it('maps 2 digits to 90px and 14 digits to 30px (original: domain [2,14], range [90,30])', function () {
        const size = util.getDigitSize();
        expect(size(2)).toBe(90);
        expect(size(14)).toBe(30);
        expect(size(8)).toBe(60);
    });

    it('clamps outside the domain (original: clamp(true))', function () {
        const size = util.getDigitSize();
        expect(size(1)).toBe(90);
        expect(size(40)).toBe(30);
    });

    it('reads like a d3 scale: domain(), range(), clamp(), and can be changed and copied', function () {
        const size = util.getDigitSize();
        expect(size.domain()).toEqual([2, 14]);
        expect(size.range()).toEqual([90, 30]);
        expect(size.clamp()).toBe(true);
        const copy = size.copy();
        expect(size.range([100, 40])).toBe(size);
        expect(size(2)).toBe(100);
        expect(copy(2)).toBe(90);
        expect(size.invert(70)).toBe(8);
    });

    it('gives a fresh scale at each call', function () {
        util.getDigitSize().range([1, 1]);
        expect(util.getDigitSize()(2)).toBe(90);
    });
});
