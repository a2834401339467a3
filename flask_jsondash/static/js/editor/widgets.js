/* flask_jsondash editor: widgets put on the page, replaced and removed. A widget of a chart
 * family the page has not loaded yet first gets that family's libraries and renderer. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const {byId, EVENTS} = jsondash.Editor.helpers;

    const loading = {};

    /** Load a script once; resolves when it has run. */
    function loadScript(url) {
        const present = Array.from(document.scripts).some(function (script) { return script.src === new URL(url, location.href).href; });
        if (present) { return Promise.resolve(); }
        if (!loading[url]) {
            loading[url] = new Promise(function (resolve, reject) {
                const script = document.createElement('script');
                script.src = url;
                script.addEventListener('load', function () { resolve(); });
                script.addEventListener('error', function () {
                    delete loading[url];
                    reject(new Error('Could not load ' + url));
                });
                document.body.appendChild(script);
            });
        }
        return loading[url];
    }

    function loadStyle(url) {
        const href = new URL(url, location.href).href;
        if (Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some(function (l) { return l.href === href; })) {
            return;
        }
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = url;
        // Before the page's own styles, as on a page rendered with the family.
        const ours = document.querySelector('link[href*="css/app.css"]');
        document.head.insertBefore(link, ours || null);
    }

    Object.assign(jsondash.Editor.prototype, {
        createWidgetElement(module) {
            const el = this.template.content.querySelector('.widget').cloneNode(true);
            el.id = 'widget-' + module.guid;
            el.dataset.guid = module.guid;
            el.dataset.family = module.family;
            el.dataset.type = module.type;
            el.dataset.status = 'loading';
            el.className = 'widget jd-widget item';
            if (this.grid) {
                // jd-col-N lays it out; col-md-N is the original's class for the same.
                el.classList.add('jd-' + module.width, String(module.width).replace('col-', 'col-md-'));
                el.dataset.row = String(module.row);
                el.style.width = '';
            } else {
                el.style.width = module.width + 'px';
            }
            el.style.height = module.height + 'px';
            // A class "a b" is two classes (classList.add would throw on the space).
            (Array.isArray(module.classes) ? module.classes : []).forEach(function (name) {
                String(name).split(/\s+/).filter(Boolean).forEach(function (token) { el.classList.add(token); });
            });
            el.querySelector('.jd-widget-title').textContent = module.name;
            return el;
        },

        /** Load a chart family's libraries and renderer, if this page does not have them yet. */
        async ensureFamily(family) {
            const settings = this.settings.families[family];
            if (!settings || jsondash.renderers.list()[family]) { return; }
            settings.assets.css.forEach(loadStyle);
            for (const url of settings.assets.js) {
                const global = this.settings.guardedScripts[url];
                if (global && window[global]) { continue; }
                await loadScript(url);
            }
        },

        /** Put a new or changed module on the page and start it. */
        place(module, isNew) {
            const el = this.createWidgetElement(module);
            const old = isNew ? null : this.widgetElement(module.guid);
            jsondash.stopWidget(module.guid);
            if (this.grid) {
                let row = this.rows()[module.row - 1];
                if (!row) {
                    this.addRow();
                    row = this.rows()[this.rows().length - 1];
                }
                if (old && old.parentNode === row) {
                    old.replaceWith(el);
                } else {
                    if (old) { old.remove(); }
                    row.appendChild(el);
                }
                this.renumberRows();
            } else if (old) {
                old.replaceWith(el);
            } else {
                this.container.appendChild(el);
            }
            const empty = byId('jd-no-widgets');
            if (empty) { empty.remove(); }
            jsondash.startWidget(module);
            this.decorate(el);
            if (!this.grid && jsondash.layout) { jsondash.layout.refresh(); }
            return el;
        },

        removeWidget(guid) {
            jsondash.stopWidget(guid);
            const el = this.widgetElement(guid);
            if (el) { el.remove(); }
            const index = this.moduleIndex(guid);
            if (index >= 0) { this.working.modules.splice(index, 1); }
            this.resized.delete(guid);
            if (!this.grid && jsondash.layout) { jsondash.layout.refresh(); }
        },

        deleteWidget(guid) {
            const module = this.working.modules[this.moduleIndex(guid)];
            const name = module ? module.name : guid;
            if (!window.confirm('Delete the widget “' + name + '”?')) { return; }
            const row = this.widgetElement(guid) && this.widgetElement(guid).closest('.jd-row');
            this.removeWidget(guid);
            if (row) { this.renumberRows(); }
            jsondash.emit(EVENTS.widgetDeleted, {guid: guid, config: module}, this.container);
            this.markDirty('deleted “' + name + '”');
            this.bar.querySelector('[data-action="add-widget"]').focus();
        },
    });
}(window, document));
