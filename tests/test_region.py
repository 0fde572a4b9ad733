"""The regional table of US interventions (issue 17) and its companions: coverage, codebook
rules, sources on every row, the definitions lesson 06 compares, and a neutral voice."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import load
from helpers.region import ARMED_FORCES_KINDS, DEFINITIONS, REASONS, reasons_by_era, under_definition

LOADED_WORDS = re.compile(r"\b(regime|pretext|captur\w*|hard-line|narco-?terrorist\w*|narco-?terrorism)\b", re.I)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load("region/interventions")


def test_the_table_covers_the_region_and_the_period(table):
    assert len(table) >= 40, f"only {len(table)} interventions; issue 17 asks for at least 40"
    assert table["country"].nunique() >= 12, f"only {table['country'].nunique()} countries; at least 12"
    years = table["start_date"].dt.year
    assert years.min() <= 1898 and years.max() >= 2026, "the table should run from 1898 to 2026"
    cases = set(table["case_in_pack"].dropna().astype(str))
    assert {"panama", "colombia", "venezuela"} <= cases, "the pack's three cases must have rows"


def test_every_row_is_sourced_and_located(table):
    for column in ("source_id", "locator"):
        missing = table[table[column].isna() | table[column].astype(str).str.strip().eq("")]
        assert missing.empty, f"rows without {column}: {list(missing['intervention_id'])}"
    coded = table[table["reason_basis"].astype(str) != "not_recorded"]
    unsourced = coded[coded["reasons_source_id"].isna()]
    assert unsourced.empty, f"rows with coded reasons but no reasons_source_id: {list(unsourced['intervention_id'])}"


def test_reason_codes_follow_the_codebook(table):
    for row in table.itertuples():
        codes = str(row.stated_reasons).split(";")
        assert set(codes) <= set(REASONS), f"{row.intervention_id}: unknown reason codes {set(codes) - set(REASONS)}"
        none = codes == ["not_recorded"]
        assert none == (row.reason_basis == "not_recorded"), (
            f"{row.intervention_id}: 'not_recorded' reasons go with reason_basis 'not_recorded', and only then")
        if not none:
            assert isinstance(row.stated_reason_words, str) and row.stated_reason_words, (
                f"{row.intervention_id}: a coded reason needs the words behind it")


def test_dates_and_precision_agree(table):
    for row in table.itertuples():
        if row.start_precision == "year":
            assert (row.start_date.month, row.start_date.day) == (1, 1), f"{row.intervention_id}: year dates start on 1 January"
        if row.end_precision in ("ongoing", "unknown"):
            assert pd.isna(row.end_date), f"{row.intervention_id}: an {row.end_precision} end has no end_date"
        else:
            assert pd.notna(row.end_date) and row.end_date >= row.start_date, f"{row.intervention_id}: end before start"


def test_mid_matches_are_in_the_reference_rows(table):
    """Disputes with Colombia, Panama or Venezuela after 1980 must match the shared MIDB 5.0 rows."""
    from pathlib import Path

    reference = Path(__file__).resolve().parents[2] / "shared/reference/datasets/militarized_disputes_cow_midb_5_0.csv"
    if not reference.exists():
        pytest.skip("the shared reference folder is not beside the repository")
    text = reference.read_text(encoding="utf-8")
    recent = table[(table["start_date"].dt.year >= 1980) & table["mid_dispnum"].notna()
                   & table["country"].isin(["Colombia", "Panama", "Venezuela"])]
    for row in recent.itertuples():
        assert str(int(row.mid_dispnum)) in text, f"{row.intervention_id}: MID {row.mid_dispnum} not in the reference rows"


def test_the_definitions_nest_and_change_the_answer():
    every = under_definition("all")
    troops = under_definition("armed_forces")
    disputes = under_definition("mid_use_of_force")
    assert set(troops["intervention_id"]) <= set(every["intervention_id"])
    assert troops["kind"].astype(str).isin(ARMED_FORCES_KINDS).all()
    assert len(disputes) < len(troops) < len(every)
    drugs_after = {d: reasons_by_era(d).query("era == '1990-2026' and reason == 'drugs'")["interventions"].sum()
                   for d in DEFINITIONS}
    assert drugs_after["all"] > 0 and drugs_after["mid_use_of_force"] == 0, (
        f"lesson 06 teaches that the definition changes the answer: {drugs_after}")


def test_unknown_definition_names_the_choices():
    from helpers.errors import PackError

    with pytest.raises(PackError, match="armed_forces"):
        under_definition("troops")


def test_neutral_voice_outside_quotes(table):
    """Words that take a side stand only inside quotation marks (attributed)."""
    for column in ("title", "stated_reason_words", "target_response", "regional_response", "outcome", "note"):
        for row in table.itertuples():
            text = str(getattr(row, column) or "")
            unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "", text)
            found = LOADED_WORDS.findall(unquoted)
            assert not found, f"{row.intervention_id}.{column}: {found} outside quotes"


def test_companion_tables_point_at_real_rows(table):
    figures = load("region/intervention_figures")
    assert set(figures["intervention_id"]) <= set(table["intervention_id"])
    ranges = figures[figures["value"].isna()]
    assert (ranges["low"] <= ranges["high"]).all()
    coca = load("region/coca_by_department")
    departments = set(load("geo/colombia_departments")["name"])
    assert set(coca["department"]) <= departments, set(coca["department"]) - departments
    countries = set(load("geo/region_countries")["iso_n3"].astype(str))
    assert set(table["iso_n3"].astype(str)) <= countries, set(table["iso_n3"].astype(str)) - countries


def test_places_say_when_they_are_approximate():
    places = load("geo/places_panama_1989")
    approximate = places[places["coordinate_basis"].astype(str) == "approximate"]
    assert not approximate.empty and approximate["note"].str.contains("Approximate").all()
    assert places["same_place_as"].notna().any(), "Fort Clayton's two sourced coordinates are both kept"


def test_region_documents_follow_the_documents_columns():
    from helpers.primary_documents import PERSPECTIVES

    docs = load("region/documents")
    case_columns = list(load("panama/documents").columns)
    assert list(docs.columns) == case_columns, "region/documents must keep the case documents' columns"
    assert set(docs["perspective"].astype(str)) <= set(PERSPECTIVES)
    for row in docs.itertuples():
        assert len(row.excerpt.split()) <= 170, f"{row.doc_id}: quote at most about 150 words"
