"""The OpenAPI schema of the flow, detention-profile and event endpoints generates cleanly."""

from __future__ import annotations

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from sanad.dtm import api_urls

pytestmark = pytest.mark.django_db


def test_schema_has_the_monitoring_endpoints_without_warnings():
    GENERATOR_STATS.reset()
    mine = [
        p
        for p in api_urls.urlpatterns
        if p.name.startswith(("api_dtm_flow", "api_dtm_detention", "api_dtm_event"))
    ]
    generator = SchemaGenerator(patterns=[path("api/v1/", include(mine))])
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular emitted warnings or errors"
    assert {
        "/api/v1/dtm/flows/",
        "/api/v1/dtm/flows/aggregates/",
        "/api/v1/dtm/detention-profiles/",
        "/api/v1/dtm/events/",
        "/api/v1/dtm/events/{uuid}/",
        "/api/v1/dtm/events/{uuid}/assessments/",
        "/api/v1/dtm/events/{uuid}/publish/",
    } <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/v1/dtm/flows/"]
