"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory

from sanad.core.models import Agency, Role, Team, TeamMembership, Unit, User
from sanad.geo.models import AdminUnit, Site


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name_en = factory.LazyAttribute(lambda o: f"Agency {o.code}")
    name_ar = factory.LazyAttribute(lambda o: f"وكالة {o.code}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = Unit.Kind.MRRM
    name_en = factory.LazyAttribute(lambda o: f"Unit {o.code}")


class AdminUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        django_get_or_create = ("pcode",)

    pcode = factory.Sequence(lambda n: f"LY9{n:05d}")
    level = AdminUnit.Level.BALADIYA
    name_en = factory.Sequence(lambda n: f"Baladiya {n}")
    name_ar = factory.Sequence(lambda n: f"بلدية {n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    site_type = Site.Type.URBAN_COMMUNITY
    name_en = factory.Sequence(lambda n: f"Site {n}")
    name_ar = factory.Sequence(lambda n: f"موقع {n}")
    admin_unit = factory.SubFactory(AdminUnitFactory)
    latitude = "32.887200"
    longitude = "13.191300"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    unit = factory.SubFactory(UnitFactory)
    agency = factory.LazyAttribute(lambda o: o.unit.agency)
    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Mobile team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password("Correct-Horse-42!")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(Role.objects.filter(code__in=extracted))
            self.forget_cached_access()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    function = TeamMembership.Function.CASEWORKER
