"""Damaged files in data/, as they happen: a file cut off, re-encoded by a spreadsheet,
saved with a byte-order mark, deleted. ``python -m helpers check`` names the damaged file
first with the command that restores it, never crashes, and never advises deleting sources or
running a rewriting command while a table is damaged."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from helpers import cite, list_datasets, load, sources
from helpers.__main__ import main
from helpers.errors import DataFileError, PackError

ROOT = Path(__file__).resolve().parents[1]
TABLE = "panama/casualty_estimates"
FILE = "data/panama/casualty_estimates.csv"
ADVICE_THAT_LOSES_DATA = ("remove it", "remove this entry", "Run: python -m helpers sync-sources")


KEPT = ("sources", TABLE, "panama/events", "panama/forces")


@pytest.fixture(scope="session")
def prepared(tmp_path_factory):
    """data/ reduced to a few tables (validation is slow on a shared machine), with their
    declared sources up to date and no recorded row counts: other work may have data/
    mid-edit. Made once; each test breaks its own copy."""
    import shutil

    target = tmp_path_factory.mktemp("prepared") / "data"
    shutil.copytree(ROOT / "data", target)
    path = target / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] in KEPT]
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    old = os.environ.get("INTERVENTION_HISTORY_DATA")
    os.environ["INTERVENTION_HISTORY_DATA"] = str(target)
    try:
        assert main(["sync-sources", "--rows-deleted-on-purpose"]) == 0
    finally:
        if old is None:
            del os.environ["INTERVENTION_HISTORY_DATA"]
        else:
            os.environ["INTERVENTION_HISTORY_DATA"] = old
    package = json.loads(path.read_text(encoding="utf-8"))
    for item in package["resources"]:
        item.pop("x-rows", None)
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    return target


@pytest.fixture
def data_copy(prepared, tmp_path, monkeypatch, capsys):
    import shutil

    target = tmp_path / "data"
    shutil.copytree(prepared, target)
    monkeypatch.setenv("INTERVENTION_HISTORY_DATA", str(target))
    capsys.readouterr()
    return target


def _check(capsys) -> tuple[int, str]:
    status = main(["check"])
    return status, capsys.readouterr().out


def _assert_no_traceback(out: str):
    assert "Traceback" not in out and "Error:" not in out.split("\n")[0], out[:2000]


def _problems_first_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("      "))


# ------------------------------------------------------------------ encodings
@pytest.mark.parametrize("encoding", ["utf-16", "latin-1"])
def test_a_table_in_another_encoding_is_named_by_check(data_copy, capsys, encoding):
    path = data_copy / "panama/casualty_estimates.csv"
    text = path.read_text(encoding="utf-8").replace("Panama", "Panamá")
    path.write_bytes(text.encode(encoding))
    status, out = _check(capsys)
    _assert_no_traceback(out)
    assert status == 1
    assert f"FAIL  {TABLE}" in out and "not UTF-8" in out and f"git checkout -- {FILE}" in out


def test_a_byte_order_mark_in_a_table_is_accepted(data_copy):
    path = data_copy / "panama/casualty_estimates.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    frame = load(TABLE)
    assert "estimate_id" in frame.columns and len(frame) > 10
    assert len(sources(TABLE)) > 0


def test_a_byte_order_mark_in_the_bibliography_is_accepted(data_copy, capsys):
    path = data_copy / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load(TABLE)) > 10
    assert cite("lat_1990_01_10").startswith("Los Angeles Times")
    _, out = _check(capsys)
    assert "KeyError" not in out and "bibliography" not in out
    assert f"ok    {TABLE}" in out


def test_the_latin1_advice_does_not_lead_into_a_new_failure(data_copy):
    """'Save it as CSV UTF-8' (Excel writes a BOM): following the advice must work."""
    path = data_copy / "panama/casualty_estimates.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1", "replace"))
    with pytest.raises(DataFileError, match="CSV UTF-8"):
        load(TABLE)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # what Excel's CSV UTF-8 writes
    assert len(load(TABLE)) > 10


# ------------------------------------------------------------------ deleted or damaged
def test_a_deleted_table_is_named_by_check_and_by_sources(data_copy, capsys):
    (data_copy / "panama/casualty_estimates.csv").unlink()
    status, out = _check(capsys)
    _assert_no_traceback(out)
    assert status == 1 and "the file is missing" in out and f"git checkout -- {FILE}" in out
    for call in (lambda: load(TABLE), lambda: sources(TABLE)):
        with pytest.raises(PackError, match="git checkout -- data/panama/casualty_estimates.csv"):
            call()
    assert pd.isna(list_datasets().set_index("name").loc[TABLE, "rows"])


@pytest.mark.parametrize("damage", ["latin-1", "deleted", "bom-less header", "cut in a quote"])
def test_a_damaged_bibliography_is_named_as_itself(data_copy, capsys, damage):
    path = data_copy / "sources.csv"
    text = path.read_text(encoding="utf-8")
    if damage == "latin-1":
        path.write_bytes(text.replace("Panama", "Panamá", 1).encode("latin-1", "replace"))
    elif damage == "deleted":
        path.unlink()
    elif damage == "bom-less header":
        path.write_text("id" + text[len("source_id"):], encoding="utf-8")
    else:
        path.write_text(text[: text.index('"', len(text) // 2) + 5], encoding="utf-8")
    status, out = _check(capsys)
    _assert_no_traceback(out)
    assert status == 1
    restore = [line for line in out.splitlines() if line.startswith("To undo")]
    assert restore == ["To undo accidental edits: git checkout -- data/sources.csv"], out[-800:]
    message = _load_error()
    assert "data/sources.csv" in message.splitlines()[0]
    assert f"git checkout -- {FILE}" not in message, message
    with pytest.raises(DataFileError, match="data/sources.csv"):
        cite("lat_1990_01_10")


def test_a_row_lost_from_the_bibliography_points_at_it(data_copy, capsys):
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lost = next(i for i, line in enumerate(lines) if line.startswith("lat_1990_01_10,"))
    path.write_text("".join(lines[:lost] + lines[lost + 1:]), encoding="utf-8")
    status, out = _check(capsys)
    assert status == 1 and "data/sources.csv" in out.splitlines()[-2] + out.splitlines()[-1]


@pytest.mark.parametrize("damage", ["cut in half", "deleted", "not a package"])
def test_a_damaged_data_package_is_named_by_check(data_copy, capsys, damage):
    path = data_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    if damage == "cut in half":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "deleted":
        path.unlink()
    else:
        path.write_text(json.dumps({"name": "x"}), encoding="utf-8")
    status, out = _check(capsys)
    _assert_no_traceback(out)
    assert status == 1 and "datapackage.json" in out
    if damage != "deleted":
        assert "git checkout -- data/datapackage.json" in out
    with pytest.raises(PackError, match="datapackage.json"):
        load(TABLE)


# ------------------------------------------------------------------ cut-off tables
def _cut_inside_a_quote(path):
    text = path.read_text(encoding="utf-8")
    at = text.index('"', 2 * len(text) // 3)  # an opening quote in the last third
    path.write_text(text[: at + 8], encoding="utf-8")


def _cut_at_a_line(path, keep=0.6):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: int(len(lines) * keep)]), encoding="utf-8")


def _check_reports_a_cut(capsys) -> str:
    """`check` fails and leads with the cut table; returns what it printed."""
    status, out = _check(capsys)
    assert status == 1
    _assert_cut_reported(out)
    return out


def _load_error() -> str:
    """The message load() raises on the damaged table."""
    with pytest.raises(DataFileError) as error:
        load(TABLE)
    return str(error.value)


def _assert_cut_reported(out: str):
    assert _problems_first_line(out).startswith(f"      {FILE}"), out[:1500]
    assert "cut off" in out or "are gone" in out or "rows may be lost" in out, out[:1500]
    for advice in ADVICE_THAT_LOSES_DATA:
        assert advice not in out, f"{advice!r} while a table is damaged:\n{out[:3000]}"
    restore = [line for line in out.splitlines() if line.startswith("To undo")][0]
    assert restore.split("-- ")[1].split()[0] == FILE, restore


def test_a_table_cut_inside_a_quoted_field_is_called_cut_off(data_copy, capsys):
    _cut_inside_a_quote(data_copy / "panama/casualty_estimates.csv")
    _check_reports_a_cut(capsys)
    message = _load_error()
    assert "cut off" in message.splitlines()[1], message


def test_a_table_cut_mid_row_leads_with_the_cut(data_copy, capsys):
    path = data_copy / "panama/casualty_estimates.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    last = lines[len(lines) * 2 // 3]
    head = "".join(lines[: len(lines) * 2 // 3])
    path.write_text(head + ",".join(last.split(",")[:4]), encoding="utf-8")
    _, out = _check(capsys)
    _assert_cut_reported(out)
    assert "stops after 4 of" in _problems_first_line(out)


def test_a_table_cut_at_a_line_is_noticed_from_its_lost_sources(data_copy, capsys):
    """Without row counts in the data package: declared sources that vanished."""
    _cut_at_a_line(data_copy / "panama/casualty_estimates.csv")
    _check_reports_a_cut(capsys)
    assert "Run: python -m helpers sync-sources" not in _load_error()


def test_a_table_cut_at_a_line_is_noticed_from_its_row_count(data_copy, capsys):
    """sync-sources records x-rows; fewer rows than recorded is a cut (or a deliberate deletion)."""
    assert main(["sync-sources"]) == 0
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    recorded = {r["name"]: r["x-rows"] for r in package["resources"]}
    assert recorded[TABLE] == len(load(TABLE))
    path = data_copy / "panama/casualty_estimates.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows[:-1])  # the last row, gone
    capsys.readouterr()
    assert "1 are gone" in _check_reports_a_cut(capsys)


def test_sync_sources_refuses_while_a_table_is_damaged(data_copy, capsys):
    before = (data_copy / "datapackage.json").read_bytes()
    _cut_at_a_line(data_copy / "panama/casualty_estimates.csv")
    assert main(["sync-sources"]) == 1
    out = capsys.readouterr().out
    assert "did not run" in out and f"git checkout -- {FILE}" in out
    assert (data_copy / "datapackage.json").read_bytes() == before
    # a deliberate deletion is recorded only when said so
    assert main(["sync-sources", "--rows-deleted-on-purpose"]) == 0
    capsys.readouterr()
    assert main(["check"]) in (0, 1)
    assert FILE not in capsys.readouterr().out


def test_sync_sources_refuses_while_a_bibliography_row_is_missing(data_copy, capsys):
    """Issue 22: it rewrote the citation as a bare id with no address in datapackage.json."""
    before = (data_copy / "datapackage.json").read_bytes()
    cited = pd.read_csv(data_copy / "panama/casualty_estimates.csv", dtype=str)["source_id"].iloc[0]
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(cited + ",")), encoding="utf-8")
    assert main(["sync-sources"]) == 1
    out = capsys.readouterr().out
    assert "did not run" in out and cited in out and "git checkout -- data/sources.csv" in out
    assert (data_copy / "datapackage.json").read_bytes() == before


@pytest.mark.parametrize("damage", ["empty", "header only"])
def test_an_emptied_table_never_leads_to_deleting_sources(data_copy, capsys, damage):
    path = data_copy / "panama/casualty_estimates.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text("" if damage == "empty" else header + "\n", encoding="utf-8")
    status, out = _check(capsys)
    assert status == 1
    _assert_no_traceback(out)
    for advice in ADVICE_THAT_LOSES_DATA:
        assert advice not in out, out[:3000]
    assert _problems_first_line(out).startswith(f"      {FILE}")


def test_a_semicolon_separated_table_says_so(data_copy, capsys):
    path = data_copy / "panama/casualty_estimates.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    with pytest.raises(DataFileError, match="separated by ';'") as error:
        load(TABLE)
    assert "1 problem(s)" in str(error.value)


def test_a_deleted_column_is_one_problem_not_hundreds(data_copy):
    path = data_copy / "panama/casualty_estimates.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle)]
    columns = [c for c in rows[0] if c != "value"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataFileError) as error:
        load(TABLE)
    assert "'value': this column is missing from the header" in str(error.value)
    assert len(error.value.problems) == 1
