"""The way back from a detail page to its list: ``{% back_to_list "cases:list" case.reference %}``.

The list's label is the navigation's (``core.navigation``), so a breadcrumb and the menu always
name a list the same way; ``label=`` names a list that has no menu entry.
"""

from django import template
from django.urls import reverse

from sanad.core.navigation import list_label

register = template.Library()


@register.inclusion_tag("includes/breadcrumb.html")
def back_to_list(url_name: str, current="", *, label: str = "", query: str = ""):
    url = reverse(url_name)
    return {
        "list_url": f"{url}?{query}" if query else url,
        "list_label": label or list_label(url_name),
        "current": current,
    }
