/* flask_jsondash renderers: Basic (custom, iframe, image, numbergroup, number, youtube).
 *
 * custom: the dataSource returns an HTML fragment, put into the widget as it is.
 * iframe / image: the dataSource is the page or image to show (nothing is fetched).
 * youtube: the dataSource is YouTube's embed code (or a video URL).
 * number: {"data": value, "color"?, "noformat"?, "units"?}; numbergroup: a list of those with a
 * "title", "description" and optional "width".
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
        if (item.color) { number.style.color = item.color; }
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
        return new Promise(function (resolve, reject) {
            const img = element('img', 'jd-image');
            img.alt = ctx.config.name || '';
            img.addEventListener('load', function () { resolve(); }, {once: true});
            img.addEventListener('error', function () {
                reject(new DataError('The image could not be loaded from its address.'));
            }, {once: true});
            img.src = ctx.config.dataSource;
            ctx.el.appendChild(img);
        });
    }

    function youtube(ctx) {
        const video = utils.youtubeEmbed(ctx.config.dataSource);
        if (!video) {
            throw new DataError('The dataSource must be YouTube\'s embed code (<iframe ... src="https://www.youtube.com/embed/...">) ' +
                'or a YouTube video URL.');
        }
        frame(ctx, video.src, ctx.config.name || 'YouTube video');
    }

    function custom(ctx) {
        if (typeof ctx.data !== 'string') {
            throw new DataError('Expected HTML from the data source.');
        }
        const holder = element('div', 'jd-custom');
        holder.innerHTML = ctx.data;
        ctx.el.appendChild(holder);
    }

    jsondash.renderers.register('Basic', {
        custom: {fetch: 'text', render: custom, resize: false},
        iframe: {fetch: false, resize: false, render: function (ctx) { frame(ctx, ctx.config.dataSource); }},
        image: {fetch: false, resize: false, render: image},
        numbergroup: numbergroup,
        number: number,
        youtube: {fetch: false, resize: false, render: youtube},
    });
}(window.jsondash));
