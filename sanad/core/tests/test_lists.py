"""Lists (core/lists.py): filters declared once, checked the same on pages and the API, one pagination."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from sanad.core.lists import PAGE_SIZE, Pagination, filtered, page_of
from sanad.registry.filters import PersonFilterSet
from sanad.registry.models import Person, Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db


def _register(actor, count: int, **data) -> list[Person]:
    return [
        person_register(
            actor=actor,
            data={"given_name": f"Person {i}", **data},
            registration_channel=Registration.Channel.MOBILE_TEAM,
        )
        for i in range(count)
    ]


def test_filtered_applies_the_filter_set_and_names_invalid_filters(users):
    actor = users["caseworker"]
    refugees = _register(actor, 2, population_group="refugee", sex="F")
    _register(actor, 1, population_group="migrant", sex="M")
    people = Person.objects.all()
    assert {p.pk for p in filtered(people, PersonFilterSet, {"population_group": "refugee"}, user=actor)} == {
        p.pk for p in refugees
    }
    assert filtered(people, PersonFilterSet, None, user=actor).count() == 3
    assert filtered(people, PersonFilterSet, {"sex": ""}, user=actor).count() == 3
    with pytest.raises(ValidationError) as raised:
        filtered(people, PersonFilterSet, {"sex": "X", "population_group": "nomad"}, user=actor)
    assert set(raised.value.message_dict) == {"sex", "population_group"}


def test_invalid_filter_answers_400_in_the_one_error_shape_naming_the_field(users, api_client_for):
    response = api_client_for(users["caseworker"]).get("/api/v1/people/", {"sex": "X", "site": "not-a-uuid"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"sex", "site"}


def test_invalid_filter_answers_400_in_the_users_language(users, api_client_for):
    client = api_client_for(users["caseworker"])
    response = client.get("/api/v1/people/", {"sex": "X"}, HTTP_ACCEPT_LANGUAGE="fr")
    expected = "Sélectionnez un choix valide. X n’en fait pas partie."
    assert response.json()["error"]["fields"]["sex"] == [expected]


def test_invalid_filter_is_shown_on_the_page_form_and_lists_nothing(users, client_for):
    _register(users["caseworker"], 2)
    response = client_for(users["caseworker"]).get("/people/", {"sex": "X"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "sex" in form.errors
    assert list(response.context["page_obj"]) == []
    assert f'<div class="invalid-feedback d-block">{form.errors["sex"][0]}</div>' in response.content.decode()


def test_page_and_api_filter_identically(users, client_for, api_client_for):
    actor = users["caseworker"]
    _register(actor, 3, population_group="refugee", sex="F")
    _register(actor, 2, population_group="refugee", sex="M")
    _register(actor, 2, population_group="migrant", sex="F")
    params = {"population_group": "refugee", "sex": "F"}
    page = client_for(actor).get("/people/", params).context["page_obj"]
    api = api_client_for(actor).get("/api/v1/people/", params).json()
    page_references = [person.reference for person in page]
    assert len(page_references) == 3
    assert page_references == [row["reference"] for row in api["results"]]
    assert api["count"] == 3


def test_page_numbers_out_of_range_show_the_first_or_last_page(rf):
    items = list(range(PAGE_SIZE * 2 + 1))
    assert page_of(rf.get("/", {"page": "99"}), items).number == 3
    assert page_of(rf.get("/", {"page": "abc"}), items).number == 1
    assert page_of(rf.get("/", {"page": "0"}), items).number == 3  # below range: Django shows the last
    assert len(page_of(rf.get("/"), items)) == PAGE_SIZE
    assert list(page_of(rf.get("/", {"page": "3"}), items)) == [PAGE_SIZE * 2]


def test_api_pagination_bounds_and_page_out_of_range(users, api_client_for):
    actor = users["caseworker"]
    _register(actor, 3)
    client = api_client_for(actor)
    body = client.get("/api/v1/people/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2") and body["previous"] is None
    response = client.get("/api/v1/people/", {"page": 9})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    request = RequestFactory().get("/", {"page_size": "100000"})
    from rest_framework.request import Request

    assert Pagination().get_page_size(Request(request)) == 500


def test_the_schema_lists_the_filters_of_the_filter_set():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/people/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert set(PersonFilterSet.base_filters) | {"page", "page_size"} <= names
    sex = next(p for p in operation["parameters"] if p["name"] == "sex")
    assert set(sex["schema"]["enum"]) == {"F", "M", "U"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "PaginatedPersonListItemList"
    )


def test_with_defaults_fills_only_filters_the_query_does_not_name():
    from django.http import QueryDict

    from sanad.core.lists import with_defaults

    assert with_defaults(None, status="open") == {"status": "open"}
    assert with_defaults(QueryDict("status="), status="open")["status"] == ""  # named empty: any
    merged = with_defaults(QueryDict("band=review"), status="open")
    assert merged["band"] == "review" and merged["status"] == "open"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", True), ("true", True), ("1", True), ("on", True), ("no", False), ("false", False), ("", None)],
)
def test_yes_no_filter_reads_the_page_and_the_api_spelling(value, expected):
    from sanad.core.lists import YesNoField

    assert YesNoField(required=False).clean(value) is expected


def test_yes_no_filter_refuses_anything_else():
    from sanad.core.lists import YesNoField

    with pytest.raises(ValidationError):
        YesNoField(required=False).clean("maybe")


def test_an_api_list_with_a_serializer_context_per_page(users, api_client_for):
    """The referral list looks up, for the page's rows only, which ones the actor sent."""
    response = api_client_for(users["caseworker"]).get("/api/v1/referrals/", {"status": "nonsense"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status"}
    body = api_client_for(users["caseworker"]).get("/api/v1/referrals/").json()
    assert set(body) == {"count", "next", "previous", "results"}
