"""What selling and buying share: reading product, quantity and price into a draft, whether they
come in one message or one answer at a time, and questioning values outside sane ranges."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from bot import catalog, places
from bot.conversation import DEVANAGARI_DIGITS, Context
from bot.market import limits
from bot.messages import Option
from bot.parser import Parsed, parse
from models import Demand, Listing

_BARE_NUMBER = re.compile(r"^\s*(?:₹|rs\.?|रु\.?)?\s*(\d[\d,]*(?:\.\d+)?)\s*$", re.IGNORECASE)


def bare_number(text: str) -> Decimal | None:
    """ "700", "₹700", "७००", "1,200" -> Decimal; anything with words -> None."""
    match = _BARE_NUMBER.match(text.translate(DEVANAGARI_DIGITS))
    if not match:
        return None
    try:
        return Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None


def absorb(ctx: Context, parsed: Parsed) -> None:
    """Keep what the message said; a value outside sane ranges is questioned, not kept."""
    if parsed.product and not ctx.data.get("product"):
        ctx.remember(product=parsed.product, unit=catalog.product(parsed.product).unit)
    elif parsed.suggestions and not ctx.data.get("product"):
        ctx.remember(suggestions=parsed.suggestions[:4], unknown=parsed.unknown_word)
    if parsed.product and parsed.product != ctx.data.get("product"):
        return  # another product named mid-flow: don't mix its numbers in
    unit = ctx.data.get("unit")
    if parsed.quantity is not None and parsed.unit == unit:
        if limits.quantity_ok(parsed.quantity, unit):
            ctx.remember(quantity=str(parsed.quantity))
        else:
            ctx.remember(strange="quantity")
    if parsed.price is not None and parsed.unit in (unit, None):
        if limits.price_ok(parsed.price, unit):
            ctx.remember(price=str(parsed.price), price_set=True)
        else:
            ctx.remember(strange="price")
    if parsed.district and not ctx.data.get("district_code"):
        ctx.remember(district_code=places.district_by_name(parsed.district).code)


def question_strange(ctx: Context) -> str | None:
    """Say why the value just given was not kept, once; returns which value that was."""
    strange = ctx.data.get("strange")
    if strange:
        ctx.remember(strange=None)
        ctx.say(f"sell.strange_{strange}")
    return strange


def ask_product(ctx: Context, prefix: str, ask_key: str) -> None:
    """ "Did you mean शहद?" with the close catalog matches, or the plain question."""
    if ctx.data.get("suggestions"):
        ctx.say_text(ctx.t("sell.did_you_mean", word=ctx.data.get("unknown") or ""),
                     options=[Option(catalog.name(k, ctx.lang), f"{prefix}:product:{k}") for k in ctx.data["suggestions"]])
    else:
        ctx.say(ask_key)


def take_product(ctx: Context, prefix: str) -> None:
    key = ctx.choice.split(":")[2] if ctx.choice and ctx.choice.startswith(f"{prefix}:product:") else None
    ctx.remember(suggestions=None)
    if key and catalog.product(key):
        ctx.remember(product=key, unit=catalog.product(key).unit)
    else:
        absorb(ctx, parse(ctx.text))


def take_quantity(ctx: Context) -> bool:
    """True when the answer settled the quantity (or was questioned); False: ask again."""
    number = bare_number(ctx.text)
    if number is not None:  # "50": in the unit we asked for
        parsed = Parsed(product=ctx.data["product"], quantity=number, unit=ctx.data["unit"])
    else:
        parsed = parse(f"{catalog.product(ctx.data['product']).name_en} {ctx.text}")
    absorb(ctx, parsed)
    return bool(ctx.data.get("quantity") or ctx.data.get("strange"))


def take_price(ctx: Context, no_price_value: str) -> bool:
    """True when the answer settled the price (a number, or the no-price option) or was questioned."""
    if ctx.choice == no_price_value:
        ctx.remember(price=None, price_set=True)
        return True
    number = bare_number(ctx.text)
    if number is not None:  # "700": rupees per the unit we asked for
        parsed = Parsed(product=ctx.data["product"], price=number, unit=ctx.data["unit"])
    else:
        parsed = parse(f"{catalog.product(ctx.data['product']).name_en} {ctx.text}")
        parsed.quantity = None  # "700 rupaye kilo" names a price, not a new quantity
    absorb(ctx, parsed)
    return bool(ctx.data.get("price_set") or ctx.data.get("strange"))


def without(ctx: Context, fields: list[str]) -> None:
    """Forget some answers (to change them); the flow then asks for them again."""
    ctx.convo.data = {k: v for k, v in ctx.data.items() if k not in fields and k != "one_message"}


# --- reading a new value for a saved listing or demand ---------------------------------------
_QUANTITY_STEP, _PRICE_STEP = Decimal("0.001"), Decimal("0.01")


def _parsed(item: Listing | Demand, text: str) -> Parsed:
    """What the parser reads in "<product> <text>", e.g. "2 quintal" or "7000 rupaye quintal"."""
    product = catalog.product(item.product)
    return parse(f"{product.name_en if product else item.product} {text}")


def read_quantity(item: Listing | Demand, text: str) -> Decimal | None:
    """A plain number is in the item's unit; "2 quintal" is converted to it; other units -> None."""
    amount = bare_number(text)
    if amount is None:
        parsed = _parsed(item, text)
        amount = parsed.quantity if parsed.unit == item.unit else None
    return _rounded(amount, _QUANTITY_STEP)


def read_price(item: Listing | Demand, text: str) -> Decimal | None:
    """Rupees per the item's unit: "700", "₹700", "७००", or "7000 rupaye quintal" (-> 70 per kg)."""
    amount = bare_number(text)
    if amount is None:
        parsed = _parsed(item, text)
        same_unit = (parsed.price_unit or parsed.unit) in (item.unit, None)
        amount = parsed.price if same_unit else None
    return _rounded(amount, _PRICE_STEP)


def _rounded(amount: Decimal | None, step: Decimal) -> Decimal | None:
    """To the column's precision; an absurd number stays as it is for limits to refuse."""
    if amount is None:
        return None
    try:
        return amount.quantize(step)
    except InvalidOperation:
        return amount


# --- the mandi reference on a listing or demand card -------------------------------------------
def price_reference(ctx: Context, product: str, district_code: int | None, own_price: Decimal | None) -> str:
    """ "\\nमंडी भाव ₹11/किलो (Aarah, 2 दिन पहले); आपका ₹14" when a recent mandi report exists; the
    report is remembered in the draft (a 'mandi rate' listing stores the reference it meant)."""
    from bot.prices import answer, lookup
    from bot.prices.settings import price_settings

    ps = price_settings(ctx.settings)
    today = ctx.local(ctx.now).date()
    report = lookup.reference(ctx.session, product, district_code, ps.states, today, ps.recent_days)
    ctx.remember(price_ref=report.id if report else None)
    return answer.reference_note(ctx.lang, report, today, own_price) if report else ""
