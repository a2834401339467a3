/* flask_jsondash editor: the raw JSON panel. Its text is checked against the server's rules
 * as you type (each problem names its line); it saves as the page's form does, and downloads
 * as a file. */
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
            if (this.dirty) {
                this.collectLayout();
                textarea.value = JSON.stringify(this.working, null, 2);
                this.rawNote.textContent = 'Showing your unsaved changes.';
            }
            this.raw.open = true;
            textarea.focus();
            this.validateRaw();
        },

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
            form.addEventListener('submit', (event) => {
                event.preventDefault();
                this.saveRaw(form, textarea, false);
            });
        },

        /** Save the raw JSON as the page's form does, with the version the page was loaded with
         * (unless `overwrite`): a stale save opens the conflict dialog. */
        async saveRaw(form, textarea, overwrite) {
            const body = new FormData(form);
            if (!overwrite && Number.isInteger(this.settings.version)) { body.append('version', String(this.settings.version)); }
            const result = await this.post(body);
            if (!result.ok && result.status === 412 && 'current_version' in result) {
                this.showConflict(result, () => this.saveRaw(form, textarea, true), () => textarea.value);
                return;
            }
            if (!result.ok) {
                this.showRawProblems(textarea.value, result.problems || [], result.message);
                return;
            }
            this.dirty = false;
            window.location.reload();
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
