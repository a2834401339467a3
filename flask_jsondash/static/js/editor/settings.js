/* flask_jsondash editor: the settings dialog (name, category, global). */
(function (window) {
    'use strict';
    const jsondash = window.jsondash;

    Object.assign(jsondash.Editor.prototype, {
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
        },

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
        },
    });
}(window));
