"""The 500 handler: the normal layout when it can be rendered, a static page when it cannot."""

from __future__ import annotations

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Shown when the layout itself fails (the database is down, the request is half-built): no
# template, no database, no translation catalogue — the three languages side by side.
STATIC_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sanad</title></head>
<body style="font-family: system-ui, sans-serif; margin: 1rem; max-width: 40rem">
<h1>Something went wrong</h1>
<p>The error was recorded. Please try again.</p>
<div lang="ar" dir="rtl"><h2>حدث خطأ</h2><p>تم تسجيل الخطأ. يُرجى المحاولة مرة أخرى.</p></div>
<div lang="fr"><h2>Une erreur est survenue</h2><p>L’erreur a été enregistrée. Veuillez réessayer.</p></div>
<p><a href="/">Home · الصفحة الرئيسية · Accueil</a></p>
</body></html>
"""


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    try:
        return render(request, template_name, status=500)
    except Exception:
        # Django has already logged the original error; this one says why the layout failed too.
        logger.exception("The 500 page could not be rendered; the static page was sent instead.")
        return HttpResponseServerError(STATIC_PAGE, content_type="text/html; charset=utf-8")
