/* flask_jsondash renderers: Timeline (timeline), drawn with TimelineJS 3 (global TL).
 *
 * Data: a TimelineJS document {"title"?: {"text": {"headline", "text"}}, "events": [{"start_date":
 * {"year": 1990, "month"?, "day"?}, "end_date"?: {...}, "text": {"headline", "text"}, "media"?:
 * {"url", "caption"}}], "eras"?: [...]}. Nothing is loaded from the internet: no web fonts, no
 * language files (English), and media or backgrounds hosted elsewhere than this page's or the
 * data source's server (YouTube, Twitter, remote images...) are replaced by a link in the slide's
 * text. Override is not supported (the payload is always the document).
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const EXAMPLE = '{"title": {"text": {"headline": "History"}}, "events": [{"start_date": {"year": 1969, ' +
        '"month": 7}, "text": {"headline": "Moon landing"}}]}';

    function checkDate(date, number, field) {
        if (!utils.isPlainObject(date)) {
            throw new DataError('Event ' + number + ' needs a "' + field + '" like {"year": 1969, "month": 7}, but it has ' +
                (date === undefined ? 'none' : utils.describe(date)) + '.');
        }
        const year = date.year;
        if (year === undefined || year === null || year === '' || !isFinite(Number(year))) {
            throw new DataError('The "' + field + '" of event ' + number + ' needs a numeric "year", but it is ' +
                (year === undefined ? 'missing' : utils.describe(year)) + '.');
        }
    }

    function checkDocument(doc) {
        if (!utils.isPlainObject(doc) || !Array.isArray(doc.events)) {
            throw new DataError('Expected a TimelineJS document like ' + EXAMPLE + ', but got ' + utils.describe(doc) + '.');
        }
        if (!doc.events.length) {
            throw new DataError('The timeline has no events: its "events" list is empty.');
        }
        doc.events.forEach(function (event, index) {
            if (!utils.isPlainObject(event)) {
                throw new DataError('Event ' + (index + 1) + ' should be an object like {"start_date": {"year": 1969}, "text": ' +
                    '{"headline": "..."}}, but it is ' + utils.describe(event) + '.');
            }
            checkDate(event.start_date, index + 1, 'start_date');
            if (event.end_date !== undefined) { checkDate(event.end_date, index + 1, 'end_date'); }
        });
    }

    /** True for URLs served by this page's or the data source's server (or inline data). */
    function isLocal(url, ctx) {
        let parsed;
        try {
            parsed = new URL(url, utils.sourceBase(ctx.sourceUrl, location.href));
        } catch {
            return false;
        }
        if (parsed.protocol === 'data:') { return true; }
        return parsed.origin === location.origin || parsed.origin === new URL(ctx.sourceUrl).origin;
    }

    /** A slide whose remote media (and background image) become a link: nothing loads offline. */
    function localSlide(slide, ctx) {
        if (!utils.isPlainObject(slide)) { return slide; }
        const out = Object.assign({}, slide);
        const links = [];
        if (utils.isPlainObject(out.media) && out.media.url) {
            if (isLocal(out.media.url, ctx)) {
                out.media = Object.assign({}, out.media, {url: new URL(out.media.url,
                    utils.sourceBase(ctx.sourceUrl, location.href)).toString()});
            } else {
                links.push({url: out.media.url, label: out.media.caption || out.media.url});
                delete out.media;
            }
        }
        if (utils.isPlainObject(out.background) && out.background.url && !isLocal(out.background.url, ctx)) {
            out.background = Object.assign({}, out.background);
            delete out.background.url;
        }
        if (links.length) {
            const text = Object.assign({}, out.text || {});
            text.text = (text.text || '') + links.map(function (link) {
                return '<p class="jd-timeline-media-link"><a href="' + utils.escapeHtml(link.url) +
                    '" target="_blank" rel="noopener noreferrer">' + utils.escapeHtml(link.label) + '</a></p>';
            }).join('');
            out.text = text;
        }
        return out;
    }

    function localDocument(doc, ctx) {
        const out = Object.assign({}, doc);
        out.events = doc.events.map(function (event) { return localSlide(event, ctx); });
        if (out.title) { out.title = localSlide(out.title, ctx); }
        return out;
    }

    function timelineOptions(ctx) {
        const options = {
            width: ctx.width,
            height: ctx.height,
            font: null, // web fonts come from Knight Lab's CDN
            theme: null,
            language: 'en', // built in; other languages are fetched
            hash_bookmark: false,
            soundcite: false,
            ga_measurement_id: null,
            ga_property_id: null,
            track_events: [],
            // TimelineJS's 175px minimum navigator would leave no room for the slides in small widgets.
            timenav_height_min: Math.max(110, Math.min(175, Math.round(ctx.height * 0.4))),
            marker_height_min: 24,
            timenav_height_percentage: 35,
            duration: 500,
        };
        if (jsondash.vendorRoot) {
            options.script_path = jsondash.vendorRoot + '@knight-lab/timelinejs/dist/js/';
        }
        return options;
    }

    function timeline(ctx) {
        const TL = ctx.requireGlobal('TL', 'TimelineJS', 'Timeline');
        checkDocument(ctx.data);
        const doc = localDocument(ctx.data, ctx);
        const holder = document.createElement('div');
        holder.style.width = ctx.width + 'px';
        holder.style.height = ctx.height + 'px';
        ctx.el.appendChild(holder);

        return new Promise(function (resolve, reject) {
            // TimelineJS adds keydown and resize listeners that it never removes.
            const instance = ctx.captureGlobalListeners(function () {
                return new TL.Timeline(holder, doc, timelineOptions(ctx));
            });
            ctx.onCleanup(function () {
                holder.replaceChildren();
                resolve(); // cleared before it finished loading: nothing left to wait for
            });
            // TimelineJS shows its own message for a document it cannot read; say it in the widget.
            const setConfig = instance.setConfig;
            instance.setConfig = function (config) {
                setConfig.call(instance, config);
                if (!config.isValid()) {
                    const errors = config.getErrors().map(function (err) { return instance._translateError(err); });
                    reject(new DataError('TimelineJS could not read the document: ' + errors.join('; ')));
                }
            };
            instance.on('loaded', function () { resolve(); });
            instance.on('ready', function () { resolve(); });
        });
    }

    jsondash.renderers.register('Timeline', {
        timeline: timeline,
    });
}(window.jsondash));
