"""Duplicate-detection settings, with the documented defaults (docs/duplicate-detection.md).

SANAD_MATCH_UPPER      match weight at or above which a pair is a likely duplicate (3)
SANAD_MATCH_LOWER      match weight at or above which a pair goes to review (0)
SANAD_MATCH_POSSIBLE   real-time check: weight at or above which a person is shown as a
                       possible match below the review band (-8)
SANAD_MATCH_CLUSTER    batch run: weight of the links that group records into clusters for the
                       reviewer (6; never below the upper threshold)
SANAD_LINKAGE_BACKEND  Splink database API of the batch run: duckdb (default) or spark
"""

from __future__ import annotations

import os

from django.conf import settings


def _float(name: str, default: float) -> float:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return float(value)


def upper_threshold() -> float:
    return _float("SANAD_MATCH_UPPER", 3.0)


def lower_threshold() -> float:
    return _float("SANAD_MATCH_LOWER", 0.0)


def possible_threshold() -> float:
    return _float("SANAD_MATCH_POSSIBLE", -8.0)


def cluster_threshold() -> float:
    return max(_float("SANAD_MATCH_CLUSTER", 6.0), upper_threshold())


def linkage_backend() -> str:
    return str(
        getattr(settings, "SANAD_LINKAGE_BACKEND", None) or os.environ.get("SANAD_LINKAGE_BACKEND", "duckdb")
    )


def band_for(weight: float) -> str | None:
    if weight >= upper_threshold():
        return "duplicate"
    if weight >= lower_threshold():
        return "review"
    if weight >= possible_threshold():
        return "possible"
    return None
