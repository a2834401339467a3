/* flask_jsondash: the dashboard editor, for those allowed to edit.
 *
 * "Edit dashboard" turns on edit mode. Every change (widgets added, edited, moved, resized or
 * deleted; rows added or deleted; settings) goes to a working copy of the dashboard and shows
 * at once; "Save dashboard" sends the working copy with the original's form (module_<guid>
 * fields) and keeps everything on the page if the save is refused, with the reason. The raw
 * JSON panel is checked against the server's rules as you type.
 */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const utils = jsondash.utils;
    const EVENTS = jsondash.EVENTS;
    const VALIDATE_DELAY_MS = 400;

    function byId(id) { return document.getElementById(id); }

    function copy(value) { return JSON.parse(JSON.stringify(value)); }

    /** A random version 4 UUID (crypto.randomUUID needs a secure context; this does not). */
    function newGuid() {
        const bytes = window.crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        const hex = Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
        return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
    }

    function element(tag, className, text) {
        const el = document.createElement(tag);
        if (className) { el.className = className; }
        if (text !== undefined) { el.textContent = text; }
        return el;
    }

    function iconButton(label, text, action) {
        const el = element('button', 'jd-icon-button jd-editor-control', text);
        el.type = 'button';
        el.title = label;
        el.setAttribute('aria-label', label);
        el.dataset.action = action;
        return el;
    }

    /** A list of problems ({path, message}) as DOM, naming modules by their names. */
    function problemList(problems, modules, lines) {
        const list = element('ul', 'jd-problems');
        problems.forEach(function (problem) {
            const item = element('li');
            const match = /^modules\[(\d+)\]/.exec(problem.path || '');
            const module = match && modules ? modules[Number(match[1])] : null;
            if (module && module.name) {
                item.appendChild(element('strong', null, 'Widget “' + module.name + '”: '));
            }
            if (problem.path) {
                item.appendChild(element('code', 'jd-path', problem.path));
                item.appendChild(document.createTextNode(' '));
            }
            item.appendChild(document.createTextNode(problem.message));
            if (lines && problem.line) {
                const jump = element('button', 'jd-link-button', 'line ' + problem.line);
                jump.type = 'button';
                jump.dataset.offset = problem.offset;
                item.appendChild(document.createTextNode(' '));
                item.appendChild(jump);
            }
            list.appendChild(item);
        });
        return list;
    }

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

    class Editor {
        constructor(settings) {
            this.settings = settings;
            this.root = byId('jsondash-dashboard');
            this.container = byId('jsondash-widgets');
            this.grid = this.root.dataset.layout === 'grid';
            this.toggle = byId('jd-edit-toggle');
            this.bar = byId('jd-editor-bar');
            this.message = byId('jd-editor-message');
            this.status = byId('jd-editor-status');
            this.hint = byId('jd-editor-hint');
            this.widgetDialog = byId('jd-widget-dialog');
            this.widgetForm = byId('jd-widget-form');
            this.settingsDialog = byId('jd-settings-dialog');
            this.settingsForm = byId('jd-settings-form');
            this.template = byId('jd-widget-template');
            this.raw = byId('jd-raw-editor');
            this.active = false;
            this.dirty = false;
            this.working = null;
            this.globalState = Boolean(settings.isGlobal);
            this.resized = new Set();
            this.editingGuid = null;
            this.bind();
            this.enhanceRawEditor();
        }

        // Modes ------------------------------------------------------------------------------

        bind() {
            this.toggle.addEventListener('click', () => this.start());
            this.bar.addEventListener('click', (event) => {
                const action = event.target.closest('[data-action]');
                if (!action) { return; }
                const handlers = {
                    'add-widget': () => this.openWidgetForm(null),
                    'add-row': () => this.addRow(),
                    'settings': () => this.openSettings(),
                    'raw': () => this.openRaw(),
                    'cancel': () => this.cancel(),
                    'save': () => this.save(),
                };
                handlers[action.dataset.action]();
            });
            this.root.querySelectorAll('.add-new-row-container [data-action="add-row"]').forEach((add) => {
                add.addEventListener('click', () => { if (this.active) { this.addRow(add.dataset.placement); } });
            });
            this.container.addEventListener('click', (event) => {
                const action = event.target.closest('.jd-editor-control[data-action]');
                if (!action || !this.active) { return; }
                const widget = action.closest('.widget');
                const row = action.closest('.jd-row');
                if (action.dataset.action === 'edit-widget') { this.openWidgetForm(widget.dataset.guid); }
                if (action.dataset.action === 'delete-widget') { this.deleteWidget(widget.dataset.guid); }
                if (action.dataset.action === 'delete-row') { this.deleteRow(row); }
            });
            [this.widgetDialog, this.settingsDialog].forEach(function (dialog) {
                dialog.querySelector('[data-action="close"]').addEventListener('click', function () { dialog.close(); });
            });
            this.widgetForm.addEventListener('submit', (event) => { event.preventDefault(); this.submitWidgetForm(); });
            this.widgetForm.elements.type.addEventListener('change', () => this.showTypeHelp());
            this.widgetForm.elements.refresh.addEventListener('change', () => this.syncRefreshField());
            this.widgetForm.querySelector('[data-action="preview"]').addEventListener('click', () => this.preview());
            this.settingsForm.addEventListener('submit', (event) => { event.preventDefault(); this.applySettings(); });
            window.addEventListener('beforeunload', (event) => {
                if (this.dirty) { event.preventDefault(); event.returnValue = ''; }
            });
        }

        start() {
            if (this.active) { return; }
            this.active = true;
            this.working = copy(jsondash.dashboard);
            this.root.classList.add('jd-editing');
            this.toggle.hidden = true;
            this.toggle.setAttribute('aria-pressed', 'true');
            this.bar.hidden = false;
            this.hint.hidden = false;
            this.widgets().forEach((el) => this.decorate(el));
            if (this.grid) {
                this.rows().forEach((row) => this.decorateRow(row));
                this.renumberRows();
                this.root.querySelectorAll('.add-new-row-container').forEach(function (box) { box.hidden = false; });
            }
            this.setStatus('Editing: nothing is saved until you choose “Save dashboard”.');
            this.bar.querySelector('button').focus();
        }

        cancel() {
            if (this.dirty && !window.confirm('Discard your unsaved changes to this dashboard?')) { return; }
            this.dirty = false;
            window.location.reload();
        }

        markDirty(what) {
            this.dirty = true;
            this.setStatus('Unsaved changes' + (what ? ': ' + what : '') + '.');
        }

        setStatus(text) { this.status.textContent = text; }

        showMessage(title, problems) {
            this.message.replaceChildren(element('p', 'jd-alert-title', title));
            if (problems && problems.length) {
                this.message.appendChild(problemList(problems, this.working && this.working.modules));
            }
            this.message.appendChild(element('p', 'jd-muted', 'Your changes are still here.'));
            this.message.hidden = false;
            this.message.focus();
        }

        hideMessage() { this.message.hidden = true; }

        // Widgets on the page -----------------------------------------------------------------

        widgets() { return Array.from(this.container.querySelectorAll('.widget')); }

        rows() { return Array.from(this.container.querySelectorAll('.jd-row')); }

        widgetElement(guid) {
            return this.container.querySelector('.widget[data-guid="' + CSS.escape(guid) + '"]');
        }

        moduleIndex(guid) {
            return this.working.modules.findIndex(function (m) { return m.guid === guid; });
        }

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
        }

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
        }

        decorateRow(row) {
            const tools = element('div', 'jd-row-tools jd-editor-control');
            tools.appendChild(element('span', 'jd-row-label'));
            const remove = element('button', 'jd-button jd-button-small jd-button-danger jd-editor-control', 'Delete row');
            remove.type = 'button';
            remove.dataset.action = 'delete-row';
            tools.appendChild(remove);
            row.insertBefore(tools, row.firstChild);
        }

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
        }

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
        }

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
        }

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
        }

        /** Rows with no widget between rows with widgets: the saved dashboard cannot say that. */
        emptyRows() {
            if (!this.grid) { return []; }
            const rows = this.rows();
            let last = -1;
            rows.forEach(function (row, index) { if (row.querySelector('.widget')) { last = index; } });
            return rows.slice(0, last + 1).filter(function (row) { return !row.querySelector('.widget'); })
                .map(function (row) { return Number(row.dataset.row); });
        }

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
            (module.classes || []).forEach(function (name) { if (name) { el.classList.add(name); } });
            el.querySelector('.jd-widget-title').textContent = module.name;
            return el;
        }

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
        }

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
        }

        removeWidget(guid) {
            jsondash.stopWidget(guid);
            const el = this.widgetElement(guid);
            if (el) { el.remove(); }
            const index = this.moduleIndex(guid);
            if (index >= 0) { this.working.modules.splice(index, 1); }
            this.resized.delete(guid);
            if (!this.grid && jsondash.layout) { jsondash.layout.refresh(); }
        }

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
        }

        // The widget form -------------------------------------------------------------------

        openWidgetForm(guid) {
            const form = this.widgetForm;
            form.reset();
            this.formProblems(form, []);
            form.querySelector('[data-role="preview"]').hidden = true;
            this.collectLayout();
            const existing = guid ? this.working.modules[this.moduleIndex(guid)] : null;
            const rows = this.rows().length;
            const module = existing || {
                width: this.grid ? 'col-6' : 400,
                height: 300,
                row: Math.max(rows, 1),
            };
            this.editingGuid = guid;
            byId('jd-widget-dialog-title').textContent = existing ? 'Edit the widget “' + existing.name + '”' : 'Add a widget';
            form.querySelector('[data-role="submit"]').textContent = existing ? 'Save widget' : 'Add widget';
            const fields = form.elements;
            fields.name.value = module.name || '';
            fields.type.value = module.type || '';
            fields.dataSource.value = module.dataSource || '';
            fields.width.value = String(module.width);
            fields.height.value = String(module.height);
            if (this.grid) {
                fields.row.replaceChildren();
                for (let number = 1; number <= rows + 1; number++) {
                    const label = number <= rows ? 'Row ' + number : 'A new row (' + number + ')';
                    fields.row.appendChild(new Option(label, String(number)));
                }
                fields.row.value = String(module.row || 1);
            }
            fields.order.value = existing && existing.order !== undefined && existing.order !== null ? existing.order : '';
            fields.refresh.checked = Boolean(module.refresh);
            fields.refreshInterval.value = module.refreshInterval || '';
            fields.key.value = module.key || '';
            fields.classes.value = (module.classes || []).join(' ');
            fields.override.checked = Boolean(module.override);
            fields.inputs.value = module.inputs ? JSON.stringify(module.inputs, null, 2) : '';
            form.querySelector('.jd-more').open = Boolean(module.refresh || module.key || module.inputs ||
                module.override || (module.classes && module.classes.length));
            this.showTypeHelp();
            this.syncRefreshField();
            this.widgetDialog.showModal();
            fields.name.focus();
            jsondash.emit(EVENTS.editformLoaded, {guid: guid, config: existing ? copy(existing) : null}, this.widgetDialog);
        }

        selectedFamily() {
            const option = this.widgetForm.elements.type.selectedOptions[0];
            return option ? option.dataset.family || '' : '';
        }

        showTypeHelp() {
            const family = this.settings.families[this.selectedFamily()];
            const help = this.widgetForm.querySelector('[data-role="type-help"]');
            help.hidden = !family;
            if (!family) { return; }
            const link = help.querySelector('[data-role="help-link"]');
            link.href = family.help;
            link.textContent = 'About ' + this.selectedFamily() + ' charts';
            const override = this.widgetForm.querySelector('[data-role="override-help"]');
            override.textContent = family.override
                ? 'The data source returns the chart library\'s own options, passed to it as they are.'
                : this.selectedFamily() + ' charts do not support override; it is ignored.';
        }

        syncRefreshField() {
            const fields = this.widgetForm.elements;
            fields.refreshInterval.disabled = !fields.refresh.checked;
            fields.refreshInterval.required = fields.refresh.checked;
        }

        formProblems(form, problems) {
            const box = form.querySelector('[data-role="form-problems"]');
            box.replaceChildren();
            box.hidden = !problems.length;
            if (problems.length) {
                box.appendChild(element('p', 'jd-alert-title', 'Please fix this first:'));
                box.appendChild(problemList(problems));
            }
        }

        /** The module the form describes, or the problems that stop it. */
        moduleFromForm() {
            const fields = this.widgetForm.elements;
            const existing = this.editingGuid ? this.working.modules[this.moduleIndex(this.editingGuid)] : null;
            const module = Object.assign({}, existing || {guid: newGuid()});
            const problems = [];
            module.name = fields.name.value.trim();
            module.type = fields.type.value;
            module.family = this.selectedFamily();
            module.dataSource = fields.dataSource.value.trim();
            module.width = this.grid ? fields.width.value : Number(fields.width.value);
            module.height = Number(fields.height.value);
            if (this.grid) { module.row = Number(fields.row.value); } else { delete module.row; }
            const order = fields.order.value.trim();
            if (order === '') { delete module.order; } else { module.order = Number(order); }
            module.refresh = fields.refresh.checked;
            module.refreshInterval = module.refresh && fields.refreshInterval.value ? Number(fields.refreshInterval.value) : null;
            const key = fields.key.value.trim();
            if (key) { module.key = key; } else { delete module.key; }
            const classes = fields.classes.value.split(/\s+/).filter(Boolean);
            if (classes.length) { module.classes = classes; } else { delete module.classes; }
            module.override = fields.override.checked;
            const inputs = fields.inputs.value.trim();
            if (inputs) {
                try {
                    module.inputs = JSON.parse(inputs);
                } catch (err) {
                    problems.push({path: 'inputs', message: 'is not valid JSON: ' + err.message});
                }
            } else {
                delete module.inputs;
            }
            return {module: module, problems: problems};
        }

        async submitWidgetForm() {
            const form = this.widgetForm;
            if (!form.reportValidity()) { return; }
            const result = this.moduleFromForm();
            if (result.problems.length) {
                this.formProblems(form, result.problems);
                return;
            }
            const module = result.module;
            const candidate = copy(this.working);
            let index = this.editingGuid ? this.moduleIndex(this.editingGuid) : -1;
            if (index < 0) { index = candidate.modules.push(module) - 1; } else { candidate.modules[index] = module; }
            const problems = (await this.check(candidate)).filter(function (p) {
                return p.path.indexOf('modules[' + index + ']') === 0;
            }).map(function (p) {
                return {path: p.path.replace(/^modules\[\d+\]\.?/, ''), message: p.message};
            });
            if (problems.length) {
                this.formProblems(form, problems);
                return;
            }
            const isNew = !this.editingGuid;
            const submit = form.querySelector('[data-role="submit"]');
            submit.disabled = true;
            try {
                await this.ensureFamily(module.family);
            } catch (err) {
                this.formProblems(form, [{path: '', message: 'The ' + module.family +
                    ' chart library could not be loaded (' + err.message + '). Check your connection and try again.'}]);
                return;
            } finally {
                submit.disabled = false;
            }
            if (isNew) { this.working.modules.push(module); } else { this.working.modules[index] = module; }
            const el = this.place(module, isNew);
            this.widgetDialog.close();
            jsondash.emit(isNew ? EVENTS.widgetAdded : EVENTS.widgetUpdated, {guid: module.guid, config: copy(module)}, el);
            this.markDirty((isNew ? 'added “' : 'changed “') + module.name + '”');
            const edit = el.querySelector('[data-action="edit-widget"]');
            if (edit) { edit.focus(); }
        }

        /** The server's opinion of a dashboard: its list of problems (empty when valid). */
        async check(dashboard) {
            const text = typeof dashboard === 'string' ? dashboard : JSON.stringify(dashboard);
            try {
                const response = await fetch(this.settings.validateUrl, {
                    method: 'POST',
                    body: text,
                    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
                    credentials: 'same-origin',
                });
                const result = await response.json();
                return result.problems || [];
            } catch (err) {
                return []; // the save itself will be checked; do not block editing on this
            }
        }

        async preview() {
            const form = this.widgetForm;
            const url = form.elements.dataSource.value.trim();
            const box = form.querySelector('[data-role="preview"]');
            const status = form.querySelector('[data-role="preview-status"]');
            const body = form.querySelector('[data-role="preview-body"]');
            box.hidden = false;
            body.textContent = '';
            if (!url) {
                status.textContent = 'Enter a data source first.';
                return;
            }
            const family = this.selectedFamily();
            const entry = family ? jsondash.renderers.get(family, form.elements.type.value) : null;
            if (entry && entry.fetch === false) {
                status.textContent = 'This chart type shows its data source directly; there is nothing to fetch.';
                return;
            }
            status.textContent = 'Loading ' + url + '\u2026';
            const kind = entry && entry.fetch === 'text' ? 'text' : 'json';
            let detail;
            try {
                const data = await jsondash.fetchSource(url, kind);
                const text = typeof data === 'string' ? data : JSON.stringify(data, null, 2);
                status.textContent = 'The data source answered with ' + utils.describe(data) + ':';
                body.textContent = text.length > 5000 ? text.slice(0, 5000) + '\n\u2026 (' + text.length + ' characters)' : text;
                detail = {url: url, data: data};
            } catch (err) {
                status.textContent = err.message;
                detail = {url: url, error: err.message};
            }
            jsondash.emit(EVENTS.preview, detail, this.widgetDialog);
        }

        // Settings ---------------------------------------------------------------------------

        openSettings() {
            const fields = this.settingsForm.elements;
            this.formProblems(this.settingsForm, []);
            fields.name.value = this.working.name || '';
            const category = this.working.category || '';
            const known = Array.from(fields.category.options).some(function (o) { return o.value === category; });
            fields.category.value = known ? category : '';
            fields.category_new.value = known ? '' : category;
            if (fields.is_global) { fields.is_global.checked = this.globalState; }
            this.settingsDialog.showModal();
            fields.name.focus();
        }

        applySettings() {
            const fields = this.settingsForm.elements;
            const name = fields.name.value.trim();
            if (!name) {
                this.formProblems(this.settingsForm, [{path: 'name', message: 'give the dashboard a name'}]);
                return;
            }
            this.working.name = name;
            this.working.category = fields.category_new.value.trim() || fields.category.value || null;
            if (fields.is_global) { this.globalState = fields.is_global.checked; }
            const title = this.root.querySelector('.jd-title');
            if (title && title.firstChild) { title.firstChild.textContent = name + ' '; }
            this.settingsDialog.close();
            this.markDirty('settings');
        }

        // Saving -----------------------------------------------------------------------------

        formData() {
            const body = new FormData();
            body.append('csrf_token', this.settings.csrfToken);
            body.append('name', this.working.name);
            body.append('mode', this.grid ? 'grid' : 'freeform');
            body.append('category', this.working.category || '');
            if (this.settings.globalSwitch) {
                body.append('global_toggle', '1');
                if (this.globalState) { body.append('is_global', 'on'); }
            }
            this.working.modules.forEach(function (module) {
                body.append('module_' + module.guid, JSON.stringify(module));
            });
            return body;
        }

        async post(body) {
            let response;
            try {
                response = await fetch(this.settings.updateUrl, {
                    method: 'POST',
                    body: body,
                    headers: {Accept: 'application/json', 'X-CSRFToken': this.settings.csrfToken},
                    credentials: 'same-origin',
                });
            } catch (err) {
                return {ok: false, message: 'Could not reach the server to save. Check your connection and try again.'};
            }
            let result = null;
            try { result = await response.json(); } catch (err) { result = null; }
            if (!result) {
                return {ok: false, message: 'The server answered ' + response.status + ' ' + response.statusText + '.'};
            }
            return result;
        }

        async save() {
            this.hideMessage();
            this.collectLayout();
            const gaps = this.emptyRows();
            if (gaps.length) {
                this.showMessage('The dashboard was not saved: a grid\'s rows must run 1, 2, 3\u2026 with no empty row between them.',
                    gaps.map(function (n) { return {path: '', message: 'Row ' + n + ' is empty: drag a widget into it, or delete it.'}; }));
                return;
            }
            const button = this.bar.querySelector('[data-action="save"]');
            button.disabled = true;
            this.setStatus('Saving\u2026');
            const result = await this.post(this.formData());
            button.disabled = false;
            if (!result.ok) {
                this.setStatus('Not saved.');
                this.showMessage(result.message || 'The dashboard was not saved.', result.problems);
                return;
            }
            this.dirty = false;
            this.setStatus('Saved.');
            window.location.reload();
        }

        // Raw JSON -----------------------------------------------------------------------------

        openRaw() {
            if (!this.raw) { return; }
            const textarea = this.raw.querySelector('textarea');
            if (this.dirty) {
                this.collectLayout();
                textarea.value = JSON.stringify(this.working, null, 2);
                this.rawNote.textContent = 'Showing your unsaved changes.';
            }
            this.raw.open = true;
            textarea.focus();
            this.validateRaw();
        }

        enhanceRawEditor() {
            if (!this.raw) { return; }
            const form = this.raw.querySelector('form');
            const textarea = form.querySelector('textarea');
            const actions = form.querySelector('.jd-actions');
            const download = element('button', 'jd-button', 'Download JSON');
            download.type = 'button';
            download.addEventListener('click', () => this.download(textarea.value));
            actions.appendChild(download);
            this.rawNote = element('span', 'jd-muted');
            actions.appendChild(this.rawNote);
            this.rawProblems = element('div', 'jd-raw-problems');
            this.rawProblems.setAttribute('aria-live', 'polite');
            textarea.insertAdjacentElement('afterend', this.rawProblems);
            this.rawProblems.addEventListener('click', function (event) {
                const jump = event.target.closest('[data-offset]');
                if (!jump) { return; }
                const offset = Number(jump.dataset.offset);
                textarea.focus();
                textarea.setSelectionRange(offset, offset + 1);
            });
            let timer = null;
            textarea.addEventListener('input', () => {
                window.clearTimeout(timer);
                timer = window.setTimeout(() => this.validateRaw(), VALIDATE_DELAY_MS);
            });
            form.addEventListener('submit', async (event) => {
                event.preventDefault();
                const result = await this.post(new FormData(form));
                if (!result.ok) {
                    this.showRawProblems(textarea.value, result.problems || [], result.message);
                    return;
                }
                this.dirty = false;
                window.location.reload();
            });
        }

        async validateRaw() {
            const textarea = this.raw.querySelector('textarea');
            const text = textarea.value;
            const problems = await this.check(text);
            if (textarea.value === text) { this.showRawProblems(text, problems); }
        }

        showRawProblems(text, problems, title) {
            const positions = utils.locateJsonPaths(text);
            const located = problems.map(function (problem) {
                const offset = positions[problem.path];
                return Object.assign({}, problem, offset === undefined ? {} : {offset: offset, line: utils.lineOf(text, offset)});
            });
            this.rawProblems.replaceChildren();
            this.rawProblems.classList.toggle('jd-raw-ok', !problems.length);
            if (!problems.length) {
                this.rawProblems.appendChild(element('p', 'jd-raw-valid', title || '\u2713 Valid: ready to save.'));
                return;
            }
            this.rawProblems.appendChild(element('p', 'jd-alert-title', title ||
                problems.length + ' problem' + (problems.length === 1 ? '' : 's') + ' to fix before saving:'));
            let parsed = null;
            try { parsed = JSON.parse(text); } catch (err) { parsed = null; }
            this.rawProblems.appendChild(problemList(located, parsed && parsed.modules, true));
        }

        download(text) {
            const name = (this.working || jsondash.dashboard).name || 'dashboard';
            const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'dashboard';
            const link = element('a');
            link.href = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
            link.download = slug + '.json';
            document.body.appendChild(link);
            link.click();
            link.remove();
            window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
        }
    }

    jsondash.ready(function () {
        const source = byId('jsondash-editor');
        if (!source || !byId('jd-edit-toggle')) { return; }
        jsondash.editor = new Editor(JSON.parse(source.textContent));
    });
}(window, document));
