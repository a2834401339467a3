/* flask_jsondash: annotations and the shared crosshair (issue 14), after Grafana's dashboard
 * model (annotations.list, graphTooltip).
 *
 * Annotations: each source of the document's annotations.list ({name, url, color, enable,
 * hide}; Grafana's built-in entries, which have no url, are ignored) names a URL, interpolated
 * like a data source (jsondash.controls.resolve), that returns a JSON list of
 * {time, timeEnd?, text, tags?} (times as epoch ms or ISO strings). js/controls.js starts this
 * (start), asks for a reload after a change of the time range or the variables and on the
 * dashboard refresh, and puts the toggles (toggles()) in its bar. Renderers read the events with
 * current() -> [{time, timeEnd, text, tags, color, source, title}] (times in ms; timeEnd null for
 * an instant) and keep their marks up to date with watch(ctx, fn), which calls fn(events) on
 * every change until the widget is cleaned up; the page also gets a
 * "jsondash.annotations.changed" event. A source that fails or answers in the wrong shape says
 * so beside its toggle, and the others and the widgets carry on.
 *
 * The shared crosshair (jsondash.crosshair): with graphTooltip 1 (crosshair) or 2 (crosshair and
 * tooltip), the time-series widgets join(member) with member = {show(ms, withTooltip), hide()};
 * the one under the mouse calls move(member, ms) (null when the mouse leaves) and the others show
 * the same time.
 *
 * Loaded (after js/controls.js) only on dashboards that have controls.
 */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const CHANGED = 'jsondash.annotations.changed';
    /** The colour of a source that names none (Grafana's annotation default). */
    const DEFAULT_COLOR = 'rgba(0, 211, 255, 1)';

    const isObject = jsondash.utils.isPlainObject;

    function element(tag, className, text) {
        const el = document.createElement(tag);
        if (className) { el.className = className; }
        if (text !== undefined) { el.textContent = text; }
        return el;
    }

    // Reading events ---------------------------------------------------------------------------

    /** Epoch ms of an annotation time (ms, or a date string), or NaN. */
    function parseTime(value) {
        if (typeof value === 'number') { return isFinite(value) ? value : NaN; }
        if (typeof value !== 'string' || !value.trim()) { return NaN; }
        if (/^-?\d+$/.test(value.trim())) { return Number(value.trim()); }
        return Date.parse(value);
    }

    /** The events of a source's answer, or an Error saying what is wrong with it. */
    function readEvents(payload) {
        const shape = 'a JSON list of {"time": <epoch ms or ISO time>, "timeEnd"?: ..., "text": "...", "tags"?: [...]}';
        if (!Array.isArray(payload)) {
            throw new Error('expected ' + shape + ', but got ' + jsondash.utils.describe(payload));
        }
        return payload.map(function (item, index) {
            const where = 'item ' + (index + 1);
            if (!isObject(item)) { throw new Error(where + ' is not an object; expected ' + shape); }
            const time = parseTime(item.time);
            if (isNaN(time)) { throw new Error(where + ' has no readable "time" (epoch ms or an ISO time)'); }
            let timeEnd = null;
            if (item.timeEnd !== undefined && item.timeEnd !== null && item.timeEnd !== item.time) {
                timeEnd = parseTime(item.timeEnd);
                if (isNaN(timeEnd)) { throw new Error(where + ' has a "timeEnd" that is not a time'); }
            }
            const tags = Array.isArray(item.tags) ? item.tags.map(String) : [];
            return {
                time: timeEnd === null ? time : Math.min(time, timeEnd),
                timeEnd: timeEnd === null ? null : Math.max(time, timeEnd),
                text: item.text === undefined || item.text === null ? '' : String(item.text),
                tags: tags,
            };
        });
    }

    /** The page's timezone (app.js; a page with annotations has the controls bar, so it is
     *  'utc' or 'browser'). */
    function timezone() {
        return jsondash.timezone() || 'browser';
    }

    /** "Deploy 42 (2026-01-01 10:00 to 10:30) [deploy, api]": an event's text on hover. */
    function describe(event) {
        const T = jsondash.templating;
        const format = function (ms) { return T ? T.formatTime(ms, timezone()) : new Date(ms).toISOString(); };
        const when = format(event.time) + (event.timeEnd === null ? '' : ' to ' + format(event.timeEnd));
        return (event.text ? event.text + '\n' : '') + when + (event.tags.length ? '\n' + event.tags.join(', ') : '') +
            (event.source ? '\n(' + event.source + ')' : '');
    }

    // Sources ----------------------------------------------------------------------------------

    const state = {sources: [], box: null, listeners: new Set()};

    function configure(dashboard) {
        const list = isObject(dashboard.annotations) && Array.isArray(dashboard.annotations.list) ? dashboard.annotations.list : [];
        state.sources = list.filter(function (entry) {
            return isObject(entry) && typeof entry.url === 'string' && entry.url.trim() !== '';
        }).map(function (entry, index) {
            return {
                name: typeof entry.name === 'string' && entry.name ? entry.name : 'Annotations ' + (index + 1),
                url: entry.url,
                color: typeof entry.color === 'string' && entry.color ? entry.color : DEFAULT_COLOR,
                enabled: entry.enable !== false,
                hide: entry.hide === true,
                events: [],
                problem: null,
                address: null,
                loads: 0,
            };
        });
    }

    /** Fetch one source (again, when `fresh` or its URL changed). Never throws: a failure is
     *  the source's problem, shown beside its toggle. */
    async function loadSource(source, fresh) {
        const controls = jsondash.controls;
        const resolved = controls ? controls.resolve(source.url, {url: true}) : {text: source.url, unknown: []};
        const address = jsondash.utils.safeUrl(resolved.text, window.location.href);
        if (!fresh && address && address === source.address && !source.problem) { return; }
        const load = ++source.loads;
        let events = [];
        let problem = null;
        if (resolved.unknown.length) {
            problem = 'its URL uses ' + resolved.unknown.map(function (n) { return '$' + n; }).join(', ') +
                ', which this dashboard does not define';
        } else if (!address) {
            problem = jsondash.utils.refusedUrlMessage(resolved.text);
        } else {
            try {
                const response = await fetch(address, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
                if (!response.ok) { throw new Error(jsondash.utils.describeHttpError(response.status, response.statusText)); }
                let payload;
                try {
                    payload = await response.json();
                } catch {
                    throw new Error('its answer is not JSON');
                }
                events = readEvents(payload);
            } catch (err) {
                problem = err.message || String(err);
            }
        }
        if (load !== source.loads) { return; } // a newer load of this source answers instead
        source.address = address;
        source.problem = problem;
        source.events = events.map(function (event) {
            const out = Object.assign({}, event, {color: source.color, source: source.name});
            out.title = describe(out);
            return out;
        });
    }

    /** Fetch the enabled sources (those whose URL changed, or all when `fresh`), then tell the
     *  widgets. */
    async function reload(options) {
        const fresh = Boolean(options && options.fresh);
        const enabled = state.sources.filter(function (source) { return source.enabled; });
        if (!enabled.length) { return; }
        await Promise.all(enabled.map(function (source) { return loadSource(source, fresh); }));
        renderToggles();
        notify();
    }

    async function setEnabled(name, on) {
        const source = state.sources.find(function (s) { return s.name === name; });
        if (!source) { return; }
        source.enabled = Boolean(on);
        if (source.enabled) { await loadSource(source, false); }
        renderToggles();
        notify();
    }

    /** The events of the enabled sources, in time order. */
    function current() {
        const events = [];
        state.sources.forEach(function (source) {
            if (source.enabled && !source.problem) { Array.prototype.push.apply(events, source.events); }
        });
        return events.sort(function (a, b) { return a.time - b.time; });
    }

    function notify() {
        const events = current();
        state.listeners.forEach(function (listener) {
            try {
                listener(events);
            } catch (err) {
                console.warn('jsondash: a widget could not draw the annotations', err);
            }
        });
        if (jsondash.emit) { jsondash.emit(CHANGED, {events: events}); }
    }

    /** Call fn(events) on every change; returns the function that stops it. */
    function subscribe(fn) {
        state.listeners.add(fn);
        return function () { state.listeners.delete(fn); };
    }

    /** For a renderer: fn(events) on every change while the widget (ctx) lasts. */
    function watch(ctx, fn) {
        ctx.onCleanup(subscribe(fn));
    }

    // The toggles in the controls bar ---------------------------------------------------------------

    function renderToggles() {
        const box = state.box;
        if (!box) { return; }
        box.replaceChildren();
        const shown = state.sources.filter(function (source) { return !source.hide; });
        box.hidden = !shown.length;
        shown.forEach(function (source) {
            const row = element('span', 'jd-annotation-toggle');
            row.dataset.annotation = source.name;
            const label = element('label', 'jd-choice');
            const box2 = element('input');
            box2.type = 'checkbox';
            box2.checked = source.enabled;
            box2.addEventListener('change', function () { setEnabled(source.name, box2.checked); });
            const swatch = element('span', 'jd-annotation-swatch');
            swatch.setAttribute('aria-hidden', 'true');
            swatch.style.background = source.color;
            label.append(box2, swatch, document.createTextNode(source.name));
            row.appendChild(label);
            if (source.enabled && source.problem) {
                const problem = element('span', 'jd-control-problem', 'The annotations “' + source.name + '” could not be shown: ' +
                    source.problem.replace(/\.+$/, '') + '.');
                problem.setAttribute('role', 'alert');
                row.appendChild(problem);
            }
            box.appendChild(row);
        });
    }

    /** The annotations' part of the controls bar (one element, kept across redraws of the bar),
     *  or null when the dashboard has no annotation source to show. */
    function toggles() {
        if (!state.sources.some(function (source) { return !source.hide; })) { return null; }
        if (!state.box) {
            state.box = element('div', 'jd-control jd-annotations');
            state.box.setAttribute('role', 'group');
            state.box.setAttribute('aria-label', 'Annotations');
            renderToggles();
        }
        return state.box;
    }

    /** Read the document's sources and fetch the enabled ones (not awaited by the widgets:
     *  they draw, and add the marks when the events arrive). */
    function start(dashboard) {
        configure(dashboard || {});
        crosshair.configure(dashboard || {});
        return reload({fresh: true});
    }

    // Times on Plotly's date axes -----------------------------------------------------------------

    /** Plotly's date axes have no timezone: their numbers are wall-clock times written as UTC.
     *  These turn an instant into that wall clock (in the dashboard's timezone) and back. */
    function toWallClock(ms) { return jsondash.utils.wallClock(ms, timezone()); }

    function fromWallClock(ms) { return jsondash.utils.fromWallClock(ms, timezone()); }

    /** The events that touch [from, to] (ms), clipped to it. */
    function within(events, from, to) {
        return events.filter(function (event) {
            const end = event.timeEnd === null ? event.time : event.timeEnd;
            return end >= from && event.time <= to;
        });
    }

    // The shared crosshair --------------------------------------------------------------------------

    const crosshair = {
        mode: 0,
        members: new Set(),
        moving: false,

        configure: function (dashboard) {
            const value = dashboard.graphTooltip;
            this.mode = value === 2 || value === '2' ? 2 : (value === 1 || value === '1' || value === true ? 1 : 0);
        },

        /** Take part (a time-series widget); returns the function that leaves. Nothing happens
         *  when the dashboard's graphTooltip is 0. */
        join: function (member) {
            if (!this.mode) { return function () {}; }
            this.members.add(member);
            return () => { this.members.delete(member); };
        },

        /** The mouse is at `ms` over `from` (null: it left): the others show the same time. */
        move: function (from, ms) {
            // Showing a tooltip fakes the mouse over the other charts, which would call here again.
            if (!this.mode || this.moving) { return; }
            this.moving = true;
            try {
                this.members.forEach((member) => {
                    if (member === from) { return; }
                    try {
                        if (ms === null || ms === undefined) { member.hide(); } else { member.show(ms, this.mode === 2); }
                    } catch (err) {
                        console.warn('jsondash: the crosshair could not be drawn', err);
                    }
                });
            } finally {
                this.moving = false;
            }
        },
    };

    /** A vertical line over a chart's element (for libraries whose SVG is not ours to draw in):
     *  place(x, top, height) in pixels within `el`, hide(). */
    function overlayLine(el) {
        let line = null;
        return {
            place: function (x, top, height) {
                if (!line) {
                    if (window.getComputedStyle(el).position === 'static') { el.style.position = 'relative'; }
                    line = element('div', 'jd-crosshair');
                    line.setAttribute('aria-hidden', 'true');
                    el.appendChild(line);
                }
                line.style.left = Math.round(x) + 'px';
                line.style.top = Math.round(top) + 'px';
                line.style.height = Math.round(height) + 'px';
                line.hidden = false;
            },
            hide: function () { if (line) { line.hidden = true; } },
        };
    }

    jsondash.annotations = {
        start: start,
        reload: reload,
        current: current,
        subscribe: subscribe,
        watch: watch,
        setEnabled: setEnabled,
        toggles: toggles,
        readEvents: readEvents,
        parseTime: parseTime,
        within: within,
        toWallClock: toWallClock,
        fromWallClock: fromWallClock,
        overlayLine: overlayLine,
        CHANGED: CHANGED,
        /** The sources and their state ({name, url, color, enabled, hide, events, problem}), for
         *  tests and host scripts. */
        state: state,
    };
    jsondash.crosshair = crosshair;
}(window, document));
