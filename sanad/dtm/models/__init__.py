"""Displacement Tracking Matrix: published rounds (aggregate figures) and field-collected records."""

from sanad.dtm.models.counts import SEX_AGE_FIELDS, NationalityCount, SexAgeCounts
from sanad.dtm.models.detention import (
    CONDITIONS,
    OVERCROWDED_FROM,
    SEVERELY_OVERCROWDED_FROM,
    DetentionNationality,
    DetentionSnapshot,
    Rating,
)
from sanad.dtm.models.events import BASELINE_HOURS, EmergencyEvent, PriorityNeed, RapidAssessment
from sanad.dtm.models.flows import FlowCount, FlowNationality
from sanad.dtm.models.rounds import BaladiyaFigure, MuhallaFigure, NationalityFigure, Population, Round

__all__ = [
    "BASELINE_HOURS",
    "CONDITIONS",
    "OVERCROWDED_FROM",
    "SEVERELY_OVERCROWDED_FROM",
    "SEX_AGE_FIELDS",
    "BaladiyaFigure",
    "DetentionNationality",
    "DetentionSnapshot",
    "EmergencyEvent",
    "FlowCount",
    "FlowNationality",
    "MuhallaFigure",
    "NationalityCount",
    "NationalityFigure",
    "Population",
    "PriorityNeed",
    "RapidAssessment",
    "Rating",
    "Round",
    "SexAgeCounts",
]
