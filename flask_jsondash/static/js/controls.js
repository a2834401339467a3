/* flask_jsondash: the dashboard's controls bar (issue 14), after Grafana: template variables,
 * the time range, and a dashboard-wide refresh, all kept in the page's URL.
 *
 * Loaded (after js/templating.js) only on dashboards whose document has templating, time,
 * refresh or annotations. jsondash.controls.start(dashboard) reads the state (the document,
 * then the URL: ?from=&to=&var-x=&refresh=), fetches the options of query variables (in the
 * order they use each other), draws the bar, and resolves when the widgets may start;
 * app.js asks resolve(text, {url}) for each widget's data source, and refreshChanged() after a
 * change reloads only the widgets whose URL changed. Every change replaces the URL (history),
 * so a link shares exactly what one sees. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const T = jsondash.templating;
    /** How many options a dropdown shows before it offers a search box. */
    const SEARCH_FROM = 10;

    function element(tag, className, text) {
        const el = document.createElement(tag);
        if (className) { el.className = className; }
        if (text !== undefined) { el.textContent = text; }
        return el;
    }

    const isObject = jsondash.utils.isPlainObject;

    function copy(value) { return JSON.parse(JSON.stringify(value)); }

    const state = {
        dashboard: null,
        variables: [],
        range: {from: 'now-6h', to: 'now'},
        timezone: 'browser',
        refresh: 'off',
        refreshIntervals: T.refreshIntervals,
        problems: {},
        timer: null,
        bar: null,
    };

    // State ------------------------------------------------------------------------------------

    function timezone() { return state.timezone === 'utc' ? 'utc' : 'browser'; }

    /** The time range in ms (the document's, or the last good one when the typed one is bad). */
    function resolvedRange() {
        try {
            state.rangeError = null;
            return T.timeRange(state.range, Date.now(), timezone());
        } catch (err) {
            state.rangeError = err.message;
            return T.timeRange({from: 'now-6h', to: 'now'}, Date.now(), timezone());
        }
    }

    /** `text` with the variables' values, the time range and the built-ins: {text, unknown}. */
    function resolve(text, options) {
        const range = resolvedRange();
        return T.interpolate(String(text === undefined || text === null ? '' : text), state.variables, {
            url: Boolean(options && options.url),
            range: range,
            interval: T.intervalFor(range, 1000, {timezone: timezone()}),
            dashboard: state.dashboard ? state.dashboard.name : '',
        });
    }

    function setCurrent(variable, values) {
        const list = values.slice();
        const texts = list.map(function (value) {
            if (value === T.ALL_VALUE) { return 'All'; }
            const option = (variable.options || []).find(function (o) { return o.value === value; });
            return option ? option.text : value;
        });
        variable.current = variable.multi || list.length > 1
            ? {text: texts, value: list}
            : {text: texts[0] || '', value: list[0] === undefined ? '' : list[0]};
    }

    /** A variable's options, with All first when it has includeAll. */
    function withAll(variable, options) {
        return variable.includeAll ? [{text: 'All', value: T.ALL_VALUE}].concat(options) : options;
    }

    /** Keep the current value when the options still have it; else the first option. */
    function keepOrFirst(variable) {
        const values = T.currentValues(variable);
        const known = new Set((variable.options || []).map(function (o) { return o.value; }));
        const kept = values.filter(function (value) { return known.has(value); });
        if (kept.length) {
            setCurrent(variable, kept);
        } else if (variable.options && variable.options.length) {
            setCurrent(variable, [variable.options[0].value]);
        }
    }

    /** Fill a variable's options: from its query (custom, interval), its URL (query), or as it is. */
    async function loadOptions(variable) {
        delete state.problems[variable.name];
        if (variable.type === 'custom' || variable.type === 'interval') {
            variable.options = withAll(variable, T.customOptions(variable.query));
        } else if (variable.type === 'query') {
            const resolved = resolve(variable.query || variable.url || '', {url: true});
            const address = jsondash.utils.safeUrl(resolved.text, window.location.href);
            if (resolved.unknown.length) {
                state.problems[variable.name] = 'its URL uses ' + resolved.unknown.map(function (n) { return '$' + n; }).join(', ') +
                    ', which this dashboard does not define';
            } else if (!address) {
                state.problems[variable.name] = jsondash.utils.refusedUrlMessage(resolved.text);
            } else {
                try {
                    const response = await fetch(address, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
                    if (!response.ok) { throw new Error(jsondash.utils.describeHttpError(response.status, response.statusText)); }
                    variable.options = withAll(variable, T.optionsFromPayload(await response.json()));
                } catch (err) {
                    state.problems[variable.name] = 'its options could not be loaded: ' + err.message;
                }
            }
            if (state.problems[variable.name]) { variable.options = withAll(variable, []); }
        } else if (!Array.isArray(variable.options)) {
            variable.options = [];
        }
        if (variable.type !== 'textbox' && variable.type !== 'constant') { keepOrFirst(variable); }
    }

    /** The variables `names` (and what uses them), in order. */
    async function reloadOptions(names) {
        for (const name of names) {
            const variable = state.variables.find(function (v) { return v.name === name; });
            if (variable) { await loadOptions(variable); }
        }
    }

    // The URL --------------------------------------------------------------------------------

    function readUrl() {
        const found = T.readUrlState(window.location.search);
        if (found.from) { state.range.from = found.from; }
        if (found.to) { state.range.to = found.to; }
        if (found.refresh) { state.refresh = found.refresh; }
        Object.keys(found.vars).forEach(function (name) {
            const variable = state.variables.find(function (v) { return v.name === name; });
            if (variable) { setCurrent(variable, found.vars[name]); }
        });
    }

    function writeUrl() {
        const vars = {};
        state.variables.forEach(function (variable) {
            if (variable.type !== 'constant') { vars[variable.name] = T.currentValues(variable); }
        });
        const search = T.writeUrlState({from: String(state.range.from), to: String(state.range.to),
            refresh: state.refresh === 'off' ? undefined : state.refresh, vars: vars}, window.location.search);
        window.history.replaceState(window.history.state, '', window.location.pathname + search + window.location.hash);
    }

    // Changes --------------------------------------------------------------------------------

    /** After a change: the URL, the options of the variables that use the changed ones, the
     *  bar, and the widgets whose data source changed. */
    async function changed(names) {
        let following = [];
        (names || []).forEach(function (name) {
            following = following.concat(T.dependents(state.variables, name));
        });
        await reloadOptions(Array.from(new Set(following)));
        writeUrl();
        draw();
        if (jsondash.refreshChanged) { jsondash.refreshChanged(); }
        // Annotations: the sources whose URL (range, variables) changed are fetched again.
        if (jsondash.annotations) { jsondash.annotations.reload(); }
    }

    function setRefresh(value) {
        state.refresh = value || 'off';
        window.clearInterval(state.timer);
        state.timer = null;
        const every = state.refresh === 'off' ? null : T.parseInterval(state.refresh);
        if (every) {
            state.timer = window.setInterval(function () {
                if (document.hidden) { return; } // paused while the page is not seen
                refreshNow();
            }, Math.max(every, 1000));
        }
    }

    /** Fetch every widget's data again (each distinct URL once), and query variables' options. */
    async function refreshNow() {
        const queries = state.variables.filter(function (v) { return v.type === 'query'; }).map(function (v) { return v.name; });
        await reloadOptions(queries);
        draw();
        if (jsondash.refreshAll) { jsondash.refreshAll(); }
        if (jsondash.annotations) { jsondash.annotations.reload({fresh: true}); }
    }

    // The bar --------------------------------------------------------------------------------

    function variableControl(variable) {
        const box = element('div', 'jd-control jd-variable');
        box.dataset.variable = variable.name;
        const id = 'jd-var-' + variable.name;
        const label = element('label', variable.hide === 1 ? 'jd-visually-hidden' : 'jd-control-label', variable.label || variable.name);
        label.htmlFor = id;
        box.appendChild(label);
        if (variable.type === 'textbox') {
            const input = element('input');
            input.type = 'text';
            input.id = id;
            input.value = T.currentValues(variable)[0] || '';
            input.addEventListener('change', function () {
                setCurrent(variable, [input.value]);
                changed([variable.name]);
            });
            box.appendChild(input);
        } else if (variable.multi || (variable.options || []).length > SEARCH_FROM) {
            box.appendChild(multiSelect(variable, id));
        } else {
            const select = element('select');
            select.id = id;
            (variable.options || []).forEach(function (option) {
                select.appendChild(new Option(option.text, option.value));
            });
            select.value = T.currentValues(variable)[0] || '';
            select.addEventListener('change', function () {
                setCurrent(variable, [select.value]);
                changed([variable.name]);
            });
            box.appendChild(select);
        }
        if (state.problems[variable.name]) {
            const problem = element('span', 'jd-control-problem', '“' + (variable.label || variable.name) + '”: ' + state.problems[variable.name] + '.');
            problem.setAttribute('role', 'alert');
            box.appendChild(problem);
        }
        return box;
    }

    /** A dropdown of the values: checkboxes for several (All first, when the variable has it),
     *  else radio buttons; with a search box when there are many. */
    function multiSelect(variable, id) {
        const menu = element('details', 'jd-menu jd-multi');
        const chosen = new Set(T.currentValues(variable));
        const summary = element('summary', 'jd-button jd-button-small');
        summary.id = id;
        summary.textContent = chosen.has(T.ALL_VALUE) ? 'All' : (variable.options || [])
            .filter(function (o) { return chosen.has(o.value); }).map(function (o) { return o.text; }).join(' + ') || 'None';
        menu.appendChild(summary);
        const panel = element('div', 'jd-menu-list jd-multi-list');
        const options = variable.options || [];
        if (options.length > SEARCH_FROM) {
            const search = element('input', 'jd-multi-search');
            search.type = 'search';
            search.placeholder = 'Search';
            search.setAttribute('aria-label', 'Search the values of ' + (variable.label || variable.name));
            search.addEventListener('input', function () {
                const words = search.value.trim().toLowerCase();
                panel.querySelectorAll('label').forEach(function (row) {
                    row.hidden = words !== '' && row.textContent.toLowerCase().indexOf(words) === -1;
                });
            });
            panel.appendChild(search);
        }
        options.forEach(function (option) {
            const row = element('label', 'jd-choice');
            const box = element('input');
            box.type = variable.multi ? 'checkbox' : 'radio';
            box.name = 'jd-var-choice-' + variable.name;
            box.value = option.value;
            box.checked = chosen.has(option.value);
            row.append(box, document.createTextNode(' ' + option.text));
            panel.appendChild(row);
        });
        panel.addEventListener('change', function (event) {
            const box = event.target;
            if (box.type !== 'checkbox' && box.type !== 'radio') { return; }
            if (box.type === 'radio') {
                setCurrent(variable, [box.value]);
                menu.open = false;
                changed([variable.name]);
                return;
            }
            let values = Array.from(panel.querySelectorAll('input[type="checkbox"]:checked')).map(function (b) { return b.value; });
            if (box.value === T.ALL_VALUE && box.checked) {
                values = [T.ALL_VALUE];
            } else {
                values = values.filter(function (v) { return v !== T.ALL_VALUE; });
            }
            if (!values.length && options.length) { values = [options[0].value]; }
            setCurrent(variable, values);
            changed([variable.name]);
        });
        menu.appendChild(panel);
        return menu;
    }

    function timeControl() {
        const box = element('div', 'jd-control jd-time');
        const back = element('button', 'jd-button jd-button-small', '\u2039');
        back.type = 'button';
        back.setAttribute('aria-label', 'Earlier: move the time range back');
        back.title = back.getAttribute('aria-label');
        back.addEventListener('click', function () { setRange(T.shiftRange(resolvedRange(), -1, Date.now(), {timezone: timezone()})); });
        const picker = element('details', 'jd-menu jd-timepicker');
        const summary = element('summary', 'jd-button jd-button-small');
        summary.textContent = T.describeRange(state.range, timezone());
        summary.setAttribute('aria-label', 'Time range: ' + summary.textContent);
        picker.appendChild(summary);
        const panel = element('div', 'jd-menu-list jd-timepicker-panel');
        const form = element('form', 'jd-time-absolute');
        const from = element('input');
        const to = element('input');
        [['From', from, state.range.from], ['To', to, state.range.to]].forEach(function ([text, input, value]) {
            const label = element('label', null, text + ' ');
            input.type = 'text';
            input.name = text.toLowerCase();
            input.value = typeof value === 'number' ? new Date(value).toISOString() : String(value);
            input.placeholder = text === 'From' ? 'now-6h or 2026-01-01 00:00' : 'now';
            label.appendChild(input);
            form.appendChild(label);
        });
        const apply = element('button', 'jd-button jd-button-small jd-button-primary', 'Apply time range');
        apply.type = 'submit';
        form.appendChild(apply);
        const error = element('p', 'jd-control-problem');
        error.hidden = true;
        error.setAttribute('role', 'alert');
        form.appendChild(error);
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            const wanted = {from: from.value.trim(), to: to.value.trim()};
            try {
                T.timeRange(wanted, Date.now(), timezone());
            } catch (err) {
                error.textContent = err.message;
                error.hidden = false;
                return;
            }
            setRange(wanted);
        });
        panel.appendChild(form);
        const quick = element('ul', 'jd-quick-ranges');
        quick.setAttribute('aria-label', 'Quick ranges');
        T.quickRanges.forEach(function (range) {
            const item = element('li');
            const choose = element('button', 'jd-link-button', range.display);
            choose.type = 'button';
            choose.addEventListener('click', function () { setRange({from: range.from, to: range.to}); });
            item.appendChild(choose);
            quick.appendChild(item);
        });
        panel.appendChild(quick);
        picker.appendChild(panel);
        const forward = element('button', 'jd-button jd-button-small', '\u203a');
        forward.type = 'button';
        forward.setAttribute('aria-label', 'Later: move the time range forward');
        forward.title = forward.getAttribute('aria-label');
        forward.addEventListener('click', function () { setRange(T.shiftRange(resolvedRange(), 1, Date.now(), {timezone: timezone()})); });
        const zoom = element('button', 'jd-button jd-button-small', 'Zoom out');
        zoom.type = 'button';
        zoom.addEventListener('click', function () { setRange(T.zoomOut(resolvedRange(), Date.now(), {timezone: timezone()})); });
        box.append(back, picker, forward, zoom);
        if (state.rangeError) {
            const problem = element('span', 'jd-control-problem', 'The time range “' + state.range.from + '” to “' + state.range.to +
                '” cannot be read: ' + state.rangeError + ' The last 6 hours are shown.');
            problem.setAttribute('role', 'alert');
            box.appendChild(problem);
        }
        return box;
    }

    function setRange(range) {
        state.range = {from: range.from, to: range.to};
        changed(state.variables.filter(function (v) { return T.references(v.query || '').some(function (n) { return n.indexOf('__') === 0; }); })
            .map(function (v) { return v.name; }));
    }

    function refreshControl() {
        const box = element('div', 'jd-control jd-refresh-picker');
        const label = element('label', 'jd-control-label', 'Refresh');
        label.htmlFor = 'jd-refresh-every';
        const select = element('select');
        select.id = 'jd-refresh-every';
        select.appendChild(new Option('Off', 'off'));
        state.refreshIntervals.forEach(function (every) { select.appendChild(new Option('Every ' + every, every)); });
        select.value = state.refresh;
        select.addEventListener('change', function () {
            setRefresh(select.value);
            writeUrl();
        });
        const now = element('button', 'jd-button jd-button-small', '\u21bb');
        now.type = 'button';
        now.setAttribute('aria-label', 'Refresh the dashboard now');
        now.title = now.getAttribute('aria-label');
        now.addEventListener('click', refreshNow);
        box.append(label, select, now);
        return box;
    }

    /** (Re)draw the bar, keeping the keyboard focus where it was. */
    function draw() {
        const focused = document.activeElement && document.activeElement.id;
        const bar = state.bar;
        bar.replaceChildren();
        state.variables.filter(function (v) { return v.hide !== 2 && v.type !== 'constant'; }).forEach(function (variable) {
            bar.appendChild(variableControl(variable));
        });
        resolvedRange();
        const picker = state.dashboard.timepicker;
        if (!(isObject(picker) && picker.hidden === true)) { bar.appendChild(timeControl()); }
        bar.appendChild(refreshControl());
        // A toggle per annotation source (js/annotations.js keeps the element and its state).
        const annotations = jsondash.annotations && jsondash.annotations.toggles();
        if (annotations) { bar.appendChild(annotations); }
        if (focused) {
            const again = document.getElementById(focused);
            if (again) { again.focus(); }
        }
    }

    // Start --------------------------------------------------------------------------------------

    async function start(dashboard) {
        state.dashboard = dashboard;
        const templating = isObject(dashboard.templating) && Array.isArray(dashboard.templating.list) ? dashboard.templating.list : [];
        state.variables = copy(templating.filter(function (v) { return isObject(v) && typeof v.name === 'string'; }));
        if (isObject(dashboard.time)) {
            state.range = {from: dashboard.time.from || 'now-6h', to: dashboard.time.to || 'now'};
        }
        state.timezone = dashboard.timezone === 'utc' ? 'utc' : 'browser';
        if (isObject(dashboard.timepicker) && Array.isArray(dashboard.timepicker.refresh_intervals) && dashboard.timepicker.refresh_intervals.length) {
            state.refreshIntervals = dashboard.timepicker.refresh_intervals.filter(function (v) { return typeof v === 'string'; });
        }
        state.refresh = typeof dashboard.refresh === 'string' && dashboard.refresh ? dashboard.refresh : 'off';
        readUrl();
        let ordered;
        try {
            ordered = T.order(state.variables);
        } catch (err) {
            ordered = state.variables.map(function (v) { return v.name; });
            state.problems[ordered[0]] = err.message;
        }
        await reloadOptions(ordered);
        // Fetched while the widgets draw; they add the marks when the events arrive.
        if (jsondash.annotations) { jsondash.annotations.start(dashboard); }
        const root = document.getElementById('jsondash-dashboard');
        const widgets = document.getElementById('container');
        state.bar = element('div', 'jd-controls jd-interactive');
        state.bar.id = 'jd-controls';
        state.bar.setAttribute('role', 'toolbar');
        state.bar.setAttribute('aria-label', 'Dashboard controls');
        state.bar.hidden = dashboard.hideControls === true;
        if (root && widgets) { root.insertBefore(state.bar, widgets); }
        draw();
        setRefresh(state.refresh);
        writeUrl();
    }

    /** Another timezone ('utc' or 'browser'): the bar shows it, and the widgets whose URLs
     *  use the time range (now/d is another instant in another timezone) load again. */
    function setTimezone(zone) {
        state.timezone = zone === 'utc' ? 'utc' : 'browser';
        if (state.bar) { draw(); }
        if (jsondash.refreshChanged) { jsondash.refreshChanged(); }
    }

    jsondash.controls = {
        start: start,
        setTimezone: setTimezone,
        resolve: resolve,
        refreshNow: refreshNow,
        /** The state, for tests and host scripts: variables, range, refresh. */
        state: state,
    };
}(window, document));
