"""helpers diff and editions: what a maintainer and a facilitator see when the data changes."""

from __future__ import annotations

import json
import subprocess

import pytest

from helpers import edition
from helpers.diff import DiffError, changes_since, compare, format_changes, main

PACKAGE = {"resources": [
    {"name": "sources", "path": "sources.csv", "schema": {"primaryKey": ["source_id"]}},
    {"name": "panama/deaths", "path": "panama/deaths.csv", "schema": {"primaryKey": ["figure_id"]}},
]}
HEADER = "figure_id,value,low,high,source_id,locator\n"
CITATION = ('cff-version: 1.2.0\ntitle: "A pack"\nauthors:\n  - name: "The pack team"\n'
            "version: {v}\ndate-released: {d}\n")


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "HOME": str(repo), "PATH": "/usr/bin:/bin"})


def _write(repo, deaths: str, version="0.1.0", date="2026-11-24"):
    (repo / "data/panama").mkdir(parents=True, exist_ok=True)
    (repo / "data/datapackage.json").write_text(json.dumps(PACKAGE))
    (repo / "data/sources.csv").write_text("source_id,title,url\nlat_1990,Toll,https://latimes.com/x\n"
                                           "ap_1990,Count,https://apnews.com/y\n")
    (repo / "data/panama/deaths.csv").write_text(HEADER + deaths)
    (repo / "CITATION.cff").write_text(CITATION.format(v=version, d=date))


@pytest.fixture
def repo(tmp_path):
    """A pack with two editions: 0.1.0, then 2026.12 (one row added, one removed, one corrected)."""
    _git(tmp_path, "init", "-q")
    _write(tmp_path, "pa_1,202,,,lat_1990,Para 2\npa_2,314,,,ap_1990,Para 1\npa_3,50,,,ap_1990,Para 4\n")
    _git(tmp_path, "add", "-A"); _git(tmp_path, "commit", "-qm", "first edition")
    _write(tmp_path, "pa_1,202,,,lat_1990,Para 3\npa_3,51,40,60,ap_1990,Para 4\npa_4,500,,,lat_1990,Para 9\n",
           version="2026.12", date="2026-12-01")
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## 2026.12 (2026-12-01)\n\n## 0.1.0 (2026-11-24)\n")
    _git(tmp_path, "add", "-A"); _git(tmp_path, "commit", "-qm", "second edition")
    return tmp_path


def _table(results, name):
    return next(r for r in results if r.name == name)


def test_diff_lists_added_removed_and_changed_rows_with_their_sources(repo):
    deaths = _table(compare("HEAD~1", "HEAD", repo=repo), "panama/deaths")
    assert [r["figure_id"] for r in deaths.added] == ["pa_4"], "a new row must be listed as added"
    assert [r["figure_id"] for r in deaths.removed] == ["pa_2"], "a deleted row must be listed as removed"
    changed = {c["id"]: c for c in deaths.changed}
    assert set(changed) == {"pa_1", "pa_3"}, "rows kept but edited must be listed as changed"
    assert changed["pa_3"]["fields"] == [("value", "50", "51"), ("low", "", "40"), ("high", "", "60")], \
        "each changed figure must be shown with its old and new value"
    assert changed["pa_1"]["fields"] == [("locator", "Para 2", "Para 3")]
    assert changed["pa_3"]["sources"] == "ap_1990", "a changed figure must name its source id"


def test_diff_report_names_each_figure_and_source(repo):
    text = format_changes(compare("HEAD~1", "HEAD", repo=repo), "HEAD~1", "HEAD")
    assert "panama/deaths: 1 added, 1 removed, 2 changed" in text
    assert "added pa_4: value 500 [lat_1990]" in text
    assert "removed pa_2: value 314 [ap_1990]" in text
    assert "changed pa_3 [ap_1990]: value: '50' -> '51'" in text
    assert "Unchanged: sources." in text, "tables that did not change are named once, not listed"


def test_editions_resolve_by_name_without_tags(repo):
    by_edition = compare("0.1.0", "2026.12", repo=repo)
    by_revision = compare("HEAD~1", "HEAD", repo=repo)
    assert [(r.name, len(r.added), len(r.removed), len(r.changed)) for r in by_edition] == \
           [(r.name, len(r.added), len(r.removed), len(r.changed)) for r in by_revision]
    _git(repo, "tag", "edition-0.1.0", "HEAD~1")
    assert _table(compare("0.1.0", "HEAD", repo=repo), "panama/deaths").removed


def test_diff_against_the_files_on_disk(repo):
    (repo / "data/panama/deaths.csv").write_text(HEADER + "pa_1,999,,,lat_1990,Para 3\n")
    deaths = _table(compare("HEAD", "--working", repo=repo), "panama/deaths")
    assert deaths.changed[0]["fields"] == [("value", "202", "999")]
    assert len(deaths.removed) == 2


def test_a_table_that_is_not_utf8_is_named_in_one_line(repo, capsys, monkeypatch):
    """Issue 22: a Latin-1 table gave a raw UnicodeDecodeError that named no file."""
    import helpers.diff as diff_module

    monkeypatch.setattr(diff_module, "ROOT", repo)
    (repo / "data/panama/deaths.csv").write_bytes((HEADER + "pa_1,202,,,lat_1990,Página 3\n").encode("latin-1"))
    assert main(["HEAD", "--working"]) == 2
    said = capsys.readouterr().out.strip()
    assert "Traceback" not in said and len(said.splitlines()) == 1, said
    assert "data/panama/deaths.csv is not UTF-8" in said and "git checkout -- data/panama/deaths.csv" in said


def test_unknown_revision_is_named_with_what_to_use(repo):
    with pytest.raises(DiffError, match="Unknown revision or edition 'nonsense'"):
        compare("nonsense", "HEAD", repo=repo)
    with pytest.raises(DiffError, match="No table"):
        compare("HEAD~1", "HEAD", tables=["panama/deth"], repo=repo)


def test_facilitator_text_lists_changes_since_the_previous_edition(repo):
    assert edition.current(repo) == {"edition": "2026.12", "date": "2026-12-01"}
    assert edition.previous(root=repo) == "0.1.0"
    text = changes_since(tables=["panama/deaths"], new="HEAD", repo=repo)
    assert "from edition 0.1.0" in text and "**panama/deaths**" in text
    assert "- added pa_4: value 500 [lat_1990]" in text
    assert "sources" not in text.split("**panama/deaths**")[0], "only the lesson's tables are listed"


def test_the_command_line_prints_the_report(repo, capsys, monkeypatch):
    import helpers.diff as diff_module

    monkeypatch.setattr(diff_module, "ROOT", repo)
    assert main(["HEAD~1", "HEAD", "--table", "panama/deaths"]) == 0
    assert "changed pa_1 [lat_1990]: locator: 'Para 2' -> 'Para 3'" in capsys.readouterr().out
    assert main(["nonsense"]) == 2
    assert "Unknown revision" in capsys.readouterr().out


def test_bump_keeps_citation_pyproject_and_changelog_in_step(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2026.12"\n')
    assert edition.bump("2027.03", "2027-03-02", root=repo) == {"edition": "2027.03", "date": "2027-03-02"}
    assert 'version = "2027.03"' in (repo / "pyproject.toml").read_text()
    assert (repo / "CHANGELOG.md").read_text().index("## 2027.03 (2027-03-02)") < \
           (repo / "CHANGELOG.md").read_text().index("## 2026.12")
    assert edition.previous(root=repo) == "2026.12"
    with pytest.raises(ValueError, match="YYYY.MM"):
        edition.bump("march", root=repo)


def test_the_pack_itself_is_one_edition_everywhere():
    import tomllib

    info = edition.current()
    pyproject = tomllib.loads((edition.ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == info["edition"], \
        "pyproject.toml and CITATION.cff name different editions: run helpers.edition.bump()"
    assert edition.editions()[0] == info, "CHANGELOG.md's newest section must be the current edition"
    assert f"Edition {info['edition']}" in edition.footer()
    assert edition.long_date(info["date"]) in edition.cite_this_edition()
    import helpers

    assert helpers.__version__ == info["edition"], "helpers.__version__ must come from the package metadata"
