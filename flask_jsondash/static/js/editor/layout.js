/* flask_jsondash editor: the layout in edit mode. Grid dashboards get rows to add, delete and
 * sort widgets between (jQuery UI sortable); freeform dashboards get widgets to drag and resize
 * (jQuery UI draggable and resizable, packed by Packery); gridpos dashboards get GridStack, on
 * 24 columns. Before a save or the widget form, collectLayout() reads the page's layout back
 * into the working copy; convertLayout() turns a dashboard into another layout. */
(function (window) {
    'use strict';
    const jsondash = window.jsondash;
    const {element, EVENTS} = jsondash.Editor.helpers;
    /** The gridpos layout's grid: 24 columns, rows of 30 px (as Grafana's gridPos). */
    const GRIDPOS_COLUMNS = 24;
    const GRIDPOS_ROW_PIXELS = 30;

    function clamp(value, low, high) { return Math.min(Math.max(value, low), high); }

    function iconButton(label, text, action) {
        const el = element('button', 'jd-icon-button jd-editor-control', text);
        el.type = 'button';
        el.title = label;
        el.setAttribute('aria-label', label);
        el.dataset.action = action;
        return el;
    }

    Object.assign(jsondash.Editor.prototype, {
        /** Edit and delete buttons, and dragging, for one widget in edit mode. */
        decorate(el) {
            const controls = el.querySelector('.jd-widget-controls');
            const name = el.querySelector('.jd-widget-title').textContent;
            controls.appendChild(iconButton('Edit widget ' + name, '\u270e', 'edit-widget'));
            controls.appendChild(iconButton('Duplicate widget ' + name, '\u2750', 'duplicate-widget'));
            controls.appendChild(iconButton('Delete widget ' + name, '\u2715', 'delete-widget'));
            if (this.gridpos) { return; } // GridStack drags and resizes (startGridStack)
            const $ = window.jQuery;
            if (!$ || !$.fn.draggable) { return; }
            if (this.grid) {
                this.makeSortable();
                return;
            }
            const packery = jsondash.layout && jsondash.layout.packery;
            const $el = $(el);
            $el.draggable({handle: '.jd-widget-header', cancel: 'button, input, select, a'});
            if (packery) { packery.bindUIDraggableEvents($el); }
            $el.on('dragstop', () => this.markDirty('moved “' + name + '”'));
            $el.resizable({
                handles: 'se',
                minWidth: 160,
                minHeight: 120,
                stop: () => {
                    this.resized.add(el.dataset.guid);
                    if (packery) { packery.layout(); }
                    this.markDirty('resized “' + name + '”');
                },
            });
        },

        makeSortable() {
            const $ = window.jQuery;
            $(this.rows()).filter(':not(.ui-sortable)').sortable({
                items: '> .widget',
                connectWith: '.jd-row',
                handle: '.jd-widget-header',
                cancel: 'button, input, select, a',
                placeholder: 'jd-sort-placeholder',
                tolerance: 'pointer',
                start: function (event, ui) {
                    const column = Array.from(ui.item[0].classList).find(function (c) { return /^jd-col-\d+$/.test(c); });
                    ui.placeholder.addClass(column || 'jd-col-6').css('height', ui.item.outerHeight());
                },
                stop: () => {
                    this.renumberRows();
                    this.markDirty('moved a widget');
                },
            });
        },

        decorateRow(row) {
            const tools = element('div', 'jd-row-tools jd-editor-control');
            tools.appendChild(element('span', 'jd-row-label'));
            const remove = element('button', 'jd-button jd-button-small jd-button-danger jd-editor-control', 'Delete row');
            remove.type = 'button';
            remove.dataset.action = 'delete-row';
            tools.appendChild(remove);
            row.insertBefore(tools, row.firstChild);
        },

        renumberRows() {
            this.rows().forEach(function (row, index) {
                const number = index + 1;
                row.dataset.row = String(number);
                row.classList.toggle('jd-row-empty', !row.querySelector('.widget'));
                const label = row.querySelector('.jd-row-label');
                if (label) { label.textContent = 'Row ' + number; }
                const remove = row.querySelector('[data-action="delete-row"]');
                if (remove) { remove.setAttribute('aria-label', 'Delete row ' + number); }
                row.querySelectorAll('.widget').forEach(function (widget) { widget.dataset.row = String(number); });
            });
        },

        /** Add an empty grid row at the bottom, or at the top (placement 'top'). */
        addRow(placement) {
            const row = element('div', 'jd-row grid-row');
            const first = this.rows()[0];
            if (placement === 'top' && first) { this.container.insertBefore(row, first); } else { this.container.appendChild(row); }
            this.decorateRow(row);
            this.makeSortable();
            this.renumberRows();
            const number = Number(row.dataset.row);
            jsondash.emit(EVENTS.rowAdd, {row: number}, row);
            this.markDirty('added row ' + number);
            row.querySelector('[data-action="delete-row"]').focus();
        },

        deleteRow(row) {
            const number = Number(row.dataset.row);
            const widgets = Array.from(row.querySelectorAll('.widget'));
            if (widgets.length && !window.confirm('Delete row ' + number + ' and its ' + widgets.length +
                    ' widget' + (widgets.length === 1 ? '' : 's') + '?')) {
                return;
            }
            widgets.forEach((widget) => this.removeWidget(widget.dataset.guid));
            row.remove();
            this.renumberRows();
            jsondash.emit(EVENTS.rowDelete, {row: number}, this.container);
            this.markDirty('deleted row ' + number);
        },

        // The gridpos layout: GridStack, on 24 columns of rows of 30 px ----------------------

        /** Hand the widgets to GridStack: each goes into a .grid-stack-item at the place the
         * page showed it (data-gs-*), and drags and resizes snap to the grid. */
        startGridStack() {
            if (this.gridstack || typeof window.GridStack !== 'function') { return; }
            this.container.classList.add('grid-stack');
            this.widgets().forEach((el) => this.wrapForGrid(el));
            this.gridstack = window.GridStack.init({
                column: GRIDPOS_COLUMNS,
                cellHeight: GRIDPOS_ROW_PIXELS,
                margin: 4,
                float: false,
                animate: false,
                handle: '.jd-widget-header',
                resizable: {handles: 'e,se,s,sw,w'},
                columnOpts: {breakpoints: []},
            }, this.container);
            const named = (item) => {
                const title = item && item.querySelector('.jd-widget-title');
                return title ? '\u201c' + title.textContent + '\u201d' : 'a widget';
            };
            this.gridstack.on('dragstop', (event, item) => this.markDirty('moved ' + named(item)));
            this.gridstack.on('resizestop', (event, item) => this.markDirty('resized ' + named(item)));
        },

        stopGridStack() {
            if (!this.gridstack) { return; }
            this.gridstack.destroy(false);
            this.gridstack = null;
            this.container.classList.remove('grid-stack');
            this.container.querySelectorAll('.grid-stack-item').forEach(function (item) {
                const el = item.querySelector('.widget');
                if (el) {
                    el.classList.remove('grid-stack-item-content');
                    item.replaceWith(el);
                } else {
                    item.remove();
                }
            });
        },

        /** The widget inside a .grid-stack-item at its place (data-gs-*, else the end). */
        wrapForGrid(el) {
            const item = element('div', 'grid-stack-item');
            const place = {x: el.dataset.gsX, y: el.dataset.gsY, w: el.dataset.gsW, h: el.dataset.gsH};
            if (place.w === undefined) {
                item.setAttribute('gs-auto-position', 'true');
                item.setAttribute('gs-w', '12');
                item.setAttribute('gs-h', '8');
            } else {
                Object.keys(place).forEach(function (key) { item.setAttribute('gs-' + key, place[key]); });
            }
            el.classList.add('grid-stack-item-content');
            el.style.gridColumn = '';
            el.style.gridRow = '';
            el.before(item);
            item.appendChild(el);
            return item;
        },

        /** The element that is laid out: a gridpos widget's .grid-stack-item, else itself. */
        outer(el) {
            return this.gridpos && el.parentElement && el.parentElement.classList.contains('grid-stack-item') ? el.parentElement : el;
        },

        // Converting between the three layouts -------------------------------------------------

        /** Turn the working copy into `layout`, keeping the order the widgets are seen in and
         * roughly their sizes, and put it on the page in that layout. */
        async convertLayout(layout) {
            this.collectLayout();
            const bounds = this.container.getBoundingClientRect();
            const width = Math.max(bounds.width, 1);
            const seen = this.widgets().map(function (el) {
                const box = el.getBoundingClientRect();
                return {guid: el.dataset.guid, left: box.left - bounds.left, top: box.top - bounds.top, width: box.width, height: box.height};
            }).sort(function (a, b) { return (a.top - b.top) || (a.left - b.left); });
            const byGuid = {};
            this.working.modules.forEach(function (m) { byGuid[m.guid] = m; });
            const modules = seen.map(function (s) { return byGuid[s.guid]; }).filter(Boolean);
            modules.forEach(function (m) { delete m.row; delete m.gridPos; });
            if (layout === 'gridpos') {
                const column = width / GRIDPOS_COLUMNS;
                modules.forEach(function (module, index) {
                    const box = seen[index];
                    const x = clamp(Math.round(box.left / column), 0, GRIDPOS_COLUMNS - 1);
                    module.gridPos = {
                        x: x,
                        y: Math.max(0, Math.round(box.top / GRIDPOS_ROW_PIXELS)),
                        w: clamp(Math.round(box.width / column), 1, GRIDPOS_COLUMNS - x),
                        h: clamp(Math.round(box.height / GRIDPOS_ROW_PIXELS), 2, 200),
                    };
                    delete module.width;
                    delete module.height;
                    module.order = index;
                });
            } else if (layout === 'grid') {
                let row = 0;
                let rowTop = -Infinity;
                let rowBottom = -Infinity;
                modules.forEach(function (module, index) {
                    const box = seen[index];
                    // A widget that starts below the middle of the row so far starts a new row.
                    if (box.top >= (rowTop + rowBottom) / 2) {
                        row += 1;
                        rowTop = box.top;
                        rowBottom = box.top + box.height;
                    } else {
                        rowBottom = Math.max(rowBottom, box.top + box.height);
                    }
                    module.row = row;
                    module.width = 'col-' + clamp(Math.round(box.width / width * 12), 1, 12);
                    module.height = Math.round(box.height);
                    module.order = index;
                });
            } else {
                modules.forEach(function (module, index) {
                    const box = seen[index];
                    module.width = clamp(Math.round(box.width / 10) * 10, 100, 4000);
                    module.height = clamp(Math.round(box.height / 10) * 10, 80, 4000);
                    module.order = index;
                });
            }
            this.working.modules = modules;
            this.working.layout = layout;
            await this.renderWorking();
        },

        /** The page's layout machinery for `layout`: the old one's taken down (GridStack,
         * Packery, grid rows), the new one's set up when widgets are put on (renderWorking). */
        switchLayout(layout) {
            if (layout === this.layout) { return; }
            this.stopGridStack();
            if (jsondash.layout && jsondash.layout.stop) { jsondash.layout.stop(); }
            this.rows().forEach(function (row) {
                row.querySelectorAll('.widget').forEach(function (el) { row.before(el); });
                row.remove();
            });
            this.container.classList.remove('jd-layout-' + this.layout);
            this.container.classList.add('jd-layout-' + layout);
            this.root.dataset.layout = layout;
            const outer = document.getElementById('container');
            if (outer) { outer.dataset.layout = layout; }
            this.root.querySelectorAll('.add-new-row-container').forEach(function (box) { box.hidden = layout !== 'grid'; });
            const described = this.root.querySelector('[data-role="layout-name"]');
            if (described) { described.textContent = layout; }
            this.setLayout(layout);
            if (!this.gridpos && jsondash.layout && jsondash.layout.start && !this.grid) { jsondash.layout.start(); }
        },

        /** Read the layout back from the page into the working copy: rows, order and sizes. */
        collectLayout() {
            const byGuid = {};
            this.working.modules.forEach(function (m) { byGuid[m.guid] = m; });
            if (this.gridpos) {
                this.widgets().forEach(function (el) {
                    const node = el.parentElement && el.parentElement.gridstackNode;
                    const module = byGuid[el.dataset.guid];
                    if (node && module) { module.gridPos = {x: node.x, y: node.y, w: node.w, h: node.h}; }
                });
                const at = function (m) { return m.gridPos ? m.gridPos.y * 100 + m.gridPos.x : Infinity; };
                this.working.modules.sort(function (a, b) { return at(a) - at(b); });
                this.working.modules.forEach(function (m, index) { m.order = index; });
                return;
            }
            if (this.grid) {
                this.renumberRows();
                this.rows().forEach(function (row) {
                    row.querySelectorAll('.widget').forEach(function (el, position) {
                        const module = byGuid[el.dataset.guid];
                        if (module) { module.row = Number(row.dataset.row); module.order = position; }
                    });
                });
            } else {
                const ordered = (jsondash.layout && jsondash.layout.order().length) ? jsondash.layout.order() : this.widgets();
                ordered.forEach((el, position) => {
                    const module = byGuid[el.dataset.guid];
                    if (!module) { return; }
                    module.order = position;
                    if (this.resized.has(module.guid)) {
                        module.width = Math.round(el.offsetWidth);
                        module.height = Math.round(el.offsetHeight);
                    }
                });
            }
            const position = {};
            this.widgets().forEach(function (el, index) { position[el.dataset.guid] = index; });
            this.working.modules.sort(function (a, b) { return position[a.guid] - position[b.guid]; });
        },

        /** Before a save: a saved grid has no empty rows (its rows are its widgets' rows), so
         * the rows below an empty one move up. */
        closeEmptyRows() {
            if (!this.grid) { return; }
            this.rows().forEach(function (row) { if (!row.querySelector('.widget')) { row.remove(); } });
            this.renumberRows();
        },
    });
}(window));
