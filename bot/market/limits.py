"""Sane ranges: a quantity or price outside them is questioned before it is stored."""
from __future__ import annotations

from decimal import Decimal

MAX_QUANTITY = {"kg": Decimal(1_000_000), "litre": Decimal(100_000), "piece": Decimal(1_000_000)}
PRICE_RANGE = {  # rupees per base unit
    "kg": (Decimal("0.5"), Decimal(20_000)),
    "litre": (Decimal(1), Decimal(5_000)),
    "piece": (Decimal("0.5"), Decimal(500_000)),
}


def quantity_ok(amount: Decimal | None, unit: str) -> bool:
    return amount is not None and Decimal(0) < amount <= MAX_QUANTITY.get(unit, Decimal(1_000_000))


def price_ok(amount: Decimal | None, unit: str) -> bool:
    if amount is None:
        return True  # mandi rate / negotiable
    low, high = PRICE_RANGE.get(unit, (Decimal("0.5"), Decimal(500_000)))
    return low <= amount <= high
