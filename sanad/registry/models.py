"""The person registry: people, households, documents, phones, flags, consent, registrations.

Names are stored exactly as entered, in Latin and/or Arabic script, never "corrected".
Search and duplicate detection work on derived keys (``NameKey``) computed by
``sanad.names.keys``, which are rebuilt whenever a person's names change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.permissions import Scope


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Not stated")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated from age")


class PopulationGroup(models.TextChoices):
    MIGRANT = "migrant", _("Migrant")
    REFUGEE = "refugee", _("Refugee / asylum seeker")
    IDP = "idp", _("Internally displaced person")
    RETURNEE = "returnee", _("Returnee")
    HOST_COMMUNITY = "host_community", _("Host community")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Son / daughter")
    PARENT = "parent", _("Father / mother")
    SIBLING = "sibling", _("Brother / sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NOT_RELATED = "not_related", _("Not related")


class VulnerabilityFlag(models.TextChoices):
    UASC = "uasc", _("Unaccompanied or separated child")
    VOT = "vot", _("Victim of trafficking")
    GBV_SURVIVOR = "gbv_survivor", _("Survivor of gender-based violence")
    DISABILITY = "disability", _("Person with disability")
    OLDER_PERSON = "older_person", _("Older person")
    PREGNANT_LACTATING = "pregnant_lactating", _("Pregnant or lactating")
    SERIOUS_MEDICAL = "serious_medical", _("Serious medical condition")
    SINGLE_CAREGIVER = "single_caregiver", _("Single caregiver")
    DETAINED = "detained", _("Currently or recently detained")
    SURVIVOR_OF_VIOLENCE = "survivor_of_violence", _("Survivor of violence or torture")
    MENTAL_HEALTH = "mental_health", _("Mental health condition")
    CHILD_AT_RISK = "child_at_risk", _("Child at risk")


class Household(BaseModel):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    head = models.ForeignKey(
        "Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("head")
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey("geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Who holds the record (scope): the registering agency, unit and team.
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField(_("external id"), max_length=100, blank=True, db_index=True)

    scope_paths = {Scope.OWN: "created_by", Scope.TEAM: "team", Scope.UNIT: "unit", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.reference


class Person(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MERGED = "merged", _("Merged into another record")
        ERASED = "erased", _("Erased on request")

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )

    # Names as entered: Latin script ...
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    father_name = models.CharField(_("father's name"), max_length=100, blank=True)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    # ... and Arabic script.
    given_name_ar = models.CharField(_("given name (Arabic)"), max_length=100, blank=True)
    father_name_ar = models.CharField(_("father's name (Arabic)"), max_length=100, blank=True)
    grandfather_name_ar = models.CharField(_("grandfather's name (Arabic)"), max_length=100, blank=True)
    family_name_ar = models.CharField(_("family name (Arabic)"), max_length=100, blank=True)
    other_names = models.JSONField(_("other names used"), default=list, blank=True)

    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.EXACT,
    )
    nationality = models.CharField(
        _("nationality"), max_length=3, blank=True, db_index=True
    )  # ISO 3166 alpha-3
    country_of_birth = models.CharField(_("country of birth"), max_length=3, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    population_group = models.CharField(
        _("population group"), max_length=20, choices=PopulationGroup.choices, default=PopulationGroup.MIGRANT
    )

    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current location"),
    )
    site = models.ForeignKey(
        "geo.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current site"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    relationship = models.CharField(
        _("relationship to the head"), max_length=20, choices=Relationship.choices, blank=True
    )

    # Who holds the record (scope).
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The identifier of the record in an imported file (idempotency key of the importer).
    external_id = models.CharField(_("external id"), max_length=100, blank=True)

    scope_paths = {Scope.OWN: "created_by", Scope.TEAM: "team", Scope.UNIT: "unit", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["agency", "status"], name="person_agency_status"),
            models.Index(fields=["date_of_birth"], name="person_dob"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "external_id"],
                condition=~models.Q(external_id=""),
                name="person_external_id_unique_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.reference})"

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.given_name, self.father_name, self.grandfather_name, self.family_name) if p
        )

    @property
    def full_name_ar(self) -> str:
        parts = (self.given_name_ar, self.father_name_ar, self.grandfather_name_ar, self.family_name_ar)
        return " ".join(p for p in parts if p)

    @property
    def display_name(self) -> str:
        return self.full_name or self.full_name_ar or self.reference


class Phone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone (E.164)"), max_length=20, db_index=True)
    as_typed = models.CharField(_("as typed"), max_length=40, blank=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="phone_unique_per_person")]

    def __str__(self) -> str:
        return self.number


class IdentityDocument(models.Model):
    class Type(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
        UNHCR_CERTIFICATE = "unhcr", _("UNHCR registration")
        CONSULAR_CARD = "consular_card", _("Consular card")
        TRAVEL_DOCUMENT = "travel_document", _("Emergency travel document")
        RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    number = models.CharField(_("number"), max_length=60)
    # Upper case, letters and digits only: what search and matching compare.
    number_normalised = models.CharField(max_length=60, db_index=True)
    issuing_country = models.CharField(_("issuing country"), max_length=3, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} {self.number}"


class PersonFlag(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flags")
    flag = models.CharField(_("flag"), max_length=30, choices=VulnerabilityFlag.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "flag"], name="flag_unique_per_person")]
        indexes = [models.Index(fields=["flag"], name="person_flag_flag")]

    def __str__(self) -> str:
        return self.get_flag_display()


class Consent(BaseModel):
    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Registration and assistance")
        REFERRAL = "referral", _("Referral to other services")
        DATA_SHARING = "data_sharing", _("Sharing data with partners")
        FOLLOW_UP = "follow_up", _("Follow-up contact")
        PHOTO = "photo", _("Photograph")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    given_on = models.DateField(_("date given"))
    given_by = models.CharField(
        _("given by"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty when the person gave it themselves."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return self.get_purpose_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class Registration(BaseModel):
    """One registration event: who registered the person, when, where, through which channel."""

    class Channel(models.TextChoices):
        MOBILE_TEAM = "mobile_team", _("Mobile team")
        OFFICE = "office", _("Office / walk-in")
        HELPLINE = "helpline", _("Helpline")
        IMPORT = "import", _("File import")
        API = "api", _("API")
        FIELD_FORM = "field_form", _("Offline field form")
        REFERRAL = "referral", _("Incoming referral")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    site = models.ForeignKey("geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.channel} {self.created_at:%Y-%m-%d}"


class NameKey(models.Model):
    """A search / blocking key derived from a person's names (see sanad.names.keys).

    Rebuilt by the registry services whenever names change; never edited by hand.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=60)
    # Which name part it came from: given, father, grandfather, family, other.
    part = models.CharField(max_length=12)

    class Meta:
        indexes = [
            # The real-time check joins "given name = X" with "family name = Y" on person: both
            # sides are index-only scans that carry the person (no heap visit per key row).
            models.Index(fields=["key", "part", "person"], name="namekey_key_part_person"),
            # The search groups matching keys by person: an index-only scan.
            models.Index(fields=["key", "person"], name="namekey_key_person"),
        ]
        constraints = [models.UniqueConstraint(fields=["person", "key", "part"], name="namekey_unique")]

    def __str__(self) -> str:
        return f"{self.part}:{self.key}"
