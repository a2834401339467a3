/* flask_jsondash editor: the server. check() asks it whether a dashboard is valid; save()
 * sends the working copy as the original's form (module_<guid> fields) and keeps the edits on
 * the page, with the reason, when the save is refused. */
(function (window) {
    'use strict';
    const jsondash = window.jsondash;

    Object.assign(jsondash.Editor.prototype, {
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
            } catch {
                return []; // the save itself will be checked; do not block editing on this
            }
        },

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
        },

        async post(body) {
            let response;
            try {
                response = await fetch(this.settings.updateUrl, {
                    method: 'POST',
                    body: body,
                    headers: {Accept: 'application/json', 'X-CSRFToken': this.settings.csrfToken},
                    credentials: 'same-origin',
                });
            } catch {
                return {ok: false, message: 'Could not reach the server to save. Check your connection and try again.'};
            }
            let result = null;
            try { result = await response.json(); } catch { result = null; }
            if (!result) {
                return {ok: false, message: 'The server answered ' + response.status + ' ' + response.statusText + '.'};
            }
            return result;
        },

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
        },
    });
}(window));
