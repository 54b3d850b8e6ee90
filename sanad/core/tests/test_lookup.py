"""One way to find a record by the UUID a client gave: a malformed value is a 404, never a 500."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404

from sanad.core.models import Agency
from sanad.core.selectors.lookup import get_by_uuid, get_by_uuid_or_404, parse_uuid
from sanad.core.tests.factories import AgencyFactory


@pytest.mark.parametrize("value", [None, "", "not-a-uuid", "1234", 17, "../etc", ["x"], {"a": 1}])
def test_parse_uuid_refuses_what_is_not_a_uuid(value):
    assert parse_uuid(value) is None


def test_parse_uuid_accepts_a_uuid_and_its_text_forms():
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert parse_uuid(key) is key
    assert parse_uuid(str(key)) == key
    assert parse_uuid(key.hex) == key
    assert parse_uuid(str(key).upper()) == key


@pytest.mark.django_db
def test_found_through_a_model_a_manager_or_a_queryset():
    agency = AgencyFactory(code="lookup-a")
    assert get_by_uuid_or_404(Agency, agency.uuid) == agency
    assert get_by_uuid_or_404(Agency.objects, str(agency.uuid)) == agency
    assert get_by_uuid_or_404(Agency.objects.filter(code="lookup-a"), agency.uuid.hex) == agency


@pytest.mark.django_db
def test_the_given_queryset_limits_what_is_found():
    agency = AgencyFactory(code="lookup-b")
    with pytest.raises(Http404):
        get_by_uuid_or_404(Agency.objects.exclude(pk=agency.pk), agency.uuid)
    assert get_by_uuid(Agency.objects.exclude(pk=agency.pk), agency.uuid) is None


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "not-a-uuid", "1' OR '1'='1", 5])
def test_a_malformed_or_missing_value_is_a_404(value, django_assert_num_queries):
    AgencyFactory(code="lookup-c")
    with django_assert_num_queries(0), pytest.raises(Http404):
        get_by_uuid_or_404(Agency, value)
    with django_assert_num_queries(1), pytest.raises(Http404):
        get_by_uuid_or_404(Agency, uuid.uuid4())


@pytest.mark.django_db
def test_another_uuid_field_can_be_named():
    agency = AgencyFactory(code="lookup-d")
    from sanad.core.models import Unit

    unit = Unit.objects.create(agency=agency, code="lookup-unit", kind=Unit.Kind.MRRM, name_en="U")
    assert get_by_uuid_or_404(Unit, agency.uuid, field="agency__uuid") == unit


def _uuid_getters():
    """Every selector ``*_get(*, actor, uuid, ...)`` of every app."""
    import importlib
    import inspect
    import pkgutil

    import sanad

    found = []
    for info in pkgutil.walk_packages(sanad.__path__, "sanad."):
        name = info.name
        is_selectors = name.rsplit(".", 1)[-1].startswith("selectors") or ".selectors." in name
        if not is_selectors or ".tests" in name:
            continue
        module = importlib.import_module(name)
        for attr, fn in vars(module).items():
            if not (attr.endswith("_get") and inspect.isfunction(fn) and fn.__module__ == name):
                continue
            params = inspect.signature(fn).parameters
            required = {p for p, v in params.items() if v.default is inspect.Parameter.empty}
            if "uuid" in params and required <= {"actor", "uuid"}:
                found.append(pytest.param(fn, id=f"{name}.{attr}"))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("getter", _uuid_getters())
@pytest.mark.parametrize("value", ["not-a-uuid", "", None])
def test_every_selector_answers_404_to_a_malformed_uuid(getter, value, make_user):
    admin = make_user("system_admin")
    kwargs = {"uuid": value}
    if "actor" in __import__("inspect").signature(getter).parameters:
        kwargs["actor"] = admin
    with pytest.raises(Http404):
        getter(**kwargs)
