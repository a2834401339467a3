/* Small page behaviours shared by the index and dashboard pages: asking before a form that
   deletes something is sent, and links that open a folded panel (Options > Edit raw JSON). */
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
    document.addEventListener('click', function (event) {
        var link = event.target instanceof Element ? event.target.closest('[data-open]') : null;
        if (!link) { return; }
        var panel = document.getElementById(link.getAttribute('data-open'));
        if (!panel) { return; }
        event.preventDefault();
        panel.open = true;
        var menu = link.closest('details.jd-menu');
        if (menu) { menu.open = false; }
        panel.scrollIntoView({block: 'start'});
        var field = panel.querySelector('textarea, input, select');
        if (field) { field.focus(); }
    });
}());
