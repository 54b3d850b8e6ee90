"""Values of unknown direction inside sentences: a Latin name or an ISO date in an Arabic sentence
(or an Arabic name in an English one) is isolated, so it keeps its own direction and does not
reorder the punctuation around it ("في 07-12-2026" came out jumbled).

In HTML a value goes inside ``<bdi>`` (``bdi()`` here, the ``|bdi`` template filter, or a literal
``<bdi>`` in a template); in plain text (job summaries, messages stored as text) it goes between
the Unicode isolate marks FSI and PDI, the plain-text form of ``<bdi>``.
"""

from __future__ import annotations

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

FSI = "\u2068"  # FIRST STRONG ISOLATE: the value's own first strong letter sets its direction
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolate(value) -> str:
    """``value`` as plain text isolated from the sentence around it."""
    return f"{FSI}{value}{PDI}"


def bdi(value) -> SafeString:
    """``value`` (escaped) inside ``<bdi>``, for messages and HTML built in Python."""
    return format_html("<bdi>{}</bdi>", value)


def sentence(template: str, **values) -> SafeString:
    """A translated sentence with ``%(name)s`` placeholders, each value isolated in ``<bdi>``; the
    sentence itself is escaped. For flash messages and other HTML built in Python::

        messages.success(request, sentence(_("%(name)s was registered as %(reference)s."), ...))
    """
    return mark_safe(conditional_escape(template) % {key: bdi(value) for key, value in values.items()})  # noqa: S308
