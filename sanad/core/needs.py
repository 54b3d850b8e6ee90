"""The shared vocabulary of needs and service types.

A screening suggests referrals and assistance with these codes, the service directory classifies
services with them, referral pathways are keyed by them, and helpline tickets and cases use them
to say what a person needs. One list, so a suggestion made in one module finds its service in
another.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    HEALTH_PRIMARY = "health_primary", _("Health — primary care")
    HEALTH_SPECIALISED = "health_specialised", _("Health — specialised care")
    HEALTH_PSYCHIATRIC = "health_psychiatric", _("Health — psychiatric care")
    HEALTH_SRH = "health_srh", _("Health — sexual and reproductive health")
    MHPSS = "mhpss", _("Mental health and psychosocial support")
    PROTECTION_GENERAL = "protection_general", _("Protection — general")
    PROTECTION_GBV = "protection_gbv", _("Protection — gender-based violence")
    PROTECTION_CHILD = "protection_child", _("Protection — child protection")
    PROTECTION_TRAFFICKING = "protection_trafficking", _("Protection — victims of trafficking")
    PROTECTION_LEGAL = "protection_legal", _("Protection — legal aid")
    FAMILY_TRACING = "family_tracing", _("Family tracing and reunification")
    SHELTER = "shelter", _("Shelter")
    FOOD = "food", _("Food")
    NFI = "nfi", _("Non-food items")
    HYGIENE = "hygiene", _("Hygiene and dignity items")
    CASH = "cash", _("Cash assistance")
    VHR = "vhr", _("Voluntary humanitarian return")
    EDUCATION = "education", _("Education")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    DOCUMENTATION = "documentation", _("Civil documentation")
    OTHER = "other", _("Other")
