"""Pieces shared by the field-collected DTM records (flow counts, detention-centre snapshots)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SEX_AGE_FIELDS = ("adult_men", "adult_women", "boys", "girls")


class SexAgeCounts(models.Model):
    """People counted by sex and age group; the four groups add up to the record's total."""

    adult_men = models.PositiveIntegerField(_("adult men"), default=0)
    adult_women = models.PositiveIntegerField(_("adult women"), default=0)
    boys = models.PositiveIntegerField(_("boys"), default=0)
    girls = models.PositiveIntegerField(_("girls"), default=0)

    class Meta:
        abstract = True

    @property
    def children(self) -> int:
        return self.boys + self.girls

    @property
    def sex_age_sum(self) -> int:
        return sum(getattr(self, name) for name in SEX_AGE_FIELDS)


class NationalityCount(models.Model):
    """How many of a record's people hold one nationality (ISO 3166 alpha-3)."""

    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3)
    individuals = models.PositiveIntegerField(_("individuals"))

    class Meta:
        abstract = True
        ordering = ["-individuals", "nationality"]

    def __str__(self) -> str:
        return f"{self.nationality}: {self.individuals}"

    @property
    def nationality_name(self) -> str:
        from sanad.core.countries import country_name

        return country_name(self.nationality)
