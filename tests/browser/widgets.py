"""What the browser tests ask of a page."""

from __future__ import annotations

# Every widget has loaded (drawn or failed), and the scripts a dashboard loads after its charts
# (the editor: js/loader.js) have run.
SETTLED = """() => [...document.querySelectorAll('.widget')].every(
    w => w.dataset.status === 'ready' || w.dataset.status === 'error')
    && (!document.getElementById('jsondash-later-scripts')
        || window.jsondash.laterLoaded === true)"""

# What each widget shows: counts of drawn things inside its body.
DRAWN = """(widget) => {
    const body = widget.querySelector('.jd-widget-body');
    const all = (sel) => [...body.querySelectorAll(sel)];
    const shapes = 'path, rect, circle, line, polygon, polyline, ellipse, text';
    return {
        guid: widget.dataset.guid,
        type: widget.dataset.type,
        status: widget.dataset.status,
        error: widget.dataset.error || null,
        svgShapes: all('svg').reduce((n, svg) => n + svg.querySelectorAll(shapes).length, 0),
        canvases: all('canvas').filter(c => c.width > 0 && c.height > 0).length,
        rows: all('table tbody tr').length,
        images: all('img').filter(i => i.complete && i.naturalWidth > 0).length,
        iframes: all('iframe').length,
        // Text shown in sandboxed documents (a custom widget's srcdoc) counts too: their
        // origin is opaque, so it is read from the srcdoc (parsed inertly), not the frame.
        text: body.innerText.trim().length + all('iframe[srcdoc]').reduce((n, f) => n +
            new DOMParser().parseFromString(f.srcdoc, 'text/html').body.textContent.trim().length,
            0),
        overflowX: body.scrollWidth - body.clientWidth,
        overflowY: body.scrollHeight - body.clientHeight,
    };
}"""


def wait_until_settled(page, timeout: float = 45_000) -> None:
    """Wait until every widget has finished loading (ready or error)."""
    page.wait_for_function(SETTLED, timeout=timeout)


def widget_states(page) -> list[dict]:
    return page.eval_on_selector_all(".widget", f"els => els.map({DRAWN})")


def drew_something(state: dict) -> bool:
    """Whether a widget shows a chart: shapes, a canvas, table rows, an image, a page or text."""
    return (
        state["svgShapes"] >= 3
        or state["canvases"] >= 1
        or state["rows"] >= 1
        or state["images"] >= 1
        or state["iframes"] >= 1
        or state["text"] > 0
    )
