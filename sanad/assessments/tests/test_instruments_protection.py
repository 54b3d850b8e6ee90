"""Scoring of the AVM protection assessment, the Best Interests Assessment and the PDM survey."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.assessments.tests.instruments_support import errors, score

# ---------------------------------------------------------------- AVM


def avm(**changes) -> dict:
    """An adult man with one protective factor per level and no risk factor."""
    answers = {
        "sex": "male",
        "age": 34,
        "immediate_danger": "no",
        "ind_risks": ["none"],
        "ind_protective": ["documents"],
        "hh_risks": ["none"],
        "hh_protective": ["contact"],
        "com_risks": ["none"],
        "com_protective": ["network"],
        "str_risks": ["none"],
        "str_protective": ["humanitarian_access"],
        "intention": "stay",
        "tracing_wanted": "no",
        "priority_override": "agree",
        "caseworker_summary": "Stable; follow up in three months.",
    }
    answers.update(changes)
    return answers


def test_avm_no_risk_is_low():
    result = score("avm", avm()).result
    assert result.priority == "low"
    assert result.score == Decimal(0)
    assert result.scores["score_protective"] == Decimal(4)
    assert result.scores["score_levels_at_risk"] == Decimal(0)
    assert result.flags == []
    assert result.suggested_referrals == []


def test_avm_counts_risk_and_protective_factors_per_level():
    answers = avm(
        ind_risks=["no_documents", "no_income"],
        ind_protective=["education_skills"],
        hh_risks=["migration_debt", "family_pressure"],
        hh_protective=["contact", "family_support"],
        str_risks=["irregular_status", "no_legal_work"],
        str_protective=["none"],
    )
    result = score("avm", answers).result
    assert result.scores["score_individual_risk"] == Decimal(2)
    assert result.scores["score_individual_protective"] == Decimal(1)
    assert result.scores["score_household_risk"] == Decimal(2)
    assert result.scores["score_household_protective"] == Decimal(2)
    assert result.scores["score_community_risk"] == Decimal(0)
    assert result.scores["score_structural_risk"] == Decimal(2)
    assert result.scores["score_structural_protective"] == Decimal(0)
    assert result.score == Decimal(6)
    # individual and structural levels have more risk than protection; household is balanced
    assert result.scores["score_levels_at_risk"] == Decimal(2)
    assert result.priority == "medium"
    assert result.suggested_referrals == ["protection_legal", "documentation", "livelihoods"]
    assert result.suggested_assistance == ["cash"]


def test_avm_three_levels_at_risk_is_high():
    answers = avm(
        ind_risks=["no_income"],
        ind_protective=["none"],
        com_risks=["discrimination"],
        com_protective=["none"],
        str_risks=["irregular_status"],
        str_protective=["none"],
    )
    result = score("avm", answers).result
    assert result.scores["score_levels_at_risk"] == Decimal(3)
    assert result.scores["score_critical"] == Decimal(0)
    assert result.priority == "high"


def test_avm_three_risks_balanced_by_protection_is_still_medium():
    answers = avm(
        ind_risks=["no_income", "no_documents", "language_literacy"],
        ind_protective=["good_health", "coping", "local_language"],
    )
    result = score("avm", answers).result
    assert result.scores["score_levels_at_risk"] == Decimal(0)
    assert result.priority == "medium"


@pytest.mark.parametrize(
    ("changes", "flag", "referral"),
    [
        ({"ind_risks": ["exploitation"]}, "vot", "protection_trafficking"),
        ({"ind_risks": ["gbv"], "sex": "female"}, "gbv_survivor", "protection_gbv"),
        ({"ind_risks": ["serious_health"]}, "serious_medical", "health_primary"),
        ({"age": 16, "child_separation": "unaccompanied"}, "uasc", "family_tracing"),
    ],
)
def test_avm_critical_factor_is_high(changes, flag, referral):
    result = score("avm", avm(**changes)).result
    assert result.priority == "high"
    assert result.scores["score_critical"] == Decimal(1)
    assert flag in result.flags
    assert referral in result.suggested_referrals


def test_avm_danger_now_raises_the_safety_alert():
    result = score("avm", avm(immediate_danger="yes")).result
    assert result.priority == "high"
    assert result.safety_alert is True
    assert result.suggested_referrals == ["protection_general"]


def test_avm_household_members_repeat_feeds_the_household_level():
    members = [
        {
            "member_relationship": "spouse",
            "member_age": 30,
            "member_location": "with_person",
            "member_needs": ["none"],
        },
        {
            "member_relationship": "child",
            "member_age": 9,
            "member_location": "with_person",
            "member_needs": ["out_of_school", "medical"],
        },
        {
            "member_relationship": "parent",
            "member_age": 60,
            "member_location": "unknown",
            "member_needs": ["none"],
        },
    ]
    evaluation = score("avm", avm(household_members=members, hh_protective=["none"], tracing_wanted="yes"))
    assert evaluation.values["members_with_needs"] == 1
    assert evaluation.result.scores["score_household_risk"] == Decimal(1)
    assert evaluation.result.scores["score_levels_at_risk"] == Decimal(1)
    assert evaluation.result.priority == "medium"
    assert evaluation.result.suggested_referrals == ["family_tracing", "education"]


def test_avm_caseworker_can_change_the_priority_with_a_reason():
    assert "override_reason" in errors("avm", avm(priority_override="high"))
    result = score(
        "avm", avm(priority_override="high", override_reason="Threats reported by a neighbour.")
    ).result
    assert result.priority == "high"
    assert result.band == "high"
    lowered = score(
        "avm",
        avm(
            ind_risks=["exploitation"],
            priority_override="medium",
            override_reason="Already in a VoT shelter.",
        ),
    ).result
    assert lowered.priority == "medium"
    assert "vot" in lowered.flags  # the facts stay; only the priority changes


def test_avm_child_flags_and_no_cash_for_children():
    answers = avm(
        age=15,
        child_separation="separated",
        ind_risks=["no_income", "violence"],
        hh_risks=["food_insecurity"],
    )
    result = score("avm", answers).result
    assert result.flags == ["uasc", "survivor_of_violence", "child_at_risk"]
    assert result.suggested_referrals == ["protection_child", "family_tracing", "protection_general", "mhpss"]
    assert result.suggested_assistance == ["food"]


AVM_LEVELS = {
    "ind": (
        ["exploitation", "violence", "gbv", "serious_health", "no_documents", "no_income"],
        ["good_health", "documents", "coping"],
    ),
    "hh": (["separated", "dependants", "migration_debt", "food_insecurity"], ["contact", "family_support"]),
    "com": (["discrimination", "isolation", "unsafe_area"], ["network", "services_access"]),
    "str": (["irregular_status", "detained", "no_justice"], ["regular_status", "legal_aid"]),
}


@st.composite
def avm_answers(draw) -> dict:
    answers = avm(immediate_danger=draw(st.sampled_from(["yes", "no"])))
    for level, (risks, protective) in AVM_LEVELS.items():
        chosen_risks = draw(st.lists(st.sampled_from(risks), unique=True, max_size=3))
        chosen_protective = draw(st.lists(st.sampled_from(protective), unique=True, max_size=2))
        answers[f"{level}_risks"] = chosen_risks or ["none"]
        answers[f"{level}_protective"] = chosen_protective or ["none"]
    return answers


@settings(max_examples=60, deadline=None)
@given(avm_answers())
def test_avm_priority_follows_the_documented_rule(answers):
    result = score("avm", answers).result
    counts = {
        level: (
            len([r for r in answers[f"{level}_risks"] if r != "none"]),
            len([p for p in answers[f"{level}_protective"] if p != "none"]),
        )
        for level in AVM_LEVELS
    }
    total_risk = sum(r for r, _ in counts.values())
    levels_at_risk = sum(r > p for r, p in counts.values())
    critical = answers["immediate_danger"] == "yes" or bool(
        {"exploitation", "gbv", "serious_health"} & set(answers["ind_risks"])
    )
    expected = (
        "high"
        if critical or levels_at_risk >= 3
        else "medium"
        if levels_at_risk or total_risk >= 3
        else "low"
    )
    assert result.score == Decimal(total_risk)
    assert result.scores["score_levels_at_risk"] == Decimal(levels_at_risk)
    assert result.priority == expected


# ---------------------------------------------------------------- BIA


def bia(**changes) -> dict:
    """A 14-year-old girl living with her parents, safe, in school, in contact with family."""
    answers = {
        "age": 14,
        "sex": "female",
        "separation_status": "accompanied_at_risk",
        "care_arrangement": "parents",
        "care_quality": "appropriate",
        "immediate_danger": "no",
        "safety_risks": ["none"],
        "health_status": "good",
        "disability": "no",
        "distress": "none",
        "education_status": "attending",
        "family_contact": "regular",
        "tracing_status": "reunified",
        "child_heard": "yes",
        "child_views": "She feels safe at home and wants to keep going to school.",
        "child_wishes": ["school_work"],
        "risk_override": "agree",
        "recommendations": ["monitoring"],
        "followup_date": "2026-12-15",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def test_bia_no_risk_is_low_and_always_suggests_child_protection():
    result = score("bia", bia()).result
    assert result.priority == "low"
    assert result.band == "low"
    assert result.flags == []
    assert result.suggested_referrals == ["protection_child"]


def test_bia_unaccompanied_child_in_kinship_care_is_medium_with_tracing():
    answers = bia(
        separation_status="unaccompanied",
        separation_date="2026-03-02",
        care_arrangement="kinship",
        family_contact="no_contact",
        tracing_status="not_started",
        tracing_wanted="yes",
        recommendations=["tracing", "monitoring"],
    )
    result = score("bia", answers).result
    assert result.priority == "medium"
    assert result.scores["score_medium_factors"] == Decimal(2)  # unaccompanied, no contact
    assert result.flags == ["uasc", "child_at_risk"]
    assert result.suggested_referrals == ["protection_child", "family_tracing"]


@pytest.mark.parametrize(
    "changes",
    [
        {"immediate_danger": "yes"},
        {"safety_risks": ["trafficking"]},
        {"safety_risks": ["sexual_abuse"]},
        {"safety_risks": ["armed_groups"]},
        {"safety_risks": ["child_marriage"]},
        {"care_arrangement": "street"},
        {"care_arrangement": "detention"},
        {"care_arrangement": "child_headed"},
        {"care_quality": "unsafe"},
        {"health_status": "serious"},
        {"distress": "severe"},
    ],
)
def test_bia_high_risk_factors(changes):
    result = score("bia", bia(**changes)).result
    assert result.priority == "high"
    assert result.scores["score_high_factors"] == Decimal(1)
    assert "child_at_risk" in result.flags


def test_bia_street_child_in_danger():
    result = score(
        "bia",
        bia(care_arrangement="street", immediate_danger="yes", safety_risks=["trafficking", "child_labour"]),
    ).result
    assert result.safety_alert is True
    assert result.suggested_assistance == ["shelter"]
    assert result.flags == ["child_at_risk", "vot"]
    assert "protection_trafficking" in result.suggested_referrals


def test_bia_risk_override_needs_a_reason():
    assert "override_reason" in errors("bia", bia(risk_override="high"))
    result = score("bia", bia(risk_override="high", override_reason="Father reported to be violent.")).result
    assert result.priority == "high"


def test_bia_child_views_required_when_heard_and_skipped_otherwise():
    assert "child_views" in errors("bia", bia(child_views=None))
    evaluation = score(
        "bia", bia(child_heard="too_young", age=3, child_views=None, child_wishes=None, education_status=None)
    )
    assert evaluation.relevant["child_views"] is False
    assert evaluation.relevant["education_status"] is False


def test_bia_is_for_children_and_separation_date_not_in_the_future():
    assert "age" in errors("bia", bia(age=18))
    assert "separation_date" in errors(
        "bia", bia(separation_status="separated", separation_date="2027-01-01")
    )


def test_bia_vhr_recommendation_suggests_vhr():
    result = score("bia", bia(recommendations=["bid", "vhr"])).result
    assert result.suggested_referrals == ["protection_child", "vhr"]


# ---------------------------------------------------------------- PDM


def pdm(**changes) -> dict:
    answers = {
        "received": ["food", "hygiene"],
        "received_all": "yes",
        "informed_in_advance": "yes",
        "waiting_time": "under_30",
        "timeliness": "on_time",
        "quantity": "enough",
        "quality": "good",
        "appropriate": "all",
        "sold_items": "no",
        "safe_travel": "yes",
        "safe_at_site": "yes",
        "treated_respectfully": "yes",
        "asked_payment": "no",
        "problems": ["none"],
        "satisfaction": "5",
        "aware_channels": ["helpline", "help_desk"],
        "complaint_raised": "no",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


@pytest.mark.parametrize(
    ("satisfaction", "band"),
    [("1", "dissatisfied"), ("2", "dissatisfied"), ("3", "neutral"), ("4", "satisfied"), ("5", "satisfied")],
)
def test_pdm_score_is_satisfaction(satisfaction, band):
    result = score("pdm", pdm(satisfaction=satisfaction)).result
    assert result.score == Decimal(satisfaction)
    assert result.band == band
    assert result.priority == ""
    assert result.safety_alert is False


def test_pdm_counts_problems_and_known_channels():
    result = score(
        "pdm", pdm(problems=["long_wait", "items_missing"], aware_channels=["none"], satisfaction="2")
    ).result
    assert result.scores["score_problems"] == Decimal(2)
    assert result.scores["score_channels_known"] == Decimal(0)


def test_pdm_request_for_payment_raises_the_alert():
    assert score("pdm", pdm(asked_payment="yes")).result.safety_alert is True
    assert score("pdm", pdm(asked_payment="decline")).result.safety_alert is False


def test_pdm_cash_questions_only_for_cash():
    evaluation = score(
        "pdm",
        pdm(received=["cash"], sold_items=None, cash_amount_correct="yes", cash_used_for=["food", "rent"]),
    )
    assert evaluation.relevant["sold_items"] is False
    assert "cash_amount_correct" in errors("pdm", pdm(received=["cash", "food"]))
    assert score("pdm", pdm()).relevant["cash_amount_correct"] is False


def test_pdm_nothing_received_skips_the_distribution_questions():
    answers = {
        "received": ["nothing"],
        "problems": ["not_on_list"],
        "satisfaction": "1",
        "aware_channels": ["none"],
        "complaint_raised": "yes",
        "complaint_answered": "waiting",
    }
    evaluation = score("pdm", answers)
    assert evaluation.relevant["process"] is False
    assert evaluation.relevant["safety"] is False
    assert evaluation.result.band == "dissatisfied"
    unanswered = dict(answers)
    del unanswered["complaint_answered"]
    assert "complaint_answered" in errors("pdm", unanswered)
