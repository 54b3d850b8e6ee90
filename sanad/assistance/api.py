"""The assistance API: items, stores, stock movements, distributions (and recording a receipt),
cash plans and payments. Reads go through the same selectors as the pages (same scope: out of
scope is 404), writes through the same services; POSTs honour ``Idempotency-Key``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from sanad.assistance.filters import (
    CashPlanFilterSet,
    DistributionFilterSet,
    MovementFilterSet,
    PaymentFilterSet,
)
from sanad.assistance.selectors import (
    cash_plan_get,
    cash_plan_list,
    distribution_get,
    distribution_list,
    item_get,
    item_list,
    movement_list,
    payment_list,
    store_balances,
    store_get,
    store_list,
)
from sanad.assistance.services.distributions import distribution_record
from sanad.assistance.services.stock import stock_receive
from sanad.core.api_base import (
    ERROR_RESPONSE,
    IDEMPOTENCY_HEADER,
    ActionApiView,
    paginated,
)
from sanad.core.lists import ScopedListApiMixin
from sanad.registry.selectors import household_get, person_get


class RefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()


# ---------------------------------------------------------------------------------------------
# Items and stores
# ---------------------------------------------------------------------------------------------
class ComponentSerializer(serializers.Serializer):
    item = serializers.CharField(source="component.code")
    quantity = serializers.IntegerField()


class ItemSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    category = serializers.CharField()
    unit_of_measure = serializers.CharField()
    is_kit = serializers.BooleanField()
    components = ComponentSerializer(many=True)


class ItemListApi(ActionApiView):
    required_actions = {"GET": "items.view"}

    @extend_schema(responses={200: ItemSerializer(many=True)})
    def get(self, request):
        return paginated(self, item_list(actor=request.user), ItemSerializer)


class ItemDetailApi(ActionApiView):
    required_actions = {"GET": "items.view"}

    @extend_schema(responses={200: ItemSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(ItemSerializer(item_get(actor=request.user, uuid=uuid)).data)


class BalanceSerializer(serializers.Serializer):
    item = serializers.CharField(source="item.code")
    batch = serializers.CharField()
    expiry_date = serializers.DateField(allow_null=True)
    quantity = serializers.IntegerField()


class StoreSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    team = serializers.CharField(source="team.code", allow_null=True, default=None)


class StoreDetailSerializer(StoreSerializer):
    balances = serializers.SerializerMethodField()

    def get_balances(self, store) -> list[dict]:
        return BalanceSerializer(store_balances(store=store), many=True).data


class StoreListApi(ActionApiView):
    required_actions = {"GET": "stock.view"}

    @extend_schema(responses={200: StoreSerializer(many=True)})
    def get(self, request):
        return paginated(self, store_list(actor=request.user), StoreSerializer)


class StoreDetailApi(ActionApiView):
    required_actions = {"GET": "stock.view"}

    @extend_schema(responses={200: StoreDetailSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(StoreDetailSerializer(store_get(actor=request.user, uuid=uuid)).data)


class MovementSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    kind = serializers.CharField()
    store = serializers.UUIDField(source="store.uuid")
    item = serializers.CharField(source="item.code")
    batch = serializers.CharField()
    expiry_date = serializers.DateField(allow_null=True)
    quantity = serializers.IntegerField()
    donor = serializers.CharField()
    project = serializers.CharField()
    supplier = serializers.CharField()
    distribution = serializers.CharField(source="distribution.reference", allow_null=True, default=None)
    transfer = serializers.CharField(source="transfer.reference", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class ReceiptInputSerializer(serializers.Serializer):
    store = serializers.UUIDField()
    item = serializers.SlugField(help_text="Item code")
    quantity = serializers.IntegerField(min_value=1)
    batch = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None)
    donor = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    project = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    supplier = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class StockMovementListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "stock.view", "POST": "stock.manage"}
    filterset_class = MovementFilterSet
    serializer_class = MovementSerializer

    def get_items(self, data):
        return movement_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: MovementSerializer(many=True), 400: ERROR_RESPONSE, 404: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Record a receipt into a store",
        request=ReceiptInputSerializer,
        responses={201: MovementSerializer, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    def post(self, request):
        body = ReceiptInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        store = store_get(actor=request.user, uuid=data.pop("store"), action="stock.manage")
        items = {i.code: i for i in item_list(actor=request.user)}
        item = items.get(data.pop("item"))
        if item is None:
            raise serializers.ValidationError({"item": ["Unknown item code."]})
        movement = stock_receive(actor=request.user, store=store, item=item, **data)
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Distributions
# ---------------------------------------------------------------------------------------------
class DistributionSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField()
    modality = serializers.CharField()
    status = serializers.CharField()
    store = serializers.UUIDField(source="store.uuid")
    team = serializers.CharField(source="team.code")
    site = serializers.UUIDField(source="site.uuid", allow_null=True, default=None)
    head_count = serializers.IntegerField(allow_null=True)
    reconciliation = serializers.JSONField()


class ReceiptLineSerializer(serializers.Serializer):
    item = serializers.CharField(source="item.code")
    quantity = serializers.IntegerField()
    overridden = serializers.BooleanField()


class ReceiptSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    person = serializers.CharField(source="person.reference", allow_null=True, default=None)
    household = serializers.CharField(source="household.reference", allow_null=True, default=None)
    head_count = serializers.IntegerField(allow_null=True)
    override_reason = serializers.CharField()
    lines = ReceiptLineSerializer(many=True)
    created_at = serializers.DateTimeField()


class RecordInputSerializer(serializers.Serializer):
    person = serializers.UUIDField(required=False, allow_null=True, default=None)
    household = serializers.UUIDField(required=False, allow_null=True, default=None)
    items = serializers.DictField(
        child=serializers.IntegerField(min_value=1), help_text="item code -> quantity"
    )
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class DistributionListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "distributions.view"}
    filterset_class = DistributionFilterSet
    serializer_class = DistributionSerializer

    def get_items(self, data):
        return distribution_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: DistributionSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)


class DistributionDetailApi(ActionApiView):
    required_actions = {"GET": "distributions.view"}

    @extend_schema(responses={200: DistributionSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(DistributionSerializer(distribution_get(actor=request.user, uuid=uuid)).data)


class DistributionReceiptApi(ActionApiView):
    required_actions = {"POST": "distributions.record"}

    @extend_schema(
        summary="Record what a person or household received",
        parameters=[IDEMPOTENCY_HEADER],
        request=RecordInputSerializer,
        responses={201: ReceiptSerializer, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE},
    )
    def post(self, request, uuid):
        distribution = distribution_get(actor=request.user, uuid=uuid, action="distributions.record")
        body = RecordInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        person = person_get(actor=request.user, uuid=data["person"]) if data["person"] else None
        household = household_get(actor=request.user, uuid=data["household"]) if data["household"] else None
        if person is None and household is None:
            raise serializers.ValidationError({"person": ["Give a person or a household."]})
        catalogue = {i.code: i for i in item_list(actor=request.user)}
        unknown = [code for code in data["items"] if code not in catalogue]
        if unknown:
            raise serializers.ValidationError({"items": [f"Unknown item code: {code}" for code in unknown]})
        receipt = distribution_record(
            actor=request.user,
            distribution=distribution,
            person=person,
            household=household,
            items={catalogue[c]: q for c, q in data["items"].items()},
            override_reason=data["override_reason"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return Response(ReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Cash
# ---------------------------------------------------------------------------------------------
class CashPlanSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    title = serializers.CharField()
    cycle = serializers.CharField()
    status = serializers.CharField()
    fsp = serializers.CharField(source="fsp.code")
    target = serializers.CharField()
    amount_basis = serializers.CharField()
    fixed_amount = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    currency = serializers.CharField()
    follow_up_of = serializers.CharField(source="follow_up_of.reference", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class PaymentSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    plan = serializers.CharField(source="plan.reference")
    person = serializers.CharField(source="person.reference")
    household = serializers.CharField(source="household.reference", allow_null=True, default=None)
    household_size = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=3, coerce_to_string=True)
    status = serializers.CharField()
    reason = serializers.CharField()
    fsp_reference = serializers.CharField()
    paid_at = serializers.DateTimeField(allow_null=True)


class CashPlanListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "cash.view"}
    filterset_class = CashPlanFilterSet
    serializer_class = CashPlanSerializer

    def get_items(self, data):
        return cash_plan_list(actor=self.request.user, data=data, with_follow_up_of=True)

    @extend_schema(responses={200: CashPlanSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)


class CashPlanDetailApi(ActionApiView):
    required_actions = {"GET": "cash.view"}

    @extend_schema(responses={200: CashPlanSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(CashPlanSerializer(cash_plan_get(actor=request.user, uuid=uuid)).data)


class PaymentListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "cash.view"}
    filterset_class = PaymentFilterSet
    serializer_class = PaymentSerializer

    def get_items(self, data):
        return payment_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: PaymentSerializer(many=True), 400: ERROR_RESPONSE, 404: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)
