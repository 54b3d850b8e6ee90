from __future__ import annotations

from django.db import transaction

from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.models import Role
from sanad.core.permissions import ROLES, has_permission


def roles_sync() -> list[str]:
    """Create the settings row of every role in the matrix that has none. Returns created codes."""
    existing = set(Role.objects.values_list("code", flat=True))
    created = []
    for code, spec in ROLES.items():
        if code not in existing:
            Role.objects.create(code=code, requires_2fa=spec.sees_sensitive)
            created.append(code)
    return created


@transaction.atomic
def role_set_requires_2fa(*, actor, role: Role, requires_2fa: bool) -> Role:
    if not has_permission(actor, "roles.manage"):
        raise DomainError("You may not change roles.", code="forbidden")
    role = Role.objects.select_for_update().get(pk=role.pk)
    if role.requires_2fa == requires_2fa:
        return role
    before = role.requires_2fa
    role.requires_2fa = requires_2fa
    role.save(update_fields=["requires_2fa", "updated_at"])
    audit_record(
        actor=actor,
        action="core.role.update",
        obj=role,
        object_repr=role.code,
        changes={"requires_2fa": [before, requires_2fa]},
    )
    return role
