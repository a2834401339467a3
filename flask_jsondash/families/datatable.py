"""The DataTable chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="DataTable",
    charts=(("datatable", "Table of data with sorting, search and paging"),),
    libraries=("jQuery",),
    assets=(
        npm("datatables.net", "js/dataTables.min.js"),
        npm("datatables.net-dt", "js/dataTables.dataTables.min.js"),
        npm("datatables.net-dt", "css/dataTables.dataTables.min.css"),
    ),
    globals=("jQuery", "DataTable"),
    library="DataTables",
    override=True,
    help_link="https://datatables.net/reference/index",
    samples={
        "datatable": "/dtable",
    },
    docs=(
        "[DataTables](https://datatables.net/reference/index) 2 (on jQuery). Override: "
        'the payload is DataTables options, `{"data": [...], "columns": [...], '
        '"pageLength": ...}` (the data must be in the payload: `ajax` and `serverSide` '
        "are refused)."
    ),
)
