"""Arabic number formats as used in Libya: Western digits, "," for decimals and "." grouping
thousands (Django's own Arabic formats do not group, which makes 787326 hard to read)."""

from django.conf.locale.ar.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
