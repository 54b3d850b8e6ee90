"""``{{ value|bdi }}``: a data value (a name, a reference, a code, a date) inside a sentence, isolated
in ``<bdi>`` so it keeps its own direction (see sanad.core.bidi). Empty values stay empty."""

from django import template

from sanad.core.bidi import bdi as bdi_html

register = template.Library()


@register.filter
def bdi(value):
    if value is None or value == "":
        return ""
    return bdi_html(value)
