/* flask_jsondash editor: undo and redo, and the draft kept in the browser.
 *
 * Every change in edit mode (markDirty) records the working copy as it now is: Undo
 * (Ctrl+Z) and Redo (Ctrl+Shift+Z or Ctrl+Y) step through those states since editing began and
 * put each one on the page whole. Each state is also kept in localStorage as this dashboard's
 * draft, so that a reload or a crash loses nothing: the next visit offers to restore it. A
 * save, or discarding the changes, forgets the draft. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const {element} = jsondash.Editor.helpers;
    /** How many states undo can step back through. */
    const MAX_STATES = 200;
    const DRAFT_PREFIX = 'jsondash.draft.';

    function storage() {
        try { return window.localStorage; } catch { return null; }
    }

    /** Whether a key press belongs to a field's own undo (text being typed). */
    function typing(target) {
        return Boolean(target && target.closest && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'));
    }

    Object.assign(jsondash.Editor.prototype, {
        bindHistory() {
            this.tabId = Math.random().toString(36).slice(2);
            this.undoButton = this.bar.querySelector('[data-action="undo"]');
            this.redoButton = this.bar.querySelector('[data-action="redo"]');
            document.addEventListener('keydown', (event) => {
                if (!this.active || !(event.ctrlKey || event.metaKey) || event.altKey || typing(event.target)) { return; }
                if (document.querySelector('dialog[open]')) { return; }
                const key = event.key.toLowerCase();
                if (key === 'z' && !event.shiftKey) {
                    event.preventDefault();
                    this.undo();
                } else if ((key === 'z' && event.shiftKey) || key === 'y') {
                    event.preventDefault();
                    this.redo();
                }
            });
            this.offerDraft();
        },

        state() {
            return JSON.stringify({working: this.working, global: this.globalState});
        },

        /** Editing began: the first state, the one Undo goes back to at most. */
        startHistory() {
            this.states = [{state: this.state(), label: ''}];
            this.stateIndex = 0;
            this.showUndo();
        },

        /** After a change: keep the working copy as it now is (nothing, if nothing changed). */
        record(label) {
            if (!this.states) { return; }
            this.collectLayout();
            const state = this.state();
            if (state === this.states[this.stateIndex].state) { return; }
            this.states.splice(this.stateIndex + 1);
            this.states.push({state: state, label: label || 'a change'});
            if (this.states.length > MAX_STATES) { this.states.shift(); }
            this.stateIndex = this.states.length - 1;
            this.keepDraft();
            this.showUndo();
        },

        async undo() {
            if (!this.states || this.stateIndex <= 0) { return; }
            const undone = this.states[this.stateIndex].label;
            this.stateIndex -= 1;
            await this.enterState();
            this.setStatus('Undone: ' + undone + '.' + (this.dirty ? '' : ' Nothing is changed now.'));
        },

        async redo() {
            if (!this.states || this.stateIndex >= this.states.length - 1) { return; }
            this.stateIndex += 1;
            await this.enterState();
            this.setStatus('Redone: ' + this.states[this.stateIndex].label + '.');
        },

        /** Put the current state on the page. */
        async enterState() {
            const entered = JSON.parse(this.states[this.stateIndex].state);
            this.working = entered.working;
            this.globalState = entered.global;
            this.showSettings();
            await this.renderWorking();
            this.dirty = this.stateIndex > 0;
            this.syncRaw();
            this.keepDraft();
            this.showUndo();
        },

        /** What the page shows of the working copy's settings: its name, and (when changed
         *  since the editor started or last showed them) its theme and timezone, the charts
         *  drawn again in them. */
        showSettings() {
            const title = this.root.querySelector('.jd-title .dashboard-title');
            if (title) { title.textContent = this.working.name; }
            const settings = function (doc) {
                return {style: doc.style === 'dark' ? 'dark' : 'light', timezone: jsondash.utils.timezoneOf(doc.timezone)};
            };
            const shown = this.shownSettings || settings(jsondash.dashboard);
            const now = settings(this.working);
            if (now.style !== shown.style && jsondash.theme) { jsondash.theme.apply(now.style); }
            if (now.timezone !== shown.timezone) { jsondash.setTimezone(now.timezone); }
            this.shownSettings = now;
        },

        showUndo() {
            if (!this.undoButton) { return; }
            const can = this.states && this.stateIndex > 0;
            const canRedo = this.states && this.stateIndex < this.states.length - 1;
            this.undoButton.disabled = !can;
            this.redoButton.disabled = !canRedo;
            this.undoButton.title = can ? 'Undo ' + this.states[this.stateIndex].label + ' (Ctrl+Z)' : 'Nothing to undo';
            this.redoButton.title = canRedo ? 'Redo ' + this.states[this.stateIndex + 1].label + ' (Ctrl+Shift+Z)' : 'Nothing to redo';
        },

        // The draft in the browser --------------------------------------------------------------

        draftKey() { return DRAFT_PREFIX + this.settings.id; },

        /** Keep the unsaved working copy (and raw JSON typed but not applied) in the browser. */
        keepDraft() {
            const store = storage();
            if (!store) { return; }
            const changed = this.dirty || this.rawPending;
            try {
                if (!changed) {
                    this.forgetDraft();
                    return;
                }
                store.setItem(this.draftKey(), JSON.stringify({
                    tab: this.tabId,
                    version: this.settings.version,
                    at: new Date().toISOString(),
                    state: this.states ? this.states[this.stateIndex].state : this.state(),
                    raw: this.rawPending ? this.rawText() : null,
                }));
            } catch { /* full or refused: the page still holds the edits */ }
        },

        /** Forget this page's draft (`any`: whichever page left it). A save or a cancel in
         * another tab of the same dashboard leaves this tab's draft alone. */
        forgetDraft(any) {
            const store = storage();
            const draft = this.readDraft();
            if (!store || !draft || (!any && draft.tab !== this.tabId)) { return; }
            try { store.removeItem(this.draftKey()); } catch { /* nothing kept */ }
        },

        readDraft() {
            const store = storage();
            try {
                const draft = store ? JSON.parse(store.getItem(this.draftKey())) : null;
                return draft && typeof draft.state === 'string' ? draft : null;
            } catch {
                return null;
            }
        },

        /** A draft left by an earlier visit: say so, and offer to restore or discard it. */
        offerDraft() {
            const draft = this.readDraft();
            if (!draft) { return; }
            const box = element('div', 'jd-alert jd-alert-warning jd-draft');
            box.setAttribute('role', 'alert');
            const when = new Date(draft.at);
            const since = Number.isInteger(draft.version) && draft.version !== this.settings.version
                ? ' It was edited from version ' + draft.version + '; the dashboard is now at version ' + this.settings.version + ', so saving it will ask first.'
                : '';
            box.appendChild(element('p', null, 'You have unsaved changes to this dashboard from ' +
                (isNaN(when) ? 'an earlier visit' : when.toLocaleString()) + '.' + since));
            const actions = element('div', 'jd-actions');
            const restore = element('button', 'jd-button jd-button-primary', 'Restore my changes');
            restore.type = 'button';
            restore.dataset.action = 'restore-draft';
            const discard = element('button', 'jd-button', 'Discard them');
            discard.type = 'button';
            discard.dataset.action = 'discard-draft';
            actions.append(restore, discard);
            box.appendChild(actions);
            this.bar.before(box);
            restore.addEventListener('click', async () => {
                box.remove();
                await this.restoreDraft(draft);
            });
            discard.addEventListener('click', () => {
                if (!window.confirm('Discard the unsaved changes kept from your earlier visit?')) { return; }
                this.forgetDraft(true);
                box.remove();
                this.toggle.focus();
            });
        },

        async restoreDraft(draft) {
            this.forgetDraft(true); // this page's draft from now on
            this.start();
            const restored = JSON.parse(draft.state);
            // Saved from the version it was edited from: if that moved on, the save asks first.
            if (Number.isInteger(draft.version)) { this.settings.version = draft.version; }
            this.working = restored.working;
            this.globalState = restored.global;
            this.showSettings();
            await this.renderWorking();
            this.markDirty('restored from your earlier visit');
            if (typeof draft.raw === 'string') { this.restoreRawText(draft.raw); }
        },
    });
}(window, document));
