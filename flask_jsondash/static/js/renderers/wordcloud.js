/* flask_jsondash renderers: WordCloud (wordcloud), laid out with d3-cloud and drawn with d3.
 *
 * Data: a list of words with a weight, [{"text": "word", "size": 40}, ...] (any sizes of 0 or
 * more). Font sizes follow the square root of the weight, from 10px up to what the box holds;
 * when not every word fits at 10px the lightest are left out (the chart's tooltip says how many
 * are shown). The layout is seeded, so a refresh draws the same cloud.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const MIN_FONT = 10;
    const MAX_ATTEMPTS = 4;
    const SHRINK = 0.85;
    const PADDING = 2;
    // The share of the box a cloud's words can be expected to cover.
    const PACKING = 0.6;
    const MAX_GROWTH = 1.5;

    function checkWords(data) {
        if (!Array.isArray(data) || !data.length) {
            throw new DataError('Expected a list of words like [{"text": "hello", "size": 40}], but got ' +
                utils.describe(data) + '.');
        }
        return data.map(function (item, index) {
            const size = utils.isPlainObject(item) ? Number(item.size) : NaN;
            const text = utils.isPlainObject(item) ? item.text : undefined;
            if ((typeof text !== 'string' && typeof text !== 'number') || String(text).trim() === '' ||
                    typeof item.size === 'boolean' || !isFinite(size) || size < 0) {
                throw new DataError('Word ' + (index + 1) + ' should be {"text": "word", "size": <number>}, but it is ' +
                    (utils.isPlainObject(item) ? JSON.stringify(item).slice(0, 60) : utils.describe(item)) + '.');
            }
            // d3-cloud writes text, size, weight, ... onto each word: the weight is kept as value.
            return {text: String(text), value: size};
        });
    }

    /** A small seeded generator, so the same words give the same cloud on every refresh. */
    function seededRandom(seed) {
        let state = seed >>> 0;
        return function () {
            state = (state + 0x6D2B79F5) >>> 0;
            let t = state;
            t = Math.imul(t ^ (t >>> 15), t | 1);
            t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
    }

    /** Run one d3-cloud layout; resolves with the placed words. */
    function layout(d3, ctx, words, fontFor, family, state) {
        return new Promise(function (resolve) {
            const random = seededRandom(words.length * 7919 + 17);
            const cloud = d3.layout.cloud()
                .size([ctx.width, ctx.height])
                .words(words.map(function (word) { return Object.assign({}, word); }))
                .padding(PADDING)
                .font(family)
                .fontSize(function (d) { return fontFor(d.value); })
                .rotate(function (d, i) { return i % 5 === 4 ? 90 : 0; })
                .random(random)
                .timeInterval(15)
                .on('end', function (placed) { resolve(placed); });
            state.cloud = cloud;
            // A stopped layout never ends: let cleanup settle the wait instead.
            state.abandon = function () { resolve([]); };
            cloud.start();
        });
    }

    /** Font sizes from a sqrt scale of the words' weights, smallest MIN_FONT. */
    function fontScale(d3, words, maxFont) {
        const extent = d3.extent(words, function (d) { return d.value; });
        const scale = d3.scaleSqrt()
            .domain(extent[0] === extent[1] ? [0, extent[1] || 1] : extent)
            .range([MIN_FONT, Math.max(MIN_FONT, maxFont)]);
        return function (value) { return Math.round(scale(value)); };
    }

    /** Pick the words and the largest font the box can hold. A cloud packs about half of its
     *  box, so the words' total area (measured text widths) is kept under that: first by
     *  leaving out the lightest words if even the smallest font is too big for all of them,
     *  then by scaling the largest font down. Failed placements are what make d3-cloud slow,
     *  so this also keeps big payloads quick. */
    function plan(d3, ctx, words, family) {
        const context = document.createElement('canvas').getContext('2d');
        context.font = '100px ' + family;
        const sorted = words.map(function (word) {
            return Object.assign({unitWidth: context.measureText(word.text).width / 100}, word);
        }).sort(function (a, b) { return b.value - a.value; });
        const budget = PACKING * ctx.width * ctx.height;
        const area = function (list, fontFor) {
            return list.reduce(function (sum, word) {
                const size = fontFor(word.value);
                return sum + (word.unitWidth * size + 2 * PADDING) * (size * 1.1 + 2 * PADDING);
            }, 0);
        };
        let count = sorted.length;
        while (count > 1 && area(sorted.slice(0, count), function () { return MIN_FONT; }) > budget * 0.6) {
            count = Math.floor(count * 0.9);
        }
        const chosen = sorted.slice(0, count);
        // The biggest word is at most about a quarter of the box's height.
        let low = MIN_FONT;
        let high = Math.max(MIN_FONT, Math.min(ctx.height / 4, ctx.width / 6, 96));
        while (high - low > 1) {
            const mid = (low + high) / 2;
            if (area(chosen, fontScale(d3, chosen, mid)) <= budget) { low = mid; } else { high = mid; }
        }
        return {words: chosen, maxFont: low};
    }

    async function wordcloud(ctx) {
        const d3 = ctx.requireGlobal('d3', 'd3-cloud', 'layout.cloud');
        const words = checkWords(ctx.data);
        const family = ctx.fontFamily();
        const state = {cloud: null, abandon: null, stopped: false};
        ctx.onCleanup(function () {
            state.stopped = true;
            if (state.cloud) { state.cloud.stop(); }
            if (state.abandon) { state.abandon(); }
        });

        const chosen = plan(d3, ctx, words, family);
        let maxFont = chosen.maxFont;
        let placed = [];
        // The estimate is rough: while words are left over, shrink and lay out again.
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            placed = await layout(d3, ctx, chosen.words, fontScale(d3, chosen.words, maxFont), family, state);
            if (state.stopped) { return; }
            if (placed.length === chosen.words.length || maxFont <= MIN_FONT) { break; }
            maxFont = Math.max(MIN_FONT, maxFont * SHRINK);
        }
        draw(d3, ctx, placed, words.length);
    }

    function draw(d3, ctx, placed, total) {
        // Tableau's palette a shade darker (on a dark page, lighter): as text, its light greys
        // and yellows are faint on white, its blues and reds on near-black.
        const dark = Boolean(jsondash.theme && jsondash.theme.name() === 'dark');
        const palette = (d3.schemeTableau10 || d3.schemeCategory10).map(function (c) {
            return (dark ? d3.color(c).brighter(0.6) : d3.color(c).darker(0.5)).toString();
        });
        const color = d3.scaleOrdinal(palette);
        const svg = d3.select(ctx.svg('Word cloud'));
        svg.append('title').text(placed.length === total ? total + ' words' :
            placed.length + ' of ' + total + ' words fit; the smallest are left out.');
        const words = svg.append('g')
            .attr('transform', 'translate(' + ctx.width / 2 + ',' + ctx.height / 2 + ')')
            .selectAll('text')
            .data(placed)
            .enter().append('text')
            .attr('text-anchor', 'middle')
            .attr('font-size', function (d) { return d.size + 'px'; })
            .attr('fill', function (d, i) { return color(i % 10); })
            .attr('transform', function (d) { return 'translate(' + d.x + ',' + d.y + ') rotate(' + d.rotate + ')'; })
            .text(function (d) { return d.text; });
        words.append('title').text(function (d) { return d.text + ': ' + utils.formatNumber(d.value); });
        fitToBox(svg.select('g'), ctx);
    }

    /** Scale the cloud about its centre so its text boxes just fit: down a little when they
     *  poke out (d3-cloud packs the glyphs' pixels, SVG boxes include ascent and descent), up
     *  to MAX_GROWTH when the packing estimate left the box half empty. */
    function fitToBox(group, ctx) {
        const box = group.node().getBBox();
        const halfWidth = ctx.width / 2;
        const halfHeight = ctx.height / 2;
        const reach = Math.max(
            -box.x / halfWidth, (box.x + box.width) / halfWidth,
            -box.y / halfHeight, (box.y + box.height) / halfHeight);
        const scale = reach > 0 ? Math.min(MAX_GROWTH, 0.98 / reach) : 1;
        if (Math.abs(scale - 1) > 0.01) {
            group.attr('transform', 'translate(' + halfWidth + ',' + halfHeight + ') scale(' + scale + ')');
        }
    }

    jsondash.renderers.register('WordCloud', {
        wordcloud: wordcloud,
    });
}(window.jsondash));
