"""``make bench``: the pack's speed and size, measured on this machine, against its targets.

Each figure is the median of several runs. Results print as one table and go to
``build/bench.json``. Run with ``python -m helpers bench [--runs N]``.
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

from ..catalog import table_names
from ..charts import estimate_ranges
from ..data import load
from ..exercises import exercises, localized
from ..jobs import bundle_figure
from ..paths import ROOT
from ..widgets import comparison_explorer, pick_view
from . import selfcheck
from .browser import find_chromium, launch, wait_for_charts
from .execute import execute_one
from .export import (
    PAGE_TARGET_MB,  # issues 14, 28: learner pages at most 0.6 MB, facilitator 0.8 ...
)
from .handouts import build_handouts, find_lessons
from .notebooks import LANGUAGES, write_learner_notebooks
from .pdf import PRINT_TARGETS, print_pages
from .site import SEARCH_PAGE, SEARCH_TARGET_MB
from .translate import bench_editions

OUT = ROOT / "build"
MAX_DRAW_S = 1.0    # ... and every chart drawn at most 1.0 s after the page starts loading
MAX_CHECK_S = 1.0   # issue 22: the slowest self-check a reader can ask for, in Chromium ...
MAX_PAYLOADS_S = 15.0  # ... and the self-checks' slow derivations in a cold three-language build
MAX_LEARNER_S = 5.0   # issue 24: the learner notebooks add at most 5 s to a warm `make handouts` ...
MAX_LAB_PREPARE_S = 1.0  # ... and `lab` readies the learner's folder in about the time Python starts
MIN_PHONE_TEXT_PX = 11.0  # issue 28: every chart's text on a 360 px phone ...
MAX_SEARCH_S = 0.2        # ... a search over an edition's index, in Chromium
# (the search page's size target is site.SEARCH_TARGET_MB; print targets are pdf.PRINT_TARGETS)

# The smallest text of each chart as a 360 px phone shows it (font size times the drawing's scale).
PHONE_TEXT_JS = """() => [...document.querySelectorAll('figure.ih-chart .ih-vega svg')].map(svg => {
  let least = Infinity;
  svg.querySelectorAll('text').forEach(t => {
    if (!t.textContent.trim()) return;
    const m = t.getScreenCTM(), scale = m ? Math.hypot(m.a, m.b) : 1;
    least = Math.min(least, parseFloat(getComputedStyle(t).fontSize) * scale);
  });
  return least;
})"""


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


def bench_selfchecks(runs):
    """The self-checks' PBKDF2 iteration count, measured (issue 22): one derivation in Python and
    in Chromium, how many a cold three-language build makes, the slowest check a reader can ask
    for, and the largest iteration count that keeps both within their targets here."""

    made = [0]
    real = selfcheck.derive

    def counting(*args, **kwargs):
        made[0] += 1
        return real(*args, **kwargs)

    worst = 1  # slow derivations of the slowest check
    selfcheck.derive = counting
    try:
        for lesson in find_lessons():
            for spec in exercises(lesson.stem).values():
                if spec.get("type") == "written":  # no key, no derivation (selfcheck.written_answer_payload)
                    continue
                spec = localized(spec, "en")
                selfcheck.payload(spec, iterations=1)
                kind = spec.get("type", "text")
                if kind == "text":
                    worst = max(worst, 64)  # handout.js tries a 7-word answer in 64 forms
                elif kind in ("set", "order"):
                    worst = max(worst, len(spec.get("options") or spec["answer"]) + 1)
    finally:
        selfcheck.derive = real
    per_build = 3 * made[0]  # en, es, pt: one payload per exercise and language
    times = []
    for _ in range(max(5, runs * 3)):
        started = time.perf_counter()
        selfcheck.derive("n:1:375", b"0123456789abcdef", selfcheck.ITERATIONS)
        times.append(time.perf_counter() - started)
    python_s = _median(times)
    chromium_s = None

    if find_chromium() is not None:
        from playwright.sync_api import sync_playwright

        with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
            page_file = Path(scratch) / "bench.html"
            page_file.write_text("<!DOCTYPE html><title>bench</title>", encoding="utf-8")
            browser = launch(playwright)
            page = browser.new_page()
            page.goto(page_file.as_uri())  # a file: page is a secure context (Web Crypto)
            chromium_s = page.evaluate("""async ([it, n]) => {
                const enc = new TextEncoder(), salt = new Uint8Array(16), times = [];
                for (let i = 0; i < n; i++) {
                  const t = performance.now();
                  const key = await crypto.subtle.importKey("raw", enc.encode("n:1:" + i), "PBKDF2", false, ["deriveBits"]);
                  await crypto.subtle.deriveBits({name: "PBKDF2", hash: "SHA-256", salt, iterations: it}, key, 256);
                  times.push(performance.now() - t);
                }
                times.sort((a, b) => a - b);
                return times[Math.floor(times.length / 2)] / 1000; }""", [selfcheck.ITERATIONS, max(5, runs * 3)])
            browser.close()
    per_iteration_build = per_build * python_s / selfcheck.ITERATIONS
    limits = [MAX_PAYLOADS_S / per_iteration_build]
    if chromium_s:
        limits.append(MAX_CHECK_S / (worst * chromium_s / selfcheck.ITERATIONS))
    return {"iterations": selfcheck.ITERATIONS, "python_ms": python_s * 1000,
            "chromium_ms": None if chromium_s is None else chromium_s * 1000,
            "derivations_cold_three_languages": per_build, "payloads_cold_s": per_build * python_s,
            "slowest_check_derivations": worst,
            "slowest_check_s": None if chromium_s is None else worst * chromium_s,
            "iterations_within_targets": int(min(limits) // 10_000 * 10_000)}


def report_selfchecks(check: dict) -> list[str]:
    chromium = "-" if check["chromium_ms"] is None else f"{check['chromium_ms']:.1f} ms"
    return [f"self-check: PBKDF2 at {check['iterations']:,} iterations: one derivation {check['python_ms']:.1f} ms "
            f"in Python, {chromium} in Chromium; {check['derivations_cold_three_languages']} derivations in a cold "
            f"three-language build; the slowest check makes {check['slowest_check_derivations']}.",
            f"self-check: the largest iteration count within both targets here: "
            f"{check['iterations_within_targets']:,} (set ITERATIONS in helpers/publish/selfcheck.py)"]


def bench_learner_notebooks(runs):
    """Issue 24: seconds to make the learner notebooks of every lesson in three languages from
    nothing, what they add to a warm `make handouts` (nothing changed), and what `lab` spends
    before JupyterLab starts on a learner's folder that is up to date (in a fresh Python)."""
    import os

    colds, warms, labs = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "notebooks"
            started = time.perf_counter()
            write_learner_notebooks(find_lessons(), LANGUAGES, out)
            colds.append(time.perf_counter() - started)
            started = time.perf_counter()
            write_learner_notebooks(find_lessons(), LANGUAGES, out)
            warms.append(time.perf_counter() - started)
            code = ("import time; t = time.perf_counter(); from helpers.lab import learner_folder; "
                    "learner_folder('es'); print(time.perf_counter() - t)")
            env = {**os.environ, "INTERVENTION_HISTORY_MY_LESSONS": str(Path(tmp) / "my-lessons")}
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True)
            labs.append(float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                                             capture_output=True, text=True).stdout))
    return {"cold_s": _median(colds), "warm_s": _median(warms), "lab_prepare_s": _median(labs)}


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


def bench_site(handouts: Path | None = None, runs: int = 1) -> dict:
    """Issue 28 on the built handouts (every language): each search page's size, the largest
    page of any language, a search for three names in each language and edition (ms, in
    Chromium, from file://), the smallest chart text at 360 px, and the printed page counts
    of PRINT_TARGETS; and the slowest page to draw all its charts."""

    handouts = handouts or OUT / "handouts"
    folders = {"en": handouts, **{code: handouts / code for code in ("es", "pt") if (handouts / code).is_dir()}}
    searches = {f"{code}/{page}": (folder / page).stat().st_size / 1e6
                for code, folder in folders.items() for page in SEARCH_PAGE.values() if (folder / page).exists()}
    lessons = {f"{lesson.stem}{suffix}.html" for lesson in find_lessons() for suffix in ("", ".facilitator")}
    sizes = {f"{code}/{page.name}": page.stat().st_size / 1e6
             for code, folder in folders.items() for page in folder.glob("*.html") if page.name in lessons}
    largest = {which: max(((name, mb) for name, mb in sizes.items()
                           if (".facilitator." in name) == (which == "facilitator")),
                          key=lambda kv: kv[1], default=(None, 0)) for which in PAGE_TARGET_MB}
    result = {"search_mb": searches, "largest_page": largest,
              "search_s": None, "phone_text_px": None, "draw_s": None, "print_pages": {}}
    try:
        from playwright.sync_api import sync_playwright

    except ImportError:
        return result
    if find_chromium() is None:
        return result
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        times = []
        for code, folder in folders.items():
            for search in SEARCH_PAGE.values():
                for term in ("Endara", "glifosato", "OFAC"):
                    for _ in range(runs):
                        page.goto((folder / search).resolve().as_uri() + "?q=" + term)
                        page.wait_for_selector("#ih-search-results[data-ih-searched]")
                        times.append(page.evaluate("window.__ihSearchMs") / 1000)
        result["search_s"] = max(times) if times else None
        phone = browser.new_page(viewport={"width": 360, "height": 740})
        phone.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        smallest = []
        for path in sorted(handouts.glob("*.html")):
            if path.name in lessons and ".facilitator." not in path.name:
                phone.goto(path.resolve().as_uri())
                wait_for_charts(phone)
                smallest += [(size, path.name) for size in phone.evaluate(PHONE_TEXT_JS)]
        result["phone_text_px"] = min(smallest) if smallest else None
        drawn = []  # every chart drawn, from navigation start (both editions, English)
        for path in sorted(handouts.glob("*.html")):
            if path.name in lessons:
                page.goto(path.resolve().as_uri())
                if wait_for_charts(page):
                    drawn.append((page.evaluate("window.__ihChartsDrawnAt || 0") / 1000, path.name))
        result["draw_s"] = max(drawn) if drawn else None
        for name in PRINT_TARGETS:
            if (handouts / name).exists():
                page.goto((handouts / name).resolve().as_uri())
                wait_for_charts(page)
                counted = print_pages(page)
                result["print_pages"][name] = {k: counted[k] for k in ("before_appendix", "total")}
        browser.close()
    return result


def report_site(site: dict) -> list[tuple]:
    """The issue 28 figures as rows of the targets table."""

    rows = []
    if site["search_mb"]:
        name, size = max(site["search_mb"].items(), key=lambda kv: kv[1])
        rows.append((f"largest search page (MB, {name})", size, f"<= {SEARCH_TARGET_MB}", size <= SEARCH_TARGET_MB))
    for which, (name, size) in site["largest_page"].items():
        if name:
            rows.append((f"largest {which} page, 3 languages (MB, {name})", size,
                         f"<= {PAGE_TARGET_MB[which]}", size <= PAGE_TARGET_MB[which]))
    if site["search_s"] is not None:
        rows.append(("slowest search, 3 names x 6 indexes (s)", site["search_s"], f"<= {MAX_SEARCH_S}",
                     site["search_s"] <= MAX_SEARCH_S))
    if site["phone_text_px"] is not None:
        px, name = site["phone_text_px"]
        rows.append((f"smallest chart text at 360 px (px, {name})", px, f">= {MIN_PHONE_TEXT_PX:g}",
                     px >= MIN_PHONE_TEXT_PX))
    if site.get("draw_s") is not None:
        seconds, name = site["draw_s"]
        rows.append((f"slowest page, all charts drawn (s, {name})", seconds, f"<= {MAX_DRAW_S}", seconds <= MAX_DRAW_S))
    for name, counted in site["print_pages"].items():
        target = PRINT_TARGETS[name]
        rows.append((f"A4 pages before appendix, {name}", counted["before_appendix"],
                     f"<= {target['before_appendix']}", counted["before_appendix"] <= target["before_appendix"]))
        rows.append((f"A4 pages in all, {name}", counted["total"], f"<= {target['total']}",
                     counted["total"] <= target["total"]))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--handouts-only", action="store_true",
                        help="only size and chart-drawing time of the handouts already built")
    parser.add_argument("--selfchecks-only", action="store_true",
                        help="only the self-checks' iteration count against its targets")
    parser.add_argument("--learner-only", action="store_true",
                        help="only the learner notebooks' and lab's figures against their targets")
    parser.add_argument("--site-only", action="store_true",
                        help="only search, page sizes in every language, phone text and A4 page counts "
                             "of the handouts already built (issue 28)")
    args = parser.parse_args(argv)
    if args.site_only:
        rows = report_site(bench_site(runs=args.runs))
        for name, value, target, ok in rows:
            print(f"{name:60} {('-' if value is None else format(value, '.2f')):>9} {target:>8}  {'yes' if ok else 'NO'}")
        return 0 if all(ok for *_rest, ok in rows) else 1
    if args.learner_only:
        learner = bench_learner_notebooks(args.runs)
        print(f"learner notebooks, 3 languages: from nothing {learner['cold_s']:.2f} s, in a warm build "
              f"{learner['warm_s']:.2f} s (target <= {MAX_LEARNER_S:g}); lab's learner folder ready in "
              f"{learner['lab_prepare_s']:.2f} s (target <= {MAX_LAB_PREPARE_S:g})")
        return 0 if max(learner["cold_s"], learner["warm_s"]) <= MAX_LEARNER_S \
            and learner["lab_prepare_s"] <= MAX_LAB_PREPARE_S else 1
    if args.handouts_only:
        return report_handouts(bench_handouts(args.runs))
    if args.selfchecks_only:
        check = bench_selfchecks(args.runs)
        print("\n".join(report_selfchecks(check)))
        held = check["payloads_cold_s"] <= MAX_PAYLOADS_S and (check["slowest_check_s"] or 0) <= MAX_CHECK_S
        print(f"slowest check in Chromium {check['slowest_check_s'] or float('nan'):.2f} s (target <= {MAX_CHECK_S}); "
              f"payloads of a cold three-language build {check['payloads_cold_s']:.1f} s (target <= {MAX_PAYLOADS_S})")
        return 0 if held else 1
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
    editions = bench_editions(max(1, min(args.runs, 2)))
    bundle = bundle_figure()
    selfchecks = bench_selfchecks(args.runs)
    learner = bench_learner_notebooks(args.runs)
    print("  search, phone and paper...", flush=True)
    subprocess.run([sys.executable, "-m", "helpers.publish", "handouts", "--language", "all"], cwd=ROOT,
                   capture_output=True)  # every language in build/handouts (warm: from the cache)
    site = bench_site(runs=args.runs)
    plain_total = sum(r["plain_nbconvert_s"] for r in per_lesson)
    largest = {which: max((h["mb"] for h in handouts if _edition(h["handout"]) == which), default=0.0)
               for which in PAGE_TARGET_MB}
    slowest = max((h["draw_s"] for h in handouts if h["draw_s"] is not None), default=None)
    checks = [
        ("full build, cold (s)", cold, "<= 90", cold <= 90),
        ("full build / summed plain nbconvert", cold / plain_total, "<= 0.50", cold / plain_total <= 0.5),
        ("largest learner handout (MB)", largest["learner"], f"<= {PAGE_TARGET_MB['learner']}",
         largest["learner"] <= PAGE_TARGET_MB["learner"]),
        ("largest facilitator handout (MB)", largest["facilitator"], f"<= {PAGE_TARGET_MB['facilitator']}",
         largest["facilitator"] <= PAGE_TARGET_MB["facilitator"]),
        ("slowest handout, all charts drawn (s)", slowest, f"<= {MAX_DRAW_S}",
         slowest is not None and slowest <= MAX_DRAW_S),
        ("widget callback p95, worst (ms)", max(w["p95_ms"] for w in widgets), "<= 50",
         max(w["p95_ms"] for w in widgets) <= 50),
        ("import helpers / import altair", imports["import helpers"] / imports["import altair"], "<= 1.2",
         imports["import helpers"] / imports["import altair"] <= 1.2),
        ("three languages, full build cold (s)", editions["cold_s"], "<= 90", editions["cold_s"] <= 90),
        ("warm, one lesson edited in one language (s)", editions["warm_one_lesson_one_language_s"],
         "<= 15", editions["warm_one_lesson_one_language_s"] <= 15),
        ("self-check: slowest check in Chromium (s)", selfchecks["slowest_check_s"], f"<= {MAX_CHECK_S}",
         selfchecks["slowest_check_s"] is not None and selfchecks["slowest_check_s"] <= MAX_CHECK_S),
        ("self-check payloads, cold 3 languages (s)", selfchecks["payloads_cold_s"], f"<= {MAX_PAYLOADS_S:g}",
         selfchecks["payloads_cold_s"] <= MAX_PAYLOADS_S),
        ("learner notebooks, 3 languages, from nothing (s)", learner["cold_s"], f"<= {MAX_LEARNER_S:g}",
         learner["cold_s"] <= MAX_LEARNER_S),
        ("learner notebooks in a warm make handouts (s)", learner["warm_s"], f"<= {MAX_LEARNER_S:g}",
         learner["warm_s"] <= MAX_LEARNER_S),
        ("lab: learner's folder ready, before JupyterLab (s)", learner["lab_prepare_s"], f"<= {MAX_LAB_PREPARE_S:g}",
         learner["lab_prepare_s"] <= MAX_LAB_PREPARE_S),
        *report_site(site),
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
    lines += ["", *report_selfchecks(selfchecks)]
    lines += ["", f"{'target':44} {'measured':>9} {'target':>8}  holds"]
    lines += [f"{name:44} {('-' if value is None else format(value, '.2f')):>9} {target:>8}  {'yes' if ok else 'NO'}"
              for name, value, target, ok in checks]
    print("\n".join(lines))
    OUT.mkdir(exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps({
        "machine": platform.machine(), "python": platform.python_version(), "runs": args.runs,
        "lessons": per_lesson, "build": {"cold_s": cold, "warm_s": warm, "plain_total_s": plain_total},
        "handouts": handouts, "bundle": bundle, "imports": imports, "widgets": widgets,
        "editions": editions, "selfchecks": selfchecks, "learner_notebooks": learner, "site": site,
        "targets": [{"name": n, "value": v, "target": t, "holds": ok} for n, v, t, ok in checks],
    }, indent=2))
    print(f"\nWritten to {OUT / 'bench.json'}")
    return 0


def _edition(name: str) -> str:
    return "facilitator" if name.endswith(".facilitator.html") else "learner"


def report_handouts(handouts) -> int:
    """Print each handout's size and drawing time against the targets; 1 if one misses."""
    print(f"{'handout':42} {'MB':>6} {'charts':>7} {'drawn s':>8}  holds (<= {PAGE_TARGET_MB['learner']} MB "
          f"learner, {PAGE_TARGET_MB['facilitator']} MB facilitator; <= {MAX_DRAW_S} s)")
    missed = 0
    for h in handouts:
        ok = (h["mb"] <= PAGE_TARGET_MB[_edition(h["handout"])]
              and (h["draw_s"] is None or h["draw_s"] <= MAX_DRAW_S))
        missed += not ok
        drawn = "-" if h["draw_s"] is None else format(h["draw_s"], ".2f")
        print(f"{h['handout']:42} {h['mb']:6.3f} {h.get('charts', 0):7} {drawn:>8}  {'yes' if ok else 'NO'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
