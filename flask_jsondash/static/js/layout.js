/* flask_jsondash: the freeform layout.
 *
 * Widgets keep the pixel sizes their config gives them; Packery places them in order and packs
 * them into the gaps, so a dashboard of odd sizes has no holes. The editor adds dragging and
 * resizing on top (editor.js).
 */
(function (window, document) {
    'use strict';
    const jsondash = window.jsondash;
    const GUTTER = 16;

    const layout = jsondash.layout = {
        packery: null,

        /** Pack the freeform dashboard's widgets; returns the Packery instance (or null). */
        start: function () {
            const container = document.getElementById('jsondash-widgets');
            const root = document.getElementById('jsondash-dashboard');
            const freeform = !root || (root.dataset.layout || 'freeform') === 'freeform';
            if (!container || !freeform || layout.packery || typeof window.Packery !== 'function') {
                return layout.packery;
            }
            container.classList.add('jd-packed');
            layout.packery = new window.Packery(container, {
                itemSelector: '.widget',
                gutter: GUTTER,
                transitionDuration: '0.2s',
            });
            return layout.packery;
        },

        /** Lay the widgets out again, after widgets were added, removed or resized. */
        refresh: function () {
            if (!layout.packery) { return; }
            layout.packery.reloadItems();
            layout.packery.layout();
        },

        /** No more packing (the editor turned the dashboard into another layout). */
        stop: function () {
            if (!layout.packery) { return; }
            const container = document.getElementById('jsondash-widgets');
            layout.packery.destroy();
            layout.packery = null;
            if (container) { container.classList.remove('jd-packed'); }
        },

        /** The widget elements in the order Packery placed them. */
        order: function () {
            return layout.packery ? layout.packery.getItemElements() : [];
        },
    };

    jsondash.ready(layout.start);
}(window, document));
