"""Page weight on the wire: first visit (HTML + every asset) and later navigations (HTML only).

Runs Sanad in-process with production settings (DEBUG off, hashed and pre-compressed static
files, gzip) on a throw-away database with the gazetteer and demo data, then fetches each page
the way a browser does (Accept-Encoding: gzip) and counts the bytes of the response bodies plus
headers. Assets with hashed names are sent with a one-year cache lifetime, so after the first
visit a navigation costs the HTML alone.

    .venv/bin/python bench/page_weight.py            # prints a Markdown table
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VAR = tempfile.mkdtemp(prefix="sanad-bench-")
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "sanad.settings",
        "SANAD_VAR_DIR": VAR,
        "SECRET_KEY": "bench-" + "x" * 50,
        "SANAD_ENCRYPTION_KEYS": "A" * 43 + "=",
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "testserver,localhost",
    }
)
os.environ.pop("DATABASE_URL", None)

import subprocess  # noqa: E402

# Collected in a separate process: the storage reads its manifest once, when first used.
subprocess.run([sys.executable, "-m", "django", "collectstatic", "--no-input", "-v0"], check=True, cwd=ROOT)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from sanad.core.models import User  # noqa: E402

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')

PAGES = [
    ("Login", "core:login", None, "anonymous"),
    ("Home", "core:home", None, "admin"),
    ("Sites list", "geo:site_list", None, "admin"),
    ("New site form", "geo:site_create", None, "admin"),
    ("Map of sites", "geo:site_map", None, "admin"),
    ("Admin units", "geo:admin_unit_list", None, "admin"),
    ("Teams", "core:team_list", None, "admin"),
    ("Users", "core:user_list", None, "admin"),
    ("Roles", "core:role_list", None, "admin"),
    ("Audit trail", "core:audit_list", None, "admin"),
    ("People", "registry:person_list", None, "caseworker"),
    ("Register a person", "registry:person_register", None, "caseworker"),
    ("Possible duplicates", "matching:review_list", None, "me_officer"),
    ("DTM rounds", "dtm:round_list", None, "dtm_officer"),
    ("DTM map", "dtm:map", None, "dtm_officer"),
    ("Outreach planning", "dtm:planning", None, "dtm_officer"),
    ("My work", "core:my_work", None, "team_leader"),
    ("Assessments", "assessments:list", None, "caseworker"),
    ("Assessment instruments", "assessments:instrument_list", None, "me_officer"),
    ("Cases", "cases:list", None, "team_leader"),
    ("Team caseload", "cases:supervision", None, "team_leader"),
    ("Services delivered", "cases:service_list", None, "caseworker"),
    ("Referrals", "referrals:list", None, "caseworker"),
    ("Service directory", "referrals:service_list", None, "caseworker"),
    ("Public service directory", "referrals_public:directory", None, "anonymous"),
    ("Distributions", "assistance:distribution_list", None, "caseworker"),
    ("Stock", "assistance:stock_overview", None, "logistics_officer"),
    ("Cash plans", "assistance:cash_plan_list", None, "cash_officer"),
    ("Log a call", "feedback:call", None, "helpline_operator"),
    ("Tickets", "feedback:ticket_list", None, "helpline_operator"),
    ("Helpline dashboard", "feedback:dashboard", None, "helpline_operator"),
]


def _latest_round_data() -> str:
    from sanad.dtm.models import Round

    return reverse("dtm:map_data", kwargs={"uuid": Round.objects.order_by("-number").first().uuid})


DATA_FETCHED_BY = {
    "geo:site_map": (lambda: reverse("geo:site_geojson"), lambda: reverse("geo:baladiya_centroids")),
    "dtm:map": (_latest_round_data,),
}


def header_bytes(response) -> int:
    return sum(len(k) + len(v) + 4 for k, v in response.items()) + 20


def fetch(client: Client, url: str) -> tuple[int, object]:
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body) + header_bytes(response), response


def login(client: Client, username: str) -> None:
    user = User.objects.get(username=username)
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command(
        "import_dtm",
        str(ROOT / "sanad/dtm/data/DTM_Libya_R54_Migrant_Dataset_PUBLIC.xlsx"),
        number=54,
        verbosity=0,
    )

    rows = []
    visits = [(language, page) for language in ("en", "ar") for page in PAGES]
    for language, (page_label, url_name, kwargs, username) in visits:
        label = f"{page_label} ({language})"
        client = Client()
        client.cookies["django_language"] = language
        if username != "anonymous":
            login(client, username)
        url = reverse(url_name, kwargs=kwargs)
        html_bytes, response = fetch(client, url)
        # Data the page's script fetches on every visit (counted in both columns, conservatively).
        for data_url in DATA_FETCHED_BY.get(url_name, ()):
            data_bytes, _ = fetch(client, data_url())
            html_bytes += data_bytes
        if response.status_code != 200:
            rows.append((label, url, f"HTTP {response.status_code}", "", "", ""))
            continue
        html = response.content
        if response.get("Content-Encoding") == "gzip":
            html = gzip.decompress(html)
        assets = sorted(set(ASSET.findall(html.decode())))
        asset_bytes, uncached = 0, []
        for asset in assets:
            size, asset_response = fetch(client, asset)
            asset_bytes += size
            cache = asset_response.get("Cache-Control", "")
            if "max-age=31536000" not in cache and "immutable" not in cache:
                uncached.append(asset)
        rows.append(
            (
                label,
                url,
                f"{(html_bytes + asset_bytes) / 1024:.1f}",
                f"{html_bytes / 1024:.1f}",
                str(len(assets)),
                ", ".join(uncached) or "none",
            )
        )

    print("| page | URL | first visit (KB) | later navigation (KB) | assets | assets not cached |")
    print("|---|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
