"""Learner and facilitator editions of an executed lesson, and cleaning outputs for offline HTML;
and the learner notebook, the same filter applied to a lesson a learner runs in JupyterLab.

Tags follow the standard vocabulary: ``facilitator`` and ``solution`` cells are for the
facilitator edition only (never in a learner handout or a learner notebook); ``remove-cell``
runs but is on no page (the translated lessons' ``set_language(...)`` cell: a learner notebook
keeps it, at the top of its set-up cell, so its helpers answer in its language);
``remove-input`` hides the code on a page.

An instruction has two wordings where only a notebook can do what it says (issue 25): a
markdown cell tagged ``notebook-only`` ("Run the cell below (Shift+Enter)") and, beside it, one
tagged ``handout-only`` ("Look at the table below"). Handouts (both editions) drop
``notebook-only`` cells; learner notebooks drop ``handout-only`` cells; the source lesson, which
the facilitator opens, keeps both.
"""

from __future__ import annotations

import copy
import functools
import re

FACILITATOR_ONLY = {"facilitator", "solution"}
NEVER = {"remove-cell"}
NOTEBOOK_ONLY = "notebook-only"   # an instruction only a notebook can follow: not on a page
HANDOUT_ONLY = "handout-only"     # its wording for a reader of the page: not in a notebook
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@functools.lru_cache(maxsize=1)
def _bundle():
    # deferred for speed: render imports Altair, which learner notebooks (make lab) never need
    from ..render import BUNDLE_END, BUNDLE_START

    return re.compile(re.escape(BUNDLE_START) + ".*?" + re.escape(BUNDLE_END), re.S)


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def edition(notebook, which: str):
    """A copy of ``notebook`` for ``which`` ('learner' or 'facilitator'), ready to export."""
    if which not in ("learner", "facilitator"):
        raise ValueError(f"edition must be 'learner' or 'facilitator', not {which!r}")
    drop = NEVER | {NOTEBOOK_ONLY} | (FACILITATOR_ONLY if which == "learner" else set())
    result = copy.deepcopy(notebook)
    result.cells = [cell for cell in result.cells if not (tags(cell) & drop)]
    for cell in result.cells:
        for output in cell.get("outputs", []):
            _clean_output(output)
    result.metadata.pop("widgets", None)  # no widget manager: views carry static HTML
    result.metadata["ih_edition"] = which
    return result


def learner_notebook(notebook):
    """A copy of a lesson as a learner runs it: no ``facilitator`` or ``solution`` cell (the
    filter of the learner handout) and no ``handout-only`` cell (a page's wording of an
    instruction), every other cell kept (exercise cells stay ``answer = ...``
    placeholders; ``remove-cell`` set-up cells stay and run), no outputs, execution counts or
    widget state."""
    result = copy.deepcopy(notebook)
    drop = FACILITATOR_ONLY | {HANDOUT_ONLY}
    result.cells = [cell for cell in result.cells if not (tags(cell) & drop)]
    for cell in result.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    result.metadata.pop("widgets", None)
    result.metadata.setdefault("intervention_history", {})["edition"] = "learner"
    return result


def _clean_output(output) -> None:
    data = output.get("data")
    if not data:
        return
    if WIDGET_VIEW in data and "text/html" in data:
        data.pop(WIDGET_VIEW)
        data.pop("text/plain", None)
    if "text/html" in data:
        text = data["text/html"]
        text = "".join(text) if isinstance(text, list) else text
        text = _bundle().sub("", text)
        if 'class="ih-chart"' in text:
            # deferred for speed: it imports Altair, which learner notebooks (make lab) never need
            from .handout_charts import chart_for_handout

            text = chart_for_handout(text)
        data["text/html"] = text
