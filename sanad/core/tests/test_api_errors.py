"""The API's one error shape maps a service's refusal of a right to 403 (issue 13, item 2: a
missing right is a 403 on the page and in the API alike), and other domain rules to 409."""

from __future__ import annotations

from sanad.core.api_base import exception_handler
from sanad.core.errors import DomainError


def test_a_forbidden_domain_error_is_403_in_the_one_error_shape():
    response = exception_handler(DomainError("You may not work on this ticket.", code="forbidden"), {})
    assert response.status_code == 403
    assert response.data == {
        "error": {"code": "forbidden", "message": "You may not work on this ticket.", "fields": {}}
    }


def test_another_domain_error_is_still_a_conflict():
    response = exception_handler(DomainError("Already closed.", code="invalid_transition"), {})
    assert response.status_code == 409 and response.data["error"]["code"] == "invalid_transition"


def test_a_refusal_of_the_actor_is_403_whatever_its_code():
    from sanad.core.errors import Forbidden

    for code in ("four_eyes", "segregation", "conflict_of_interest", "self_deactivation"):
        response = exception_handler(Forbidden("Somebody else must approve.", code=code), {})
        assert response.status_code == 403 and response.data["error"]["code"] == code
    assert Forbidden("No.").code == "forbidden" and isinstance(Forbidden("No."), DomainError)
