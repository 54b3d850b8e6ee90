"""Test settings: the same settings with the testing switch on (immediate jobs, fast hashing)."""

import os

os.environ["SANAD_TESTING"] = "1"

from sanad.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Tests serve static files through the finders; an existing (empty) root keeps WhiteNoise quiet.
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
