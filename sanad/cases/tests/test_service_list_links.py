"""The list of services delivered links a case only for those who may open it.

Found on the phone-layout walk: `medical` and `vhr_officer` saw services of another unit's case
(services are visible agency-wide, cases unit-wide) and the case link answered 404.
"""

from __future__ import annotations

from django.urls import reverse

from sanad.cases import services


def test_a_case_the_reader_cannot_open_is_named_but_not_linked(
    open_case, users, person, other_team_users, client_for
):
    case = open_case("protection")
    services.service_record(actor=users["caseworker"], person=person, service_type="pfa", case=case)
    case_url = reverse("cases:detail", args=[case.uuid])

    other_unit_reader = other_team_users["medical"]  # services: agency; cases: own unit only
    client = client_for(other_unit_reader)
    page = client.get(reverse("cases:service_list")).content.decode()
    assert case.reference in page
    assert case_url not in page
    assert client.get(case_url).status_code == 404

    same_unit_reader = client_for(users["medical"])
    assert same_unit_reader.get(case_url).status_code == 200
    assert case_url in same_unit_reader.get(reverse("cases:service_list")).content.decode()
