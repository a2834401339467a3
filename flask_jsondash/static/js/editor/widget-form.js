/* flask_jsondash editor: the add/edit widget dialog. It fills in from a module, describes
 * the module its fields make (checked by the server like a save is), previews what the data
 * source answers, and puts the widget on the page. */
(function (window) {
    'use strict';
    const jsondash = window.jsondash;
    const utils = jsondash.utils;
    const {byId, copy, EVENTS} = jsondash.Editor.helpers;

    /** A random version 4 UUID (crypto.randomUUID needs a secure context; this does not). */
    function newGuid() {
        const bytes = window.crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        const hex = Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
        return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
    }

    jsondash.Editor.helpers.newGuid = newGuid;

    /** A new grid widget's width: half of the 12 columns; a new gridpos widget's size. */
    const NEW_GRID_WIDTH = 'col-6';
    const NEW_GRIDPOS_SIZE = {w: 12, h: 8};

    function columns(width) {
        const match = /^col-(\d+)$/.exec(String(width));
        return match ? Number(match[1]) : 12;
    }

    Object.assign(jsondash.Editor.prototype, {
        /** Where a new grid widget goes: the last row, if it has room beside its widgets; else
         * a new row below it. */
        newWidgetRow() {
            const rows = this.rows();
            const last = rows[rows.length - 1];
            if (!last) { return 1; }
            const used = Array.from(last.querySelectorAll('.widget')).reduce(function (sum, el) {
                const found = Array.from(el.classList).find(function (c) { return /^jd-col-\d+$/.test(c); });
                return sum + columns(found ? found.slice(3) : 'col-12');
            }, 0);
            return used + columns(NEW_GRID_WIDTH) <= 12 ? rows.length : rows.length + 1;
        },

        openWidgetForm(guid) {
            const form = this.widgetForm;
            form.reset();
            this.formProblems(form, []);
            form.querySelector('[data-role="preview"]').hidden = true;
            this.collectLayout();
            const existing = guid ? this.working.modules[this.moduleIndex(guid)] : null;
            const rows = this.rows().length;
            const module = existing || {
                width: this.grid ? NEW_GRID_WIDTH : 400,
                height: 300,
                row: this.grid ? this.newWidgetRow() : 1,
                gridPos: {w: NEW_GRIDPOS_SIZE.w, h: NEW_GRIDPOS_SIZE.h},
            };
            this.editingGuid = guid;
            byId('jd-widget-dialog-title').textContent = existing ? 'Edit the widget “' + existing.name + '”' : 'Add a widget';
            form.querySelector('[data-role="submit"]').textContent = existing ? 'Save widget' : 'Add widget';
            const fields = form.elements;
            fields.name.value = module.name || '';
            fields.type.value = module.type || '';
            fields.dataSource.value = module.dataSource || '';
            const place = module.gridPos || {};
            fields.w.value = String(place.w || NEW_GRIDPOS_SIZE.w);
            fields.h.value = String(place.h || NEW_GRIDPOS_SIZE.h);
            fields.columns.value = this.grid ? String(module.width) : NEW_GRID_WIDTH;
            fields.width.value = this.grid || this.gridpos ? '400' : String(module.width);
            fields.height.value = String(module.height || 300);
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
            this.showSourceVariables();
            this.widgetDialog.showModal();
            fields.name.focus();
            jsondash.emit(EVENTS.editformLoaded, {guid: guid, config: existing ? copy(existing) : null}, this.widgetDialog);
        },

        selectedFamily() {
            const option = this.widgetForm.elements.type.selectedOptions[0];
            return option ? option.dataset.family || '' : '';
        },

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
        },

        syncRefreshField() {
            const fields = this.widgetForm.elements;
            fields.refreshInterval.disabled = !fields.refresh.checked;
            fields.refreshInterval.required = fields.refresh.checked;
        },

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
            if (this.gridpos) {
                const w = Number(fields.w.value);
                const was = module.gridPos || {};
                // Where it is stays; a new one goes below the others (it floats up into space).
                module.gridPos = {
                    x: Math.min(Number.isInteger(was.x) ? was.x : 0, 24 - w),
                    y: Number.isInteger(was.y) ? was.y : 100000,
                    w: w,
                    h: Number(fields.h.value),
                };
                delete module.width;
                delete module.height;
            } else {
                module.width = this.grid ? fields.columns.value : Number(fields.width.value);
                module.height = Number(fields.height.value);
                delete module.gridPos;
            }
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
        },

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
        },

        /** Which variables the data source uses, with their current values (or that the
         *  dashboard does not define them). */
        showSourceVariables() {
            const box = this.widgetForm.querySelector('[data-role="source-variables"]');
            const text = this.widgetForm.elements.dataSource.value;
            const names = [];
            text.replace(/\$\{([A-Za-z_]\w*)|\$([A-Za-z_]\w*)|\[\[([A-Za-z_]\w*)/g, function (all, a, b, c) {
                const name = a || b || c;
                if (names.indexOf(name) === -1) { names.push(name); }
                return all;
            });
            box.hidden = !names.length;
            if (!names.length) { return; }
            const defined = {};
            const list = this.working && this.working.templating && Array.isArray(this.working.templating.list) ? this.working.templating.list : [];
            list.forEach(function (variable) { if (variable && variable.name) { defined[variable.name] = variable; } });
            const live = jsondash.controls ? jsondash.controls.state.variables : [];
            box.textContent = 'Uses ' + names.map(function (name) {
                if (name.indexOf('__') === 0) { return '$' + name + ' (the time range)'; }
                if (!defined[name]) { return '$' + name + ' (not defined: add it in Settings)'; }
                const now = live.find(function (v) { return v.name === name; });
                const current = now && now.current ? now.current.text : (defined[name].current || {}).text;
                const shown = Array.isArray(current) ? current.join(', ') : current;
                return '$' + name + (shown ? ' (now ' + shown + ')' : '');
            }).join(', ') + '.';
        },

        async preview() {
            const form = this.widgetForm;
            const typed = form.elements.dataSource.value.trim();
            // With the dashboard's variables and time range as they are now.
            const url = jsondash.controls ? jsondash.controls.resolve(typed, {url: true}).text : typed;
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
        },
    });
}(window));
