/* flask_jsondash: the dashboard editor, for those allowed to edit.
 *
 * "Edit dashboard" turns on edit mode. Every change (widgets added, edited, moved, resized or
 * deleted; rows added or deleted; settings) goes to a working copy of the dashboard and shows
 * at once; "Save dashboard" sends the working copy to the dashboards' JSON API, with the
 * version it was edited from, and keeps everything on the page if the save is refused, with the
 * reason. The raw JSON panel is checked against the server's rules as you type.
 *
 * The editor is one class, jsondash.Editor, in several plain scripts loaded in this order:
 *   editor/core.js         the class: modes, status and messages, and the helpers the others use
 *   editor/layout.js       grid rows, and freeform dragging and resizing
 *   editor/widgets.js      widgets put on, replaced on and removed from the page
 *   editor/widget-form.js  the add/edit widget dialog, its preview and the module it describes
 *   editor/settings.js     the settings dialog
 *   editor/raw-json.js     the raw JSON panel: live validation and download
 *   editor/saving.js       the server: checking a dashboard, saving it through the API
 *   editor/history.js      undo and redo, and the unsaved draft kept in the browser
 *   editor/versions.js     the versions panel: the kept versions, a diff, and restoring one
 *   editor.js              reads the editor's settings from the page and starts it
 * Each adds its methods to jsondash.Editor.prototype.
 */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const EVENTS = jsondash.EVENTS;

    function byId(id) { return document.getElementById(id); }

    function copy(value) { return JSON.parse(JSON.stringify(value)); }

    function element(tag, className, text) {
        const el = document.createElement(tag);
        if (className) { el.className = className; }
        if (text !== undefined) { el.textContent = text; }
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

    class Editor {
        constructor(settings) {
            this.settings = settings;
            this.root = byId('jsondash-dashboard');
            this.container = byId('jsondash-widgets');
            this.setLayout(this.root.dataset.layout);
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
            this.addSaveMessageField();
            this.bind();
            this.enhanceRawEditor();
            this.enhanceVersions();
            this.bindHistory();
            this.showSavedNote();
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
                    'undo': () => this.undo(),
                    'redo': () => this.redo(),
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
                if (action.dataset.action === 'duplicate-widget') { this.duplicateWidget(widget.dataset.guid); }
                if (action.dataset.action === 'delete-row') { this.deleteRow(row); }
            });
            [this.widgetDialog, this.settingsDialog].forEach(function (dialog) {
                dialog.querySelector('[data-action="close"]').addEventListener('click', function () { dialog.close(); });
            });
            this.widgetForm.addEventListener('submit', (event) => { event.preventDefault(); this.submitWidgetForm(); });
            this.widgetForm.elements.type.addEventListener('change', () => this.showTypeHelp());
            this.widgetForm.elements.refresh.addEventListener('change', () => this.syncRefreshField());
            this.widgetForm.elements.dataSource.addEventListener('input', () => this.showSourceVariables());
            this.widgetForm.querySelector('[data-action="preview"]').addEventListener('click', () => this.preview());
            this.bindSettings();
            window.addEventListener('beforeunload', (event) => {
                if (this.dirty || this.rawPending) { event.preventDefault(); event.returnValue = ''; }
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
            if (this.gridpos) { this.startGridStack(); }
            this.widgets().forEach((el) => this.decorate(el));
            if (this.grid) {
                this.rows().forEach((row) => this.decorateRow(row));
                this.renumberRows();
                this.root.querySelectorAll('.add-new-row-container').forEach(function (box) { box.hidden = false; });
            }
            this.showEmpty();
            this.startHistory();
            this.setStatus('Editing: nothing is saved until you choose “Save dashboard”.');
            this.bar.querySelector('button').focus();
        }

        cancel() {
            if ((this.dirty || this.rawPending) && !window.confirm('Discard your unsaved changes to this dashboard?')) { return; }
            this.dirty = false;
            this.rawPending = false;
            this.forgetDraft();
            window.location.reload();
        }

        /** After a change: it is unsaved, can be undone, and is kept as the draft. */
        markDirty(what) {
            this.dirty = true;
            this.record(what);
            this.keepDraft();
            this.showEmpty();
            this.syncRaw();
            this.setStatus('Unsaved changes' + (what ? ': ' + what : '') + '.');
        }

        setStatus(text) { this.status.textContent = text; }

        /** Which layout the editor works in ('freeform', 'grid' or 'gridpos'); the controls
         * marked data-layouts show only in theirs (their fields are disabled elsewhere). */
        setLayout(layout) {
            this.layout = ['grid', 'gridpos'].includes(layout) ? layout : 'freeform';
            this.grid = this.layout === 'grid';
            this.gridpos = this.layout === 'gridpos';
            document.querySelectorAll('#jd-editor-bar [data-layouts], #jd-editor-hint [data-layouts], #jd-widget-form [data-layouts]').forEach((el) => {
                const shown = el.dataset.layouts.split(' ').includes(this.layout);
                el.hidden = !shown;
                el.querySelectorAll('input, select, textarea').forEach(function (field) { field.disabled = !shown; });
            });
        }

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

        /** Show a dialog's problems in its form (none: hide the box). */
        formProblems(form, problems) {
            const box = form.querySelector('[data-role="form-problems"]');
            box.replaceChildren();
            box.hidden = !problems.length;
            if (problems.length) {
                box.appendChild(element('p', 'jd-alert-title', 'Please fix this first:'));
                box.appendChild(problemList(problems));
            }
        }

        // Widgets on the page -----------------------------------------------------------------

        widgets() { return Array.from(this.container.querySelectorAll('.widget')); }

        rows() { return Array.from(this.container.querySelectorAll('.jd-row')); }

        widgetElement(guid) {
            return this.container.querySelector('.widget[data-guid="' + CSS.escape(guid) + '"]');
        }

        moduleIndex(guid) {
            return this.working.modules.findIndex(function (m) { return m.guid === guid; });
        }
    }

    /** What the editor's other files share. */
    Editor.helpers = {byId: byId, copy: copy, element: element, problemList: problemList, EVENTS: EVENTS};

    jsondash.Editor = Editor;
}(window, document));
