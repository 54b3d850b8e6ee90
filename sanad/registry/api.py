"""The registry API: people (list with search and filters, create, read, update) and households
(list, read, create with members).

Endpoints read through the same selectors and write through the same services as the pages.
POST honours ``Idempotency-Key``. Everything is scoped like the UI: a person outside the actor's
scope answers 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from sanad.core.api_base import (
    ERROR_RESPONSE,
    IDEMPOTENCY_HEADER,
    ActionApiView,
    paginated,
)
from sanad.core.lists import ScopedListApiMixin
from sanad.geo.selectors import admin_unit_get, admin_unit_get_by_pcode, site_get
from sanad.registry.filters import PersonFilterSet
from sanad.registry.models import (
    Consent,
    DatePrecision,
    IdentityDocument,
    PopulationGroup,
    Registration,
    Relationship,
    Sex,
    VulnerabilityFlag,
)
from sanad.registry.selectors import (
    household_get,
    household_list,
    household_members,
    person_flag_codes,
    person_get,
    person_list,
)
from sanad.registry.services import household_register, person_register, person_update


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
class PlaceSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="E.164")
    as_typed = serializers.CharField()
    is_primary = serializers.BooleanField()


class DocumentSerializer(serializers.Serializer):
    document_type = serializers.ChoiceField(choices=IdentityDocument.Type.choices)
    number = serializers.CharField()
    issuing_country = serializers.CharField(required=False, allow_blank=True)
    expiry_date = serializers.DateField(required=False, allow_null=True)


class ConsentOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    purpose = serializers.CharField()
    given_on = serializers.DateField()
    given_by = serializers.CharField()
    withdrawn_on = serializers.DateField(allow_null=True)


class HouseholdRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()


class PersonListItemSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.CharField()
    given_name = serializers.CharField()
    father_name = serializers.CharField()
    grandfather_name = serializers.CharField()
    family_name = serializers.CharField()
    given_name_ar = serializers.CharField()
    father_name_ar = serializers.CharField()
    grandfather_name_ar = serializers.CharField()
    family_name_ar = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    date_of_birth_precision = serializers.CharField()
    nationality = serializers.CharField()
    population_group = serializers.CharField()
    admin_unit = PlaceSerializer(allow_null=True)
    site = PlaceSerializer(allow_null=True)
    household = HouseholdRefSerializer(allow_null=True)
    relationship = serializers.CharField()
    created_at = serializers.DateTimeField()


class PersonOutputSerializer(PersonListItemSerializer):
    other_names = serializers.ListField(child=serializers.CharField())
    country_of_birth = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    phones = PhoneSerializer(many=True, source="phones.all")
    documents = DocumentSerializer(many=True, source="documents.all")
    flags = serializers.SerializerMethodField()
    consents = ConsentOutputSerializer(many=True, source="consents.all")
    merged_into = serializers.SerializerMethodField()

    def get_flags(self, person) -> list[str]:
        return sorted(person_flag_codes(person=person, loaded=True))

    def get_merged_into(self, person) -> str | None:
        return str(person.merged_into.uuid) if person.merged_into_id else None


# ---------------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------------
class PersonInputSerializer(serializers.Serializer):
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    father_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    grandfather_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    given_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=100)
    father_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=100)
    grandfather_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name_ar = serializers.CharField(required=False, allow_blank=True, max_length=100)
    other_names = serializers.ListField(child=serializers.CharField(), required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    date_of_birth_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    age = serializers.IntegerField(
        required=False, allow_null=True, help_text="Years; gives an estimated date."
    )
    nationality = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="A country name (English, Arabic or French) or ISO 3166 alpha-3 code; returned as the code",
    )
    country_of_birth = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="A country name (English, Arabic or French) or ISO 3166 alpha-3 code; returned as the code",
    )
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    population_group = serializers.ChoiceField(choices=PopulationGroup.choices, required=False)
    admin_unit = serializers.CharField(required=False, allow_blank=True, help_text="uuid or P-code")
    site = serializers.UUIDField(required=False, allow_null=True)
    phones = serializers.ListField(child=serializers.CharField(), required=False, help_text="As typed")
    documents = DocumentSerializer(many=True, required=False)
    flags = serializers.ListField(
        child=serializers.ChoiceField(choices=VulnerabilityFlag.choices), required=False
    )


class PersonCreateSerializer(PersonInputSerializer):
    consents = serializers.ListField(
        child=serializers.ChoiceField(choices=Consent.Purpose.choices), required=False, help_text="Purposes"
    )
    consent_given_by = serializers.CharField(required=False, allow_blank=True, max_length=150)
    registration_channel = serializers.ChoiceField(choices=Registration.Channel.choices, default="api")
    relationship = serializers.ChoiceField(choices=Relationship.choices, required=False, allow_blank=True)


def _service_data(actor, validated: dict) -> dict:
    """Serializer output → the service's ``data`` (places resolved through their selectors)."""
    data = dict(validated)
    if data.get("admin_unit"):
        value = data["admin_unit"]
        try:
            if len(value) in (32, 36):
                data["admin_unit"] = admin_unit_get(actor=actor, uuid=value)
            else:
                data["admin_unit"] = admin_unit_get_by_pcode(actor=actor, pcode=value)
        except Http404:
            raise serializers.ValidationError(
                {"admin_unit": [_("No administrative unit has this uuid or P-code.")]}
            ) from None
    elif "admin_unit" in data:
        data["admin_unit"] = None
    if data.get("site"):
        try:
            data["site"] = site_get(actor=actor, uuid=data["site"])
        except Http404:
            raise serializers.ValidationError({"site": [_("No site has this uuid.")]}) from None
    if "consents" in data:
        given_by = data.pop("consent_given_by", "")
        data["consents"] = [{"purpose": p, "given_by": given_by} for p in data["consents"]]
    if data.get("age") is None:
        data.pop("age", None)
    return data


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------
@extend_schema(tags=["people"])
class PersonListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "persons.view", "POST": "persons.register"}

    filterset_class = PersonFilterSet
    serializer_class = PersonListItemSerializer

    def get_items(self, data):
        return person_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: PersonListItemSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=PersonCreateSerializer,
        responses={201: PersonOutputSerializer, 400: ERROR_RESPONSE, 409: ERROR_RESPONSE},
    )
    def post(self, request):
        body = PersonCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = _service_data(request.user, body.validated_data)
        channel = data.pop("registration_channel")
        person = person_register(
            actor=request.user,
            data=data,
            registration_channel=channel,
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        person = person_get(actor=request.user, uuid=person.uuid)
        return Response(PersonOutputSerializer(person).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["people"])
class PersonDetailApi(ActionApiView):
    required_actions = {"GET": "persons.view", "PATCH": "persons.edit"}

    @extend_schema(responses={200: PersonOutputSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(PersonOutputSerializer(person_get(actor=request.user, uuid=uuid)).data)

    @extend_schema(
        request=PersonInputSerializer,
        responses={200: PersonOutputSerializer, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    def patch(self, request, uuid):
        person = person_get(actor=request.user, uuid=uuid, action="persons.edit")
        body = PersonInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        person_update(
            actor=request.user, person=person, data=_service_data(request.user, body.validated_data)
        )
        return Response(PersonOutputSerializer(person_get(actor=request.user, uuid=uuid)).data)


# ---------------------------------------------------------------------------------------------
# Households
# ---------------------------------------------------------------------------------------------
class HouseholdOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    head = HouseholdRefSerializer(allow_null=True)
    admin_unit = PlaceSerializer(allow_null=True)
    site = PlaceSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class HouseholdDetailSerializer(HouseholdOutputSerializer):
    members = PersonListItemSerializer(many=True)


class HouseholdCreateSerializer(serializers.Serializer):
    members = PersonCreateSerializer(
        many=True, help_text="The member with relationship 'head' (else the first) heads it."
    )
    registration_channel = serializers.ChoiceField(choices=Registration.Channel.choices, default="api")
    admin_unit = serializers.CharField(required=False, allow_blank=True, help_text="uuid or P-code")
    site = serializers.UUIDField(required=False, allow_null=True)


def _household_out(actor, household) -> dict:
    household.members_visible = list(household_members(actor=actor, household=household, with_household=True))
    data = HouseholdOutputSerializer(household).data
    data["members"] = PersonListItemSerializer(household.members_visible, many=True).data
    return data


@extend_schema(tags=["people"])
class HouseholdListApi(ActionApiView):
    required_actions = {"GET": "persons.view", "POST": "persons.register"}

    @extend_schema(responses={200: HouseholdOutputSerializer(many=True)})
    def get(self, request):
        return paginated(self, household_list(actor=request.user), HouseholdOutputSerializer)

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=HouseholdCreateSerializer,
        responses={201: HouseholdDetailSerializer, 400: ERROR_RESPONSE, 409: ERROR_RESPONSE},
    )
    def post(self, request):
        body = HouseholdCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        validated = body.validated_data
        place = _service_data(
            request.user, {"admin_unit": validated.get("admin_unit", ""), "site": validated.get("site")}
        )
        members = []
        for member in validated["members"]:
            data = _service_data(request.user, member)
            data.pop("registration_channel", None)
            members.append(data)
        household = household_register(
            actor=request.user,
            members=members,
            registration_channel=validated["registration_channel"],
            admin_unit=place.get("admin_unit"),
            site=place.get("site"),
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        household = household_get(actor=request.user, uuid=household.uuid)
        return Response(_household_out(request.user, household), status=status.HTTP_201_CREATED)


@extend_schema(tags=["people"])
class HouseholdDetailApi(ActionApiView):
    required_actions = {"GET": "persons.view"}

    @extend_schema(responses={200: HouseholdDetailSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        household = household_get(actor=request.user, uuid=uuid)
        return Response(_household_out(request.user, household))
