"""Defects found walking the module as its users: a team leader confirms what arrives in the
team's own store (and only there), My work lists arrivals to confirm, and the recording screen
pre-ticks what the person is entitled to now (and leaves the rest unticked)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.assistance.models import StockBalance, Transfer
from sanad.assistance.services.stock import stock_receive, transfer_dispatch
from sanad.core.work import work_items_for as work_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_transit(users, stores, catalogue):
    def make(to_store):
        stock_receive(
            actor=users["logistics_officer"], store=stores.warehouse, item=catalogue.blanket, quantity=40
        )
        return transfer_dispatch(
            actor=users["logistics_officer"],
            from_store=stores.warehouse,
            to_store=to_store,
            lines=[(catalogue.blanket, 30)],
        )

    return make


def _arrival(transfer, received: int, reason: str = "") -> dict:
    line = transfer.lines.get()
    return {f"received_{line.pk}": str(received), f"reason_{line.pk}": reason}


def test_team_leader_confirms_arrival_at_the_team_store_with_a_loss(users, client_for, stores, in_transit):
    transfer = in_transit(stores.team)
    client = client_for(users["team_leader"])
    page = client.get(reverse("assistance:stock_overview"))
    assert transfer.pk in page.context["receivable"]
    assert b"Record arrival" in page.content
    url = reverse("assistance:transfer_receive", args=[transfer.uuid])
    # A loss without a reason is refused and nothing changes.
    client.post(url, _arrival(transfer, 28))
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DISPATCHED
    assert not StockBalance.objects.filter(store=stores.team).exists()
    response = client.post(url, _arrival(transfer, 28, "Two torn in the truck"))
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.RECEIVED and transfer.received_by == users["team_leader"]
    assert StockBalance.objects.get(store=stores.team).quantity == 28
    assert transfer.lines.get().quantity_lost == 2


def test_team_leader_cannot_confirm_arrivals_elsewhere(
    users, other_team_users, client_for, stores, in_transit
):
    to_warehouse = in_transit(stores.other_team)
    # Another team's store: not in the leader's scope at all -> 404, nothing received.
    url = reverse("assistance:transfer_receive", args=[to_warehouse.uuid])
    assert client_for(users["team_leader"]).post(url, _arrival(to_warehouse, 30)).status_code == 404
    # A caseworker of the receiving team may not confirm arrivals.
    assert client_for(other_team_users["caseworker"]).post(url, _arrival(to_warehouse, 30)).status_code == 403
    to_warehouse.refresh_from_db()
    assert to_warehouse.status == Transfer.Status.DISPATCHED
    # The receiving team's leader may.
    assert (
        client_for(other_team_users["team_leader"]).post(url, _arrival(to_warehouse, 30)).status_code == 302
    )
    to_warehouse.refresh_from_db()
    assert to_warehouse.status == Transfer.Status.RECEIVED


def test_sending_store_leader_sees_the_transfer_but_cannot_receive_it(users, client_for, stores, catalogue):
    stock_receive(actor=users["logistics_officer"], store=stores.team, item=catalogue.blanket, quantity=10)
    transfer = transfer_dispatch(
        actor=users["logistics_officer"],
        from_store=stores.team,
        to_store=stores.warehouse,
        lines=[(catalogue.blanket, 10)],
    )
    client = client_for(users["team_leader"])
    page = client.get(reverse("assistance:stock_overview"))
    assert transfer in page.context["transfers"] and transfer.pk not in page.context["receivable"]
    url = reverse("assistance:transfer_receive", args=[transfer.uuid])
    assert client.post(url, _arrival(transfer, 10)).status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DISPATCHED


def test_my_work_lists_arrivals_to_confirm(users, other_team_users, stores, in_transit):
    transfer = in_transit(stores.team)
    titles = [w.title for w in work_for(users["team_leader"])]
    assert any(transfer.reference in t for t in titles)
    assert not any(transfer.reference in w.title for w in work_for(other_team_users["team_leader"]))
    assert not any(transfer.reference in w.title for w in work_for(users["caseworker"]))


def test_recording_screen_pre_ticks_what_the_person_is_entitled_to(
    users, client_for, catalogue, rules, open_distribution, register
):
    import datetime

    distribution = open_distribution()
    woman = register(sex="F", date_of_birth=datetime.date(1996, 3, 1))
    man = register(given_name="Musa", sex="M", date_of_birth=datetime.date(1990, 1, 1))
    client = client_for(users["caseworker"])
    url = reverse("assistance:distribution_record", args=[distribution.uuid])

    def ticked(person):
        rows = client.get(url, {"person": str(person.uuid)}).context["rows"]
        return {row["entitlement"].item.code: row["checked"] for row in rows}

    assert ticked(woman) == {"blanket": False, "dignity_kit": True, "food_kit": True, "hygiene_kit": True}
    # Not eligible for the dignity kit: shown with its warning, not ticked.
    assert ticked(man)["dignity_kit"] is False and ticked(man)["hygiene_kit"] is True
    # Accept the pre-ticked set as is: one tap on Done.
    page = client.get(url, {"person": str(woman.uuid)})
    post = {"person": str(woman.uuid), "idempotency_key": page.context["form"]["idempotency_key"].value()}
    for row in page.context["rows"]:
        if row["checked"]:
            post.setdefault("item", [])
            post["item"].append(row["key"])
            post[f"qty_{row['key']}"] = str(row["quantity"])
    assert client.post(url, post).status_code == 302
    # Already received: nothing is pre-ticked any more.
    assert not any(ticked(woman).values())


def test_recording_screen_hides_rules_for_items_not_in_stock_here(
    users, client_for, stores, catalogue, rules, open_distribution, register
):
    distribution = open_distribution(stock=0)
    stock_receive(actor=users["logistics_officer"], store=stores.team, item=catalogue.hygiene, quantity=5)
    person = register(sex="F")
    page = client_for(users["caseworker"]).get(
        reverse("assistance:distribution_record", args=[distribution.uuid]), {"person": str(person.uuid)}
    )
    assert [row["entitlement"].item.code for row in page.context["rows"]] == ["hygiene_kit"]


def test_sign_sheet_lists_only_stocked_entitlements_and_leaves_lines_for_walk_ins(
    users, client_for, stores, catalogue, rules, open_distribution, register, monkeypatch
):
    from sanad.assistance.services.distributions import distribution_list_prepare
    from sanad.assistance.views import sheets
    from sanad.registry.models import Person

    captured = {}

    def fake_pdf(*, distribution, rows, blank=()):
        captured.update(
            rows=rows,
            blank=list(blank),
            html=sheets.sign_sheet_html(distribution=distribution, rows=rows, blank=blank),
        )
        return b"%PDF-1.7"

    monkeypatch.setattr(sheets, "sign_sheet_pdf", fake_pdf)
    distribution = open_distribution(stock=0)
    url = reverse("assistance:distribution_sheet", args=[distribution.uuid])
    # No prepared list: a page of blank numbered lines to write on.
    assert client_for(users["caseworker"]).get(url).status_code == 200
    assert captured["rows"] == [] and captured["blank"] == list(range(1, sheets.EMPTY_SHEET_LINES + 1))
    stock_receive(actor=users["logistics_officer"], store=stores.team, item=catalogue.hygiene, quantity=5)
    register(sex="F")
    distribution_list_prepare(
        actor=users["team_leader"], distribution=distribution, people=Person.objects.all()
    )
    assert client_for(users["caseworker"]).get(url).status_code == 200
    (row,) = captured["rows"]
    assert row["entitled"] == ["1 × Hygiene kit / حقيبة نظافة"]  # no food or dignity kit: none in stock
    assert captured["blank"] == list(range(2, 2 + sheets.WALK_IN_LINES))
    assert captured["html"].count('class="blank"') == sheets.WALK_IN_LINES


def test_dispatch_several_items_on_one_transfer_through_the_page(users, client_for, stores, catalogue):
    officer = users["logistics_officer"]
    for item in (catalogue.hygiene, catalogue.blanket):
        stock_receive(actor=officer, store=stores.warehouse, item=item, quantity=50)
    client = client_for(officer)
    url = reverse("assistance:transfer_dispatch", args=[stores.warehouse.uuid])
    base = {"transfer-to_store": stores.team.uuid}
    # The same item twice, and a quantity without an item: refused, nothing moves.
    bad = {
        **base,
        "transfer-item_0": catalogue.hygiene.uuid,
        "transfer-quantity_0": "10",
        "transfer-item_1": catalogue.hygiene.uuid,
        "transfer-quantity_1": "5",
        "transfer-quantity_2": "3",
    }
    response = client.post(url, bad)
    assert response.status_code == 400
    assert not Transfer.objects.exists()
    form = response.context["transfer_form"]
    assert form.errors["item_1"] and form.errors["item_2"]
    assert client.post(url, base).status_code == 400  # no line at all
    ok = {
        **base,
        "transfer-item_0": catalogue.hygiene.uuid,
        "transfer-quantity_0": "10",
        "transfer-item_3": catalogue.blanket.uuid,
        "transfer-quantity_3": "20",
    }
    assert client.post(url, ok).status_code == 302
    transfer = Transfer.objects.get()
    assert sorted((line.item.code, line.quantity_dispatched) for line in transfer.lines.all()) == [
        ("blanket", 20),
        ("hygiene_kit", 10),
    ]


def test_logistics_officer_edits_an_item_and_retires_it(users, client_for, stores, catalogue):
    from sanad.core.models import AuditEvent

    url = reverse("assistance:item_edit", args=[catalogue.blanket.uuid])
    assert client_for(users["caseworker"]).get(url).status_code == 403
    client = client_for(users["logistics_officer"])
    assert client.get(url).status_code == 200
    data = {
        "name_en": "Blanket (wool)",
        "name_ar": "بطانية صوف",
        "category": "nfi",
        "unit_of_measure": "piece",
    }
    assert client.post(url, {**data, "name_en": " "}).status_code == 400
    catalogue.blanket.refresh_from_db()
    assert catalogue.blanket.name_en == "Blanket"
    stock_receive(actor=users["logistics_officer"], store=stores.team, item=catalogue.blanket, quantity=3)
    refused = client.post(url, data)  # is_active unticked, but a store still holds 3
    assert refused.status_code == 400 and "3 on hand" in refused.content.decode()
    catalogue.blanket.refresh_from_db()
    assert catalogue.blanket.is_active and catalogue.blanket.name_en == "Blanket"
    from sanad.assistance.services.stock import adjustment_decide, adjustment_request

    adjustment = adjustment_request(
        actor=users["logistics_officer"],
        store=stores.team,
        item=catalogue.blanket,
        quantity=-3,
        reason="damage",
    )
    adjustment_decide(actor=users["team_leader"], adjustment=adjustment, approve=True)
    assert client.post(url, data).status_code == 302  # is_active unticked: retired
    catalogue.blanket.refresh_from_db()
    assert catalogue.blanket.name_ar == "بطانية صوف" and not catalogue.blanket.is_active
    event = AuditEvent.objects.filter(action="assistance.item.update").get()
    assert event.changes["is_active"] == [True, False]
    page = client.get(reverse("assistance:item_list"))
    assert "Blanket (wool)" in page.content.decode() and "retired" in page.content.decode()
    assert (
        catalogue.blanket
        not in client_for(users["caseworker"]).get(reverse("assistance:item_list")).context["items"]
    )


def test_logistics_officer_edits_a_store_and_sets_low_stock_minimums(
    users, org, client_for, stores, catalogue
):
    from sanad.assistance.models import StockThreshold
    from sanad.assistance.services.alerts import stock_alerts_refresh

    url = reverse("assistance:store_edit", args=[stores.team.uuid])
    assert client_for(users["team_leader"]).get(url).status_code == 403
    client = client_for(users["logistics_officer"])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name_en": "Team A Land Cruiser",
        "team": org.team.uuid,
        "is_active": "on",
        f"minimum_{catalogue.hygiene.uuid}": "20",
        f"minimum_{catalogue.blanket.uuid}": "-1",
    }
    assert client.post(url, data).status_code == 400  # a negative minimum: nothing saved
    assert not StockThreshold.objects.exists()
    data[f"minimum_{catalogue.blanket.uuid}"] = ""
    assert client.post(url, data).status_code == 302
    stores.team.refresh_from_db()
    assert stores.team.name_en == "Team A Land Cruiser"
    assert StockThreshold.objects.get(store=stores.team).minimum == 20
    stock_receive(actor=users["logistics_officer"], store=stores.team, item=catalogue.hygiene, quantity=5)
    stock_alerts_refresh()
    # The item (data) is isolated in the sentence (FSI…PDI).
    assert any("Low stock: \u2068Hygiene kit\u2069" in w.title for w in work_for(users["team_leader"]))
    # A store holding stock cannot be closed.
    del data["is_active"]
    response = client.post(url, data)
    assert response.status_code == 400
    stores.team.refresh_from_db()
    assert stores.team.is_active


def test_another_agency_cannot_edit_stores_or_items_out_of_scope(other_agency_users, client_for, stores):
    url = reverse("assistance:store_edit", args=[stores.team.uuid])
    assert client_for(other_agency_users["logistics_officer"]).get(url).status_code == 404


def test_cash_officer_changes_a_providers_export_template_and_retires_it(
    users, org, other_agency_users, client_for
):
    from sanad.assistance.services.cash import fsp_create
    from sanad.core.models import AuditEvent

    fsp = fsp_create(
        actor=users["cash_officer"],
        code="lpb",
        name="Libya Post Bank",
        agency=org.agency,
        export_format="csv",
        columns=["payment_id", "amount"],
    )
    url = reverse("assistance:fsp_edit", args=[fsp.uuid])
    assert client_for(users["caseworker"]).get(url).status_code == 403
    assert client_for(other_agency_users["cash_officer"]).get(url).status_code == 404
    client = client_for(users["cash_officer"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "LPB", "export_format": "xlsx", "columns": []}).status_code == 400
    fsp.refresh_from_db()
    assert fsp.export_format == "csv"
    data = {"name": "LPB", "export_format": "xlsx", "columns": ["payment_id", "person_reference", "amount"]}
    assert client.post(url, data).status_code == 302
    fsp.refresh_from_db()
    assert (fsp.export_format, fsp.columns, fsp.is_active) == ("xlsx", data["columns"], False)
    assert AuditEvent.objects.filter(action="assistance.fsp.update").count() == 1
    # No longer offered for new plans, still listed (with its state) for the cash officer.
    page = client.get(reverse("assistance:cash_plan_list"))
    assert fsp in page.context["fsps"] and "not in use" in page.content.decode()
    assert (
        fsp not in client.get(reverse("assistance:cash_plan_create")).context["form"].fields["fsp"].queryset
    )


def test_cash_officer_takes_a_person_off_a_draft_payment_list(
    users, org, other_agency_users, client_for, register, cash_plan
):
    from sanad.assistance.models import Payment
    from sanad.assistance.services.cash import (
        cash_plan_build_list,
        cash_plan_submit,
    )
    from sanad.registry.models import Person

    plan = cash_plan(columns=["amount"], fixed_amount="100", cycle="2026-11", target="person")
    register()
    register(given_name="Musa")
    cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
    first, second = Payment.objects.order_by("pk")
    url = reverse("assistance:cash_plan_payment_remove", args=[plan.uuid, first.uuid])
    assert client_for(users["caseworker"]).post(url).status_code == 403
    assert client_for(other_agency_users["cash_officer"]).post(url).status_code == 404
    client = client_for(users["cash_officer"])
    assert b"payment-remove" in client.get(reverse("assistance:cash_plan_detail", args=[plan.uuid])).content
    assert client.post(url).status_code == 302
    assert list(Payment.objects.all()) == [second]
    # Once sent for approval, the list no longer changes.
    cash_plan_submit(actor=users["cash_officer"], plan=plan)
    url = reverse("assistance:cash_plan_payment_remove", args=[plan.uuid, second.uuid])
    client.post(url)
    assert list(Payment.objects.all()) == [second]


def test_provider_returns_our_arabic_export_with_results_added(users, org, make_user, register):
    """The cash officer downloads the list with the interface in Arabic; the provider adds its
    result columns to that same workbook and sends it back: the import reads it."""
    import io

    from django.utils import translation
    from openpyxl import Workbook, load_workbook

    from sanad.assistance.models import CashPlan, Payment
    from sanad.assistance.services.cash import (
        cash_plan_approve,
        cash_plan_build_list,
        cash_plan_create,
        cash_plan_submit,
        fsp_create,
    )
    from sanad.assistance.services.cash_files import cash_plan_export, cash_plan_reconcile
    from sanad.registry.models import Person

    fsp = fsp_create(
        actor=users["cash_officer"],
        code="lpb",
        name="LPB",
        agency=org.agency,
        export_format="xlsx",
        columns=["payment_id", "person_reference", "phone", "household_size", "amount"],
    )
    plan = cash_plan_create(
        actor=users["cash_officer"],
        title="P",
        cycle="2026-11",
        fsp=fsp,
        unit=org.unit,
        target="person",
        amount_basis="fixed",
        fixed_amount="275.125",
    )
    register(given_name="Aziz")
    register(given_name="Bilal")
    cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
    cash_plan_submit(actor=users["cash_officer"], plan=plan)
    cash_plan_approve(actor=users["team_leader"], plan=plan)
    cash_plan_approve(actor=make_user("cash_officer", username="finance"), plan=plan)
    with translation.override("ar"):
        _name, content = cash_plan_export(actor=users["cash_officer"], plan=plan)
    exported = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    header = list(exported[0])
    assert "Payment ID" not in header  # the header is in Arabic
    assert isinstance(exported[1][3], int) and round(exported[1][4], 3) == 275.125

    workbook = Workbook()
    sheet = workbook.active
    with translation.override("ar"):
        from django.utils.translation import gettext

        sheet.append([*header, gettext("Status"), gettext("Reason"), "FSP reference"])
    first, second = exported[1:]
    sheet.append([*first, "Paid", "", "TX-1"])
    sheet.append([*second, "Not collected", "Did not come to the branch", ""])
    out = io.BytesIO()
    workbook.save(out)
    report = cash_plan_reconcile(
        actor=users["cash_officer"], plan=plan, filename="lpb-results.xlsx", content=out.getvalue()
    )
    assert report.ok, report.errors
    assert sorted(Payment.objects.values_list("status", flat=True)) == ["not_collected", "paid"]
    assert Payment.objects.get(status="paid").fsp_reference == "TX-1"
    plan.refresh_from_db()
    assert plan.status == CashPlan.Status.RECONCILED


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_amounts_are_shown_with_a_decimal_point_in_every_language(
    users, org, client_for, register, language, cash_plan
):
    """In Arabic and French the localised decimal separator is a comma: 550,000 would read as
    five hundred and fifty thousand dinars. LYD amounts are always shown as 550.000."""
    from sanad.assistance.services.cash import cash_plan_build_list
    from sanad.registry.models import Person

    plan = cash_plan(columns=["amount"], fixed_amount="275.125", cycle="2026-11", target="person")
    register()
    register(given_name="Musa")
    cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
    client = client_for(users["cash_officer"])
    client.cookies["django_language"] = language
    detail = client.get(reverse("assistance:cash_plan_detail", args=[plan.uuid])).content.decode()
    assert "275.125" in detail and "550.250" in detail
    assert "275,125" not in detail and "550,250" not in detail
    listing = client.get(reverse("assistance:cash_plan_list")).content.decode()
    assert "550.250" in listing and "550,250" not in listing


def test_store_page_shows_arrivals_and_the_team_leader_confirms_there(users, client_for, stores, in_transit):
    transfer = in_transit(stores.team)
    client = client_for(users["team_leader"])
    page = client.get(reverse("assistance:store_detail", args=[stores.team.uuid]))
    assert list(page.context["incoming"]) == [transfer] and transfer.pk in page.context["receivable"]
    assert b"Record arrival" in page.content
    warehouse = client_for(users["logistics_officer"]).get(
        reverse("assistance:store_detail", args=[stores.warehouse.uuid])
    )
    assert list(warehouse.context["incoming"]) == []
    response = client.post(
        reverse("assistance:transfer_receive", args=[transfer.uuid]),
        {**_arrival(transfer, 30), "back": "store"},
    )
    assert response.status_code == 302 and response.url == reverse(
        "assistance:store_detail", args=[stores.team.uuid]
    )
    assert StockBalance.objects.get(store=stores.team).quantity == 30


def test_entitlement_dates_are_written_for_people_in_their_language(
    users, catalogue, rules, open_distribution, register
):
    """An ISO date inside Arabic text is reordered by the bidi algorithm (2026-11-20 shows as
    20-11-2026): dates in the warnings are written with the month's name."""
    import datetime

    from django.utils import translation

    from sanad.assistance.services.distributions import distribution_record
    from sanad.assistance.services.entitlements import entitlements_for

    distribution = open_distribution()  # dated 2026-11-20
    person = register(sex="M")
    distribution_record(
        actor=users["caseworker"], distribution=distribution, person=person, items={catalogue.hygiene: 1}
    )
    day = datetime.date(2026, 11, 25)
    with translation.override("en"):
        (hygiene,) = [
            e for e in entitlements_for(person=person, unit=None, day=day) if e.item == catalogue.hygiene
        ]
        assert "20 Nov 2026" in hygiene.problem and "20 Dec 2026" in hygiene.problem
    with translation.override("ar"):
        (hygiene,) = [
            e for e in entitlements_for(person=person, unit=None, day=day) if e.item == catalogue.hygiene
        ]
        assert "2026-11-20" not in hygiene.problem and "نوفمبر" in hygiene.problem


def test_household_rule_counts_what_another_member_received_at_an_individual_distribution(
    users, catalogue, rules, open_distribution, household
):
    """Double-dipping: at an individual distribution, a household's food kit (per household a
    month) received by one member is counted when another member comes."""
    from django.core.exceptions import ValidationError

    from sanad.assistance.models import DistributionReceipt
    from sanad.assistance.services.distributions import distribution_record

    distribution = open_distribution()
    family = household(3)
    first, second = list(family.members.order_by("pk"))[:2]
    distribution_record(
        actor=users["caseworker"], distribution=distribution, person=first, items={catalogue.food: 1}
    )
    with pytest.raises(ValidationError) as refused:
        distribution_record(
            actor=users["caseworker"], distribution=distribution, person=second, items={catalogue.food: 1}
        )
    assert "override_reason" in refused.value.message_dict
    assert DistributionReceipt.objects.count() == 1


def test_cash_plan_page_shows_what_was_paid_and_offers_the_pdm_sample_only_then(
    users, org, make_user, client_for, register, cash_plan
):
    from sanad.assistance.services.cash import (
        cash_plan_approve,
        cash_plan_build_list,
        cash_plan_submit,
    )
    from sanad.assistance.services.cash_files import cash_plan_export, cash_plan_reconcile
    from sanad.registry.models import Person

    plan = cash_plan(columns=["payment_id"], fixed_amount="100.500", cycle="2026-11", target="person")
    register()
    register(given_name="Musa")
    cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
    cash_plan_submit(actor=users["cash_officer"], plan=plan)
    cash_plan_approve(actor=users["team_leader"], plan=plan)
    cash_plan_approve(actor=make_user("cash_officer", username="finance"), plan=plan)
    cash_plan_export(actor=users["cash_officer"], plan=plan)
    client = client_for(users["cash_officer"])
    url = reverse("assistance:cash_plan_detail", args=[plan.uuid])
    page = client.get(url).content.decode()
    assert "Draw a PDM sample" not in page and "once the provider" in page
    first, second = plan.payments.order_by("pk")
    content = f"payment_id,status,reason\n{first.uuid},paid,\n{second.uuid},failed,Wrong account\n".encode()
    assert cash_plan_reconcile(actor=users["cash_officer"], plan=plan, filename="r.csv", content=content).ok
    page = client.get(url).content.decode()
    assert "Draw a PDM sample" in page
    assert 'data-testid="plan-paid">100.500' in page
