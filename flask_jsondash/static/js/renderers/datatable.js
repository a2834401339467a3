/* flask_jsondash renderers: DataTable (datatable), drawn with DataTables 2 ("dt" styling).
 *
 * Data: a list of flat row objects with the same keys, [{"name": "foo", "age": 30}, ...]; the
 * columns are the keys (nested values are shown as JSON). The page length is chosen so the table,
 * its search box and paging fit the widget; wide tables scroll sideways inside it. With
 * override: true (or a payload that is an object with a "data" list) the payload is DataTables
 * options ({"data": [...], "columns": [...], ...}) applied over those defaults; "ajax" and
 * "serverSide" are refused, the data must be in the payload.
 *
 * Everything is text: cells are escaped by the columns' render functions (a column's own
 * "render", a data path or an orthogonal object, still picks the value), and every other string
 * of the options (titles, footers, defaultContent, caption, language, layout...) is escaped
 * before DataTables, which writes them as HTML, sees it. Options in the old Hungarian notation
 * (aoColumns, oLanguage...) and language.url are refused: they would get round that.
 */
(function (jsondash) {
    'use strict';
    const utils = jsondash.utils;
    const DataError = utils.DataError;
    const EXAMPLE = '[{"name": "Ada", "age": 36}, {"name": "Alan", "age": 41}]';
    // Keys are collected from this many rows: enough to find the optional ones, cheap for 10,000.
    const KEY_SAMPLE = 500;
    const NARROW = 520;
    // DataTables' own CSS sizes its controls for a page, not a widget: app.css makes them
    // compact under this class.
    const SCOPE_CLASS = 'jd-datatable';

    /** Cells are text, never HTML; objects show as JSON; numbers keep sorting as numbers.
     *  The search text is escaped too: DataTables reads it back through innerHTML. A missing
     *  value stays missing, so that DataTables shows the column's defaultContent (escaped). */
    function renderCell(value, type) {
        if (value === null || value === undefined) { return value; }
        const text = typeof value === 'object' ? JSON.stringify(value) : value;
        return type === 'display' || type === 'filter' ? utils.escapeHtml(text) : text;
    }

    /** A render function showing as text what the column's own `render` (a data path or an
     *  orthogonal {"display": ..., "_": ...} object, from JSON) picks, or the cell's data. */
    function textRender(DataTable, source) {
        const pick = source === undefined || source === null ? null : DataTable.util.get(source);
        return function (data, type, row, meta) {
            const value = pick && data !== null && data !== undefined ? pick(data, type, row, meta) : data;
            return renderCell(value, type);
        };
    }

    /** A column's data function for a row key as it is: DataTables would read a string with
     *  dots or brackets ("a.b", "x[0]") as a path into nested objects. */
    function field(key) {
        return function (row, type, value) {
            if (type === 'set') { row[key] = value; return undefined; }
            return row[key];
        };
    }

    function columnsFromRows(rows) {
        const keys = [];
        const seen = {};
        rows.slice(0, KEY_SAMPLE).forEach(function (row) {
            Object.keys(row).forEach(function (key) {
                if (!seen[key]) { seen[key] = true; keys.push(key); }
            });
        });
        return keys.map(function (key) {
            return {data: field(key), title: utils.escapeHtml(key), ariaTitle: key, defaultContent: '', render: renderCell};
        });
    }

    function checkRows(rows) {
        if (!Array.isArray(rows)) {
            throw new DataError('Expected a list of rows like ' + EXAMPLE + ', but got ' + utils.describe(rows) + '.');
        }
        rows.forEach(function (row, index) {
            if (!utils.isPlainObject(row)) {
                throw new DataError('Row ' + (index + 1) + ' should be an object like {"name": "Ada", "age": 36}, ' +
                    'but it is ' + utils.describe(row) + '.');
            }
        });
    }

    function fromRows(rows) {
        checkRows(rows);
        if (!rows.length) { throw new DataError('The data source returned an empty list: there are no rows to show.'); }
        const columns = columnsFromRows(rows);
        if (!columns.length) {
            throw new DataError('The rows have no keys, so there are no columns to show. Expected e.g. ' + EXAMPLE + '.');
        }
        return {data: rows, columns: columns};
    }

    // DataTables' legacy option names: a letter or two of type, then a capital (aoColumns, sTitle).
    const HUNGARIAN = /^(?:a|aa|ao|as|an|b|fn|i|m|n|o|s)[A-Z]/;
    const COLUMN_LISTS = ['columns', 'columnDefs'];
    // Strings DataTables reads as data paths or selectors, never shows: they stay as they are.
    const RAW_OPTIONS = ['data', 'dom', 'search', 'searchCols'];
    const RAW_COLUMN_OPTIONS = ['data', 'render', 'name', 'targets', 'target'];

    function keepRaw(path) {
        if (path.length === 1) { return RAW_OPTIONS.indexOf(path[0]) >= 0; }
        return path.length === 3 && COLUMN_LISTS.indexOf(path[0]) >= 0 && typeof path[1] === 'number' &&
            RAW_COLUMN_OPTIONS.indexOf(path[2]) >= 0;
    }

    function refuseLegacyNames(object, where) {
        Object.keys(object).forEach(function (key) {
            if (HUNGARIAN.test(key)) {
                throw new DataError('The DataTables option "' + key + '"' + where + ' uses the old (Hungarian) notation, ' +
                    'which is not supported here: use its current name (e.g. "columns", "title", "language").');
            }
        });
    }

    /** Options whose strings DataTables would write as HTML, escaped; cells rendered as text. */
    function textOptions(DataTable, options) {
        refuseLegacyNames(options, '');
        COLUMN_LISTS.forEach(function (list) {
            if (options[list] !== undefined && !Array.isArray(options[list])) {
                throw new DataError('"' + list + '" should be a list of column options, but it is ' +
                    utils.describe(options[list]) + '.');
            }
            (options[list] || []).forEach(function (column, index) {
                if (utils.isPlainObject(column)) { refuseLegacyNames(column, ' in ' + list + '[' + index + ']'); }
            });
        });
        if (utils.isPlainObject(options.language)) {
            refuseLegacyNames(options.language, ' in "language"');
            if (options.language.url) {
                throw new DataError('DataTables "language.url" is not supported: put the texts in "language".');
            }
        }
        const out = utils.escapeStrings(options, keepRaw);
        COLUMN_LISTS.forEach(function (list) {
            if (!out[list]) { return; }
            out[list] = out[list].map(function (column, index) {
                if (!utils.isPlainObject(column)) { return column; }
                const copy = Object.assign({}, column);
                if ('render' in copy) { copy.render = textRender(DataTable, copy.render); }
                const title = options[list][index].title;
                if (typeof title === 'string' && copy.ariaTitle === undefined) { copy.ariaTitle = title; }
                return copy;
            });
        });
        // Columns without a render of their own (in columns or columnDefs) show their data as
        // text: a definition for all columns, after the given ones so that they come first.
        out.columnDefs = (out.columnDefs || []).concat([{targets: '_all', render: textRender(DataTable, null)}]);
        return out;
    }

    /** DataTables options from an override payload; columns are derived when only rows are given. */
    function fromOverride(options, DataTable) {
        if (!utils.isPlainObject(options) || !Array.isArray(options.data)) {
            throw new DataError('With "override" on, the data source must return DataTables options with a "data" ' +
                'list, like {"data": ' + EXAMPLE + ', "columns": [{"data": "name", "title": "Name"}]}; got ' +
                utils.describe(options) + '.');
        }
        if (options.ajax || options.serverSide) {
            throw new DataError('DataTables "ajax" and "serverSide" are not supported: put the rows in "data".');
        }
        const out = textOptions(DataTable, options);
        if (!Array.isArray(out.columns)) {
            const first = out.data[0];
            if (Array.isArray(first)) {
                out.columns = first.map(function (value, i) { return {title: 'Column ' + (i + 1)}; });
            } else {
                checkRows(out.data);
                out.columns = columnsFromRows(out.data);
            }
        }
        if (!out.columns.length) { throw new DataError('The DataTables options have no columns to show.'); }
        // A row without a column's field would make DataTables alert() a warning; show it empty.
        out.columns = out.columns.map(function (column) {
            return utils.isPlainObject(column) ? Object.assign({defaultContent: ''}, column) : column;
        });
        return out;
    }

    function defaults(ctx) {
        const narrow = ctx.width < NARROW;
        return {
            deferRender: true,
            scrollX: true,
            autoWidth: true,
            pageLength: 10,
            lengthChange: false,
            layout: {
                topStart: null,
                topEnd: 'search',
                bottomStart: 'info',
                bottomEnd: {paging: {buttons: narrow ? 3 : 5, firstLast: !narrow}},
            },
            language: {
                info: narrow ? '_START_\u2013_END_ of _TOTAL_' : 'Showing _START_ to _END_ of _TOTAL_ rows',
                infoEmpty: 'No rows',
                infoFiltered: narrow ? '' : '(of _MAX_)',
                search: narrow ? '' : 'Search:',
                searchPlaceholder: 'Search',
            },
        };
    }

    function addStyle(ctx) {
        ctx.el.classList.add(SCOPE_CLASS);
    }

    /** The most rows per page that keep the whole table, controls included, inside the box. */
    function fitPageLength(table, container, ctx) {
        const rows = container.querySelectorAll('tbody tr');
        if (!rows.length) { return; }
        const rowHeight = Math.max(rows[0].getBoundingClientRect().height, 1);
        const overhead = container.getBoundingClientRect().height - rowHeight * rows.length;
        let length = Math.max(1, Math.floor((ctx.height - overhead) / rowHeight));
        table.page.len(length).draw(false);
        // A paging control that grows (e.g. wraps) can still push it over: step back.
        while (length > 1 && container.getBoundingClientRect().height > ctx.height) {
            length -= 1;
            table.page.len(length).draw(false);
        }
    }

    function datatable(ctx) {
        ctx.requireGlobal('jQuery', 'jQuery');
        const DataTable = ctx.requireGlobal('DataTable', 'DataTables');
        // An options object ({"data": [...]}) is read as one even without the override flag: some
        // of the original's dashboards send options with "override" off.
        const asOptions = ctx.override || (utils.isPlainObject(ctx.data) && Array.isArray(ctx.data.data));
        const options = Object.assign(defaults(ctx), asOptions ? fromOverride(ctx.data, DataTable) : fromRows(ctx.data));
        addStyle(ctx);
        const element = document.createElement('table');
        element.className = 'display compact stripe';
        element.style.width = '100%';
        ctx.el.appendChild(element);
        const table = new DataTable(element, options);
        ctx.onCleanup(function () { table.destroy(); });
        const container = table.table().container();
        if (!asOptions || !('pageLength' in ctx.data)) { fitPageLength(table, container, ctx); }
    }

    jsondash.renderers.register('DataTable', {
        datatable: datatable,
    });
}(window.jsondash));
