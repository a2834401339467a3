/* flask_jsondash: the dashboard's theme, light or dark.
 *
 * The document's "style" ("light" or "dark"; absent is light) decides, and "?theme=light|dark"
 * in the page's address wins over it. The server writes the document's choice as the class
 * jd-theme-dark on #jsondash-dashboard; the page runs this file right after that markup (before
 * the config JSON, the libraries and any chart), so an address that says otherwise switches the
 * class before anything is drawn. The page's CSS (css/theme-dark.css) does the rest for what CSS
 * can reach; libraries that take their colours as options ask here:
 *
 *   jsondash.theme.name()                 -> 'light' or 'dark'
 *   jsondash.theme.palette()              -> {bg, fg, muted, border, subtle, accent, grid, ...}
 *   jsondash.theme.plotlyLayout(layout, data?) -> layout with dark colours where it sets none
 *   jsondash.theme.vegaConfig(config)     -> Vega-Lite config with dark colours where it sets none
 *   jsondash.theme.apply(name)            -> switch the page (the charts drawn so far keep theirs)
 *
 * The colour helpers leave a light page's charts exactly as they were, and never replace a colour
 * the figure or spec sets itself. UMD: the specs (tests_js/theme.spec.js) load it under Node.
 */
(function (root, factory) {
    'use strict';
    if (typeof module === 'object' && module.exports) {
        module.exports = factory(null);
    } else {
        const jsondash = root.jsondash = root.jsondash || {};
        jsondash.theme = factory(root);
        jsondash.theme.applyFromAddress();
    }
}(typeof self !== 'undefined' ? self : this, function (window) {
    'use strict';
    const THEMES = ['light', 'dark'];
    const DARK_CLASS = 'jd-theme-dark';
    const DASHBOARD_ID = 'jsondash-dashboard';
    // The same colours as the --jd-* variables of app.css (light) and theme-dark.css (dark).
    const PALETTES = {
        light: {
            bg: '#ffffff', fg: '#1f2933', muted: '#616e7c', border: '#d9e2ec', subtle: '#f5f7fa',
            accent: '#2563eb', grid: '#e4e7eb', line: '#9aa5b1', halo: '#ffffff', danger: '#c81e1e',
            positive: '#15803d',
        },
        dark: {
            bg: '#1b222c', fg: '#e4e7eb', muted: '#a9b4c0', border: '#3a4654', subtle: '#11161d',
            accent: '#60a5fa', grid: '#323c48', line: '#7b8794', halo: '#1b222c', danger: '#f87171',
            positive: '#4ade80',
        },
    };
    // Plotly's layout keys for axes of cartesian subplots: xaxis, xaxis2, yaxis3, ...
    const CARTESIAN_AXIS = /^[xy]axis\d*$/;

    let forced = null;  // a theme set by apply() (or in the specs): wins over the page

    function isObject(value) {
        return value !== null && typeof value === 'object' && !Array.isArray(value);
    }

    /** Whether a value names a theme ('light' or 'dark'). */
    function isTheme(value) {
        return THEMES.indexOf(value) !== -1;
    }

    /** The theme an address asks for ("?theme=dark"), or null. */
    function fromSearch(search) {
        try {
            const asked = new URLSearchParams(String(search || '')).get('theme');
            return isTheme(asked) ? asked : null;
        } catch {
            return null;
        }
    }

    function dashboard() {
        return window && window.document ? window.document.getElementById(DASHBOARD_ID) : null;
    }

    /** The page's theme: 'light' or 'dark'. */
    function name() {
        if (forced) { return forced; }
        const element = dashboard();
        return element && element.classList.contains(DARK_CLASS) ? 'dark' : 'light';
    }

    /** The colours of the page's theme (or of the one named). */
    function palette(themeName) {
        return Object.assign({}, PALETTES[isTheme(themeName) ? themeName : name()]);
    }

    /** Switch the page to a theme: the class on #jsondash-dashboard (which the CSS follows), and
     *  a "jsondash:theme" event on it for whoever draws with colours of their own. */
    function apply(themeName) {
        if (!isTheme(themeName)) { return; }
        const element = dashboard();
        if (!element) {
            forced = themeName;
            return;
        }
        forced = null;
        const changed = element.classList.contains(DARK_CLASS) !== (themeName === 'dark');
        element.classList.toggle(DARK_CLASS, themeName === 'dark');
        element.dataset.theme = themeName;
        if (changed && typeof window.CustomEvent === 'function') {
            element.dispatchEvent(new window.CustomEvent('jsondash:theme', {bubbles: true, detail: {theme: themeName}}));
        }
    }

    /** Apply "?theme=" of the page's address, when it names a theme; otherwise the document's. */
    function applyFromAddress() {
        if (!window || !window.location) { return; }
        const element = dashboard();
        const asked = fromSearch(window.location.search);
        if (asked) {
            apply(asked);
        } else if (element) {
            element.dataset.theme = name();
        }
    }

    /** Copy defaults into target where target has nothing (recursing into plain objects): what
     *  a figure or spec says itself always stays. Returns target. */
    function fillIn(target, defaults) {
        Object.keys(defaults).forEach(function (key) {
            const value = defaults[key];
            if (isObject(value)) {
                if (target[key] === undefined || target[key] === null) { target[key] = {}; }
                if (isObject(target[key])) { fillIn(target[key], value); }
            } else if (target[key] === undefined || target[key] === null || target[key] === '') {
                target[key] = value;
            }
        });
        return target;
    }

    function copy(value) {
        return isObject(value) ? JSON.parse(JSON.stringify(value)) : {};
    }

    function plotlyAxis(colors) {
        return {
            color: colors.fg, gridcolor: colors.grid, zerolinecolor: colors.line, linecolor: colors.line,
            tickcolor: colors.line,
        };
    }

    /** The names of the cartesian axes a figure uses: those in its layout and those its traces
     *  point at ("x2" -> "xaxis2"), and always xaxis and yaxis. */
    function plotlyAxes(layout, data) {
        const names = {xaxis: true, yaxis: true};
        Object.keys(layout).forEach(function (key) {
            if (CARTESIAN_AXIS.test(key)) { names[key] = true; }
        });
        (Array.isArray(data) ? data : []).forEach(function (trace) {
            if (!isObject(trace)) { return; }
            ['xaxis', 'yaxis'].forEach(function (ref) {
                const value = trace[ref];
                if (typeof value === 'string' && /^[xy]\d*$/.test(value)) {
                    names[value[0] + 'axis' + value.slice(1)] = true;
                }
            });
        });
        return Object.keys(names);
    }

    /**
     * A Plotly layout for the theme: unchanged (the same object) when light; when dark, a copy
     * with dark paper and plot, light text, and dim axis lines and grids, wherever the layout sets
     * no colour of its own. A layout with a "template" keeps its template's look. data (the
     * traces, optional) names the subplots' axes beyond xaxis and yaxis.
     */
    function plotlyLayout(layout, data) {
        if (name() !== 'dark') { return layout; }
        if (isObject(layout) && layout.template !== undefined && layout.template !== null) { return layout; }
        const colors = palette('dark');
        const themed = copy(layout);
        const axis = plotlyAxis(colors);
        const defaults = {
            paper_bgcolor: colors.bg, plot_bgcolor: colors.bg,
            font: {color: colors.fg},
            title: {font: {color: colors.fg}},
            legend: {font: {color: colors.fg}},
            hoverlabel: {bordercolor: colors.border},
            modebar: {bgcolor: 'rgba(0, 0, 0, 0)', color: colors.muted, activecolor: colors.fg},
        };
        // A title given as a string keeps its text; its colour comes from font.
        if (typeof themed.title === 'string') { delete defaults.title; }
        plotlyAxes(themed, data).forEach(function (key) { defaults[key] = axis; });
        if (isObject(themed.polar)) {
            defaults.polar = {bgcolor: colors.bg, radialaxis: axis, angularaxis: axis};
        }
        if (isObject(themed.ternary)) {
            defaults.ternary = {bgcolor: colors.bg, aaxis: axis, baxis: axis, caxis: axis};
        }
        if (isObject(themed.scene)) {
            defaults.scene = {xaxis: axis, yaxis: axis, zaxis: axis};
        }
        if (isObject(themed.geo)) {
            defaults.geo = {bgcolor: colors.bg, lakecolor: colors.bg, landcolor: '#2a3441', subunitcolor: colors.line,
                countrycolor: colors.line, coastlinecolor: colors.line};
        }
        return fillIn(themed, defaults);
    }

    /**
     * A Vega-Lite config for the theme: unchanged (the same object, or undefined) when light;
     * when dark, a copy with a dark background and light axes, legends, titles and marks' text,
     * wherever the config sets no colour of its own.
     */
    function vegaConfig(config) {
        if (name() !== 'dark') { return config; }
        const colors = palette('dark');
        const guide = {labelColor: colors.fg, titleColor: colors.fg};
        return fillIn(copy(config), {
            background: colors.bg,
            view: {stroke: colors.border},
            axis: Object.assign({domainColor: colors.line, gridColor: colors.grid, tickColor: colors.line}, guide),
            legend: guide,
            header: guide,
            title: {color: colors.fg, subtitleColor: colors.muted},
            text: {color: colors.fg},
            style: {'guide-label': {fill: colors.fg}, 'guide-title': {fill: colors.fg}, 'group-title': {fill: colors.fg}},
        });
    }

    /** [r, g, b] (0-255) of "#rgb", "#rrggbb" or "rgb(a)(...)", else null. */
    function parseColor(text) {
        const value = String(text || '').trim().toLowerCase();
        let match = /^#([0-9a-f]{3})$/.exec(value);
        if (match) { return match[1].split('').map(function (h) { return parseInt(h + h, 16); }); }
        match = /^#([0-9a-f]{6})$/.exec(value);
        if (match) { return [0, 2, 4].map(function (i) { return parseInt(match[1].slice(i, i + 2), 16); }); }
        match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(value);
        return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
    }

    /** WCAG's relative luminance of [r, g, b]. */
    function luminance(rgb) {
        const channel = function (value) {
            const c = value / 255;
            return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    }

    /** WCAG's contrast ratio of two colours (1 to 21), or null when either is unreadable. */
    function contrast(first, second) {
        const a = parseColor(first);
        const b = parseColor(second);
        if (!a || !b) { return null; }
        const la = luminance(a);
        const lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** Any CSS colour ("red", "hsl(...)") as "#rrggbb", by the browser's canvas; else as given. */
    function normalise(color) {
        if (parseColor(color) || !window || !window.document) { return color; }
        const canvas = window.document.createElement('canvas').getContext('2d');
        if (!canvas) { return color; }
        canvas.fillStyle = '#000000';
        canvas.fillStyle = String(color);
        return canvas.fillStyle;
    }

    /**
     * A colour a dashboard chose for text (a number's "color"), readable on the theme's
     * background: as given on a light page, or when it reads already; on a dark page, one too
     * dark to read is lightened (mixed with white) just enough for 4.5:1, keeping its hue.
     */
    function readableColor(color) {
        if (name() !== 'dark' || color === undefined || color === null || color === '') { return color; }
        const rgb = parseColor(normalise(color));
        const background = PALETTES.dark.bg;
        if (!rgb || contrast(toHex(rgb), background) >= 4.5) { return color; }
        for (let share = 0.1; share < 1; share += 0.1) {
            const mixed = toHex(rgb.map(function (c) { return Math.round(c + (255 - c) * share); }));
            if (contrast(mixed, background) >= 4.5) { return mixed; }
        }
        return PALETTES.dark.fg;
    }

    function toHex(rgb) {
        return '#' + rgb.map(function (c) { return ('0' + Math.round(c).toString(16)).slice(-2); }).join('');
    }

    /** For the specs: run as if the page had this theme (null: read the page again). */
    function force(themeName) {
        forced = isTheme(themeName) ? themeName : null;
    }

    return {
        THEMES: THEMES,
        DARK_CLASS: DARK_CLASS,
        apply: apply,
        applyFromAddress: applyFromAddress,
        contrast: contrast,
        force: force,
        fromSearch: fromSearch,
        name: name,
        palette: palette,
        plotlyLayout: plotlyLayout,
        readableColor: readableColor,
        vegaConfig: vegaConfig,
    };
}));
