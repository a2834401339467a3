/* Small page behaviours shared by the index and dashboard pages: asking before a form that
   deletes something is sent, links that open a folded panel (Options > Edit raw JSON), closing
   menus, and the header's tag-link menus (the dashboards carrying the tags, from the API). */
(function () {
    'use strict';
    document.addEventListener('submit', function (event) {
        var form = event.target;
        if (!(form instanceof HTMLFormElement)) { return; }
        var question = form.getAttribute('data-confirm');
        if (question && !window.confirm(question)) {
            event.preventDefault();
        }
    });
    // Menus (details.jd-menu) close on a click elsewhere and on Escape.
    function closeMenus(except) {
        document.querySelectorAll('details.jd-menu[open]').forEach(function (menu) {
            if (menu !== except) { menu.open = false; }
        });
    }
    document.addEventListener('keydown', function (event) {
        if (event.key !== 'Escape') { return; }
        var open = document.querySelector('details.jd-menu[open]');
        if (open) { open.open = false; open.querySelector('summary').focus(); }
    });
    // A header link to the dashboards carrying some tags: its menu lists them when it opens.
    document.addEventListener('toggle', function (event) {
        var menu = event.target;
        if (!(menu instanceof HTMLDetailsElement) || !menu.open || !menu.matches('.jd-link-menu') || menu.dataset.loaded) { return; }
        menu.dataset.loaded = 'loading';
        var list = menu.querySelector('[data-role="link-results"]');
        var all = list.querySelector('[data-role="all-tagged"]').parentNode;
        fetch(menu.dataset.search, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (found) {
                var here = document.getElementById('jsondash-dashboard');
                var own = here ? here.getAttribute('data-id') : null;
                var results = found && Array.isArray(found.results) ? found.results.filter(function (r) { return r.id !== own; }) : [];
                results.forEach(function (result) {
                    var item = document.createElement('li');
                    var link = document.createElement('a');
                    link.href = result.url;
                    link.textContent = result.name || result.id;
                    item.appendChild(link);
                    list.insertBefore(item, all);
                });
                if (found && !results.length) {
                    var none = document.createElement('li');
                    none.className = 'jd-muted';
                    none.textContent = 'No other dashboard carries these tags.';
                    list.insertBefore(none, all);
                }
                menu.dataset.loaded = 'yes';
            })
            .catch(function () { delete menu.dataset.loaded; });
    }, true);
    document.addEventListener('click', function (event) {
        closeMenus(event.target instanceof Element ? event.target.closest('details.jd-menu') : null);
        var link = event.target instanceof Element ? event.target.closest('[data-open]') : null;
        if (!link) { return; }
        var panel = document.getElementById(link.getAttribute('data-open'));
        if (!panel) { return; }
        event.preventDefault();
        panel.open = true;
        var menu = link.closest('details.jd-menu');
        if (menu) { menu.open = false; }
        panel.scrollIntoView({block: 'start'});
        var field = panel.querySelector('textarea, select, input:not([type="hidden"])');
        if (field) { field.focus(); }
    });
}());
