/* flask_jsondash editor: the layout in edit mode. Grid dashboards get rows to add, delete and
 * sort widgets between (jQuery UI sortable); freeform dashboards get widgets to drag and resize
 * (jQuery UI draggable and resizable, packed by Packery). Before a save or the widget form,
 * collectLayout() reads the page's layout back into the working copy. */
(function (window) {
    'use strict';
    const jsondash = window.jsondash;
    const {element, EVENTS} = jsondash.Editor.helpers;

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
            controls.appendChild(iconButton('Delete widget ' + name, '\u2715', 'delete-widget'));
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

        /** Read the layout back from the page into the working copy: rows, order and sizes. */
        collectLayout() {
            const byGuid = {};
            this.working.modules.forEach(function (m) { byGuid[m.guid] = m; });
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

        /** Rows with no widget between rows with widgets: the saved dashboard cannot say that. */
        emptyRows() {
            if (!this.grid) { return []; }
            const rows = this.rows();
            let last = -1;
            rows.forEach(function (row, index) { if (row.querySelector('.widget')) { last = index; } });
            return rows.slice(0, last + 1).filter(function (row) { return !row.querySelector('.widget'); })
                .map(function (row) { return Number(row.dataset.row); });
        },
    });
}(window));
