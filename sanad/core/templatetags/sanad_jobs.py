"""Template helpers for the job-progress component."""

from django import template

register = template.Library()


@register.filter
def as_lines(value) -> list[str]:
    """A job result's summary may be one string or a list of lines; always give a list."""
    if not value:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]
