/* flask_jsondash editor: the "Versions" panel of the dashboard page (#jd-versions, for those
 * who may edit). Opening it lists the kept versions (number, who, when, message); choosing one
 * shows what differs from the current version (the API's diff: fields, and modules added,
 * removed and changed), with a button that restores it as a new version and reloads the page. */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const element = jsondash.Editor.helpers.element;

    function when(stamp) {
        if (!stamp) { return 'an unknown time'; }
        const date = new Date(stamp);
        return Number.isNaN(date.getTime()) ? String(stamp) : date.toLocaleString();
    }

    function moduleName(module) {
        return (module && (module.name || module.guid)) || 'unnamed widget';
    }

    function short(value) {
        const text = JSON.stringify(value);
        return text === undefined ? 'nothing' : (text.length > 80 ? text.slice(0, 79) + '\u2026' : text);
    }

    Object.assign(jsondash.Editor.prototype, {
        enhanceVersions() {
            this.versionsPanel = document.getElementById('jd-versions');
            if (!this.versionsPanel || !this.settings.versionsUrl) { return; }
            this.versionsBox = this.versionsPanel.querySelector('[data-role="versions"]');
            this.versionsDiff = this.versionsPanel.querySelector('[data-role="versions-diff"]');
            this.versionsPanel.addEventListener('toggle', () => {
                if (this.versionsPanel.open) { this.loadVersions(); }
            });
            if (this.versionsPanel.open) { this.loadVersions(); }
        },

        async fetchJson(url, options) {
            let response;
            try {
                response = await fetch(url, Object.assign({credentials: 'same-origin', headers: {Accept: 'application/json'}}, options || {}));
            } catch {
                return {ok: false, message: 'Could not reach the server. Check your connection and try again.'};
            }
            let result = null;
            try { result = await response.json(); } catch { result = null; }
            if (!result) { return {ok: false, message: 'The server answered ' + response.status + ' ' + response.statusText + '.'}; }
            if (!response.ok) { result.ok = false; }
            result.status = response.status;
            return result;
        },

        async loadVersions() {
            this.versionsBox.replaceChildren(element('p', 'jd-muted', 'Loading the versions\u2026'));
            const result = await this.fetchJson(this.settings.versionsUrl);
            if (result.ok === false) {
                this.versionsBox.replaceChildren(element('p', 'jd-alert jd-alert-error', result.message || 'The versions could not be loaded.'));
                return;
            }
            const list = element('ol', 'jd-versions-list');
            result.versions.forEach((entry) => {
                const item = element('li', 'jd-version');
                item.dataset.version = entry.version;
                const line = element('p');
                line.appendChild(element('strong', null, 'Version ' + entry.version));
                if (entry.current) { line.appendChild(element('span', 'jd-badge', 'current')); }
                line.appendChild(document.createTextNode(' \u00b7 ' + (entry.saved_by || 'unknown') + ' \u00b7 ' + when(entry.saved_at)));
                item.appendChild(line);
                if (entry.message) { item.appendChild(element('p', 'jd-muted jd-version-message', entry.message)); }
                if (!entry.current) {
                    const compare = element('button', 'jd-button', 'Compare with current');
                    compare.type = 'button';
                    compare.setAttribute('aria-label', 'Compare version ' + entry.version + ' with the current version');
                    compare.addEventListener('click', () => this.showVersionDiff(entry.version));
                    item.appendChild(compare);
                }
                list.appendChild(item);
            });
            this.versionsBox.replaceChildren(list);
        },

        async showVersionDiff(number) {
            const current = this.settings.version;
            const box = this.versionsDiff;
            box.hidden = false;
            box.replaceChildren(element('p', 'jd-muted', 'Comparing\u2026'));
            const url = this.settings.versionsUrl + '/' + encodeURIComponent(number) + '/diff/' + encodeURIComponent(current);
            const diff = await this.fetchJson(url);
            if (diff.ok === false) {
                box.replaceChildren(element('p', 'jd-alert jd-alert-error', diff.message || 'The versions could not be compared.'));
                return;
            }
            const title = element('h3', 'jd-versions-title', 'Version ' + number + ' compared with the current version (' + current + ')');
            const changes = element('ul', 'jd-version-changes');
            const add = function (text) { changes.appendChild(element('li', null, text)); };
            Object.entries(diff.fields || {}).forEach(function ([field, change]) {
                add('Setting \u201c' + field + '\u201d: ' + short(change.from) + ' \u2192 ' + short(change.to));
            });
            const modules = diff.modules || {};
            // The diff runs from the chosen version to the current one: what the current version
            // added, restoring removes, and the other way round.
            (modules.added || []).forEach(function (m) { add('Widget \u201c' + moduleName(m) + '\u201d added since (restoring removes it)'); });
            (modules.removed || []).forEach(function (m) { add('Widget \u201c' + moduleName(m) + '\u201d removed since (restoring brings it back)'); });
            (modules.changed || []).forEach(function (m) {
                add('Widget \u201c' + moduleName(m) + '\u201d changed: ' + Object.keys(m.changes || {}).join(', '));
            });
            if (!changes.children.length) { add('No differences.'); }
            const restore = element('button', 'jd-button jd-button-primary', 'Restore version ' + number);
            restore.type = 'button';
            restore.dataset.action = 'restore-version';
            restore.addEventListener('click', () => this.restoreVersion(number, restore));
            const actions = element('div', 'jd-actions');
            actions.appendChild(restore);
            box.replaceChildren(title, changes, element('p', 'jd-muted', 'Restoring saves it as a new version; nothing is lost.'), actions);
            title.tabIndex = -1;
            title.focus();
        },

        async restoreVersion(number, button) {
            button.disabled = true;
            const result = await this.fetchJson(this.settings.restoreUrl, {
                method: 'POST',
                headers: {'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': this.settings.csrfToken},
                body: JSON.stringify({version: number, expected_version: this.settings.version}),
            });
            button.disabled = false;
            if (result.ok !== true) {
                const text = result.status === 412
                    ? (result.saved_by || 'Someone else') + ' saved this dashboard (version ' + result.current_version + ') since this page was loaded: reload it, then restore.'
                    : (result.message || 'The version was not restored.');
                const alert = element('p', 'jd-alert jd-alert-error', text);
                alert.setAttribute('role', 'alert');
                this.versionsDiff.appendChild(alert);
                return;
            }
            this.settings.version = result.version;
            this.dirty = false;
            window.location.reload();
        },
    });
}(window, document));
