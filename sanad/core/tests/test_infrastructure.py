"""Settings, the console command, compression and the job queue backends."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

# A well-formed Fernet key (32 zero bytes, url-safe base64) for starting production settings.
FERNET_KEY = "A" * 43 + "="


def _run_settings(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SANAD_TESTING"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('configured')"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "sanad.settings"},
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = _run_settings({"SANAD_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_a_secret_key(tmp_path):
    result = _run_settings(
        {"SANAD_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 50, "SANAD_ENCRYPTION_KEYS": FERNET_KEY}
    )
    assert result.returncode == 0, result.stderr
    assert "configured" in result.stdout


def test_production_settings_refuse_to_start_without_an_encryption_key(tmp_path):
    result = _run_settings({"SANAD_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "SANAD_ENCRYPTION_KEYS must be set" in result.stderr


def test_sanad_console_command_wraps_management_commands():
    sanad = Path(sys.executable).parent / "sanad"
    result = subprocess.run(
        [str(sanad), "help", "load_gazetteer"],
        cwd=ROOT,
        env={**os.environ, "SANAD_TESTING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: sanad load_gazetteer" in result.stdout


def test_database_url_selects_the_database():
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
        assert settings.IS_POSTGRES
    else:
        assert engine == "django.db.backends.sqlite3"


def test_html_pages_are_gzipped(client):
    response = client.get("/account/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


def test_security_headers(client):
    response = client.get("/account/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.skipif(
    not os.environ.get("SANAD_TEST_REDIS_URL"), reason="set SANAD_TEST_REDIS_URL to test Redis"
)
def test_redis_job_queue_round_trip():
    """The production queue backend: a task enqueued on Redis is executed by a consumer."""
    from huey import RedisHuey

    huey = RedisHuey(name=f"sanad-test-{os.getpid()}", url=os.environ["SANAD_TEST_REDIS_URL"])
    huey.flush()

    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert len(huey) == 1
    huey.execute(huey.dequeue())
    assert result.get() == 5
    huey.flush()


def test_collectstatic_with_production_storage(tmp_path):
    """Hashed names and compressed copies build for every asset (as `make demo` and deploys do)."""
    env = {k: v for k, v in os.environ.items() if k not in {"SANAD_TESTING", "DEBUG"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sanad.settings",
            "SECRET_KEY": "x" * 50,
            "SANAD_ENCRYPTION_KEYS": FERNET_KEY,
            "SANAD_VAR_DIR": str(tmp_path),
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.rtl.min.css" in manifest
    assert list((tmp_path / "static" / "vendor" / "htmx").glob("htmx.min.*.js.gz"))


def test_health_check_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
