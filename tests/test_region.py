"""The regional table of US interventions (issues 17 and 27) and its companions: coverage of the
standard references, the episode rule, dates kept apart from the MID columns, codebook rules,
sources on every row, the definitions lesson 06 compares, and a neutral voice."""

from __future__ import annotations

import re
from pathlib import Path

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
    assert table["start_date"].dt.year.min() <= 1898, "the table should start in 1898"
    reaches = (table["end_precision"].astype(str) == "ongoing") | (table["end_date"].dt.year >= 2026)
    assert reaches.any(), "the table should run to 2026 (an episode ongoing or ending in 2026)"
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
            assert pd.notna(row.end_date), f"{row.intervention_id}: a {row.end_precision} end needs an end_date"
            assert _period(row)[1] >= row.start_date, f"{row.intervention_id}: end before start"


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
    assert drugs_after["all"] > drugs_after["mid_use_of_force"] > 0, (
        f"lesson 06 teaches that the definition changes the answer: {drugs_after}")
    assert "rg_cub_1990" in set(disputes["intervention_id"]), "the Hermann (MID 3950) is a drug-justified use of force"


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
    ranges = figures[figures["value"].isna() & figures["low"].notna()]
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


# ---- issue 27: the standard references, the episode rule, dates apart from MID -------------

MID_SOURCES = {"cow_midb_5_0", "cow_mid_5_0_release"}


@pytest.fixture(scope="module")
def references() -> pd.DataFrame:
    return load("region/reference_lists")


@pytest.fixture(scope="module")
def exclusions() -> pd.DataFrame:
    return load("region/intervention_exclusions")


def test_every_reference_entry_is_a_row_or_excluded_with_a_reason(table, references, exclusions):
    rows = set(table["intervention_id"])
    excluded = exclusions.set_index("exclusion_id")
    for entry in references.itertuples():
        in_row, out = isinstance(entry.episode_id, str), isinstance(entry.exclusion_id, str)
        assert in_row != out, f"{entry.entry_id}: must point to exactly one row or one exclusion"
        if in_row:
            assert entry.episode_id in rows, f"{entry.entry_id}: {entry.episode_id} is not a row"
        else:
            reason = excluded.loc[entry.exclusion_id]
            assert reason["entry_id"] == entry.entry_id, f"{entry.exclusion_id} is not about {entry.entry_id}"
            assert len(str(reason["reason"])) > 40, f"{entry.exclusion_id}: give the reason in words"
    for row in exclusions.itertuples():
        if row.reason_code in ("merged_into", "wrong_target"):
            assert row.merged_into in rows or row.reason_code == "wrong_target", (
                f"{row.exclusion_id}: merged into {row.merged_into!r}, which is not a row")


def test_the_reference_lists_cover_the_references_in_scope(references):
    counts = references["reference"].value_counts().to_dict()
    assert counts.get("coatsworth", 0) >= 17, "all 17 of Coatsworth's direct cases must be listed"
    assert counts.get("orourke", 0) >= 19, "O'Rourke's cases in the region (Table 1.1) must be listed"
    mids = references[references["reference"] == "mid"]
    assert len(mids) == 44, f"MID 5.0 has 44 disputes 1898-2014 with the US (hostility >= 2) against a state of the region, not {len(mids)}"
    assert (mids["mid_us_hostility"] >= 2).all() and mids["start_year"].between(1898, 2014).all()
    assert mids["mid_dispnum"].is_unique


def test_the_mid_entries_match_the_cow_file_when_it_is_here(references):
    """Recomputes the 44 disputes from MIDB/MIDA 5.0 when a copy is available (REGION_MID_DIR)."""
    import csv
    import os
    from pathlib import Path

    folder = Path(os.environ.get("REGION_MID_DIR", "/work/scratch/longview"))
    midb = folder / "MIDB5.csv"
    if not midb.exists():
        pytest.skip("no copy of MIDB 5.0 here (set REGION_MID_DIR to a folder holding MIDB5.csv)")
    region = {31, *range(40, 166)}
    by_dispute = {}
    for r in csv.DictReader(open(midb, encoding="utf-8")):
        by_dispute.setdefault(int(r["dispnum"]), []).append(r)
    expected = set()
    for number, rows in by_dispute.items():
        for us in (r for r in rows if r["ccode"] == "2" and int(r["hostlev"]) >= 2):
            if any(r["sidea"] != us["sidea"] and int(r["ccode"]) in region for r in rows) and 1898 <= int(us["styear"]) <= 2014:
                expected.add(number)
    listed = set(references.loc[references["reference"] == "mid", "mid_dispnum"].astype(int))
    assert listed == expected, f"missing {sorted(expected - listed)}; extra {sorted(listed - expected)}"


def test_dates_never_come_from_the_mid_columns(table):
    assert table["date_source_id"].notna().all() and table["date_locator"].notna().all()
    from_mid = table[table["date_source_id"].isin(MID_SOURCES)]
    assert from_mid.empty, f"dates taken from MID: {list(from_mid['intervention_id'])}"


def test_the_mid_columns_copy_the_dispute(table, references):
    mids = references[references["reference"] == "mid"].set_index("mid_dispnum")
    for row in table[table["mid_dispnum"].notna()].itertuples():
        dispute = mids.loc[int(row.mid_dispnum)]
        assert dispute["episode_id"] == row.intervention_id, f"{row.intervention_id}: MID {row.mid_dispnum} points elsewhere"
        for column in ("mid_start", "mid_end", "mid_us_hostility", "mid_target_hostility", "mid_us_fatality",
                       "mid_target_fatality"):
            assert str(getattr(row, column)) == str(dispute[column]), f"{row.intervention_id}.{column}"
        attached = [int(n) for n in str(row.mid_dispnums).split(";")]
        assert attached[0] == int(row.mid_dispnum)
        assert int(row.mid_us_hostility) == max(int(mids.loc[n, "mid_us_hostility"]) for n in attached) or len(attached) == 1


def _period(row):
    """A row's period as the episode rule reads it: a year covers the whole year."""
    start = row.start_date
    if pd.notna(row.end_date):
        end = row.end_date
        if row.end_precision == "year":
            end = pd.Timestamp(year=end.year, month=12, day=31)
        elif row.end_precision == "month":
            end = end + pd.offsets.MonthEnd(0)
    elif row.end_precision == "ongoing":
        end = pd.Timestamp("2026-12-01")
    elif row.start_precision == "year":  # an unknown end: the start's own day, month or year
        end = pd.Timestamp(year=start.year, month=12, day=31)
    elif row.start_precision == "month":
        end = start + pd.offsets.MonthEnd(0)
    else:
        end = start
    return start, end


def test_the_episode_rule_leaves_no_two_rows_that_should_be_one(table):
    """Same country and class, overlapping or within 90 days: one episode. Only year-only rows
    that share no year, or are two cases of the same reference, may stand side by side."""
    def year_only(row):
        return row.start_precision == "year" and row.end_precision in ("year", "unknown")

    def reference_of(row):
        return str(row.listed_by).split(";")[0]

    for (_country, _kind), group in table.groupby(["country", "action_class"], observed=True):
        rows = list(group.itertuples())
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                (a0, a1), (b0, b1) = _period(a), _period(b)
                gap = max(a0, b0) - min(a1, b1)
                if gap > pd.Timedelta(days=90):
                    continue
                if year_only(a) and year_only(b):
                    shared = set(range(a0.year, a1.year + 1)) & set(range(b0.year, b1.year + 1))
                    if not shared or reference_of(a) == reference_of(b):
                        continue
                raise AssertionError(f"{a.intervention_id} and {b.intervention_id} are one episode under the rule")


def test_one_rule_for_the_venezuela_campaign_and_the_nicaragua_occupation(table):
    venezuela = table[(table["country"] == "Venezuela") & (table["action_class"] == "armed_force_or_covert")
                      & (table["start_date"].dt.year >= 2025)]
    assert len(venezuela) == 1, "the phases of the 2025-26 campaign overlap: one episode"
    assert len(str(venezuela.iloc[0]["forms"]).split(";")) >= 4, "its phases are listed in forms"
    nicaragua = table[table["intervention_id"] == "rg_nic_1912"].iloc[0]
    assert (nicaragua["start_date"].year, nicaragua["end_date"].year) == (1912, 1925)
    assert "rg_nic_1926" in set(table["intervention_id"]), "the May 1926 landing came after a nine-month break"


def test_reasons_use_the_national_security_code_and_every_code_has_a_label(table):
    from helpers.region import _labels

    assert set(REASONS) == set(_labels()), "every reason code needs a label"
    used = {code for codes in table["stated_reasons"].astype(str) for code in codes.split(";")}
    assert "national_security" in used
    hermann = table.set_index("intervention_id").loc["rg_cub_1990"]
    assert hermann["stated_reasons"] == "drugs" and hermann["reason_basis"] == "us_statement"
    assert int(hermann["mid_dispnum"]) == 3950 and int(hermann["mid_us_hostility"]) == 4


def test_previous_rows_resting_only_on_derived_lists_are_re_sourced_or_dropped(table, exclusions):
    derived = {"sojo_1982_04_backyard", "envio_1990_interventions", "au_awcgate_sa95_interventions"}
    leaning = table[table["source_id"].isin(derived) | table["date_source_id"].isin(derived)
                    | table["reasons_source_id"].isin(derived)]
    assert leaning.empty, f"rows resting on the derived lists: {list(leaning['intervention_id'])}"
    dropped = exclusions[exclusions["reason_code"] == "derived_list_only"]
    assert dropped["source_id"].isin(derived).all()


def test_exclusions_that_name_a_record_cite_it(exclusions):
    """An exclusion that says a record of the time was read (undated, or an incident the US denied)
    must point at that record, not at the MID files, and say what it found."""
    named = exclusions[exclusions["reason_code"].isin(["record_undated", "contested_incident"])]
    assert not named.empty, "the exclusions file should use record_undated / contested_incident where it applies"
    for row in named.itertuples():
        assert row.source_id not in MID_SOURCES, f"{row.exclusion_id}: cite the record read, not {row.source_id}"
        assert "'" in str(row.reason), f"{row.exclusion_id}: quote what the record says"
    contested = named[named["reason_code"] == "contested_incident"]
    for row in contested.itertuples():
        assert "US" in str(row.reason) and "said" in str(row.reason), (
            f"{row.exclusion_id}: give both sides' statements for a contested incident")


# ---- issue 27 (res-long-fig): figures, stated reasons and documents from before 1989 ------------

FIGURE_SOURCE_KINDS = {"official_history", "monograph", "government_record", "contemporaneous_press"}
# Which kinds of sources.csv entry can carry each source kind: a list, an essay, an encyclopedia or a
# dataset never can.
BIBLIOGRAPHY_KINDS = {"official_history": {"government"}, "monograph": {"book", "academic"},
                      "government_record": {"government", "un"}, "contemporaneous_press": {"news"}}
# The lists of interventions and the essay the previous edition took figures from, and the reference
# lists themselves: they place episodes, they do not count them.
LISTS_AND_ESSAYS = {"sojo_1982_04_backyard", "envio_1990_interventions", "au_awcgate_sa95_interventions",
                    "transcend_2021_10_25_peace", "coatsworth_2005_revista_table", "coatsworth_2005_revista_text",
                    "orourke_2018_table11", "cow_midb_5_0", "cow_mid_5_0_release"}
PRESS_YEARS_AFTER = 5  # 'contemporaneous': published by the end of the episode plus five years
PRIORITY_EPISODES = ("rg_cub_1898", "rg_cub_1906", "rg_mex_1914", "rg_hti_1915", "rg_dom_1916", "rg_nic_1912",
                     "rg_nic_1926", "rg_mex_1916", "rg_gtm_1954", "rg_cub_1961", "rg_dom_1965", "rg_grd_1983",
                     "rg_pan_1989", "rg_hti_1994", "rg_nic_1981")
NOT_RECORDED = "not recorded in the references read"


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load("region/intervention_figures")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def test_every_figure_row_has_a_source_kind_of_the_four(figures):
    bibliography = load("sources").set_index("source_id")
    resources = {r["name"] for r in __import__("helpers").catalog.package()["resources"]}
    assert set(figures["status"]) == {"figure", "not_recorded", "in_case_table"}
    for row in figures.itertuples():
        has_number = pd.notna(row.value) or (pd.notna(row.low) and pd.notna(row.high))
        if row.status == "figure":
            assert row.source_kind in FIGURE_SOURCE_KINDS, f"{row.figure_id}: source_kind {row.source_kind!r}"
            assert row.source_id in bibliography.index, f"{row.figure_id}: {row.source_id} not in sources.csv"
            assert has_number and _text(row.locator) and _text(row.estimated_by) and _text(row.as_of), row.figure_id
        else:
            assert not has_number and not _text(row.source_id) and not _text(row.source_kind), \
                f"{row.figure_id}: a {row.status} row carries no figure and no source"
        if row.status == "not_recorded":
            assert _text(row.note).startswith(NOT_RECORDED), f"{row.figure_id}: say '{NOT_RECORDED}' and what was read"
        if row.status == "in_case_table":
            assert row.see_table in resources and len(load(row.see_table)) > 0, f"{row.figure_id}: {row.see_table}"


def test_no_figure_comes_from_a_list_or_an_essay(figures, table):
    bibliography = load("sources").set_index("source_id")
    episodes = table.set_index("intervention_id")
    rows = figures[figures["status"] == "figure"]
    assert not rows["source_id"].isin(LISTS_AND_ESSAYS).any(), \
        sorted(set(rows["source_id"]) & LISTS_AND_ESSAYS)
    for row in rows.itertuples():
        entry = bibliography.loc[row.source_id]
        assert entry["kind"] in BIBLIOGRAPHY_KINDS[row.source_kind], \
            f"{row.figure_id}: a {row.source_kind} figure from a '{entry['kind']}' source ({row.source_id})"
        if row.source_kind == "contemporaneous_press":
            episode = episodes.loc[row.intervention_id]
            last = episode["end_date"] if pd.notna(episode["end_date"]) else episode["start_date"]
            published = int(str(entry["published"])[:4])
            assert published <= max(last.year, episode["start_date"].year) + PRESS_YEARS_AFTER, \
                f"{row.figure_id}: {row.source_id} ({published}) is a retrospective, not press of the time"


def test_the_big_episodes_say_what_is_known_of_troops_and_deaths(figures):
    """Troops, US deaths and local deaths for each priority episode: a figure, the case table, or
    'not recorded in the references read'; never silence."""
    for episode in PRIORITY_EPISODES:
        rows = figures[figures["intervention_id"] == episode]
        assert not rows.empty, f"{episode}: no figure rows"
        troops = rows[rows["measure"].isin(["troops", "troops_already_present"])]
        assert not troops.empty, f"{episode}: no row for troops (us or us_backed_force)"
        for side in ("us", "target"):
            if episode in ("rg_gtm_1954", "rg_nic_1981") and side == "us":
                continue  # the US force was a proxy: its dead are counted as us_backed_force
            killed = rows[(rows["measure"] == "killed") & (rows["side"] == side)]
            assert not killed.empty, f"{episode}: no row for {side} deaths"
    grenada = figures[(figures["intervention_id"] == "rg_grd_1983") & (figures["measure"] == "killed")]
    us = grenada[grenada["side"] == "us"]
    assert us["source_id"].nunique() >= 2 and us["value"].nunique() >= 2, "sources that disagree keep a row each"


def test_stated_reasons_quote_the_time_with_the_codebook_codes(table):
    reasons = load("region/stated_reasons")
    assert set(reasons["reason_code"]) <= set(REASONS) - {"not_recorded"}
    assert "national_security" in set(reasons["reason_code"])
    assert set(reasons["intervention_id"]) <= set(table["intervention_id"])
    bibliography = load("sources").set_index("source_id")
    for row in reasons.itertuples():
        assert row.source_id not in LISTS_AND_ESSAYS, f"{row.reason_id}: a list is not a statement of the time"
        assert bibliography.loc[row.source_id, "kind"] in {"government", "news", "book"}, row.reason_id
        start = table.set_index("intervention_id").loc[row.intervention_id, "start_date"]
        assert row.date.year <= start.year + 10, f"{row.reason_id}: said at the time, not decades later"
        if row.reason_code == "other":
            assert _text(row.note).startswith("other:"), f"{row.reason_id}: say what 'other' stands for"


def test_documents_from_before_1989_pair_each_us_voice_with_a_receiving_side():
    docs = load("region/documents")
    early = docs[docs["date"].dt.year < 1989]
    us = early[early["perspective"] == "us_government"]
    for speaker, year in (("Theodore Roosevelt", 1904), ("Woodrow Wilson", 1914), ("John Foster Dulles", 1954),
                          ("John F. Kennedy", 1962), ("Ronald Reagan", 1985)):
        assert ((us["speaker"] == speaker) & (us["date"].dt.year == year)).any(), f"no card: {speaker} {year}"
    receiving = early[early["perspective"] != "us_government"]
    for year in (1914, 1954, 1962, 1984):
        assert (receiving["date"].dt.year == year).any(), f"no voice from the receiving side in {year}"
    spanish = early[early["language"] == "es"]
    assert len(spanish) >= 3 and spanish["excerpt_en"].astype(str).str.len().gt(40).all(), \
        "Spanish originals carry an English rendering"
    assert (spanish["translated_by"] == "the pack").all()


# ---------------------------------------------------------------- lesson 06 (les-06): the claim, counted several ways
LESSON_06 = Path(__file__).resolve().parents[1] / "lessons" / "06_the_long_view.ipynb"
EXERCISES_06 = LESSON_06.with_suffix("").with_suffix(".exercises.yml")


def _lesson_06_text() -> str:
    import json

    import yaml

    cells = json.loads(LESSON_06.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return text + "\n" + yaml.safe_dump(yaml.safe_load(EXERCISES_06.read_text(encoding="utf-8")), width=10_000)


def test_every_definition_and_unit_is_a_line_of_the_sensitivity_table():
    from helpers.region import UNITS, sensitivity

    table = sensitivity()
    assert len(table) == len(DEFINITIONS) * len(UNITS)
    assert not table.isna().any().any(), "every cell of the sensitivity table says something"


def test_campaigns_merge_episodes_of_one_country_and_keep_every_reason():
    from helpers.region import under_definition as under

    campaigns = under("all", unit="campaign")
    venezuela = campaigns[campaigns["country"] == "Venezuela"]
    assert len(venezuela) == 1 and set(venezuela["episodes"].iloc[0].split(";")) == {"rg_ven_2015", "rg_ven_2025"}
    assert {"drugs", "other"} <= set(venezuela["stated_reasons"].iloc[0].split(";"))
    assert len(campaigns) < len(under("all")), "a campaign is a coarser unit than an episode"
    for row in campaigns.itertuples():
        assert "not_recorded" not in row.stated_reasons.split(";") or row.stated_reasons == "not_recorded"


def test_the_lesson_06_keys_are_computed_from_the_table(table):
    """The counts and the sets the keys of lesson 06 give are what the table gives today."""
    import yaml

    from helpers.region import claim_numbers, sensitivity  # noqa: F401

    keys = yaml.safe_load(EXERCISES_06.read_text(encoding="utf-8"))["exercises"]
    assert keys["long-view-2"]["answer"] == int((table["start_date"].dt.year >= 1990).sum())
    troops = under_definition("armed_forces")
    assert keys["long-view-6"]["answer"] == int((troops["era"] == "1946-1989 (Cold War)").sum())
    lines = [claim_numbers(d, u) for d in DEFINITIONS for u in ("episode", "campaign")]
    holds = {
        "a": all(n["after"]["anti_communism"] == 0 for n in lines),
        "b": all(n["before"]["drugs"] + n["cold_war"]["drugs"] > 0 for n in lines),
        "c": all(2 * n["cold_war"]["anti_communism"] > n["cold_war"]["total"] for n in lines),
        "d": all(n["before"]["national_security"] and n["cold_war"]["national_security"] for n in lines),
        "e": all(2 * n["after"]["drugs"] > n["after"]["total"] for n in lines),
    }
    assert sorted(keys["long-view-8"]["answer"]) == sorted(k for k, v in holds.items() if v), holds
    disputes = claim_numbers("mid_use_of_force")["after"]
    assert disputes["drugs"] >= 1 and disputes["total"] == 2, "long-view-5's key: drugs after 1989, two episodes"
    order = table.set_index("intervention_id")["start_date"]
    by_letter = {"b": "rg_gtm_1954", "c": "rg_bol_1986", "d": "rg_cub_1990", "a": "rg_col_2000"}
    assert keys["long-view-1"]["answer"] == sorted(by_letter, key=lambda k: order[by_letter[k]])


def test_the_counts_lesson_06_states_come_from_the_data(table):
    """Every count lesson 06 states about the table is the table's count today (no stale '50
    interventions'): each pattern below must match the lesson, with the number the data give."""
    from helpers.region import claim_numbers

    every = claim_numbers("all")
    troops = claim_numbers("armed_forces")
    expected = {
        r"lists (\d+) episodes of US intervention": len(table),
        r"intervention in (\d+)\s+countries": table["country"].nunique(),
        r"anti-communism is given by (\d+) of the (\d+) Cold War episodes": (
            every["cold_war"]["anti_communism"], every["cold_war"]["total"]),
        r"drugs by (\d+) of the (\d+) after 1989": (every["after"]["drugs"], every["after"]["total"]),
        r"armed forces only, anti-communism is given by (\d+) of (\d+) Cold War episodes": (
            troops["cold_war"]["anti_communism"], troops["cold_war"]["total"]),
        r"Seven of the (\d+) rows": len(table),
    }
    text = re.sub(r"\s+", " ", _lesson_06_text())
    for pattern, want in expected.items():
        found = re.findall(pattern, text)
        assert found, f"lesson 06 no longer says {pattern!r}: update this test with the new wording"
        want = tuple(str(w) for w in want) if isinstance(want, tuple) else str(want)
        for got in found:
            assert got == want, f"lesson 06 says {got} for {pattern!r}; the data give {want}"
    assert not re.search(r"\b50 (US )?interventions\b", text), "a stale count of the previous table"


def test_one_colour_per_reason_in_every_reasons_chart():
    """The same reason has the same colour whatever the definition (one mapping, in the theme)."""
    from helpers import theme
    from helpers.region import reasons_chart

    scales = []
    for definition in ("all", "mid_use_of_force", "armed_forces"):
        spec = reasons_chart(definition).to_dict()
        layer = spec["spec"]["layer"][0]
        scales.append(dict(zip(layer["encoding"]["color"]["scale"]["domain"],
                               layer["encoding"]["color"]["scale"]["range"])))
    assert scales[0] == scales[1] == scales[2]
    assert set(scales[0].values()) <= set(theme.CATEGORY_COLOURS.values())
    assert len(set(scales[0].values())) == len(scales[0]), "two reasons share a colour"


def test_the_regional_map_enlarges_the_caribbean_and_panamas_labels_do_not_collide():
    import json

    from helpers import maps

    spec = maps.interventions_map().to_dict()
    text = json.dumps(spec)
    assert text.count('"fit"') >= 2, "the map needs the mainland view and a Caribbean inset"
    places = load("geo/places_panama_1989")
    shown = places[places["same_place_as"].isna()]
    for a in shown.itertuples():
        for b in shown.itertuples():
            near = abs(a.lat - b.lat) < 0.15 and abs(a.lon - b.lon) < 0.3
            if a.place_id < b.place_id and near:
                assert maps.PANAMA_LABELS.get(a.place_id, "right") != maps.PANAMA_LABELS.get(b.place_id, "right"), (
                    f"{a.place_id} and {b.place_id} are a few km apart: give their labels different placements")


def test_stated_words_show_every_quotation_once():
    from helpers.region import stated_words

    block = stated_words("rg_nic_1981", "rg_dom_1965")
    html = block._repr_html_()
    quotes = load("region/stated_reasons")
    for quotation in quotes[quotes["intervention_id"] == "rg_nic_1981"]["quotation"].unique():
        assert html.count(__import__("html").escape(quotation)[:60]) == 1
    assert "rg_dom_1965" in html and "Rusk" in html
