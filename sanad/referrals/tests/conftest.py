"""Fixtures of the referral tests: a small directory (a Sanad partner's psychiatric service, an
IOM unit's service, a partner outside Sanad) and a registered person."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from sanad.core.tests.factories import AdminUnitFactory
from sanad.geo.models import AdminUnit
from sanad.referrals.models import ReferralService, ServiceProvider
from sanad.registry.models import Registration
from sanad.registry.services import person_register


@pytest.fixture(autouse=True)
def _no_duplicate_finder(monkeypatch):
    from sanad.registry import duplicates

    monkeypatch.setattr(duplicates, "find_candidates", lambda **kwargs: [])


@pytest.fixture
def places(db):
    region = AdminUnitFactory(pcode="LY02", level=AdminUnit.Level.REGION, name_en="West", name_ar="الغرب")
    district = AdminUnitFactory(
        pcode="LY0211", level=AdminUnit.Level.MANTIKA, name_en="Tripoli", parent=region
    )
    tripoli = AdminUnitFactory(
        pcode="LY021104",
        name_en="Tripoli Centre",
        name_ar="طرابلس المركز",
        parent=district,
        latitude="32.88",
        longitude="13.19",
    )
    south = AdminUnitFactory(pcode="LY03", level=AdminUnit.Level.REGION, name_en="South")
    sabha = AdminUnitFactory(pcode="LY031901", name_en="Sabha", name_ar="سبها", parent=south)
    return SimpleNamespace(region=region, district=district, tripoli=tripoli, south=south, sabha=sabha)


@pytest.fixture
def directory(org, places):
    partner = ServiceProvider.objects.create(
        name_en="Medical NGO",
        name_ar="منظمة طبية",
        kind=ServiceProvider.Kind.SANAD_AGENCY,
        agency=org.other_agency,
        contact_name="Dr Staff Person",
        contact_phone="+218911111111",
    )
    iom = ServiceProvider.objects.create(
        name_en="IOM", kind=ServiceProvider.Kind.SANAD_AGENCY, agency=org.agency
    )
    outside = ServiceProvider.objects.create(
        name_en="Legal Aid Libya",
        name_ar="العون القانوني",
        kind=ServiceProvider.Kind.EXTERNAL,
        contact_email="intake@legal.example.org",
    )
    psychiatric = ReferralService.objects.create(
        name_en="Psychiatric clinic",
        name_ar="العيادة النفسية",
        name_fr="Clinique psychiatrique",
        need="health_psychiatric",
        provider=partner,
        unit=org.partner_unit,
        admin_unit=places.tripoli,
        contact_phone="+218922222222",
    )
    mhpss = ReferralService.objects.create(
        name_en="Counselling", need="mhpss", provider=iom, unit=org.other_unit, admin_unit=places.tripoli
    )
    legal = ReferralService.objects.create(
        name_en="Legal aid desk", need="protection_legal", provider=outside, admin_unit=places.sabha
    )
    return SimpleNamespace(
        partner=partner, iom=iom, outside=outside, psychiatric=psychiatric, mhpss=mhpss, legal=legal
    )


@pytest.fixture
def person(users):
    return person_register(
        actor=users["caseworker"],
        data={
            "given_name": "Mohamed",
            "father_name": "Ahmed",
            "family_name": "Ali",
            "given_name_ar": "محمد",
            "family_name_ar": "علي",
            "sex": "M",
            "date_of_birth": datetime.date(1990, 5, 1),
            "nationality": "SDN",
            "phones": ["0912345678"],
            "flags": ["mental_health"],
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


@pytest.fixture
def send(users, person, directory):
    from sanad.referrals.services import referral_send

    def make(**overrides):
        kwargs = {
            "actor": users["caseworker"],
            "person": person,
            "service": directory.psychiatric,
            "reason": "Severe distress, needs psychiatric assessment.",
            "urgency": "urgent",
            "needs": ["health_psychiatric"],
            "consent_given": True,
        }
        kwargs.update(overrides)
        return referral_send(**kwargs)

    return make
