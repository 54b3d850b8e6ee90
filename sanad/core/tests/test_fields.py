"""EncryptedTextField: tokens in the database, text on the model, lookups refused, unreadable
tokens kept, migrations' helpers, and the inventory of encrypted fields."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import override_settings

from sanad.core.crypto import UnreadableText
from sanad.core.fields import (
    EncryptedLookupError,
    decrypt_existing_rows,
    encrypt_existing_rows,
    encrypted_fields,
)
from sanad.feedback.models import Ticket
from sanad.feedback.services import ticket_log

pytestmark = pytest.mark.django_db


def raw(ticket, column: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM feedback_ticket WHERE id = %s", [ticket.pk])  # noqa: S608
        return cursor.fetchone()[0]


def write_raw(ticket, column: str, value) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE feedback_ticket SET {column} = %s WHERE id = %s", [value, ticket.pk])  # noqa: S608


def make_ticket(users, text="Where is the clinic?"):
    return ticket_log(
        actor=users["helpline_operator"], channel="helpline_call", category="feedback", description=text
    )


def test_saved_as_token_read_as_text_and_blank_stays_blank(users):
    ticket = make_ticket(users, "نشكر الممرضة")
    assert raw(ticket, "description").startswith("gAAAA") and "نشكر" not in raw(ticket, "description")
    assert raw(ticket, "resolution") == ""  # nothing to hide
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.description, fresh.resolution) == ("نشكر الممرضة", "")
    Ticket.objects.filter(pk=ticket.pk).update(resolution="Answered by phone.")
    assert "Answered" not in raw(ticket, "resolution")
    fresh.satisfaction_comment = "Very kind"
    Ticket.objects.bulk_update([fresh], ["satisfaction_comment"])
    assert "kind" not in raw(ticket, "satisfaction_comment")
    assert Ticket.objects.get(pk=ticket.pk).satisfaction_comment == "Very kind"
    assert Ticket.objects.values_list("resolution", flat=True).get(pk=ticket.pk) == "Answered by phone."


def test_lookups_by_value_are_refused(users):
    make_ticket(users)
    for lookup in ("description", "description__icontains", "description__startswith", "description__in"):
        value = ["x"] if lookup.endswith("__in") else "x"
        with pytest.raises(EncryptedLookupError, match="feedback.Ticket.description is encrypted"):
            Ticket.objects.filter(**{lookup: value})
    assert Ticket.objects.filter(description__isnull=True).count() == 0


def test_a_token_no_key_reads_is_kept_when_the_row_is_saved(users):
    old, other = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(SANAD_ENCRYPTION_KEYS=[old]):
        ticket = make_ticket(users, "first words")
        token = raw(ticket, "description")
    with override_settings(SANAD_ENCRYPTION_KEYS=[other]):
        fresh = Ticket.objects.get(pk=ticket.pk)
        with pytest.raises(UnreadableText):
            fresh.description  # noqa: B018
        fresh.priority = "high"
        fresh.save()
    assert raw(ticket, "description") == token
    with override_settings(SANAD_ENCRYPTION_KEYS=[old]):
        assert Ticket.objects.get(pk=ticket.pk).description == "first words"


def test_migration_helpers_encrypt_plain_rows_once_and_reverse(users):
    ticket = make_ticket(users)
    write_raw(ticket, "description", "plain words from before")
    assert encrypt_existing_rows(Ticket, "description") == 1
    assert raw(ticket, "description").startswith("gAAAA")
    assert Ticket.objects.get(pk=ticket.pk).description == "plain words from before"
    assert encrypt_existing_rows(Ticket, "description") == 0  # tokens are left alone
    assert decrypt_existing_rows(Ticket, "description") == 1
    assert raw(ticket, "description") == "plain words from before"


def test_inventory_of_encrypted_fields():
    found = {f"{model._meta.label}.{field.name}" for model, field in encrypted_fields()}
    assert found >= {
        "cases.CaseNote.body",
        "cases.BestInterestsDetermination.decision",
        "cases.ServiceDelivery.notes",
        "feedback.Ticket.description",
        "feedback.Ticket.resolution",
        "feedback.Ticket.satisfaction_comment",
        "feedback.TicketEvent.note",
        "referrals.Referral.reason",
        "referrals.Referral.case_summary",
        "referrals.Referral.override_reason",
        "assessments.SafetyAlert.acknowledgement_note",
        "assessments.FlagProposal.reason",
    }
