"""Intervention History: the helpers every lesson imports.

One line does each everyday job::

    from helpers import load, describe, sources, cite, list_datasets
    deaths = load("panama/casualty_estimates")   # a typed pandas DataFrame
    describe("panama/casualty_estimates")        # what each column means, with units
    sources("panama/casualty_estimates")         # who said each figure, with URLs

Charts (``estimate_ranges``, ``timeline``, ``series_by_source``...), widgets and self-checks
(``check``, ``predict``) are here too. Modules load on first use, so ``import helpers`` is fast.
"""

import sys
from importlib import import_module

# Speed: jsonschema, which Altair imports, compiles an RFC 3987 (IRI) grammar at import time
# when the optional rfc3987-syntax package is installed (JupyterLab's dependencies bring it):
# 1.3 s of Altair's 1.8 s import, in every kernel. Altair never validates IRIs, so processes
# that use the pack skip that optional checker. Nothing else changes.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)



def _version() -> str:
    """The one version: the installed package's metadata (pyproject.toml's `version`, the
    edition); a copy used without installing (a learner branch, PYTHONPATH) reads the edition
    from CITATION.cff, which `python -m helpers.edition bump` keeps equal to it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("intervention-history")
    except PackageNotFoundError:
        from .edition import current

        return current()["edition"]


__version__ = _version()

_PUBLIC = {
    # data
    "load": "data", "list_datasets": "data", "describe": "data",
    "sources": "citations", "cite": "citations", "source_line": "citations",
    "all_events": "timelines", "aligned_events": "timelines",
    # charts
    "timeline": "charts", "estimate_ranges": "charts", "series_by_source": "charts",
    "event_markers": "charts", "with_source": "charts",
    "show": "render",
    # widgets and exercises
    "check": "exercises", "explain": "exercises", "predict": "exercises", "answer_key": "exercises",
    "further_reading": "exercises",
    "pick_view": "widgets", "comparison_explorer": "widgets",
    "comparison_matrix": "compare", "comparison_chart": "compare",
    # documents, written tasks, glossary
    "documents": "primary_documents", "read_document": "primary_documents",
    "written_task": "tasks", "written_task_samples": "tasks",
    "organiser": "organiser",
    "glossary": "glossary_terms", "glossary_for": "glossary_terms",
    "set_language": "i18n", "get_language": "i18n",
    "dead_totals": "panama", "latest_by_counter": "panama", "where_guess_falls": "panama", "dead_ranges": "panama",
    # lesson 02 (Plan Colombia)
    "change_pct": "colombia", "coca_two_years": "colombia", "coca_area_chart": "colombia",
    "dated_events": "colombia", "counts_side_by_side": "colombia", "two_years": "colombia",
    "homicide_chart": "colombia", "killings_by_perpetrator": "colombia",
    # the Venezuela lessons (03a, 03b): analysis in helpers/venezuela.py
    **{name: "venezuela" for name in (
        "sanctions_by_year", "oil_chart", "oil_by_source", "oil_change", "economy_around",
        "estimates_and_critiques", "cost_chart", "migrants_by_source", "migration_chart",
        "strike_repeats", "strikes_kept", "strikes_by_area", "tallies_on", "ap_against_ours",
        "running_count_chart", "raid_dead", "raid_dead_chart", "sanctions_after")},
    # the long view (lesson 06, issue 17): maps in helpers/maps.py, analysis in helpers/region.py
    **{name: "maps" for name in ("interventions_map", "boat_strikes_map", "coca_map", "panama_1989_map")},
    **{name: "region" for name in ("under_definition", "reasons_by_era", "reasons_chart", "sensitivity",
                                   "claim_numbers", "stated_words", "coverage")},
    # errors
    "PackError": "errors", "UnknownNameError": "errors", "DataFileError": "errors",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}. "
                             f"Available: {', '.join(__all__)}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    if "IPython" in sys.modules:  # in a notebook: tables shown with headings in words (helpers.words)
        import_module(f"{__name__}.words").install()
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
