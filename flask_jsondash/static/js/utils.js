/* flask_jsondash: pure helpers of the browser runtime and the renderers.
 *
 * Nothing here touches the page, so the same file runs in the browser (as jsondash.utils)
 * and under Node for the Jasmine specs in tests_js/.
 */
(function (root, factory) {
    'use strict';
    if (typeof module === 'object' && module.exports) {
        module.exports = factory();
    } else {
        root.jsondash = root.jsondash || {};
        root.jsondash.utils = factory();
    }
}(typeof self !== 'undefined' ? self : this, function () {
    'use strict';

    /** An error whose message is written for the person looking at the dashboard. */
    class DataError extends Error {
        constructor(message) {
            super(message);
            this.name = 'DataError';
        }
    }

    function isPlainObject(value) {
        return value !== null && typeof value === 'object' && !Array.isArray(value);
    }

    function describe(value) {
        if (value === null) { return 'null'; }
        if (Array.isArray(value)) { return 'a list of ' + value.length + ' item' + (value.length === 1 ? '' : 's'); }
        if (isPlainObject(value)) { return 'an object with keys ' + Object.keys(value).slice(0, 5).join(', '); }
        if (typeof value === 'string') { return 'the text "' + (value.length > 40 ? value.slice(0, 37) + '...' : value) + '"'; }
        return String(value);
    }

    /** The URL with these query parameters set (replacing any of the same name). */
    function withQuery(url, params, base) {
        const absolute = /^[a-z][a-z0-9+.-]*:/i.test(url);
        const parsed = new URL(url, base || 'http://relative.invalid');
        Object.keys(params || {}).forEach(function (name) {
            const value = params[name];
            if (value === undefined || value === null) {
                parsed.searchParams.delete(name);
            } else {
                parsed.searchParams.set(name, String(value));
            }
        });
        if (absolute || base) { return parsed.toString(); }
        return parsed.pathname + parsed.search + parsed.hash;
    }

    /** Take a module's share of a shared payload: payload.multicharts[key]. */
    function pickShared(payload, key) {
        if (!key) { return payload; }
        if (!isPlainObject(payload) || !isPlainObject(payload.multicharts)) {
            throw new DataError('This chart reads "' + key + '" from shared data, but the data source did not return ' +
                'an object with "multicharts" (it returned ' + describe(payload) + ').');
        }
        if (!(key in payload.multicharts)) {
            throw new DataError('The shared data has no "' + key + '"; it has: ' +
                Object.keys(payload.multicharts).join(', ') + '.');
        }
        return payload.multicharts[key];
    }

    const HTTP_REASONS = {
        400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
        405: 'Method Not Allowed', 408: 'Request Timeout', 429: 'Too Many Requests',
        500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
        503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
    };

    /** A sentence for an HTTP error status. */
    function describeHttpError(status, statusText) {
        const reason = statusText || HTTP_REASONS[status] || '';
        let hint = '';
        if (status === 404) { hint = ' Check the data source URL.'; }
        else if (status === 401 || status === 403) { hint = ' It needs permission this page does not have.'; }
        else if (status >= 500) { hint = ' The problem is on the data source\'s side; try again later.'; }
        return ('The data source answered ' + status + ' ' + reason).trim() + '.' + hint;
    }

    /** Parse a response body as JSON, or say in words what came back instead. */
    function parseJsonText(text) {
        if (text === undefined || text === null || String(text).trim() === '') {
            throw new DataError('The data source returned an empty response instead of JSON.');
        }
        try {
            return JSON.parse(text);
        } catch {
            const start = String(text).trim().slice(0, 40).replace(/\s+/g, ' ');
            const looksHtml = /^</.test(start);
            throw new DataError('The data source did not return valid JSON' +
                (looksHtml ? ' (it returned an HTML page)' : '') + '; it starts with: ' + start);
        }
    }

    const HTML_ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

    /** Text made safe to put into HTML, in an element or a quoted attribute (& < > " ' escaped). */
    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) { return HTML_ESCAPES[c]; });
    }

    /** scope[name], the global a chart library defines (scope is window); a DataError for the
     *  user when it is missing ("The <label> library did not load on this page."), or when
     *  `member`, a dotted path on it such as "layout.cloud", is not a function. */
    function requireGlobal(scope, name, label, member) {
        const value = scope[name];
        let found = value !== undefined && value !== null;
        if (found && member) {
            const target = member.split('.').reduce(function (object, key) {
                return object === undefined || object === null ? undefined : object[key];
            }, value);
            found = typeof target === 'function';
        }
        if (!found) {
            throw new DataError('The ' + (label || name) + ' library did not load on this page.');
        }
        return value;
    }

    /**
     * The chart families whose libraries did not load: {family: sentence}. `families` is what
     * the page says its families need: {name: {globals: ['d3', 'd3.layout.cloud'], library}}
     * (from each family's manifest); a dotted global is looked up part by part.
     */
    function missingLibraries(scope, families) {
        const missing = {};
        Object.keys(families || {}).forEach(function (name) {
            const family = families[name] || {};
            const absent = (family.globals || []).filter(function (path) {
                const value = String(path).split('.').reduce(function (object, key) {
                    return object === undefined || object === null ? undefined : object[key];
                }, scope);
                return value === undefined || value === null;
            });
            if (absent.length) {
                missing[name] = 'The ' + (family.library || name) + ' library did not load on this page (' +
                    absent.join(', ') + ' is missing), so its charts cannot be drawn.';
            }
        });
        return missing;
    }

    /** Group thousands of a number; text (e.g. "$12,300") is shown as it is. */
    function formatNumber(value) {
        if (typeof value === 'number' && isFinite(value)) {
            return value.toLocaleString('en-US', {maximumFractionDigits: 2});
        }
        return value === null || value === undefined ? '' : String(value);
    }

    /** 'negative', 'positive' or 'neutral', from the sign of a number or of numeric text. */
    function numberTone(value, noformat) {
        if (noformat === true || noformat === 'true') { return 'neutral'; }
        const text = String(value === null || value === undefined ? '' : value).trim();
        if (/^-/.test(text) || /^\(.*\)$/.test(text)) { return 'negative'; }
        const numeric = parseFloat(text.replace(/[^0-9.-]/g, ''));
        if (!isNaN(numeric) && numeric > 0) { return 'positive'; }
        return 'neutral';
    }

    const YOUTUBE_HOSTS = ['youtube.com', 'www.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com'];
    const YOUTUBE_ID = /^[A-Za-z0-9_-]+$/;

    /** The value of attribute `name` in one HTML start tag (quoted or not), or null. */
    function tagAttribute(tag, name) {
        const match = tag.match(new RegExp('[\\s"\'/]' + name + '\\s*=\\s*(?:"([^"]*)"|\'([^\']*)\'|([^\\s"\'>]+))', 'i'));
        if (!match) { return null; }
        const value = match[1] !== undefined ? match[1] : (match[2] !== undefined ? match[2] : match[3]);
        return value.replace(/&amp;/gi, '&').replace(/&#0*38;/g, '&');
    }

    /** The embed URL and size of a YouTube video, from its embed code (the <iframe>'s src) or
     *  a watch/short URL. Only https addresses on youtube.com or youtube-nocookie.com (with or
     *  without www) are accepted; returns null for anything else. Nothing of the embed code but
     *  the src, width and height is kept. */
    function youtubeEmbed(source) {
        const text = String(source === undefined || source === null ? '' : source).trim();
        const tag = (text.match(/<iframe\b[^>]*>/i) || [])[0];
        if (!tag && text.indexOf('<') >= 0) { return null; }
        const src = tag ? tagAttribute(tag, 'src') : text;
        if (!src) { return null; }
        let url;
        try {
            url = new URL(src);
        } catch {
            return null;
        }
        if (url.protocol !== 'https:' || url.username || url.password || url.port) { return null; }
        const host = url.hostname.toLowerCase();
        let id = null;
        if (YOUTUBE_HOSTS.indexOf(host) >= 0) {
            const embed = url.pathname.match(/^\/embed\/([^/]+)\/?$/);
            if (embed) {
                id = embed[1];
            } else if (url.pathname === '/watch') {
                id = url.searchParams.get('v');
                url.search = '';
            }
        } else if (host === 'youtu.be') {
            id = url.pathname.slice(1);
            url.search = '';
        }
        if (!id || !YOUTUBE_ID.test(id)) { return null; }
        const embedHost = YOUTUBE_HOSTS.indexOf(host) >= 0 ? host : 'www.youtube.com';
        const size = function (name) {
            const match = String(tag ? tagAttribute(tag, name) : '').match(/^\s*(\d{1,5})(px)?\s*$/i);
            const value = match ? Number(match[1]) : 0;
            return value > 0 ? value : null;
        };
        return {
            src: 'https://' + embedHost + '/embed/' + id + url.search,
            width: size('width'),
            height: size('height'),
        };
    }

    // URLs ----------------------------------------------------------------------------------

    const SAFE_PROTOCOLS = ['http:', 'https:'];

    /**
     * The absolute URL to load for `url`, or null when it may not be used. Only http(s) URLs
     * and relative ones (resolved against `base`, the page's URL) are allowed: javascript:,
     * data:, vbscript:, blob:, file: and every other scheme are refused, however they are
     * written (any case, tabs or newlines inside, spaces or control characters around: the
     * URL is parsed as the browser parses it). Without a base, relative URLs are refused.
     * Always load the returned URL, never the original text.
     */
    function safeUrl(url, base) {
        // Nothing but spaces and control characters would be read as the base itself.
        if (typeof url !== 'string' || Array.prototype.every.call(url, function (c) { return c <= ' '; })) { return null; }
        let parsed;
        try {
            parsed = base === undefined || base === null ? new URL(url) : new URL(url, base);
        } catch {
            return null;
        }
        return SAFE_PROTOCOLS.indexOf(parsed.protocol) >= 0 ? parsed.href : null;
    }

    /** How an address is quoted in a message: JSON-quoted (control characters visible), cut short. */
    function quoteAddress(url) {
        if (typeof url !== 'string') { return '(' + describe(url) + ')'; }
        const text = url.length > 80 ? url.slice(0, 77) + '...' : url;
        return JSON.stringify(text);
    }

    /** Why a widget did not load its address. */
    function refusedUrlMessage(url) {
        return 'This widget\'s address ' + quoteAddress(url) + ' is not an http(s) or relative URL; it was not loaded.';
    }

    /**
     * A copy of a JSON value with every string HTML-escaped (escapeHtml), for libraries that put
     * the strings they are given into the page as HTML. `keep(path)` may leave some raw: it is
     * asked for each object member's path (a list of keys and list indexes from the top, e.g.
     * ['columns', 0, 'data']) and keeps that value, and all inside it, as it is when true.
     * Object keys are not escaped.
     */
    function escapeStrings(value, keep, path) {
        const here = path || [];
        if (typeof value === 'string') { return escapeHtml(value); }
        if (Array.isArray(value)) {
            return value.map(function (item, index) { return escapeStrings(item, keep, here.concat([index])); });
        }
        if (isPlainObject(value)) {
            const out = {};
            Object.keys(value).forEach(function (key) {
                const inner = here.concat([key]);
                out[key] = keep && keep(inner) ? value[key] : escapeStrings(value[key], keep, inner);
            });
            return out;
        }
        return value;
    }

    /** C3 columns from a series object {name: [values]}: [[name, v1, v2, ...], ...]. */
    function seriesColumns(data, exclude) {
        if (!isPlainObject(data)) {
            throw new DataError('Expected an object of series, like {"series 1": [1, 2, 3]}, but got ' +
                describe(data) + '.');
        }
        const skip = exclude || [];
        const columns = Object.keys(data).filter(function (name) {
            return skip.indexOf(name) < 0;
        }).map(function (name) {
            const values = data[name];
            if (!Array.isArray(values)) {
                throw new DataError('Series "' + name + '" should be a list of numbers, but it is ' +
                    describe(values) + '.');
            }
            return [name].concat(values);
        });
        if (!columns.length) { throw new DataError('The data has no series to draw.'); }
        return columns;
    }

    /** C3 pie/donut columns from {label: number} (a list of numbers is summed). */
    function pieColumns(data) {
        if (!isPlainObject(data) || !Object.keys(data).length) {
            throw new DataError('Expected an object of slices, like {"apples": 3, "pears": 5}, but got ' +
                describe(data) + '.');
        }
        return Object.keys(data).map(function (name) {
            let value = data[name];
            if (Array.isArray(value)) {
                value = value.reduce(function (sum, v) { return sum + (Number(v) || 0); }, 0);
            }
            if (typeof value !== 'number') { value = Number(value); }
            if (isNaN(value)) {
                throw new DataError('Slice "' + name + '" should be a number, but it is ' + describe(data[name]) + '.');
            }
            return [name, value];
        });
    }

    /** Timer interval for auto-refresh, never faster than once a second. */
    function refreshInterval(value) {
        const ms = Number(value);
        if (!isFinite(ms) || ms <= 0) { return null; }
        return Math.max(1000, ms);
    }

    /** Sparkline values: a flat list; [[a, b, c]] and [[x, y], ...] forms are accepted. */
    function sparklineValues(data, type) {
        if (!Array.isArray(data) || !data.length) {
            throw new DataError('Expected a list of numbers for a sparkline, but got ' + describe(data) + '.');
        }
        if (data.length === 1 && Array.isArray(data[0])) { return data[0].slice(); }
        if (Array.isArray(data[0]) && type === 'line') { return data.map(function (pair) { return pair.slice(0, 2); }); }
        if (Array.isArray(data[0])) { return data.map(function (pair) { return pair[pair.length - 1]; }); }
        return data.slice();
    }

    function normalizeAngle(degrees) {
        const angle = ((degrees % 360) + 360) % 360;
        return angle > 180 ? angle - 360 : angle;
    }

    /** Plotly 2+ dropped legacy polar traces (r/t, type "area"): rewrite them as
     *  scatterpolar/barpolar so the original's figures still draw the same way round.
     *  Legacy polar charts went clockwise from 3 o'clock, turned clockwise by
     *  layout.orientation, with the radial axis at -45 degrees; polar subplots turn
     *  counterclockwise, so the angles change sign. */
    function modernPlotlyFigure(figure) {
        if (!isPlainObject(figure) || !Array.isArray(figure.data)) { return figure; }
        let legacy = false;
        const data = figure.data.map(function (trace) {
            if (!isPlainObject(trace) || !('r' in trace) || !('t' in trace)) { return trace; }
            legacy = true;
            const copy = Object.assign({}, trace);
            copy.theta = copy.t;
            delete copy.t;
            copy.type = copy.type === 'area' ? 'barpolar' : 'scatterpolar';
            if (copy.type === 'scatterpolar' && !copy.mode) { copy.mode = 'markers'; }
            return copy;
        });
        if (!legacy) { return figure; }
        const layout = Object.assign({}, figure.layout || {});
        const angular = Object.assign({}, layout.angularaxis || {});
        const radial = Object.assign({}, layout.radialaxis || {});
        // Legacy angular ranges were in degrees; polar angular axes have no range.
        delete angular.range;
        angular.rotation = normalizeAngle(-(Number(layout.orientation) || 0));
        angular.direction = layout.direction === 'counterclockwise' ? 'counterclockwise' : 'clockwise';
        radial.angle = normalizeAngle(-('orientation' in radial ? Number(radial.orientation) || 0 : -45));
        delete radial.orientation;
        ['angularaxis', 'radialaxis', 'orientation', 'direction'].forEach(function (key) { delete layout[key]; });
        layout.polar = Object.assign({}, layout.polar || {}, {angularaxis: angular, radialaxis: radial});
        return Object.assign({}, figure, {data: data, layout: layout});
    }

    /** The scale that fits a width x height drawing into a box, never enlarging it. */
    function fitScale(width, height, boxWidth, boxHeight) {
        if (!(width > 0) || !(height > 0)) { return 1; }
        return Math.min(1, boxWidth / width, boxHeight / height);
    }

    /** Query parameters from an inputs form's values: checkboxes become "true"/"false" and
     *  empty fields are left out, so the data source applies its own defaults. */
    function inputParams(options, values) {
        const params = {};
        (options || []).forEach(function (option) {
            if (!option || !option.name) { return; }
            const value = values[option.name];
            if (option.type === 'checkbox') {
                params[option.name] = value ? 'true' : 'false';
            } else if (value !== undefined && value !== null && String(value) !== '') {
                params[option.name] = String(value);
            }
        });
        return params;
    }

    /** The base URL to resolve relative URLs inside a payload against: the data source's folder. */
    function sourceBase(dataSource, pageUrl) {
        const url = new URL(dataSource, pageUrl);
        url.search = '';
        url.hash = '';
        url.pathname = url.pathname.replace(/[^/]*$/, '');
        return url.toString();
    }

    /** Where each value of a JSON text starts: {"modules[0].width": offset, ...} (paths as the
     *  server's validation reports them; "" is the whole document). Stops quietly at the first
     *  syntax error, returning what it found so far. */
    function locateJsonPaths(text) {
        const found = {};
        let i = 0;
        const space = function () { while (i < text.length && /\s/.test(text[i])) { i++; } };
        const child = function (path, key) {
            return typeof key === 'number' ? path + '[' + key + ']' : (path ? path + '.' + key : key);
        };
        const string = function () {
            const start = i++;
            while (i < text.length && text[i] !== '"') { i += text[i] === '\\' ? 2 : 1; }
            i++;
            return JSON.parse(text.slice(start, i));
        };
        const value = function (path) {
            space();
            found[path] = i;
            const c = text[i];
            if (c === '{') {
                i++;
                space();
                if (text[i] === '}') { i++; return; }
                for (;;) {
                    space();
                    if (text[i] !== '"') { throw new Error('key'); }
                    const key = string();
                    space();
                    if (text[i++] !== ':') { throw new Error(':'); }
                    value(child(path, key));
                    space();
                    if (text[i] === ',') { i++; continue; }
                    if (text[i++] === '}') { return; }
                    throw new Error('}');
                }
            } else if (c === '[') {
                i++;
                space();
                if (text[i] === ']') { i++; return; }
                for (let index = 0; ; index++) {
                    value(child(path, index));
                    space();
                    if (text[i] === ',') { i++; continue; }
                    if (text[i++] === ']') { return; }
                    throw new Error(']');
                }
            } else if (c === '"') {
                string();
            } else {
                const match = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
                if (!match) { throw new Error('value'); }
                i += match[0].length;
            }
        };
        try { value(''); } catch { /* a syntax error: the server names it */ }
        return found;
    }

    // Times on axes that have no timezone (Plotly's dates) ----------------------------------------

    // An ISO time with its zone: "2026-01-01T10:00:00Z", "2026-01-01 10:00+02:00".
    const ZONED_TIME = /^\s*(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(Z|[+-]\d\d:?\d\d)\s*$/i;

    /** A dashboard's "timezone" as its time axes use it: 'utc', 'browser' ("browser" or ""), or
     *  null (absent or unknown: each library shows times its own way, as in the original). */
    function timezoneOf(value) {
        if (value === 'utc') { return 'utc'; }
        return value === 'browser' || value === '' ? 'browser' : null;
    }

    /** The wall-clock time of an instant (epoch ms) in a timezone ('utc' or 'browser'), written as
     *  the epoch ms of that wall clock read as UTC: what an axis without timezones shows. */
    function wallClock(ms, timezone) {
        if (timezone === 'utc') { return ms; }
        const d = new Date(ms);
        return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(),
            d.getMilliseconds());
    }

    /** wallClock's inverse: the instant a wall-clock time (as UTC epoch ms) is in the timezone. */
    function fromWallClock(ms, timezone) {
        if (timezone === 'utc') { return ms; }
        const d = new Date(ms);
        return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(),
            d.getUTCSeconds(), d.getUTCMilliseconds()).getTime();
    }

    /** The instant (epoch ms) an ISO text with a zone names, or null for any other value. */
    function zonedTime(value) {
        const match = typeof value === 'string' ? ZONED_TIME.exec(value) : null;
        if (!match) { return null; }
        const zone = match[3].toUpperCase() === 'Z' ? 'Z' : match[3].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2');
        const ms = Date.parse(match[1] + 'T' + match[2] + zone);
        return isFinite(ms) ? ms : null;
    }

    /** "2026-01-01 10:00:00.000": a wall-clock time (UTC epoch ms, see wallClock) as text with no zone. */
    function wallClockText(ms) {
        return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
    }

    /** The 1-based line of a character offset in a text. */
    function lineOf(text, offset) {
        return text.slice(0, offset).split('\n').length;
    }

    return {
        DataError: DataError,
        describe: describe,
        describeHttpError: describeHttpError,
        escapeHtml: escapeHtml,
        escapeStrings: escapeStrings,
        fitScale: fitScale,
        formatNumber: formatNumber,
        fromWallClock: fromWallClock,
        inputParams: inputParams,
        isPlainObject: isPlainObject,
        lineOf: lineOf,
        locateJsonPaths: locateJsonPaths,
        modernPlotlyFigure: modernPlotlyFigure,
        numberTone: numberTone,
        parseJsonText: parseJsonText,
        pickShared: pickShared,
        pieColumns: pieColumns,
        refreshInterval: refreshInterval,
        refusedUrlMessage: refusedUrlMessage,
        missingLibraries: missingLibraries,
        requireGlobal: requireGlobal,
        safeUrl: safeUrl,
        seriesColumns: seriesColumns,
        sourceBase: sourceBase,
        sparklineValues: sparklineValues,
        timezoneOf: timezoneOf,
        wallClock: wallClock,
        wallClockText: wallClockText,
        withQuery: withQuery,
        youtubeEmbed: youtubeEmbed,
        zonedTime: zonedTime,
    };
}));
