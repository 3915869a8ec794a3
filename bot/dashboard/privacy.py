"""Phone numbers on the dashboard.

Consent today: a didi or buyer consents only to share her number with a matched counterpart, one
connection at a time (handlers/connect.py); nobody has yet been asked to share it with staff. So
every number of a didi or buyer is masked on every page and in every export. When a "share my
number with JEEViKA staff" answer exists, `shown_phone` is the one place to honour it."""
from __future__ import annotations


def mask(phone: str | None) -> str:
    """ "+919812345678" -> "••••••5678": enough to tell two numbers apart, not to call."""
    if not phone:
        return ""
    digits = "".join(c for c in phone if c.isdigit())
    local = digits[2:] if digits.startswith("91") and len(digits) == 12 else digits
    return "•" * max(len(local) - 4, 0) + local[-4:]


def shown_phone(phone: str | None) -> str:
    """The number as staff may see it: masked, since no one has consented to more (see above)."""
    return mask(phone)
