"""Issue 26: every side heard. Each case's documents table holds at least 15 documents, at least two
from each of six groups of perspectives, and at least a third of them in Spanish; and each case
sets at least one internal government record beside the public statements.

One parametrised test per case, so a case joins by adding its name."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from helpers.primary_documents import COVERAGE_GROUPS, PERSPECTIVES, documents

ROOT = Path(__file__).resolve().parents[1]

MINIMUM_DOCUMENTS = 15
MINIMUM_PER_GROUP = 2
GROUPS = sorted(set(COVERAGE_GROUPS.values()))

CASES = [
    "panama",
    "colombia",
    "venezuela",
]


def _coverage_problems(docs) -> list[str]:
    """What a documents table lacks against the issue-26 targets, one line a gap."""
    problems = []
    if len(docs) < MINIMUM_DOCUMENTS:
        problems.append(f"{len(docs)} documents, at least {MINIMUM_DOCUMENTS} needed")
    groups = Counter(COVERAGE_GROUPS[p] for p in docs["perspective"].astype(str))
    for group in GROUPS:
        if groups[group] < MINIMUM_PER_GROUP:
            problems.append(f"group {group}: {groups[group]} document(s), at least "
                            f"{MINIMUM_PER_GROUP} needed")
    spanish = int((docs["language"].astype(str) == "es").sum())
    if 3 * spanish < len(docs):
        problems.append(f"{spanish} of {len(docs)} documents in Spanish, at least a third needed")
    return problems


@pytest.mark.parametrize("case", CASES)
def test_each_case_hears_every_side(case):
    problems = _coverage_problems(documents(case))
    assert not problems, f"{case}: " + "; ".join(problems)


@pytest.mark.parametrize("case", CASES)
def test_each_case_sets_an_internal_record_beside_the_public_statements(case):
    docs = documents(case)
    internal = docs[docs["role"].astype(str).str.contains("internal record", case=False)
                    & docs["perspective"].astype(str).isin(["us_government", "partner_government",
                                                            "target_government"])]
    assert len(internal) >= 1, (f"{case}: no internal government record (a cable, a memorandum); "
                                "give its row a role that says 'internal record'")
    assert set(internal["kind"].astype(str)) <= {"report", "letter"}, internal[["doc_id", "kind"]]


def test_the_coverage_check_names_each_gap():
    """The check itself can fail: a table of three English US-government documents is told
    every way it falls short."""
    import pandas as pd

    thin = pd.DataFrame({"perspective": ["us_government"] * 3, "language": ["en"] * 3})
    problems = "; ".join(_coverage_problems(thin))
    assert "3 documents, at least 15" in problems
    assert "group country_government: 0" in problems and "group us_government" not in problems
    assert "0 of 3 documents in Spanish" in problems


def test_every_perspective_belongs_to_one_coverage_group_and_the_schema_agrees():
    assert set(COVERAGE_GROUPS) == set(PERSPECTIVES)
    assert len(GROUPS) == 6
    schema = json.loads((ROOT / "data/schemas/documents.json").read_text(encoding="utf-8"))
    enum = next(f for f in schema["fields"] if f["name"] == "perspective")["constraints"]["enum"]
    assert set(enum) == set(PERSPECTIVES)
    package = json.loads((ROOT / "data/datapackage.json").read_text(encoding="utf-8"))
    region = next(r for r in package["resources"] if r["name"] == "region/documents")
    region_enum = next(f for f in region["schema"]["fields"]
                       if f["name"] == "perspective")["constraints"]["enum"]
    assert set(region_enum) == set(PERSPECTIVES)


@pytest.mark.parametrize("doc_id, perspective", [
    ("pa_doc_007", "partner_government"),   # Abadi spoke for Endara's government at the UN
    ("pa_doc_010", "court_or_tribunal"),    # the IACHR's merits report
    ("co_doc_001", "partner_government"),   # Pastrana's government wrote Plan Colombia
    ("co_doc_002", "armed_group"),          # the FARC is not the unarmed opposition
    ("co_doc_010", "court_or_tribunal"),    # a JEP magistrate is not the government
])
def test_voices_carry_the_label_that_fits_them(doc_id, perspective):
    case = {"pa": "panama", "co": "colombia"}[doc_id[:2]]
    docs = documents(case)
    assert docs.set_index("doc_id").loc[doc_id, "perspective"] == perspective
