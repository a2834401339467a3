/* flask_jsondash: starts the dashboard once the page is parsed (the jsondash_init block). */
window.jsondash.ready(window.jsondash.init);
