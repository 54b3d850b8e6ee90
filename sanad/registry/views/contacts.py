"""Adding and removing a person's phones and identity documents from the person page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry.selectors import person_document_get, person_get, person_phone_get
from sanad.registry.services import (
    person_add_document,
    person_add_phone,
    person_remove_document,
    person_remove_phone,
)


class _ContactView(ActionRequiredMixin, View):
    required_action = "persons.edit"
    success = ""

    def post(self, request, uuid):
        person = person_get(actor=request.user, uuid=uuid, action="persons.edit")
        try:
            self.write(request, person)
        except (ValidationError, DomainError) as exc:
            text = str(exc.message) if isinstance(exc, DomainError) else " ".join(exc.messages)
            messages.error(request, text)
        else:
            messages.success(request, self.success)
        return redirect("registry:person_detail", uuid=person.uuid)


class PersonPhoneAddView(_ContactView):
    success = _("The phone number was added.")

    def write(self, request, person):
        person_add_phone(actor=request.user, person=person, phone=request.POST.get("phone", ""))


class PersonPhoneRemoveView(_ContactView):
    success = _("The phone number was removed.")

    def write(self, request, person):
        number = request.POST.get("number", "")
        person_phone_get(actor=request.user, person=person, number=number)
        person_remove_phone(actor=request.user, person=person, number=number)


class PersonDocumentAddView(_ContactView):
    success = _("The document was added.")

    def write(self, request, person):
        person_add_document(
            actor=request.user,
            person=person,
            document_type=request.POST.get("document_type", ""),
            number=request.POST.get("number", ""),
            issuing_country=request.POST.get("issuing_country", ""),
            expiry_date=request.POST.get("expiry_date") or None,
        )


class PersonDocumentRemoveView(_ContactView):
    success = _("The document was removed.")

    def write(self, request, person):
        document = person_document_get(
            actor=request.user, person=person, key=request.POST.get("document", "")
        )
        person_remove_document(actor=request.user, person=person, document=document)
