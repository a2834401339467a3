/* Small page behaviours shared by the index and dashboard pages: asking before a form that
   deletes something is sent, links that open a folded panel (Options > Edit raw JSON), and
   closing menus. */
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
