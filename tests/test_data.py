"""The data layer as a learner and a maintainer meet it: loading, typing, validating, citing."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import helpers
from helpers import cite, describe, list_datasets, load, sources
from helpers.catalog import package, table_names
from helpers.errors import DataFileError, PackError, UnknownNameError

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TABLES = [r["name"] for r in json.loads((ROOT / "data/datapackage.json").read_text())["resources"]
          if r["name"] != "sources"]


def test_the_package_validates_with_frictionless():
    import frictionless

    report = frictionless.Package(str(ROOT / "data/datapackage.json")).validate()
    problems = report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    assert report.valid, "\n".join(map(str, problems[:20]))


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_its_declared_types(name):
    frame = load(name)
    assert len(frame) > 0, f"{name} has no rows"
    schema = next(r for r in package()["resources"] if r["name"] == name)["schema"]
    for field in schema["fields"]:
        column = frame[field["name"]]
        kind = field.get("type", "string")
        if "enum" in field.get("constraints", {}):
            assert isinstance(column.dtype, pd.CategoricalDtype), f"{name}.{field['name']}"
        elif kind == "date":
            assert pd.api.types.is_datetime64_any_dtype(column), f"{name}.{field['name']}"
        elif kind == "integer":
            assert str(column.dtype) == "Int64", f"{name}.{field['name']} is {column.dtype}"
        elif kind == "number":
            assert pd.api.types.is_float_dtype(column), f"{name}.{field['name']}"


@pytest.mark.parametrize("name", TABLES)
def test_every_table_is_documented_and_sourced(name):
    dictionary = describe(name)
    assert (dictionary["meaning"].str.len() > 0).all(), f"{name} has undocumented fields"
    cited = sources(name)
    assert len(cited) > 0 and cited["url"].str.startswith("http").all()


def test_casualty_estimates_meet_the_foundation_goal():
    deaths = load("panama/casualty_estimates")
    assert len(deaths) >= 12
    assert deaths["source_id"].nunique() >= 6


def test_list_datasets_lists_every_table_with_rows():
    listing = list_datasets()
    assert set(listing["name"]) == set(TABLES)
    assert (listing["rows"] > 0).all()
    assert set(list_datasets("panama")["case"]) == {"panama"}


@pytest.mark.parametrize("call", [load, describe, sources])
def test_a_mistyped_table_name_suggests_the_right_one(call):
    with pytest.raises(UnknownNameError) as error:
        call("panama/casualty_estmates")
    assert "panama/casualty_estimates" in str(error.value)
    assert "list_datasets()" in str(error.value)


@pytest.mark.parametrize("bad", [None, 42, ["panama/events"], ""])
def test_a_wrong_type_of_name_says_what_is_expected(bad):
    with pytest.raises(PackError) as error:
        load(bad)
    assert "list_datasets()" in str(error.value)


def test_cite_formats_every_source():
    bibliography = pd.read_csv(ROOT / "data/sources.csv", dtype=str)
    for row in bibliography.itertuples():
        text = cite(row.source_id)
        assert row.url in text and row.title.rstrip(".") in text and row.published in text


def test_cite_suggests_close_ids():
    first = pd.read_csv(ROOT / "data/sources.csv", dtype=str)["source_id"].iloc[0]
    with pytest.raises(UnknownNameError) as error:
        cite(first[:-1] + "x")
    assert first in str(error.value)


def test_each_resource_declares_exactly_the_sources_its_rows_use():
    from helpers.validate import table_problems

    for name in table_names():
        assert table_problems(name) == [], name


# ---------------------------------------------------------------- integrity rules
def _edit(data_dir, table, edit):
    path = data_dir / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(path, index=False)
    return path


BROKEN = {
    "duplicate primary key": (lambda f: f.__setitem__("estimate_id", f["estimate_id"].iloc[0]), "estimate_id", "duplicate id"),
    "low above value": (lambda f: (f.__setitem__("low", ""), f.__setitem__("high", ""), f.loc.__setitem__((0, "value"), "10"), f.loc.__setitem__((0, "low"), "20"), f.loc.__setitem__((0, "high"), "30")), None, "low <= value <= high"),
    "text in a number field": (lambda f: f.loc.__setitem__((0, "value"), "many"), "value", "not a valid number"),
    "a bad date": (lambda f: f.loc.__setitem__((0, "as_of"), "1990-13-45"), "as_of", "not a valid date"),
    "a date out of range": (lambda f: f.loc.__setitem__((0, "as_of"), "1850-01-01"), "as_of", "minimum"),
    "a negative count": (lambda f: (f.__setitem__("low", ""), f.__setitem__("high", ""), f.loc.__setitem__((0, "value"), "-23")), "value", "minimum"),
    "a broken source id": (lambda f: f.loc.__setitem__((0, "source_id"), "no_such_source"), None, "unknown source"),
    "an empty required field": (lambda f: f.loc.__setitem__((0, "estimated_by"), ""), "estimated_by", "is required"),
    "a value outside the vocabulary": (lambda f: f.loc.__setitem__((0, "group"), "martians"), "group", "not one of the allowed values"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_integrity_rule_rejects_a_broken_copy(data_copy, case):
    edit, column, phrase = BROKEN[case]
    _edit(data_copy, "panama/casualty_estimates", edit)
    with pytest.raises(DataFileError) as error:
        load("panama/casualty_estimates")
    message = str(error.value)
    assert "data/panama/casualty_estimates.csv" in message
    assert "line 2" in message or case == "duplicate primary key", message
    if column:
        assert f"column {column!r}" in message, message
    assert phrase in message, message
    assert "git checkout -- data/panama/casualty_estimates.csv" in message


def test_a_deleted_column_is_named(data_copy):
    _edit(data_copy, "panama/casualty_estimates", lambda f: f.pop("unit"))
    with pytest.raises(DataFileError) as error:
        load("panama/casualty_estimates")
    assert "column 'unit'" in str(error.value) and "missing" in str(error.value)


def test_a_truncated_file_is_reported(data_copy):
    path = data_copy / "panama/casualty_estimates.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2].rsplit(",", 3)[0] + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load("panama/casualty_estimates")
    assert "line" in str(error.value)


def test_a_file_saved_in_another_encoding_is_reported(data_copy):
    path = data_copy / "panama/casualty_estimates.csv"
    text = path.read_text(encoding="utf-8") + 'pa_cas_999,us_military,killed,Señor Ñ,individual,1990-01-01,day,1,,,,persons,' \
        + pd.read_csv(path, dtype=str)["source_id"].iloc[0] + ",p. 1,\n"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    with pytest.raises(DataFileError) as error:
        load("panama/casualty_estimates")
    assert "UTF-8" in str(error.value)


def test_a_table_with_zero_rows_is_an_error(data_copy):
    path = data_copy / "panama/casualty_estimates.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load("panama/casualty_estimates")


def test_a_broken_table_does_not_break_the_others(data_copy):
    _edit(data_copy, "panama/casualty_estimates", lambda f: f.loc.__setitem__((0, "value"), "x"))
    assert len(load("panama/events")) > 0


def test_check_command_lists_every_table_and_fails_with_locations(data_copy):
    ok = subprocess.run([sys.executable, "-m", "helpers", "check"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    for name in TABLES:
        assert f"ok    {name}:" in ok.stdout
    _edit(data_copy, "panama/casualty_estimates", lambda f: f.loc.__setitem__((2, "value"), "lots"))
    bad = subprocess.run([sys.executable, "-m", "helpers", "check"], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "data/panama/casualty_estimates.csv, line 4 (data row 3), column 'value'" in bad.stdout
    assert "git checkout --" in bad.stdout


def test_check_flags_a_spanish_or_portuguese_title_folded_to_ascii(data_copy):
    """Issue 23: 158 es/pt titles were stored without their accents ("pais", "segun"); titles
    are copied as published, and `helpers check` names a folded one with its line."""
    def fold(frame, source_id, title):
        frame.loc[frame["source_id"] == source_id, "title"] = title

    restored = "Más de 6,8 millones de venezolanos han salido de su país, según la R4V (EFE)"
    _edit(data_copy, "sources", lambda f: fold(f, "100noticias_2022_08", restored))
    ok = subprocess.run([sys.executable, "-m", "helpers", "check"], capture_output=True, text=True)
    assert ok.returncode == 0 and "folded" not in ok.stdout, ok.stdout[-1500:]
    folded = "Mas de 6,8 millones de venezolanos han salido de su pais, segun la R4V (EFE)"
    _edit(data_copy, "sources", lambda f: (fold(f, "100noticias_2022_08", folded),
                                           fold(f, "istoe_2018", "ONU: Colombia continua sendo "
                                                "maior produtor de cocaina do mundo")))
    bad = subprocess.run([sys.executable, "-m", "helpers", "check"], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "column 'title': '100noticias_2022_08': the title looks folded to ASCII (pais, segun)" \
        in bad.stdout, bad.stdout[-1500:]
    assert "'istoe_2018': the title looks folded to ASCII (Colombia, cocaina)" in bad.stdout


@pytest.mark.parametrize("title, language", [
    ("Petro desafiante ante la ONU pregunta si la cocaína es más dañina que el petróleo", "es"),
    ("Cocaine production in Colombia: UN report and reaction", "en"),  # English: not checked
    ("Codhes Informa No. 56: Desplazados en el limbo", "es"),  # no word needs an accent
    ("15 de diciembre (series on the days before the invasion)", "es"),  # the pack's note
    ("Especialistas rejeitam chamar Venezuela de narcoestado", "pt"),
])
def test_titles_that_are_not_folded_are_not_flagged(title, language):
    from helpers.validate import folded_words

    assert folded_words(title, language) == []


def test_public_api_has_docstrings_with_examples():
    for name in ["load", "list_datasets", "describe", "sources", "cite", "check",
                 "estimate_ranges", "timeline", "series_by_source", "with_source"]:
        doc = getattr(helpers, name).__doc__ or ""
        assert ">>>" in doc, f"helpers.{name} has no example in its docstring"


def test_docstring_examples_run():
    import doctest
    import importlib

    for module in ["helpers.errors", "helpers.catalog", "helpers.data", "helpers.citations",
                   "helpers.charts", "helpers.exercises", "helpers.widgets",
                   "helpers.compare", "helpers.timelines", "helpers.answers",
                   "helpers.primary_documents", "helpers.glossary_terms", "helpers.tasks",
                   "helpers.i18n", "helpers.panama", "helpers.colombia", "helpers.venezuela",
                   "helpers.region", "helpers.claims", "helpers.maps", "helpers.validate",
                   "helpers.databox", "helpers.paths", "helpers.words", "helpers.publish.handouts",
                   "helpers.publish.navigation", "helpers.publish.handout_charts"]:
        result = doctest.testmod(importlib.import_module(module))
        assert result.failed == 0, module


def test_every_public_name_resolves():
    for name in helpers.__all__:
        assert getattr(helpers, name) is not None, name
    # a public function never turns into the module that holds it
    import importlib

    for name, module in helpers._PUBLIC.items():
        importlib.import_module(f"helpers.{module}")
        assert callable(getattr(helpers, name)) or not hasattr(getattr(helpers, name), "__file__"), name
    with pytest.raises(AttributeError) as error:
        helpers.lod  # noqa: B018  (a typo a learner might make)
    assert "Available:" in str(error.value)


def test_a_source_no_table_cites_is_reported(data_copy):
    from helpers.validate import table_problems

    path = data_copy / "sources.csv"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("orphan_2026,A page nobody cites,Nobody,2026,https://example.org,news,en,,original,other\n")
    problems = table_problems("sources")
    assert any("orphan_2026" in str(p) and "cited by no table" in str(p) for p in problems)


def test_a_duplicate_strike_must_point_to_a_real_strike(data_copy):
    _edit(data_copy, "venezuela/boat_strikes", lambda f: f.loc.__setitem__((1, "same_strike_as"), "ve_str_999"))
    with pytest.raises(DataFileError) as error:
        load("venezuela/boat_strikes")
    assert "column 'same_strike_as'" in str(error.value) and "does not exist" in str(error.value)


def test_duplicate_strikes_point_to_main_rows():
    strikes = load("venezuela/boat_strikes")
    linked = strikes.dropna(subset=["same_strike_as"])
    assert len(linked) > 0
    main = set(strikes.loc[strikes["same_strike_as"].isna(), "strike_id"])
    assert set(linked["same_strike_as"]) <= main


def test_an_unknown_id_in_a_source_list_is_reported(data_copy):
    _edit(data_copy, "compare/claims",
          lambda f: f.loc.__setitem__((0, "source_ids"), f.loc[0, "source_ids"] + ";no_such_source"))
    with pytest.raises(DataFileError) as error:
        load("compare/claims")
    assert "no_such_source" in str(error.value) and "line 2" in str(error.value)


# A researcher's working notes ("checked by read_file", "not by me") reached a learner's table
# (learner test, 03a). What a reader sees speaks in the pack's voice and names no tool.
WORKING_NOTE = r"\bread_file\b|\bfind_string\b|\bfetch tool\b|\bby me\b|\bI (?:read|checked|could not)\b"


@pytest.mark.parametrize("name", table_names())
def test_no_working_notes_in_what_a_reader_sees(name):
    table = load(name)
    text = table.select_dtypes(include=["object", "string"]).drop(columns=["locator"], errors="ignore")
    found = text.apply(lambda column: column.astype(str).str.contains(WORKING_NOTE, regex=True))
    rows = table.index[found.any(axis=1)].tolist()
    assert not rows, f"{name}: rows {rows[:5]} carry a working note (a tool's name, 'by me'): write it in the pack's voice"


def test_the_working_note_check_can_fail():
    import re

    assert re.search(WORKING_NOTE, "Value checked by read_file in ei_data.json")
    assert re.search(WORKING_NOTE, "summed by the dataset compiler (not by me)")
    assert not re.search(WORKING_NOTE, "Checked against the dataset file.")
