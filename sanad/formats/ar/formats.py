"""Arabic formats as used in Libya: Western digits, "," for decimals and "." grouping thousands
(Django's own Arabic formats do not group, which makes 787326 hard to read); short dates in ISO
order (Django's Arabic locale has no short date-time format and falls back to the US month-first
one). Django's Arabic locale has no long date-time format either, and the fallback wrote English
order with an Arabic month ("ديسمبر 7, 2026"); here it is the Arabic date format with a 24-hour time,
as the short date-time format has."""

from django.conf.locale.ar.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATETIME_FORMAT = "j F، Y، H:i"
