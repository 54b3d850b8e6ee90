"""The referrals demo: providers and services across five cities, pathways, referrals in
different states; a second run creates nothing."""

from __future__ import annotations

import pytest

from sanad.core.services.demo import demo_seed
from sanad.referrals.demo import PATHWAYS, PROVIDERS, SERVICES
from sanad.referrals.models import Referral, ReferralPathway, ReferralService, ServiceProvider

pytestmark = pytest.mark.django_db


def test_demo_directory_and_referrals_are_seeded_once(gazetteer):
    demo_seed()
    assert ServiceProvider.objects.count() == len(PROVIDERS)
    assert ReferralService.objects.count() == len(SERVICES)
    assert ReferralPathway.objects.count() == len(PATHWAYS)
    # Seeded through the directory's services, so audited like the page's writes, as demo data.
    from sanad.core.models import AuditEvent

    created = AuditEvent.objects.filter(action__in=["referrals.provider.create", "referrals.service.create"])
    assert created.count() == len(PROVIDERS) + len(SERVICES)
    assert set(created.values_list("channel", "actor_username")) == {("cli", "admin")}
    places = set(ReferralService.objects.values_list("admin_unit__pcode", flat=True))
    assert {"LY021104", "LY021401", "LY031901", "LY021503", "LY010304"} <= places
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"completed", "received", "declined", "sent"} <= statuses
    assert Referral.objects.filter(
        emergency_override=False, urgency="emergency", is_inter_agency=False
    ).exists()
    before = (ServiceProvider.objects.count(), ReferralService.objects.count(), Referral.objects.count())
    demo_seed()
    assert (
        ServiceProvider.objects.count(),
        ReferralService.objects.count(),
        Referral.objects.count(),
    ) == before
