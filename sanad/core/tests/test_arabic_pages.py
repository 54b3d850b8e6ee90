"""Every page of the demo, rendered in Arabic, shows no English (or other Latin-script) UI text.

The demo is seeded as `make demo` does (gazetteer, every module's seeder) and the shipped DTM
Round 54 is imported through the import job, as the README tells the DTM officer to do. Then, for
every demo login, each entry of that user's navigation and the first detail pages linked from it
are fetched in Arabic, and every visible text node and user-visible attribute is checked.

Data is not UI text: people's and places' names as entered, references, codes, e-mail addresses.
Templates mark data explicitly — inside ``<bdi>`` (which also keeps a Latin value from jumbling
an Arabic sentence), or an element with ``translate="no"`` or a ``lang`` other than Arabic (the
language switch) — and only what sits outside such markup is checked. The few Latin tokens an
Arabic page legitimately shows are listed in ALLOWED, each with its reason.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from sanad.conftest import verified_login
from sanad.core.models import User
from sanad.core.navigation import nav_for
from sanad.core.services.demo import demo_logins, demo_seed

pytestmark = pytest.mark.django_db

DTM_WORKBOOK = "sanad/dtm/data/DTM_Libya_R54_Migrant_Dataset_PUBLIC.xlsx"

# Latin tokens an Arabic page may show as UI text, and why (keep this short; data goes in <bdi>).
ALLOWED = {
    # Acronyms IOM Libya keeps in Latin script in its Arabic material (programme and unit names).
    "DTM",  # Displacement Tracking Matrix
    "MRRM",  # Migrant Resource and Response Mechanism
    "MHPSS",  # mental health and psychosocial support
    "PSEA",  # protection from sexual exploitation and abuse
    "IOM",
    # Names of standards and file formats, written in Latin script in Arabic too.
    "ISO",
    "HXL",
    "XLSForm",
    "XLSX",
    "CSV",
    "PDF",
    "TOTP",
    "P-code",
    "PHQ-9",  # published questionnaire names, kept in Latin in their Arabic versions
    "RHS-15",
    "WHO-5",
    "K10",  # the Kessler psychological distress scale, published as K10
    "AVM",  # IOM's handbook on assistance to vulnerable migrants, which names the assessment
    # Sources the DTM and gazetteer pages cite, named in Latin script in IOM's Arabic reports too.
    "OCHA",  # UN OCHA, publisher of the administrative boundaries
    "COD-AB",  # its Common Operational Dataset of administrative boundaries
    "HDX",  # the Humanitarian Data Exchange, where it is published
    "CC",  # with "BY-IGO": the licence "CC BY-IGO"
    "BY-IGO",
}

# Latin letters: ASCII and Latin-1 to Latin Extended-B, without the signs × (U+00D7) and ÷ (U+00F7).
LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# A word may carry digits after its first letter (K10), so a name such as "K10" is one token.
LATIN_WORD = re.compile(rf"[{LETTER}][{LETTER}0-9]*(?:[-'’][{LETTER}0-9]+)*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
SKIPPED_LINKS = re.compile(r"logout|export|download|/api/|\.csv|\.xlsx|\.pdf|print|/media/|/static/|/i18n/")


class PageText(HTMLParser):
    """Collects the visible text outside data markup, and the page's same-origin links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content from the check)
        self.texts: list[str] = []
        self.links: list[tuple[str, bool]] = []  # (href, inside <main>)

    @property
    def _skipping(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    @property
    def _in_main(self) -> bool:
        return any(tag == "main" for tag, _hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        data = (
            tag in {"script", "style", "bdi", "template"}
            or attributes.get("translate") == "no"
            or (attributes.get("lang") or "ar")[:2] != "ar"
        )
        if not data and not self._skipping:
            for name in VISIBLE_ATTRIBUTES:
                if attributes.get(name):
                    self.texts.append(f"[{name}] {attributes[name]}")
            is_button = tag == "input" and attributes.get("type") in {"submit", "button", "reset"}
            if is_button and attributes.get("value"):
                self.texts.append(f"[value] {attributes['value']}")
        if tag == "a" and attributes.get("href"):
            self.links.append((attributes["href"], self._in_main))
        if tag not in VOID:
            self.stack.append((tag, data))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


ISOLATED = re.compile("\u2068[^\u2069]*\u2069")  # FSI … PDI: plain-text data (see sanad.core.bidi)


def latin_words(text: str) -> list[str]:
    words = []
    text = ISOLATED.sub(" ", text.split("] ", 1)[-1] if text.startswith("[") else text)
    for word in LATIN_WORD.findall(text):
        if word not in ALLOWED:
            words.append(word)
    return words


def _import_dtm_round(django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = verified_login(Client(), User.objects.get(username="dtm_officer"))
    client.cookies["django_language"] = "ar"
    with open(DTM_WORKBOOK, "rb") as handle:
        upload = SimpleUploadedFile("DTM_Libya_R54_Migrant_Dataset_PUBLIC.xlsx", handle.read())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dtm:round_import"),
            {"file": upload, "number": 54, "population": "migrants", "idempotency_key": "demo-r54"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]


def _same_origin_path(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED_LINKS.search(href):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _check(client: Client, url: str, findings: list[str]) -> PageText | None:
    response = client.get(url)
    if response.status_code in {403, 404, 500}:
        # A page offers only what its reader may open: a link that answers "forbidden" or "not
        # found" to the user it was shown to is a defect too.
        findings.append(f"{url}: answered {response.status_code}")
        return None
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    page = PageText()
    page.feed(response.content.decode())
    for text in page.texts:
        words = latin_words(text)
        if words:
            findings.append(f"{url}: {text!r} ({', '.join(words)})")
    return page


def test_every_demo_page_in_arabic_shows_no_english_ui_text(gazetteer, django_capture_on_commit_callbacks):
    demo_seed()
    _import_dtm_round(django_capture_on_commit_callbacks)

    findings: list[str] = []
    checked: set[str] = set()
    for username, _label, _requires_2fa in demo_logins():
        user = User.objects.get(username=username)
        client = verified_login(Client(), user)
        client.cookies["django_language"] = "ar"
        nav_urls = [reverse("core:home")] + [
            item["url"] for section in nav_for(user) for item in section["items"]
        ]
        for url in nav_urls:
            page = _check(client, url, findings)
            if page is None:
                continue
            followed = 0
            for href, in_main in page.links:
                path = _same_origin_path(href)
                if not in_main or path is None or path in nav_urls or "?" in path or path == url:
                    continue
                if (username, path) in checked:
                    continue
                checked.add((username, path))
                _check(client, path, findings)
                followed += 1
                if followed == 2:
                    break
    unique = sorted(set(findings))
    assert not unique, f"{len(unique)} English strings on Arabic pages:\n" + "\n".join(unique)
