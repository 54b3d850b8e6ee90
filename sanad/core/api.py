"""The core API: agencies, units, teams, users (read-only), jobs and the current user.

Every endpoint reads through the same selectors as the pages, so scope rules are identical: an
object outside the caller's scope is a 404, an action the caller's roles lack entirely a 403.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.api_base import ERROR_RESPONSE, ActionPermission, ApiViewMixin
from sanad.core.filters import TeamFilterSet, UnitFilterSet
from sanad.core.lists import ScopedListApiMixin
from sanad.core.permissions import MATRIX, scope_for
from sanad.core.selectors.jobs import job_get
from sanad.core.selectors.organisation import (
    agency_get,
    agency_list,
    team_get,
    team_list,
    unit_get,
    unit_list,
)
from sanad.core.selectors.users import user_get, user_list, user_memberships, user_role_codes


# --- Serializers --------------------------------------------------------------------------------
class AgencyRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()


class AgencySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    kind = serializers.CharField()
    is_active = serializers.BooleanField()


class UnitRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()


class UnitSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    kind = serializers.CharField()
    is_active = serializers.BooleanField()
    agency = AgencyRefSerializer()


class PlaceRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()


class AdminUnitRefSerializer(PlaceRefSerializer):
    pcode = serializers.CharField()


class TeamMemberSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="user.uuid")
    username = serializers.CharField(source="user.username")
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    function = serializers.CharField()


class TeamSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    agency = AgencyRefSerializer()
    unit = UnitRefSerializer()
    is_mobile = serializers.BooleanField()
    base_admin_unit = AdminUnitRefSerializer(allow_null=True)
    base_site = PlaceRefSerializer(allow_null=True)
    is_active = serializers.BooleanField()
    member_count = serializers.IntegerField()


class TeamDetailSerializer(TeamSerializer):
    members = TeamMemberSerializer(many=True, source="memberships.all")


class MembershipSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="team.uuid")
    code = serializers.CharField(source="team.code")
    name = serializers.CharField(source="team.name")
    function = serializers.CharField()


class UserSerializer(serializers.Serializer):
    """Never the password hash, tokens or two-factor secrets."""

    uuid = serializers.UUIDField()
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    agency = serializers.UUIDField(source="agency.uuid", allow_null=True, default=None)
    roles = serializers.SerializerMethodField()
    teams = MembershipSerializer(many=True, source="memberships.all")
    is_active = serializers.BooleanField()

    def get_roles(self, user) -> list[str]:
        return user_role_codes(user=user)


class MeSerializer(UserSerializer):
    email = serializers.EmailField()
    preferred_language = serializers.CharField()
    sensitive_access = serializers.BooleanField()
    actions = serializers.SerializerMethodField(
        help_text="Each action the user may do, with its widest scope."
    )

    def get_actions(self, user) -> dict[str, str]:
        scopes = {action: scope_for(user, action) for action in MATRIX}
        return {action: scope.name.lower() for action, scope in sorted(scopes.items()) if scope is not None}


class JobSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    kind = serializers.CharField()
    label = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField()
    result = serializers.JSONField()
    error = serializers.CharField()
    download_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_download_url(self, job) -> str | None:
        return reverse("core:job_download", args=[job.uuid]) if job.result_file else None


# --- Endpoints ----------------------------------------------------------------------------------
class _Api(ApiViewMixin):
    permission_classes = [IsAuthenticated, ActionPermission]


@extend_schema(tags=["organisation"])
class AgencyListApi(_Api, generics.ListAPIView):
    required_actions = {"GET": "agencies.view"}
    serializer_class = AgencySerializer

    def get_queryset(self):
        return agency_list(actor=self.request.user)


@extend_schema(tags=["organisation"])
class AgencyDetailApi(_Api, generics.RetrieveAPIView):
    required_actions = {"GET": "agencies.view"}
    serializer_class = AgencySerializer

    def get_object(self):
        return agency_get(actor=self.request.user, uuid=self.kwargs["uuid"])


@extend_schema(tags=["organisation"])
class UnitListApi(ScopedListApiMixin, _Api, APIView):
    required_actions = {"GET": "units.view"}
    filterset_class = UnitFilterSet
    serializer_class = UnitSerializer

    def get_items(self, data):
        return unit_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: UnitSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)


@extend_schema(tags=["organisation"])
class UnitDetailApi(_Api, generics.RetrieveAPIView):
    required_actions = {"GET": "units.view"}
    serializer_class = UnitSerializer

    def get_object(self):
        return unit_get(actor=self.request.user, uuid=self.kwargs["uuid"])


@extend_schema(tags=["organisation"])
class TeamListApi(ScopedListApiMixin, _Api, APIView):
    required_actions = {"GET": "teams.view"}
    filterset_class = TeamFilterSet
    serializer_class = TeamSerializer

    def get_items(self, data):
        return team_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: TeamSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)


@extend_schema(tags=["organisation"])
class TeamDetailApi(_Api, generics.RetrieveAPIView):
    required_actions = {"GET": "teams.view"}
    serializer_class = TeamDetailSerializer

    def get_object(self):
        return team_get(actor=self.request.user, uuid=self.kwargs["uuid"])


@extend_schema(tags=["users"])
class UserListApi(_Api, generics.ListAPIView):
    required_actions = {"GET": "users.view"}
    serializer_class = UserSerializer

    def get_queryset(self):
        return user_list(actor=self.request.user)


@extend_schema(tags=["users"])
class UserDetailApi(_Api, generics.RetrieveAPIView):
    required_actions = {"GET": "users.view"}
    serializer_class = UserSerializer

    def get_object(self):
        return user_get(actor=self.request.user, uuid=str(self.kwargs["uuid"]))

    def retrieve(self, request, *args, **kwargs):
        user = self.get_object()
        data = self.get_serializer(user).data
        data["teams"] = MembershipSerializer(user_memberships(user=user), many=True).data
        return Response(data)


@extend_schema(tags=["users"])
class MeApi(ApiViewMixin, APIView):
    """The caller: profile, roles, teams and the actions their roles grant."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


@extend_schema(tags=["jobs"])
class JobDetailApi(_Api, generics.RetrieveAPIView):
    """A job's status and progress (poll it while ``status`` is queued or running)."""

    required_actions = {"GET": "jobs.view"}
    serializer_class = JobSerializer

    def get_object(self):
        return job_get(actor=self.request.user, uuid=self.kwargs["uuid"])
