"""What the message wants: sell, buy, ask a price, or something else.

Order of rules:
  1. a command or status word (cancel, menu, help, stop, bik gaya, khatam) or a negation
     (nahi, not, mat; but not the "se zyada nahi" of a price ceiling) -> other;
  2. "kharidar/grahak chahiye" (I need a buyer) -> sell; "supplier chahiye" -> buy;
  3. a rate word right before a buy word ("rate chahiye", "bhav batao") -> price;
  4. a buy word (chahiye, need, kharidna, lena; "dedo", "bhej dijiye", a final "do"; "kahan/kab
     milega") -> buy, unless a sell verb is there too and no
     purchase verb ("want to sell", "bechna chahti hu") -> sell; a sell word (bechna, sell,
     available, "mere/hamare paas", "I have") -> sell; "aapke paas ... hai?"/"do you have" -> buy;
  5. a rate word (bhav, rate, daam, kitne) and no price number -> price;
  6. a product (or an unknown product word with a quantity) and nothing else -> sell
     (a bare "product quantity" message is a sale); otherwise -> other.
"""
from __future__ import annotations

from bot.parser import words as W

SELL, BUY, PRICE, OTHER = "sell", "buy", "price", "other"
_TELL = frozenset({"bata", "bta", "btaa", "बता"})  # "rate bata do" = tell me the rate
_HOW_MUCH = frozenset({"kitna", "kitne", "kitni", "कितना", "कितने", "कितनी"})


def is_cancelled(tokens: list[str], used: set[int]) -> bool:
    """Command/status word, or a negation not consumed by a price phrase."""
    for i, t in enumerate(tokens):
        if t in W.COMMAND:
            return True
        if t in W.NEGATION and i not in used:
            if t == "no" and i > 0 and tokens[i - 1][0].isdigit():
                continue  # "50 no" = 50 pieces
            return True
    return False


def _marker(tokens: list[str], used: set[int]) -> str | None:
    """Buy or sell from the words alone (rules 2-4), or None."""
    buy_at = [i for i, t in enumerate(tokens) if t in W.BUY]
    for i in buy_at:
        prev = tokens[i - 1] if i > 0 else ""
        if prev in W.BUYER_NOUN:
            return SELL
        if prev in W.SELLER_NOUN:
            return BUY
        if prev in W.PRICE_ASK and prev not in _HOW_MUCH:
            return PRICE
    if not buy_at:
        buy_at = [i for i, t in enumerate(tokens) if t in W.GIVE_ME and i > 0]
    if (not buy_at and tokens[-1] in W.GIVE_LAST and len(tokens) > 1 and (len(tokens) - 1) not in used
            and tokens[-2] not in _TELL):
        buy_at = [len(tokens) - 1]
    if not buy_at and any(t in W.GET for t in tokens) and any(t in W.WHERE or t in W.WHEN for t in tokens):
        buy_at = [0]
    if buy_at:
        sells = any(t in W.SELL_VERB for t in tokens)
        if sells and not any(t in W.PURCHASE for t in tokens):
            return SELL  # "want to sell", "bechna chahti hu"
        return BUY
    for i, t in enumerate(tokens):
        if t in W.SELL:
            return SELL
        if t in W.PAAS and i > 0:
            prev = tokens[i - 1]
            if prev in W.YOUR or (i > 1 and tokens[i - 2] in ("aap", "आप")):
                return BUY
            if prev in W.OWN:
                return SELL
        if t in W.HAVE and i > 0:
            if tokens[i - 1] == "you":
                return BUY  # "do you have makhana?"
            if tokens[i - 1] in ("i", "we"):
                return SELL
    return None


def detect_intent(tokens: list[str], used: set[int], has_product: bool, has_unknown: bool,
                  has_quantity: bool, has_price: bool) -> str:
    """Intent of a tokenised message (rules in the module doc)."""
    if not tokens or is_cancelled(tokens, used):
        return OTHER
    marker = _marker(tokens, used)
    if marker == PRICE:
        return PRICE if (has_product or has_unknown or not has_quantity) else BUY
    asks_rate = any(t in W.PRICE_ASK for i, t in enumerate(tokens) if i not in used)
    if marker is not None:
        if has_product or has_unknown or has_quantity:
            return marker
        return OTHER
    if asks_rate and not has_price:
        return PRICE
    if has_product or (has_unknown and (has_quantity or has_price)):
        return SELL
    return OTHER
