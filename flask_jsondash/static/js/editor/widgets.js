/* flask_jsondash editor: widgets put on the page, replaced and removed. A widget of a chart
 * family the page has not loaded yet first gets that family's libraries and renderer. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const {byId, element, EVENTS} = jsondash.Editor.helpers;

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
            if (this.gridpos) {
                const place = module.gridPos;
                if (place) {
                    el.dataset.gsX = String(place.x);
                    el.dataset.gsY = String(place.y);
                    el.dataset.gsW = String(place.w);
                    el.dataset.gsH = String(place.h);
                }
                return this.finishWidgetElement(el, module);
            }
            if (this.grid) {
                // jd-col-N lays it out; col-md-N is the original's class for the same.
                el.classList.add('jd-' + module.width, String(module.width).replace('col-', 'col-md-'));
                el.dataset.row = String(module.row);
                el.style.width = '';
            } else {
                el.style.width = module.width + 'px';
            }
            el.style.height = module.height + 'px';
            return this.finishWidgetElement(el, module);
        },

        finishWidgetElement(el, module) {
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
            if (this.gridpos) {
                this.placeOnGrid(el, old);
                jsondash.startWidget(module);
                this.decorate(el);
                return el;
            }
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
            jsondash.startWidget(module);
            this.decorate(el);
            if (!this.grid && !this.gridpos && jsondash.layout) { jsondash.layout.refresh(); }
            return el;
        },

        /** Put the whole working copy on the page again (after an undo or redo, or raw JSON
         * applied): every widget stopped and made anew, grid rows from the modules' rows (with
         * no empty row between them), freeform widgets in their order. */
        async renderWorking() {
            this.switchLayout(this.working.layout || 'freeform');
            const modules = Array.isArray(this.working.modules) ? this.working.modules : [];
            const families = Array.from(new Set(modules.map(function (m) { return m.family; })));
            await Promise.all(families.map((family) => this.ensureFamily(family).catch(function () {
                return null; // the widget says its library is missing, as on a page load
            })));
            this.widgets().forEach(function (el) { jsondash.stopWidget(el.dataset.guid); });
            if (this.gridstack) { this.gridstack.removeAll(true); }
            this.widgets().forEach(function (el) { el.remove(); });
            if (this.gridpos) {
                if (!this.gridstack) { this.startGridStack(); }
                const grid = this.gridstack;
                if (grid) { grid.batchUpdate(); }
                modules.forEach((module) => this.placeOnGrid(this.createWidgetElement(module), null));
                if (grid) { grid.batchUpdate(false); }
            } else if (this.grid) {
                this.rows().forEach(function (row) { row.remove(); });
                const rows = new Map();
                modules.forEach(function (module) {
                    const number = Math.max(1, Number(module.row) || 1);
                    if (!rows.has(number)) { rows.set(number, []); }
                    rows.get(number).push(module);
                });
                Array.from(rows.keys()).sort(function (a, b) { return a - b; }).forEach((number) => {
                    const row = element('div', 'jd-row grid-row');
                    this.container.appendChild(row);
                    this.decorateRow(row);
                    rows.get(number).forEach((module) => row.appendChild(this.createWidgetElement(module)));
                });
                this.renumberRows();
            } else {
                modules.forEach((module) => this.container.appendChild(this.createWidgetElement(module)));
            }
            modules.forEach((module) => {
                jsondash.startWidget(module);
                this.decorate(this.widgetElement(module.guid));
            });
            if (this.grid) { this.makeSortable(); } else if (!this.gridpos && jsondash.layout) { jsondash.layout.refresh(); }
            this.showEmpty();
        },

        /** The header's module count, and the empty dashboard's note, as the working copy is. */
        showEmpty() {
            const count = this.working.modules.length;
            const counter = this.root.querySelector('[data-count="modules"]');
            if (counter) {
                counter.textContent = String(count);
                const unit = counter.nextSibling;
                if (unit && unit.nodeType === 3) { unit.textContent = unit.textContent.replace(/^ modules?/, count === 1 ? ' module' : ' modules'); }
            }
            let empty = byId('jd-no-widgets');
            if (count) {
                if (empty) { empty.remove(); }
                return;
            }
            if (!empty) {
                empty = element('div', 'jd-empty');
                empty.id = 'jd-no-widgets';
                this.container.before(empty);
            }
            empty.replaceChildren(element('p', null, ''), element('p', 'jd-muted'));
            empty.firstChild.appendChild(element('strong', null, 'This dashboard has no charts yet.'));
            empty.lastChild.textContent = this.active
                ? 'Choose “+ Add widget” above to add the first one.'
                : 'Choose “Edit dashboard”, then “Add widget”.';
        },

        /** A gridpos widget into GridStack: in the place of `old` (its size as the form says),
         *  after `after`, or at the bottom. */
        placeOnGrid(el, old, after) {
            if (!this.gridstack) { this.startGridStack(); }
            if (old) {
                const item = old.parentElement;
                old.replaceWith(el);
                el.classList.add('grid-stack-item-content');
                if (this.gridstack && el.dataset.gsW) {
                    this.gridstack.update(item, {w: Number(el.dataset.gsW), h: Number(el.dataset.gsH)});
                }
                return item;
            }
            if (after) {
                delete el.dataset.gsX;
                delete el.dataset.gsY;
            }
            const item = this.wrapForGrid(this.container.appendChild(el));
            if (!el.dataset.gsY) { item.setAttribute('gs-auto-position', 'true'); }
            if (this.gridstack) { this.gridstack.makeWidget(item); }
            return item;
        },

        removeWidget(guid) {
            jsondash.stopWidget(guid);
            const el = this.widgetElement(guid);
            if (el && this.gridpos && this.gridstack && el.parentElement.classList.contains('grid-stack-item')) {
                this.gridstack.removeWidget(el.parentElement, true);
            } else if (el) { el.remove(); }
            const index = this.moduleIndex(guid);
            if (index >= 0) { this.working.modules.splice(index, 1); }
            this.resized.delete(guid);
            if (!this.grid && !this.gridpos && jsondash.layout) { jsondash.layout.refresh(); }
        },

        /** A copy of a widget (a new guid, the name marked as a copy), right after it. */
        duplicateWidget(guid) {
            this.collectLayout();
            const index = this.moduleIndex(guid);
            const original = this.widgetElement(guid);
            if (index < 0 || !original) { return; }
            const module = JSON.parse(JSON.stringify(this.working.modules[index]));
            module.guid = jsondash.Editor.helpers.newGuid();
            module.name = (module.name + ' (copy)').slice(0, 200);
            if (typeof module.order === 'number') { module.order += 1; }
            this.working.modules.splice(index + 1, 0, module);
            const el = this.createWidgetElement(module);
            if (this.gridpos) { this.placeOnGrid(el, null, original); } else { original.after(el); }
            jsondash.startWidget(module);
            this.decorate(el);
            if (this.grid) { this.renumberRows(); } else if (!this.gridpos && jsondash.layout) { jsondash.layout.refresh(); }
            jsondash.emit(EVENTS.widgetAdded, {guid: module.guid, config: JSON.parse(JSON.stringify(module))}, el);
            this.markDirty('duplicated “' + this.working.modules[index].name + '”');
            el.querySelector('[data-action="edit-widget"]').focus();
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
