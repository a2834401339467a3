/* flask_jsondash: the original flask_jsondash's browser helpers, under their original name.
 *
 * Pages and scripts written for the original call jsondash.util.<name>(...) (singular); this
 * file provides those functions beside the port's own jsondash.utils (utils.js). It needs
 * neither jQuery nor d3 nor utils.js, and runs in the browser (as window.jsondash.util) and
 * under Node (module.exports) for the Jasmine specs in tests_js/.
 */
(function (root, factory) {
    'use strict';
    if (typeof module === 'object' && module.exports) {
        module.exports = factory({});
    } else {
        root.jsondash = root.jsondash || {};
        // Keep anything a host page already put on jsondash.util; ours replace same names.
        const existing = root.jsondash.util;
        root.jsondash.util = factory(existing && typeof existing === 'object' ? existing : {});
    }
}(typeof self !== 'undefined' ? self : this, function (util) {
    'use strict';

    /** The values of a list (or of an object's own keys), as jQuery's $.each visits them. */
    function valuesOf(collection) {
        if (collection === null || collection === undefined) { return []; }
        if (Array.isArray(collection)) { return collection; }
        if (typeof collection === 'string') { return [collection]; }
        if (typeof collection === 'object') {
            return Object.keys(collection).map(function (key) { return collection[key]; });
        }
        return [];
    }

    /** Set an own, enumerable key, even one named "__proto__" (which plain assignment would not). */
    function setOwn(target, key, value) {
        Object.defineProperty(target, key, {value: value, enumerable: true, writable: true, configurable: true});
    }

    /** {className: true, ...} for d3's selection.classed(): the module's config.classes, or else
     *  the defaults. The names are only ever object keys, never put into HTML. */
    util.getCSSClasses = function (conf, defaults) {
        const given = conf ? conf.classes : undefined;
        const names = given === undefined ? valuesOf(defaults) : valuesOf(given);
        const classes = {};
        names.forEach(function (name) {
            if ((typeof name === 'string' && name !== '') || typeof name === 'number') {
                setOwn(classes, String(name), true);
            }
        });
        return classes;
    };

    /** "a=1&b=2" from a form's [{name, value}, ...] (as $.serializeArray gives), leaving out
     *  empty values; names and values are URL-encoded, so a value cannot add parameters. */
    util.getValidParamString = function (arr) {
        return valuesOf(arr).filter(function (param) {
            return param && param.value !== '' && param.value !== undefined && param.value !== null;
        }).map(function (param) {
            return encodeURIComponent(param.name) + '=' + encodeURIComponent(param.value);
        }).join('&');
    };

    function parseQuery(text, into) {
        if (typeof text !== 'string' || text === '') { return; }
        text.split('&').forEach(function (piece) {
            const eq = piece.indexOf('=');
            if (eq < 0) {
                // A bare name has no value: remembered as "unset", so it is left out.
                if (!into.has(piece)) { into.set(piece, undefined); }
                return;
            }
            into.set(piece.slice(0, eq), piece.slice(eq + 1));
        });
    }

    /** Merge two query strings ("foo=1&baz=1", "foo=2&quux=1" -> "foo=2&baz=1&quux=1"): the new
     *  values win, the old parameters keep their places, new ones follow; names without a
     *  value are dropped. Either side may be empty or missing. */
    util.reformatQueryParams = function (oldp, newp) {
        const merged = new Map();
        parseQuery(oldp, merged);
        parseQuery(newp, merged);
        const parts = [];
        merged.forEach(function (value, name) {
            if (value !== undefined) { parts.push(name + '=' + value); }
        });
        return parts.join('&');
    };

    /** Whether the page's URL (or the given one, a string or a location) has
     *  jsondash_demo_mode=1 or jsondash_demo_mode=true. The page's URL is read at the call. */
    util.isInDemoMode = function (href) {
        let url = href;
        if (url && typeof url === 'object') { url = url.href; }
        if (url === undefined || url === null) {
            if (typeof window === 'undefined' || !window.location) { return false; }
            url = window.location.href;
        }
        url = String(url);
        const query = url.split('#')[0].split('?').slice(1).join('&');
        if (!query) { return false; }
        return query.split('&').some(function (part) {
            return part === 'jsondash_demo_mode=1' || part === 'jsondash_demo_mode=true';
        });
    };

    const MS_PER_UNIT = {s: 1000, m: 60 * 1000, h: 60 * 60 * 1000, d: 24 * 60 * 60 * 1000};

    /** Milliseconds from an interval like "30-s", "5-m", "2-h", "1-d" (unit in any case);
     *  a plain number (or numeric text) is already milliseconds and comes back as a number.
     *  Empty, zero-amount or malformed intervals give null: no refresh. */
    util.intervalStrToMS = function (ivalFmt) {
        if (typeof ivalFmt === 'number') { return isFinite(ivalFmt) ? ivalFmt : null; }
        if (typeof ivalFmt !== 'string' || ivalFmt.trim() === '') { return null; }
        if (!isNaN(ivalFmt)) { return Number(ivalFmt); }
        const pieces = ivalFmt.split('-');
        if (pieces.length !== 2) { return null; }
        const amount = parseInt(pieces[0], 10);
        const perUnit = MS_PER_UNIT[pieces[1].toLowerCase()];
        if (isNaN(amount) || amount === 0 || perUnit === undefined) { return null; }
        return amount * perUnit;
    };

    /** {name: value, ...} from a form's [{name, value}, ...]; a later name wins. */
    util.serializeToJSON = function (arr) {
        const json = {};
        valuesOf(arr).forEach(function (pair) {
            if (pair && pair.name !== undefined && pair.name !== null) {
                setOwn(json, String(pair.name), pair.value);
            }
        });
        return json;
    };

    /** Whether a module's config asks to pass its data to the library untouched
     *  (override is exactly true; "true" or 1 do not count). */
    util.isOverride = function (config) {
        return Boolean(config) && config.override === true;
    };

    function randomUint16() {
        const cryptoApi = typeof globalThis !== 'undefined' ? globalThis.crypto : undefined;
        if (cryptoApi && typeof cryptoApi.getRandomValues === 'function') {
            return cryptoApi.getRandomValues(new Uint16Array(1))[0];
        }
        return Math.floor(Math.random() * 0x10000);
    }

    /** Four random lowercase hex digits. */
    util.s4 = function () {
        return (0x10000 + randomUint16()).toString(16).slice(1);
    };

    /** A random id "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" made of s4() pieces (util.s4 is looked
     *  up at each call, as in the original, so replacing it changes the ids). */
    util.guid = function () {
        const s4 = function () { return util.s4(); };
        return s4() + s4() + '-' + s4() + '-' + s4() + '-' + s4() + '-' + s4() + s4() + s4();
    };

    /** An SVG path for a closed polygon from its points: [[0,0],[1,1]] -> "M0,0L1,1Z". */
    util.polygon = function (d) {
        return 'M' + Array.prototype.join.call(d, 'L') + 'Z';
    };

    /** An SVG transform "scale(x,y)". */
    util.scaleStr = function (x, y) {
        return 'scale(' + x + ',' + y + ')';
    };

    /** An SVG transform "translate(x,y)". */
    util.translateStr = function (x, y) {
        return 'translate(' + x + ',' + y + ')';
    };

    /** A clamped linear scale with d3's calling conventions: scale(x), and domain(), range(),
     *  clamp() that read without an argument and set (returning the scale) with one. */
    function linearScale(domain, range, clamped) {
        const scale = function (x) {
            const d0 = domain[0];
            const d1 = domain[1];
            let t = d1 === d0 ? 0.5 : (Number(x) - d0) / (d1 - d0);
            if (clamped) { t = Math.max(0, Math.min(1, t)); }
            return range[0] + t * (range[1] - range[0]);
        };
        scale.invert = function (y) {
            const r0 = range[0];
            const r1 = range[1];
            let t = r1 === r0 ? 0.5 : (Number(y) - r0) / (r1 - r0);
            if (clamped) { t = Math.max(0, Math.min(1, t)); }
            return domain[0] + t * (domain[1] - domain[0]);
        };
        scale.domain = function (values) {
            if (!arguments.length) { return domain.slice(); }
            domain = [Number(values[0]), Number(values[1])];
            return scale;
        };
        scale.range = function (values) {
            if (!arguments.length) { return range.slice(); }
            range = [Number(values[0]), Number(values[1])];
            return scale;
        };
        scale.clamp = function (value) {
            if (!arguments.length) { return clamped; }
            clamped = Boolean(value);
            return scale;
        };
        scale.copy = function () { return linearScale(domain.slice(), range.slice(), clamped); };
        return scale;
    }

    /** A scale from a number's digit count to a font size in px: 2 digits or fewer -> 90,
     *  14 or more -> 30, linear between (longer numbers get smaller). */
    util.getDigitSize = function () {
        return linearScale([2, 14], [90, 30], true);
    };

    return util;
}));
