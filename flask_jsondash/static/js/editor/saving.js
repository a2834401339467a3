/* flask_jsondash editor: the server. check() asks it whether a dashboard is valid; save()
 * sends the working copy to the JSON API (POST /jsondash/api/dashboards), with the version the
 * page was loaded with, and keeps the edits on the page, with the reason, when the save is
 * refused. When someone else saved in between (412), a dialog says who and when, and offers
 * to download these edits, load their version, or overwrite it. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const element = jsondash.Editor.helpers.element;
    /** Where a save leaves its note for the page it reloads (sessionStorage). */
    const SAVED_KEY = 'jsondash.saved';

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

        /** The body of a save through the API: `dashboard` (this page's, whatever id it says)
         * with the version it was edited from, which the server checks unless `overwrite`
         * (412 if the dashboard has moved on); the history message; the global switch. */
        saveBody(dashboard, overwrite) {
            const body = {
                dashboard: Object.assign({}, dashboard, {id: this.settings.id, version: this.settings.version}),
                overwrite: overwrite === true,
            };
            const message = this.saveMessage ? this.saveMessage.value.trim() : '';
            if (message) { body.message = message; }
            if (this.settings.globalSwitch) { body.global = this.globalState; }
            return body;
        },

        /** The toolbar's optional "message" field, kept with the saved version (its history). */
        addSaveMessageField() {
            const save = this.bar.querySelector('[data-action="save"]');
            const label = element('label', 'jd-save-message');
            label.appendChild(element('span', 'jd-muted', 'Message'));
            const input = element('input');
            input.type = 'text';
            input.name = 'message';
            input.maxLength = 500;
            input.placeholder = 'What changed (optional)';
            input.id = 'jd-save-message';
            label.appendChild(input);
            save.before(label);
            this.saveMessage = input;
        },

        async post(body) {
            let response;
            try {
                response = await fetch(this.settings.saveUrl, {
                    method: 'POST',
                    body: JSON.stringify(body),
                    headers: {
                        Accept: 'application/json',
                        'Content-Type': 'application/json',
                        'X-CSRFToken': this.settings.csrfToken,
                    },
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
            result.status = response.status;
            return result;
        },

        /** After a save: the page again, as saved, saying so (the API flashes nothing). */
        reloadSaved(result) {
            this.dirty = false;
            this.rawPending = false;
            this.forgetDraft();
            try {
                window.sessionStorage.setItem(SAVED_KEY, JSON.stringify({
                    id: this.settings.id,
                    text: 'Saved version ' + result.version + ' of \u201c' + (this.working || jsondash.dashboard).name + '\u201d.',
                }));
            } catch { /* no storage: the page still shows what was saved */ }
            window.location.reload();
        },

        /** The note a save left for this page (see reloadSaved), shown once. */
        showSavedNote() {
            let note = null;
            try {
                note = JSON.parse(window.sessionStorage.getItem(SAVED_KEY));
                window.sessionStorage.removeItem(SAVED_KEY);
            } catch { note = null; }
            if (!note || note.id !== this.settings.id || typeof note.text !== 'string') { return; }
            // The markup of the page's flashed messages (layouts/base.html).
            const box = element('div', 'jd-flashes jd-saved-note');
            box.setAttribute('role', 'status');
            const flash = element('div', 'alert alert-info jd-flash jd-flash-info');
            flash.appendChild(element('p', 'flash', note.text));
            box.appendChild(flash);
            this.root.before(box);
        },

        /** Save the working copy; `overwrite` saves it over whatever version is stored. */
        async save(overwrite) {
            this.hideMessage();
            if (this.rawPending && !(await this.applyRaw())) {
                this.setStatus('Not saved.');
                this.showMessage('The dashboard was not saved: the raw JSON you typed is not applied yet. Fix the problems listed under it, or choose “Discard typed text”.');
                this.raw.open = true;
                this.raw.querySelector('textarea').focus();
                return;
            }
            this.closeEmptyRows();
            this.collectLayout();
            const button = this.bar.querySelector('[data-action="save"]');
            button.disabled = true;
            this.setStatus('Saving\u2026');
            const result = await this.post(this.saveBody(this.working, overwrite));
            button.disabled = false;
            if (!result.ok && result.status === 412 && 'current_version' in result) {
                this.setStatus('Not saved: someone else saved this dashboard after you opened it.');
                this.showConflict(result, () => this.save(true), () => JSON.stringify(this.working, null, 2));
                return;
            }
            if (!result.ok) {
                this.setStatus('Not saved.');
                this.showMessage(result.message || 'The dashboard was not saved.', result.problems);
                return;
            }
            this.setStatus('Saved.');
            this.reloadSaved(result);
        },

        /** The dialog for a save refused because someone else saved first (the 412's
         * saved_by, saved_at and current_version): the user's edits stay on the page.
         * `overwrite()` saves them again over the stored version; `edits()` is their JSON. */
        showConflict(conflict, overwrite, edits) {
            const dialog = this.conflictDialog();
            this.conflictActions = {overwrite: overwrite, edits: edits};
            const who = conflict.saved_by || 'Someone else';
            const when = conflict.saved_at ? ' at ' + new Date(conflict.saved_at).toLocaleString() : '';
            dialog.querySelector('[data-role="conflict-text"]').textContent = who + ' saved this dashboard' + when
                + ' (version ' + conflict.current_version + '), after you opened version '
                + conflict.expected_version + '. Your edits were not saved, and are still on this page.';
            if (!dialog.open) { dialog.showModal(); }
            dialog.querySelector('[data-action="download-edits"]').focus();
        },

        conflictDialog() {
            let dialog = document.getElementById('jd-conflict-dialog');
            if (dialog) { return dialog; }
            dialog = element('dialog', 'jsondash jd-dialog jd-conflict-dialog');
            dialog.id = 'jd-conflict-dialog';
            dialog.setAttribute('aria-labelledby', 'jd-conflict-title');
            dialog.setAttribute('aria-describedby', 'jd-conflict-text');
            const body = element('div', 'jd-dialog-body');
            const title = element('h2', 'jd-dialog-title', 'Someone else saved this dashboard');
            title.id = 'jd-conflict-title';
            const text = element('p');
            text.id = 'jd-conflict-text';
            text.dataset.role = 'conflict-text';
            const hint = element('p', 'jd-muted', 'Download your edits first if you may want them back: loading their version discards your edits, and overwriting discards theirs (it stays in the dashboard\'s versions).');
            const actions = element('div', 'jd-actions jd-dialog-actions');
            const buttons = [
                ['download-edits', 'Download my edits', 'jd-button', () => this.download(this.conflictActions.edits())],
                ['load-theirs', 'Load their version', 'jd-button', () => { this.dirty = false; window.location.reload(); }],
                ['overwrite', 'Overwrite', 'jd-button jd-button-danger', () => { dialog.close(); this.conflictActions.overwrite(); }],
                ['close', 'Keep editing', 'jd-button', () => dialog.close()],
            ];
            buttons.forEach(function ([action, label, className, run]) {
                const button = element('button', className, label);
                button.type = 'button';
                button.dataset.action = action;
                button.addEventListener('click', run);
                actions.appendChild(button);
            });
            body.append(title, text, hint, actions);
            dialog.appendChild(body);
            this.root.appendChild(dialog);
            return dialog;
        },
    });
}(window, document));
