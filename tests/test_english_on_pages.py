"""What a Spanish or Portuguese reader sees is in Spanish or Portuguese: every es and pt page
(both editions of every lesson, the index, the glossary, the about page), with its charts drawn,
menus and tooltips, carries no English beyond the allowed kinds (a quotation, a proper name, a
source title, an identifier a learner types), which the page marks as not its own.

- Each of the 3,132 strings the language review found (``fixtures/english_review.tsv``) is gone
  from the pages, or stands in ``fixtures/english_allowed.tsv`` with its reason, or in
  ``fixtures/english_pending.tsv`` with its lesson and the work that will remove it (another
  part of issue 23, a lesson's rewrite); the pending list only shrinks.
- A word list of English function words finds English that is new.
- Charts carry the edition's number and date formats.

The pages are built once for the session, in both languages (``translated_pages``).
"""

from __future__ import annotations

import pytest
from conftest import network_blocked_in_kernels

from helpers.publish.english import (ALLOWED, PENDING, REVIEW, chart_specs, looks_english, read_tsv,
                                   scan, summary)

pytestmark = [pytest.mark.slow]
LANGUAGES = ("es", "pt")


@pytest.fixture(scope="session")
def translated_pages(tmp_path_factory):
    """Every lesson built in Spanish and Portuguese (both editions), with the index, glossary
    and about pages, once per session; kernels run with the network blocked."""
    from helpers.publish.handouts import build_language
    from helpers.publish.translate import lessons

    out = tmp_path_factory.mktemp("english_on_pages")
    cache = tmp_path_factory.mktemp("english_on_pages_cache")
    with network_blocked_in_kernels():
        for language in LANGUAGES:
            code, _results = build_language(language, lessons(), out, cache, 2)
            assert code == 0, f"the {language} edition did not build"
    return out


@pytest.fixture(scope="session")
def reports(translated_pages):
    return {language: scan(translated_pages / language, language) for language in LANGUAGES}


@pytest.fixture(params=LANGUAGES)
def report(reports, request):
    """One language's report (the test runs once for each)."""
    return reports[request.param]


def test_fixtures_are_well_formed():
    review = read_tsv(REVIEW)
    assert len(review) == 3132 and {r["lang"] for r in review} == set(LANGUAGES)
    for path, column in ((ALLOWED, "reason"), (PENDING, "lesson")):
        rows = read_tsv(path)
        assert rows or path == PENDING, path  # the pending list only shrinks, to nothing when all is done
        bad = [r for r in rows if r.get("lang") not in LANGUAGES or not (r.get(column) or "").strip()
               or not (r.get("string") or "").strip()]
        assert not bad, f"{path.name}: rows without a language, a string or a {column}: {bad[:3]}"


def test_the_word_list_tells_english_from_spanish_and_portuguese():
    assert looks_english("The figures run from 267 to 10,000 and the sources disagree.", "es")
    assert looks_english("Show kind: all of the events", "pt")
    assert not looks_english("Las cifras van de 267 a 10.000 y las fuentes no coinciden.", "es")
    assert not looks_english("Os números vão de 267 a 10.000, e as fontes divergem.", "pt")
    assert not looks_english("Según la Office of the United Nations High Commissioner for Refugees, "
                             "la cifra es alta.", "es")
    assert not looks_english('Dijo: "we are going to reclaim our backyard", según la fuente.', "es")


def test_review_strings_are_gone_or_allowed(report):
    assert not report.review_left, (
        f"{len(report.review_left)} strings of the language review still show on the {report.language} "
        "pages. Translate them (helpers.words, the catalogues), or list them in "
        "tests/fixtures/english_allowed.tsv with the reason they may stay:\n" + summary(report, 15))


def test_no_new_english_on_pages(report):
    assert not report.new, (
        f"{len(report.new)} texts on the {report.language} pages read as English. Translate them, or mark "
        "them as not the page's own (lang='en' on a quotation, <cite> on a title, <code> on an "
        "identifier):\n" + summary(report, 15))


def test_pending_list_only_holds_what_still_shows(report):
    """A string a lesson's rewrite has removed leaves the pending list (it never grows stale)."""
    gone = report.pending_gone
    assert not gone, (f"{len(gone)} strings in tests/fixtures/english_pending.tsv no longer show on "
                      f"the {report.language} pages; remove them: {[g[1][:60] for g in gone[:10]]}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_charts_carry_the_editions_number_and_date_formats(translated_pages, language):
    from helpers.formats import vega_locale

    expected = vega_locale(language)
    pages = sorted((translated_pages / language).glob("*.html"))
    specs = [spec for page in pages for spec in chart_specs(page.read_text(encoding="utf-8"))]
    assert len(specs) >= 20
    wrong = [spec.get("title") for spec in specs if (spec.get("config") or {}).get("locale") != expected]
    assert not wrong, f"charts without the {language} locale: {wrong[:5]}"
