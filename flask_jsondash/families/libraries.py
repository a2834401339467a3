"""Libraries that chart families (and the pages) need but that draw no chart themselves."""

from __future__ import annotations

from ._family import Family, npm

LIBRARIES = (
    # Loaded only when the host page has no jQuery of its own, so its plugins survive.
    Family(name="jQuery", assets=(npm("jquery", "dist/jquery.min.js"),), guard_global="jQuery"),
    # Packs freeform dashboards' widgets into the space they have, filling the gaps.
    Family(name="Packery", assets=(npm("packery", "dist/packery.pkgd.min.js"),)),
    # The "gridpos" layout in the editor: widgets dragged and resized on 24 columns, snapping to
    # the grid and floating up into empty space (the page shows them without it: CSS grid).
    Family(
        name="GridStack",
        assets=(
            npm("gridstack", "dist/gridstack.min.css"),
            npm("gridstack", "dist/gridstack-all.js"),
        ),
    ),
    # Dragging, resizing and sorting widgets in the editor.
    Family(
        name="jQueryUI",
        libraries=("jQuery",),
        assets=(npm("jquery-ui", "dist/jquery-ui.min.js"),),
    ),
)
