"""The Django admin writes around the audited services, so it may only read."""

import pytest
from django.contrib import admin

from sanad.core.tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("model_admin", list(admin.site._registry.values()), ids=lambda a: a.model.__name__)
def test_no_model_can_be_added_changed_or_deleted(model_admin, rf):
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)
