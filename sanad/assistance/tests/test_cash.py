"""Cash plans: Decimal amounts in LYD, two-step approval by two different people (never the author),
no one paid twice in a plan or cycle, FSP export, reconciliation import (validation report,
idempotent re-import), follow-up of failures."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from sanad.assistance.models import CashPlan, Payment
from sanad.assistance.services.cash import (
    amount_parse,
    cash_plan_approve,
    cash_plan_build_list,
    cash_plan_create,
    cash_plan_follow_up,
    cash_plan_reject,
    cash_plan_submit,
    fsp_create,
)
from sanad.assistance.services.cash_files import cash_plan_export, cash_plan_reconcile
from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.registry.models import Person

pytestmark = pytest.mark.django_db

COLUMNS = [
    "payment_id",
    "person_reference",
    "full_name",
    "full_name_ar",
    "phone",
    "household_size",
    "amount",
    "currency",
]


@pytest.fixture
def fsp(users, org):
    return fsp_create(
        actor=users["cash_officer"],
        code="lpb",
        name="Libya Post Bank",
        agency=org.agency,
        export_format="xlsx",
        columns=COLUMNS,
    )


@pytest.fixture
def plan(users, org, fsp):
    def make(**kwargs):
        kwargs.setdefault("bands", [(1, 3, "300.000"), (4, None, "450.500")])
        kwargs.setdefault("title", "MPCA November")
        return cash_plan_create(
            actor=users["cash_officer"], cycle="2026-11", fsp=fsp, unit=org.unit, **kwargs
        )

    return make


@pytest.fixture
def second_cash_officer(make_user):
    return make_user("cash_officer", username="cash-finance")


def approved(plan, users, finance):
    cash_plan_submit(actor=users["cash_officer"], plan=plan)
    cash_plan_approve(actor=users["team_leader"], plan=plan)
    return cash_plan_approve(actor=finance, plan=plan)


def csv_file(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["payment_id", "status", "reason", "fsp_reference"])
    writer.writerows(rows)
    return out.getvalue().encode()


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999999.999"), places=3))
def test_amounts_round_trip_exactly(value):
    assert amount_parse(str(value)) == value


@pytest.mark.parametrize("bad", ["0", "-5", "12.3456", "abc", "NaN", 1.5])
def test_bad_amounts_are_refused(bad):
    with pytest.raises(ValidationError):
        amount_parse(bad)


def test_household_size_amounts_and_no_double_payment(users, plan, household, register):
    small, large = household(2), household(5)
    single = register()
    p = plan()
    people = Person.objects.all()
    result = cash_plan_build_list(actor=users["cash_officer"], plan=p, people=people)
    assert result["added"] == 3  # one per household (to the head) + the single person
    amounts = {pay.household_id: pay.amount for pay in p.payments.all()}
    assert amounts[small.pk] == Decimal("300.000") and amounts[large.pk] == Decimal("450.500")
    assert p.payments.get(person=single).amount == Decimal("300.000")
    assert cash_plan_build_list(actor=users["cash_officer"], plan=p, people=people)["added"] == 0

    # The same cycle in another plan of the programme: nobody is paid twice.
    other = plan(title="Top-up")
    again = cash_plan_build_list(actor=users["cash_officer"], plan=other, people=people)
    assert again["added"] == 0 and len(again["skipped"]) == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            plan=other, person=single, cycle_key=f"{p.unit_id}:2026-11", amount=Decimal("1")
        )


def test_two_step_approval_with_segregation_of_duties(users, plan, register, second_cash_officer):
    register()
    p = plan(amount_basis="fixed", fixed_amount="250.000", bands=None)
    cash_plan_build_list(actor=users["cash_officer"], plan=p, people=Person.objects.all())
    cash_plan_submit(actor=users["cash_officer"], plan=p)
    with pytest.raises(DomainError) as exc:
        cash_plan_approve(actor=users["cash_officer"], plan=p)  # the author
    assert exc.value.code == "segregation"
    with pytest.raises(DomainError):
        cash_plan_approve(actor=second_cash_officer, plan=p)  # finance cannot give the programme step
    p = cash_plan_approve(actor=users["team_leader"], plan=p)
    assert p.status == CashPlan.Status.PENDING_FINANCE
    with pytest.raises(DomainError):
        cash_plan_approve(actor=users["team_leader"], plan=p)  # no finance right, and same person
    with pytest.raises(DomainError):
        cash_export_too_early(users, p)
    p = cash_plan_approve(actor=second_cash_officer, plan=p)
    assert p.status == CashPlan.Status.APPROVED
    assert p.programme_approved_by == users["team_leader"] and p.finance_approved_by == second_cash_officer
    assert AuditEvent.objects.filter(action__startswith="assistance.cash_plan.approve_").count() == 2


def cash_export_too_early(users, plan):
    return cash_plan_export(actor=users["cash_officer"], plan=plan)


def test_reject_sends_back_to_draft_with_reason(users, plan, register):
    register()
    p = plan()
    cash_plan_build_list(actor=users["cash_officer"], plan=p, people=Person.objects.all())
    cash_plan_submit(actor=users["cash_officer"], plan=p)
    with pytest.raises(ValidationError):
        cash_plan_reject(actor=users["team_leader"], plan=p, reason="")
    p = cash_plan_reject(actor=users["team_leader"], plan=p, reason="Wrong cycle")
    assert p.status == "draft"


def test_export_reconcile_and_follow_up(users, plan, register, second_cash_officer):
    a = register(given_name="Aziz", given_name_ar="عزيز")
    b = register(given_name="Bilal")
    c = register(given_name="Chidi")
    p = plan()
    cash_plan_build_list(actor=users["cash_officer"], plan=p, people=Person.objects.all())
    p = approved(p, users, second_cash_officer)

    name, content = cash_plan_export(actor=users["cash_officer"], plan=p)
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Payment ID" and len(rows) == 4
    by_ref = {r[1]: r for r in rows[1:]}
    assert by_ref[a.reference][3] == "عزيز"
    # The amount is a number cell shown with 3 decimals (so the provider's sums work), and
    # rounds back to the exact Decimal.
    assert round(Decimal(str(by_ref[a.reference][6])), 3) == Decimal("300.000")
    assert sheet.cell(row=2, column=7).number_format == "0.000"
    p.refresh_from_db()
    assert p.status == CashPlan.Status.EXPORTED

    pay = {x.person_id: str(x.uuid) for x in p.payments.all()}
    bad = csv_file(
        [
            [pay[a.pk], "paid", "", "TX1"],
            ["not-a-uuid", "paid", "", ""],
            [pay[b.pk], "failed", "", ""],
            [pay[c.pk], "lost", "", ""],
        ]
    )
    report = cash_plan_reconcile(actor=users["cash_officer"], plan=p, filename="r.csv", content=bad)
    assert [row for row, _m in report.errors] == [3, 4, 5]
    assert Payment.objects.filter(status="pending").count() == 3  # nothing applied

    good = csv_file(
        [
            [pay[a.pk], "paid", "", "TX1"],
            [pay[b.pk], "failed", "Wrong account number", ""],
            [pay[c.pk], "paid", "", "TX3"],
        ]
    )
    report = cash_plan_reconcile(actor=users["cash_officer"], plan=p, filename="r.csv", content=good)
    assert report.ok and report.updated == 3
    again = cash_plan_reconcile(actor=users["cash_officer"], plan=p, filename="r.csv", content=good)
    assert again.ok and again.updated == 0 and again.unchanged == 3
    p.refresh_from_db()
    assert p.status == CashPlan.Status.RECONCILED

    follow = cash_plan_follow_up(actor=users["cash_officer"], plan=p)
    assert follow.follow_up_of == p and follow.status == "draft"
    assert list(follow.payments.values_list("person_id", flat=True)) == [b.pk]
    assert follow.payments.get().follow_up_of.person_id == b.pk
    with pytest.raises(DomainError):
        cash_plan_follow_up(actor=users["cash_officer"], plan=p)  # nothing left to follow up
    late = csv_file([[pay[b.pk], "paid", "", "TX2"]])
    report = cash_plan_reconcile(actor=users["cash_officer"], plan=p, filename="late.csv", content=late)
    assert not report.ok  # re-issued: cannot be paid in the original plan too


def exported_fixed_plan(users, org, fsp, finance) -> tuple[str, bytes]:
    """A plan of 100.250 for everyone registered, approved and exported: (file name, content)."""
    p = cash_plan_create(
        actor=users["cash_officer"],
        title="T",
        cycle="c1",
        fsp=fsp,
        unit=org.unit,
        amount_basis="fixed",
        fixed_amount="100.250",
    )
    cash_plan_build_list(actor=users["cash_officer"], plan=p, people=Person.objects.all())
    return cash_plan_export(actor=users["cash_officer"], plan=approved(p, users, finance))


def test_csv_export_format(users, org, register, second_cash_officer):
    fsp = fsp_create(
        actor=users["cash_officer"],
        code="csvbank",
        name="CSV bank",
        agency=org.agency,
        export_format="csv",
        columns=["person_reference", "amount"],
    )
    register()
    name, content = exported_fixed_plan(users, org, fsp, second_cash_officer)
    text = content.decode("utf-8-sig").splitlines()
    assert (
        name.endswith(".csv") and text[0] == "Beneficiary reference,Amount" and text[1].endswith(",100.250")
    )


def test_plan_validation(users, org, fsp):
    with pytest.raises(ValidationError) as exc:
        cash_plan_create(
            actor=users["cash_officer"],
            title="",
            cycle="",
            fsp=fsp,
            unit=org.unit,
            bands=[(1, 4, "100"), (3, None, "200")],
        )
    assert {"title", "cycle", "bands"} <= set(exc.value.message_dict)
    assert not CashPlan.objects.exists()


def test_large_export_and_import_run_as_jobs(
    users, plan, register, second_cash_officer, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from sanad.assistance.services import cash_jobs
    from sanad.assistance.views import cash as cash_views
    from sanad.core.models import Job

    monkeypatch.setattr(cash_views, "JOB_THRESHOLD", 1)
    monkeypatch.setattr(cash_views, "IMPORT_JOB_BYTES", 10)
    register(given_name="A")
    register(given_name="B")
    p = plan(amount_basis="fixed", fixed_amount="100", bands=None)
    cash_plan_build_list(actor=users["cash_officer"], plan=p, people=Person.objects.all())
    p = approved(p, users, second_cash_officer)
    client = client_for(users["cash_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assistance:cash_plan_export", args=[p.uuid]))
    assert response.status_code == 302
    job = Job.objects.get(kind=cash_jobs.EXPORT_KIND)
    assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == 2 and job.result_file
    p.refresh_from_db()
    assert p.status == CashPlan.Status.EXPORTED

    rows = [[str(x.uuid), "paid", "", f"T{i}"] for i, x in enumerate(p.payments.all())]
    upload = io.BytesIO(csv_file(rows))
    upload.name = "big.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assistance:cash_plan_reconcile", args=[p.uuid]), {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get(kind=cash_jobs.RECONCILE_KIND)
    assert job.status == Job.Status.SUCCEEDED and job.result["updated"] == 2
    p.refresh_from_db()
    assert p.status == CashPlan.Status.RECONCILED
    page = client.get(reverse("assistance:cash_plan_detail", args=[p.uuid]))
    assert page.status_code == 200 and b"job-progress" in page.content


# What people typed as a name, and what the payment list's cell must show (issue 16, item 1: the
# FSP XLSX held a live =HYPERLINK formula and the CSV the raw text).
FORMULA_NAMES = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_payment_list_names_that_look_like_formulas_open_as_text(
    fmt, users, org, register, second_cash_officer
):
    fsp = fsp_create(
        actor=users["cash_officer"],
        code=f"inj{fmt}",
        name="Injection bank",
        agency=org.agency,
        export_format=fmt,
        columns=["person_reference", "full_name", "phone", "household_size", "amount"],
    )
    people = {
        typed: register(given_name=typed, family_name="", phones=[{"number": "+218912345678"}])
        for typed in FORMULA_NAMES
    }
    _name, content = exported_fixed_plan(users, org, fsp, second_cash_officer)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    else:
        assert content.startswith(b"\xef\xbb\xbf")
        cells = {row[0]: row for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))}
    for typed, person in people.items():
        person.refresh_from_db()
        assert person.given_name == typed  # the database keeps exactly what was typed
        row = cells[person.reference]
        name = row[1].value if fmt == "xlsx" else row[1]
        assert name == "'" + person.full_name and person.full_name.startswith(typed)
        if fmt == "xlsx":
            assert row[1].data_type == "s"  # a string cell: never a formula
            assert row[3].data_type == "n" and row[4].data_type == "n"  # numbers stay numbers
        phone = row[2].value if fmt == "xlsx" else row[2]
        assert phone == person.phones.get().number  # an E.164 number is not changed
    assert AuditEvent.objects.filter(action="assistance.cash_plan.export").get().changes["rows"] == [
        None,
        len(FORMULA_NAMES),
    ]


def test_large_payment_list_is_written_by_a_job_with_progress(
    users,
    plan,
    register,
    second_cash_officer,
    monkeypatch,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    from sanad.assistance.services.cash_jobs import cash_plan_export_start
    from sanad.core import exports
    from sanad.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    for name in ("Aziz", "Bilal", "Chidi"):
        register(given_name=name)
    p = plan()
    cash_plan_build_list(actor=users["cash_officer"], plan=p, people=Person.objects.all())
    p = approved(p, users, second_cash_officer)
    with django_capture_on_commit_callbacks(execute=True):
        job = cash_plan_export_start(actor=users["cash_officer"], plan=p)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == 3 == job.progress == job.total
    assert job.result["file_name"] == f"{p.reference}-lpb.xlsx"
    rows = list(load_workbook(job.result_file.open("rb")).active.iter_rows(values_only=True))
    assert len(rows) == 4
    event = AuditEvent.objects.get(action="assistance.cash_plan.export")
    assert event.changes["rows"] == [None, 3] and event.channel == "job"
