/* flask_jsondash: the JavaScript API for the host app's own scripts.
 *
 *   jsondash.api.registerCallback(guid, function (container, config, args) {...}, args)
 *   jsondash.api.listCallbacks()
 *
 * A callback runs after the widget with that guid has drawn its chart (again after every
 * refresh), in the order callbacks were registered. `container` is a d3 selection of the
 * chart's element when d3 is on the page (as in the original), otherwise the element itself;
 * `config` is the module's configuration and `args` what was given when registering.
 */
(function (window) {
    'use strict';
    const jsondash = window.jsondash = window.jsondash || {};
    const callbacks = {};

    function containerFor(element) {
        return window.d3 && typeof window.d3.select === 'function' ? window.d3.select(element) : element;
    }

    function run(entry, element, config) {
        try {
            entry.fn(containerFor(element), config, entry.args);
        } catch (err) {
            // A broken callback must not take the widget or the other callbacks down with it.
            console.warn('jsondash: a callback for widget "' + config.guid + '" failed:', err);
        }
    }

    jsondash.api = {
        /** Run fn(container, config, args) after the widget `guid` renders. */
        registerCallback: function (guid, fn, args) {
            if (typeof guid !== 'string' || !guid) {
                throw new TypeError('jsondash.api.registerCallback: the first argument is the widget guid (a string).');
            }
            if (typeof fn !== 'function') {
                throw new TypeError('jsondash.api.registerCallback: the second argument must be a function.');
            }
            const entry = {fn: fn, args: args === undefined ? [] : args};
            (callbacks[guid] = callbacks[guid] || []).push(entry);
            // Registered after the widget already drew: run it now, so order of scripts does not matter.
            const widget = jsondash.widgets && jsondash.widgets[guid];
            if (widget && widget.status === 'ready') {
                run(entry, widget.chartElement, widget.config);
            }
            return entry;
        },

        /** Every registered callback, by widget guid. */
        listCallbacks: function () {
            const copy = {};
            Object.keys(callbacks).forEach(function (guid) {
                copy[guid] = callbacks[guid].slice();
            });
            return copy;
        },

        /** Run the callbacks of one widget (called by the runtime after each render). */
        runCallbacks: function (guid, element, config) {
            (callbacks[guid] || []).forEach(function (entry) {
                run(entry, element, config);
            });
        },
    };
}(window));
