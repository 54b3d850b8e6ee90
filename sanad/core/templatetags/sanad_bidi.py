"""``{{ value|bdi }}``: a data value (a name, a reference, a code, a date) inside a sentence, isolated
in ``<bdi>`` so it keeps its own direction (see sanad.core.bidi). Empty values stay empty.

``{{ value|isolate }}``: the same where no markup can go (``<title>``, an attribute, an ``<option>``):
the value between the Unicode isolates FSI and PDI."""

from django import template

from sanad.core.bidi import bdi as bdi_html
from sanad.core.bidi import isolate as isolate_text

register = template.Library()


@register.filter
def bdi(value):
    if value is None or value == "":
        return ""
    return bdi_html(value)


@register.filter
def isolate(value):
    if value is None or value == "":
        return ""
    return isolate_text(value)
