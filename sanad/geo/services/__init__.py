"""Writes to the gazetteer. Views, the API, commands and tasks all call these."""

from sanad.geo.services.admin_units import admin_unit_create, admin_unit_update
from sanad.geo.services.gazetteer import GazetteerReport, gazetteer_load, gazetteer_reload_start
from sanad.geo.services.sites import site_create, site_set_active, site_update

__all__ = [
    "GazetteerReport",
    "admin_unit_create",
    "admin_unit_update",
    "gazetteer_load",
    "gazetteer_reload_start",
    "site_create",
    "site_set_active",
    "site_update",
]
