"""Checking claims (lesson 05): the verdict scale, the claims without their key, the key for
facilitators, and a worksheet for checking one claim with the same method every time.

The key (``verdict``, ``also_accepted``, ``reasoning``) lives in ``compare/claims``; learners
use :func:`claims_to_check`, which leaves it out, so a table printed in a lesson gives nothing
away.
"""

from __future__ import annotations

from .errors import PackError
from .i18n import _

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
    from .data import load
    from .i18n import SOURCE, get_language

    table = load("compare/verdict_scale").sort_values("order").reset_index(drop=True)
    language = get_language()
    if language != SOURCE and f"label_{language}" in table.columns:
        table["label"] = table[f"label_{language}"]
    return table.drop(columns=[c for c in table.columns if c.startswith("label_")])


def verdict_labels() -> dict[str, dict[str, str]]:
    """Each verdict's English label (normalised, as an option reads) -> its label by language,
    with the code: {'partly supported': {'en': 'Partly supported', 'es': ..., 'pt': ...}}."""
    import csv

    from .answers import normalise_text
    from .catalog import data_dir

    path = data_dir() / "compare" / "verdict_scale.csv"
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    if _LABELS.get("stamp") != stamp:
        labels = {}
        if path.exists():
            with open(path, encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    entry = {"en": row.get("label", ""), "code": row.get("verdict", "")}
                    entry.update({key[6:]: value for key, value in row.items()
                                  if key and key.startswith("label_") and value})
                    labels[normalise_text(row.get("label", ""))] = entry
        _LABELS.update(stamp=stamp, labels=labels)
    return _LABELS["labels"]


_LABELS: dict = {}


def claims_to_check(speaker_kind: str | None = None):
    """The claims, who made them and what would test them, without the verdicts.

    >>> "verdict" in claims_to_check().columns
    False
    >>> set(claims_to_check("us_government")["speaker_kind"])
    {'us_government'}
    """
    from .data import load

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
    accepted = {str(row["verdict"]): str(row["reasoning"])}
    for part in str(row.get("also_accepted") or "").split(" | "):
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


def claim_worksheet(claim_id: str):
    """A one-claim worksheet: the claim and its speaker, then the five steps of the method,
    each with a blank to fill in (shows as a table; print it for a group).

    >>> claim_worksheet("U01").iloc[0, 0]
    'Claim'
    """
    import pandas as pd

    row = _row(claim_id)
    lines = [(_("Claim"), f"{row['claim']} ({row['wording']})"),
             (_("Said by"), f"{row['speaker']}, {row['claim_date']}"),
             (_("What would test it"), str(row["data_needed"])),
             (_("Tables of the pack to start from"), str(row["pack_tables"] or _("none"))),
             *[(step, f"{prompt}  ...") for step, prompt in _method()],
             (_("My verdict, and how sure I am"), "..."),
             (_("One word that would flip my verdict"), "...")]
    return pd.DataFrame(lines, columns=[_("step"), _("what to do / write here")])


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


def _row(claim_id: str):
    from .data import load

    table = load("compare/claims")
    match = table[table["claim_id"].astype(str) == claim_id]
    if match.empty:
        raise PackError(_("Unknown claim {claim_id}: ids run {ids}.").format(
            claim_id=repr(claim_id), ids=", ".join(table["claim_id"].astype(str))))
    return match.iloc[0]
