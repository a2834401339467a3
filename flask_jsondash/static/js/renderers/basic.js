/* flask_jsondash renderers: Basic (custom, iframe, image, numbergroup, number, youtube).
 *
 * custom: the dataSource returns an HTML fragment, shown in a sandboxed iframe (scripts in it
 * run in an origin of their own, with no access to this page, no dialogs, no popups and no
 * navigation of the page); when the host trusts its data sources' HTML (ctx.trustedHtml) it is
 * put into the widget as it is.
 * iframe / image: the dataSource is the page or image to show (nothing is fetched); only an
 * http(s) or relative URL is loaded.
 * youtube: the dataSource is YouTube's embed code (or a video URL): only the iframe's src is
 * read from it, and only an https player on youtube.com or youtube-nocookie.com is shown.
 * number: {"data": value, "color"?, "noformat"?, "units"?}; numbergroup: a list of those with a
 * "title", "description" and optional "width". Everything is shown as text.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;

    function element(tag, className, text) {
        const el = document.createElement(tag);
        if (className) { el.className = className; }
        if (text !== undefined && text !== null) { el.textContent = String(text); }
        return el;
    }

    /** The widget's dataSource as an absolute http(s) URL; a DataError saying why when it is not one. */
    function address(ctx) {
        const url = utils.safeUrl(ctx.config.dataSource, window.location.href);
        if (!url) { throw new DataError(utils.refusedUrlMessage(ctx.config.dataSource)); }
        return url;
    }

    function frame(ctx, src, title) {
        const iframe = element('iframe', 'jd-frame');
        iframe.src = src;
        iframe.title = title || ctx.config.name || 'Embedded page';
        iframe.setAttribute('allowfullscreen', '');
        iframe.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
        ctx.el.appendChild(iframe);
        return iframe;
    }

    /** Shrink the font until the text fits the box (one line). */
    function fitText(el, box, maxSize) {
        let size = maxSize;
        el.style.fontSize = size + 'px';
        while (size > 10 && (el.scrollWidth > box.width || el.scrollHeight > box.height)) {
            size = Math.floor(size * 0.9);
            el.style.fontSize = size + 'px';
        }
    }

    function numberValue(item) {
        if (utils.isPlainObject(item) && 'data' in item) { return item.data; }
        throw new DataError('Expected {"data": <number or text>}, but got ' + utils.describe(item) + '.');
    }

    function numberElement(item, value) {
        const tone = utils.numberTone(value, item.noformat);
        const text = item.noformat === true || item.noformat === 'true' ? String(value) : utils.formatNumber(value);
        const number = element('div', 'jd-number jd-number-' + tone);
        number.appendChild(element('span', 'jd-number-value', text));
        if (item.units) { number.appendChild(element('span', 'jd-number-units', item.units)); }
        if (item.color) {
            // On a dark page a colour chosen for a white one may be too dark to read: lightened.
            number.style.color = jsondash.theme && jsondash.theme.readableColor ?
                jsondash.theme.readableColor(item.color) : item.color;
        }
        return number;
    }

    function number(ctx) {
        const item = ctx.data;
        const value = numberValue(item);
        const holder = element('div', 'jd-number-single');
        const display = numberElement(item, value);
        holder.appendChild(display);
        ctx.el.appendChild(holder);
        fitText(display, {width: ctx.width - 16, height: ctx.height - 8}, Math.min(ctx.height * 0.6, 140));
    }

    function numbergroup(ctx) {
        const items = ctx.data;
        if (!Array.isArray(items) || !items.length) {
            throw new DataError('A number group needs a list of {"title", "description", "data"} items, but got ' +
                utils.describe(items) + '.');
        }
        const group = element('div', 'jd-numbergroup');
        ctx.el.appendChild(group);
        const cells = items.map(function (item) {
            const value = numberValue(item);
            const cell = element('div', 'jd-numbergroup-item');
            if (item.width) { cell.style.flex = '0 0 ' + item.width; }
            if (item.title) { cell.appendChild(element('div', 'jd-numbergroup-title', item.title)); }
            const display = numberElement(item, value);
            cell.appendChild(display);
            if (item.description) { cell.appendChild(element('div', 'jd-numbergroup-description', item.description)); }
            group.appendChild(cell);
            return {cell: cell, display: display};
        });
        // One size for every number, so the group reads as a row of equals.
        const maxSize = Math.min(ctx.height * 0.4, 64);
        let size = maxSize;
        cells.forEach(function (entry) {
            const box = {width: entry.cell.clientWidth - 8, height: ctx.height * 0.5};
            fitText(entry.display, box, size);
            size = Math.min(size, parseFloat(entry.display.style.fontSize));
        });
        cells.forEach(function (entry) { entry.display.style.fontSize = size + 'px'; });
    }

    function image(ctx) {
        const src = address(ctx);
        return new Promise(function (resolve, reject) {
            const img = element('img', 'jd-image');
            img.alt = ctx.config.name || '';
            img.addEventListener('load', function () { resolve(); }, {once: true});
            img.addEventListener('error', function () {
                reject(new DataError('The image could not be loaded from its address.'));
            }, {once: true});
            img.src = src;
            ctx.el.appendChild(img);
        });
    }

    /** The player is built here, from the embed code's src (and size) only: nothing else of the
     *  embed code reaches the page. Its size is the embed code's, shrunk to fit the widget, or
     *  the widget's. */
    function youtube(ctx) {
        const video = utils.youtubeEmbed(ctx.config.dataSource);
        if (!video) {
            throw new DataError('This widget\'s video is not a YouTube player (embed code or a video URL, https on ' +
                'youtube.com or youtube-nocookie.com); it was not loaded.');
        }
        let width = ctx.width;
        let height = ctx.height;
        if (video.width && video.height) {
            const scale = utils.fitScale(video.width, video.height, ctx.width, ctx.height);
            width = Math.floor(video.width * scale);
            height = Math.floor(video.height * scale);
        }
        const holder = element('div', 'jd-youtube');
        holder.style.cssText = 'display: flex; align-items: center; justify-content: center; width: 100%; height: 100%;';
        const iframe = element('iframe', 'jd-youtube-player');
        iframe.src = video.src;
        iframe.width = String(width);
        iframe.height = String(height);
        iframe.style.cssText = 'border: 0; display: block; max-width: 100%; max-height: 100%;';
        iframe.title = ctx.config.name || 'YouTube video';
        iframe.setAttribute('allow', 'accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture');
        iframe.setAttribute('allowfullscreen', '');
        iframe.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
        holder.appendChild(iframe);
        ctx.el.appendChild(holder);
    }

    /** The sandboxed document of a custom widget: the fragment, in the page's font and colours. */
    function customDocument(ctx, html) {
        const style = window.getComputedStyle(ctx.el);
        // A fragment's own CSS was written for a white page: on a dark one it keeps its white
        // paper (and dark text), which it is surely readable on.
        const dark = Boolean(jsondash.theme && jsondash.theme.name() === 'dark');
        const colors = dark ? 'color-scheme: light; background: #ffffff; color: #1f2933;' : 'color: ' + style.color + ';';
        // Computed values hold no "<"; dropped anyway so nothing can close the style element.
        const css = ('html { font-family: ' + style.fontFamily + '; font-size: ' + style.fontSize + '; ' +
            colors + ' } body { margin: 0; }').replace(/</g, '');
        return '<!DOCTYPE html><html><head><meta charset="utf-8"><style>' + css + '</style></head><body>' +
            html + '</body></html>';
    }

    function custom(ctx) {
        if (typeof ctx.data !== 'string') {
            throw new DataError('Expected HTML from the data source.');
        }
        if (ctx.trustedHtml) {
            // The host trusts its data sources' HTML (settings: trustedHtml): the original's way.
            const holder = element('div', 'jd-custom');
            holder.innerHTML = ctx.data;
            ctx.el.appendChild(holder);
            return;
        }
        // Scripts may run, but in an opaque origin of their own: no access to this page, its
        // cookies or storage, no alert(), no popups, no navigating the page.
        const iframe = element('iframe', 'jd-frame jd-custom-frame');
        iframe.setAttribute('sandbox', 'allow-scripts');
        iframe.title = ctx.config.name || 'Custom content';
        iframe.srcdoc = customDocument(ctx, ctx.data);
        ctx.el.appendChild(iframe);
    }

    jsondash.renderers.register('Basic', {
        custom: {fetch: 'text', render: custom, resize: false},
        iframe: {fetch: false, resize: false, render: function (ctx) { frame(ctx, address(ctx)); }},
        image: {fetch: false, resize: false, render: image},
        numbergroup: numbergroup,
        number: number,
        youtube: {fetch: false, resize: false, render: youtube},
    });
}(window.jsondash));
