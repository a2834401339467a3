/* Specs for js/sources.js: the data requests a dashboard page starts before its libraries load.
 * The file runs as the page's <script> would, in a context with a fake page and fetch. */
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const SOURCES_JS = path.join(__dirname, '..', 'flask_jsondash', 'static', 'js', 'sources.js');
const PAGE = 'http://dash.example/charts/abc';

/** A page with these modules in #jsondash-config and a widget element for each guid in
 *  `widgets` ({guid: problem or null}); fetch answers `answer(url, init)`. */
function loadPage(modules, widgets, answer) {
    const requests = [];
    const elements = Object.keys(widgets).map(function (guid) {
        return {
            getAttribute: function (name) { return name === 'data-guid' ? guid : widgets[guid]; },
            hasAttribute: function (name) { return name === 'data-problem' && widgets[guid] !== null; },
        };
    });
    const config = {tagName: 'SCRIPT', textContent: JSON.stringify({modules: modules})};
    const document = {
        getElementById: function (id) { return id === 'jsondash-config' ? config : null; },
        querySelectorAll: function (selector) {
            expect(selector).toBe('.widget[data-guid]');
            return elements;
        },
    };
    const win = {location: {href: PAGE}};
    const context = {
        window: win, document: document, URL: URL, AbortController: AbortController,
        setTimeout: setTimeout, clearTimeout: clearTimeout, performance: performance,
        fetch: function (url, init) {
            requests.push({url: url, accept: init.headers.Accept, credentials: init.credentials});
            return answer ? answer(url, init) : new Promise(function () {});
        },
    };
    vm.runInNewContext(fs.readFileSync(SOURCES_JS, 'utf8'), context);
    return {sources: win.jsondash.sources, requests: requests};
}

function module(guid, dataSource, family, type) {
    return {guid: guid, dataSource: dataSource, family: family || 'C3', type: type || 'line'};
}

function response(status, text) {
    return Promise.resolve({ok: status < 400, status: status, statusText: '', text: function () { return Promise.resolve(text); }});
}

describe('sources.js', function () {
    it('requests each distinct data source once, as JSON, as soon as it runs', function () {
        const page = loadPage(
            [module('a', '/data/1'), module('b', '/data/1'), module('c', 'http://other.example/x?y=1')],
            {a: null, b: null, c: null});
        expect(page.requests).toEqual([
            {url: 'http://dash.example/data/1', accept: 'application/json', credentials: 'same-origin'},
            {url: 'http://other.example/x?y=1', accept: 'application/json', credentials: 'same-origin'},
        ]);
    });

    it('asks for HTML what the custom type fetches as text, and nothing for embeds and images', function () {
        const page = loadPage(
            [module('a', '/page', 'Basic', 'custom'), module('b', '/frame', 'Basic', 'iframe'),
                module('c', '/img.png', 'Basic', 'image'), module('d', '<iframe></iframe>', 'Basic', 'youtube'),
                module('e', '/n', 'Basic', 'number')],
            {a: null, b: null, c: null, d: null, e: null});
        expect(page.requests.map(function (r) { return [r.url, r.accept]; })).toEqual([
            ['http://dash.example/page', 'text/html, text/plain, */*'],
            ['http://dash.example/n', 'application/json'],
        ]);
    });

    it('leaves alone a family it does not know (the host registered it), modules without a widget or with a problem', function () {
        const page = loadPage(
            [module('a', '/x', 'HostFamily', 'thing'), module('b', '/y'), module('c', '/z'), module('d', '/w')],
            {a: null, b: 'no width', d: null});
        expect(page.requests.map(function (r) { return r.url; })).toEqual(['http://dash.example/w']);
    });

    it('never requests an address that is not http(s)', function () {
        const page = loadPage(
            [module('a', 'javascript:alert(1)'), module('b', 'data:application/json,{}'), module('c', '   '),
                module('d', 42), module('e', 'file:///etc/passwd')],
            {a: null, b: null, c: null, d: null, e: null});
        expect(page.requests).toEqual([]);
    });

    it('hands a started request over once; later loads fetch anew', async function () {
        const page = loadPage([module('a', '/data/1')], {a: null}, function () { return response(200, '{"s": [1]}'); });
        const started = page.sources.take('http://dash.example/data/1', 'json');
        const answered = await started;
        // How long it took, for a widget's "Inspect".
        expect(answered.ms).toBeGreaterThanOrEqual(0);
        delete answered.ms;
        expect(answered).toEqual({ok: true, status: 200, statusText: '', text: '{"s": [1]}'});
        expect(page.sources.take('http://dash.example/data/1', 'json')).toBeNull();
        expect(page.sources.take('http://dash.example/data/1', 'text')).toBeNull();
        await page.sources.request('http://dash.example/data/1', 'json');
        expect(page.requests.length).toBe(2);
    });

    it('drops what nobody took when told to forget', function () {
        const page = loadPage([module('a', '/data/1')], {a: null});
        page.sources.forget();
        expect(page.sources.take('http://dash.example/data/1', 'json')).toBeNull();
    });

    it('answers an HTTP error as it came, and a failed request with the reason "network"', async function () {
        const page = loadPage([module('a', '/bad'), module('b', '/down')], {a: null, b: null}, function (url) {
            return url.endsWith('/bad') ? response(500, 'oops') : Promise.reject(new TypeError('Failed to fetch'));
        });
        expect((await page.sources.take('http://dash.example/bad', 'json')).status).toBe(500);
        await expectAsync(page.sources.take('http://dash.example/down', 'json')).toBeRejectedWith(
            jasmine.objectContaining({reason: 'network'}));
    });

    it('says which kind of request a module makes, or null when it cannot tell', function () {
        const sources = loadPage([], {}).sources;
        expect(sources.kindOf({family: 'Plotly', type: 'scatter'})).toBeNull();
        expect(sources.kindOf({family: 'PlotlyStandard', type: 'plotly-any'})).toBe('json');
        expect(sources.kindOf({family: 'Basic', type: 'custom'})).toBe('text');
        expect(sources.kindOf({family: 'Basic', type: 'iframe'})).toBe(false);
        expect(sources.kindOf({family: 'C3'})).toBeNull();
        expect(sources.kindOf({family: 'constructor', type: 'x'})).toBeNull();
    });
});
