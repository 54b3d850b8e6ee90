"""Fixtures of the assessments tests: the engine's test form loaded as instruments, people."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from sanad.assessments.models import Domain
from sanad.assessments.services import instrument_version_upload
from sanad.registry.models import Registration
from sanad.registry.services import person_register

TEST_FORMS = Path(__file__).parent / "forms"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload_form(name: str = "engine_test.md", *, actor=None, text: str | None = None, **kwargs):
    data = text.encode() if text is not None else (TEST_FORMS / name).read_bytes()
    return instrument_version_upload(
        actor=actor, file=ContentFile(data, name=name), filename=name, system=actor is None, **kwargs
    )


def form_text(*, form_id: str = "engine_test", version: str = "2026.1") -> str:
    text = (TEST_FORMS / "engine_test.md").read_text()
    return text.replace("| Engine test | engine_test | 2026.1 |", f"| Engine test | {form_id} | {version} |")


@pytest.fixture
def engine_version(db):
    return upload_form()


@pytest.fixture
def sensitive_version(db):
    """The same form as a sensitive MHPSS instrument (like PHQ-9)."""
    return upload_form("mh_test.md", text=form_text(form_id="mh_test"), domain=Domain.MHPSS, sensitive=True)


def register(actor, given_name: str = "Mohamed", **data):
    return person_register(
        actor=actor,
        data={"given_name": given_name, "family_name": "Ali", "given_name_ar": "محمد", **data},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


@pytest.fixture
def person(users):
    return register(users["caseworker"])


def answers(**changes) -> dict:
    base = {"full_name": "Mohamed", "age": "30", "sex": "m", "detained": "no", "hh_size": "1"}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}
