"""The Django-free linkage core on a small synthetic registry with known truth."""

from __future__ import annotations

import random

import pytest

from sanad.matching.comparisons import (
    default_parameters,
    jaro_winkler,
    level_weights,
    prepare_record,
    score_pair,
)
from sanad.matching.linkage import database_api, find_duplicate_pairs, splink_settings

GIVEN = [
    "mohamed",
    "ali",
    "omar",
    "ahmed",
    "yusuf",
    "ibrahim",
    "abdelrahman",
    "musa",
    "adam",
    "issa",
    "hassan",
    "hussein",
    "khalid",
    "salem",
    "fatima",
    "aisha",
    "mariam",
    "amina",
    "zainab",
    "halima",
    "tesfaye",
    "abebe",
    "hawa",
    "binta",
    "suleiman",
    "rashid",
    "nasra",
    "yonas",
    "habib",
    "kamal",
]
FAMILY = [
    "abdullah",
    "osman",
    "bashir",
    "diallo",
    "traore",
    "haile",
    "tesfaye",
    "idris",
    "rahman",
    "hossain",
    "jama",
    "farah",
    "warsame",
    "kebede",
    "sow",
    "camara",
    "mahmoud",
    "saleh",
]


def _respell(name: str, rng: random.Random) -> str:
    swaps = [("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("ph", "f"), ("a", "e")]
    for old, new in rng.sample(swaps, len(swaps)):
        if old in name[1:]:
            return name[0] + name[1:].replace(old, new, 1)
    return name + "h"


def synthetic(seed: int = 7, households: int = 250):
    rng = random.Random(seed)
    records, truth, uid = [], set(), 0
    for h in range(households):
        family, father, phone = rng.choice(FAMILY), rng.choice(GIVEN), f"+2189{rng.randrange(10**8):08d}"
        for _member in range(rng.randint(1, 5)):  # relatives share family, father, phone, household
            uid += 1
            fields = {
                "given": rng.choice(GIVEN),
                "father": father,
                "grandfather": rng.choice(GIVEN),
                "family": family,
                "sex": rng.choice("MF"),
                "date_of_birth": f"{rng.randint(1955, 2018)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",  # noqa: E501
                "nationality": rng.choice(["SDN", "TCD", "NGA", "ERI"]),
                "phones": [phone],
            }
            record = prepare_record(unique_id=uid, household=h, **fields)
            records.append(record)
            if rng.random() < 0.25:  # a repeat registration elsewhere, re-spelt, phone maybe changed
                uid += 1
                repeat = dict(fields)
                if rng.random() < 0.5:
                    repeat["given"] = _respell(fields["given"], rng)
                if rng.random() < 0.3:
                    repeat["family"] = _respell(family, rng)
                if rng.random() < 0.4:
                    repeat["phones"] = []
                if rng.random() < 0.3:
                    repeat["date_of_birth_precision"] = "year"
                records.append(prepare_record(unique_id=uid, household=f"r{uid}", **repeat))
                truth.add((record["unique_id"], uid))
    return records, truth


def _metrics(pairs, truth, bands):
    found = {(p["unique_id_l"], p["unique_id_r"]) for p in pairs if p["band"] in bands}
    true_positives = len(found & truth)
    return true_positives / max(1, len(found)), true_positives / len(truth)


def test_precision_and_recall_on_known_truth():
    records, truth = synthetic()
    result = find_duplicate_pairs(records, train=False, upper=10, lower=4)
    precision, recall = _metrics(result.pairs, truth, {"duplicate"})
    assert precision >= 0.95, precision
    assert recall >= 0.75, recall
    _p, recall_both = _metrics(result.pairs, truth, {"duplicate", "review"})
    assert recall_both >= recall
    assert all(p["unique_id_l"] < p["unique_id_r"] for p in result.pairs)
    weights = [p["match_weight"] for p in result.pairs]
    assert weights == sorted(weights, reverse=True) and min(weights) >= 4


def test_household_members_are_never_in_the_duplicate_band():
    records, _truth = synthetic()
    households = {r["unique_id"]: r["household"] for r in records}
    result = find_duplicate_pairs(records, train=False)
    dup = [p for p in result.pairs if p["band"] == "duplicate"]
    assert dup
    assert not [p for p in dup if households[p["unique_id_l"]] == households[p["unique_id_r"]]]


def test_training_runs_and_returns_parameters_the_realtime_check_can_use():
    records, truth = synthetic(seed=3, households=400)
    result = find_duplicate_pairs(records, train=True)
    assert set(result.parameters["levels"]) >= {"given:exact", "family:exact", "phone:exact"}
    assert result.splink_model["comparisons"]
    precision, recall = _metrics(result.pairs, truth, {"duplicate", "review"})
    assert precision >= 0.8 and recall >= 0.7
    # The Python scorer agrees with Splink's weights for the same parameters.
    by_id = {r["unique_id"]: r for r in records}
    weights = level_weights(result.parameters)
    prior_fix = weights[0]
    sample = result.pairs[:20]
    for pair in sample:
        score = score_pair(by_id[pair["unique_id_l"]], by_id[pair["unique_id_r"]], weights)
        assert score.levels == pair["levels"]
        assert (
            score.match_weight - prior_fix == pytest.approx(pair["match_weight"] - prior_fix, abs=0.6)
            or abs(score.match_weight - pair["match_weight"]) < 0.6
        )


def test_excluded_pairs_are_not_returned_and_do_not_chain_clusters():
    a = prepare_record(
        unique_id=1,
        given="Salem",
        father="Ali",
        family="Mahmoud",
        date_of_birth="1990-01-01",
        phones=["+218910000001"],
        documents=["P1"],
    )
    b = dict(a, unique_id=2, household=None)
    c = dict(a, unique_id=3)
    result = find_duplicate_pairs([a, b, c], train=False, exclude_pairs={(2, 1)})
    pairs = {(p["unique_id_l"], p["unique_id_r"]) for p in result.pairs}
    assert (1, 2) not in pairs and (1, 3) in pairs and (2, 3) in pairs
    assert len(set(result.clusters.values())) == 1  # 1-3-2 still linked through strong links


def test_namesakes_are_not_chained_by_weak_links():
    base = {"given": "Mohamed", "father": "Ali", "family": "Ahmed", "nationality": "SDN"}
    people = [
        prepare_record(unique_id=i, date_of_birth=f"{1950 + 9 * i}-05-0{i}", sex="M", **base)
        for i in range(1, 6)
    ]
    result = find_duplicate_pairs(people, train=False)
    assert not [p for p in result.pairs if p["band"] == "duplicate"]
    assert result.clusters == {}


def test_jaro_winkler_matches_reference_values():
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.9611, abs=1e-3)
    assert jaro_winkler("dwayne", "duane") == pytest.approx(0.84, abs=1e-3)
    assert jaro_winkler("", "x") == 0.0


def test_settings_are_valid_for_splink_and_spark_is_a_real_choice():
    settings = splink_settings(default_parameters())
    assert [c["output_column_name"] for c in settings["comparisons"]][:4] == [
        "given_name",
        "father_name",
        "grandfather_name",
        "family_name",
    ]
    spark = splink_settings(default_parameters(), backend="spark")
    assert "jaro_winkler(" in str(spark) and "jaro_winkler_similarity" not in str(spark)
    with pytest.raises(ValueError):
        database_api("oracle")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        with pytest.raises(RuntimeError, match="pyspark"):
            database_api("spark")


def _levels(left: dict, right: dict) -> dict:
    base = {"sex": "M", "nationality": "LBY"}
    a = prepare_record(unique_id=1, **{**base, **left})
    b = prepare_record(unique_id=2, **{**base, **right})
    return score_pair(a, b, level_weights(None)).levels


def test_given_and_family_swapped_by_a_registrar():
    levels = _levels(
        {"given": "Mohamed", "father": "Salah", "family": "Elsadig", "date_of_birth": "1977"},
        {"given": "Sadig", "father": "Salah", "family": "Mohamed", "date_of_birth": "1977"},
    )
    assert levels["given_name"] == "given:swapped"
    assert levels["family_name"] == "family:swapped"
    # One crossing spelt differently (عوض / Awed: same skeleton) still counts as a swap.
    levels = _levels(
        {"given": "Awed", "father": "Abdulrahman", "family": "Abd al Aziz"},
        {"given_ar": "عبدالعزيز", "father_ar": "عبد الرحمن", "family_ar": "عوض"},
    )
    assert levels["given_name"] == "given:swapped"


def test_father_and_grandfather_swapped():
    levels = _levels(
        {"given": "Nayma", "father": "Anas", "grandfather": "Bilal", "family": "Abdelaziz"},
        {"given": "Naima", "father": "Bilal", "grandfather": "Anas", "family": "Abdelaziz"},
    )
    assert levels["father_name"] == "father:swapped"
    assert levels["grandfather_name"] == "grandfather:swapped"


def test_missing_grandfather_is_neutral_and_a_shifted_family_name_counts():
    levels = _levels(
        {"given_ar": "نور", "father_ar": "حسين", "grandfather_ar": "خالد", "family_ar": "الورفلي"},
        {"given_ar": "نور", "father_ar": "حسين", "family_ar": "خالد"},
    )
    assert levels["grandfather_name"] == "grandfather:null"
    assert levels["family_name"] == "family:shifted"


def test_given_name_typos_and_long_vowel_slips_are_typo_level_not_else():
    # Keys that start with another letter are not fuzzy; the spellings are still alike.
    assert (
        _levels({"given": "Adamou", "family": "Bello"}, {"given": "Hadamou", "family": "Bello"})["given_name"]
        == "given:typo"
    )
    assert _levels({"given_ar": "صلح"}, {"given_ar": "صلاح"})["given_name"] in ("given:fuzzy", "given:typo")
    # Two curated names known to differ are not typos of each other, whatever their skeletons.
    assert _levels({"given": "Hassan"}, {"given": "Hussein"})["given_name"] == "given:else"


def test_siblings_sharing_family_phone_and_father_score_as_strangers_on_those():
    brother = {"given": "Ali", "father": "Omar", "family": "Warfalli", "phones": ["+218912345678"]}
    sister = {**brother, "given": "Amina", "date_of_birth": "1990-05-01", "sex": "F"}
    levels = _levels({**brother, "date_of_birth": "1992-03-04"}, sister)
    # Without the given name, the family name and the phone say nothing: neutral, not evidence.
    assert levels["family_name"] == "family:na"
    assert levels["phone"] == "phone:na"
    assert levels["location"] == "location:null"


def test_same_family_and_exact_birth_date_is_individual_evidence():
    levels = _levels(
        {"given": "Adamou", "father": "Sani", "family": "Bello", "date_of_birth": "1964-11-18"},
        {"given": "Hadamou", "father": "Sani", "family": "Bello", "date_of_birth": "1964-11-18"},
    )
    assert levels["family_name"] == "family:partial"
    levels = _levels(
        {"given": "Adamou", "family": "Bello", "date_of_birth": "1964-11-18"},
        {"given": "Hadamou", "family": "Bello", "date_of_birth": "1965-11-18"},
    )
    assert levels["date_of_birth"] == "dob:typo"


def test_location_counts_only_with_the_given_name():
    same_person = _levels(
        {"given": "Ali", "family": "Warfalli", "location": "LY021104"},
        {"given": "Ali", "family": "Warfalli", "location": "LY021104"},
    )
    assert same_person["location"] == "location:exact"
    brother = _levels(
        {"given": "Ali", "family": "Warfalli", "location": "LY021104"},
        {"given": "Omar", "family": "Warfalli", "location": "LY021104"},
    )
    assert brother["location"] == "location:na"
    moved = _levels(
        {"given": "Ali", "family": "Warfalli", "location": "LY021104"},
        {"given": "Ali", "family": "Warfalli", "location": "LY010504"},
    )
    assert moved["location"] == "location:else"


def test_neutral_levels_add_nothing_to_the_weight():
    weights = level_weights(None)
    base = {"given": "Ali", "father": "Omar", "family": "Warfalli", "sex": "M"}
    brother = {**base, "given": "Khaled"}
    plain = score_pair(prepare_record(unique_id=1, **base), prepare_record(unique_id=2, **brother), weights)
    shared = score_pair(
        prepare_record(unique_id=1, **base, phones=["+218912345678"], location="LY021104"),
        prepare_record(unique_id=2, **brother, phones=["+218912345678"], location="LY021104"),
        weights,
    )
    # A brother's shared phone and place change nothing: the same weight as without them.
    assert shared.match_weight == pytest.approx(plain.match_weight)


def test_father_dropped_from_a_three_part_arabic_name_is_shifted():
    levels = _levels(
        {"given": "Elhadi", "father": "Abdullah", "grandfather": "Mohamed", "family": "Tariq"},
        {"given_ar": "الهادي", "father_ar": "محمد", "family_ar": "طارق"},
    )
    assert levels["father_name"] == "father:shifted"
    # A son and his father: the shift without the same given name is not evidence.
    levels = _levels(
        {"given": "Salem", "father": "Ali"},
        {"given": "Ali", "father": "Omar", "grandfather": "Ali"},
    )
    assert levels["father_name"] != "father:shifted"


def test_fuzzy_given_names_start_with_the_same_letter():
    assert _levels({"given": "Salma"}, {"given": "Toslima"})["given_name"] != "given:fuzzy"
    assert _levels({"given": "Mariama"}, {"given": "Maryama"})["given_name"] in ("given:exact", "given:fuzzy")


def test_a_mistyped_sex_costs_a_fixed_weight_not_everything():
    weights = level_weights(None)
    assert -7 < weights[1]["sex:else"] < -4


def test_parameters_of_another_comparison_design_are_ignored():
    from sanad.matching.comparisons import DESIGN, default_parameters

    defaults = level_weights(None)
    old = {"prior": 1e-3, "levels": {"family:exact": {"m": 0.75, "u": 0.0004}}}  # no design: before 2
    assert level_weights(old) == defaults
    current = {**old, "design": DESIGN}
    assert level_weights(current)[1]["family:exact"] != defaults[1]["family:exact"]
    assert default_parameters()["design"] == DESIGN


def test_clusters_use_links_at_or_above_the_cluster_weight_only():
    a = prepare_record(
        unique_id=1, given="Salem", father="Ali", family="Mahmoud", date_of_birth="1990-01-01", sex="M"
    )
    b = dict(a, unique_id=2)
    strong = find_duplicate_pairs([a, b], train=False, upper=3, cluster_at=6)
    weight = strong.pairs[0]["match_weight"]
    assert strong.pairs[0]["band"] == "duplicate" and strong.clusters
    # The same pair flagged, but its link is below the cluster weight: no cluster.
    weak = find_duplicate_pairs([a, b], train=False, upper=3, cluster_at=weight + 1)
    assert weak.pairs[0]["band"] == "duplicate" and weak.clusters == {}
