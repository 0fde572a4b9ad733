"""The handouts' front pages: the index (every lesson with its duration, central question,
objectives and its learner edition), the facilitators' index (``facilitator.html``: the same
lessons with both editions, and what the self-checks hide), the glossary, and "about the data"
(how figures are sourced, how to cite, the edition and date).

The learner index links no facilitator edition, and ``python -m helpers bundle`` leaves the
facilitator pages out of the learners' zip (issue 22): answers stay more than one click away."""

from __future__ import annotations

import html
from pathlib import Path

from ..catalog import data_dir
from ..citations import _bibliography_rows, citation_html
from ..edition import CITATION, ROOT, _field, current, long_date
from ..formats import date
from ..glossary_terms import headword_html, sort_key
from ..i18n import _, data_context, get_language, translate
from .export import (
    CSP_MARK,
    _assets,
    _handout_script,
    built_date,
    csp,
    edition_label,
    file_name,
    labels,
    strings_block,
)
from .navigation import site_links
from .pages import write_atomic
from .selfcheck import strength_note

E = html.escape
PAGE_CSS = ("main{max-width:62rem;margin:0 auto;padding:1rem 1.5rem}"
            "ol.ih-lessons{list-style:none;padding:0}"
            "ol.ih-lessons>li{border-top:1px solid #ccc;padding:0.5rem 0}"
            "ol.ih-lessons h2{break-before:auto}"
            ".ih-question{font-style:italic}"
            "dl.ih-glossary dt{font-weight:700;margin-top:0.8rem}dl.ih-glossary dd{margin:0.2rem 0 0 1rem}"
            "nav.ih-nav{font-size:0.95rem;border-bottom:1px solid #ccc;padding-bottom:0.4rem}")


def _page(title: str, body: str, which: str = "learner", current: str = "") -> str:
    return page_html(title, body, which=which, current=current)


def page_html(title: str, body: str, which: str = "learner", current: str = "", script: bool = True) -> str:
    """A front page (index, facilitators' index, glossary, about, search) of one edition: the
    search box and the links to the other front pages (site.py), the page's words, and the
    handout script (for the search box) allowed by its hash."""

    css, _bundle = _assets()
    nav = f"<nav class='ih-nav' aria-label='{E(_('Handout pages'))}'>{site_links(which, current)}</nav>"
    scripts = ((strings_block() + f"<script>{_handout_script()}</script>") if script else "")
    page = (f"<!DOCTYPE html><html lang='{get_language()}'><head><meta charset='utf-8'>{CSP_MARK}"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{E(title)}</title><style>{css}\n{PAGE_CSS}</style>{scripts}</head>"
            f"<body class='ih-front'>{nav}<main>{_heading_ids(body)}</main></body></html>")
    return page.replace(CSP_MARK, csp(charts=False), 1)


def _heading_ids(body: str) -> str:
    """An id on every second-level heading that has none, so a search result can link to it."""
    import re

    seen: set[str] = set()

    def name(match):
        text = re.sub(r"<[^>]+>", "", match.group(1))
        slug = re.sub(r"[^\w]+", "-", html.unescape(text).casefold()).strip("-") or "part"
        while slug in seen:
            slug += "-"
        seen.add(slug)
        return f"<h2 id='{E(slug)}'>{match.group(1)}</h2>"

    return re.sub(r"<h2>(.*?)</h2>", name, body, flags=re.S)


FACILITATOR_INDEX = "facilitator.html"


def write_index(lessons: list[dict], out_dir: Path, failed: dict[str, str]) -> Path:
    """``lessons``: dicts with stem, title, duration, question, objectives. ``failed``: stem -> error.
    Writes index.html (learner editions only) and, beside it, facilitator.html (both editions),
    glossary.html and about.html; returns the path of index.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = _write_index(lessons, out_dir, failed, "learner")
    _write_index(lessons, out_dir, failed, "facilitator")
    write_glossary(out_dir)
    write_about(out_dir)
    return path


def _write_index(lessons: list[dict], out_dir: Path, failed: dict[str, str], which: str) -> Path:
    items = []
    names = labels()
    by_end = E(_("Objectives. By the end you can:"))
    for info in lessons:
        objectives = "".join(f"<li>{E(o)}</li>" for o in info.get("objectives") or [])
        stem = info["stem"]
        if stem in failed:
            label = _("Not built yet") if failed[stem].startswith("not built yet") else _("Not built")
            links = f"<p><strong>{E(label)}:</strong> {E(failed[stem])}</p>"
        elif which == "learner":
            links = f'<p><a href="{file_name(stem, "learner")}">{E(names["learner"])}</a></p>'
        else:
            links = (f'<p><a href="{file_name(stem, "facilitator")}">{E(names["facilitator"])}</a> · '
                     f'<a href="{file_name(stem, "learner")}">{E(names["learner"])}</a></p>')
        duration = (f"<p class='ih-duration'><strong>{E(_('Time:'))}</strong> {E(info['duration'])}</p>"
                    if info.get("duration") else "")
        question = (f"<p class='ih-question'><strong>{E(_('Central question:'))}</strong> {E(info['question'])}</p>"
                    if info.get("question") else "")
        items.append(f"<li id='lesson-{E(stem)}'><h2>{E(info['title'])}</h2>{duration}{question}"
                     f"{'<p>' + by_end + '</p><ol>' + objectives + '</ol>' if objectives else ''}"
                     f"{links}</li>")
    body = (f"<h1>{E(_('Intervention History: US intervention in Latin America'))}</h1>"
            "<p>" + E(_("Handouts for study groups: Panama 1989, Plan Colombia, and Venezuela "
                        "2015-2026, compared, with every figure sourced. Each lesson has a learner "
                        "edition (a worksheet: answer fields that check themselves, code folded "
                        "away) and a facilitator edition with the answers. They work offline, on a "
                        "phone, and print on A4."), quote=False) + "</p>"
            f"<p class='ih-howto'>{E(edition_label().capitalize())}.</p>")
    title = _("Intervention History: handouts")
    if which == "facilitator":
        title = _("Intervention History: handouts for facilitators")
        body += (f"<h2>{E(_('For facilitators'))}</h2><p><strong>"
                 + E(_("This page and the facilitator editions it links hold the answers: do not "
                       "send them to learners. Send learners the learner bundle, or index.html."))
                 + f"</strong></p><p class='ih-strength'>{E(strength_note('facilitator'))}</p>")
    body += f"<ol class='ih-lessons'>{''.join(items)}</ol>"
    path = out_dir / ("index.html" if which == "learner" else FACILITATOR_INDEX)
    write_atomic(path, _page(title, body, which, path.name))
    return path


def write_glossary(out_dir: Path) -> Path | None:
    """glossary.html from data/compare/glossary.csv; a short note when there is none yet."""
    import csv

    source = data_dir() / "compare" / "glossary.csv"
    entries = []
    try:
        with source.open(encoding="utf-8", newline="") as handle:
            entries = list(csv.DictReader(handle))
    except (OSError, csv.Error, UnicodeDecodeError):
        entries = []
    if entries:
        cite = _citations()
        rows = []
        entries = [{**row, "english": row.get("term") or "",
                    "term": _glossary_words(row.get("slug") or "", "term", row.get("term") or ""),
                    "expansion": _glossary_words(row.get("slug") or "", "expansion", row.get("expansion") or "")}
                   for row in entries]
        for row in sorted(entries, key=lambda r: sort_key(r["term"])):  # the edition's order
            slug = row.get("slug") or ""
            contested = (f"<p class='ih-contested'><em>{E(_('Contested term: sources and sides define it differently (see the definition).'))}</em></p>"
                         if row.get("contested") and row["contested"].lower() not in ("no", "false", "") else "")
            source_html = cite.get(row.get("source_id") or "", "")
            source_html = f"<p class='ih-source'>{E(_('Source:'))} {source_html}</p>" if source_html else ""
            rows.append(f"<dt id='glossary-{E(slug)}'>{headword_html(slug, row['term'], row['expansion'], row['english'])}</dt>"
                        f"<dd><p>{E(_definition(slug, row.get('definition', '')))}</p>{contested}{source_html}</dd>")
        body = (f"<h1>{E(_('Glossary'))}</h1><p>"
                + E(_("Terms and acronyms the lessons use, with a definition and, where a "
                      "definition is contested, who defines it how."))
                + f"</p><dl class='ih-glossary'>{''.join(rows)}</dl>")
    else:
        body = (f"<h1>{E(_('Glossary'))}</h1><p>"
                + E(_("The glossary is being written. Until then, each lesson explains its terms "
                      "where it first uses them.")) + "</p>")
    path = out_dir / "glossary.html"
    write_atomic(path, _page(_("Glossary · Intervention History"), body, current="glossary.html"))
    return path


def _definition(slug: str, text: str) -> str:
    return _glossary_words(slug, "definition", text)


def _glossary_words(slug: str, field: str, text: str) -> str:
    return translate(text, "data", context=data_context("compare/glossary", slug, field)) if text else text


def _citations() -> dict[str, str]:
    """source id -> its citation as HTML (the title marked as published, in its language)."""
    try:
        return {key: citation_html(row) for key, row in _bibliography_rows().items()}
    except Exception:
        return {}


def _edition_citation() -> str:
    """The pack's citation as HTML in the page's language: its authors and title as published
    (the title in English, marked so), the edition and date in the page's words."""
    import re

    text = (ROOT / CITATION).read_text(encoding="utf-8")
    info = current()
    authors = re.findall(r"^\s*-\s*name:\s*[\"']?([^\"'\n]+)", text, re.M) or ["Intervention History"]
    title = _field(text, "title") or "Intervention History"
    rest = (_("Edition {edition}, released {date}. Data: data/sources.csv lists the original source "
              "of every figure.").replace("{edition}", str(info["edition"]))
            .replace("{date}", long_date(info["date"]) if get_language() == "en" else date(info["date"], "day_long")))
    return (f"<span lang='en'>{E('; '.join(authors))}</span> ({E(info['date'][:4])}). "
            f"<cite lang='en'>{E(title)}</cite>. {E(rest)}")


def write_about(out_dir: Path) -> Path:
    """about.html: how the figures are sourced, how to cite the pack, the edition and date."""
    edition = edition_label()
    try:
        citation = _edition_citation()
    except Exception:
        citation = E(_("Intervention History teaching pack, {edition}. Data and lessons CC BY 4.0; "
                       "code MIT.").replace("{edition}", edition))
    count = len(_citations())

    def t(text: str, **values) -> str:
        text = E(text, quote=False)
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text

    body = (
        f"<h1>{t(_('About the data'))}</h1>"
        "<p>" + t(_("<strong>This is the {edition}</strong>; these handouts were built on {date}."))
        .replace("&lt;strong&gt;", "<strong>").replace("&lt;/strong&gt;", "</strong>")
        .replace("{edition}", E(edition)).replace("{date}", built_date()) + "</p>"
        f"<h2>{t(_('How every figure is sourced'))}</h2><ul>"
        "<li>" + t(_("Every figure in the pack is a row of a table, and every row names its source "
                   "(a {code} that points into a bibliography of {count} sources: title, author or "
                   "publisher, date published, address, and where in it the figure is)."),
                   code="<code>source_id</code>", count=str(count)) + "</li>"
        "<li>" + t(_("Where sources disagree, each figure is its own row with its own source: the "
                   "pack never blends or averages them. Ranges are kept as low and high.")) + "</li>"
        "<li>" + t(_("Derived numbers (a sum, a change in percent) are computed from sourced rows, "
                   "and the row's note says how.")) + "</li>"
        "<li>" + t(_("Under every chart a data box says what is shown, the unit, the sources with "
                   "their dates, how recent the data are, how the pack processed them and whether "
                   "the sources disagree; on screen it also offers the chart's rows as a CSV "
                   "file.")) + "</li>"
        "<li>" + t(_("When a source was read in a copy (a mirror, an archive, a syndicated reprint), "
                   "the pack says so and names the original publisher.")) + "</li></ul>"
        f"<h2>{t(_('How to cite'))}</h2>"
        f"<p>{t(_('The pack:'))} {citation}</p>"
        "<p>" + t(_("A figure: cite its original source (the data box and the CSV name it), and the "
                  "pack as the place you found it. A chart: the citation under it gives both."))
        + "</p>"
        f"<h2>{t(_('Offline and private'))}</h2><p>"
        + t(_("These pages load nothing from the internet and send nothing anywhere: your answers "
            "stay in your browser. The self-checks keep no answer in the page in clear; they "
            "compare a fingerprint of what you type with fingerprints of the key. That hides an "
            "answer from a glance, not from a determined reader: trying each option finds a "
            "choice, the too low / too high hints lead to a number, and a word takes minutes of "
            "guessing.")) + "</p>")
    path = out_dir / "about.html"
    write_atomic(path, _page(_("About the data · Intervention History"), body, current="about.html"))
    return path
