"""What the audit page shows for an event's codes: the verb of its action, its kind of object,
its changed fields and its channel, in the reader's language. The codes stay the record (and what
the filters take); an unknown code is shown as it is, marked as data."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The last part of an action code ("feedback.ticket.escalate" -> "escalate"), in words.
# (With a context: the same English words name dates and states elsewhere.)
VERB_LABELS = {
    "accepted": pgettext_lazy("audit action", "Accepted"),
    "achieve_goal": pgettext_lazy("audit action", "Goal achieved"),
    "acknowledge": pgettext_lazy("audit action", "Acknowledged"),
    "activate": pgettext_lazy("audit action", "Activated"),
    "add": pgettext_lazy("audit action", "Added"),
    "add_action": pgettext_lazy("audit action", "Action added"),
    "add_goal": pgettext_lazy("audit action", "Goal added"),
    "add_member": pgettext_lazy("audit action", "Member added"),
    "add_phone": pgettext_lazy("audit action", "Phone number added"),
    "add_registration": pgettext_lazy("audit action", "Registration added"),
    "approve": pgettext_lazy("audit action", "Approved"),
    "approve_finance": pgettext_lazy("audit action", "Approved (finance)"),
    "approve_programme": pgettext_lazy("audit action", "Approved (programme)"),
    "assign": pgettext_lazy("audit action", "Assigned"),
    "build_list": pgettext_lazy("audit action", "Payment list built"),
    "cancel": pgettext_lazy("audit action", "Cancelled"),
    "change_member_function": pgettext_lazy("audit action", "Member's function changed"),
    "close": pgettext_lazy("audit action", "Closed"),
    "communicate_outcome": pgettext_lazy("audit action", "Outcome communicated"),
    "complete": pgettext_lazy("audit action", "Completed"),
    "complete_action": pgettext_lazy("audit action", "Action completed"),
    "completed": pgettext_lazy("audit action", "Completed"),
    "configure": pgettext_lazy("audit action", "Configured"),
    "confirm": pgettext_lazy("audit action", "Confirmed"),
    "create": pgettext_lazy("audit action", "Created"),
    "create_first_admin": pgettext_lazy("audit action", "First administrator created"),
    "deactivate": pgettext_lazy("audit action", "Deactivated"),
    "decide": pgettext_lazy("audit action", "Decided"),
    "declined": pgettext_lazy("audit action", "Declined"),
    "delete": pgettext_lazy("audit action", "Deleted"),
    "dismiss": pgettext_lazy("audit action", "Dismissed"),
    "dispatch": pgettext_lazy("audit action", "Dispatched"),
    "draw": pgettext_lazy("audit action", "Drawn"),
    "edit": pgettext_lazy("audit action", "Edited"),
    "emergency_override": pgettext_lazy("audit action", "Consent overridden in an emergency"),
    "escalate": pgettext_lazy("audit action", "Escalated"),
    "expired": pgettext_lazy("audit action", "Expired"),
    "export": pgettext_lazy("audit action", "Exported"),
    "focal_points": pgettext_lazy("audit action", "Focal points set"),
    "follow_up": pgettext_lazy("audit action", "Followed up"),
    "import": pgettext_lazy("audit action", "Imported"),
    "issue": pgettext_lazy("audit action", "Issued"),
    "link_case": pgettext_lazy("audit action", "Linked to a case"),
    "list_prepare": pgettext_lazy("audit action", "List prepared"),
    "load": pgettext_lazy("audit action", "Loaded"),
    "locked_out": pgettext_lazy("audit action", "Locked out"),
    "login": pgettext_lazy("audit action", "Signed in"),
    "login_failed": pgettext_lazy("audit action", "Failed sign-in"),
    "logout": pgettext_lazy("audit action", "Signed out"),
    "memberships_set": pgettext_lazy("audit action", "Teams set"),
    "merge": pgettext_lazy("audit action", "Merged"),
    "open": pgettext_lazy("audit action", "Opened"),
    "open_case": pgettext_lazy("audit action", "Case opened"),
    "override": pgettext_lazy("audit action", "Overridden"),
    "override_review": pgettext_lazy("audit action", "Override reviewed"),
    "password_change": pgettext_lazy("audit action", "Password changed"),
    "password_set": pgettext_lazy("audit action", "Password set"),
    "profile_update": pgettext_lazy("audit action", "Profile updated"),
    "propose": pgettext_lazy("audit action", "Proposed"),
    "publish": pgettext_lazy("audit action", "Published"),
    "raise": pgettext_lazy("audit action", "Raised"),
    "reactivate": pgettext_lazy("audit action", "Reactivated"),
    "read": pgettext_lazy("audit action", "Read"),
    "rebuild": pgettext_lazy("audit action", "Rebuilt"),
    "receipt": pgettext_lazy("audit action", "Receipt recorded"),
    "receive": pgettext_lazy("audit action", "Received"),
    "received": pgettext_lazy("audit action", "Received"),
    "reconcile": pgettext_lazy("audit action", "Reconciled"),
    "record": pgettext_lazy("audit action", "Recorded"),
    "record_headcount": pgettext_lazy("audit action", "Head count recorded"),
    "register": pgettext_lazy("audit action", "Registered"),
    "register_person": pgettext_lazy("audit action", "Person registered"),
    "reject": pgettext_lazy("audit action", "Rejected"),
    "remind": pgettext_lazy("audit action", "Reminder sent"),
    "remove": pgettext_lazy("audit action", "Removed"),
    "remove_action": pgettext_lazy("audit action", "Action removed"),
    "remove_goal": pgettext_lazy("audit action", "Goal removed"),
    "remove_member": pgettext_lazy("audit action", "Member removed"),
    "reopen": pgettext_lazy("audit action", "Reopened"),
    "replace": pgettext_lazy("audit action", "Replaced"),
    "request": pgettext_lazy("audit action", "Requested"),
    "request_closure": pgettext_lazy("audit action", "Closure requested"),
    "request_review": pgettext_lazy("audit action", "Review requested"),
    "reset": pgettext_lazy("audit action", "Reset"),
    "resolve": pgettext_lazy("audit action", "Resolved"),
    "return": pgettext_lazy("audit action", "Returned"),
    "review": pgettext_lazy("audit action", "Reviewed"),
    "revoke": pgettext_lazy("audit action", "Revoked"),
    "roles_set": pgettext_lazy("audit action", "Roles set"),
    "rotate": pgettext_lazy("audit action", "Rotated"),
    "run": pgettext_lazy("audit action", "Run"),
    "save": pgettext_lazy("audit action", "Saved"),
    "send": pgettext_lazy("audit action", "Sent"),
    "set_flags": pgettext_lazy("audit action", "Vulnerability flags set"),
    "set_head": pgettext_lazy("audit action", "Head of household set"),
    "start": pgettext_lazy("audit action", "Started"),
    "start_assessment": pgettext_lazy("audit action", "Assessment started"),
    "submit": pgettext_lazy("audit action", "Submitted"),
    "transfer": pgettext_lazy("audit action", "Transferred"),
    "two_factor_enrol": pgettext_lazy("audit action", "Two-factor authentication set up"),
    "two_factor_reset": pgettext_lazy("audit action", "Two-factor authentication reset"),
    "unlock": pgettext_lazy("audit action", "Unlocked"),
    "unmerge": pgettext_lazy("audit action", "Merge undone"),
    "update": pgettext_lazy("audit action", "Updated"),
    "upload": pgettext_lazy("audit action", "Uploaded"),
    "withdraw": pgettext_lazy("audit action", "Withdrawn"),
}

CHANNEL_LABELS = {
    "web": pgettext_lazy("audit channel", "Web"),
    "api": pgettext_lazy("audit channel", "API"),
    "cli": pgettext_lazy("audit channel", "Command line"),
    "job": pgettext_lazy("audit channel", "Background job"),
}


def _model(object_type: str):
    try:
        return apps.get_model(object_type) if object_type.count(".") == 1 else None
    except LookupError:
        return None


def action_verb_label(action: str) -> str:
    """The action's verb in words, or "" when unknown (the page then shows the code alone)."""
    verb = action.rsplit(".", 1)[-1]
    label = VERB_LABELS.get(verb)
    return str(label) if label is not None else ""


def object_type_label(object_type: str) -> str:
    """The kind of object ("cases.case" -> "Case"), or "" when the type names no model."""
    model = _model(object_type)
    verbose_name = model._meta.verbose_name if model is not None else None
    return str(capfirst(verbose_name)) if isinstance(verbose_name, Promise) else ""


def field_label(object_type: str, name: str) -> str:
    """A changed field's name in words when the object's model has that field, else ""."""
    model = _model(object_type)
    if model is None or not name:
        return ""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    verbose_name = getattr(field, "verbose_name", None)
    # Only a name the model gives for translation: Django's default ("follow up of", from the
    # field's name) is English on every page, so the page shows the field's code as data instead.
    return str(capfirst(verbose_name)) if isinstance(verbose_name, Promise) else ""


def channel_label(channel: str) -> str:
    label = CHANNEL_LABELS.get(channel)
    return str(label) if label is not None else ""


# What services record instead of a value the trail must not hold (feedback.services.ticket_audit).
WITHHELD = "[restricted]"


def value_display(value):
    """A recorded value for the reader: booleans and withheld values in words, and a flag saying
    whether what is shown is the recorded value itself (data) or words of the page."""
    if value is True:
        return str(_("Yes")), False
    if value is False:
        return str(_("No")), False
    if value == WITHHELD:
        return str(_("withheld (sensitive record)")), False
    return value, True
