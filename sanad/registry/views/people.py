"""People pages: list and search, the person page, editing, consent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.countries import country_choices, country_name
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry.filters import PersonFilterSet
from sanad.registry.forms import ConsentForm, PersonEditForm
from sanad.registry.models import IdentityDocument, Person
from sanad.registry.sections import person_sections
from sanad.registry.selectors import (
    household_members,
    person_consent_get,
    person_detail_get,
    person_documents,
    person_flag_codes,
    person_get,
    person_list,
    person_phones,
)
from sanad.registry.services import consent_record, consent_withdraw, person_update
from sanad.registry.timeline import person_timeline
from sanad.registry.views.page_parts import attach_errors


class PersonListView(ScopedListView):
    required_action = "persons.view"
    filterset_class = PersonFilterSet
    template_name = "registry/person_list.html"

    def get_items(self, data):
        return person_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        form = context["form"]
        return {
            **context,
            "query": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
            "can_register": has_permission(self.request.user, "persons.register"),
        }


class PersonDetailView(ActionRequiredMixin, View):
    required_action = "persons.view"

    def get(self, request, uuid):
        person = person_get(actor=request.user, uuid=uuid)
        if person.status == Person.Status.MERGED and person.merged_into_id:
            try:
                survivor = person_get(actor=request.user, uuid=person.merged_into.uuid)
            except Http404:
                survivor = None
            if survivor is not None:
                messages.info(
                    request,
                    _("%(reference)s was merged into this record.") % {"reference": person.reference},
                )
                return redirect("registry:person_detail", uuid=survivor.uuid)
        return self.render_page(request, person_detail_get(actor=request.user, uuid=uuid))

    @staticmethod
    def render_page(request, person, consent_form=None, status=200):
        household = person.household
        members = household_members(actor=request.user, household=household) if household else []
        return render(
            request,
            "registry/person_detail.html",
            {
                "person": person,
                "household": household,
                "members": members,
                "nationality": country_name(person.nationality),
                "country_of_birth": country_name(person.country_of_birth),
                "sections": person_sections(actor=request.user, person=person),
                "timeline": person_timeline(actor=request.user, person=person),
                "consent_form": consent_form or ConsentForm(),
                "document_types": IdentityDocument.Type.choices,
                "can_edit": has_permission(request.user, "persons.edit")
                and person.status == Person.Status.ACTIVE,
            },
            status=status,
        )


def _edit_initial(person: Person) -> dict:
    phone = next(iter(person_phones(person=person)), None)
    document = next(iter(person_documents(person=person)), None)
    return {
        **{
            f: getattr(person, f)
            for f in (
                "given_name",
                "father_name",
                "grandfather_name",
                "family_name",
                "given_name_ar",
                "father_name_ar",
                "grandfather_name_ar",
                "family_name_ar",
                "sex",
                "date_of_birth_precision",
                "date_of_birth",
                "population_group",
            )
        },
        # The name in the page language, as a registrar types it; the form reads it back.
        "nationality": country_name(person.nationality) if person.nationality else "",
        "birth_year": person.date_of_birth.year if person.date_of_birth else None,
        "other_names": ", ".join(person.other_names or []),
        "admin_unit": person.admin_unit.uuid if person.admin_unit else None,
        "site": person.site.uuid if person.site else None,
        "phone": phone.as_typed or phone.number if phone else "",
        "document_type": document.document_type if document else "",
        "document_number": document.number if document else "",
        "flags": person_flag_codes(person=person),
    }


class PersonEditView(ActionRequiredMixin, View):
    required_action = "persons.edit"

    def get(self, request, uuid):
        person = person_get(actor=request.user, uuid=uuid, action="persons.edit")
        return self._render(
            request, person, PersonEditForm(initial=_edit_initial(person), actor=request.user)
        )

    def post(self, request, uuid):
        person = person_get(actor=request.user, uuid=uuid, action="persons.edit")
        form = PersonEditForm(request.POST, actor=request.user)
        if form.is_valid():
            data = form.service_data()
            # Keep the phones and documents not shown on the form: only the first is edited here.
            phones = [p.as_typed or p.number for p in person_phones(person=person)][1:]
            data["phones"] = data["phones"] + phones
            documents = [
                {
                    "document_type": d.document_type,
                    "number": d.number,
                    "issuing_country": d.issuing_country,
                    "expiry_date": d.expiry_date,
                }
                for d in person_documents(person=person)
            ][1:]
            data["documents"] = data["documents"] + documents
            try:
                person_update(actor=request.user, person=person, data=data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The record was saved."))
                return redirect("registry:person_detail", uuid=person.uuid)
        return self._render(request, person, form, status=400)

    def _render(self, request, person, form, status=200):
        return render(
            request,
            "registry/person_edit.html",
            {
                "form": form,
                "person": person,
                "countries": country_choices(get_language(), nationalities=True),
                "cancel_url": reverse("registry:person_detail", kwargs={"uuid": person.uuid}),
            },
            status=status,
        )


class ConsentRecordView(ActionRequiredMixin, View):
    required_action = "persons.edit"

    def post(self, request, uuid):
        person = person_get(actor=request.user, uuid=uuid, action="persons.edit")
        form = ConsentForm(request.POST)
        if form.is_valid():
            try:
                consent_record(actor=request.user, person=person, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The consent was recorded."))
                return redirect("registry:person_detail", uuid=person.uuid)
        full = person_detail_get(actor=request.user, uuid=person.uuid)
        return PersonDetailView.render_page(request, full, consent_form=form, status=400)


class ConsentWithdrawView(ActionRequiredMixin, View):
    required_action = "persons.edit"

    def post(self, request, uuid, consent_uuid):
        person = person_get(actor=request.user, uuid=uuid, action="persons.edit")
        consent = person_consent_get(actor=request.user, person=person, uuid=consent_uuid)
        try:
            consent_withdraw(actor=request.user, consent=consent)
        except (ValidationError, DomainError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The consent was withdrawn."))
        return redirect("registry:person_detail", uuid=person.uuid)
