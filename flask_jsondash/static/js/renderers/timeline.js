/* flask_jsondash renderers: Timeline (timeline), drawn with TimelineJS 3 (global TL).
 *
 * Data: a TimelineJS document {"title"?: {"text": {"headline", "text"}}, "events": [{"start_date":
 * {"year": 1990, "month"?, "day"?}, "end_date"?: {...}, "text": {"headline", "text"}, "media"?:
 * {"url", "caption"}}], "eras"?: [...]}. Nothing is loaded from the internet: no web fonts, no
 * language files (English), and media or backgrounds hosted elsewhere than this page's or the
 * data source's server (YouTube, Twitter, remote images...) are replaced by a link in the slide's
 * text. Override is not supported (the payload is always the document).
 *
 * TimelineJS writes the document's strings (headline, text, display_date, captions, credits,
 * group names, era headlines...) into the page as HTML: they are escaped first, so they show as
 * text, unless the host trusts its data sources' HTML (ctx.trustedHtml). (TimelineJS cleans
 * some of them itself: headline, text, caption and credit with DOMPurify; but it turns a
 * slide's display_date and group into their text and writes that as HTML, so "&lt;img ...&gt;"
 * there becomes an element: see decodedTwice.) Media, thumbnail, link
 * and background addresses are used only when they are http(s) or relative URLs; media given
 * any other way (a javascript: or data: URL, or HTML embed code) is left out and the slide says so.
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

    // The members holding addresses: checked as URLs (safeUrl), not escaped as text.
    const URL_FIELDS = {media: ['url', 'thumbnail', 'link'], background: ['url']};

    function isUrlField(path) {
        const fields = URL_FIELDS[path[path.length - 2]];
        return Boolean(fields) && fields.indexOf(path[path.length - 1]) >= 0;
    }

    /** The document's strings escaped as text for TimelineJS, which writes them as HTML
     *  (left as they are when the host trusts its data sources' HTML). */
    function textDocument(doc, ctx) {
        if (ctx.trustedHtml) { return doc; }
        const out = utils.escapeStrings(doc, isUrlField);
        if (utils.isPlainObject(out.title)) { out.title = decodedTwice(out.title); }
        out.events = out.events.map(decodedTwice);
        if (Array.isArray(out.eras)) { out.eras = out.eras.map(decodedTwice); }
        return out;
    }

    /**
     * TimelineJS 3.9 reads a slide's display_date and group as markup to strip (it keeps the
     * text of the HTML parsed), then writes that text into the page as HTML: what was escaped
     * once comes out as markup again. Those two are escaped a second time, so they still show
     * as text. (The dates' own display_date is not stripped: it was made a date object first.)
     * tests/browser/test_hostile_data.py checks every one of these fields shows as text.
     */
    function decodedTwice(slide) {
        if (!utils.isPlainObject(slide)) { return slide; }
        const out = Object.assign({}, slide);
        ['display_date', 'group'].forEach(function (key) {
            if (typeof out[key] === 'string') { out[key] = utils.escapeHtml(out[key]); }
        });
        return out;
    }

    /** Whether the text starts (after spaces and control characters) with "<": embed code. */
    function isMarkup(text) {
        for (const c of text) {
            if (c === '<') { return true; }
            if (c > ' ') { return false; }
        }
        return false;
    }

    /** The absolute http(s) URL of an address in the document, or null (also for embed code,
     *  "<iframe ...>" or "<blockquote ...>", which TimelineJS would put into the page as HTML). */
    function resolve(url, ctx) {
        if (typeof url !== 'string' || isMarkup(url)) { return null; }
        return utils.safeUrl(url, utils.sourceBase(ctx.sourceUrl, location.href));
    }

    /** True for (absolute) URLs served by this page's or the data source's server. */
    function isLocal(url, ctx) {
        const origin = new URL(url).origin;
        return origin === location.origin || origin === new URL(ctx.sourceUrl).origin;
    }

    /** A URL for CSS url('...'): quotes, parentheses and backslashes percent-encoded. */
    function cssUrl(url) {
        return url.replace(/['"()\\\s]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'); });
    }

    function paragraph(html) {
        return '<p class="jd-timeline-media-link">' + html + '</p>';
    }

    /**
     * A slide whose addresses are all http(s) URLs, and whose remote media (and background
     * image) become a link: nothing loads from elsewhere, so it works offline. Strings are
     * escaped already; what is added here is escaped here.
     */
    function localSlide(slide, ctx) {
        if (!utils.isPlainObject(slide)) { return slide; }
        const out = Object.assign({}, slide);
        const notes = [];
        if (utils.isPlainObject(out.media)) {
            const media = Object.assign({}, out.media);
            const url = resolve(media.url, ctx);
            // A thumbnail loads (in the navigator); a link only navigates when clicked.
            const thumbnail = resolve(media.thumbnail, ctx);
            if (thumbnail && isLocal(thumbnail, ctx)) { media.thumbnail = thumbnail; } else { delete media.thumbnail; }
            const link = resolve(media.link, ctx);
            if (link) { media.link = link; } else { delete media.link; }
            delete out.media;
            if (url && isLocal(url, ctx)) {
                media.url = url;
                out.media = media;
            } else if (url) {
                // The caption is escaped already (unless trusted HTML): only the address is added.
                const label = media.caption ? String(media.caption) : utils.escapeHtml(url);
                notes.push(paragraph('<a href="' + utils.escapeHtml(url) + '" target="_blank" rel="noopener noreferrer">' +
                    label + '</a>'));
            } else if (media.url !== undefined && media.url !== null && media.url !== '') {
                notes.push(paragraph('(The media of this slide is not shown: its address is not an http(s) or relative URL.)'));
            }
        }
        if (utils.isPlainObject(out.background) && out.background.url !== undefined) {
            out.background = Object.assign({}, out.background);
            const url = resolve(out.background.url, ctx);
            if (url && isLocal(url, ctx)) { out.background.url = cssUrl(url); } else { delete out.background.url; }
        }
        if (notes.length) {
            const text = Object.assign({}, utils.isPlainObject(out.text) ? out.text : {});
            text.text = (typeof text.text === 'string' ? text.text : '') + notes.join('');
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
        const doc = localDocument(textDocument(ctx.data, ctx), ctx);
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
