"""Where a page's main thread spent its time, from one of the bench's Chromium traces.

    python bench/trace_summary.py bench/results/traces/port-c3_10x50.json [more traces]
    python bench/trace_summary.py --timeline bench/results/traces/port-c3_10x50.json

For each trace (``bench/harness/browser.py`` records one per scenario and implementation), from
navigation start until ``--until MS`` (the time the timed loads took, say, to stop at the last
chart drawn; by default the end of the trace, which goes on 300 ms after it):

- the time of each milestone: the HTML's response, each script's evaluation, each data
  response, DOMContentLoaded, first contentful paint;
- the main thread's time by what it did, each event counted once (its own time, without the
  events nested in it): script evaluation and compilation per URL, function calls per URL,
  style recalculation, layout, paint, HTML parsing, garbage collection, the rest of the tasks,
  and the time it was idle (waiting for the network or for a timer);
- with ``--timeline``: every main-thread task longer than 1 ms, in order, with what filled it.

Times are ms since navigation start. Tracing slows the page down (by a third or more), so the
totals are larger than the timed loads'; compare the original's and this port's traces of one
scenario, from one run.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from typing import Any

# Event name -> the kind of work shown in the summary (nested events are counted by their own).
KINDS = {
    "EvaluateScript": "script evaluation",
    "v8.compile": "script compilation",
    "v8.compileModule": "script compilation",
    "v8.produceCache": "script compilation",
    "V8.CompileCode": "script compilation",
    "V8.CompileLazy": "script compilation",
    "FunctionCall": "script (function calls)",
    "TimerFire": "script (function calls)",
    "EventDispatch": "script (function calls)",
    "FireAnimationFrame": "script (function calls)",
    "RunMicrotasks": "script (function calls)",
    "BlinkScheduler_PerformMicrotaskCheckpoint": "script (function calls)",
    "UpdateLayoutTree": "style recalculation",
    "ScheduleStyleRecalculation": "style recalculation",
    "Layout": "layout",
    "PrePaint": "paint",
    "Paint": "paint",
    "Layerize": "paint",
    "UpdateLayer": "paint",
    "Commit": "paint",
    "ParseHTML": "HTML parsing",
    "ParseAuthorStyleSheet": "CSS parsing",
    "MinorGC": "garbage collection",
    "MajorGC": "garbage collection",
    "V8.GC_SCAVENGER": "garbage collection",
    "V8.GC_MARK_COMPACTOR": "garbage collection",
    "V8.GCScavenger": "garbage collection",
    "V8.GCFinalizeMC": "garbage collection",
}


def load(path: str) -> list[dict]:
    with open(path) as fh:
        data = json.load(fh)
    return list(data["traceEvents"] if isinstance(data, dict) else data)


def main_thread(events: list[dict]) -> tuple[int, int, float]:
    """(pid, tid, navigation start in µs) of the page's main thread: the renderer thread with the
    first navigationStart of an http(s) document."""
    for event in sorted(events, key=lambda e: e.get("ts", 0)):
        data = (event.get("args") or {}).get("data") or {}
        url = str(data.get("documentLoaderURL", ""))
        if event.get("name") == "navigationStart" and url.startswith("http"):
            return event["pid"], event["tid"], float(event["ts"])
    raise SystemExit("No navigationStart of an http(s) page in this trace.")


def short(url: str) -> str:
    """The part of a URL that names the file (without the host and the version hash)."""
    if not url:
        return "(no URL)"
    path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "v":  # /jsondash/v/<hash>/js/app.js
        parts = parts[3:]
    return "/".join(parts)[-60:]


def event_url(event: dict) -> str:
    data = (event.get("args") or {}).get("data") or {}
    return str(data.get("url") or data.get("scriptName") or "")


def summarise(path: str, until_ms: float | None, timeline: bool) -> str:
    events = load(path)
    pid, tid, start = main_thread(events)

    def ms(ts: float) -> float:
        return (ts - start) / 1000.0

    mine = [e for e in events if e.get("pid") == pid and e.get("tid") == tid]
    complete = sorted(
        (e for e in mine if e.get("ph") == "X" and "dur" in e and e["ts"] >= start),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    tasks = _top_level(complete)
    if until_ms is None:
        end = max((t["ts"] + t["dur"] for t in tasks), default=start)
    else:
        end = start + until_ms * 1000
    lines = [f"## {os.path.basename(path)}: until {ms(end):.0f} ms after navigation start", ""]

    # Milestones: the network and what the page ran.
    requests: dict[str, str] = {}
    milestones: list[tuple[float, str]] = []
    for event in sorted(events, key=lambda e: e.get("ts", 0)):
        data = (event.get("args") or {}).get("data") or {}
        name = event.get("name")
        if name == "ResourceSendRequest" and event.get("pid") == pid:
            requests[data.get("requestId")] = data.get("url", "")
            milestones.append((ms(event["ts"]), f"request  {short(data.get('url', ''))}"))
        elif name == "ResourceFinish" and event.get("pid") == pid:
            url = requests.get(data.get("requestId"), "?")
            finished = data.get("finishTime")
            at = ms(finished * 1e6) if finished else ms(event["ts"])
            milestones.append((at, f"received {short(url)} ({data.get('encodedDataLength', 0)} B)"))
        elif name == "EvaluateScript" and event.get("pid") == pid and event.get("tid") == tid:
            took = f"{event['dur'] / 1000:.1f} ms"
            milestones.append((ms(event["ts"]), f"run      {short(event_url(event))} ({took})"))
        elif name in ("domContentLoadedEventEnd", "firstContentfulPaint", "loadEventEnd") and (
            event.get("pid") == pid and event["ts"] >= start
        ):
            milestones.append((ms(event["ts"]), name))
    lines.append("Milestones (ms):")
    lines += [f"  {at:7.1f}  {what}" for at, what in sorted(milestones) if at <= ms(end) + 1]

    # Own time of each event, by kind (and URL for scripts).
    own: collections.Counter[str] = collections.Counter()
    stack: list[tuple[dict, str]] = []
    busy = 0.0
    for event in complete:
        if event["ts"] >= end:
            break
        while stack and stack[-1][0]["ts"] + stack[-1][0]["dur"] <= event["ts"]:
            stack.pop()
        duration = min(event["ts"] + event["dur"], end) - event["ts"]
        if not stack:  # a task of its own: the thread was busy for all of it
            busy += duration
        label = _label(event, stack)
        if stack:
            own[stack[-1][1]] -= _overlap(event, stack[-1][0], end)
        if label is not None or stack:
            own[label or stack[-1][1]] += duration
        stack.append((event, label or (stack[-1][1] if stack else "other tasks")))
    total = ms(end)
    idle = total - busy / 1000.0
    lines += ["", f"Main thread, {total:.0f} ms: busy {busy / 1000:.0f} ms, idle {idle:.0f} ms", ""]
    rows = sorted(((v / 1000.0, k) for k, v in own.items() if v > 0), reverse=True)
    lines += [f"  {value:7.1f} ms  {kind}" for value, kind in rows if value >= 0.5]
    if timeline:
        lines += ["", "Tasks longer than 1 ms (start, length, what filled them):"]
        for task in tasks:
            if task["ts"] >= end or task["dur"] < 1000:
                continue
            inside = collections.Counter()
            for event in complete:
                if task["ts"] <= event["ts"] < task["ts"] + task["dur"] and event is not task:
                    label = _label(event, [])
                    if label:
                        inside[label] += event["dur"]
            what = ", ".join(f"{k} {v / 1000:.1f}" for k, v in inside.most_common(4))
            lines.append(f"  {ms(task['ts']):7.1f} {task['dur'] / 1000:6.1f} ms  {what}")
    return "\n".join(lines) + "\n"


def _top_level(events: list[dict]) -> list[dict]:
    """The events not nested in another (the thread's tasks), in order."""
    found, until = [], 0.0
    for event in events:
        if event["ts"] >= until:
            found.append(event)
            until = event["ts"] + event["dur"]
    return found


def _label(event: dict, stack: list[tuple[dict, Any]]) -> str | None:
    kind = KINDS.get(event["name"])
    if kind is None:
        return None
    if kind.startswith("script"):
        url = event_url(event)
        if url:
            return f"{kind}: {short(url)}"
        if stack:  # e.g. a compile inside a script's evaluation: that script's
            return stack[-1][1] if stack[-1][1].startswith("script") else kind
    return kind


def _overlap(inner: dict, outer: dict, end: float) -> float:
    stop = min(inner["ts"] + inner["dur"], outer["ts"] + outer["dur"], end)
    return max(0.0, stop - inner["ts"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("traces", nargs="+")
    parser.add_argument("--until", type=float, help="the end, in ms after navigation start")
    parser.add_argument("--timeline", action="store_true", help="every task longer than 1 ms")
    args = parser.parse_args(argv)
    for path in args.traces:
        sys.stdout.write(summarise(path, args.until, args.timeline) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
