"""English formats for Libya: short dates in ISO order (2026-11-21), never the US month-first order,
which staff in Libya would misread (11/03 is 11 March here)."""

from django.conf.locale.en.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
