/* flask_jsondash editor: the raw JSON panel. Its text is checked against the server's rules
 * as you type (each problem names its line). It is part of the one save: valid text is applied
 * to the page as the working copy (when you leave it, or save), and the toolbar's "Save
 * dashboard" refuses while the text has problems. It also downloads as a file. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const utils = jsondash.utils;
    const {element, problemList} = jsondash.Editor.helpers;
    const VALIDATE_DELAY_MS = 400;

    Object.assign(jsondash.Editor.prototype, {
        openRaw() {
            if (!this.raw) { return; }
            const textarea = this.raw.querySelector('textarea');
            if (this.active) { this.syncRaw(); }
            this.raw.open = true;
            textarea.focus();
            this.validateRaw();
        },

        rawText() { return this.raw ? this.raw.querySelector('textarea').value : ''; },

        /** The text shows the working copy, unless it holds typing not applied yet. */
        syncRaw() {
            if (!this.raw || this.rawPending || !this.working) { return; }
            this.raw.querySelector('textarea').value = JSON.stringify(this.working, null, 2);
            this.rawNote.textContent = this.dirty ? 'Showing your unsaved changes.' : '';
        },

        /** The panel's text takes part in the one save: typing in it starts editing; the text
         * is applied to the page when you leave it (or choose "Apply to the page", or save),
         * once it is valid. */
        enhanceRawEditor() {
            if (!this.raw) { return; }
            const form = this.raw.querySelector('form');
            const textarea = form.querySelector('textarea');
            const actions = form.querySelector('.jd-actions');
            // One save: the toolbar's. The panel's own submit button (for pages without
            // scripts) gives way to applying the text to the page.
            actions.replaceChildren();
            const apply = element('button', 'jd-button jd-button-primary', 'Apply to the page');
            apply.type = 'button';
            apply.dataset.action = 'apply-raw';
            apply.addEventListener('click', () => this.applyRaw());
            const download = element('button', 'jd-button', 'Download JSON');
            download.type = 'button';
            download.addEventListener('click', () => this.download(textarea.value));
            const revert = element('button', 'jd-button', 'Discard typed text');
            revert.type = 'button';
            revert.dataset.action = 'revert-raw';
            revert.addEventListener('click', () => this.revertRaw());
            actions.append(apply, download, revert);
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
                if (!this.active) { this.start(); }
                if (!this.rawPending) {
                    this.rawPending = true;
                    this.rawBase = this.stateIndex;
                }
                this.rawNote.textContent = 'Typed, not applied yet: it is applied when you leave the text, or save.';
                this.setStatus('Unsaved changes: raw JSON.');
                window.clearTimeout(timer);
                timer = window.setTimeout(() => {
                    this.keepDraft();
                    this.validateRaw();
                }, VALIDATE_DELAY_MS);
            });
            textarea.addEventListener('change', () => { if (this.rawPending) { this.applyRaw(); } });
            // Typed before the editor arrived (it loads after the charts): the same as typed now.
            if (textarea.value !== textarea.defaultValue) {
                window.setTimeout(() => textarea.dispatchEvent(new Event('input')), 0);
            }
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                this.save();
            });
        },

        /** Put the typed text on the page as the working copy, if it is a valid dashboard;
         * resolves to whether it did (its problems are shown under the text otherwise). */
        applyRaw() {
            if (!this.rawPending) { return Promise.resolve(true); }
            if (!this.applying) {
                this.applying = this.applyRawText().finally(() => { this.applying = null; });
            }
            return this.applying;
        },

        async applyRawText() {
            const textarea = this.raw.querySelector('textarea');
            const text = textarea.value;
            let dashboard = null;
            try { dashboard = JSON.parse(text); } catch { dashboard = null; }
            const problems = await this.check(text);
            if (!dashboard || typeof dashboard !== 'object' || Array.isArray(dashboard) || problems.length) {
                this.showRawProblems(text, problems.length ? problems : [{path: '', message: 'the dashboard must be a JSON object'}],
                    'Not applied: fix these first (nothing you typed is lost).');
                return false;
            }
            if (textarea.value !== text) { return false; } // typed on meanwhile: applied at the end
            const since = this.states ? this.states.slice(this.rawBase + 1, this.stateIndex + 1).map(function (s) { return s.label; }) : [];
            if (since.length && !window.confirm('Applying the raw JSON replaces what you changed after you began typing it (' +
                    since.join(', ') + '). Apply it?')) {
                return false;
            }
            dashboard.id = this.settings.id;
            this.working = dashboard;
            this.rawPending = false;
            this.showSettings();
            await this.renderWorking();
            this.markDirty('raw JSON');
            this.showRawProblems(textarea.value, [], '\u2713 Applied to the page. “Save dashboard” saves it.');
            return true;
        },

        /** Throw away typed text not applied yet: the text shows the working copy again. */
        revertRaw() {
            if (this.rawPending && !window.confirm('Discard the raw JSON you typed and show the dashboard as it is on the page?')) { return; }
            this.rawPending = false;
            if (this.active) {
                this.syncRaw();
                this.keepDraft();
                this.setStatus(this.dirty ? 'Unsaved changes.' : 'Editing: nothing is saved until you choose “Save dashboard”.');
            }
            this.validateRaw();
        },

        /** Typed text kept in a draft, back in the panel (not applied). */
        restoreRawText(text) {
            if (!this.raw) { return; }
            this.raw.querySelector('textarea').value = text;
            this.rawPending = true;
            this.rawBase = this.stateIndex;
            this.raw.open = true;
            this.rawNote.textContent = 'Restored typing, not applied yet.';
            this.validateRaw();
        },

        async validateRaw() {
            const textarea = this.raw.querySelector('textarea');
            const text = textarea.value;
            const problems = await this.check(text);
            if (textarea.value === text) { this.showRawProblems(text, problems); }
        },

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
            try { parsed = JSON.parse(text); } catch { parsed = null; }
            this.rawProblems.appendChild(problemList(located, parsed && parsed.modules, true));
        },

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
        },
    });
}(window, document));
