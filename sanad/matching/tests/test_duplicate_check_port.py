"""The registry's duplicate check is matching's, registered when the matching app starts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from sanad.matching import realtime, services
from sanad.registry import duplicates


def test_the_matching_app_registers_its_check_at_start_up():
    check = duplicates._check()
    assert check.find is realtime.find_candidates
    assert check.review is services.review_request


def test_the_port_passes_the_call_through(monkeypatch):
    calls = []
    monkeypatch.setattr(
        duplicates,
        "_registered",
        [
            duplicates.DuplicateCheck(
                find=lambda **kwargs: calls.append(("find", kwargs)) or ["found"],
                review=lambda **kwargs: calls.append(("review", kwargs)) or "pair",
            )
        ],
    )
    assert duplicates.candidates_for(actor="a", data={"given_name": "Adam", "phones": ["091 234 5678"]}) == [
        "found"
    ]
    assert calls[0][1]["actor"] == "a" and calls[0][1]["given_name"] == "Adam" and calls[0][1]["limit"] == 5
    assert duplicates.review_request(actor="a", person="p", candidate="c") == "pair"
    assert calls[1] == ("review", {"actor": "a", "person": "p", "candidate": "c"})


def test_without_the_matching_app_the_check_says_so(monkeypatch):
    monkeypatch.setattr(duplicates, "_registered", [])
    with pytest.raises(ImproperlyConfigured):
        duplicates.find_candidates(actor=None, given_name="Adam")
