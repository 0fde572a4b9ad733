"""The comparison tables of lessons 04 and 05: like compared with like, scale (people and
prices), the framing table from more than one side, and the claims key on the verdict scale."""

import pytest

from helpers import load
from helpers.claims import accepted_verdicts, claims_to_check, verdict_scale
from helpers.compare import (comparison_chart, in_dollars_of, per_100k, population,
                             price_factor, shared_measures)
from helpers.errors import PackError

VERDICTS = {"supported", "partly_supported", "not_supported", "misattributed", "contradicted",
            "not_testable", "not_checked_here"}


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
