"""Encryption at rest of sensitive free text: the keys and the Fernet tokens behind
``sanad.core.fields.EncryptedTextField`` (case notes, BID decisions, service notes, complaint
narratives, referral reasons, safety-alert notes).

Keys come from ``settings.SANAD_ENCRYPTION_KEYS``: a list of Fernet keys. The first encrypts;
every key decrypts, so a new key is put first, ``sanad rotate_encryption_keys`` re-encrypts every
token with it, and the old key can then be removed (docs/cases.md, "Key rotation").
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def derived_development_key(secret_key: str) -> str:
    """A Fernet key derived from SECRET_KEY — for tests and local development only."""
    digest = hashlib.sha256(f"sanad-case-notes:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def configured_keys() -> tuple[str, ...]:
    keys = tuple(k for k in getattr(settings, "SANAD_ENCRYPTION_KEYS", ()) if k)
    if keys:
        return keys
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return (derived_development_key(settings.SECRET_KEY),)
    raise ImproperlyConfigured("SANAD_ENCRYPTION_KEYS must be set when DEBUG is off (see docs/cases.md).")


@lru_cache(maxsize=8)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "SANAD_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes; see docs/cases.md)."
        ) from exc


def cipher() -> MultiFernet:
    return _cipher_for(configured_keys())


def encrypt_text(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8")).decode("ascii")


class UnreadableText(Exception):
    """No configured key decrypts the token (a key was removed before rotation finished)."""


def decrypt_text(token: str) -> str:
    if not token:
        return ""
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise UnreadableText("No configured encryption key decrypts this text.") from exc


def rotate_token(token: str) -> str:
    """The token re-encrypted with the current (first) key; unchanged text."""
    try:
        return cipher().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise UnreadableText("No configured encryption key decrypts this text.") from exc


def is_token(value: str) -> bool:
    """Whether ``value`` is a token some configured key decrypts (else: plain text, or a token of
    a key no longer configured)."""
    if not value:
        return False
    try:
        cipher().decrypt(value.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def current_key_encrypts(token: str) -> bool:
    """Whether ``token`` is already readable with the first key alone (nothing to rotate)."""
    first = Fernet(configured_keys()[0].encode())
    try:
        first.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True
