"""Duplicate-detection API: candidates for a person, the review queue, decisions, merges.

Reads go through the same selectors and writes through the same services as the pages.
POST /merges/ honours ``Idempotency-Key``.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.api_base import ERROR_RESPONSE, IDEMPOTENCY_HEADER, ActionPermission, ApiViewMixin
from sanad.core.lists import ScopedListApiMixin, paginated
from sanad.matching.filters import PairFilterSet
from sanad.matching.realtime import find_candidates_for_person
from sanad.matching.selectors import (
    merge_get,
    merge_list,
    pair_get,
    pair_list,
    person_for_matching,
)
from sanad.matching.services import pair_decide, person_merge, person_unmerge
from sanad.registry.selectors import person_get

MERGE = "duplicates.merge"


def _body_ref(field: str, getter, **kwargs):
    """The record a body field names, through its selector; out of scope or unknown alike is a
    400 on the field."""
    from django.http import Http404
    from django.utils.translation import gettext as _

    try:
        return getter(**kwargs)
    except Http404:
        message = (
            _("No pair you may merge has this uuid.")
            if field == "pair"
            else _("No record you may merge has this uuid.")
        )
        raise serializers.ValidationError({field: [message]}) from None


class _Api(ApiViewMixin, APIView):
    permission_classes = [IsAuthenticated, ActionPermission]


class PersonSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    display_name = serializers.CharField()
    status = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    person = PersonSummarySerializer()
    match_weight = serializers.FloatField()
    match_probability = serializers.FloatField()
    band = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


@extend_schema(tags=["duplicates"])
class PersonDuplicatesApi(_Api):
    """Likely duplicates of an existing person (the real-time check)."""

    required_actions = {"GET": "persons.view"}

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="At most this many (default 10, max 50)")],
        responses={200: CandidateSerializer(many=True)},
    )
    def get(self, request, uuid):
        person = person_get(actor=request.user, uuid=uuid)
        try:
            limit = max(1, min(50, int(request.query_params.get("limit", 10))))
        except ValueError:
            limit = 10
        candidates = find_candidates_for_person(actor=request.user, person=person, limit=limit)
        return Response(CandidateSerializer(candidates, many=True).data)


class PairOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    person_a = PersonSummarySerializer()
    person_b = PersonSummarySerializer()
    match_weight = serializers.FloatField()
    match_probability = serializers.FloatField()
    band = serializers.CharField()
    source = serializers.CharField()
    status = serializers.CharField()
    features = serializers.DictField(child=serializers.CharField())
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


@extend_schema(tags=["duplicates"])
class DuplicatePairListApi(ScopedListApiMixin, _Api):
    required_actions = {"GET": "duplicates.review"}

    filterset_class = PairFilterSet
    serializer_class = PairOutputSerializer

    def get_items(self, data):
        return pair_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: PairOutputSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)


@extend_schema(tags=["duplicates"])
class DuplicatePairDecideApi(_Api):
    required_actions = {"POST": "duplicates.review"}

    class PairDecisionInputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["same_person", "different_people"])
        note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    @extend_schema(
        request=PairDecisionInputSerializer,
        responses={200: PairOutputSerializer},
    )
    def post(self, request, uuid):
        pair = pair_get(actor=request.user, uuid=uuid)
        body = self.PairDecisionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pair = pair_decide(actor=request.user, pair=pair, **body.validated_data)
        return Response(PairOutputSerializer(pair_get(actor=request.user, uuid=pair.uuid)).data)


class MergeOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    survivor = PersonSummarySerializer()
    merged = PersonSummarySerializer()
    pair = serializers.UUIDField(source="pair.uuid", default=None)
    decided_by = serializers.CharField(source="decided_by.username")
    created_at = serializers.DateTimeField()
    moved = serializers.JSONField()
    undone_at = serializers.DateTimeField(allow_null=True)
    undone_by = serializers.CharField(source="undone_by.username", default=None)


@extend_schema(tags=["duplicates"])
class MergeListApi(_Api):
    required_actions = {"GET": "duplicates.merge", "POST": "duplicates.merge"}

    class MergeInputSerializer(serializers.Serializer):
        survivor = serializers.UUIDField()
        merged = serializers.UUIDField()
        pair = serializers.UUIDField(required=False, allow_null=True)

    @extend_schema(responses={200: MergeOutputSerializer(many=True)})
    def get(self, request):
        return paginated(self, merge_list(actor=request.user), MergeOutputSerializer)

    @extend_schema(
        request=MergeInputSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={201: MergeOutputSerializer},
    )
    def post(self, request):
        body = self.MergeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        # A record in the body that the actor may not merge answers as an unknown uuid (400 on
        # its field); whether the two may be merged is person_merge's rule.
        survivor = _body_ref(
            "survivor", person_for_matching, actor=request.user, uuid=data["survivor"], action=MERGE
        )
        merged = _body_ref(
            "merged", person_for_matching, actor=request.user, uuid=data["merged"], action=MERGE
        )
        pair = (
            _body_ref("pair", pair_get, actor=request.user, uuid=data["pair"], action=MERGE)
            if data.get("pair")
            else None
        )
        merge = person_merge(
            actor=request.user,
            survivor=survivor,
            merged=merged,
            pair=pair,
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return Response(MergeOutputSerializer(merge).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["duplicates"])
class MergeUnmergeApi(_Api):
    required_actions = {"POST": "duplicates.merge"}

    @extend_schema(request=None, responses={200: MergeOutputSerializer})
    def post(self, request, uuid):
        merge = merge_get(actor=request.user, uuid=uuid)
        merge = person_unmerge(actor=request.user, merge=merge)
        return Response(MergeOutputSerializer(merge_get(actor=request.user, uuid=merge.uuid)).data)
