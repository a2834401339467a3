/* flask_jsondash editor: the settings dialog: name, category, layout, description, tags,
 * links, editable, global. What it applies is checked by the server's rules first (each problem shown
 * in the dialog), then goes to the working copy like any other change. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const copy = jsondash.Editor.helpers.copy;
    /** The dialog's fields, as paths of the document: its problems are shown in the dialog. */
    const SETTINGS_PATH = /^(name|category|description|tags|links|editable)\b/;

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
            this.settingsDialog.showModal();
            fields.name.focus();
        },

        bindSettings() {
            this.settingsForm.addEventListener('submit', (event) => { event.preventDefault(); this.applySettings(); });
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
            return candidate;
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
            this.showTitle();
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
