"""Linking a registration to a person who is in a household but does not head it: the members
typed with them are typed relative to that person, and stored relative to the household's head
(the only meaning of ``Person.relationship``) — or refused, with nothing written, where kinship
alone does not tell the relationship to the head."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sanad.core.models import AuditEvent
from sanad.registry.models import Household, Person, Registration, Relationship
from sanad.registry.services import household_register, registration_submit

pytestmark = pytest.mark.django_db

MOBILE = Registration.Channel.MOBILE_TEAM
REFUSED = "REFUSED"

# Expected relationship to the head of a member typed as <column> of a linked person who is
# <row> of the head. Written from kinship, not from the code: in-laws, aunts/uncles,
# nieces/nephews, cousins and great-relatives are "other relative"; a step- or half-relation
# counts as the relation (a spouse's child is the head's child); the family of someone not
# related to the head is not related; REFUSED where kinship allows two answers, or the typed
# person would be the head.
SHORT = {
    "sp": "spouse",
    "ch": "child",
    "pa": "parent",
    "si": "sibling",
    "gc": "grandchild",
    "gp": "grandparent",
    "or": "other_relative",
    "nr": "not_related",
    "X": REFUSED,
}
# Notes on the refused cells: a child's parent is the head or the head's (former) partner, and
# their grandparent the head's parent or parent-in-law; a parent's grandchild is the head's child
# or a niece/nephew; a grandchild's parent is the head's child or child-in-law, and their
# grandparent the head, the head's spouse or someone of the other side; a grandparent's child is
# the head's parent or an aunt/uncle, and their grandchild the head, a sibling or a cousin; kin of
# an "other relative" can be anything from the head's child to no relation at all; a spouse's
# spouse is the head.
TABLE = """
linked \\ typed  sp  ch  pa  si  gc  gp  or  nr
sp               X   ch  or  or  gc  or  or  nr
ch               or  gc  X   ch  or  X   or  nr
pa               pa  si  gp  or  X   or  or  nr
si               or  or  pa  si  or  gp  or  nr
gc               or  or  X   gc  or  X   or  nr
gp               gp  X   or  or  X   or  or  nr
or               X   X   X   X   X   X   or  nr
nr               nr  nr  nr  nr  nr  nr  nr  nr
"""
_header, *_rows = [line.split() for line in TABLE.strip().splitlines()]
COLUMNS = [SHORT[c] for c in _header[3:]]
CELLS = [
    (SHORT[row[0]], typed, SHORT[value])
    for row in _rows
    for typed, value in zip(COLUMNS, row[1:], strict=True)
]

HEAD = {"given_name": "Abdullahi", "father_name": "Hassan", "family_name": "Warsame", "sex": "M"}


def _household_with(users, linked_relationship: str) -> tuple[Household, Person]:
    household = household_register(
        actor=users["caseworker"],
        registration_channel=MOBILE,
        members=[
            {**HEAD, "relationship": "head"},
            {
                "given_name": "Hodan",
                "family_name": "Warsame",
                "sex": "F",
                "relationship": linked_relationship,
            },
        ],
    )
    return household, household.members.get(given_name="Hodan")


def _link(users, linked: Person, *members: dict):
    return registration_submit(
        actor=users["caseworker"],
        head={"given_name": "Hodan", "family_name": "Warsame", "sex": "F"},
        members=list(members),
        decision="link",
        candidate=linked,
        registration_channel=MOBILE,
    )


def test_the_table_covers_every_relationship_but_head():
    assert len(CELLS) == 8 * 8
    assert (
        {linked for linked, _typed, _expected in CELLS} == set(COLUMNS) == set(Relationship.values) - {"head"}
    )


@pytest.mark.parametrize(("linked", "typed", "expected"), CELLS)
def test_a_member_typed_relative_to_the_linked_person_is_stored_relative_to_the_head(
    users, linked, typed, expected
):
    household, hodan = _household_with(users, linked)
    sagal = {"given_name": "Sagal", "sex": "F", "relationship": typed}
    if expected == REFUSED:
        with pytest.raises(ValidationError) as caught:
            _link(users, hodan, sagal)
        errors = caught.value.message_dict
        assert list(errors) == ["members.1.relationship"]
        assert "Abdullahi" in errors["members.1.relationship"][0]  # names the head
        assert not Person.objects.filter(given_name="Sagal").exists()
        return
    outcome = _link(users, hodan, sagal)
    stored = Person.objects.get(given_name="Sagal")
    assert stored.household == household and stored.relationship == expected
    assert outcome.typed_relationships == ({} if expected == typed else {stored.pk: typed})
    household.refresh_from_db()
    assert household.head.given_name == "Abdullahi"  # the head stays the head
    hodan.refresh_from_db()
    assert hodan.relationship == linked


@pytest.mark.parametrize("typed", COLUMNS)
def test_linked_to_the_head_the_typed_relationship_is_kept(users, typed):
    household = household_register(
        actor=users["caseworker"], registration_channel=MOBILE, members=[{**HEAD, "relationship": "head"}]
    )
    outcome = _link(users, household.head, {"given_name": "Sagal", "relationship": typed})
    assert Person.objects.get(given_name="Sagal").relationship == typed
    assert outcome.typed_relationships == {}


def test_a_refused_relationship_writes_nothing_at_all(users):
    """One member refused (a spouse of the head's spouse is the head) refuses the whole link:
    no member, no registration event, no phone and no audit event."""
    household, hodan = _household_with(users, "spouse")
    people, events = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        registration_submit(
            actor=users["caseworker"],
            head={"given_name": "Hodan", "family_name": "Warsame", "phones": ["0912345678"]},
            members=[
                {"given_name": "Sagal", "relationship": "child"},
                {"given_name": "Abdi", "relationship": "spouse"},
            ],
            decision="link",
            candidate=hodan,
            registration_channel=MOBILE,
        )
    message = caught.value.message_dict["members.2.relationship"][0]
    assert "Abdullahi Hassan Warsame" in message and household.reference in message
    assert "already registered" in message
    assert "members.1.relationship" not in caught.value.message_dict
    assert Person.objects.count() == people and AuditEvent.objects.count() == events
    assert hodan.registrations.count() == 1 and not hodan.phones.exists()


def test_an_unrecorded_relationship_of_the_linked_person_is_refused(users):
    household, hodan = _household_with(users, "spouse")
    Person.objects.filter(pk=hodan.pk).update(relationship="")
    with pytest.raises(ValidationError) as caught:
        _link(users, hodan, {"given_name": "Sagal", "relationship": "child"})
    assert "is not recorded" in caught.value.message_dict["members.1.relationship"][0]
    assert not Person.objects.filter(given_name="Sagal").exists()


# ---------------------------------------------------------------------------------------------
# The registration page, in a household like the demo's Warsame family: Hodan, the head's
# spouse, is registered again with her mother and her daughter.
# ---------------------------------------------------------------------------------------------
def _warsame(users) -> tuple[Household, Person]:
    household = household_register(
        actor=users["caseworker"],
        registration_channel=MOBILE,
        members=[
            {**HEAD, "given_name_ar": "عبد الله", "date_of_birth": "1987-01-01", "nationality": "SOM",
             "date_of_birth_precision": "year", "relationship": "head"},
            {"given_name": "Hodan", "father_name": "Ali", "family_name": "Warsame", "given_name_ar": "هودان",
             "father_name_ar": "علي", "family_name_ar": "ورسمي", "sex": "F", "date_of_birth": "1991-01-01",
             "date_of_birth_precision": "year", "nationality": "SOM", "relationship": "spouse"},
            {"given_name": "Ayaan", "family_name": "Warsame", "sex": "F", "relationship": "child"},
        ],
    )  # fmt: skip
    return household, household.members.get(given_name="Hodan")


def _hodan_page(**overrides):
    data = {
        "given_name": "Hodan",
        "father_name": "Ali",
        "family_name": "Warsame",
        "given_name_ar": "هودان",
        "father_name_ar": "علي",
        "family_name_ar": "ورسمي",
        "sex": "F",
        "date_of_birth_precision": "year",
        "birth_year": "1991",
        "population_group": "migrant",
        "nationality": "SOM",
        "idempotency_key": "form-hodan",
        "member-TOTAL_FORMS": "2",
        "member-INITIAL_FORMS": "0",
        "member-0-given_name": "Sagal",
        "member-0-sex": "F",
        "member-0-relationship": "child",
        "member-0-date_of_birth_precision": "exact",
        "member-1-given_name": "Maryan",
        "member-1-sex": "F",
        "member-1-relationship": "parent",
        "member-1-date_of_birth_precision": "exact",
    }
    data.update(overrides)
    return data


def test_page_linking_the_heads_spouse_stores_relationships_to_the_head_and_says_so(users, client_for):
    household, hodan = _warsame(users)
    client = client_for(users["caseworker"])
    url = reverse("registry:person_register")
    response = client.post(url, _hodan_page())
    assert response.status_code == 200 and hodan.reference in response.content.decode()  # duplicate found
    response = client.post(url, _hodan_page(decision=f"link:{hodan.uuid}"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("registry:person_detail", args=[hodan.uuid])
    sagal, maryan = Person.objects.get(given_name="Sagal"), Person.objects.get(given_name="Maryan")
    assert (sagal.household, sagal.relationship) == (household, "child")  # Hodan's daughter: the head's
    assert (maryan.household, maryan.relationship) == (household, "other_relative")  # mother-in-law
    household.refresh_from_db()
    assert household.head.given_name == "Abdullahi"
    text = [str(m) for m in response.context["messages"]]
    said = [m for m in text if "typed as" in m]
    assert len(said) == 1  # only Maryan's relationship differs from what was typed
    assert "Maryan" in said[0] and "Other relative" in said[0] and "Father / mother" in said[0]
    assert "Abdullahi" in said[0] and "Hodan" in said[0]
    # The household page shows each relationship, to the head, by its label.
    page = client.get(reverse("registry:household_detail", args=[household.uuid])).content.decode()
    rows = {
        name: page.split(name, 1)[1].split("</tr>", 1)[0] for name in ("Sagal", "Maryan", "Hodan", "Ayaan")
    }
    for name, value in (
        ("Sagal", "child"),
        ("Maryan", "other_relative"),
        ("Hodan", "spouse"),
        ("Ayaan", "child"),
    ):
        assert f'<option value="{value}" selected>' in rows[name], name


def test_page_refuses_the_spouse_of_the_heads_spouse_on_the_members_field(users, client_for):
    household, hodan = _warsame(users)
    client = client_for(users["caseworker"])
    people = Person.objects.count()
    response = client.post(
        reverse("registry:person_register"),
        _hodan_page(
            decision=f"link:{hodan.uuid}",
            **{"member-1-given_name": "Abdi", "member-1-relationship": "spouse"},
        ),
    )
    assert response.status_code == 400
    members = response.context["members"]
    assert members.forms[0].errors == {}
    (message,) = members.forms[1].errors["relationship"]
    assert "Abdullahi Hassan Warsame" in message and "already registered" in message
    html = response.content.decode()
    assert 'value="Abdi"' in html and 'value="Sagal"' in html  # the form comes back as typed
    assert Person.objects.count() == people and hodan.registrations.count() == 1
