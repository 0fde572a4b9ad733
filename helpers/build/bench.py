"""``make bench``: the pack's speed and size, measured on this machine, against its targets.

Each figure is the median of several runs. Results print as one table and go to
``build/bench.json``. Run with ``python -m helpers.build.bench [--runs N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .__main__ import build_handouts, find_lessons
from .execute import ROOT, execute_one

OUT = ROOT / "build"
MAX_MB = 0.6        # issue 14: every handout at most 0.6 MB ...
MAX_DRAW_S = 1.0    # ... and every chart drawn at most 1.0 s after the page starts loading


def _median(values):
    return statistics.median(values) if values else float("nan")


def _timed(function, runs: int):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return _median(times), times


def bench_lessons(lessons, runs):
    rows = []
    for lesson in lessons:
        kernel, _ = _timed(lambda: _require_ok(execute_one(lesson)), runs)
        with tempfile.TemporaryDirectory() as scratch:
            command = [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html",
                       "--output-dir", scratch, str(lesson)]
            plain, _ = _timed(lambda: subprocess.run(command, check=True, capture_output=True), runs)
        rows.append({"lesson": lesson.stem, "kernel_s": kernel, "plain_nbconvert_s": plain,
                     "ratio": kernel / plain})
        print(f"  {lesson.stem}: kernel {kernel:.1f} s, plain nbconvert {plain:.1f} s", flush=True)
    return rows


def _require_ok(result):
    if result.error:
        raise SystemExit(f"{result.lesson.name} failed at cell {result.failed_cell}: {result.error}")


def bench_build(lessons, runs):
    def cold():
        with tempfile.TemporaryDirectory() as cache, contextlib.redirect_stdout(io.StringIO()):
            status, _ = build_handouts(lessons, OUT / "handouts", cache_dir=Path(cache))
        assert status == 0

    def warm():
        with contextlib.redirect_stdout(io.StringIO()):
            status, _ = build_handouts(lessons, OUT / "handouts")
        assert status == 0

    cold_s, _ = _timed(cold, runs)
    warm()  # fill the cache
    warm_s, _ = _timed(warm, runs)
    return cold_s, warm_s


def bench_handouts(runs):
    from playwright.sync_api import sync_playwright

    from .browser import find_chromium, launch, wait_for_charts

    current = {f"{lesson.stem}{suffix}.html" for lesson in find_lessons()
               for suffix in ("", ".facilitator")}  # not pages left from lessons since removed
    pages = sorted(p for p in (OUT / "handouts").glob("*.html") if p.name in current)
    rows = []
    if find_chromium() is None:
        print("  Chromium not found: chart drawing times skipped (apt-get install chromium)")
        return [{"handout": p.name, "mb": p.stat().st_size / 1e6, "draw_s": None} for p in pages]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for path in pages:
            times = []
            for _ in range(runs):
                page = browser.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page.goto(path.resolve().as_uri())
                charts = wait_for_charts(page)
                # From navigation start to the last chart drawn, as the page measures it.
                drawn_ms = page.evaluate("window.__ihChartsDrawnAt || 0") if charts else 0
                times.append(drawn_ms / 1000)
                page.close()
            rows.append({"handout": path.name, "mb": path.stat().st_size / 1e6, "draw_s": _median(times),
                         "charts": charts})
        browser.close()
    return rows


def bench_imports(runs):
    def fresh(statement):
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        values = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout) for _ in range(runs)]
        return _median(values)

    return {"import helpers": fresh("import helpers"),
            "import altair": fresh("import altair"),
            "from helpers import load, estimate_ranges": fresh("from helpers import load, estimate_ranges")}


def bench_widgets(count=50):
    """Each widget callback, called as a change from the front end would call it."""
    from IPython.core.interactiveshell import InteractiveShell

    from ..data import load
    from ..charts import estimate_ranges
    from ..catalog import table_names
    from ..widgets import comparison_explorer, pick_view

    InteractiveShell.instance()  # a shell, so displays go somewhere, as in a kernel
    deaths = load("panama/casualty_estimates")
    measures = ["killed", "wounded", "displaced", "detained"]
    started = time.perf_counter()
    view = pick_view(measures, lambda m: estimate_ranges(deaths[deaths["measure"] == m], title=m))
    made_ms = (time.perf_counter() - started) * 1000  # draws every choice up front
    views = {"pick_view (lesson 00: measure)": (
        view.widget, lambda w, i: setattr(w.children[0], "value", measures[i % len(measures)]))}
    if "compare/dimensions" in table_names():
        explorer = comparison_explorer().widget
        options = explorer.pickers[0].options

        def change(w, i):
            w.pickers[0].value = tuple(options[: 1 + i % len(options)])
        views["comparison_explorer (lesson 04)"] = (explorer, change)
    rows = []
    for name, (widget, act) in views.items():
        times, first = [], []
        seen = set()
        with contextlib.redirect_stdout(io.StringIO()):
            for i in range(1, count + 1):
                started = time.perf_counter()
                act(widget, i)
                elapsed = (time.perf_counter() - started) * 1000
                times.append(elapsed)
                state = repr(_state_of(widget))
                if state not in seen:
                    seen.add(state)
                    first.append(elapsed)
        rows.append({"widget": name, "p50_ms": _median(times), "p95_ms": _p95(times),
                     "made_ms": made_ms if name.startswith("pick_view") else None,
                     "first_view_p50_ms": _median(first), "first_view_max_ms": max(first),
                     "first_views": len(first)})
    return rows


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _state_of(widget):
    pickers = getattr(widget, "pickers", None)
    if pickers:
        return tuple(tuple(p.value) for p in pickers)
    return widget.children[0].value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.build.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--handouts-only", action="store_true",
                        help="only size and chart-drawing time of the handouts already built")
    args = parser.parse_args(argv)
    if args.handouts_only:
        return report_handouts(bench_handouts(args.runs))
    lessons = find_lessons()
    print(f"Benchmarking {len(lessons)} lessons, {args.runs} runs each (median)...", flush=True)
    per_lesson = bench_lessons(lessons, args.runs)
    print("  full build...", flush=True)
    cold, warm = bench_build(lessons, args.runs)
    print("  handouts in Chromium...", flush=True)
    handouts = bench_handouts(args.runs)
    imports = bench_imports(max(args.runs, 5))
    widgets = bench_widgets()
    print("  three languages...", flush=True)
    from .translate import bench_editions  # issue 16: en, es and pt, both editions
    editions = bench_editions(max(1, min(args.runs, 2)))
    from ..jobs import bundle_figure  # issue 18: the offline zip of every handout
    bundle = bundle_figure()
    plain_total = sum(r["plain_nbconvert_s"] for r in per_lesson)
    largest = max(h["mb"] for h in handouts)
    slowest = max((h["draw_s"] for h in handouts if h["draw_s"] is not None), default=None)
    checks = [
        ("full build, cold (s)", cold, "<= 90", cold <= 90),
        ("full build / summed plain nbconvert", cold / plain_total, "<= 0.50", cold / plain_total <= 0.5),
        ("largest handout (MB)", largest, f"<= {MAX_MB}", largest <= MAX_MB),
        ("slowest handout, all charts drawn (s)", slowest, f"<= {MAX_DRAW_S}",
         slowest is not None and slowest <= MAX_DRAW_S),
        ("widget callback p95, worst (ms)", max(w["p95_ms"] for w in widgets), "<= 50",
         max(w["p95_ms"] for w in widgets) <= 50),
        ("import helpers / import altair", imports["import helpers"] / imports["import altair"], "<= 1.2",
         imports["import helpers"] / imports["import altair"] <= 1.2),
        ("three languages, full build cold (s)", editions["cold_s"], "<= 90", editions["cold_s"] <= 90),
        ("warm, one lesson edited in one language (s)", editions["warm_one_lesson_one_language_s"],
         "<= 15", editions["warm_one_lesson_one_language_s"] <= 15),
    ]
    lines = ["", f"Machine: {platform.machine()}, {platform.python_version()}, runs={args.runs} (medians)", "",
             f"{'lesson':32} {'kernel s':>9} {'nbconvert s':>12} {'ratio':>6}"]
    lines += [f"{r['lesson']:32} {r['kernel_s']:9.1f} {r['plain_nbconvert_s']:12.1f} {r['ratio']:6.2f}"
              for r in per_lesson]
    lines += ["", f"full build: cold {cold:.1f} s, warm {warm:.1f} s; summed plain nbconvert {plain_total:.1f} s", "",
              f"{'handout':42} {'MB':>6} {'charts drawn s':>15}"]
    lines += [f"{h['handout']:42} {h['mb']:6.2f} {('-' if h['draw_s'] is None else format(h['draw_s'], '.2f')):>15}"
              for h in handouts]
    lines += [f"{'bundle (every handout + index, zip)':42} {bundle['mb']:6.2f}"]
    lines += ["", *(f"{k:44} {v:.3f} s" for k, v in imports.items()), ""]
    lines += [f"{w['widget']:44} all: p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms; "
              f"first view of a choice ({w['first_views']}): p50 {w['first_view_p50_ms']:.1f} ms, "
              f"max {w['first_view_max_ms']:.1f} ms" for w in widgets]
    lines += [f"{'pick_view: made, drawing its 4 choices':44} {w['made_ms']:.0f} ms (once, when the cell runs)"
              for w in widgets if w.get("made_ms")]
    lines += ["", f"{'target':44} {'measured':>9} {'target':>8}  holds"]
    lines += [f"{name:44} {('-' if value is None else format(value, '.2f')):>9} {target:>8}  {'yes' if ok else 'NO'}"
              for name, value, target, ok in checks]
    print("\n".join(lines))
    OUT.mkdir(exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps({
        "machine": platform.machine(), "python": platform.python_version(), "runs": args.runs,
        "lessons": per_lesson, "build": {"cold_s": cold, "warm_s": warm, "plain_total_s": plain_total},
        "handouts": handouts, "bundle": bundle, "imports": imports, "widgets": widgets,
        "editions": editions,
        "targets": [{"name": n, "value": v, "target": t, "holds": ok} for n, v, t, ok in checks],
    }, indent=2))
    print(f"\nWritten to {OUT / 'bench.json'}")
    return 0


def report_handouts(handouts) -> int:
    """Print each handout's size and drawing time against the targets; 1 if one misses."""
    print(f"{'handout':42} {'MB':>6} {'charts':>7} {'drawn s':>8}  holds (<= {MAX_MB} MB, <= {MAX_DRAW_S} s)")
    missed = 0
    for h in handouts:
        ok = h["mb"] <= MAX_MB and (h["draw_s"] is None or h["draw_s"] <= MAX_DRAW_S)
        missed += not ok
        drawn = "-" if h["draw_s"] is None else format(h["draw_s"], ".2f")
        print(f"{h['handout']:42} {h['mb']:6.3f} {h.get('charts', 0):7} {drawn:>8}  {'yes' if ok else 'NO'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
