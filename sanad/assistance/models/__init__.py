"""Assistance: the item catalogue, stores and the stock ledger, distributions, cash, PDM."""

from sanad.assistance.models.cash import CashAmountBand, CashPlan, FinancialServiceProvider, Payment
from sanad.assistance.models.distributions import (
    Distribution,
    DistributionListEntry,
    DistributionReceipt,
    DistributionReceiptLine,
    EntitlementBand,
    EntitlementRule,
)
from sanad.assistance.models.pdm import PdmResponse, PdmSample, PdmSampleMember
from sanad.assistance.models.stock import (
    Item,
    KitComponent,
    StockAdjustment,
    StockAlert,
    StockBalance,
    StockMovement,
    StockThreshold,
    Store,
    Transfer,
    TransferLine,
)

__all__ = [
    "CashAmountBand",
    "CashPlan",
    "Distribution",
    "DistributionListEntry",
    "DistributionReceipt",
    "DistributionReceiptLine",
    "EntitlementBand",
    "EntitlementRule",
    "FinancialServiceProvider",
    "Item",
    "KitComponent",
    "Payment",
    "PdmResponse",
    "PdmSample",
    "PdmSampleMember",
    "StockAdjustment",
    "StockAlert",
    "StockBalance",
    "StockMovement",
    "StockThreshold",
    "Store",
    "Transfer",
    "TransferLine",
]
