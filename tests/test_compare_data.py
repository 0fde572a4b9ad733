"""The comparison tables of lessons 04 and 05: like compared with like, scale (people and
prices), the framing table from more than one side, and the claims key on the verdict scale."""

from pathlib import Path

import pytest
import yaml

from helpers import load
from helpers.claims import accepted_verdicts, claims_to_check, verdict_scale
from helpers.compare import (comparison_chart, in_dollars_of, per_100k, population,
                             price_factor, shared_measures)
from helpers.errors import PackError

VERDICTS = {"supported", "partly_supported", "not_supported", "misattributed", "contradicted",
            "not_testable", "not_checked_here"}
# The six speaker kinds lesson 05 checks the same way (issue 26): each needs at least five claims.
SIDES = ["article", "us_government", "venezuelan_government", "venezuelan_opposition",
         "un_and_rights_groups", "affected_people"]
EXERCISES_05 = Path(__file__).resolve().parents[1] / "lessons" / "05_checking_claims.exercises.yml"


def test_population_covers_every_case_and_the_us_year_by_year():
    table = load("compare/population")
    counts = table.groupby(table["country"].astype(str))["year"].nunique()
    assert set(counts.index) == {"panama", "colombia", "venezuela", "united_states"}
    assert (counts == 41).all(), "each country should have every year 1985-2025"
    assert table["source_id"].astype(str).str.contains(";").sum() == 0, "one source per row"


def test_population_and_rates():
    assert 2_000_000 < population("panama", 1989) < 3_000_000
    assert round(per_100k(population("colombia", 2000), "colombia", 2000)) == 100_000
    with pytest.raises(PackError, match="countries are"):
        population("cuba", 1989)


def test_price_factor_chains_inflation_both_ways():
    up = price_factor(1989, 2024)
    assert 2.3 < up < 2.7, "a 1989 dollar is worth about two and a half 2024 dollars"
    assert price_factor(2024, 1989) == pytest.approx(1 / up)
    assert in_dollars_of(1_000_000, 1989, 2024) == pytest.approx(1_000_000 * up)
    with pytest.raises(PackError, match="cannot convert"):
        price_factor(1970, 2024)


def test_measures_whose_meaning_differs_are_flagged():
    dims = load("compare/dimensions")
    flag = dims.drop_duplicates("measure").set_index("measure")["comparable"].astype(str)
    for measure in ["deaths_low_high", "start_date", "un_vote", "un_security_council",
                    "indictment_and_reward", "us_aid_usd"]:
        assert flag[measure] == "no", f"{measure} means different things across cases"
    vetoed = dims[dims["coded"].astype(str).str.contains("vetoed", na=False)]
    assert vetoed["coded"].nunique() == len(vetoed), "'vetoed' must say who vetoed what"
    assert (dims["comparability_note"].astype(str).str.len() > 10).all()


def test_the_comparison_opens_on_measures_all_cases_share():
    dims = load("compare/dimensions")
    shared = shared_measures(dims)
    assert 10 <= len(shared) <= 16
    per_measure = dims.groupby(dims["measure"].astype(str))["case"].nunique()
    assert all(per_measure[m] == 3 for m in shared)
    assert "deaths_low_high" not in shared and "drugs_cited" in shared


def test_grid_colours_only_yes_partly_no():
    spec = comparison_chart().to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"][:3] == ["yes", "partly", "no"] and len(scale["domain"]) == 4
    assert "#000000" not in scale["range"], "labels are dark: no dark fill"
    rows = spec["datasets"][spec["data"]["name"]]
    assert {r["scale"] for r in rows} <= set(scale["domain"])


def test_framing_holds_more_than_the_us_voice_and_the_cold_war():
    framing = load("compare/framing")
    assert set(framing["perspective"].astype(str)) >= {"us_government", "target_government",
                                                       "regional_and_international"}
    reasons = framing["stated_reason"].astype(str)
    cold_war = framing[reasons.str.contains("anti_communism") & (framing["date"].dt.year < 1990)]
    assert len(cold_war) >= 4, "the article's thesis needs the Cold War's stated reasons"
    assert framing[reasons.str.contains("drugs")]["date"].dt.year.min() >= 1971


def test_verdict_scale_examples_match_the_key():
    scale = verdict_scale()
    assert set(scale["verdict"].astype(str)) == VERDICTS
    assert list(scale["order"]) == list(range(1, len(VERDICTS) + 1))
    claims = load("compare/claims").set_index("claim_id")
    for _, row in scale.iterrows():
        if isinstance(row["example_claim_id"], str) and row["example_claim_id"]:
            assert claims.loc[row["example_claim_id"], "verdict"] == row["verdict"]
    assert scale["example_claim_id"].notna().sum() >= len(scale) - 1, "only a new verdict may lack an example"


def test_verdict_scale_shows_the_label_of_the_edition():
    from helpers.i18n import using_language

    for language, label in (("en", "Contradicted"), ("es", "contradicha"), ("pt", "contradita")):
        with using_language(language):
            scale = verdict_scale()
        assert not [c for c in scale.columns if c.startswith("label_")], scale.columns
        assert scale.set_index("verdict").loc["contradicted", "label"] == label


def _claims_lesson_05_asks_about() -> set[str]:
    """Claim ids named in the questions of lesson 05's exercises (read from the lesson's own
    file, so the test follows the lesson when its exercises change)."""
    import re

    spec = yaml.safe_load(EXERCISES_05.read_text(encoding="utf-8"))
    ids = load("compare/claims")["claim_id"].astype(str)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    asked = set()
    for exercise in spec["exercises"].values():
        asked.update(pattern.findall(str(exercise.get("question", ""))))
    return asked


def test_verdict_scale_examples_are_not_claims_the_exercises_ask_about():
    asked = _claims_lesson_05_asks_about()
    assert asked, "lesson 05's exercises name no claim: the test would prove nothing"
    examples = set(verdict_scale()["example_claim_id"].astype(str))
    assert not examples & asked, f"the scale's examples give away exercise answers: {sorted(examples & asked)}"


def test_every_side_has_five_checked_claims_that_are_not_all_alike():
    claims = load("compare/claims")
    kinds = claims["speaker_kind"].astype(str)
    for side in SIDES:
        verdicts = claims.loc[kinds == side, "verdict"].astype(str)
        assert len(verdicts) >= 5, f"{side}: {len(verdicts)} claims, at least 5 needed"
        holds = verdicts.isin(["supported", "partly_supported"]).any()
        fails = verdicts.isin(["not_supported", "contradicted", "misattributed"]).any()
        assert holds and fails, f"{side}: test each side on claims that hold and claims that fail"


def test_not_checked_here_and_not_testable_are_told_apart():
    claims = load("compare/claims").set_index("claim_id")
    verdicts = claims["verdict"].astype(str)
    assert {"not_testable", "not_checked_here"} <= set(verdicts)
    # A counterfactual or a prediction is untestable in principle; a seizure record is not.
    assert verdicts["U04"] == "not_checked_here" and verdicts["O03"] == "not_testable"


def test_claims_come_from_every_side_with_accepted_verdicts():
    claims = load("compare/claims")
    assert claims["speaker_kind"].astype(str).nunique() >= 3
    for claim_id in claims["claim_id"]:
        accepted = accepted_verdicts(claim_id)
        assert set(accepted) <= VERDICTS, claim_id
        assert all(len(reason) > 20 for reason in accepted.values()), claim_id


def test_review_notes_are_answered_in_the_reasoning():
    claims = load("compare/claims").set_index("claim_id")
    for claim_id in ["A01", "A02", "A08", "A11", "A14", "A20"]:
        assert "review" in claims.loc[claim_id, "reasoning"], claim_id
    assert not claims.loc["A20", "sources_disagree"]


def test_learners_get_the_claims_without_the_key():
    table = claims_to_check()
    assert not {"verdict", "reasoning", "also_accepted"} & set(table.columns)


def test_the_perspective_vocabulary_covers_the_six_groups():
    import json

    from helpers.primary_documents import COVERAGE_GROUPS, PERSPECTIVES

    schema = json.loads((Path(__file__).resolve().parents[1] / "data" / "schemas" / "documents.json")
                        .read_text(encoding="utf-8"))
    enum = next(f for f in schema["fields"] if f["name"] == "perspective")["constraints"]["enum"]
    assert set(enum) == set(COVERAGE_GROUPS) == set(PERSPECTIVES)
    assert len(set(COVERAGE_GROUPS.values())) == 6


def test_venezuela_documents_hear_every_side_and_spanish_originals():
    docs = load("venezuela/documents")
    from helpers.primary_documents import COVERAGE_GROUPS

    groups = docs["perspective"].astype(str).map(COVERAGE_GROUPS)
    assert len(docs) >= 15
    for group in set(COVERAGE_GROUPS.values()):
        assert (groups == group).sum() >= 2, f"fewer than two documents from {group}"
    assert (docs["language"].astype(str) == "es").sum() * 3 >= len(docs), "a third should be Spanish originals"
    spanish = docs[docs["language"].astype(str) == "es"]
    assert (spanish["excerpt_en"].astype(str).str.len() > 20).all(), "each Spanish original needs its English rendering"
