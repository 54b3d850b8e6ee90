"""Writes: uploading instrument versions, recording assessments, raising and acknowledging alerts.

Flags: the vulnerability flags of a result (the ``flags`` calculate) are added to the person's
record automatically as it is recorded, through the registry's ``person_set_flags`` (flags are
only ever added, never removed, by an assessment) — except the disclosure flags ``vot``,
``gbv_survivor`` and ``survivor_of_violence`` (``PROTECTION_DISCLOSURE_FLAGS``): those are only
*proposed* (``FlagProposal``) and reach the person when a protection caseworker or team leader
confirms them (``flag_services``). A result with a disclosure flag also makes the assessment
sensitive in the protection domain (``sensitivity_for``).

Safety alert recipients (see ``safety_alert_recipients``): the escalation chain of
``sanad.core.escalation`` — the leaders of the assessment's team, else the supervisors of its unit,
else the agency's administrators, else the system administrators — never the recorder, and only
people who may see the assessment's sensitive content. Recipients may always open the assessment
they were alerted about (``selectors``), so whoever is alerted can act on it. Open alerts raised
before this rule (addressed to nobody but their recorder) are re-addressed the same way by
``safety_alerts_reroute``, run after every ``migrate`` and by ``sanad reroute_pending``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.assessments.evaluation import evaluate
from sanad.assessments.models import (
    PROTECTION_DISCLOSURE_FLAGS,
    Assessment,
    Domain,
    FlagProposal,
    Instrument,
    InstrumentVersion,
    SafetyAlert,
    sensitivity_for,
)
from sanad.assessments.xlsform import DefinitionError, InstrumentDefinition, load_definition
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.escalation import escalation_first
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.models import Team, Unit, User
from sanad.core.permissions import MATRIX, Scope, has_permission, scope_for
from sanad.core.scoping import scope_filter

RECORD_ACTION = "assessments.assessment.record"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# What Sanad knows about the instruments it ships (the form_id of each XLSForm is its code).
SHIPPED: dict[str, dict[str, Any]] = {
    "mrrm_screening": {
        "domain": Domain.SCREENING,
        "sensitive": False,
        "name_ar": "الفحص الميداني للهشاشة (آلية الاستجابة للمهاجرين)",
        "name_fr": "Dépistage de la vulnérabilité sur site (MRRM)",
    },
    "wg_ss": {
        "domain": Domain.SCREENING,
        "sensitive": False,
        "name_ar": "المجموعة القصيرة لأسئلة فريق واشنطن حول الأداء الوظيفي",
        "name_fr": "Questionnaire court du Groupe de Washington sur le fonctionnement",
    },
    "phq9": {
        "domain": Domain.MHPSS,
        "sensitive": True,
        "name_ar": "استبيان صحة المريض PHQ-9 — فحص الاكتئاب",
        "name_fr": "PHQ-9 — dépistage de la dépression",
    },
    "rhs15": {
        "domain": Domain.MHPSS,
        "sensitive": True,
        "name_ar": "أداة الفحص الصحي للاجئين RHS-15",
        "name_fr": "Dépistage de santé des réfugiés RHS-15",
    },
    "k10": {
        "domain": Domain.MHPSS,
        "sensitive": True,
        "name_ar": "مقياس كيسلر للضيق النفسي K10",
        "name_fr": "Échelle de détresse psychologique de Kessler (K10)",
    },
    "who5": {
        "domain": Domain.MHPSS,
        "sensitive": True,
        "name_ar": "مؤشر الرفاه لمنظمة الصحة العالمية WHO-5",
        "name_fr": "Indice de bien-être de l'OMS (WHO-5)",
    },
    "avm": {
        "domain": Domain.PROTECTION,
        "sensitive": True,
        "name_ar": "تقييم الحماية المعمّق (AVM)",
        "name_fr": "Évaluation approfondie de protection (AVM)",
    },
    "bia": {
        "domain": Domain.CHILD_PROTECTION,
        "sensitive": True,
        "name_ar": "تقييم المصالح الفضلى للطفل",
        "name_fr": "Évaluation de l'intérêt supérieur de l'enfant",
    },
    "pdm": {
        "domain": Domain.MONITORING,
        "sensitive": False,
        "name_ar": "رصد ما بعد التوزيع",
        "name_fr": "Suivi post-distribution",
    },
}


def _require(actor, action: str, message: str) -> None:
    if not has_permission(actor, action):
        raise DomainError(message, code="forbidden")


# --- instruments -------------------------------------------------------------------------------


def _read_upload(file) -> tuple[bytes, str]:
    name = getattr(file, "name", "") or ""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("The file is larger than 5 MB.")]})
    return data, name.rsplit("/", 1)[-1]


@transaction.atomic
def instrument_version_upload(
    *,
    actor,
    file,
    filename: str | None = None,
    instrument: Instrument | None = None,
    domain: str | None = None,
    sensitive: bool | None = None,
    note: str = "",
    system: bool = False,
) -> InstrumentVersion:
    """Validate an XLSForm with pyxform and Sanad's conventions and store it as the instrument's
    new active version. The form's ``form_id`` is the instrument code; an unknown code creates the
    instrument (with ``domain`` / ``sensitive`` or the shipped defaults). A version string already
    loaded is refused. ``system`` is for the ``load_instruments`` command (no actor)."""
    if not system:
        _require(actor, "instruments.manage", _("You may not manage instruments."))
    data, uploaded_name = _read_upload(file)
    filename = filename or uploaded_name or "form.xlsx"
    try:
        definition = load_definition(data, filename=filename)
    except DefinitionError as exc:
        raise ValidationError({"file": exc.errors}) from exc
    code = definition.form_id
    if instrument is not None and instrument.code != code:
        raise ValidationError(
            {
                "file": [
                    _(
                        "This form's form_id is %(form_id)s but the instrument's code is %(code)s; "
                        "set form_id to %(code)s in the settings sheet."
                    )
                    % {"form_id": code, "code": instrument.code}
                ]
            }
        )
    if instrument is None:
        instrument = Instrument.objects.select_for_update().filter(code=code).first()
    if instrument is None:
        defaults = SHIPPED.get(code, {})
        domain = domain or defaults.get("domain") or Domain.SCREENING
        if domain not in Domain.values:
            raise ValidationError({"domain": [_("Choose a valid domain.")]})
        instrument = Instrument.objects.create(
            code=code[:40],
            domain=domain,
            sensitive=bool(defaults.get("sensitive", False) if sensitive is None else sensitive),
            name_en=definition.titles.get("en") or definition.title("en"),
            name_ar=definition.titles.get("ar", "") or defaults.get("name_ar", ""),
            name_fr=definition.titles.get("fr", "") or defaults.get("name_fr", ""),
        )
        audit_record(
            actor=actor,
            action="assessments.instrument.create",
            obj=instrument,
            changes={
                "code": [None, code],
                "domain": [None, domain],
                "sensitive": [None, instrument.sensitive],
            },
        )
    else:
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.versions.filter(version=definition.version).exists():
        raise ValidationError(
            {
                "file": [
                    _(
                        "Version %(version)s of this instrument is already loaded. Give the new form "
                        "another version in the settings sheet."
                    )
                    % {"version": definition.version}
                ]
            }
        )
    previous = instrument.versions.filter(is_active=True).first()
    instrument.versions.filter(is_active=True).update(is_active=False)
    version = InstrumentVersion(
        instrument=instrument,
        version=definition.version,
        filename=filename[:200],
        file_sha256=hashlib.sha256(data).hexdigest(),
        definition=definition.to_json(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        is_active=True,
        note=(note or "")[:300],
    )
    version.file.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"file": [_("This version was loaded at the same moment; reload the page.")]}
        ) from exc
    titles = definition.titles
    changed = {}
    for language in ("en", "ar", "fr"):
        if titles.get(language) and getattr(instrument, f"name_{language}") != titles[language]:
            changed[f"name_{language}"] = [getattr(instrument, f"name_{language}"), titles[language]]
            setattr(instrument, f"name_{language}", titles[language])
    if changed:
        instrument.save()
    audit_record(
        actor=actor,
        action="assessments.instrument_version.upload",
        obj=version,
        changes={
            "version": [previous.version if previous else None, version.version],
            "file": [None, filename],
            "sha256": [None, version.file_sha256],
            **changed,
        },
    )
    return version


# --- assessments -------------------------------------------------------------------------------


def _holder(actor, team: Team | None) -> tuple[int, Unit | None, Team | None]:
    if not getattr(actor, "agency_id", None):
        raise DomainError(_("Your account belongs to no agency, so you cannot record assessments."))
    if team is not None:
        if team.pk not in actor.team_ids:
            raise ValidationError({"team": [_("Choose one of your teams.")]})
    else:
        team = Team.objects.filter(pk__in=actor.team_ids, is_active=True).order_by("pk").first()
    unit = (
        team.unit if team is not None else Unit.objects.filter(pk__in=actor.unit_ids).order_by("pk").first()
    )
    return (team.agency_id if team is not None else actor.agency_id), unit, team


def _version_for(instrument_code: str | None, version: InstrumentVersion | None) -> InstrumentVersion:
    if version is not None:
        return version
    found = (
        InstrumentVersion.objects.filter(instrument__code=instrument_code or "", is_active=True)
        .select_related("instrument")
        .first()
    )
    if found is None or not found.instrument.is_active:
        raise ValidationError({"instrument": [_("There is no active instrument with this code.")]})
    return found


def assessment_case_check(*, actor, person, case) -> None:
    """The case an assessment is filed under: one the actor sees (else 404) and works on (else
    403), and of the assessed person (else a ``case`` error). The page calls it to warn before the
    form is filled; ``assessment_record`` calls it whoever the caller is."""
    if case is None:
        return
    from sanad.assessments.case_link import case_check

    case_check(actor=actor, case=case)
    if case.person_id != person.pk:
        raise ValidationError({"case": [_("The case belongs to another person.")]})


@transaction.atomic
def assessment_record(
    *,
    actor,
    person,
    answers: dict,
    instrument_code: str | None = None,
    version: InstrumentVersion | None = None,
    case=None,
    team: Team | None = None,
    idempotency_key: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> Assessment:
    """Validate and score ``answers`` with the instrument's active version (or ``version``), store
    the assessment, add its flags to the person, raise the safety alert when the form says so."""
    _require(actor, "assessments.record", _("You may not record assessments."))
    previous = idempotent_lookup(actor=actor, action=RECORD_ACTION, key=idempotency_key, model=Assessment)
    if previous is not None:
        return previous
    from sanad.registry.models import Person

    visible = scope_filter(Person.objects.filter(pk=person.pk), actor=actor, action="persons.view").exists()
    if not visible:
        raise Http404
    if person.status != Person.Status.ACTIVE:
        raise ValidationError(
            _("This record was merged or erased; record the assessment on the current record.")
        )
    assessment_case_check(actor=actor, person=person, case=case)
    version = _version_for(instrument_code, version)
    definition = InstrumentDefinition.from_json(version.definition)
    evaluation = evaluate(definition, answers, today=timezone.localdate())
    if not evaluation.is_valid:
        raise ValidationError(evaluation.errors)
    if recorded_at is not None and recorded_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"recorded_at": [_("The date of the assessment cannot be in the future.")]})
    agency_id, unit, team = _holder(actor, team)
    result = evaluation.result
    sensitive, sensitivity_domain = sensitivity_for(version.instrument, result.flags)
    assessment = Assessment.objects.create(
        person=person,
        instrument=version.instrument,
        instrument_version=version,
        answers=evaluation.answers,
        values=evaluation.values,
        score=result.score,
        scores={k: str(v) for k, v in result.scores.items()},
        band=result.band,
        priority=result.priority,
        flags=result.flags,
        suggested_referrals=result.suggested_referrals,
        suggested_assistance=result.suggested_assistance,
        safety_alert=result.safety_alert,
        sensitive=sensitive,
        sensitivity_domain=sensitivity_domain,
        recorded_by=actor,
        recorded_at=recorded_at or timezone.now(),
        agency_id=agency_id,
        unit=unit,
        team=team,
        case=case,
    )
    changes: dict[str, list] = {
        "instrument": [None, version.instrument.code],
        "version": [None, version.version],
        "person": [None, str(person.uuid)],
    }
    if not assessment.sensitive:
        changes.update(
            {
                "score": [None, str(result.score) if result.score is not None else None],
                "band": [None, result.band],
                "priority": [None, result.priority],
                "flags": [None, result.flags],
            }
        )
    audit_record(actor=actor, action=RECORD_ACTION, obj=assessment, changes=changes)
    automatic = [flag for flag in result.flags if flag not in PROTECTION_DISCLOSURE_FLAGS]
    _apply_flags(actor=actor, person=person, flags=automatic)
    _propose_flags(actor=actor, assessment=assessment, flags=result.flags)
    if result.safety_alert:
        safety_alert_raise(assessment=assessment)
    idempotent_remember(actor=actor, action=RECORD_ACTION, key=idempotency_key, obj=assessment)
    return assessment


@transaction.atomic
def assessment_link_case(*, actor, assessment: Assessment, case) -> Assessment:
    """Tie an assessment to the case opened from it (or that it was done for). The cases module
    calls this when a case is opened from a screening; the actor must be able to see both."""
    from sanad.assessments.selectors import assessment_get

    assessment_get(actor=actor, uuid=assessment.uuid, log_read=False)
    assessment_case_check(actor=actor, person=assessment.person, case=case)
    before = str(assessment.case.uuid) if assessment.case_id else None
    assessment.case = case
    assessment.save(update_fields=["case", "updated_at"])
    after = str(case.uuid) if case is not None else None
    if before != after:
        audit_record(
            actor=actor,
            action="assessments.assessment.link_case",
            obj=assessment,
            changes={"case": [before, after]},
        )
    return assessment


def _apply_flags(*, actor, person, flags: list[str]) -> None:
    if not flags:
        return
    from sanad.registry.services import person_set_flags

    existing = set(person.flags.values_list("flag", flat=True))
    if set(flags) <= existing:
        return
    person_set_flags(actor=actor, person=person, flags=sorted(existing | set(flags)))


def _propose_flags(*, actor, assessment: Assessment, flags: list[str]) -> None:
    """Disclosure flags the person does not already carry wait for a protection worker."""
    proposed = [flag for flag in flags if flag in PROTECTION_DISCLOSURE_FLAGS]
    if not proposed:
        return
    existing = set(assessment.person.flags.values_list("flag", flat=True))
    for flag in sorted(set(proposed) - existing):
        proposal = FlagProposal.objects.create(assessment=assessment, person=assessment.person, flag=flag)
        audit_record(
            actor=actor,
            action="assessments.flag_proposal.propose",
            obj=proposal,
            changes={"flag": [None, flag], "assessment": [None, str(assessment.uuid)]},
        )


# --- safety alerts -----------------------------------------------------------------------------


def _may_receive_alert(assessment: Assessment, user: User) -> bool:
    """Not the recorder; of the assessment's agency (system administrators serve every agency);
    for a sensitive assessment, a user who may see its domain or holds sensitive access."""
    if user.pk == assessment.recorded_by_id:
        return False
    if user.agency_id != assessment.agency_id and "system_admin" not in user.role_codes:
        return False
    if assessment.sensitive:
        domain_right = f"assessments.see_{assessment.sensitivity_domain}"
        sees_domain = domain_right in MATRIX and has_permission(user, domain_right)
        return sees_domain or user.sensitive_access
    return True


def safety_alert_recipients(*, assessment: Assessment) -> list[User]:
    """Who is alerted (see the module docstring): everyone of the first level where someone qualifies."""
    _level, users = escalation_first(
        agency_id=assessment.agency_id,
        unit_id=assessment.unit_id,
        team_id=assessment.team_id,
        qualifies=lambda _level, user: _may_receive_alert(assessment, user),
    )
    return users


@transaction.atomic
def safety_alert_raise(*, assessment: Assessment) -> SafetyAlert:
    """Create the alert for an assessment (once) and address it to the supervisors."""
    existing = SafetyAlert.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    alert = SafetyAlert.objects.create(
        assessment=assessment, person=assessment.person, agency_id=assessment.agency_id, team=assessment.team
    )
    recipients = safety_alert_recipients(assessment=assessment)
    alert.recipients.set(recipients)
    audit_record(
        actor=assessment.recorded_by,
        action="assessments.safety_alert.raise",
        obj=alert,
        changes={"recipients": [None, sorted(u.username for u in recipients)]},
    )
    return alert


@transaction.atomic
def safety_alerts_reroute() -> tuple[list[SafetyAlert], list[SafetyAlert]]:
    """Re-address every open alert that reaches nobody but its recorder (raised before alerts
    followed the escalation chain) to ``safety_alert_recipients``; idempotent.

    Returns ``(rerouted, unrouted)``: ``unrouted`` are the alerts nobody anywhere qualifies for;
    they keep their recipients rather than reaching nobody at all.
    """
    open_alerts = (
        SafetyAlert.objects.select_for_update(of=("self",))
        .filter(acknowledged_at__isnull=True)
        .select_related("assessment")
        .prefetch_related("recipients")
        .order_by("pk")
    )
    rerouted: list[SafetyAlert] = []
    unrouted: list[SafetyAlert] = []
    for alert in open_alerts:
        before = sorted(user.username for user in alert.recipients.all())
        if any(user.pk != alert.assessment.recorded_by_id for user in alert.recipients.all()):
            continue
        recipients = safety_alert_recipients(assessment=alert.assessment)
        if not recipients:
            unrouted.append(alert)
            continue
        alert.recipients.set(recipients)
        audit_record(
            actor=None,
            action="assessments.safety_alert.reroute",
            obj=alert,
            changes={"recipients": [before, sorted(user.username for user in recipients)]},
        )
        rerouted.append(alert)
    return rerouted, unrouted


def safety_alert_may_acknowledge(*, actor, alert: SafetyAlert) -> bool:
    # Four eyes: whoever recorded the assessment cannot close the alert raised about it, or it
    # would leave the recipients' My work before anyone else saw it.
    if alert.assessment.recorded_by_id == actor.pk:
        return False
    if alert.recipients.filter(pk=actor.pk).exists():
        return True
    scope = scope_for(actor, "assessments.alerts")
    if scope is None:
        return False
    if scope >= Scope.AGENCY:
        return alert.agency_id == actor.agency_id
    if scope >= Scope.UNIT and alert.team_id is not None:
        return alert.team.unit_id in actor.unit_ids
    return alert.team_id is not None and alert.team_id in actor.team_ids


@transaction.atomic
def safety_alert_acknowledge(*, actor, alert: SafetyAlert, note: str) -> SafetyAlert:
    """The supervisor says what was done (called the person, referred to psychiatric care...)."""
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if not safety_alert_may_acknowledge(actor=actor, alert=alert):
        raise DomainError(
            _("Only the supervisors this alert was sent to may acknowledge it."), code="forbidden"
        )
    if alert.acknowledged_at is not None:
        raise ValidationError(_("This alert was already acknowledged."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what was done about the alert.")]})
    alert.acknowledged_by = actor
    alert.acknowledged_at = timezone.now()
    alert.acknowledgement_note = note[:2000]
    alert.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note", "updated_at"])
    audit_record(
        actor=actor,
        action="assessments.safety_alert.acknowledge",
        obj=alert,
        changes={"acknowledged_at": [None, alert.acknowledged_at.isoformat()]},
    )
    return alert


# --- shipped instruments -----------------------------------------------------------------------

FORMS_DIR = Path(__file__).resolve().parent / "forms"


def instruments_load_shipped(*, directory=None) -> list[tuple[str, str, str]]:
    """Load or update the XLSForms shipped in ``sanad/assessments/forms/`` (idempotent).

    Returns ``(file, outcome, detail)`` rows; outcome is "loaded", "unchanged" or "error". A form
    whose version is already loaded with the same content is unchanged; with different content it
    is an error (give the form a new version). Each form loads in its own transaction.
    """
    folder = Path(directory) if directory else FORMS_DIR
    report: list[tuple[str, str, str]] = []
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".md", ".xlsx", ".xls"))
    for path in files:
        data = path.read_bytes()
        try:
            definition = load_definition(data, filename=path.name)
        except DefinitionError as exc:
            report.append((path.name, "error", "; ".join(exc.errors)))
            continue
        existing = InstrumentVersion.objects.filter(
            instrument__code=definition.form_id, version=definition.version
        ).first()
        if existing is not None:
            if existing.file_sha256 == hashlib.sha256(data).hexdigest():
                report.append((path.name, "unchanged", definition.version))
            else:
                report.append(
                    (
                        path.name,
                        "error",
                        f"version {definition.version} is already loaded with other content; "
                        "give the form a new version in its settings sheet",
                    )
                )
            continue
        try:
            version = instrument_version_upload(
                actor=None, file=ContentFile(data, name=path.name), filename=path.name, system=True
            )
        except ValidationError as exc:
            report.append((path.name, "error", "; ".join(exc.messages)))
            continue
        report.append((path.name, "loaded", version.version))
    return report
