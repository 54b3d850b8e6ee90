"""Model fields shared by every app.

``EncryptedTextField`` holds sensitive free text (case notes, complaint narratives, referral
reasons, service and safety-alert notes). The database only ever holds a Fernet token
(``sanad.core.crypto``); the model attribute is the plain text. Saving encrypts with the first key
of ``SANAD_ENCRYPTION_KEYS``; reading decrypts with any configured key. Blank stays blank and
NULL stays NULL (nothing to hide, and "no note" keeps meaning "no note").

A token no configured key decrypts (a key removed before rotation finished) is loaded as an
``Unreadable`` value: reading the attribute raises ``UnreadableText`` (callers that show text use
a ``readable_…`` property that answers None), while saving the row writes the token back as it was,
so a key mistake never destroys the text.

Filtering by value would compare plain text with tokens (Fernet tokens are randomised, so two
encryptions of the same text differ): every lookup but ``isnull`` raises ``EncryptedLookupError``.
"""

from __future__ import annotations

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.functions import Cast
from django.db.models.query_utils import DeferredAttribute

from sanad.core.crypto import UnreadableText, decrypt_text, encrypt_text, is_token


class Unreadable:
    """A stored token that no configured key decrypts; kept so that it is written back unchanged."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token

    def __repr__(self) -> str:
        return "<unreadable encrypted text>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Unreadable) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)


class EncryptedLookupError(FieldError):
    """A query tried to compare an encrypted field's plain text."""


class EncryptedAttribute(DeferredAttribute):
    """The model attribute: the plain text, or ``UnreadableText`` raised when no key decrypts it.

    A data descriptor (it has ``__set__``), so reads pass through ``__get__`` even once the value
    sits in the instance's ``__dict__``."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if isinstance(value, Unreadable):
            raise UnreadableText("No configured encryption key decrypts this text.")
        return value


class EncryptedTextField(models.TextField):
    descriptor_class = EncryptedAttribute
    allowed_lookups = frozenset({"isnull"})

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return decrypt_text(value)
        except UnreadableText:
            return Unreadable(value)

    def to_python(self, value):
        if value is None or isinstance(value, Unreadable):
            return value
        return str(value)

    def get_prep_value(self, value):
        # Every write (save, update, bulk_update, Value(..., output_field=field)) passes here;
        # lookups never do (they are refused below), so this is the one place text is encrypted.
        value = self.to_python(value)
        if value is None or value == "":
            return value
        if isinstance(value, Unreadable):
            return value.token
        return encrypt_text(value)

    def _stored(self, model_instance):
        # Read the instance's value without the descriptor, which raises on an unreadable token.
        if self.attname in model_instance.__dict__:
            return model_instance.__dict__[self.attname]
        return getattr(model_instance, self.attname)

    def pre_save(self, model_instance, add):
        return self._stored(model_instance)

    def value_from_object(self, obj):
        return self._stored(obj)

    def _refuse(self, name: str):
        owner = f"{self.model._meta.label}.{self.name}" if hasattr(self, "model") else self.name
        raise EncryptedLookupError(
            f"{owner} is encrypted at rest: it cannot be filtered, searched or compared by value "
            f"(lookup '{name}'); only 'isnull' is allowed."
        )

    def get_lookup(self, lookup_name):
        if lookup_name not in self.allowed_lookups:
            self._refuse(lookup_name)
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        self._refuse(lookup_name)


def stored_token(field_name: str) -> Cast:
    """An expression giving the stored token itself (no decryption), for rotation and migrations."""
    return Cast(field_name, output_field=models.TextField())


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) of the installed apps whose field is encrypted."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def _stored_rows(model, field_name: str, after_pk, batch_size: int):
    return list(
        model._base_manager.annotate(_stored=stored_token(field_name))
        .filter(pk__gt=after_pk, _stored__isnull=False)
        .exclude(_stored="")
        .order_by("pk")
        .values_list("pk", "_stored")[:batch_size]
    )


def encrypt_existing_rows(model, field_name: str, *, batch_size: int = 500) -> int:
    """Encrypt the plain text still stored in ``field_name`` (a data migration run after the
    field became an ``EncryptedTextField``). Tokens already there are left alone, so running it
    twice changes nothing. Returns how many rows were encrypted."""
    done, last_pk = 0, 0
    while rows := _stored_rows(model, field_name, last_pk, batch_size):
        for pk, stored in rows:
            if not is_token(stored):
                # update() passes the value through the field, which encrypts it.
                model._base_manager.filter(pk=pk).update(**{field_name: stored})
                done += 1
        last_pk = rows[-1][0]
    return done


def decrypt_existing_rows(model, field_name: str, *, batch_size: int = 500) -> int:
    """The reverse of ``encrypt_existing_rows``: write the plain text back (unreadable tokens stay)."""
    done, last_pk = 0, 0
    while rows := _stored_rows(model, field_name, last_pk, batch_size):
        for pk, stored in rows:
            if is_token(stored):
                plain = models.Value(decrypt_text(stored), output_field=models.TextField())
                model._base_manager.filter(pk=pk).update(**{field_name: plain})
                done += 1
        last_pk = rows[-1][0]
    return done


def encrypt_rows_operation(app_label: str, fields, *, reversible: bool = True):
    """The data-migration step that follows turning ``fields`` ((model name, field name) pairs
    of ``app_label``) into ``EncryptedTextField``s: encrypt the plain text left in them, and when
    undone (``reversible``) write it back in plain text."""
    from django.db import migrations

    def run(function):
        def step(apps, schema_editor):
            for model_name, field_name in fields:
                function(apps.get_model(app_label, model_name), field_name)

        return step

    backwards = run(decrypt_existing_rows) if reversible else migrations.RunPython.noop
    return migrations.RunPython(run(encrypt_existing_rows), backwards)
