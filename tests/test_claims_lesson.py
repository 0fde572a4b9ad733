"""Lesson 05's reading material, as a learner gets it: every claim's originals can be opened
offline (read_laterally), never with the key; outlet cards; the chart an exercise reads agrees
with the exercise's key; the worksheet can be written on; all of it in the reader's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from helpers.claims import (claim_worksheet, claims_by_side, claims_to_check, outlet_card, per_boat_table,
                            read_laterally, show_verdict_scale, verdict_scale)
from helpers.data import load
from helpers.errors import PackError
from helpers.i18n import using_language

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
NOTEBOOK = LESSONS / "05_checking_claims.ipynb"
EXERCISES = yaml.safe_load((LESSONS / "05_checking_claims.exercises.yml").read_text(encoding="utf-8"))["exercises"]
CLAIMS = load("compare/claims")
WITH_ORIGINALS = [c for c, o in zip(CLAIMS["claim_id"], CLAIMS["originals"]) if isinstance(o, str) and o]


def _part_4_code() -> str:
    """The code of Part 4 (from its heading to the next part's)."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    inside, code = False, []
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and re.match(r"##\s", text):
            inside = text.startswith("## Part 4")
        elif inside and cell["cell_type"] == "code":
            code.append(text)
    return "\n".join(code)


def _class_claims() -> list[str]:
    """The claims the lesson's groups check with read_laterally() in Part 4."""
    return re.findall(r"read_laterally\(\"([A-Z]\d\d)\"\)", _part_4_code())


@pytest.mark.parametrize("claim_id", WITH_ORIGINALS)
def test_every_original_of_a_claim_opens_offline_and_shows_its_id(claim_id):
    shown = read_laterally(claim_id)._repr_html_()
    originals = [i for i in CLAIMS.set_index("claim_id").loc[claim_id, "originals"].split(";") if i]
    for item in originals:
        assert f'id="{item}"' in shown, (claim_id, item)
    assert "Where it was read:" in shown


def test_lateral_reading_never_shows_the_key():
    key = CLAIMS.set_index("claim_id")
    for claim_id in WITH_ORIGINALS:
        shown = read_laterally(claim_id)._repr_html_()
        reasoning = key.loc[claim_id, "reasoning"]
        assert reasoning[:80] not in shown, claim_id
        for label in verdict_scale()["label"]:
            assert f"Verdict: {label}" not in shown


def test_each_group_of_part_4_has_originals_from_more_than_one_publisher():
    groups = _class_claims()
    kinds = set(CLAIMS.set_index("claim_id").loc[groups, "speaker_kind"])
    assert len(groups) == 6 and len(kinds) == 6, "one claim per side, six sides"
    for claim_id in groups:
        assert len(set(read_laterally(claim_id).sources)) >= 2, claim_id


def test_the_outlet_cards_of_the_publishers_read_are_shown():
    shown = read_laterally("U05")._repr_html_()  # the State Department statement, read in Republic World
    assert 'id="outlet-republic_world"' in shown
    assert 'id="outlet-lsr"' in read_laterally("A15")._repr_html_()  # the article's publisher
    card = outlet_card("Misión Verdad")._repr_html_()
    assert "Who funds it" in card and "State Media Monitor" in card


def test_an_unknown_outlet_or_original_is_a_clear_error():
    with pytest.raises(PackError, match="mision_verdad"):
        outlet_card("mision verdadd")
    from helpers import claims

    row = CLAIMS.set_index("claim_id").loc["U05"].copy()
    row["originals"] = "ve_doc_016;zz_999"
    original = claims._row
    claims._row = lambda claim_id: row
    try:
        with pytest.raises(PackError, match="zz_999.*originals"):
            read_laterally("U05")
    finally:
        claims._row = original


def test_the_chart_exercise_key_agrees_with_the_data():
    """claims-9 asks when boats x 25,000 first passed all US overdose deaths of 2024."""
    ceiling = float(load("compare/claim_evidence").set_index("evidence_id").loc["ev_004", "figure"])
    table = per_boat_table()
    first = table[table["deaths implied"] > ceiling].iloc[0]
    assert (first["date"].year, first["date"].month, int(first["boats so far"])) == (2025, 10, 4)
    spec = EXERCISES["claims-9"]
    assert spec.get("reads_chart") is True
    assert "early October 2025" in spec["answer"] and "fourth" in spec["answer"]


def test_the_worksheet_can_be_written_on_and_offers_the_seven_verdicts():
    sheet = claim_worksheet("O01")._repr_html_()
    assert sheet.count('class="ih-ruled"') >= 3 * 8
    for label in verdict_scale()["label"]:
        assert label in sheet


@pytest.mark.parametrize("language, words", [("es", ["Los originales que tiene el paquete", "Quién lo financia",
                                                      "Oposición venezolana"]),
                                              ("pt", ["Os originais que o pacote tem", "Quem o financia",
                                                      "Oposição venezuelana"])])
def test_the_reading_material_speaks_the_readers_language(language, words):
    with using_language(language):
        shown = read_laterally("O01")._repr_html_() + outlet_card("aporrea")._repr_html_()
        shown += claims_by_side().to_html() + claim_worksheet("F01")._repr_html_()
        scale = show_verdict_scale()._repr_html_()
    for word in words:
        assert word in shown, word
    for english in ("The originals the pack holds", "Who funds it", "What it shows:", "Who made the claims"):
        assert english not in shown, english
    assert ("contradicha" if language == "es" else "contradita") in scale.lower()


def test_claims_by_side_counts_every_claim():
    table = claims_by_side()
    assert int(table.iloc[:, 1].sum()) == len(claims_to_check())
    assert "speaker_kind" not in table.to_html()
