/* flask_jsondash: template variables, interpolation, time ranges and the URL state of a dashboard,
 * after Grafana's dashboard model (templating.list, time, timepicker, refresh).
 *
 * Pure: nothing here reads the page or any global (the clock only when "now" is not given). The
 * caller passes in the variables, "now", the timezone and the dashboard's name, so the same file
 * runs in the browser (as jsondash.templating) and under Node for tests_js/templating.spec.js.
 * Times are epoch milliseconds; a "range" is {from, to}, either raw (Grafana expressions such as
 * "now-6h", ISO strings, epoch ms) or already resolved to milliseconds. Every error meant for the person looking
 * at the dashboard is a TemplatingError whose message says what to write instead.
 *
 * Variables (`variables` below) are either Grafana's templating.list (a list of
 * {name, type, current: {text, value}, options, multi, includeAll, allValue, query}) or an object
 * {name: value}, where a value is a string, a number, a list of them, or a variable as above.
 *
 * Interpolation
 *   interpolate(text, variables, options) -> {text, unknown: [names], errors: [messages]}
 *       Replaces $var, ${var}, ${var:format} and [[var]] / [[var:format]]. options:
 *         url        true when text is a URL: values are encoded with encodeURIComponent.
 *         range      {from, to} in ms, for $__from, $__to, ${__from:date:iso}, ${__to:date:seconds}.
 *         interval   "1m" or intervalFor()'s {text, ms}, for $__interval and $__interval_ms.
 *         dashboard  the dashboard's name, for $__dashboard.
 *       A reference to a variable that is not defined (or a built-in whose option is not given;
 *       names starting with __ are Grafana's, reserved for built-ins) is left as written and its
 *       name listed in `unknown`; a reference with an unknown format is left as written and
 *       described in `errors`. Substituted values are never scanned again. There is no escape
 *       syntax (Grafana has none); a "$" not followed by a letter or "_" ("$5", "$(", "$") is
 *       plain text (Grafana would read "$5" as a variable named 5).
 *       Formats: csv (the default for several values and All), pipe, json, queryparam, raw, text,
 *       glob, regex, doublequote, singlequote, sqlstring, percentencode; date:iso, date:seconds
 *       and date (= date:iso) for __from and __to. With url, csv/pipe/text/the default encode
 *       each value and keep the separators; json, glob, regex and the quoting formats encode the
 *       whole result; raw is never encoded; queryparam and percentencode are encoded already.
 *       All: a custom allValue is inserted as written (also in URLs: it is usually a wildcard),
 *       else every option's value; ${var:queryparam} for All lists every value (not $__all).
 *   references(text) -> [names]         every variable name text refers to, once each, in order.
 *   currentValues(variable) -> [values] the selected values of one variable, as strings.
 *   customOptions(query) -> [{text, value}]  a custom variable's "a,b,c" (or "a : 1,b : 2") list.
 *   optionsFromPayload(payload) -> [{text, value}]  a query variable's options from its URL's JSON.
 *
 * Variables that use other variables (a query variable's URL, in `query` or `url`)
 *   dependencies(variables) -> {name: [names its URL uses]}
 *   cycles(variables) -> [[names]]   each cycle once: ['a', 'b'] means a uses b and b uses a.
 *   order(variables) -> [names]      an evaluation order, dependencies first; throws on a cycle.
 *   dependents(variables, name) -> [names]  what to refresh, in order, when `name` changes.
 *   describeCycle(['a', 'b']) -> "a → b → a"
 *
 * Time
 *   parseTime(expr, now, {roundUp, timezone, weekStart}) -> ms       throws TemplatingError.
 *   timeRange({from, to}, now, timezone | {timezone, weekStart}) -> {from, to}   throws too.
 *   describeRange({from, to}, timezone | {timezone}) -> "Last 6 hours", "Yesterday",
 *       "2026-01-01 00:00 to 2026-01-02 00:00" (absolute sides in the timezone; never throws).
 *   formatTime(ms, timezone) -> "2026-01-01 00:00" (with ":ss" when the seconds are not zero).
 *   shiftRange(range, direction, now, options) -> {from, to}   direction -1 / 1 ('back'/'forward').
 *   zoomOut(range, now, options) -> {from, to}
 *   intervalFor(range, maxDataPoints, {minInterval, now, timezone}) -> {text: "20s", ms: 20000}
 *   parseInterval("5m") -> 300000;  formatInterval(300000) -> "5m"
 *   quickRanges, refreshIntervals, timeOptions: Grafana's default lists for the pickers.
 *
 * URL state
 *   readUrlState(search) -> {from?, to?, refresh?, theme?, vars: {name: [values]}}
 *   writeUrlState(state, existingSearch) -> "?..." (or "" when empty), keeping unrelated params.
 *
 * Also: TemplatingError (error.cycles is set by order()), ALL_VALUE ("$__all"), FORMATS (names).
 */
(function (root, factory) {
    'use strict';
    if (typeof module === 'object' && module.exports) {
        module.exports = factory();
    } else {
        root.jsondash = root.jsondash || {};
        root.jsondash.templating = factory();
    }
}(typeof self !== 'undefined' ? self : this, function () {
    'use strict';

    /** An error whose message is written for the person looking at the dashboard. */
    class TemplatingError extends Error {
        constructor(message, details) {
            super(message);
            this.name = 'TemplatingError';
            if (details) { Object.assign(this, details); }
        }
    }

    /** Grafana's value for "All" in a variable's current value and in the URL. */
    const ALL_VALUE = '$__all';

    function isPlainObject(value) {
        return value !== null && typeof value === 'object' && !Array.isArray(value);
    }

    function describeValue(value) {
        if (value === null) { return 'null'; }
        if (value === undefined) { return 'nothing'; }
        if (Array.isArray(value)) { return 'a list of ' + value.length + ' item' + (value.length === 1 ? '' : 's'); }
        if (isPlainObject(value)) {
            const keys = Object.keys(value);
            return keys.length ? 'an object with keys ' + keys.slice(0, 5).join(', ') : 'an empty object';
        }
        if (typeof value === 'string') { return 'the text "' + (value.length > 40 ? value.slice(0, 37) + '...' : value) + '"'; }
        return String(value);
    }

    function asStrings(value) {
        if (value === undefined || value === null) { return []; }
        return (Array.isArray(value) ? value : [value])
            .filter(function (item) { return item !== undefined && item !== null; })
            .map(String);
    }

    // ---------------------------------------------------------------- variables and their values

    /** A Map name -> variable definition, from templating.list or from {name: value}. */
    function variableMap(variables) {
        const map = new Map();
        if (variables === undefined || variables === null) { return map; }
        if (Array.isArray(variables)) {
            variables.forEach(function (variable) {
                if (isPlainObject(variable) && typeof variable.name === 'string' && variable.name) {
                    map.set(variable.name, variable);
                }
            });
            return map;
        }
        if (!isPlainObject(variables)) {
            throw new TypeError('variables must be a list of variables or an object of values, not ' + describeValue(variables));
        }
        Object.keys(variables).forEach(function (name) {
            const value = variables[name];
            map.set(name, isPlainObject(value)
                ? Object.assign({}, value, {name: name})
                : {name: name, current: {value: value}});
        });
        return map;
    }

    function optionValue(option) {
        if (isPlainObject(option)) {
            const value = option.value !== undefined && option.value !== null ? option.value : option.text;
            return value === undefined || value === null ? null : String(value);
        }
        return option === undefined || option === null ? null : String(option);
    }

    function isAllOption(option) {
        return optionValue(option) === ALL_VALUE;
    }

    /**
     * A custom (or interval) variable's query as options: "a, b, c" gives three; "\," is a comma
     * inside a value; "Production : prod" gives the text Production for the value prod (Grafana's
     * key : value form, with spaces around the colon).
     */
    function customOptions(query) {
        const parts = String(query === undefined || query === null ? '' : query).match(/(?:\\,|[^,])+/g) || [];
        return parts.map(function (part) {
            const item = part.trim().replace(/\\,/g, ',');
            const pair = item.match(/^(.+?)\s+:\s+(.+)$/);
            return pair ? {text: pair[1], value: pair[2]} : {text: item, value: item};
        }).filter(function (option) { return option.value !== ''; });
    }

    /**
     * The selected values of one variable, as strings: current.value (a value or a list, "$__all"
     * for All); else a constant's or textbox's query; else the options marked selected; else the
     * first option (of `options`, or of a custom/interval variable's query), as Grafana picks.
     */
    function currentValues(variable) {
        if (!isPlainObject(variable)) { return []; }
        const current = variable.current;
        if (isPlainObject(current)) {
            if (current.value !== undefined && current.value !== null) { return asStrings(current.value); }
        } else if (current !== undefined && current !== null) {
            return asStrings(current);
        }
        if (variable.type === 'constant' || variable.type === 'textbox') { return asStrings(variable.query); }
        const options = Array.isArray(variable.options) ? variable.options : [];
        const selected = options.filter(function (option) { return isPlainObject(option) && option.selected; });
        const chosen = (selected.length ? selected : options.slice(0, 1)).map(optionValue)
            .filter(function (value) { return value !== null; });
        if (chosen.length) { return chosen; }
        if ((variable.type === 'custom' || variable.type === 'interval') && variable.query) {
            return customOptions(variable.query).slice(0, 1).map(function (option) { return option.value; });
        }
        return [];
    }

    /** What a variable stands for: {values, texts, isList, customAll}. customAll is the
     *  allValue written for All (inserted as written), or null. */
    function resolveVariable(variable) {
        let values = currentValues(variable);
        const current = isPlainObject(variable.current) ? variable.current : {};
        const isAll = values.indexOf(ALL_VALUE) !== -1;
        let texts = asStrings(current.text);
        let customAll = null;
        if (isAll) {
            texts = ['All'];
            if (typeof variable.allValue === 'string' && variable.allValue !== '') {
                customAll = variable.allValue;
            } else {
                let options = Array.isArray(variable.options) ? variable.options : [];
                if (!options.length && variable.type === 'custom') { options = customOptions(variable.query); }
                values = options.filter(function (option) { return !isAllOption(option); })
                    .map(optionValue).filter(function (value) { return value !== null; });
            }
        }
        if (!texts.length) { texts = values; }
        const rawValue = current.value !== undefined ? current.value : variable.current;
        return {
            values: values,
            texts: texts,
            isList: isAll || Array.isArray(rawValue) || values.length > 1,
            customAll: customAll,
        };
    }

    // ---------------------------------------------------------------- formats

    function encode(value) {
        // encodeURIComponent leaves !'()* alone; Grafana's queryparam and percentencode encode them.
        return encodeURIComponent(value).replace(/[!'()*]/g, function (c) {
            return '%' + c.charCodeAt(0).toString(16).toUpperCase();
        });
    }

    function regexEscape(value) {
        return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
    }

    /**
     * Each format: how it joins the values (`format(values, isList, name)`), and what URL mode does
     * to it: 'each' encodes every value and keeps the separators; 'whole' encodes the result;
     * 'none' leaves it (raw is raw; queryparam and percentencode are encoded already).
     */
    const FORMATS = {
        csv: {url: 'each', format: function (values) { return values.join(','); }},
        pipe: {url: 'each', format: function (values) { return values.join('|'); }},
        json: {url: 'whole', format: function (values, isList) { return JSON.stringify(isList ? values : (values[0] || '')); }},
        queryparam: {url: 'none', format: function (values, isList, name) {
            return values.map(function (value) { return 'var-' + encode(name) + '=' + encode(value); }).join('&');
        }},
        raw: {url: 'none', format: function (values) { return values.join(','); }},
        text: {url: 'each', format: function (values) { return values.join(' + '); }},
        glob: {url: 'whole', format: function (values) { return values.length > 1 ? '{' + values.join(',') + '}' : values.join(''); }},
        regex: {url: 'whole', format: function (values) {
            const escaped = values.map(regexEscape);
            return escaped.length > 1 ? '(' + escaped.join('|') + ')' : escaped.join('');
        }},
        doublequote: {url: 'whole', format: function (values) {
            return values.map(function (value) { return '"' + value.replace(/"/g, '\\"') + '"'; }).join(',');
        }},
        singlequote: {url: 'whole', format: function (values) {
            return values.map(function (value) { return '\'' + value.replace(/'/g, '\\\'') + '\''; }).join(',');
        }},
        sqlstring: {url: 'whole', format: function (values) {
            return values.map(function (value) { return '\'' + value.replace(/'/g, '\'\'') + '\''; }).join(',');
        }},
        percentencode: {url: 'none', format: function (values) {
            return encode(values.length > 1 ? '{' + values.join(',') + '}' : values.join(''));
        }},
    };
    const FORMAT_NAMES = Object.keys(FORMATS);
    const DEFAULT_FORMAT = FORMATS.csv;

    function applyFormat(spec, values, isList, name, url) {
        if (url && spec.url === 'each') { return spec.format(values.map(encode), isList, name); }
        const text = spec.format(values, isList, name);
        return url && spec.url === 'whole' ? encode(text) : text;
    }

    // ---------------------------------------------------------------- built-in variables

    const TIME_BUILTINS = {__from: 'from', __to: 'to'};

    function intervalOption(options) {
        const interval = options.interval;
        if (interval === undefined || interval === null || interval === '') { return null; }
        if (isPlainObject(interval)) { return {text: String(interval.text), ms: Number(interval.ms)}; }
        return {text: String(interval), ms: parseInterval(interval)};
    }

    /** {values, time} for a built-in variable that the options provide, else undefined. */
    function builtinValue(name, options) {
        if (TIME_BUILTINS[name]) {
            const raw = isPlainObject(options.range) ? options.range[TIME_BUILTINS[name]] : undefined;
            const ms = raw instanceof Date ? raw.getTime() : raw;
            return typeof ms === 'number' && isFinite(ms) ? {values: [String(ms)], time: ms} : undefined;
        }
        if (name === '__interval' || name === '__interval_ms') {
            const interval = intervalOption(options);
            if (!interval) { return undefined; }
            return {values: [name === '__interval' ? interval.text : String(interval.ms)]};
        }
        if (name === '__dashboard') {
            return options.dashboard === undefined || options.dashboard === null ? undefined : {values: [String(options.dashboard)]};
        }
        return undefined;
    }

    function formatDate(ms, format) {
        const kind = format === 'date' ? 'iso' : format.slice('date:'.length);
        if (kind === 'iso') { return new Date(ms).toISOString(); }
        if (kind === 'seconds') { return String(Math.floor(ms / 1000)); }
        return null;
    }

    // ---------------------------------------------------------------- interpolation

    // $name (a name starts with a letter or _, so "$5" is not a reference), [[name]], [[name:fmt]],
    // ${name}, ${name:fmt}. A name is a whole identifier: $hostname never means $host + "name".
    const REFERENCE = /\$([A-Za-z_]\w*)|\[\[(\w+)(?::([^\]]+))?\]\]|\$\{(\w+)(?::([^}]+))?\}/g;

    /** Every variable name text refers to (built-ins included), once each, in order. */
    function references(text) {
        if (typeof text !== 'string') { return []; }
        const names = [];
        text.replace(REFERENCE, function (match, plain, bracket, bracketFormat, brace) {
            const name = plain || bracket || brace;
            if (names.indexOf(name) === -1) { names.push(name); }
            return match;
        });
        return names;
    }

    /**
     * text with its variable references replaced: {text, unknown, errors} (see the header).
     * Multi-value variables and All default to csv; All is the variable's allValue, inserted as
     * written, when one is set, else every option's value. With options.url, each value is
     * encoded with encodeURIComponent where it lands (raw stays raw; queryparam is encoded already).
     */
    function interpolate(text, variables, options) {
        const settings = options || {};
        const unknown = [];
        const errors = [];
        if (typeof text !== 'string') { return {text: text, unknown: unknown, errors: errors}; }
        const map = variableMap(variables);
        const url = Boolean(settings.url);
        const result = text.replace(REFERENCE, function (match, plain, bracket, bracketFormat, brace, braceFormat) {
            const name = plain || bracket || brace;
            const format = bracket ? bracketFormat : braceFormat;
            const builtin = builtinValue(name, settings);
            if (!builtin && (name.slice(0, 2) === '__' || !map.has(name))) {
                if (unknown.indexOf(name) === -1) { unknown.push(name); }
                return match;
            }
            if (format !== undefined && (format === 'date' || format.slice(0, 5) === 'date:')) {
                const date = builtin && builtin.time !== undefined ? formatDate(builtin.time, format) : null;
                if (date === null) {
                    errors.push(builtin && builtin.time !== undefined
                        ? 'Unknown date format "' + format + '" in ' + match + ': use date:iso or date:seconds.'
                        : 'The format "' + format + '" in ' + match + ' only applies to $__from and $__to.');
                    return match;
                }
                return url ? encode(date) : date;
            }
            const spec = format === undefined ? DEFAULT_FORMAT : FORMATS[format];
            if (!spec) {
                errors.push('Unknown format "' + format + '" in ' + match + ': use one of ' + FORMAT_NAMES.join(', ') + '.');
                return match;
            }
            if (builtin) { return applyFormat(spec, builtin.values, false, name, url); }
            const resolved = resolveVariable(map.get(name));
            if (resolved.customAll !== null) {
                // Grafana inserts a custom all value as written (it is often a wildcard such as .*
                // or %), except for formats that exist to encode.
                if (format === 'queryparam') { return 'var-' + encode(name) + '=' + encode(resolved.customAll); }
                if (format === 'percentencode') { return encode(resolved.customAll); }
                if (format === 'text') { return url ? encode('All') : 'All'; }
                return resolved.customAll;
            }
            const values = format === 'text' ? resolved.texts : resolved.values;
            return applyFormat(spec, values, resolved.isList, name, url);
        });
        return {text: result, unknown: unknown, errors: errors};
    }

    // ---------------------------------------------------------------- query variables' options

    /**
     * A query variable's options from the JSON its URL returned: a list of strings, numbers or
     * {text, value} objects (either may be missing; the other stands in), as [{text, value}] of
     * strings, the first of each value kept. Anything else is a TemplatingError saying which item.
     */
    function optionsFromPayload(payload) {
        if (!Array.isArray(payload)) {
            throw new TemplatingError('A query variable\'s URL must return a JSON list of strings, numbers or ' +
                '{"text": ..., "value": ...} objects, but it returned ' + describeValue(payload) + '.');
        }
        const seen = new Set();
        const options = [];
        payload.forEach(function (item, index) {
            let option = null;
            if (typeof item === 'string') {
                option = {text: item, value: item};
            } else if (typeof item === 'number' && isFinite(item)) {
                option = {text: String(item), value: String(item)};
            } else if (isPlainObject(item)) {
                const scalar = function (value) {
                    return typeof value === 'string' || (typeof value === 'number' && isFinite(value));
                };
                const hasText = item.text !== undefined && item.text !== null;
                const hasValue = item.value !== undefined && item.value !== null;
                if ((hasText || hasValue) && (!hasText || scalar(item.text)) && (!hasValue || scalar(item.value))) {
                    option = {text: String(hasText ? item.text : item.value), value: String(hasValue ? item.value : item.text)};
                }
            }
            if (!option) {
                throw new TemplatingError('Item [' + index + '] of the list a query variable\'s URL returned is ' +
                    describeValue(item) + '; each item must be a string, a number or {"text": ..., "value": ...} ' +
                    'with a string or number in each.');
            }
            if (!seen.has(option.value)) {
                seen.add(option.value);
                options.push(option);
            }
        });
        return options;
    }

    // ---------------------------------------------------------------- dependencies

    function variableUrl(variable) {
        if (variable.type !== 'query') { return ''; }
        if (typeof variable.query === 'string' && variable.query) { return variable.query; }
        return typeof variable.url === 'string' ? variable.url : '';
    }

    /** {name: [names of defined variables its URL uses]}, for every variable; only query
     *  variables (their `query`, or `url`) use others. A self-reference is listed. */
    function dependencies(variables) {
        const map = variableMap(variables);
        const result = {};
        map.forEach(function (variable, name) {
            result[name] = references(variableUrl(variable)).filter(function (used) { return map.has(used); });
        });
        return result;
    }

    /** Each cycle once, as the names along it starting from the earliest defined: a uses b uses a
     *  is ['a', 'b']; a variable that uses itself is ['a']. [] when there is none. */
    function cycles(variables) {
        const names = Array.from(variableMap(variables).keys());
        const deps = dependencies(variables);
        const position = new Map(names.map(function (name, index) { return [name, index]; }));
        const state = new Map();
        const stack = [];
        const found = [];
        const seen = new Set();
        function visit(name) {
            state.set(name, 'open');
            stack.push(name);
            deps[name].forEach(function (used) {
                if (state.get(used) === 'open') {
                    const cycle = stack.slice(stack.indexOf(used));
                    let start = 0;
                    cycle.forEach(function (member, index) {
                        if (position.get(member) < position.get(cycle[start])) { start = index; }
                    });
                    const rotated = cycle.slice(start).concat(cycle.slice(0, start));
                    const key = rotated.join('\u0000');
                    if (!seen.has(key)) {
                        seen.add(key);
                        found.push(rotated);
                    }
                } else if (!state.has(used)) {
                    visit(used);
                }
            });
            stack.pop();
            state.set(name, 'done');
        }
        names.forEach(function (name) { if (!state.has(name)) { visit(name); } });
        return found;
    }

    /** "a → b → a", for messages. */
    function describeCycle(cycle) {
        return cycle.concat(cycle.slice(0, 1)).join(' → ');
    }

    /** An evaluation order (dependencies first, otherwise as listed); a TemplatingError naming the
     *  cycles (also on error.cycles) when variables use each other in a cycle. */
    function order(variables) {
        const found = cycles(variables);
        if (found.length) {
            throw new TemplatingError('These variables use each other in a cycle, so none of them can be filled in: ' +
                found.map(describeCycle).join('; ') + '. Change the URL of one of them.', {cycles: found});
        }
        const names = Array.from(variableMap(variables).keys());
        const deps = dependencies(variables);
        const done = new Set();
        const result = [];
        while (result.length < names.length) {
            // The first listed variable whose dependencies are all done: stable and simple (lists are short).
            const next = names.find(function (name) {
                return !done.has(name) && deps[name].every(function (used) { return done.has(used); });
            });
            done.add(next);
            result.push(next);
        }
        return result;
    }

    /** The variables to refresh, in order, when `name` changes: those whose URLs use it, directly
     *  or through others. Throws as order() does on a cycle. */
    function dependents(variables, name) {
        const deps = dependencies(variables);
        const affected = new Set([name]);
        return order(variables).filter(function (candidate) {
            if (candidate === name || !deps[candidate].some(function (used) { return affected.has(used); })) { return false; }
            affected.add(candidate);
            return true;
        });
    }

    // ---------------------------------------------------------------- intervals

    const UNIT_MS = {ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000, M: 2592000000, y: 31536000000};

    /** "30s", "5m", "1h", "1d" (also ms, w, M = 30 days, y = 365 days) as milliseconds. */
    function parseInterval(text) {
        const match = String(text === undefined || text === null ? '' : text).trim().match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|M|y)$/);
        if (!match) {
            throw new TemplatingError('"' + text + '" is not an interval: write a number and a unit, such as 30s, 5m, 1h or 1d.');
        }
        return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
    }

    /** Milliseconds as Grafana writes an interval: the largest whole unit of y, d, h, m, s, ms. */
    function formatInterval(ms) {
        const units = ['y', 'd', 'h', 'm', 's', 'ms'];
        for (let index = 0; index < units.length; index++) {
            const count = Math.floor(ms / UNIT_MS[units[index]]);
            if (count >= 1) { return count + units[index]; }
        }
        return '0ms';
    }

    // Grafana's rangeutil.roundInterval: [upper bound of the raw interval, rounded interval].
    const ROUNDED_INTERVALS = [
        [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500],
        [1500, 1000], [3500, 2000], [7500, 5000], [12500, 10000], [17500, 15000], [25000, 20000],
        [45000, 30000], [90000, 60000], [210000, 120000], [450000, 300000], [750000, 600000],
        [1050000, 900000], [1500000, 1200000], [2700000, 1800000], [5400000, 3600000],
        [9000000, 7200000], [16200000, 10800000], [32400000, 21600000], [86400000, 43200000],
        [604800000, 86400000], [1814400000, 604800000], [3628800000, 2592000000],
    ];

    function roundInterval(ms) {
        const step = ROUNDED_INTERVALS.find(function (pair) { return ms < pair[0]; });
        return step ? step[1] : 31536000000;
    }

    /**
     * Grafana's $__interval: the range's span over maxDataPoints (default 1000, about one point a
     * pixel), rounded to a tidy step (10ms ... 1s, 2s, 5s, 10s, 15s, 20s, 30s, 1m ... 1d, 7d, 30d,
     * 1y), and at least options.minInterval. {text: "20s", ms: 20000}.
     */
    function intervalFor(range, maxDataPoints, options) {
        const settings = options || {};
        const resolved = timeRange(range, settings.now, settings);
        const points = maxDataPoints === undefined || maxDataPoints === null ? 1000 : Number(maxDataPoints);
        if (!isFinite(points) || points <= 0) {
            throw new TemplatingError('The number of data points must be a positive number, not ' + describeValue(maxDataPoints) + '.');
        }
        let ms = roundInterval((resolved.to - resolved.from) / points);
        if (settings.minInterval) { ms = Math.max(ms, parseInterval(settings.minInterval)); }
        return {text: formatInterval(ms), ms: ms};
    }

    // ---------------------------------------------------------------- calendars

    /** Wall-clock fields in UTC or in the browser's zone, and back to ms. */
    function calendar(timezone) {
        const zone = timezone === undefined || timezone === null || timezone === '' ? 'browser' : String(timezone).toLowerCase();
        if (zone !== 'utc' && zone !== 'browser') {
            throw new TemplatingError('The timezone "' + timezone + '" is not supported: use "utc" or "browser".');
        }
        const utc = zone === 'utc';
        return {
            fields: function (ms) {
                const date = new Date(ms);
                return utc
                    ? {y: date.getUTCFullYear(), M: date.getUTCMonth(), d: date.getUTCDate(), h: date.getUTCHours(),
                        m: date.getUTCMinutes(), s: date.getUTCSeconds(), ms: date.getUTCMilliseconds(), day: date.getUTCDay()}
                    : {y: date.getFullYear(), M: date.getMonth(), d: date.getDate(), h: date.getHours(),
                        m: date.getMinutes(), s: date.getSeconds(), ms: date.getMilliseconds(), day: date.getDay()};
            },
            // Through the setters rather than Date.UTC / new Date(y, ...), which read years 0-99 as 19xx.
            make: function (f) {
                const date = new Date(0);
                if (utc) {
                    date.setUTCFullYear(f.y, f.M, f.d);
                    date.setUTCHours(f.h || 0, f.m || 0, f.s || 0, f.ms || 0);
                } else {
                    date.setFullYear(f.y, f.M, f.d);
                    date.setHours(f.h || 0, f.m || 0, f.s || 0, f.ms || 0);
                }
                return date.getTime();
            },
        };
    }

    function daysInMonth(year, month) {
        return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month];
    }

    function isLeapYear(year) {
        return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    }

    const WEEK_STARTS = {sunday: 0, monday: 1, saturday: 6};

    function weekStartDay(weekStart) {
        const key = weekStart === undefined || weekStart === null || weekStart === '' ? 'monday' : String(weekStart).toLowerCase();
        if (!(key in WEEK_STARTS)) {
            throw new TemplatingError('The week start "' + weekStart + '" is not supported: use monday, sunday or saturday.');
        }
        return WEEK_STARTS[key];
    }

    /** ms plus count units: s, m, h as elapsed time; d, w keep the wall-clock time (across a
     *  daylight saving change a day is 23 or 25 hours); M, y keep the day, or the month's last. */
    function addUnits(ms, count, unit, cal) {
        if (unit === 's' || unit === 'm' || unit === 'h') { return ms + count * UNIT_MS[unit]; }
        const f = cal.fields(ms);
        if (unit === 'd' || unit === 'w') {
            f.d += count * (unit === 'w' ? 7 : 1);
            return cal.make(f);
        }
        const months = f.M + count * (unit === 'y' ? 12 : 1);
        f.y += Math.floor(months / 12);
        f.M = ((months % 12) + 12) % 12;
        f.d = Math.min(f.d, daysInMonth(f.y, f.M));
        return cal.make(f);
    }

    function startOf(ms, unit, cal, weekStart) {
        const f = cal.fields(ms);
        // Within an hour, subtract: rebuilding the wall-clock time could land in the other copy of
        // the hour that repeats when daylight saving ends.
        if (unit === 's') { return ms - f.ms; }
        if (unit === 'm') { return ms - f.s * 1000 - f.ms; }
        if (unit === 'h') { return ms - f.m * 60000 - f.s * 1000 - f.ms; }
        const day = {y: f.y, M: f.M, d: f.d};
        if (unit === 'w') { day.d -= (f.day - weekStart + 7) % 7; }
        if (unit === 'M' || unit === 'y') { day.d = 1; }
        if (unit === 'y') { day.M = 0; }
        return cal.make(day);
    }

    function endOf(ms, unit, cal, weekStart) {
        return addUnits(startOf(ms, unit, cal, weekStart), 1, unit, cal) - 1;
    }

    // ---------------------------------------------------------------- time expressions

    const TIME_UNITS = 'smhdwMy';
    const TIME_HELP = 'use now, now-6h, now-7d/d, now/w, an ISO time such as 2026-01-01T00:00:00Z, or epoch milliseconds.';

    /** An ISO 8601 time (date, date and time, optional fraction and offset) in ms; without an
     *  offset it is a wall-clock time in the calendar's zone. null when it is not one. */
    function parseAbsolute(text, cal) {
        const match = text.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i);
        if (!match) { return null; }
        const f = {
            y: Number(match[1]), M: Number(match[2]) - 1, d: Number(match[3]), h: Number(match[4] || 0),
            m: Number(match[5] || 0), s: Number(match[6] || 0), ms: match[7] ? Math.floor(Number('0.' + match[7]) * 1000) : 0,
        };
        if (f.M > 11 || f.d < 1 || f.d > daysInMonth(f.y, f.M) || f.h > 23 || f.m > 59 || f.s > 59) { return null; }
        const offset = match[8];
        if (!offset) { return cal.make(f); }
        const utc = calendar('utc').make(f);
        if (offset.toUpperCase() === 'Z') { return utc; }
        const digits = offset.replace(':', '');
        const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
        return utc - (offset[0] === '-' ? -1 : 1) * minutes * 60000;
    }

    /**
     * A Grafana time expression as epoch ms: now, followed by any of +N<unit>, -N<unit> (N defaults
     * to 1) and /<unit> (round to the start of the unit, or to its last millisecond with roundUp, as
     * Grafana does for the "to" side), units s m h d w M y; an ISO time, which may be followed by
     * "||" and the same operations; or epoch ms (a number or a string of digits).
     * options: {roundUp, timezone: 'utc' | 'browser' (default), weekStart: 'monday' (default) |
     * 'sunday' | 'saturday'}. now: ms or a Date (default: the clock). Throws a TemplatingError.
     */
    function parseTime(expr, now, options) {
        const settings = options || {};
        const cal = calendar(settings.timezone);
        const weekStart = weekStartDay(settings.weekStart);
        if (expr instanceof Date) { expr = expr.getTime(); }
        if (typeof expr === 'number') {
            if (!isFinite(expr)) { throw new TemplatingError('"' + expr + '" is not a valid time: ' + TIME_HELP); }
            return expr;
        }
        if (typeof expr !== 'string' || !expr.trim()) {
            throw new TemplatingError('The time is empty or not text (' + describeValue(expr) + '): ' + TIME_HELP);
        }
        const text = expr.trim();
        if (/^-?\d+$/.test(text)) { return Number(text); }
        let anchor;
        let math;
        if (text.slice(0, 3) === 'now') {
            const clock = now === undefined || now === null ? Date.now() : (now instanceof Date ? now.getTime() : Number(now));
            if (!isFinite(clock)) { throw new TypeError('now must be epoch milliseconds or a Date, not ' + describeValue(now)); }
            anchor = clock;
            math = text.slice(3);
        } else {
            const separator = text.indexOf('||');
            anchor = parseAbsolute(separator === -1 ? text : text.slice(0, separator), cal);
            math = separator === -1 ? '' : text.slice(separator + 2);
            if (anchor === null) { throw new TemplatingError('"' + text + '" is not a valid time: ' + TIME_HELP); }
        }
        let index = 0;
        let ms = anchor;
        while (index < math.length) {
            const operator = math[index++];
            if (operator !== '/' && operator !== '+' && operator !== '-') {
                throw new TemplatingError('"' + text + '" is not a valid time: expected +, - or / where "' +
                    math.slice(index - 1) + '" is; ' + TIME_HELP);
            }
            let digits = '';
            while (operator !== '/' && index < math.length && /\d/.test(math[index])) { digits += math[index++]; }
            const unit = math[index++];
            if (!unit || TIME_UNITS.indexOf(unit) === -1) {
                throw new TemplatingError('"' + text + '" is not a valid time: ' +
                    (unit ? '"' + unit + '" is not a unit' : 'a unit is missing at the end') +
                    ' (use s, m, h, d, w, M or y; M is months, m minutes).');
            }
            if (operator === '/') {
                ms = settings.roundUp ? endOf(ms, unit, cal, weekStart) : startOf(ms, unit, cal, weekStart);
            } else {
                const count = digits ? Number(digits) : 1;
                ms = addUnits(ms, operator === '-' ? -count : count, unit, cal);
            }
        }
        return ms;
    }

    function rangeOptions(options) {
        return typeof options === 'string' || options === undefined || options === null ? {timezone: options} : options;
    }

    /** A range of expressions (or ms) as {from, to} in ms, "to" rounded up; a TemplatingError when
     *  either side is invalid or the range does not start before it ends. */
    function timeRange(range, now, options) {
        const settings = rangeOptions(options);
        if (!isPlainObject(range) || range.from === undefined || range.from === null || range.to === undefined || range.to === null) {
            throw new TemplatingError('A time range needs "from" and "to", such as {"from": "now-6h", "to": "now"}; got ' +
                describeValue(range) + '.');
        }
        const resolved = {};
        ['from', 'to'].forEach(function (side) {
            try {
                resolved[side] = parseTime(range[side], now, {roundUp: side === 'to', timezone: settings.timezone, weekStart: settings.weekStart});
            } catch (error) {
                if (error instanceof TemplatingError) { throw new TemplatingError('The time range\'s "' + side + '": ' + error.message); }
                throw error;
            }
        });
        if (resolved.from >= resolved.to) {
            throw new TemplatingError('The time range must start before it ends, but it runs from ' +
                formatTime(resolved.from, settings.timezone) + ' to ' + formatTime(resolved.to, settings.timezone) + '.');
        }
        return resolved;
    }

    function pad(number, width) {
        return String(number).padStart(width || 2, '0');
    }

    /** "2026-01-01 00:00", or "2026-01-01 00:00:30" when the seconds are not zero. */
    function formatTime(ms, timezone) {
        const f = calendar(timezone).fields(ms);
        return pad(f.y, 4) + '-' + pad(f.M + 1) + '-' + pad(f.d) + ' ' + pad(f.h) + ':' + pad(f.m) +
            (f.s || f.ms ? ':' + pad(f.s) : '');
    }

    // ---------------------------------------------------------------- pickers

    /** Grafana's quick ranges (without fiscal periods), in its order. */
    const quickRanges = [
        {from: 'now-5m', to: 'now', display: 'Last 5 minutes'},
        {from: 'now-15m', to: 'now', display: 'Last 15 minutes'},
        {from: 'now-30m', to: 'now', display: 'Last 30 minutes'},
        {from: 'now-1h', to: 'now', display: 'Last 1 hour'},
        {from: 'now-3h', to: 'now', display: 'Last 3 hours'},
        {from: 'now-6h', to: 'now', display: 'Last 6 hours'},
        {from: 'now-12h', to: 'now', display: 'Last 12 hours'},
        {from: 'now-24h', to: 'now', display: 'Last 24 hours'},
        {from: 'now-2d', to: 'now', display: 'Last 2 days'},
        {from: 'now-7d', to: 'now', display: 'Last 7 days'},
        {from: 'now-30d', to: 'now', display: 'Last 30 days'},
        {from: 'now-90d', to: 'now', display: 'Last 90 days'},
        {from: 'now-6M', to: 'now', display: 'Last 6 months'},
        {from: 'now-1y', to: 'now', display: 'Last 1 year'},
        {from: 'now-2y', to: 'now', display: 'Last 2 years'},
        {from: 'now-5y', to: 'now', display: 'Last 5 years'},
        {from: 'now-1d/d', to: 'now-1d/d', display: 'Yesterday'},
        {from: 'now-2d/d', to: 'now-2d/d', display: 'Day before yesterday'},
        {from: 'now-7d/d', to: 'now-7d/d', display: 'This day last week'},
        {from: 'now-1w/w', to: 'now-1w/w', display: 'Previous week'},
        {from: 'now-1M/M', to: 'now-1M/M', display: 'Previous month'},
        {from: 'now-1y/y', to: 'now-1y/y', display: 'Previous year'},
        {from: 'now/d', to: 'now/d', display: 'Today'},
        {from: 'now/d', to: 'now', display: 'Today so far'},
        {from: 'now/w', to: 'now/w', display: 'This week'},
        {from: 'now/w', to: 'now', display: 'This week so far'},
        {from: 'now/M', to: 'now/M', display: 'This month'},
        {from: 'now/M', to: 'now', display: 'This month so far'},
        {from: 'now/y', to: 'now/y', display: 'This year'},
        {from: 'now/y', to: 'now', display: 'This year so far'},
    ];

    /** Grafana's default timepicker.refresh_intervals and timepicker.time_options. */
    const refreshIntervals = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'];
    const timeOptions = ['5m', '15m', '1h', '6h', '12h', '24h', '2d', '7d', '30d'];

    const UNIT_NAMES = {s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', M: 'month', y: 'year'};

    function rawSide(value) {
        return typeof value === 'string' ? value.trim() : value;
    }

    /** Short text for a range: a quick range's name ("Today so far"), "Last N units" for now-N<unit>
     *  to now, else each side as written when relative or as formatTime() when absolute, joined by
     *  " to ". options: {timezone}. Never throws: an invalid side is shown as written. */
    function describeRange(range, options) {
        const timezone = rangeOptions(options).timezone;
        const from = rawSide(isPlainObject(range) ? range.from : undefined);
        const to = rawSide(isPlainObject(range) ? range.to : undefined);
        const quick = quickRanges.find(function (entry) { return entry.from === from && entry.to === to; });
        if (quick) { return quick.display; }
        const last = typeof from === 'string' && from.match(/^now-(\d+)([smhdwMy])$/);
        if (last && to === 'now') {
            const count = Number(last[1]);
            return 'Last ' + count + ' ' + UNIT_NAMES[last[2]] + (count === 1 ? '' : 's');
        }
        const side = function (value) {
            if (typeof value === 'string' && value.slice(0, 3) === 'now') { return value; }
            try {
                return formatTime(parseTime(value, 0, {timezone: timezone}), timezone);
            } catch {
                return String(value);
            }
        };
        return side(from) + ' to ' + side(to);
    }

    function directionOf(direction) {
        if (direction === 'back' || direction === -1) { return -1; }
        if (direction === 'forward' || direction === 1) { return 1; }
        throw new TypeError('direction must be -1 or "back", or 1 or "forward", not ' + describeValue(direction));
    }

    function clock(now) {
        return now === undefined || now === null ? Date.now() : (now instanceof Date ? now.getTime() : Number(now));
    }

    /**
     * Grafana's arrows: the range moved by half its span, back (-1) or forward (1), as absolute ms.
     * Forward stops at now: when that would pass now from a range that ended before now, the range
     * keeps its start and ends at now (Grafana's rule).
     */
    function shiftRange(range, direction, now, options) {
        const sign = directionOf(direction);
        const current = clock(now);
        const resolved = timeRange(range, current, options);
        const half = Math.floor((resolved.to - resolved.from) / 2);
        let from = resolved.from + sign * half;
        let to = resolved.to + sign * half;
        if (sign === 1 && to > current && resolved.to < current) {
            to = current;
            from = resolved.from;
        }
        return {from: from, to: to};
    }

    /** Grafana's zoom out (x2): twice the span around the same centre, as absolute ms. A range
     *  that ended at or before now is not pushed past now: it ends at now, still twice as long. */
    function zoomOut(range, now, options) {
        const current = clock(now);
        const resolved = timeRange(range, current, options);
        const span = resolved.to - resolved.from;
        const centre = resolved.from + span / 2;
        let from = Math.floor(centre - span);
        let to = Math.floor(centre + span);
        if (to > current && resolved.to <= current) {
            from -= to - current;
            to = current;
        }
        return {from: from, to: to};
    }

    // ---------------------------------------------------------------- URL state

    const STATE_KEYS = ['from', 'to', 'refresh', 'theme'];

    function queryPart(search) {
        let text = String(search === undefined || search === null ? '' : search);
        const hash = text.indexOf('#');
        if (hash !== -1) { text = text.slice(0, hash); }
        if (text[0] === '?') { return text.slice(1); }
        if (/^([a-z][a-z0-9+.-]*:|\/)/i.test(text)) {
            const question = text.indexOf('?');
            return question === -1 ? '' : text.slice(question + 1);
        }
        return text;
    }

    function isStateKey(key) {
        return STATE_KEYS.indexOf(key) !== -1 || (key.slice(0, 4) === 'var-' && key.length > 4);
    }

    /** The dashboard's state in a query string (location.search, with or without "?", or a whole
     *  URL): {from, to, refresh, theme} when present (the first of each), vars: {name: [values]}
     *  from each var-name (repeated for several values; "$__all" for All). */
    function readUrlState(search) {
        const state = {vars: {}};
        new URLSearchParams(queryPart(search)).forEach(function (value, key) {
            if (STATE_KEYS.indexOf(key) !== -1) {
                if (!(key in state)) { state[key] = value; }
            } else if (isStateKey(key)) {
                const name = key.slice(4);
                if (!Object.prototype.hasOwnProperty.call(state.vars, name)) { state.vars[name] = []; }
                state.vars[name].push(value);
            }
        });
        return state;
    }

    function encodeParam(value) {
        // Readable where it is safe in a query: now-7d/d, 2026-01-01T00:00:00Z, $__all, a,b.
        return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%24/g, '$').replace(/%2C/g, ',');
    }

    /**
     * A query string ("?..." or "") for this state ({from, to, refresh, theme, vars: {name: value or
     * [values]}}; absent or null ones are left out), keeping existingSearch's other parameters as
     * written, in their places, and replacing all of its from, to, refresh, theme and var-*.
     */
    function writeUrlState(state, existingSearch) {
        const settings = state || {};
        const kept = queryPart(existingSearch).split('&').filter(function (pair) {
            if (!pair) { return false; }
            let key = pair.split('=')[0];
            try {
                key = decodeURIComponent(key.replace(/\+/g, ' '));
            } catch {
                return true;
            }
            return !isStateKey(key);
        });
        const ours = [];
        const add = function (key, value) {
            if (value !== undefined && value !== null && value !== '') { ours.push(encodeParam(key) + '=' + encodeParam(String(value))); }
        };
        add('from', settings.from);
        add('to', settings.to);
        const vars = isPlainObject(settings.vars) ? settings.vars : {};
        Object.keys(vars).forEach(function (name) {
            asStrings(vars[name]).forEach(function (value) { ours.push(encodeParam('var-' + name) + '=' + encodeParam(value)); });
        });
        add('refresh', settings.refresh);
        add('theme', settings.theme);
        const all = kept.concat(ours);
        return all.length ? '?' + all.join('&') : '';
    }

    return {
        ALL_VALUE: ALL_VALUE,
        FORMATS: FORMAT_NAMES,
        TemplatingError: TemplatingError,
        currentValues: currentValues,
        customOptions: customOptions,
        cycles: cycles,
        dependencies: dependencies,
        dependents: dependents,
        describeCycle: describeCycle,
        describeRange: describeRange,
        formatInterval: formatInterval,
        formatTime: formatTime,
        interpolate: interpolate,
        intervalFor: intervalFor,
        optionsFromPayload: optionsFromPayload,
        order: order,
        parseInterval: parseInterval,
        parseTime: parseTime,
        quickRanges: quickRanges,
        readUrlState: readUrlState,
        references: references,
        refreshIntervals: refreshIntervals,
        shiftRange: shiftRange,
        timeOptions: timeOptions,
        timeRange: timeRange,
        writeUrlState: writeUrlState,
        zoomOut: zoomOut,
    };
}));
