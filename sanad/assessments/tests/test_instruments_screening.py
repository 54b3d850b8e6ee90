"""Scoring of the MRRM onsite screening and the Washington Group Short Set on known answer sets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.assessments.tests.instruments_support import TODAY, definition, errors, score
from sanad.assessments.xlsform import evaluate

WG_DOMAINS = ("seeing", "hearing", "walking", "remembering", "self_care", "communicating")

# ---------------------------------------------------------------- WG-SS


def wg(**codes: str) -> dict:
    return {domain: codes.get(domain, "1") for domain in WG_DOMAINS}


def test_wg_no_difficulty():
    result = score("wg_ss", wg()).result
    assert result.score == Decimal(0)
    assert result.band == "no_difficulty"
    assert result.flags == []


def test_wg_one_a_lot_of_difficulty_is_disability():
    result = score("wg_ss", wg(walking="3")).result
    assert result.score == Decimal(1)
    assert result.band == "disability"
    assert result.flags == ["disability"]
    assert result.suggested_referrals == ["health_specialised"]


def test_wg_cannot_do_at_all_is_disability():
    assert score("wg_ss", wg(self_care="4")).result.band == "disability"


def test_wg_some_difficulty_everywhere_is_below_the_cut_off():
    result = score("wg_ss", dict.fromkeys(WG_DOMAINS, "2")).result
    assert result.score == Decimal(0)
    assert result.scores["score_some_difficulty"] == Decimal(6)
    assert result.band == "some_difficulty"
    assert result.flags == []


def test_wg_refused_and_dont_know_do_not_count():
    result = score("wg_ss", wg(seeing="7", hearing="9")).result
    assert result.band == "no_difficulty"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "3", "4", "7", "9"]), min_size=6, max_size=6))
def test_wg_disability_iff_any_domain_at_the_cut_off(codes):
    result = score("wg_ss", dict(zip(WG_DOMAINS, codes, strict=True))).result
    at_cut_off = sum(code in ("3", "4") for code in codes)
    assert result.score == Decimal(at_cut_off)
    assert (result.band == "disability") is (at_cut_off >= 1)
    assert (result.flags == ["disability"]) is (at_cut_off >= 1)


# ---------------------------------------------------------------- MRRM screening


def screening(**changes) -> dict:
    """A man of 30 outside detention with no risk factor; ``changes`` override answers."""
    answers = {
        "sex": "male",
        "age": 30,
        "detention": "no",
        "serious_medical": "no",
        **{f"wg_{domain}": "1" for domain in WG_DOMAINS},
        "distress": "no",
        "immediate_danger": "no",
        "violence": "no",
        "tip_forced_work": "no",
        "tip_debt": "no",
        "tip_documents": "no",
        "tip_movement": "no",
        "shelter": "adequate",
        "food_24h": "yes",
        "items_lacking": ["none"],
        "single_caregiver": "no",
        "family_lost_contact": "no",
        "vhr_interest": "no",
    }
    answers.update(changes)
    return answers


def test_screening_no_risk_factor_is_low():
    result = score("mrrm_screening", screening()).result
    assert result.priority == "low"
    assert result.band == "low"
    assert result.score == Decimal(0)
    assert result.flags == []
    assert result.suggested_referrals == []
    assert result.suggested_assistance == []
    assert result.safety_alert is False


@pytest.mark.parametrize(
    ("changes", "flags", "referrals"),
    [
        (
            {"age": 15, "child_care": "alone", "vhr_interest": None},
            ["uasc", "child_at_risk"],
            ["protection_child", "family_tracing"],
        ),
        (
            {"age": 16, "child_care": "relative", "vhr_interest": None},
            ["uasc", "child_at_risk"],
            ["protection_child", "family_tracing"],
        ),
        ({"tip_documents": "yes"}, ["vot"], ["protection_trafficking", "mhpss"]),
        ({"tip_debt": "yes"}, ["vot"], ["protection_trafficking", "mhpss"]),
        ({"tip_forced_work": "yes"}, ["vot"], ["protection_trafficking", "mhpss"]),
        ({"serious_medical": "yes"}, ["serious_medical"], ["health_primary"]),
        (
            {"violence": "yes", "gbv_disclosed": "no"},
            ["survivor_of_violence"],
            ["protection_general", "mhpss"],
        ),
        (
            {"sex": "female", "violence": "yes", "gbv_disclosed": "yes", "pregnant_lactating": "neither"},
            ["gbv_survivor", "survivor_of_violence"],
            ["protection_gbv", "health_srh", "mhpss"],
        ),
    ],
)
def test_screening_any_critical_factor_is_high(changes, flags, referrals):
    answers = {k: v for k, v in screening(**changes).items() if v is not None}
    result = score("mrrm_screening", answers).result
    assert result.priority == "high"
    assert result.scores["score_critical"] >= 1
    assert result.flags == flags
    assert result.suggested_referrals == referrals


def test_screening_in_danger_now_is_high_and_raises_the_safety_alert():
    result = score("mrrm_screening", screening(immediate_danger="yes")).result
    assert result.priority == "high"
    assert result.safety_alert is True
    assert result.suggested_referrals == ["protection_general"]


def test_screening_declined_answers_are_not_risk_factors():
    answers = screening(immediate_danger="decline", violence="decline", tip_debt="decline")
    result = score("mrrm_screening", answers).result
    assert result.priority == "low"
    assert result.safety_alert is False


def test_screening_one_other_factor_is_low_two_is_medium_three_is_high():
    one = score("mrrm_screening", screening(age=65, vhr_interest="no")).result
    assert (one.priority, one.scores["score_other"], one.flags) == ("low", Decimal(1), ["older_person"])
    two = score("mrrm_screening", screening(age=65, food_24h="no")).result
    assert (two.priority, two.scores["score_other"]) == ("medium", Decimal(2))
    assert two.suggested_assistance == ["food", "cash"]  # older person without food: cash
    three = score("mrrm_screening", screening(age=65, food_24h="no", shelter="none")).result
    assert (three.priority, three.scores["score_other"]) == ("high", Decimal(3))
    assert three.suggested_assistance == ["food", "shelter", "cash"]
    # the same needs in detention: in-kind only, no cash
    detained = screening(age=65, food_24h="no", detention="current")
    del detained["shelter"]
    assert score("mrrm_screening", detained).result.suggested_assistance == ["food"]


def test_screening_detained_pregnant_woman_is_medium():
    answers = screening(sex="female", age=24, detention="current", pregnant_lactating="pregnant")
    del answers["shelter"]  # not asked in detention
    evaluation = score("mrrm_screening", answers)
    result = evaluation.result
    assert result.priority == "medium"
    assert result.flags == ["pregnant_lactating", "detained"]
    assert result.suggested_referrals == ["health_srh"]
    assert evaluation.relevant["shelter"] is False
    assert evaluation.relevant["tip_movement"] is False


def test_screening_disability_from_the_washington_group_questions():
    result = score("mrrm_screening", screening(wg_hearing="4")).result
    assert result.flags == ["disability"]
    assert result.priority == "low"


def test_screening_child_under_five_uses_the_proxy_disability_question():
    answers = {
        "sex": "female",
        "age": 3,
        "detention": "no",
        "child_care": "parents",
        "serious_medical": "no",
        "disability_child": "yes",
        "immediate_danger": "no",
        "violence": "no",
        "shelter": "adequate",
        "food_24h": "yes",
        "items_lacking": ["clothing", "hygiene"],
        "family_lost_contact": "no",
    }
    evaluation = score("mrrm_screening", answers)
    assert evaluation.result.flags == ["disability"]
    assert evaluation.result.suggested_assistance == ["nfi", "hygiene"]
    for question in ("wg_seeing", "distress", "tip_forced_work", "pregnant_lactating", "single_caregiver"):
        assert evaluation.relevant[question] is False


def test_screening_pregnancy_is_asked_of_women_12_to_49_only():
    assert "pregnant_lactating" in errors("mrrm_screening", screening(sex="female", age=49))
    assert "pregnant_lactating" not in errors("mrrm_screening", screening(sex="female", age=50))
    assert "pregnant_lactating" not in errors("mrrm_screening", screening(sex="male", age=30))
    child = screening(sex="female", age=11, child_care="parents")
    del child["vhr_interest"]
    assert "pregnant_lactating" not in errors("mrrm_screening", child)


def test_screening_child_questions_only_under_18():
    assert "child_care" in errors("mrrm_screening", {**screening(age=17), "vhr_interest": None})
    assert "child_care" not in errors("mrrm_screening", screening(age=18))


def test_screening_none_cannot_be_combined_with_an_item():
    assert "items_lacking" in errors("mrrm_screening", screening(items_lacking=["none", "bedding"]))


def test_screening_vhr_interest_and_family_tracing_are_suggested():
    result = score("mrrm_screening", screening(vhr_interest="yes", family_lost_contact="yes")).result
    assert result.suggested_referrals == ["family_tracing", "vhr"]
    assert result.priority == "low"


# The documented rule, written independently of the form, checked on random answer sets.
CRITICAL = ("uasc", "trafficking", "serious_medical", "violence", "danger")


def _expected_priority(a: dict) -> str:
    child = a["age"] < 18
    critical = [
        child and a["child_care"] in ("relative", "alone"),
        any(a.get(q) == "yes" for q in ("tip_forced_work", "tip_debt", "tip_documents", "tip_movement")),
        a["serious_medical"] == "yes",
        a["violence"] == "yes",
        a["immediate_danger"] == "yes",
    ]
    other = [
        a["detention"] in ("current", "recent"),
        a.get("pregnant_lactating") in ("pregnant", "lactating"),
        any(a.get(f"wg_{d}") in ("3", "4") for d in WG_DOMAINS),
        a.get("shelter") in ("inadequate", "none"),
        a["food_24h"] == "no",
        a.get("single_caregiver") == "yes",
        a["age"] >= 60,
        a.get("distress") == "yes",
    ]
    if any(critical) or sum(other) >= 3:
        return "high"
    return "medium" if sum(other) == 2 else "low"


@st.composite
def screening_answers(draw) -> dict:
    sex = draw(st.sampled_from(["female", "male"]))
    age = draw(st.integers(5, 90))
    yes_no = st.sampled_from(["yes", "no"])
    declinable = st.sampled_from(["yes", "no", "decline"])
    detention = draw(st.sampled_from(["current", "recent", "no"]))
    a = {
        "sex": sex,
        "age": age,
        "detention": detention,
        "serious_medical": draw(yes_no),
        **{f"wg_{d}": draw(st.sampled_from(["1", "2", "3", "4"])) for d in WG_DOMAINS},
        "immediate_danger": draw(declinable),
        "violence": draw(declinable),
        "tip_forced_work": draw(declinable),
        "tip_debt": draw(declinable),
        "tip_documents": draw(declinable),
        "food_24h": draw(yes_no),
        "items_lacking": draw(st.sampled_from([["none"], ["bedding"], ["hygiene", "clothing"]])),
        "family_lost_contact": draw(yes_no),
    }
    if age < 18:
        a["child_care"] = draw(st.sampled_from(["parents", "relative", "alone"]))
    else:
        a["vhr_interest"] = draw(yes_no)
    if age >= 12:
        a["distress"] = draw(yes_no)
    if age >= 15:
        a["single_caregiver"] = draw(yes_no)
    if sex == "female" and 12 <= age <= 49:
        a["pregnant_lactating"] = draw(st.sampled_from(["pregnant", "lactating", "neither", "decline"]))
    if a["violence"] == "yes":
        a["gbv_disclosed"] = draw(yes_no)
    if detention != "current":
        a["tip_movement"] = draw(declinable)
        a["shelter"] = draw(st.sampled_from(["adequate", "inadequate", "none"]))
    return a


@settings(max_examples=80, deadline=None)
@given(screening_answers())
def test_screening_priority_follows_the_documented_rule(answers):
    result = score("mrrm_screening", answers).result
    assert result.priority == _expected_priority(answers)
    assert result.band == result.priority
    assert result.safety_alert is (answers["immediate_danger"] == "yes")
    assert result.score == result.scores["score_critical"] + result.scores["score_other"]
    assert ("vot" in result.flags) is ("protection_trafficking" in result.suggested_referrals)
    assert ("food" in result.suggested_assistance) is (answers["food_24h"] == "no")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter an age from 0 to 120 years."),
        ("ar", "أدخل عمراً بين 0 و120 سنة."),
        ("fr", "Saisissez un âge entre 0 et 120 ans."),
    ],
)
def test_screening_constraint_message_in_the_users_language(language, message):
    evaluation = evaluate(definition("mrrm_screening"), screening(age=130), today=TODAY, language=language)
    assert evaluation.errors["age"] == [message]
