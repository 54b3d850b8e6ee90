"""Lists: filters declared once, one pagination, for pages, the API and exports alike.

A list's filters are one ``ListFilterSet`` (django-filter). The selector applies it after the
actor's scope, so the page, the API and an export given the same parameters return the same rows::

    def person_list(*, actor, data=None) -> QuerySet[Person]:
        people = scope_filter(Person.objects.all(), actor=actor, action="persons.view")
        return filtered(people, PersonFilterSet, data, user=actor)

Invalid filter values raise a field-level ``ValidationError``: the API answers it with a 400 in
the one error shape (``core/api_base.py``); ``ScopedListView`` shows it on the filter form, which
it builds from the same filter set. Pages paginate with ``page_of`` (a page past the end shows the
last page), the API with ``paginated`` (``count``/``next``/``previous``/``results``).
"""

from __future__ import annotations

from collections.abc import Mapping

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from sanad.core.forms.base import UUIDModelChoiceField
from sanad.core.views.base import ActionRequiredMixin, query_string_without_page

PAGE_SIZE = 50


# ---------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------
class ListFilterSet(django_filters.FilterSet):
    """The base of every list's filters.

    It knows the actor, so a filter offering records (sites, teams) offers only those in scope:
    subclasses narrow them in ``configure``. A filter's ``help_text`` describes it in the OpenAPI
    schema (pages show the label only). ``adjust_form`` may change how a field looks on the
    page (a select of countries for a code the API takes as text) without changing what it filters.
    """

    def __init__(self, data=None, queryset=None, *, actor=None, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.none()
        self.actor = actor
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)

    def configure(self) -> None:
        """Narrow the filters' choices to the actor's scope (called once, before the form is built)."""

    def adjust_form(self, form) -> None:
        """Change the page's widgets; the values the form accepts stay the filters'."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self.configure()
            form = super().form
            for field in form.fields.values():
                field.help_text = ""  # a filter's help text describes it in the API schema only
            self.adjust_form(form)
        return self._form

    def filter_queryset(self, queryset):
        # Fields ``adjust_form`` adds to the page's form (how to group totals, say) filter nothing.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def errors_by_field(self) -> dict[str, list[str]]:
        return {field: [str(message) for message in messages] for field, messages in self.errors.items()}


class YesNoField(forms.Field):
    """Yes or no, as a page's select (``yes``/``no``) or an API client (``true``/``false``) says it."""

    widget = forms.Select
    default_error_messages = {"invalid": _("Must be a valid boolean.")}
    TRUE = frozenset({"yes", "true", "1", "on", "y"})
    FALSE = frozenset({"no", "false", "0", "off", "n"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class UUIDModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by one record, named by its UUID; its options are marked as data (the form
    field is core's ``UUIDModelChoiceField``)."""

    field_class = UUIDModelChoiceField


def use_field(filter_, field) -> None:
    """Give ``filter_`` a ready-made form field (a picker scoped to the actor, say).

    The filter keeps its declaration, so the OpenAPI schema still reads its type from it.
    """
    filter_._field = field


def with_defaults(data: Mapping | None, **defaults) -> dict | Mapping:
    """``data`` with ``defaults`` for the filters it does not name at all (a filter named empty
    stays empty: "any")."""
    data = data if data is not None else {}
    missing = {key: value for key, value in defaults.items() if key not in data}
    if not missing:
        return data
    merged = data.copy() if hasattr(data, "copy") else dict(data)
    for key, value in missing.items():
        merged[key] = value
    return merged


def filtered(queryset: QuerySet, filterset_class: type[ListFilterSet], data: Mapping | None, *, user):
    """``queryset`` (already scoped) narrowed by the filters ``data`` names.

    Raises ``ValidationError`` naming each invalid filter. ``None`` means no filtering at all (the
    selector serving as a building block, e.g. for a form's choices).
    """
    if data is None:
        return queryset
    filterset = filterset_class(data if data is not None else {}, queryset=queryset, actor=user)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors_by_field())
    return filterset.qs


# ---------------------------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------------------------
def page_of(request, items, per_page: int = PAGE_SIZE) -> Page:
    """One page of ``items`` for a page: a missing or invalid number is the first page, one past
    the end the last."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class Pagination(PageNumberPagination):
    """The API's one pagination: ``?page=`` and ``?page_size=`` (at most 500); a page out of range
    answers 404 in the one error shape."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 500


def paginated(view, items, serializer_class, context=None) -> Response:
    """One page of ``items``, serialised, with the count and next/previous links.

    ``context`` is the serializer's context, or a function of the page's rows that returns it
    (to look up something for the page's rows in one query)."""
    paginator = Pagination()
    page = paginator.paginate_queryset(items, view.request, view=view)
    context = context(page) if callable(context) else context
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
class ScopedListPage(View):
    """A server-rendered list: the filter form built from the list's filter set, its errors shown on
    the form, one page of what the selector returns. Who may open it is a mixin's to say
    (``ScopedListView`` below: by action).

    Subclasses set ``filterset_class``, ``template_name`` (and
    ``partial_template_name`` for htmx requests) and implement ``get_items(data)``, which calls the
    selector with the query data.
    """

    filterset_class: type[ListFilterSet]
    template_name: str = ""
    partial_template_name: str = ""
    paginate_by: int = PAGE_SIZE
    # Values of filters the query does not name at all (the form shows them chosen).
    filter_defaults: dict = {}

    def get_items(self, data):
        raise NotImplementedError

    def get_context_data(self, **context) -> dict:
        return context

    def get(self, request, *args, **kwargs):
        data = with_defaults(request.GET, **self.filter_defaults) if request.GET else request.GET
        filterset = self.filterset_class(data or None, actor=request.user)
        items = []
        if not filterset.is_bound or filterset.is_valid():
            try:
                items = self.get_items(data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    filterset.form.add_error(field if field in filterset.form.fields else None, messages)
        context = self.get_context_data(
            filterset=filterset,
            form=filterset.form,
            page_obj=page_of(request, items, self.paginate_by),
            query_string=query_string_without_page(request),
        )
        htmx = getattr(request, "htmx", False)
        template = self.partial_template_name if htmx and self.partial_template_name else self.template_name
        return render(request, template, context)


class ScopedListView(ActionRequiredMixin, ScopedListPage):
    """A list page for users holding ``required_action``."""


class _FilterSetBackend(DjangoFilterBackend):
    """Lets the OpenAPI schema list the view's filters; the selector does the filtering."""

    def get_filterset_class(self, view, queryset=None):
        return getattr(view, "filterset_class", None)


class ScopedListApiMixin:
    """Mix into an API view whose GET lists: ``filterset_class`` gives the OpenAPI parameters,
    ``get_items(data)`` calls the selector, ``list`` answers one page of it.

    Invalid filters answer 400 in the one error shape (the selector's ``ValidationError``).
    """

    filterset_class: type[ListFilterSet]
    serializer_class = None
    filter_backends = [_FilterSetBackend]
    pagination_class = Pagination

    def get_items(self, data):
        raise NotImplementedError

    def get_queryset(self):
        # For the schema generator, which reads the filtered model from here.
        return self.filterset_class._meta.model._default_manager.none()

    def get_serializer_context(self, page) -> dict:
        """The serializer's context for one page of rows."""
        return {"request": self.request}

    def list(self, request) -> Response:
        return paginated(
            self, self.get_items(request.query_params), self.serializer_class, self.get_serializer_context
        )
