"""Emergency event pages: the list with the 72-hour clock, an event with its assessments and
totals per location, create / edit forms, adding an assessment, publishing the baseline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.dtm.clock import event_clock
from sanad.dtm.forms.events import AssessmentForm, EventForm
from sanad.dtm.models.events import EmergencyEvent
from sanad.dtm.selectors.events import (
    assessment_list,
    event_admin_units,
    event_get,
    event_list,
    event_location_totals,
    event_need_ranking,
)
from sanad.dtm.services.events import assessment_create, event_create, event_publish, event_update
from sanad.geo.models import AdminUnit
from sanad.geo.selectors import admin_unit_choices, site_list


def _baladiyas(actor):
    return admin_unit_choices(actor=actor, levels=(AdminUnit.Level.BALADIYA,))


def _attach_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


class EventListView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request):
        event_type = request.GET.get("type", "")
        event_type = event_type if event_type in EmergencyEvent.Type.values else ""
        now = timezone.now()
        events = [
            (event, event_clock(event, now=now))
            for event in event_list(actor=request.user, event_type=event_type)
        ]
        return render(
            request,
            "dtm/events/event_list.html",
            {
                "events": events,
                "event_type": event_type,
                "types": EmergencyEvent.Type.choices,
                "can_manage": has_permission(request.user, "dtm.manage"),
            },
        )


class EventDetailView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        return render(
            request,
            "dtm/events/event_detail.html",
            {
                "event": event,
                "clock": event_clock(event, now=timezone.now()),
                "assessments": assessment_list(actor=request.user, event=event),
                "locations": event_location_totals(actor=request.user, event=event),
                "needs": event_need_ranking(actor=request.user, event=event),
                "can_manage": has_permission(request.user, "dtm.manage"),
            },
        )


class EventCreateView(ActionRequiredMixin, View):
    required_action = "dtm.manage"

    def get(self, request):
        form = EventForm(admin_units=_baladiyas(request.user))
        return render(request, "dtm/events/event_form.html", {"form": form})

    def post(self, request):
        form = EventForm(request.POST, admin_units=_baladiyas(request.user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = event_create(
                    actor=request.user,
                    title=data["title"],
                    event_type=data["event_type"],
                    started_at=data["started_at"],
                    admin_units=list(data["admin_units"]),
                    description=data["description"],
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("The event was recorded. The 72-hour clock has started."))
                return redirect("dtm:event_detail", uuid=event.uuid)
        return render(request, "dtm/events/event_form.html", {"form": form}, status=400)


class EventUpdateView(ActionRequiredMixin, View):
    required_action = "dtm.manage"

    def _form(self, request, event, data=None):
        initial = {
            "title": event.title,
            "event_type": event.event_type,
            "started_at": event.started_at,
            "admin_units": list(event_admin_units(event=event)),
            "description": event.description,
        }
        return EventForm(data, initial=initial, admin_units=_baladiyas(request.user))

    def get(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        return render(
            request, "dtm/events/event_form.html", {"form": self._form(request, event), "event": event}
        )

    def post(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        form = self._form(request, event, request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "idempotency_key"}
            data["admin_units"] = list(data["admin_units"])
            try:
                event_update(actor=request.user, event=event, data=data)
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("The event was saved."))
                return redirect("dtm:event_detail", uuid=event.uuid)
        return render(request, "dtm/events/event_form.html", {"form": form, "event": event}, status=400)


class AssessmentCreateView(ActionRequiredMixin, View):
    required_action = "dtm.manage"

    def _form(self, request, data=None):
        return AssessmentForm(
            data,
            admin_units=_baladiyas(request.user),
            sites=site_list(actor=request.user),
        )

    def get(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        return render(
            request, "dtm/events/assessment_form.html", {"form": self._form(request), "event": event}
        )

    def post(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment_create(
                    actor=request.user,
                    event=event,
                    admin_unit=data["admin_unit"],
                    site=data["site"],
                    assessed_on=data["assessed_on"],
                    households=data["households"],
                    individuals=data["individuals"],
                    priority_needs=[
                        data["priority_need_1"],
                        data["priority_need_2"],
                        data["priority_need_3"],
                    ],
                    notes=data["notes"],
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("The assessment was added."))
                return redirect("dtm:event_detail", uuid=event.uuid)
        return render(request, "dtm/events/assessment_form.html", {"form": form, "event": event}, status=400)


class EventPublishView(ActionRequiredMixin, View):
    required_action = "dtm.manage"

    def post(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        try:
            event = event_publish(actor=request.user, event=event)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, event_clock(event, now=timezone.now()).label)
        return redirect("dtm:event_detail", uuid=event.uuid)
