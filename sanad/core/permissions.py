"""The permission matrix: every role, every action, and the scope in which a role may do it.

This is the one place where access is decided. A role grants an action within a scope:

    own     records the user created or is assigned to
    team    records of the user's teams
    unit    records of the user's units (programmes)
    agency  records of the user's agency
    all     every record

Views, API endpoints and selectors ask ``scope_for(user, action)``; nothing else hard-codes a
role. Programme modules add their actions here as they land.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from django.utils.translation import gettext_lazy as _


class Scope(IntEnum):
    OWN = 1
    TEAM = 2
    UNIT = 3
    AGENCY = 4
    ALL = 5

    @property
    def label(self) -> str:
        return str(SCOPE_LABELS[self])


SCOPE_LABELS = {
    Scope.OWN: _("own records"),
    Scope.TEAM: _("team"),
    Scope.UNIT: _("unit"),
    Scope.AGENCY: _("agency"),
    Scope.ALL: _("all"),
}


@dataclass(frozen=True)
class RoleSpec:
    code: str
    label: str
    description: str
    # Roles that see sensitive records require two-factor authentication unless an
    # administrator decides otherwise (Role.requires_2fa is the live switch).
    sees_sensitive: bool = False


ROLES: dict[str, RoleSpec] = {
    spec.code: spec
    for spec in [
        RoleSpec(
            "caseworker",
            _("Mobile-team caseworker"),
            _("Registers people, screens vulnerability, records assistance and services, refers."),
        ),
        RoleSpec(
            "team_leader", _("Team leader"), _("Plans outreach missions, supervises the team, approves.")
        ),
        RoleSpec(
            "medical",
            _("Nurse / doctor"),
            _("Consultations, fit-to-travel screening, medical referrals."),
            sees_sensitive=True,
        ),
        RoleSpec(
            "mhpss_officer",
            _("Psychologist / MHPSS officer"),
            _("Psychosocial assessment, counselling, PFA, group sessions, remote counselling."),
            sees_sensitive=True,
        ),
        RoleSpec(
            "protection_caseworker",
            _("Protection / child-protection caseworker"),
            _("In-depth vulnerability assessment, case management, best-interests procedures."),
            sees_sensitive=True,
        ),
        RoleSpec(
            "vhr_officer",
            _("Voluntary humanitarian return officer"),
            _("Return applications, travel documents, exit visas, flight manifests."),
        ),
        RoleSpec(
            "helpline_operator",
            _("Helpline operator"),
            _("Calls, complaints and feedback, emergencies, information requests."),
        ),
        RoleSpec(
            "logistics_officer",
            _("Logistics / stock officer"),
            _("Warehouses, pre-positioned stock, dispatch to teams."),
        ),
        RoleSpec(
            "cash_officer",
            _("Cash officer"),
            _("Cash lists, financial service providers, reconciliation."),
        ),
        RoleSpec(
            "dtm_officer",
            _("DTM officer"),
            _("Displacement tracking rounds, flow monitoring, detention-centre profiles, event tracking."),
        ),
        RoleSpec(
            "me_officer",
            _("M&E / information-management officer"),
            _("Indicators, targets, 4W, donor reports, exports."),
        ),
        RoleSpec(
            "partner_caseworker",
            _("Partner-agency caseworker"),
            _("Receives and answers referrals; sees only what was shared."),
        ),
        RoleSpec(
            "psea_focal_point",
            _("PSEA focal point"),
            _("Restricted complaints of sexual exploitation and abuse."),
            sees_sensitive=True,
        ),
        RoleSpec(
            "data_protection_officer",
            _("Data-protection officer"),
            _("Access reviews, consent and retention, erasure requests, audit trail."),
            sees_sensitive=True,
        ),
        RoleSpec("auditor", _("Auditor"), _("Reads the audit trail and configuration; changes nothing.")),
        RoleSpec(
            "agency_admin",
            _("Agency administrator"),
            _("Manages the users and teams of one agency."),
            sees_sensitive=True,
        ),
        RoleSpec(
            "system_admin",
            _("System administrator"),
            _("Users, roles, configuration for the whole installation."),
            sees_sensitive=True,
        ),
    ]
}

ALL_ROLES = tuple(ROLES)
STAFF_ROLES = tuple(code for code in ROLES if code != "partner_caseworker")

# Roles whose daily work is with individual people.
PEOPLE_WORKERS = (
    "caseworker",
    "team_leader",
    "medical",
    "mhpss_officer",
    "protection_caseworker",
    "vhr_officer",
    "helpline_operator",
    "cash_officer",
)

# Roles that assess people and follow them up individually.
CASE_WORKERS = (
    "caseworker",
    "team_leader",
    "medical",
    "mhpss_officer",
    "protection_caseworker",
    "vhr_officer",
)

A, G, U, T, OWN = Scope.ALL, Scope.AGENCY, Scope.UNIT, Scope.TEAM, Scope.OWN


def _every(scope: Scope, roles=ALL_ROLES) -> dict[str, Scope]:
    return dict.fromkeys(roles, scope)


# action -> {role: scope}. A role absent from an action's row may not do it.
MATRIX: dict[str, dict[str, Scope]] = {
    # Gazetteer and sites are shared reference data: every user reads them.
    "geo.view": _every(A),
    "geo.manage_admin_units": {"system_admin": A},
    "geo.load_gazetteer": {"system_admin": A},
    "sites.view": _every(A),
    "sites.manage": {
        "system_admin": A,
        "agency_admin": A,
        "team_leader": A,
        "dtm_officer": A,
        "me_officer": A,
        "logistics_officer": A,
    },
    # Organisation: agencies, units, teams.
    "agencies.view": _every(A),
    "agencies.manage": {"system_admin": A},
    "units.view": _every(A),
    "units.manage": {"system_admin": A, "agency_admin": G},
    "teams.view": {
        **_every(G, STAFF_ROLES),
        "partner_caseworker": T,
        "team_leader": G,
        "system_admin": A,
        "auditor": A,
        "data_protection_officer": A,
        "me_officer": A,
    },
    "teams.manage": {"system_admin": A, "agency_admin": G, "team_leader": T},
    # Users and roles.
    "users.view": {
        "system_admin": A,
        "agency_admin": G,
        "data_protection_officer": A,
        "auditor": A,
        "team_leader": T,
    },
    "users.manage": {"system_admin": A, "agency_admin": G},
    "roles.manage": {"system_admin": A},
    # Audit trail.
    "audit.view": {"system_admin": A, "auditor": A, "data_protection_officer": A, "agency_admin": G},
    "audit.export": {"system_admin": A, "auditor": A, "data_protection_officer": A},
    # Jobs: everyone sees the jobs they started; administrators see all.
    "jobs.view": {**_every(OWN), "system_admin": A},
    # API tokens for integrations.
    "api_tokens.manage": {"system_admin": A},
    # Person registry. People move between locations, so field staff find and update people
    # registered by any team of their agency; partner agencies see only what referrals share.
    "persons.view": {
        **_every(G, PEOPLE_WORKERS),
        "me_officer": G,
        "psea_focal_point": G,
        "data_protection_officer": A,
    },
    "persons.register": _every(G, PEOPLE_WORKERS),
    "persons.edit": _every(G, PEOPLE_WORKERS),
    "persons.import": {"me_officer": G},
    # Duplicate detection and adjudication.
    "duplicates.run": {"me_officer": G},
    "duplicates.review": {"me_officer": G, "team_leader": G, "data_protection_officer": A},
    "duplicates.merge": {"me_officer": G, "team_leader": G},
    # Displacement tracking (DTM): published aggregate figures, no personal data.
    "dtm.view": _every(A, STAFF_ROLES),
    "dtm.import": {"dtm_officer": A, "me_officer": A},
    "dtm.manage": {"dtm_officer": A, "me_officer": A},
    # "My work": everyone sees the tasks, follow-ups, referrals and tickets assigned to them.
    "work.view": _every(OWN),
    # --- Assessments (sanad/assessments) -----------------------------------------------------
    "instruments.view": _every(A, STAFF_ROLES),
    "instruments.manage": {"system_admin": A, "me_officer": A},
    "assessments.view": {
        **_every(G, CASE_WORKERS),
        "me_officer": G,
        "data_protection_officer": A,
        # Administrators are the last resort of the safety-alert chain (core.escalation): they
        # see only the assessments an alert was addressed to them about (assessments.selectors).
        "agency_admin": OWN,
        "system_admin": OWN,
    },
    "assessments.record": _every(G, CASE_WORKERS),
    # Sensitive instruments (PHQ-9, RHS-15, K10, WHO-5: mhpss; AVM: protection; BIA:
    # child_protection), and results disclosing violence or trafficking (flags gbv_survivor, vot,
    # survivor_of_violence: protection, whatever the instrument). Besides "assessments.view",
    # seeing the person, answers and results of a sensitive assessment needs its domain's "see_"
    # row below; the user who recorded it and the recipients of its safety alert always see it.
    # Everyone else sees the row without the name in lists and gets 404 on the record
    # (sanad/assessments/selectors.py).
    "assessments.see_mhpss": {
        "mhpss_officer": U,
        "medical": U,
        "team_leader": T,
        "data_protection_officer": A,
    },
    "assessments.see_protection": {
        "protection_caseworker": U,
        "team_leader": T,
        "data_protection_officer": A,
    },
    "assessments.see_child_protection": {
        "protection_caseworker": U,
        "team_leader": T,
        "data_protection_officer": A,
    },
    # Acknowledging a safety alert: its recipients always may; besides them, the team's leaders
    # and the MHPSS officers of the team's unit.
    "assessments.alerts": {"team_leader": T, "mhpss_officer": U},
    # Confirming or dismissing the flags an assessment proposes (vot, gbv_survivor,
    # survivor_of_violence): the protection caseworkers of the unit and the team's leaders.
    "assessments.confirm_flags": {"protection_caseworker": U, "team_leader": T},
    # --- Case management (sanad/cases) -------------------------------------------------------
    "cases.view": {
        "caseworker": T,
        "team_leader": T,
        "medical": U,
        "mhpss_officer": U,
        "protection_caseworker": U,
        "vhr_officer": U,
        "me_officer": G,
        "data_protection_officer": A,
        # Administrators are the last resort of the approval chain (core.escalation): they see
        # and decide only the cases whose pending approval names them (cases.access).
        "agency_admin": OWN,
        "system_admin": OWN,
    },
    "cases.open": {
        "caseworker": T,
        "team_leader": T,
        "medical": U,
        "mhpss_officer": U,
        "protection_caseworker": U,
        "vhr_officer": U,
    },
    "cases.manage": {
        "caseworker": OWN,
        "team_leader": T,
        "medical": OWN,
        "mhpss_officer": OWN,
        "protection_caseworker": OWN,
        "vhr_officer": OWN,
    },
    # The team's leaders; a request routed up the chain names its approvers, who then may decide
    # that case whatever their scope (cases.access).
    "cases.approve": {"team_leader": T, "agency_admin": OWN, "system_admin": OWN},
    "cases.supervise": {"team_leader": T},
    # Approvals and escalation per unit and case type; named focal points for sensitive cases.
    "cases.configure": {"system_admin": A, "agency_admin": G, "team_leader": U},
    "cases.focal_points": {"system_admin": A, "agency_admin": G},
    "services.view": {**_every(G, CASE_WORKERS), "me_officer": G},
    "services.record": _every(G, CASE_WORKERS),
    # --- Referrals and the service directory (sanad/referrals) -------------------------------
    "directory.view": _every(A),
    "directory.manage": {"system_admin": A, "agency_admin": G, "me_officer": A},
    # A PSEA focal point refers survivors of sexual exploitation or abuse to GBV, medical, MHPSS
    # and legal services (survivor assistance), and sees only the referrals they sent.
    "referrals.view": {
        **_every(G, PEOPLE_WORKERS),
        "partner_caseworker": G,
        "me_officer": G,
        "psea_focal_point": OWN,
    },
    "referrals.create": {**_every(G, PEOPLE_WORKERS), "psea_focal_point": G},
    # Answering a referral: the users of the receiving unit (the whole agency when the service
    # names no unit); a partner agency's caseworkers answer for their agency.
    "referrals.respond": {**_every(U, PEOPLE_WORKERS), "partner_caseworker": G},
    # Emergency overrides of consent are reviewed by supervisors and the data-protection officer.
    "referrals.review_overrides": {"team_leader": T, "data_protection_officer": A},
    # --- Assistance: items, stock, distributions, cash, PDM (sanad/assistance) ---------------
    "items.view": _every(A, STAFF_ROLES),
    "items.manage": {"logistics_officer": A, "system_admin": A},
    "stock.view": {
        "logistics_officer": G,
        "team_leader": T,
        "caseworker": T,
        "me_officer": G,
        "auditor": A,
    },
    "stock.manage": {"logistics_officer": G},
    # Confirming what arrived at a store (transfers in transit): logistics, and the team leader
    # for the team's own store or vehicle.
    "stock.receive": {"logistics_officer": G, "team_leader": T},
    # The second pair of eyes on an adjustment after a count (never the requester: see services).
    "stock.approve": {"logistics_officer": G, "team_leader": T},
    "distributions.view": {
        "caseworker": T,
        "team_leader": T,
        "logistics_officer": G,
        "me_officer": G,
        "cash_officer": G,
    },
    "distributions.manage": {"team_leader": T, "logistics_officer": G},
    "distributions.record": {"caseworker": T, "team_leader": T},
    "cash.view": {"cash_officer": G, "me_officer": G, "team_leader": U, "agency_admin": G, "auditor": A},
    "cash.manage": {"cash_officer": G},
    # Two approvals by two different people, neither the plan's author (see services.cash).
    "cash.approve_programme": {"team_leader": U},
    "cash.approve_finance": {"cash_officer": G, "agency_admin": G},
    # --- Helpline and complaints & feedback (sanad/feedback) ---------------------------------
    "tickets.create": {**_every(G, PEOPLE_WORKERS), "psea_focal_point": G},
    "tickets.view": {**_every(G, PEOPLE_WORKERS), "me_officer": G, "psea_focal_point": G},
    "tickets.dashboard": {"helpline_operator": G, "team_leader": G, "me_officer": G, "psea_focal_point": G},
    # Working a ticket (assign, start, wait, resolve, communicate the outcome, close, reopen).
    # Field roles work the tickets dispatched to their team; sensitive tickets ignore this row:
    # only the focal points named for their category see and work them (feedback.selectors).
    "tickets.manage": {
        "helpline_operator": G,
        "team_leader": G,
        "psea_focal_point": G,
        "caseworker": T,
        "medical": T,
        "mhpss_officer": T,
        "protection_caseworker": T,
        "vhr_officer": OWN,
        "cash_officer": OWN,
    },
    # Call scripts and SLA rules (helpline supervisors and M&E).
    "tickets.configure": {"team_leader": G, "me_officer": G, "system_admin": A},
    # Naming the focal points of sensitive categories.
    "tickets.focal_points": {"system_admin": A, "agency_admin": G},
}

# What each action of the matrix lets a role do, for the roles page (the codes are for the code).
ACTION_LABELS: dict[str, str] = {
    "agencies.manage": _("Manage agencies"),
    "agencies.view": _("View agencies"),
    "api_tokens.manage": _("Manage API tokens"),
    "assessments.alerts": _("Acknowledge safety alerts"),
    "assessments.confirm_flags": _("Confirm proposed vulnerability flags"),
    "assessments.record": _("Record assessments"),
    "assessments.see_child_protection": _("See child-protection assessments"),
    "assessments.see_mhpss": _("See MHPSS assessments"),
    "assessments.see_protection": _("See protection assessments"),
    "assessments.view": _("View assessments"),
    "audit.export": _("Export the audit trail"),
    "audit.view": _("View the audit trail"),
    "cases.approve": _("Approve case plans and closures"),
    "cases.configure": _("Configure approvals and escalation"),
    "cases.focal_points": _("Name focal points for sensitive cases"),
    "cases.manage": _("Manage cases"),
    "cases.open": _("Open cases"),
    "cases.supervise": _("Supervise cases"),
    "cases.view": _("View cases"),
    "cash.approve_finance": _("Approve cash plans (finance)"),
    "cash.approve_programme": _("Approve cash plans (programme)"),
    "cash.manage": _("Manage cash assistance"),
    "cash.view": _("View cash assistance"),
    "directory.manage": _("Manage the service directory"),
    "directory.view": _("View the service directory"),
    "distributions.manage": _("Manage distributions"),
    "distributions.record": _("Record distributions"),
    "distributions.view": _("View distributions"),
    "dtm.import": _("Import DTM rounds"),
    "dtm.manage": _("Manage DTM data"),
    "dtm.view": _("View DTM data"),
    "duplicates.merge": _("Merge duplicate records"),
    "duplicates.review": _("Review possible duplicates"),
    "duplicates.run": _("Run duplicate detection"),
    "geo.load_gazetteer": _("Load the gazetteer"),
    "geo.manage_admin_units": _("Manage administrative units"),
    "geo.view": _("View places"),
    "instruments.manage": _("Manage assessment forms"),
    "instruments.view": _("View assessment forms"),
    "items.manage": _("Manage the item catalogue"),
    "items.view": _("View the item catalogue"),
    "jobs.view": _("View jobs"),
    "persons.edit": _("Edit people's records"),
    "persons.import": _("Import people"),
    "persons.register": _("Register people"),
    "persons.view": _("View people"),
    "referrals.create": _("Make referrals"),
    "referrals.respond": _("Answer referrals"),
    "referrals.review_overrides": _("Review emergency overrides of consent"),
    "referrals.view": _("View referrals"),
    "roles.manage": _("Manage roles"),
    "services.record": _("Record services"),
    "services.view": _("View services"),
    "sites.manage": _("Manage sites"),
    "sites.view": _("View sites"),
    "stock.approve": _("Approve stock adjustments"),
    "stock.manage": _("Manage stock"),
    "stock.receive": _("Confirm stock arrivals"),
    "stock.view": _("View stock"),
    "teams.manage": _("Manage teams"),
    "teams.view": _("View teams"),
    "tickets.configure": _("Configure call scripts and deadlines"),
    "tickets.create": _("Create tickets"),
    "tickets.dashboard": _("View the helpline dashboard"),
    "tickets.focal_points": _("Name focal points for sensitive tickets"),
    "tickets.manage": _("Work tickets"),
    "tickets.view": _("View tickets"),
    "units.manage": _("Manage units"),
    "units.view": _("View units"),
    "users.manage": _("Manage users"),
    "users.view": _("View users"),
    "work.view": _("See my work"),
}


def scope_for(user, action: str) -> Scope | None:
    """The widest scope in which ``user`` may do ``action``, or None if no role allows it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if action not in MATRIX:
        raise KeyError(f"Unknown action {action!r}: add it to sanad/core/permissions.py")
    row = MATRIX[action]
    scopes = [row[code] for code in user.role_codes if code in row]
    return max(scopes) if scopes else None


def has_permission(user, action: str) -> bool:
    return scope_for(user, action) is not None


def actions_for_role(role_code: str) -> dict[str, Scope]:
    return {action: row[role_code] for action, row in MATRIX.items() if role_code in row}
