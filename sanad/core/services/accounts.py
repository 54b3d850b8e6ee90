"""A user's own account: sign-in events, profile, password, two-factor device.

Sign-in events are writes to the audit trail like any other, so they are recorded here rather
than in the views.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.models import User

SELF_EDITABLE_FIELDS = ("first_name", "last_name", "email", "phone", "preferred_language")


# ---------------------------------------------------------------------------------------------
# Sign-in events
# ---------------------------------------------------------------------------------------------
def auth_record_login(*, user: User, two_factor: bool) -> None:
    audit_record(actor=user, action="core.user.login", obj=user, changes={"two_factor": [None, two_factor]})


def auth_record_login_failed(*, username: str, stage: str = "password") -> None:
    """No actor: the attempt is not (yet) a known user. ``stage`` is ``password`` or ``code``."""
    audit_record(
        actor=None,
        action="core.user.login_failed",
        object_repr=username[:150],
        changes={"stage": [None, stage]},
    )


def auth_record_lockout(*, username: str) -> None:
    audit_record(actor=None, action="core.user.locked_out", object_repr=username[:150])


def auth_record_logout(*, user: User) -> None:
    audit_record(actor=user, action="core.user.logout", obj=user)


# ---------------------------------------------------------------------------------------------
# Profile and password
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def account_update_profile(
    *, actor: User, first_name: str, last_name: str, email: str, phone: str, preferred_language: str
) -> User:
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = snapshot(user, SELF_EDITABLE_FIELDS)
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email.strip()
    user.phone = phone.strip()
    user.preferred_language = preferred_language
    try:
        user.full_clean(exclude=["password", "username", "agency"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    user.save(update_fields=list(SELF_EDITABLE_FIELDS))
    changes = diff(before, snapshot(user, SELF_EDITABLE_FIELDS))
    if changes:
        audit_record(actor=actor, action="core.user.profile_update", obj=user, changes=changes)
    return user


@transaction.atomic
def account_change_password(*, actor: User, old_password: str, new_password: str) -> User:
    """Change one's own password after proving the old one; the new one must pass the validators."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Your current password was entered incorrectly.")})
    if old_password == new_password:
        raise ValidationError({"new_password1": _("The new password must differ from the current one.")})
    try:
        validate_password(new_password, user=user)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from None
    before = user.password_changed_at
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    # The password itself is never logged, only when it changed.
    audit_record(
        actor=actor,
        action="core.user.password_change",
        obj=user,
        changes={
            "password_changed_at": [
                before.isoformat() if before else None,
                user.password_changed_at.isoformat(),
            ]
        },
    )
    return user


# ---------------------------------------------------------------------------------------------
# Two-factor authentication (TOTP)
# ---------------------------------------------------------------------------------------------
def two_factor_confirmed_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def two_factor_device_start(*, actor: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (created once, reused on reload)."""
    if two_factor_confirmed_device(user=actor) is not None:
        raise DomainError(_("Two-factor authentication is already set up."), code="already_enrolled")
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)
    return device


def two_factor_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> TOTPDevice:
    # Not one transaction: a wrong code must leave its throttling count behind.
    if device.user_id != actor.pk or device.confirmed:
        raise DomainError(_("This device cannot be confirmed."), code="invalid_device")
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise ValidationError({"token": _("Too many wrong codes. Wait a moment and try again.")})
    if not device.verify_token((token or "").strip()):
        raise ValidationError(
            {"token": _("This code is not correct. Check the time on your phone and try again.")}
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        audit_record(
            actor=actor, action="core.user.two_factor_enrol", obj=actor, changes={"two_factor": [False, True]}
        )
    return device


@transaction.atomic
def two_factor_reset_own(*, actor: User, password: str) -> int:
    """Remove one's own devices, after re-entering the password, to enrol a new phone."""
    if not actor.check_password(password or ""):
        raise ValidationError({"password": _("Your password was entered incorrectly.")})
    count = TOTPDevice.objects.filter(user=actor).delete()[0]
    audit_record(
        actor=actor,
        action="core.user.two_factor_reset",
        obj=actor,
        changes={"two_factor_devices": [count, 0]},
    )
    return count
