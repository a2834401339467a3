/* flask_jsondash editor: the settings dialog: name, category, layout, description, tags,
 * links, editable, global. What it applies is checked by the server's rules first (each problem shown
 * in the dialog), then goes to the working copy like any other change. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const copy = jsondash.Editor.helpers.copy;
    /** The dialog's fields, as paths of the document: its problems are shown in the dialog. */
    const SETTINGS_PATH = /^(name|category|description|tags|links|editable|layout|style|timezone|time|timepicker|refresh|hideControls|templating|annotations)\b/;
    const QUERY_LABELS = {custom: 'Values', query: 'URL', textbox: 'Default text', constant: 'Value', interval: 'Intervals'};

    function tagList(text) {
        const tags = text.split(',').map(function (tag) { return tag.trim(); }).filter(Boolean);
        return Array.from(new Set(tags));
    }

    Object.assign(jsondash.Editor.prototype, {
        openSettings() {
            const fields = this.settingsForm.elements;
            const working = this.working;
            this.formProblems(this.settingsForm, []);
            fields.name.value = working.name || '';
            const category = working.category || '';
            const known = Array.from(fields.category.options).some(function (o) { return o.value === category; });
            fields.category.value = known ? category : '';
            fields.category_new.value = known ? '' : category;
            fields.description.value = typeof working.description === 'string' ? working.description : '';
            fields.tags.value = Array.isArray(working.tags) ? working.tags.join(', ') : '';
            fields.editable.checked = working.editable !== false;
            fields.layout.value = this.layout;
            if (fields.is_global) { fields.is_global.checked = this.globalState; }
            this.linkRows().replaceChildren();
            (Array.isArray(working.links) ? working.links : []).forEach((link) => this.addLinkRow(link));
            this.openExploreSettings(working);
            this.settingsDialog.showModal();
            fields.name.focus();
        },

        bindSettings() {
            this.settingsForm.addEventListener('submit', (event) => { event.preventDefault(); this.applySettings(); });
            this.bindExploreSettings();
            this.settingsForm.querySelector('[data-action="add-link"]').addEventListener('click', () => {
                this.addLinkRow(null).querySelector('[data-field="title"]').focus();
            });
            this.linkRows().addEventListener('click', (event) => {
                const remove = event.target.closest('[data-action="remove-link"]');
                if (!remove) { return; }
                const row = remove.closest('.jd-link-row');
                const next = row.nextElementSibling || row.previousElementSibling;
                row.remove();
                Array.from(this.linkRows().children).forEach((left) => this.labelLinkRow(left));
                (next ? next.querySelector('[data-field="title"]') : this.settingsForm.querySelector('[data-action="add-link"]')).focus();
            });
            this.linkRows().addEventListener('change', (event) => {
                if (event.target.dataset.field === 'kind') { this.labelLinkRow(event.target.closest('.jd-link-row')); }
            });
        },

        linkRows() { return this.settingsForm.querySelector('[data-role="link-rows"]'); },

        /** A row of the links' list, for `link` (null: an empty one). What the row does not
         * show of a link (its tooltip) is kept. */
        addLinkRow(link) {
            const row = document.getElementById('jd-link-template').content.firstElementChild.cloneNode(true);
            const field = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
            const kept = link ? copy(link) : {};
            const byTags = Array.isArray(kept.tags) && kept.tags.length > 0;
            field('title').value = typeof kept.title === 'string' ? kept.title : '';
            field('kind').value = byTags ? 'tags' : 'url';
            field('value').value = byTags ? kept.tags.join(', ') : (typeof kept.url === 'string' ? kept.url : '');
            field('targetBlank').checked = kept.targetBlank === true;
            ['title', 'url', 'tags', 'targetBlank'].forEach(function (key) { delete kept[key]; });
            row.jdKept = kept;
            this.linkRows().appendChild(row);
            this.labelLinkRow(row);
            return row;
        },

        /** A row's labels: "Address" or "Tags" as its kind says, and each field named with the
         * row's number ("Link 2: Title"), for screen readers. */
        labelLinkRow(row) {
            const byTags = row.querySelector('[data-field="kind"]').value === 'tags';
            row.querySelector('[data-role="value-label"]').textContent = byTags ? 'Tags' : 'Address';
            const value = row.querySelector('[data-field="value"]');
            value.placeholder = byTags ? 'ops, production' : 'https://example.com/runbook';
            const number = Array.prototype.indexOf.call(this.linkRows().children, row) + 1;
            row.querySelectorAll('label').forEach(function (label) {
                const name = (label.querySelector('.jd-muted') || label).textContent.trim();
                label.querySelector('input, select').setAttribute('aria-label', 'Link ' + number + ': ' + name);
            });
        },

        /** The links the dialog lists (rows left wholly empty are dropped). */
        dialogLinks() {
            const links = [];
            this.linkRows().querySelectorAll('.jd-link-row').forEach(function (row) {
                const value = function (name) { return row.querySelector('[data-field="' + name + '"]').value.trim(); };
                const title = value('title');
                const target = value('value');
                if (!title && !target) { return; }
                const link = Object.assign({title: title}, row.jdKept);
                if (value('kind') === 'tags') { link.tags = tagList(target); } else { link.url = target; }
                if (row.querySelector('[data-field="targetBlank"]').checked) { link.targetBlank = true; }
                links.push(link);
            });
            return links;
        },

        /** The working copy as the dialog would leave it. */
        settingsCandidate() {
            const fields = this.settingsForm.elements;
            const candidate = copy(this.working);
            candidate.name = fields.name.value.trim();
            candidate.category = fields.category_new.value.trim() || fields.category.value || null;
            const description = fields.description.value.trim();
            if (description) { candidate.description = description; } else { delete candidate.description; }
            const tags = tagList(fields.tags.value);
            if (tags.length) { candidate.tags = tags; } else { delete candidate.tags; }
            const links = this.dialogLinks();
            if (links.length) { candidate.links = links; } else { delete candidate.links; }
            if (fields.editable.checked) { delete candidate.editable; } else { candidate.editable = false; }
            this.exploreCandidate(candidate);
            return candidate;
        },

        // Variables, time range, refresh, annotations and theme (Grafana's) -------------------

        openExploreSettings(working) {
            const fields = this.settingsForm.elements;
            fields.style.value = working.style === 'dark' ? 'dark' : 'light';
            fields.timezone.value = working.timezone === 'utc' ? 'utc' : 'browser';
            const time = working.time && typeof working.time === 'object' ? working.time : {};
            fields.time_from.value = typeof time.from === 'string' ? time.from : '';
            fields.time_to.value = typeof time.to === 'string' ? time.to : '';
            const refresh = typeof working.refresh === 'string' && working.refresh !== 'off' ? working.refresh : '';
            if (refresh && !Array.from(fields.refresh.options).some(function (o) { return o.value === refresh; })) {
                fields.refresh.appendChild(new Option('Every ' + refresh, refresh));
            }
            fields.refresh.value = refresh;
            fields.hideControls.checked = working.hideControls === true;
            const variables = working.templating && Array.isArray(working.templating.list) ? working.templating.list : [];
            const annotations = working.annotations && Array.isArray(working.annotations.list) ? working.annotations.list : [];
            this.rowsOf('variable').replaceChildren();
            variables.forEach((variable) => this.addVariableRow(variable));
            this.rowsOf('annotation').replaceChildren();
            annotations.filter(function (a) { return a && typeof a.url === 'string'; }).forEach((a) => this.addAnnotationRow(a));
            this.settingsForm.querySelector('[data-role="explore-settings"]').open = Boolean(variables.length || annotations.length ||
                working.time || refresh || working.style === 'dark');
        },

        rowsOf(kind) { return this.settingsForm.querySelector('[data-role="' + kind + '-rows"]'); },

        bindExploreSettings() {
            const form = this.settingsForm;
            form.querySelector('[data-action="add-variable"]').addEventListener('click', () => {
                this.addVariableRow(null).querySelector('[data-field="name"]').focus();
            });
            form.querySelector('[data-action="add-annotation"]').addEventListener('click', () => {
                this.addAnnotationRow(null).querySelector('[data-field="name"]').focus();
            });
            this.rowsOf('variable').addEventListener('click', (event) => {
                const action = event.target.closest('[data-action]');
                if (!action) { return; }
                const row = action.closest('.jd-variable-row');
                if (action.dataset.action === 'remove-variable') { row.remove(); }
                if (action.dataset.action === 'move-up' && row.previousElementSibling) { row.previousElementSibling.before(row); action.focus(); }
                if (action.dataset.action === 'move-down' && row.nextElementSibling) { row.nextElementSibling.after(row); action.focus(); }
                if (action.dataset.action === 'preview-variable') { this.previewVariable(row); }
            });
            this.rowsOf('variable').addEventListener('change', (event) => {
                if (event.target.dataset.field === 'type') { this.labelVariableRow(event.target.closest('.jd-variable-row')); }
            });
            this.rowsOf('annotation').addEventListener('click', (event) => {
                if (event.target.closest('[data-action="remove-annotation"]')) { event.target.closest('.jd-annotation-row').remove(); }
            });
        },

        addVariableRow(variable) {
            const row = document.getElementById('jd-variable-template').content.firstElementChild.cloneNode(true);
            const kept = variable ? copy(variable) : {type: 'custom'};
            const field = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
            field('name').value = typeof kept.name === 'string' ? kept.name : '';
            field('label').value = typeof kept.label === 'string' ? kept.label : '';
            field('type').value = QUERY_LABELS[kept.type] ? kept.type : 'custom';
            field('query').value = typeof kept.query === 'string' ? kept.query : '';
            field('multi').checked = kept.multi === true;
            field('includeAll').checked = kept.includeAll === true;
            ['name', 'label', 'type', 'query', 'multi', 'includeAll'].forEach(function (key) { delete kept[key]; });
            row.jdKept = kept;
            this.rowsOf('variable').appendChild(row);
            this.labelVariableRow(row);
            return row;
        },

        labelVariableRow(row) {
            const type = row.querySelector('[data-field="type"]').value;
            row.querySelector('[data-role="query-label"]').textContent = QUERY_LABELS[type];
            row.querySelector('[data-action="preview-variable"]').hidden = type !== 'query' && type !== 'custom';
            const number = Array.prototype.indexOf.call(this.rowsOf('variable').children, row) + 1;
            row.querySelectorAll('label').forEach(function (label) {
                const name = (label.querySelector('.jd-muted') || label).textContent.trim();
                label.querySelector('input, select').setAttribute('aria-label', 'Variable ' + number + ': ' + name);
            });
        },

        /** The values a variable would offer: a custom one's list, or what its URL answers
         *  (with the other variables' current values, when the page has them). */
        async previewVariable(row) {
            const type = row.querySelector('[data-field="type"]').value;
            const query = row.querySelector('[data-field="query"]').value.trim();
            const out = row.querySelector('[data-role="variable-preview"]');
            const shown = function (values) {
                return values.length + ' value' + (values.length === 1 ? '' : 's') + ': ' + values.slice(0, 10).join(', ') +
                    (values.length > 10 ? ', \u2026' : '');
            };
            if (type === 'custom') {
                out.textContent = shown(query.split(',').map(function (v) { return v.trim(); }).filter(Boolean));
                return;
            }
            const url = jsondash.controls ? jsondash.controls.resolve(query, {url: true}).text : query;
            out.textContent = 'Loading ' + url + '\u2026';
            try {
                const data = await jsondash.fetchSource(url, 'json');
                if (!Array.isArray(data)) { throw new Error('the URL answered ' + jsondash.utils.describe(data) + ', not a list'); }
                out.textContent = shown(data.map(function (item) {
                    return item && typeof item === 'object' ? String(item.text !== undefined ? item.text : item.value) : String(item);
                }));
            } catch (err) {
                out.textContent = 'Could not preview: ' + err.message;
            }
        },

        addAnnotationRow(annotation) {
            const row = document.getElementById('jd-annotation-template').content.firstElementChild.cloneNode(true);
            const kept = annotation ? copy(annotation) : {};
            const field = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
            field('name').value = typeof kept.name === 'string' ? kept.name : '';
            field('url').value = typeof kept.url === 'string' ? kept.url : '';
            if (typeof kept.color === 'string' && /^#[0-9a-f]{6}$/i.test(kept.color)) { field('color').value = kept.color; }
            field('enable').checked = kept.enable !== false;
            ['name', 'url', 'enable'].forEach(function (key) { delete kept[key]; });
            row.jdKept = kept;
            const number = this.rowsOf('annotation').children.length + 1;
            row.querySelectorAll('label').forEach(function (label) {
                const name = (label.querySelector('.jd-muted') || label).textContent.trim();
                label.querySelector('input').setAttribute('aria-label', 'Annotation ' + number + ': ' + name);
            });
            this.rowsOf('annotation').appendChild(row);
            return row;
        },

        /** The dialog's variables, time, refresh, annotations and theme, into `candidate`. */
        exploreCandidate(candidate) {
            const fields = this.settingsForm.elements;
            const set = function (key, value, unset) {
                if (value === unset) { delete candidate[key]; } else { candidate[key] = value; }
            };
            set('style', fields.style.value, 'light');
            // The viewer's timezone is what a dashboard without the key gets (docs/config.md):
            // the key is written when it says something.
            if (fields.timezone.value !== 'browser' || 'timezone' in candidate) { candidate.timezone = fields.timezone.value; }
            set('refresh', fields.refresh.value, '');
            set('hideControls', fields.hideControls.checked, false);
            const from = fields.time_from.value.trim();
            const to = fields.time_to.value.trim();
            if (from || to) { candidate.time = {from: from || 'now-6h', to: to || 'now'}; } else { delete candidate.time; }
            const variables = Array.from(this.rowsOf('variable').children).map(function (row) {
                const value = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
                const variable = Object.assign({}, row.jdKept, {
                    name: value('name').value.trim(),
                    type: value('type').value,
                    query: value('query').value.trim(),
                });
                const label = value('label').value.trim();
                if (label) { variable.label = label; } else { delete variable.label; }
                if (value('multi').checked) { variable.multi = true; } else { delete variable.multi; }
                if (value('includeAll').checked) { variable.includeAll = true; } else { delete variable.includeAll; }
                return variable;
            }).filter(function (v) { return v.name || v.query; });
            if (variables.length) {
                candidate.templating = Object.assign({}, candidate.templating, {list: variables});
            } else {
                delete candidate.templating;
            }
            const kept = candidate.annotations && Array.isArray(candidate.annotations.list)
                ? candidate.annotations.list.filter(function (a) { return a && typeof a.url !== 'string'; }) : [];
            const annotations = Array.from(this.rowsOf('annotation').children).map(function (row) {
                const value = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
                return Object.assign({}, row.jdKept, {
                    name: value('name').value.trim(),
                    url: value('url').value.trim(),
                    color: value('color').value,
                    enable: value('enable').checked,
                });
            }).filter(function (a) { return a.name || a.url; });
            if (kept.length || annotations.length) {
                candidate.annotations = Object.assign({}, candidate.annotations, {list: kept.concat(annotations)});
            } else {
                delete candidate.annotations;
            }
        },

        async applySettings() {
            const fields = this.settingsForm.elements;
            const candidate = this.settingsCandidate();
            if (!candidate.name) {
                this.formProblems(this.settingsForm, [{path: 'name', message: 'give the dashboard a name'}]);
                fields.name.focus();
                return;
            }
            const problems = (await this.check(candidate)).filter(function (p) { return SETTINGS_PATH.test(p.path || ''); });
            if (problems.length) {
                this.formProblems(this.settingsForm, problems);
                this.settingsForm.querySelector('[data-role="form-problems"]').scrollIntoView({block: 'nearest'});
                return;
            }
            this.working = candidate;
            if (fields.is_global) { this.globalState = fields.is_global.checked; }
            this.showSettings();
            this.settingsDialog.close();
            const layout = fields.layout.value;
            if (layout !== this.layout) {
                await this.convertLayout(layout);
                this.markDirty('layout changed to ' + layout);
                return;
            }
            this.markDirty('settings');
        },
    });
}(window, document));
