"""Checking claims (lesson 05): the verdict scale, the claims without their key, the key for
facilitators, lateral reading done offline, and a worksheet for checking one claim with the same
method every time.

The key (``verdict``, ``also_accepted``, ``reasoning``) lives in ``compare/claims``; learners
use :func:`claims_to_check`, which leaves it out, so a table printed in a lesson gives nothing
away. What a learner reads to check a claim offline is in the claim's ``originals`` (documents,
``compare/claim_evidence`` rows, rows of other tables) and in ``compare/outlets`` (who runs and
funds an outlet, what others say about it)::

    from helpers.claims import read_laterally, outlet_card, per_boat_chart
    read_laterally("O01")        # the claim, the originals the pack holds, who published each
    outlet_card("mision_verdad") # one outlet's card
    per_boat_chart()             # '25,000 lives per boat' against a year's overdose deaths
"""

from __future__ import annotations

import functools
import html

from .catalog import package, table_path
from .charts import with_source
from .citations import _bibliography_rows, citation_html, cite
from .data import load
from .errors import PackError, suggest
from .formats import date as date_words
from .i18n import SOURCE, _, document_rendering, get_language
from .primary_documents import _row as document_row
from .primary_documents import _when, rendering_html
from .venezuela import strikes_kept
from .words import text_words, value_words

KEY_COLUMNS = ["verdict", "also_accepted", "sources_disagree", "reasoning", "source_ids", "locator"]
SPEAKERS = {"article": "the article (LSR, 3 Nov 2025)", "us_government": "US government",
            "venezuelan_government": "Venezuelan government",
            "venezuelan_opposition": "Venezuelan opposition",
            "un_and_rights_groups": "UN bodies and rights groups",
            "affected_people": "Affected people (the families of the dead)",
            "colombian_government": "Colombian government"}
# The five steps of the method, in English (claim_worksheet() shows them in the language in use).
METHOD = [
    ("Pin the claim down", "Write the exact words. Quotation, paraphrase or translation? What does "
     "the claim turn on: a figure, a date, a place, a name, the words themselves?"),
    ("Find the original source", "Follow the chain back: who first said or published it? A "
     "report about a report is not the report."),
    ("Read laterally", "Before trusting a source, leave it: what do others say about who "
     "published it, and what stake do they have?"),
    ("Corroborate independently", "Look for sources that found it out separately. Two outlets "
     "relaying one announcement are ONE source."),
    ("Judge on the scale", "Work down the verdict scale's questions; say how sure you are and "
     "which one word, changed, would flip your verdict."),
]


def verdict_scale():
    """The seven verdicts in the order of the rubric: label (in the language in use), definition,
    deciding question, example (the last two: not testable in principle, and not checked here for
    want of evidence).

    >>> list(verdict_scale()["verdict"])[:2]
    ['supported', 'partly_supported']
    """

    table = load("compare/verdict_scale").sort_values("order").reset_index(drop=True)
    language = get_language()
    if language != SOURCE and f"label_{language}" in table.columns:
        table["label"] = table[f"label_{language}"]
    return table.drop(columns=[c for c in table.columns if c.startswith("label_")])


def claims_to_check(speaker_kind: str | None = None):
    """The claims, who made them and what would test them, without the verdicts.

    >>> "verdict" in claims_to_check().columns
    False
    >>> set(claims_to_check("us_government")["speaker_kind"])
    {'us_government'}
    """

    table = load("compare/claims")
    if speaker_kind is not None:
        kinds = sorted(table["speaker_kind"].astype(str).unique())
        if speaker_kind not in kinds:
            raise PackError(_("Unknown speaker_kind {speaker_kind}: use one of {kinds}.").format(
                speaker_kind=repr(speaker_kind), kinds=kinds))
        table = table[table["speaker_kind"].astype(str) == speaker_kind]
    return table.drop(columns=[c for c in KEY_COLUMNS if c in table.columns]).reset_index(drop=True)


def accepted_verdicts(claim_id: str) -> dict[str, str]:
    """Every verdict the key accepts for a claim, with its reason (the key's verdict first).

    >>> list(accepted_verdicts("A06"))
    ['contradicted', 'partly_supported']
    """
    row = _row(claim_id)
    return {str(row["verdict"]): str(row["reasoning"]), **_also_accepted(str(row.get("also_accepted") or ""))}


def _also_accepted(field: str) -> dict[str, str]:
    """'verdict: reason | verdict: reason' (a claim's also_accepted, in any language: the
    verdict codes stay in English) as {verdict: reason}."""
    accepted = {}
    for part in field.split(" | "):
        if ": " in part:
            verdict, reason = part.split(": ", 1)
            accepted[verdict.strip()] = reason.strip()
    return accepted


def claim_key(claim_id: str):
    """The facilitator's key for one claim: verdict, other defensible verdicts, reasoning,
    sources. (Facilitator cells only.)

    >>> claim_key("A14")["verdict"]
    'supported'
    """
    return _row(claim_id)[["claim_id", "claim", "speaker", *KEY_COLUMNS]]


def claim_worksheet(claim_id: str | None = None):
    """A one-claim worksheet to print for a group: the claim and its speaker, then the five steps
    of the method, each with its prompt and ruled lines to write on, the seven verdicts to circle,
    and the two independent sources the verdict rests on. Without a claim id, a blank sheet whose
    claim lines are filled in by hand. ``.frame`` holds the same lines as a table.

    >>> sheet = claim_worksheet("U01")
    >>> sheet.frame.iloc[0, 0] == "Claim" and "ih-ruled" in sheet._repr_html_()
    True
    """
    import pandas as pd

    e = html.escape
    labels = " / ".join(str(label) for label in verdict_scale()["label"])
    if claim_id is None:
        head = [(_("Claim"), ""), (_("Said by"), ""), (_("What would test it"), "")]
        claim_id = "_____"
    else:
        row = _row(claim_id)
        shown = claims_to_check()
        claim_text = shown.loc[shown["claim_id"] == claim_id, "claim"].iloc[0]

        head = [(_("Claim"), f"{claim_id}: {claim_text}"), (_("Said by"), text_words(str(row["speaker"]), "speaker")),
                (_("What would test it"), text_words(str(row["data_needed"]), "data_needed"))]
    steps = [*_method(),
             (_("My verdict (circle one), and how sure I am"), labels),
             (_("Two sources, independent of the speaker and of each other, that my verdict rests on"), ""),
             (_("One word that would flip my verdict"), "")]
    ruled = '<div class="ih-ruled"></div>' * 3
    line = '<div class="ih-ruled"></div>'
    rows_html = "".join(f'<tr><th scope="row">{e(k)}</th><td>{e(v) if v else line}</td></tr>' for k, v in head)
    numbered = [(f"{i}. {step}" if i <= len(METHOD) else step, prompt) for i, (step, prompt) in enumerate(steps, start=1)]
    rows_html += "".join(f'<tr><th scope="row">{e(step)}</th><td class="ih-blank"><p>{e(prompt)}</p>{ruled}</td></tr>'
                         for step, prompt in numbered)
    html_text = (f'<table class="ih-answer-sheet ih-claim-worksheet"><caption>'
                 f'{e(_("Claim-check worksheet"))}: {e(claim_id)}</caption><tbody>{rows_html}</tbody></table>')
    frame = pd.DataFrame([*head, *steps], columns=[_("step"), _("what to do / write here")])
    text = "\n".join(f"{k}: {v}" for k, v in [*head, *steps])
    sheet = _Html(html_text, text)
    sheet.frame = frame
    return sheet


def _method() -> list[tuple[str, str]]:
    """METHOD in the language in use."""
    return [(_(step), _(prompt)) for step, prompt in METHOD]


def _catalogue_messages() -> list[str]:  # never called: lists METHOD's words for the catalogue
    return [
        _("Pin the claim down"),
        _("Write the exact words. Quotation, paraphrase or translation? What does the claim turn on: a "
          "figure, a date, a place, a name, the words themselves?"),
        _("Find the original source"),
        _("Follow the chain back: who first said or published it? A report about a report is not the "
          "report."),
        _("Read laterally"),
        _("Before trusting a source, leave it: what do others say about who published it, and what "
          "stake do they have?"),
        _("Corroborate independently"),
        _("Look for sources that found it out separately. Two outlets relaying one announcement are "
          "ONE source."),
        _("Judge on the scale"),
        _("Work down the verdict scale's questions; say how sure you are and which one word, changed, "
          "would flip your verdict."),
    ]


# ----------------------------------------------------------------------------- shown to learners
def _sides() -> dict[str, str]:
    """The speaker kinds in the language in use (the same words as the exercises and cards)."""
    return {"article": _("The article (LSR, 3 November 2025)"),
            "us_government": _("US government"),
            "venezuelan_government": _("Venezuelan government"),
            "venezuelan_opposition": _("Venezuelan opposition"),
            "un_and_rights_groups": _("UN bodies and rights groups"),
            "affected_people": _("Families of the dead and other people affected"),
            "colombian_government": _("Colombian government")}


def claims_by_side():
    """How many claims the pack checks from each side, with their ids: a small table in words.

    >>> table = claims_by_side()
    >>> int(table.iloc[:, 1].sum()) == len(claims_to_check())
    True
    """
    import pandas as pd

    claims = claims_to_check()
    sides = _sides()
    rows = []
    for kind, group in claims.groupby(claims["speaker_kind"].astype(str), sort=False):
        ids = list(group["claim_id"].astype(str))
        rows.append((sides.get(kind, kind), len(ids), _ids_span(ids)))
    return pd.DataFrame(rows, columns=[_("Who made the claims"), _("Claims"), _("Ids")])


def _ids_span(ids: list[str]) -> str:
    """'A01-A21' for a run of ids with one letter, else the ids joined by commas."""
    if len(ids) > 2 and len({i[0] for i in ids}) == 1:
        return f"{ids[0]}-{ids[-1]}"
    return ", ".join(ids)


class _Html:
    """Shown as HTML in a notebook and a handout, as plain text elsewhere."""

    def __init__(self, html_text: str, text: str):
        self._html, self._text = html_text, text

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._text


def show_verdict_scale(examples: bool = True) -> _Html:
    """The verdict scale as a reader sees it: each verdict in the edition's words, what it means,
    the question that decides it, and (unless ``examples=False``) an example claim; no exercise
    asks about the examples.

    >>> "Contradicted" in show_verdict_scale()._repr_html_()
    True
    >>> "O04" in show_verdict_scale(examples=False)._repr_html_()
    False
    """
    e = html.escape
    scale = verdict_scale()
    head = [_("Verdict"), _("What it means"), _("The question that decides it")] + ([_("Example")] if examples else [])
    rows, text = [], []
    for _i, row in scale.iterrows():
        example = (f"{row['example_claim_id']}: {row['example']}"
                   if examples and isinstance(row["example"], str) else "")
        rows.append(f"<tr><th scope=\"row\">{int(row['order'])}. {e(str(row['label']))}</th>"
                    f"<td>{e(str(row['definition']))}</td><td>{e(str(row['ask']))}</td>"
                    + (f"<td>{e(example)}</td>" if examples else "") + "</tr>")
        text.append(f"{int(row['order'])}. {row['label']}: {row['definition']} {_('Ask:')} {row['ask']}"
                    f"{' ' + _('Example:') + ' ' + example if example else ''}")
    table = ('<table class="ih-answer-sheet ih-verdict-scale"><caption>'
             f'{e(_("The verdict scale: seven verdicts, in order"))}</caption><thead><tr>'
             + "".join(f'<th scope="col">{e(h)}</th>' for h in head)
             + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return _Html(table, "\n".join(text))


def _publisher_kinds() -> dict[str, str]:
    return {"government": _("a government"), "international_body": _("an international body"),
            "rights_group": _("a rights group"), "academic": _("a university or scholar"),
            "news_agency": _("a news agency"), "newspaper": _("a newspaper or news site"),
            "partisan_outlet": _("an outlet with a declared political line"), "other": _("other")}


def _copy_kinds() -> dict[str, str]:
    return {"original": _("the page read is the original publication"),
            "syndicated": _("the page read is a copy syndicated by the agency or a partner"),
            "mirror_or_archive": _("the page read is a copy on a mirror or archive"),
            "aggregator_or_scraper": _("the page read is a copy on an aggregator or scraper site")}


def _card_fields() -> list[tuple[str, str]]:
    return [("what_it_is", _("What it is")), ("who_runs_it", _("Who runs it")),
            ("funding", _("Who funds it")), ("what_others_say", _("What others say about it")),
            ("says_of_itself", _("What it says of itself")), ("used_in_pack", _("What the pack reads in it"))]


def outlet_card(outlet: str) -> _Html:
    """One outlet's card from compare/outlets: what it is, who runs and funds it, what others
    say about it and what it says of itself, each attributed. Takes the id or the name.

    >>> "Who funds it" in outlet_card("mision_verdad")._repr_html_()
    True
    """

    outlets = load("compare/outlets")
    wanted = str(outlet).strip().lower()
    match = outlets[(outlets["outlet_id"].str.lower() == wanted) | (outlets["outlet"].str.lower() == wanted)]
    if match.empty:
        raise suggest(outlet, list(outlets["outlet_id"]), "outlet", see="compare/outlets")
    return _outlet_html(match.iloc[0])


def _outlet_html(row) -> _Html:
    e = html.escape
    items = "".join(f"<div><dt>{e(label)}</dt><dd>{e(str(row[field]))}</dd></div>"
                    for field, label in _card_fields() if isinstance(row[field], str) and row[field])
    rows = _bibliography_rows()
    cites = "; ".join(citation_html(rows[s]) if s in rows else html.escape(cite(s))
                      for s in str(row["source_ids"]).split(";") if s)
    html_text = (f'<article class="ih-outlet" id="outlet-{e(row["outlet_id"])}"><header>'
                 f'<p class="ih-doc-kicker">{e(_("Outlet card"))} · {e(str(text_words(row["country"], "country")))}</p>'
                 f'<h4 class="ih-doc-title">{e(str(row["outlet"]))}</h4></header>'
                 f'<dl class="ih-outlet-card">{items}</dl>'
                 f'<p class="ih-doc-source"><strong>{e(_("Where it was read:"))}</strong> {cites} '
                 f'({e(str(row["locator"]))})</p></article>')
    text = "\n".join([f"{_('Outlet card')}: {row['outlet']} ({text_words(row['country'], 'country')})",
                      *[f"{label}: {row[field]}" for field, label in _card_fields()
                        if isinstance(row[field], str) and row[field]]])
    return _Html(html_text, text)


def _outlets_for(source_rows: list[dict], speaker_kind: str) -> list:
    """The outlet cards that concern these sources: an outlet whose name opens the source's
    publisher ('Republic World', 'Roya News (Jordan)'); the article's publisher for its claims."""

    outlets = load("compare/outlets")
    found = []
    for _i, outlet in outlets.iterrows():
        name = str(outlet["outlet"]).split(" (")[0].strip().lower()
        hit = any(str(s.get("author_or_publisher", "")).strip().lower().startswith(name) for s in source_rows)
        if hit or (speaker_kind == "article" and outlet["outlet_id"] == "lsr"):
            found.append(outlet)
    return found


def _table_of(row_id: str) -> str | None:
    """The table a row id belongs to, from the ids' prefixes ('ve_op_077' -> venezuela/operation_2026)."""
    prefix = row_id.rstrip("0123456789")
    return _prefixes().get(prefix)


@functools.lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    import csv

    found = {}
    for item in package()["resources"]:
        if item["name"] == "sources":
            continue
        with open(table_path(item["name"]), encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader(handle), None) and next(csv.reader(handle), None)
        if first and first[0]:
            found.setdefault(first[0].rstrip("0123456789"), item["name"])
    return found


# Columns shown for a row of another table, in this order (the rest of the row stays in the table).
ROW_FIELDS = {
    "venezuela/operation_2026": ["item", "counted_by", "date", "qualifier", "value", "unit", "description"],
    "venezuela/events": ["date", "title", "description", "actor"],
    "venezuela/strike_tallies": ["outlet", "as_of", "strikes", "killed", "scope", "note"],
    "venezuela/sanctions": ["date", "instrument", "target", "summary"],
    "venezuela/sanction_impact_estimates": ["authors", "published", "period", "value", "unit", "stance", "summary"],
    "venezuela/indicators": ["series", "year", "value", "unit", "note"],
}


def _cell(value, row=None) -> str:
    """A cell as a reader reads it: dates by their precision ('28 July 2024', 'July 2024')."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        precision = str((row.get("date_precision") if row is not None else None) or "day")
        return _when({"date": value, "date_precision": precision if precision in ("day", "month", "year") else "day"})
    if isinstance(value, (int, float)):
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.##", locale=get_language())
    return str(value)


class LateralReading(_Html):
    """What :func:`read_laterally` shows; ``.sources`` lists the source ids behind what it shows."""

    def __init__(self, html_text: str, text: str, sources: list[str]):
        super().__init__(html_text, text)
        self.sources = sources


def _originals(ids: list[str], claim_id: str = "") -> tuple[list[str], list[str], list[str]]:
    """(HTML items, text lines, source ids) for rows of the pack named by id: documents, evidence
    rows of compare/claim_evidence and rows of other tables, each with where it was read."""

    e = html.escape
    evidence = load("compare/claim_evidence").set_index("evidence_id")
    parts, lines, source_ids = [], [], []

    def where(source_id: str, locator: str) -> str:
        source_ids.append(source_id)
        row = _bibliography_rows().get(source_id)
        cited = citation_html(row) if row else e(cite(source_id))
        return (f'<p class="ih-doc-source"><strong>{e(_("Where it was read:"))}</strong> '
                f'{cited} ({e(text_words(locator, "locator"))})</p>')

    for item in ids:
        if item in evidence.index:
            ev = evidence.loc[item]
            date = _when({"date": ev["date"], "date_precision": ev["date_precision"]})
            render = rendering_html(*document_rendering("compare/claim_evidence",
                                                        {"evidence_id": item, **ev.to_dict()}))
            parts.append(
                f'<li id="{e(item)}"><p><strong>{e(item)} · {e(str(ev["publisher"]))}</strong>, {e(date)}: '
                f'{e(str(ev["what"]))}</p>'
                f'<blockquote class="ih-doc-excerpt" lang="{e(str(ev["language"]))}">{e(str(ev["excerpt"]))}</blockquote>'
                f'{render}<p><strong>{e(_("What it shows:"))}</strong> {e(str(ev["what_it_shows"]))}</p>'
                + where(str(ev["source_id"]), str(ev["locator"])) + "</li>")
            lines.append(f"{item} · {ev['publisher']}, {date}: {ev['what']}\n  \"{ev['excerpt']}\"\n  "
                         f"{_('What it shows:')} {ev['what_it_shows']}")
        elif item.startswith(("pa_doc_", "co_doc_", "ve_doc_", "rg_doc_")):
            doc = document_row(item)
            table = {"pa": "panama", "co": "colombia", "ve": "venezuela", "rg": "region"}[item[:2]]
            render = rendering_html(*document_rendering(f"{table}/documents", doc), doc.get("translated_by"))
            parts.append(
                f'<li id="{e(item)}"><p><strong>{e(item)} · {e(text_words(str(doc["speaker"]), "speaker"))}</strong>, {e(_when(doc))}: '
                f'{e(str(doc["role"]))}</p><p class="ih-doc-headnote">{e(str(doc["headnote"]))}</p>'
                f'<blockquote class="ih-doc-excerpt" lang="{e(str(doc["language"]))}">{e(str(doc["excerpt"]))}</blockquote>'
                f"{render}" + where(str(doc["source_id"]), str(doc["locator"])) + "</li>")
            lines.append(f"{item} · {text_words(str(doc['speaker']), 'speaker')}, {_when(doc)}\n  \"{doc['excerpt']}\"")
        else:
            table_name = _table_of(item)
            if table_name is None:
                raise PackError(_("Claim {claim_id} names {item} among its originals, and no table of the "
                                  "pack has rows with that id: correct the claim's 'originals'.").format(
                                      claim_id=claim_id or "-", item=item))
            rows = load(table_name)
            match = rows[rows.iloc[:, 0].astype(str) == item]
            if match.empty:
                raise PackError(_("Claim {claim_id} names {item} among its originals, and {table} has no such "
                                  "row: correct the claim's 'originals'.").format(
                                      claim_id=claim_id or "-", item=item, table=table_name))
            row = match.iloc[0]
            fields = [f for f in ROW_FIELDS.get(table_name, list(rows.columns[1:6])) if f in row.index]
            summary = " · ".join(c for c in (_cell(value_words(row[f], f, table_name), row) for f in fields) if c)
            parts.append(f'<li id="{e(item)}"><p><strong>{e(item)}</strong> ({e(table_name)}): {e(summary)}</p>'
                         + where(str(row["source_id"]), str(row.get("locator", ""))) + "</li>")
            lines.append(f"{item} ({table_name}): {summary}")
    return parts, lines, source_ids


def show_rows(*ids: str) -> _Html:
    """Rows of the pack by id, as read_laterally() shows them (documents, evidence rows, rows of
    other tables), each with where it was read.

    >>> "80,391" in show_rows("ev_004")._repr_html_()
    True
    """
    parts, lines, _sources = _originals(list(ids))
    return _Html(f'<ol class="ih-originals">{"".join(parts)}</ol>', "\n".join(lines))


def show_claims(*ids: str) -> _Html:
    """Claims by id, without their verdicts: who said it, when, and in what words (a quotation, a
    paraphrase or the pack's translation).

    >>> "O01" in show_claims("O01")._repr_html_()
    True
    """

    e = html.escape
    shown = claims_to_check().set_index("claim_id")
    wording = {"quotation": _("the speaker's own words"), "paraphrase": _("the pack's summary"),
               "translation": _("the pack's translation")}
    items, lines = [], []
    for claim_id in ids:
        if claim_id not in shown.index:
            _row(claim_id)  # says which ids exist
        row = shown.loc[claim_id]
        when = _claim_when(row["claim_date"])
        speaker = text_words(str(row["speaker"]), "speaker")
        side = _sides().get(str(row["speaker_kind"]), str(row["speaker_kind"]))
        words = wording.get(str(row["wording"]), str(row["wording"]))
        items.append(f'<li id="{e(claim_id)}"><p><strong>{e(claim_id)}</strong> · {e(side)}</p>'
                     f'<blockquote class="ih-claim">{e(str(row["claim"]))}</blockquote>'
                     f'<p>{e(speaker)}, {e(when)} ({e(words)})</p></li>')
        lines.append(f"{claim_id} · {side}: \"{row['claim']}\" ({speaker}, {when}; {words})")
    return _Html(f'<ul class="ih-claims">{"".join(items)}</ul>', "\n".join(lines))


def _claim_when(value) -> str:
    """A claim's date (stored as YYYY, YYYY-MM or YYYY-MM-DD, or read as a date) as a reader reads it."""
    import pandas as pd

    text = str(value).strip()[:10]
    if isinstance(value, pd.Timestamp):
        return _when({"date": value, "date_precision": "day"})
    precision = {4: "year", 7: "month"}.get(len(text), "day")
    try:
        return _when({"date": pd.Timestamp(text if precision != "year" else f"{text}-01-01"),
                      "date_precision": precision})
    except ValueError:
        return text


def show_key(*ids: str) -> _Html:
    """The facilitator's key for claims, in the edition's words for the verdicts: verdict, other
    defensible verdicts with their reasons, and the reasoning. (Facilitator cells only.)

    >>> "Supported" in show_key("A15")._repr_html_()
    True
    """

    e = html.escape
    labels = verdict_scale().set_index("verdict")["label"]
    items, lines = [], []
    for claim_id in ids:
        row = _row(claim_id)
        verdict = labels.get(str(row["verdict"]), str(row["verdict"]))
        reasoning = text_words(str(row["reasoning"]), "reasoning")
        others = []
        for code, reason in _also_accepted(text_words(str(row.get("also_accepted") or ""), "also_accepted")).items():
            others.append(f"<li><strong>{e(labels.get(code, code))}</strong>: {e(reason)}</li>")
        also = f'<p>{e(_("Also accepted:"))}</p><ul>{"".join(others)}</ul>' if others else ""
        items.append(f'<li id="key-{e(claim_id)}"><p><strong>{e(claim_id)}: {e(verdict)}</strong></p>{also}'
                     f'<p>{e(reasoning)}</p></li>')
        lines.append(f"{claim_id}: {verdict}\n  {reasoning}")
    return _Html(f'<ul class="ih-key">{"".join(items)}</ul>', "\n".join(lines))


def read_laterally(claim_id: str) -> LateralReading:
    """Everything the pack holds to check one claim offline, in one call: the claim (without its
    verdict), the originals behind it (documents, evidence rows, rows of other tables, each with
    where it was read), then who published each of them (kind of publisher, original or copy) and
    the outlet cards of compare/outlets that concern them.

    >>> shown = read_laterally("U05")
    >>> "ve_doc_016" in shown._repr_html_() and "Republic World" in shown._repr_html_()
    True
    """

    e = html.escape
    claim = _row(claim_id)
    shown = claims_to_check()
    claim_text = shown.loc[shown["claim_id"] == claim_id, "claim"].iloc[0]
    side = _sides().get(str(claim["speaker_kind"]), str(claim["speaker_kind"]))
    originals = [i.strip() for i in str(claim.get("originals") or "").split(";")
                 if i.strip() and i.strip().lower() != "nan"]
    bibliography = _bibliography_rows()
    parts, lines, source_ids = _originals(originals, claim_id)
    none_here = _("The pack holds no original for this claim: start from the tables named below, and note "
                  "what you would need to find.")
    originals_html = f'<ol class="ih-originals">{"".join(parts)}</ol>' if originals else f"<p>{e(none_here)}</p>"
    if not originals:
        lines.append(none_here)

    # Who published what the learner reads: the lateral step.
    unique = list(dict.fromkeys(source_ids))
    rows_read = [bibliography[s] for s in unique if s in bibliography]
    who = []
    for s in rows_read:
        kind = _publisher_kinds().get(s.get("publisher_kind") or "other", s.get("publisher_kind") or "")
        copy = _copy_kinds().get(s.get("copy_kind") or "original", "")
        who.append(f"<li><strong>{e(s['author_or_publisher'])}</strong>: {e(kind)}; {e(copy)}.</li>")
        lines.append(f"- {s['author_or_publisher']}: {kind}; {copy}.")
    cards = _outlets_for(rows_read, str(claim["speaker_kind"]))
    cards_html = "".join(_outlet_html(c)._repr_html_() for c in cards)
    lines += [_outlet_html(c).__repr__() for c in cards]
    no_card = "" if cards else f'<p>{e(_("The pack has no outlet card for these publishers: write down what you would look up about each."))}</p>'

    speaker, needed = text_words(str(claim["speaker"]), "speaker"), text_words(str(claim["data_needed"]), "data_needed")
    ask = _("Ask of each: who runs it, who funds it, what do others say about it? Which of these found the "
            "fact out for themselves, and which pass on someone else's words?")
    tables = (", ".join(t for t in str(claim["pack_tables"]).split(";") if t)
              if isinstance(claim["pack_tables"], str) else _("none"))
    html_text = (
        f'<section class="ih-lateral" aria-label="{e(_("Claim"))} {e(claim_id)}">'
        f'<p class="ih-doc-kicker">{e(_("Claim"))} {e(claim_id)} · {e(side)}</p>'
        f'<blockquote class="ih-claim">{e(str(claim_text))}</blockquote>'
        f'<p><strong>{e(_("Said by"))}:</strong> {e(speaker)}</p>'
        f'<p><strong>{e(_("What would test it"))}:</strong> {e(needed)}</p>'
        f'<p><strong>{e(_("Tables of the pack to start from"))}:</strong> {e(tables)}</p>'
        f'<h4>{e(_("1. The originals the pack holds"))}</h4>{originals_html}'
        f'<h4>{e(_("2. Who published what you are reading"))}</h4><ul>{"".join(who)}</ul>{no_card}{cards_html}'
        f'<p class="ih-howto">{e(ask)}</p>'
        "</section>")
    text = "\n".join([f"{_('Claim')} {claim_id} · {side}", f'"{claim_text}"',
                      f"{_('Said by')}: {speaker}", f"{_('What would test it')}: {needed}",
                      "", _("1. The originals the pack holds"), *lines])
    return LateralReading(html_text, text, unique)

# ----------------------------------------------------------------------------- the U01 chart
# The reports of the president's figure that the chart marks (claim U01's sources, by date).
PER_BOAT_STATEMENTS = ["wptv_2025_10_03", "westernjournal_2026_01_30"]


def per_boat_table(per_boat: int = 25_000, until: str = "2026-01-31"):
    """Boats destroyed so far, strike by strike (venezuela/boat_strikes, repeats removed), and the
    deaths a figure of ``per_boat`` deaths prevented per boat implies: boats x per_boat.

    >>> table = per_boat_table()
    >>> int(table["boats so far"].iloc[3]), int(table["deaths implied"].iloc[3])
    (4, 100000)
    """
    import pandas as pd

    kept = strikes_kept()
    kept = kept[kept["date"] <= pd.Timestamp(until)].copy()
    kept["boats so far"] = kept["vessels"].fillna(1).astype(int).cumsum()
    kept["deaths implied"] = kept["boats so far"] * int(per_boat)
    return kept[["date", "strike_id", "vessels", "boats so far", "deaths implied", "source_id"]].reset_index(drop=True)


def per_boat_chart(per_boat: int = 25_000, until: str = "2026-01-31"):
    """What 'each boat destroyed would have killed about 25,000 Americans' (claim U01) implies,
    boat by boat, set against all US overdose deaths in a year (compare/claim_evidence ev_004,
    ev_005), with the dates the president's figure was reported.

    >>> spec = per_boat_chart().to_dict()
    >>> spec["usermeta"]["source"].startswith("Source")
    True
    """
    import altair as alt
    import pandas as pd

    steps = per_boat_table(per_boat, until)
    start = pd.DataFrame({"date": [pd.Timestamp("2025-09-01")], "deaths implied": [0], "boats so far": [0]})
    line_rows = pd.concat([start, steps[["date", "deaths implied", "boats so far"]]], ignore_index=True)
    end = pd.DataFrame({"date": [pd.Timestamp(until)], "deaths implied": [line_rows["deaths implied"].iloc[-1]],
                        "boats so far": [line_rows["boats so far"].iloc[-1]]})
    line_rows = pd.concat([line_rows, end], ignore_index=True)
    evidence = load("compare/claim_evidence").set_index("evidence_id")
    ceilings = pd.DataFrame({
        "deaths": [float(evidence.loc["ev_004", "figure"]), float(evidence.loc["ev_005", "figure"])],
        "label": [_("All US overdose deaths in 2024, every drug (CDC, provisional)"),
                  _("All US overdose deaths, 12 months to August 2025 (CDC, provisional)")],
        "source_id": [evidence.loc["ev_004", "source_id"], evidence.loc["ev_005", "source_id"]]})
    bibliography = _bibliography_rows()

    said = pd.DataFrame({"date": [pd.Timestamp(bibliography[s]["published"]) for s in PER_BOAT_STATEMENTS],
                         "quote": [_("3 Oct 2025: 'enough drugs to kill 25 TO 50 THOUSAND PEOPLE'"),
                                   _("30 Jan 2026: 'an average of 25,000 people a boat'")],
                         "source_id": PER_BOAT_STATEMENTS})
    said["label"] = [date_words(d.date()) for d in said["date"]]  # short on the chart: a phone's width
    deaths_title = _("Deaths (people)")
    implied = alt.Chart(line_rows).mark_line(interpolate="step-after", strokeWidth=3, color="#b3261e").encode(
        x=alt.X("date:T", title=_("Date")),
        y=alt.Y("deaths implied:Q", title=deaths_title, axis=alt.Axis(format=",.0f")),
        tooltip=[alt.Tooltip("date:T", title=_("Date"), format="%d %b %Y"),
                 alt.Tooltip("boats so far:Q", title=_("Boats destroyed so far")),
                 alt.Tooltip("deaths implied:Q", title=_("Deaths implied at 25,000 a boat"), format=",.0f")])
    last = line_rows.tail(1).assign(text=_("x 25,000 a boat"))
    label_end = alt.Chart(last).mark_text(align="right", dx=-4, dy=14, fontWeight=600, color="#b3261e").encode(
        x="date:T", y="deaths implied:Q", text="text:N")
    rules = alt.Chart(ceilings).mark_rule(strokeDash=[6, 3], color="#00507a", strokeWidth=2).encode(
        y="deaths:Q", tooltip=[alt.Tooltip("label:N", title=_("Line")),
                               alt.Tooltip("deaths:Q", title=deaths_title, format=",.0f")])
    at_end = ceilings.head(1).assign(date=pd.Timestamp(until), short=_("All overdose deaths, 2024 (CDC)"))
    rule_text = alt.Chart(at_end).mark_text(align="right", dy=-9, color="#00507a").encode(
        x="date:T", y="deaths:Q", text="short:N")
    marks = alt.Chart(said).mark_rule(color="#4d4d4d", strokeDash=[2, 2]).encode(
        x="date:T", tooltip=[alt.Tooltip("quote:N", title=_("The figure, as reported"))])
    first_text = alt.Chart(said.head(1)).mark_text(align="left", dx=4, y=12, fontSize=11, color="#4d4d4d").encode(
        x="date:T", text="label:N")
    last_text = alt.Chart(said.tail(1)).mark_text(align="right", dx=-4, y=200, fontSize=11, color="#4d4d4d").encode(
        x="date:T", text="label:N")
    chart = alt.layer(implied, label_end, rules, rule_text, marks, first_text, last_text).properties(
        title=alt.Title(_("'Each boat would have killed 25,000 Americans': what the figure implies, boat by boat"),
                        subtitle=_("Red: boats destroyed so far x 25,000. Dashed blue: all US overdose deaths in a year, "
                                   "every drug and route. Grey: when the figure was reported.")),
        description=_("Step line of the number of boats destroyed in the US strikes from September 2025, "
                      "multiplied by 25,000, against two horizontal lines for all US overdose deaths in a "
                      "year (80,391 in 2024; about 73,000 in the 12 months to August 2025), with the dates "
                      "of two reports of the president's figure."),
        width=600, height=320)
    return with_source(chart, steps, ceilings, said)


def _row(claim_id: str):
    table = load("compare/claims")
    match = table[table["claim_id"].astype(str) == claim_id]
    if match.empty:
        raise PackError(_("Unknown claim {claim_id}: ids run {ids}.").format(
            claim_id=repr(claim_id), ids=", ".join(table["claim_id"].astype(str))))
    return match.iloc[0]
