"""Scoring of the mental health instruments on known answer sets: PHQ-9, RHS-15, K10, WHO-5."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.assessments.tests.instruments_support import errors, score

# ---------------------------------------------------------------- PHQ-9


def phq9(items: list[int], difficulty: str = "somewhat_difficult") -> dict:
    answers = {f"phq9_{i}": str(v) for i, v in enumerate(items, start=1)}
    if sum(items) > 0:
        answers["difficulty"] = difficulty
    return answers


def phq9_with_total(total: int, *, item9: int = 0) -> dict:
    """Items 1–8 filled left to right (3 each) so that the total is ``total``; item 9 as given."""
    rest = total - item9
    items = []
    for _ in range(8):
        value = min(3, rest)
        items.append(value)
        rest -= value
    assert rest == 0
    return phq9([*items, item9])


def test_phq9_all_ones_is_nine_mild_with_safety_alert():
    result = score("phq9", phq9([1] * 9)).result
    assert result.score == Decimal(9)
    assert result.band == "mild"
    assert result.safety_alert is True  # item 9 = 1
    assert result.priority == "high"  # the alert overrides the band
    assert result.suggested_referrals == ["mhpss"]


def test_phq9_all_zero_is_minimal_and_skips_the_difficulty_question():
    evaluation = score("phq9", phq9([0] * 9))
    assert evaluation.result.score == Decimal(0)
    assert evaluation.result.band == "minimal"
    assert evaluation.result.priority == "low"
    assert evaluation.result.safety_alert is False
    assert evaluation.result.suggested_referrals == []
    assert evaluation.relevant["difficulty"] is False


def test_phq9_maximum_is_severe_with_psychiatric_referral():
    result = score("phq9", phq9([3] * 9, "extremely_difficult")).result
    assert result.score == Decimal(27)
    assert result.band == "severe"
    assert result.suggested_referrals == ["mhpss", "health_psychiatric"]
    assert result.flags == ["mental_health"]


@pytest.mark.parametrize(
    ("total", "band", "priority", "flags", "referrals"),
    [
        (4, "minimal", "low", [], []),
        (5, "mild", "low", [], ["mhpss"]),
        (9, "mild", "low", [], ["mhpss"]),
        (10, "moderate", "medium", ["mental_health"], ["mhpss"]),
        (14, "moderate", "medium", ["mental_health"], ["mhpss"]),
        (15, "moderately_severe", "high", ["mental_health"], ["mhpss"]),
        (19, "moderately_severe", "high", ["mental_health"], ["mhpss"]),
        (20, "severe", "high", ["mental_health"], ["mhpss", "health_psychiatric"]),
    ],
)
def test_phq9_band_boundaries(total, band, priority, flags, referrals):
    result = score("phq9", phq9_with_total(total)).result
    assert result.score == Decimal(total)
    assert result.band == band
    assert result.priority == priority
    assert result.flags == flags
    assert result.suggested_referrals == referrals
    assert result.safety_alert is False


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_any_answer_above_zero_on_item_9_raises_the_safety_alert(item9):
    result = score("phq9", phq9_with_total(item9, item9=item9)).result
    assert result.safety_alert is True
    assert result.priority == "high"
    assert "mhpss" in result.suggested_referrals
    assert result.flags == ["mental_health"]


def test_phq9_requires_every_item_and_the_difficulty_once_a_problem_is_reported():
    missing_item = phq9([1] * 9)
    del missing_item["phq9_4"]
    assert set(errors("phq9", missing_item)) == {"phq9_4"}
    missing_difficulty = phq9([1] * 9)
    del missing_difficulty["difficulty"]
    assert set(errors("phq9", missing_difficulty)) == {"difficulty"}
    assert "phq9_1" in errors("phq9", {**phq9([0] * 9), "phq9_1": "4"})  # not a choice


PHQ9_BANDS = ["minimal", "mild", "moderate", "moderately_severe", "severe"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_phq9_score_is_the_sum_and_band_follows_the_cut_offs(items):
    result = score("phq9", phq9(items)).result
    total = sum(items)
    assert result.score == Decimal(total)
    assert result.band == PHQ9_BANDS[sum(total >= cut for cut in (5, 10, 15, 20))]
    assert result.safety_alert is (items[8] > 0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=9, max_size=9), st.integers(0, 7))
def test_phq9_band_is_monotonic_in_the_score(items, position):
    """Raising any one answer never lowers the band."""
    before = score("phq9", phq9(items)).result
    raised = list(items)
    raised[position] = min(3, raised[position] + 1)
    after = score("phq9", phq9(raised)).result
    assert after.score >= before.score
    assert PHQ9_BANDS.index(after.band) >= PHQ9_BANDS.index(before.band)


# ---------------------------------------------------------------- RHS-15


def rhs15(items: list[int], thermometer: int) -> dict:
    answers = {f"rhs15_{i}": str(v) for i, v in enumerate(items, start=1)}
    answers["rhs15_15"] = str(thermometer)
    return answers


def rhs15_with_sum(total: int, thermometer: int) -> dict:
    rest, items = total, []
    for _ in range(14):
        value = min(4, rest)
        items.append(value)
        rest -= value
    assert rest == 0
    return rhs15(items, thermometer)


@pytest.mark.parametrize(
    ("total", "thermometer", "band"),
    [
        (12, 0, "positive"),
        (11, 4, "negative"),
        (0, 5, "positive"),
        (0, 4, "negative"),
        (11, 5, "positive"),
        (56, 10, "positive"),
        (0, 0, "negative"),
    ],
)
def test_rhs15_positive_at_sum_12_or_thermometer_5(total, thermometer, band):
    result = score("rhs15", rhs15_with_sum(total, thermometer)).result
    assert result.score == Decimal(total)
    assert result.scores["score_distress_thermometer"] == Decimal(thermometer)
    assert result.band == band
    assert result.priority == ("medium" if band == "positive" else "low")
    assert result.suggested_referrals == (["mhpss"] if band == "positive" else [])


def test_rhs15_thermometer_is_0_to_10():
    assert "rhs15_15" in errors("rhs15", rhs15_with_sum(0, 11))
    assert "rhs15_15" in errors("rhs15", rhs15_with_sum(0, -1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=14, max_size=14), st.integers(0, 10))
def test_rhs15_rule(items, thermometer):
    result = score("rhs15", rhs15(items, thermometer)).result
    assert result.score == Decimal(sum(items))
    assert result.band == ("positive" if sum(items) >= 12 or thermometer >= 5 else "negative")


# ---------------------------------------------------------------- K10


def k10(items: list[int]) -> dict:
    """All ten answers; questions 3 and 6 are left out when the standard skip applies."""
    answers = {f"k10_{i}": str(v) for i, v in enumerate(items, start=1)}
    if items[1] == 1:
        del answers["k10_3"]
    if items[4] == 1:
        del answers["k10_6"]
    return answers


def k10_with_total(total: int) -> dict:
    rest, items = total - 10, []
    for _ in range(10):
        value = 1 + min(4, rest)
        items.append(value)
        rest -= value - 1
    assert rest == 0
    return k10(items)


def test_k10_all_ones_is_ten_low_with_questions_3_and_6_skipped():
    evaluation = score("k10", k10([1] * 10))
    assert evaluation.result.score == Decimal(10)
    assert evaluation.result.band == "low"
    assert evaluation.relevant["k10_3"] is False
    assert evaluation.relevant["k10_6"] is False


def test_k10_all_fives_is_fifty_very_high():
    result = score("k10", k10([5] * 10)).result
    assert result.score == Decimal(50)
    assert result.band == "very_high"
    assert result.priority == "high"
    assert result.suggested_referrals == ["mhpss", "health_psychiatric"]


@pytest.mark.parametrize(
    ("total", "band", "priority"),
    [
        (15, "low", "low"),
        (16, "moderate", "low"),
        (21, "moderate", "low"),
        (22, "high", "medium"),
        (29, "high", "medium"),
        (30, "very_high", "high"),
    ],
)
def test_k10_band_boundaries(total, band, priority):
    result = score("k10", k10_with_total(total)).result
    assert result.score == Decimal(total)
    assert result.band == band
    assert result.priority == priority
    assert result.flags == (["mental_health"] if total >= 22 else [])


def test_k10_skipped_question_counts_as_none_of_the_time_even_if_answered():
    # Q2 "None of the time": Q3 is not asked; a stale answer to it is ignored and scored 1.
    answers = {**k10([2, 1, 1, 2, 2, 2, 2, 2, 2, 2]), "k10_3": "5"}
    evaluation = score("k10", answers)
    assert evaluation.result.score == Decimal(2 + 1 + 1 + 2 * 7)
    assert "k10_3" not in evaluation.answers


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=10, max_size=10))
def test_k10_score_is_the_sum_with_skips_scored_one(items):
    expected = list(items)
    if items[1] == 1:
        expected[2] = 1
    if items[4] == 1:
        expected[5] = 1
    total = sum(expected)
    result = score("k10", k10(items)).result
    assert result.score == Decimal(total)
    assert 10 <= total <= 50
    bands = ["low", "moderate", "high", "very_high"]
    assert result.band == bands[sum(total >= cut for cut in (16, 22, 30))]


# ---------------------------------------------------------------- WHO-5


def who5(items: list[int]) -> dict:
    return {f"who5_{i}": str(v) for i, v in enumerate(items, start=1)}


def test_who5_raw_12_is_48_percent_poor_wellbeing():
    result = score("who5", who5([3, 3, 2, 2, 2])).result
    assert result.scores["score_raw"] == Decimal(12)
    assert result.score == Decimal(48)
    assert result.band == "poor_wellbeing"
    assert result.suggested_referrals == ["mhpss"]
    assert result.priority == "low"


@pytest.mark.parametrize(
    ("items", "percentage", "band", "priority"),
    [
        ([5, 5, 5, 5, 5], 100, "adequate_wellbeing", "low"),
        ([3, 3, 3, 2, 2], 52, "adequate_wellbeing", "low"),  # raw 13
        ([2, 2, 2, 1, 1], 32, "poor_wellbeing", "low"),  # raw 8
        ([2, 2, 1, 1, 1], 28, "likely_depression", "medium"),  # raw 7
        ([0, 0, 0, 0, 0], 0, "likely_depression", "medium"),
    ],
)
def test_who5_cut_offs(items, percentage, band, priority):
    result = score("who5", who5(items)).result
    assert result.score == Decimal(percentage)
    assert result.band == band
    assert result.priority == priority


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=5, max_size=5))
def test_who5_percentage_is_four_times_raw(items):
    result = score("who5", who5(items)).result
    raw = sum(items)
    assert result.scores["score_raw"] == Decimal(raw)
    assert result.score == Decimal(4 * raw)
    expected = "adequate_wellbeing" if raw >= 13 else "poor_wellbeing" if raw >= 8 else "likely_depression"
    assert result.band == expected
