"""Reads of the directory and of referrals. Every read applies the actor's scope.

A referral is visible to its sending side (scope paths on ``Referral``) and to its receiving
side (users of the receiving unit, or of the receiving agency with agency-wide scope). Which
side the actor is on decides what they see: the receiving side only ever reads the snapshot.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from sanad.core.lists import filtered
from sanad.core.permissions import Scope, has_permission, scope_for
from sanad.core.scoping import scope_q, sensitive_read_log, visible_q
from sanad.core.selectors.lookup import get_by_uuid_or_404, require_seen, seen_by
from sanad.geo.models import AdminUnit
from sanad.referrals.models import (
    PathwayStep,
    Referral,
    ReferralPathway,
    ReferralService,
    ServiceProvider,
    ServiceStatus,
)


# ---------------------------------------------------------------------------------------------
# Directory
# ---------------------------------------------------------------------------------------------
def directory_place_q(place: AdminUnit) -> Q:
    """Services located in ``place`` (or inside it), or whose catchment covers it."""
    covering = [place.pcode] + [a.pcode for a in place.ancestors()]
    return Q(admin_unit__pcode__startswith=place.pcode) | Q(catchment__pcode__in=covering)


def directory_text_q(text: str) -> Q:
    condition = Q()
    for term in text.split():
        term_q = Q()
        for field in (
            "name_en",
            "name_ar",
            "name_fr",
            "description_en",
            "description_ar",
            "description_fr",
            "provider__name_en",
            "provider__name_ar",
            "provider__name_fr",
            "admin_unit__name_en",
            "admin_unit__name_ar",
        ):
            term_q |= Q(**{f"{field}__icontains": term})
        condition &= term_q
    return condition


def _services_base() -> QuerySet[ReferralService]:
    return ReferralService.objects.select_related("provider", "provider__agency", "unit", "admin_unit")


def referral_service_list(
    *, actor=None, data=None, public: bool = False, include_inactive: bool = False
) -> QuerySet[ReferralService]:
    """Services of the directory, narrowed by its search (``referrals.filters.DirectoryFilterSet``)
    that ``data`` names; active ones only unless ``include_inactive``, and always when ``public``
    (no actor)."""
    from sanad.referrals.filters import DirectoryFilterSet

    if not public and not has_permission(actor, "directory.view"):
        return ReferralService.objects.none()
    qs = _services_base()
    if public or not include_inactive:
        qs = qs.filter(status=ServiceStatus.ACTIVE, provider__is_active=True)
    qs = filtered(qs, DirectoryFilterSet, data, user=None if public else actor)
    return qs.order_by("need", "name_en")


def directory_place_by_pcode(pcode: str) -> AdminUnit | None:
    """A place to search the directory by (the gazetteer is public reference data)."""
    code = (pcode or "").strip().upper()
    return (
        AdminUnit.objects.filter(pcode=code).select_related("parent__parent__parent").first()
        if code
        else None
    )


def directory_baladiya_centroids() -> QuerySet[AdminUnit]:
    """Baladiya centres for the reference dots of the directory maps, public or signed in.

    Published reference data only: OCHA P-codes, names and the DTM R54 baladiya centroids loaded
    by the gazetteer; no personal data. Every signed-in role reads the same baladiyas through
    ``sanad.geo.selectors.baladiya_centroids`` (``geo.view`` has scope ALL for all roles); that
    selector needs an actor, which the public directory does not have, so the public read is
    this one, limited to the active baladiyas and to the fields a dot needs.
    """
    return (
        AdminUnit.objects.filter(
            level=AdminUnit.Level.BALADIYA,
            is_active=True,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .only("pcode", "name_en", "name_ar", "latitude", "longitude")
        .order_by("pcode")
    )


def directory_place_choices() -> list[tuple[str, str]]:
    """Regions and districts for the public directory's place filter."""
    units = AdminUnit.objects.filter(level__lte=2, is_active=True).order_by("level", "name_en")
    return [(u.pcode, u.name) for u in units]


def referral_service_get(*, actor=None, uuid, public: bool = False) -> ReferralService:
    if not public and not has_permission(actor, "directory.view"):
        raise Http404
    qs = _services_base().prefetch_related("sites", "catchment")
    if public:
        qs = qs.filter(status=ServiceStatus.ACTIVE, provider__is_active=True)
    return get_by_uuid_or_404(qs, uuid)


def referral_service_sites(*, service: ReferralService):
    return service.sites.all()


def referral_service_catchment(*, service: ReferralService):
    return service.catchment.all()


def referral_pathway_steps(*, pathway: ReferralPathway):
    return pathway.steps.all()


def service_provider_list(*, actor, active_only: bool = False) -> QuerySet[ServiceProvider]:
    if not has_permission(actor, "directory.view"):
        return ServiceProvider.objects.none()
    qs = ServiceProvider.objects.select_related("agency")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name_en")


def service_provider_get(*, actor, uuid) -> ServiceProvider:
    return get_by_uuid_or_404(service_provider_list(actor=actor), uuid)


def referral_pathway_list(*, actor, need: str = "") -> QuerySet[ReferralPathway]:
    if not has_permission(actor, "directory.view"):
        return ReferralPathway.objects.none()
    qs = ReferralPathway.objects.select_related("admin_unit").prefetch_related(
        Prefetch(
            "steps", queryset=PathwayStep.objects.select_related("service__provider", "service__admin_unit")
        )
    )
    if need:
        qs = qs.filter(need=need)
    return qs.order_by("need", "admin_unit__pcode", "name_en")


def referral_pathway_get(*, actor, uuid) -> ReferralPathway:
    return get_by_uuid_or_404(referral_pathway_list(actor=actor), uuid)


def referral_pathway_for(*, actor, need: str, place: AdminUnit | None) -> ReferralPathway | None:
    """The most specific active pathway for ``need`` at ``place`` (or its nearest ancestor),
    else the nationwide one."""
    candidates = referral_pathway_list(actor=actor, need=need).filter(is_active=True)
    chain = ([place] + list(reversed(place.ancestors()))) if place is not None else []
    by_place = {p.admin_unit_id: p for p in candidates}
    for unit in chain:
        if unit.pk in by_place:
            return by_place[unit.pk]
    return by_place.get(None)


def _widening(place: AdminUnit | None) -> list[AdminUnit | None]:
    """``place``, its ancestors from the nearest up, then ``None`` (anywhere)."""
    if place is None:
        return [None]
    return [place, *reversed(place.ancestors()), None]


def referral_service_proposals(*, actor, needs: list[str], place: AdminUnit | None, limit: int = 12):
    """Services to propose for ``needs`` at ``place``: each need's pathway in order first, then
    the other active services of that need in or covering the place. Pairs (service, pathway)."""
    seen: set[int] = set()
    out: list[tuple[ReferralService, ReferralPathway | None]] = []
    for need in needs:
        pathway = referral_pathway_for(actor=actor, need=need, place=place)
        if pathway is not None:
            for step in pathway.steps.all():
                if step.service.is_active and step.service.pk not in seen:
                    seen.add(step.service.pk)
                    out.append((step.service, pathway))
        # No pathway and nothing for the need where the person lives: widen to the district, the region, then
        # the whole country, so the sender still gets the nearest services for the need.
        others: list[ReferralService] = []
        for area in _widening(place) if pathway is None else [place]:
            services = referral_service_list(actor=actor).filter(need=need)
            if area is not None:
                services = services.filter(
                    pk__in=ReferralService.objects.filter(directory_place_q(area)).values("pk")
                )
            others = list(services[:limit])
            if others:
                break
        for service in others:
            if service.pk not in seen:
                seen.add(service.pk)
                out.append((service, None))
    return out[: max(limit, len([1 for _s, p in out if p is not None]))]


# ---------------------------------------------------------------------------------------------
# Referrals
# ---------------------------------------------------------------------------------------------
def _receiver_q(actor) -> Q | None:
    scope = scope_for(actor, "referrals.respond")
    if scope is None or not actor.agency_id:
        return None
    condition = Q(receiving_agency_id=actor.agency_id, is_external=False)
    if scope >= Scope.AGENCY:
        return condition
    return condition & (Q(receiving_unit_id__in=actor.unit_ids) | Q(receiving_unit__isnull=True))


def _sender_q(actor) -> Q | None:
    """The sending side: the actor's scope and ``Referral.sensitivity`` (a sensitive referral: its
    own sender, or users with sensitive access)."""
    if scope_for(actor, "referrals.view") is None:
        return None
    return visible_q(Referral, actor, "referrals.view")


def _visible(actor) -> QuerySet[Referral]:
    sender, receiver = _sender_q(actor), _receiver_q(actor)
    if sender is None and receiver is None:
        return Referral.objects.none()
    condition = Q(pk__in=[])
    if sender is not None:
        condition |= sender
    if receiver is not None:
        condition |= receiver
    return Referral.objects.filter(condition)


def referral_box_q(*, actor, box: str) -> Q | None:
    """The referrals the actor sent (``sent``) or received (``received``); ``None``: no side."""
    return _sender_q(actor) if box == "sent" else _receiver_q(actor)


def referral_list(
    *, actor, data=None, person=None, box: str = "", with_person: bool = False
) -> QuerySet[Referral]:
    """Referrals the actor may see, narrowed by the list's filters (``referrals.filters``) that
    ``data`` names, or to ``person`` and ``box``; overdue first, then newest (``with_person``:
    each with its person loaded)."""
    from sanad.referrals.filters import ReferralFilterSet

    qs = _visible(actor)
    if box:
        side = referral_box_q(actor=actor, box=box)
        qs = qs.filter(side) if side is not None else qs.none()
    if person is not None:
        qs = qs.filter(person=person)
    qs = filtered(qs, ReferralFilterSet, data, user=actor)
    if with_person:
        qs = qs.select_related("person")
    overdue = Q(status=Referral.Status.SENT, acknowledge_due_at__lt=timezone.now())
    return (
        qs.select_related(
            "service__provider",
            "sending_agency",
            "sending_team",
            "receiving_agency",
            "receiving_unit",
            "created_by",
        )
        .annotate(
            overdue_rank=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("overdue_rank", "-sent_at")
    )


def referral_sender_ids(*, actor, ids: list[int]) -> set[int]:
    """Of ``ids``, the referrals the actor sees from the sending side."""
    sender = _sender_q(actor)
    if sender is None or not ids:
        return set()
    return set(Referral.objects.filter(sender, pk__in=ids).values_list("pk", flat=True))


def referral_get(*, actor, uuid, log_read: bool = True) -> Referral:
    """One referral the actor may see; 404 otherwise (also for a malformed UUID). Reading a
    sensitive referral is recorded in the audit trail."""
    referral = get_by_uuid_or_404(
        _visible(actor).select_related(
            "service__provider",
            "service__admin_unit",
            "sending_agency",
            "sending_unit",
            "sending_team",
            "receiving_agency",
            "receiving_unit",
            "created_by",
            "person",
            "receiver_person",
            "receiver_case",
            "override_reviewed_by",
        ),
        uuid,
    )
    if log_read:
        sensitive_read_log(actor=actor, obj=referral)
    return seen_by(referral, actor)


def referral_events(*, user, referral: Referral):
    """The timeline of a referral ``user`` may see (404 otherwise)."""
    require_seen(
        referral, user=user, fetch=lambda: referral_get(actor=user, uuid=referral.uuid, log_read=False)
    )
    return referral.events.select_related("by").order_by("at", "pk")


def referral_overrides_to_review(*, actor, reviewed: bool = False) -> QuerySet[Referral]:
    scope = scope_for(actor, "referrals.review_overrides")
    if scope is None:
        return Referral.objects.none()
    qs = Referral.objects.filter(emergency_override=True, override_reviewed_at__isnull=not reviewed)
    condition = scope_q(Referral, actor, scope)
    if condition is not None:
        qs = qs.filter(condition)
    return qs.select_related(
        "service__provider", "created_by", "sending_team", "override_reviewed_by"
    ).order_by("-sent_at")


def referral_override_get(*, actor, uuid) -> Referral:
    return get_by_uuid_or_404(referral_overrides_to_review(actor=actor), uuid)


def referrals_of_ticket(*, actor, ticket, limit: int = 20) -> list[Referral]:
    """The referrals made from ``ticket`` that the actor may see, newest first (the ticket's page,
    through ``feedback/referral_link.py``)."""
    return list(referral_list(actor=actor).filter(ticket=ticket).order_by("-created_at")[:limit])


# ---------------------------------------------------------------------------------------------
# "My work" and the person's timeline
# ---------------------------------------------------------------------------------------------
_TO_ANSWER = (
    Referral.Status.SENT,
    Referral.Status.RECEIVED,
    Referral.Status.ACCEPTED,
    Referral.Status.SERVICE_STARTED,
)


def referrals_to_answer(*, actor, limit: int) -> list[Referral]:
    """Referrals the actor's side receives that still need an answer or a reported outcome."""
    receiver = _receiver_q(actor)
    if receiver is None:
        return []
    return list(
        Referral.objects.select_related("service__provider")
        .filter(receiver, status__in=_TO_ANSWER)
        .order_by("acknowledge_due_at")[:limit]
    )


def referrals_unacknowledged_of(*, actor, limit: int) -> list[Referral]:
    """The actor's own referrals whose acknowledgement is overdue."""
    return list(
        Referral.objects.select_related("service__provider")
        .filter(created_by=actor, status=Referral.Status.SENT, acknowledge_due_at__lt=timezone.now())
        .order_by("acknowledge_due_at")[:limit]
    )


def referrals_escalated_to(*, actor, ids, limit: int) -> list[Referral]:
    """Of the referrals ``ids`` escalated to the actor, those still unacknowledged that the actor
    may see (a sensitive referral reaches only those who may see it)."""
    return list(referral_list(actor=actor).filter(pk__in=ids, status=Referral.Status.SENT)[:limit])


def referrals_sent_for_person(*, actor, person, limit: int = 50) -> list[Referral]:
    """The person's referrals the actor sees from the sending side, newest first."""
    sender = _sender_q(actor)
    if sender is None:
        return []
    return list(
        Referral.objects.filter(sender, person=person)
        .select_related("service__provider", "created_by")
        .order_by("-sent_at")[:limit]
    )
