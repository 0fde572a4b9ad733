"""Handouts opened in a real headless Chromium with every network request blocked."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import answer, serious_axe_violations

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
PAGES = ["index.html", "glossary.html", "about.html", "search.html", "search.facilitator.html"] + [
    f"{p.stem}{e}.html" for p in LESSONS for e in ("", ".facilitator")]


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_handout_renders_offline_and_passes_axe(built, offline, name):
    page, seen = offline(built["out"] / name, charts=True)
    figures = page.locator("figure.ih-chart").count()
    assert seen.charts == figures
    assert page.locator("figure.ih-chart svg").count() == figures, "a chart did not draw"
    captions = page.locator("figure.ih-chart figcaption .ih-source").all_inner_texts()
    assert len(captions) == figures and all(c.startswith("Source") for c in captions), captions
    assert seen.left == [], f"{name} tried to reach the network: {seen.left}"
    assert seen.errors == [], f"{name} logged errors: {seen.errors}"
    serious = serious_axe_violations(page)
    assert not serious, f"{name}: " + "; ".join(serious)


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_print_to_pdf_shows_no_code_and_keeps_every_chart(built, offline, tmp_path, lesson):
    page, seen = offline(built["out"] / f"{lesson.stem}.html", charts=True, media="print")
    code = page.locator("pre.ih-source-code, details.ih-code, .jp-InputArea-editor")
    assert all(code.nth(i).is_hidden() for i in range(code.count())), "code shows on paper"
    assert all(b.is_hidden() for b in page.locator(".vega-bindings").all())
    for events in page.locator(".ih-events").all():  # timelines name their events on paper
        assert events.locator("li").first.is_visible(), "a timeline's event list is hidden on paper"
    assert page.locator("figure.ih-chart svg").count() == seen.charts
    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.stat().st_size > 20_000 and pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_code_is_folded_until_the_reader_opens_it(built, offline, lesson):
    page, _ = offline(built["out"] / f"{lesson.stem}.html")
    folds = page.locator("details.ih-code")
    if not folds.count():
        pytest.skip(f"{lesson.stem} shows no code")
    assert all(not d.get_attribute("open") for d in folds.all()), "some code is open on arrival"
    code = folds.first.locator("pre")
    assert code.is_hidden()
    folds.first.locator("summary").click()
    assert code.is_visible(), "'Show code' does not show the code"


def _typed(spec: dict, right: bool) -> str:
    """An answer as a reader would type it: the key's (right) or a plainly wrong one."""
    kind, answer = spec.get("type", "text"), spec["answer"]
    if kind == "number":
        return str(answer) if right else str(float(answer) * 10 + 1000)
    if kind == "choice":
        options = [str(o) for o in spec["options"]]
        index = next(i for i, o in enumerate(options) if o.casefold() == str(answer).casefold()) \
            if str(answer) not in "abcdefgh" or len(str(answer)) > 1 else "abcdefgh".index(str(answer))
        return "abcdefgh"[index if right else (index + 1) % len(options)]
    if kind in ("set", "order"):
        items = [str(a) for a in answer]
        if right:
            return ", ".join(items)
        if kind == "order":
            return ", ".join(items[1:] + items[:1])
        other = next((c for c in "abcdefghijklmnop" if c not in items), "zzz") if all(
            len(i) == 1 for i in items) else "zzz qqq"
        return ", ".join(items[:1] + [other])
    if kind == "yesno":
        return ("yes" if answer else "no") if right else ("no" if answer else "yes")
    return str(answer[0] if isinstance(answer, list) else answer) if right else "zzzz qqqq"


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_a_right_and_a_wrong_answer_get_the_right_feedback(built, offline, lesson):
    from helpers.publish.selfcheck import hints_for
    from helpers.exercises import exercises

    page, seen = offline(built["out"] / f"{lesson.stem}.html")
    specs = exercises(lesson.stem)
    boxes = page.locator("[data-ih-exercise]")
    if not boxes.count():
        pytest.skip(f"{lesson.stem} has no exercise")
    key = next(k for k in (b.get_attribute("data-ih-exercise") for b in boxes.all()) if k in specs
               and specs[k].get("type") != "written"  # tests/test_written_answers.py
               and not (specs[k].get("type") == "order" and len(specs[k]["answer"]) < 2))
    spec = specs[key]
    status, text = answer(page, key, _typed(spec, True))
    assert status == "correct", f"{key}: the key's answer got {status}: {text}"
    assert spec.get("explanation", "").strip()[:30] in text, f"{key}: no explanation after a right answer"
    status, text = answer(page, key, _typed(spec, False))
    assert status in ("incorrect", "partial"), f"{key}: a wrong answer got {status}: {text}"
    hints = [h for h in hints_for(spec).values() if h]
    assert any(h in text for h in hints), f"{key}: the wrong answer's feedback has none of check()'s hints: {text}"
    assert seen.left == [] and seen.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_chart_has_a_data_box_and_its_csv_holds_the_drawn_rows(built, offline, lesson):
    import csv
    import io

    from test_worksheets import csv_shown

    page, seen = offline(built["out"] / f"{lesson.stem}.html", charts=True)
    page.context.set_default_timeout(15000)
    for i in range(seen.charts):
        figure = page.locator("figure.ih-chart").nth(i)
        labels = figure.locator(".ih-databox dt").all_inner_texts()
        for wanted in ("What is shown", "Unit", "Sources", "As of", "How processed", "Do sources disagree?"):
            assert wanted in labels, f"{lesson.stem}, chart {i + 1}: no '{wanted}' in its data box"
        assert figure.locator(".ih-cite").count() == 1, f"chart {i + 1} has no citation"
        links = figure.locator("a.ih-csv")
        assert links.count() >= 1, f"{lesson.stem}, chart {i + 1} has no CSV download"
        for link in links.all():
            with page.expect_download() as info:
                link.click()
            rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
            drawn = page.evaluate(
                "([id, name]) => window.__ihViews[id].data(name).map(r => Object.fromEntries("
                "Object.entries(r).filter(([k]) => !k.startsWith('_') && k !== 'Symbol(vega_id)')))",
                [link.get_attribute("data-ih-spec"), link.get_attribute("data-ih-dataset")])
            assert len(rows) == len(drawn), f"chart {i + 1}: {len(rows)} CSV rows, {len(drawn)} drawn"
            for got, row in zip(rows, drawn):
                for column, value in row.items():
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        assert float(got[column]) == value, f"chart {i + 1}, {column}"
                    elif isinstance(value, str):  # dates as dates, formulas behind a quote
                        assert got[column] == csv_shown(value), f"chart {i + 1}, {column}: {got[column]!r} != {value!r}"


@pytest.mark.browser
def test_markup_in_data_renders_as_text(offline, tmp_path, data_copy):
    """A table with <script> in a text field shows it as text in a chart tooltip and a table."""
    import pandas as pd

    from helpers.publish.handouts import build_handouts

    path = data_copy / "panama/casualty_estimates.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "estimated_by"] = "<script>alert('x')</script><b>bold</b>"
    frame.to_csv(path, index=False)
    lesson = tmp_path / "98_injection.ipynb"
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Injection test"),
        nbformat.v4.new_code_cell("from helpers import load, estimate_ranges\n"
                                  "d = load('panama/casualty_estimates').head(3)\n"
                                  "d[['estimated_by', 'value']]"),
        nbformat.v4.new_code_cell("estimate_ranges(d, title='t')"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lesson)
    status, _ = build_handouts([lesson], tmp_path / "out", workers=1, cache_dir=tmp_path / "cache")
    assert status == 0
    page, seen = offline(tmp_path / "out" / "98_injection.html", charts=True)
    assert seen.errors == [], seen.errors  # no alert dialog opened
    assert page.locator("td", has_text="<script>alert('x')</script>").count() == 1
    assert page.locator("b", has_text="bold").count() == 0
    page.locator("figure.ih-chart path[aria-roledescription='point'], figure.ih-chart path").last
    svg_text = page.locator("figure.ih-chart svg").inner_html()
    assert "<script>" not in svg_text


@pytest.mark.browser
@pytest.mark.parametrize("name", [f"{p.stem}.html" for p in LESSONS] + ["index.html", "glossary.html"])
def test_a_phone_screen_needs_no_sideways_scrolling(built, offline, name):
    """Wide tables and charts scroll inside their own box; the page itself fits a phone."""
    page, seen = offline(built["out"] / name, width=375)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"{name} is {width} px wide on a 375 px phone screen"
    assert seen.left == [], f"{name} tried to reach the network: {seen.left}"
