"""The tickets API: list, log, read, and the workflow steps as actions.

Reads go through the same selectors and writes through the same services as the pages. A
sensitive ticket outside the actor's focal-point categories answers 404, like any ticket the actor
may not see. POST of a new ticket honours ``Idempotency-Key``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.api_base import ERROR_RESPONSE, IDEMPOTENCY_HEADER, ApiViewMixin
from sanad.core.lists import ScopedListApiMixin
from sanad.core.selectors.lookup import get_by_uuid
from sanad.feedback.filters import TicketFilterSet
from sanad.feedback.models import Category, Channel, ContactMethod, Priority, Status, UnreachableReason
from sanad.feedback.selectors import (
    active_user_by_uuid,
    may_use_tickets,
    staff_member_choices,
    ticket_get,
    ticket_list,
    ticket_reads_log,
)
from sanad.feedback.services import (
    ticket_assign,
    ticket_close,
    ticket_communicate_outcome,
    ticket_link,
    ticket_log,
    ticket_reopen,
    ticket_resolve,
    ticket_start,
    ticket_wait,
)
from sanad.geo.selectors import admin_unit_get, admin_unit_get_by_pcode, site_get
from sanad.registry.selectors import person_get


class TicketPermission(IsAuthenticated):
    """Ticket endpoints open to ``tickets.view`` holders and to named focal points; logging a
    ticket needs ``tickets.create``."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return may_use_tickets(request.user)


class TicketOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    description = serializers.CharField()
    anonymous = serializers.BooleanField()
    caller_name = serializers.CharField()
    caller_phone = serializers.CharField()
    person = serializers.UUIDField(source="person.uuid", allow_null=True, default=None)
    admin_unit = serializers.CharField(source="admin_unit.pcode", allow_null=True, default=None)
    site = serializers.UUIDField(source="site.uuid", allow_null=True, default=None)
    team = serializers.UUIDField(source="team.uuid", allow_null=True, default=None)
    case = serializers.UUIDField(source="case.uuid", allow_null=True, default=None)
    distribution = serializers.UUIDField(source="distribution.uuid", allow_null=True, default=None)
    assigned_to = serializers.UUIDField(source="assigned_to.uuid", allow_null=True, default=None)
    received_at = serializers.DateTimeField()
    response_due_at = serializers.DateTimeField(allow_null=True)
    resolution_due_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    resolution = serializers.CharField()
    resolution_method = serializers.CharField()
    outcome_communicated_at = serializers.DateTimeField(allow_null=True)
    outcome_method = serializers.CharField()
    satisfaction = serializers.IntegerField(allow_null=True)
    satisfaction_comment = serializers.CharField()
    unreachable_reason = serializers.CharField()


class TicketCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000)
    anonymous = serializers.BooleanField(required=False, default=False)
    caller_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    caller_phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    person = serializers.UUIDField(required=False, allow_null=True)
    admin_unit = serializers.CharField(required=False, allow_blank=True, help_text="uuid or P-code")
    site = serializers.UUIDField(required=False, allow_null=True)
    staff_member = serializers.UUIDField(
        required=False, allow_null=True, help_text="uuid of the user complained about"
    )
    case = serializers.UUIDField(required=False, allow_null=True)
    distribution = serializers.UUIDField(required=False, allow_null=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True)


def _resolve_links(actor, data: dict) -> dict:
    out = {}
    if data.get("person"):
        try:
            out["person"] = person_get(actor=actor, uuid=data["person"])
        except Http404:
            raise serializers.ValidationError({"person": [_("No person has this uuid.")]}) from None
    value = data.get("admin_unit")
    if value:
        try:
            out["admin_unit"] = (
                admin_unit_get(actor=actor, uuid=value)
                if len(value) in (32, 36)
                else admin_unit_get_by_pcode(actor=actor, pcode=value)
            )
        except Http404:
            raise serializers.ValidationError(
                {"admin_unit": [_("No administrative unit has this uuid or P-code.")]}
            ) from None
    if data.get("site"):
        try:
            out["site"] = site_get(actor=actor, uuid=data["site"])
        except Http404:
            raise serializers.ValidationError({"site": [_("No site has this uuid.")]}) from None
    if data.get("staff_member"):
        staff = get_by_uuid(staff_member_choices(actor=actor), data["staff_member"])
        if staff is None:
            raise serializers.ValidationError(
                {"staff_member": [_("No staff member of your agency has this uuid.")]}
            )
        out["staff_member"] = staff
    if data.get("case"):
        from sanad.cases.selectors import case_get

        try:
            out["case"] = case_get(actor=actor, uuid=data["case"], log_read=False)
        except Http404:
            raise serializers.ValidationError({"case": [_("No case you may see has this uuid.")]}) from None
    if data.get("distribution"):
        from sanad.assistance.selectors import distribution_get

        try:
            out["distribution"] = distribution_get(actor=actor, uuid=data["distribution"])
        except Http404:
            raise serializers.ValidationError(
                {"distribution": [_("No distribution you may see has this uuid.")]}
            ) from None
    return out


class _TicketApi(ApiViewMixin, APIView):
    permission_classes = [TicketPermission]


@extend_schema(tags=["tickets"])
class TicketListApi(ScopedListApiMixin, _TicketApi):
    filterset_class = TicketFilterSet
    serializer_class = TicketOutputSerializer

    def get_items(self, data):
        # Without a status, every status (the page defaults to the open ones).
        return ticket_list(actor=self.request.user, data=data)

    def get_serializer_context(self, page) -> dict:
        ticket_reads_log(actor=self.request.user, tickets=page)
        return {}

    @extend_schema(responses={200: TicketOutputSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=TicketCreateSerializer,
        responses={
            201: TicketOutputSerializer,
            400: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
        },
    )
    def post(self, request):
        from sanad.core.permissions import has_permission

        if not has_permission(request.user, "tickets.create"):
            raise PermissionDenied
        body = TicketCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        links = _resolve_links(request.user, data)
        ticket = ticket_log(
            actor=request.user,
            channel=data["channel"],
            category=data["category"],
            priority=data.get("priority") or "",
            description=data["description"],
            anonymous=data.get("anonymous", False),
            caller_name=data.get("caller_name", ""),
            caller_phone=data.get("caller_phone", ""),
            received_at=data.get("received_at"),
            idempotency_key=request.headers.get("Idempotency-Key"),
            **links,
        )
        if ticket.is_sensitive:
            # The one who logs a sensitive ticket keeps its reference, nothing more.
            return Response(
                {"uuid": str(ticket.uuid), "reference": ticket.reference}, status=status.HTTP_201_CREATED
            )
        ticket = ticket_get(actor=request.user, uuid=ticket.uuid)
        return Response(TicketOutputSerializer(ticket).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["tickets"])
class TicketDetailApi(_TicketApi):
    @extend_schema(responses={200: TicketOutputSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        ticket = ticket_get(actor=request.user, uuid=uuid)
        return Response(TicketOutputSerializer(ticket).data)


class AssignInput(serializers.Serializer):
    assignee = serializers.UUIDField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class ResolveInput(serializers.Serializer):
    response = serializers.CharField(max_length=5000)
    method = serializers.ChoiceField(choices=ContactMethod.choices)


class OutcomeInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=ContactMethod.choices)
    communicated_at = serializers.DateTimeField(required=False, allow_null=True)
    satisfaction = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
    satisfaction_comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )


class CloseInput(serializers.Serializer):
    unreachable_reason = serializers.ChoiceField(
        choices=UnreachableReason.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class LinkInput(serializers.Serializer):
    case = serializers.UUIDField(required=False, allow_null=True, help_text="null removes the link")
    distribution = serializers.UUIDField(required=False, allow_null=True, help_text="null removes the link")


def _link(actor, ticket, data):
    changes = {}
    resolved = _resolve_links(actor, data)
    for name in ("case", "distribution"):
        if name in data:
            changes[name] = resolved.get(name)
    return ticket_link(actor=actor, ticket=ticket, **changes)


class EmptyInput(serializers.Serializer):
    pass


def _assign(actor, ticket, data):
    assignee = active_user_by_uuid(uuid=data["assignee"])
    if assignee is None:
        raise serializers.ValidationError({"assignee": [_("No active user has this uuid.")]})
    return ticket_assign(actor=actor, ticket=ticket, assignee=assignee, note=data.get("note", ""))


TRANSITIONS = {
    "assign": (AssignInput, _assign),
    "start": (EmptyInput, lambda actor, ticket, data: ticket_start(actor=actor, ticket=ticket)),
    "wait": (
        ReasonInput,
        lambda actor, ticket, data: ticket_wait(actor=actor, ticket=ticket, reason=data["reason"]),
    ),
    "resolve": (
        ResolveInput,
        lambda actor, ticket, data: ticket_resolve(
            actor=actor, ticket=ticket, response=data["response"], method=data["method"]
        ),
    ),
    "communicate-outcome": (
        OutcomeInput,
        lambda actor, ticket, data: ticket_communicate_outcome(
            actor=actor,
            ticket=ticket,
            method=data["method"],
            communicated_at=data.get("communicated_at"),
            satisfaction=data.get("satisfaction"),
            satisfaction_comment=data.get("satisfaction_comment", ""),
        ),
    ),
    "close": (
        CloseInput,
        lambda actor, ticket, data: ticket_close(
            actor=actor,
            ticket=ticket,
            unreachable_reason=data.get("unreachable_reason", ""),
            note=data.get("note", ""),
        ),
    ),
    "link": (LinkInput, _link),
    "reopen": (
        ReasonInput,
        lambda actor, ticket, data: ticket_reopen(actor=actor, ticket=ticket, reason=data["reason"]),
    ),
}


def _transition_view(name: str, input_serializer, summary: str):
    @extend_schema(tags=["tickets"])
    class TransitionApi(_TicketApi):
        @extend_schema(
            summary=summary,
            request=input_serializer,
            responses={
                200: TicketOutputSerializer,
                400: ERROR_RESPONSE,
                403: ERROR_RESPONSE,
                404: ERROR_RESPONSE,
                409: ERROR_RESPONSE,
            },
        )
        def post(self, request, uuid):
            ticket = ticket_get(actor=request.user, uuid=uuid, action="tickets.manage", log_read=False)
            body = input_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            TRANSITIONS[name][1](request.user, ticket, body.validated_data)
            ticket = ticket_get(actor=request.user, uuid=uuid)
            return Response(TicketOutputSerializer(ticket).data)

    TransitionApi.__name__ = TransitionApi.__qualname__ = f"Ticket{name.title().replace('-', '')}Api"
    return TransitionApi


SUMMARIES = {
    "assign": "Assign the ticket (never to the staff member it is about)",
    "start": "Start or resume work",
    "wait": "Put the ticket on hold",
    "resolve": "Record the response given to the person",
    "communicate-outcome": "Record that the outcome was communicated back, with satisfaction",
    "close": "Close a resolved ticket",
    "reopen": "Reopen a resolved or closed ticket",
    "link": "Link the ticket to a case and/or a distribution (null removes a link)",
}
TRANSITION_VIEWS = {
    name: _transition_view(name, spec[0], SUMMARIES[name]) for name, spec in TRANSITIONS.items()
}
