// ESLint (flat config) for the browser runtime and its Jasmine specs: `make lint` runs
// npx --no-install eslint flask_jsondash/static/js tests_js
'use strict';
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
    {
        // The vendored chart libraries are not ours to lint.
        ignores: ['flask_jsondash/static/vendor/**'],
    },
    js.configs.recommended,
    {
        // Plain scripts: each file is an IIFE (or UMD, for the helpers the specs also load).
        files: ['flask_jsondash/static/js/**/*.js'],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: 'script',
            globals: {
                ...globals.browser,
                // utils.js and util.js are UMD: they also run under Node for the specs.
                module: 'readonly',
            },
        },
    },
    {
        files: ['tests_js/**/*.js'],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: 'commonjs',
            globals: {...globals.node, ...globals.jasmine},
        },
    },
];
