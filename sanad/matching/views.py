"""Duplicate review pages: the queue, side-by-side comparison with decisions and merge, the merge
history with unmerge, and the page that starts the batch run."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView, page_of
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.matching import conf
from sanad.matching.comparisons import AGREEMENT_LEVELS, score_pair
from sanad.matching.detection import duplicate_detection_start
from sanad.matching.filters import PairFilterSet
from sanad.matching.models import DuplicatePair
from sanad.matching.realtime import active_weights, record_for_person
from sanad.matching.reasons import person_fields, reasons_for
from sanad.matching.selectors import (
    detection_jobs,
    merge_get,
    merge_list,
    pair_get,
    pair_list,
    person_document_labels,
    person_phone_numbers,
)
from sanad.matching.services import pair_decide, person_merge, person_unmerge


class ReviewListView(ScopedListView):
    required_action = "duplicates.review"
    filterset_class = PairFilterSet
    template_name = "matching/review_list.html"
    filter_defaults = {"status": DuplicatePair.Status.OPEN}

    def get_items(self, data):
        return pair_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        user = self.request.user
        return {
            **context,
            "can_run": has_permission(user, "duplicates.run"),
            "can_see_merges": has_permission(user, "duplicates.merge"),
        }


def _value(person, *names) -> str:
    return " / ".join(str(v) for v in (getattr(person, n) for n in names) if v)


FIELD_ROWS = (
    (gettext_lazy("Given name"), ("given_name", "given_name_ar"), "given_name"),
    (gettext_lazy("Father's name"), ("father_name", "father_name_ar"), "father_name"),
    (gettext_lazy("Grandfather's name"), ("grandfather_name", "grandfather_name_ar"), "grandfather_name"),
    (gettext_lazy("Family name"), ("family_name", "family_name_ar"), "family_name"),
)


def comparison_rows(a, b, levels: dict[str, str]) -> list[dict]:
    def agree(comparison: str) -> bool:
        return levels.get(comparison, "") in AGREEMENT_LEVELS

    rows = [{"label": _("Reference"), "a": a.reference, "b": b.reference, "agree": False}]
    for label, names, comparison in FIELD_ROWS:
        rows.append(
            {"label": label, "a": _value(a, *names), "b": _value(b, *names), "agree": agree(comparison)}
        )
    rows += [
        {
            "label": _("Other names used"),
            "a": ", ".join(a.other_names or []),
            "b": ", ".join(b.other_names or []),
            "agree": levels.get("given_name") == "given:alias",
        },
        {"label": _("Sex"), "a": a.get_sex_display(), "b": b.get_sex_display(), "agree": agree("sex")},
        {
            "label": _("Date of birth"),
            "a": f"{a.date_of_birth or '—'} ({a.get_date_of_birth_precision_display()})",
            "b": f"{b.date_of_birth or '—'} ({b.get_date_of_birth_precision_display()})",
            "agree": agree("date_of_birth"),
        },
        {"label": _("Nationality"), "a": a.nationality, "b": b.nationality, "agree": agree("nationality")},
        {
            "label": _("Phones"),
            "a": ", ".join(person_phone_numbers(person=a)),
            "b": ", ".join(person_phone_numbers(person=b)),
            "agree": agree("phone"),
        },
        {
            "label": _("Documents"),
            "a": ", ".join(person_document_labels(person=a)),
            "b": ", ".join(person_document_labels(person=b)),
            "agree": agree("document"),
        },
        {
            "label": _("Household"),
            "a": a.household.reference if a.household else "",
            "b": b.household.reference if b.household else "",
            "agree": False,
        },
        {
            "label": _("Current location"),
            "a": _value(a, "site", "admin_unit"),
            "b": _value(b, "site", "admin_unit"),
            "agree": False,
        },
        {"label": _("Team"), "a": str(a.team or ""), "b": str(b.team or ""), "agree": False},
        {
            "label": _("Registered on"),
            "a": a.created_at.date().isoformat(),
            "b": b.created_at.date().isoformat(),
            "agree": False,
        },
    ]
    return rows


class PairDetailView(ActionRequiredMixin, View):
    required_action = "duplicates.review"

    def get(self, request, uuid):
        pair = pair_get(actor=request.user, uuid=uuid)
        return self._render(request, pair)

    def _render(self, request, pair, status=200):
        a, b = pair.person_a, pair.person_b
        score = score_pair(record_for_person(a), record_for_person(b), active_weights())
        return render(
            request,
            "matching/pair_detail.html",
            {
                "pair": pair,
                "a": a,
                "b": b,
                "rows": comparison_rows(a, b, score.levels),
                "reasons": reasons_for(score.levels, person_fields(a), person_fields(b)),
                "current_weight": score.match_weight,
                "current_band": conf.band_for(score.match_weight),
                "can_decide": pair.status == DuplicatePair.Status.OPEN,
                "can_merge": has_permission(request.user, "duplicates.merge")
                and pair.status != DuplicatePair.Status.DIFFERENT_PEOPLE
                and a.status == a.Status.ACTIVE
                and b.status == b.Status.ACTIVE,
            },
            status=status,
        )


class PairDecideView(ActionRequiredMixin, View):
    required_action = "duplicates.review"

    def post(self, request, uuid):
        pair = pair_get(actor=request.user, uuid=uuid)
        try:
            pair_decide(
                actor=request.user,
                pair=pair,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", ""),
            )
        except (ValidationError, DomainError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
            return redirect("matching:pair_detail", uuid=pair.uuid)
        messages.success(request, _("Your decision was recorded."))
        return redirect("matching:review_list")


class PairMergeView(ActionRequiredMixin, View):
    required_action = "duplicates.merge"

    def post(self, request, uuid):
        pair = pair_get(actor=request.user, uuid=uuid, action="duplicates.merge")
        choice = request.POST.get("survivor", "")
        if choice not in (str(pair.person_a.uuid), str(pair.person_b.uuid)):
            messages.error(request, _("Choose which record survives."))
            return redirect("matching:pair_detail", uuid=pair.uuid)
        survivor, merged = (
            (pair.person_a, pair.person_b)
            if choice == str(pair.person_a.uuid)
            else (pair.person_b, pair.person_a)
        )
        try:
            merge = person_merge(
                actor=request.user,
                survivor=survivor,
                merged=merged,
                pair=pair,
                idempotency_key=request.POST.get("idempotency_key") or None,
            )
        except (ValidationError, DomainError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
            return redirect("matching:pair_detail", uuid=pair.uuid)
        messages.success(
            request,
            _("%(merged)s was merged into %(survivor)s.")
            % {"merged": merge.merged.reference, "survivor": merge.survivor.reference},
        )
        return redirect("matching:merge_list")


class MergeListView(ActionRequiredMixin, View):
    required_action = "duplicates.merge"

    def get(self, request):
        page = page_of(request, merge_list(actor=request.user))
        return render(request, "matching/merge_list.html", {"page_obj": page, "query_string": ""})


class MergeUnmergeView(ActionRequiredMixin, View):
    required_action = "duplicates.merge"

    def post(self, request, uuid):
        merge = merge_get(actor=request.user, uuid=uuid)
        try:
            person_unmerge(actor=request.user, merge=merge)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The merge was undone."))
        return redirect("matching:merge_list")


class DetectionRunView(ActionRequiredMixin, View):
    required_action = "duplicates.run"

    def get(self, request):
        return render(
            request,
            "matching/run.html",
            {
                "jobs": detection_jobs(actor=request.user),
                "upper": conf.upper_threshold(),
                "lower": conf.lower_threshold(),
                "backend": conf.linkage_backend(),
            },
        )

    def post(self, request):
        try:
            job = duplicate_detection_start(actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("matching:run")
        if job is None:
            raise Http404
        messages.success(request, _("Duplicate detection has started."))
        return redirect("matching:run")
