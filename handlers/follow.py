"""Following a product: "makhana Purnia follow karo" starts one, "meri follow list" shows them,
and each can be switched between at once and daily, or removed."""
from __future__ import annotations

from bot.conversation import Context
from bot.market import follows
from bot.market import format as fmt
from bot.messages import Option
from models import Follow

_ID_MAX = 2**31 - 1


def from_text(ctx: Context) -> None:
    product, district = follows.subject(ctx.text)
    if product is None:
        return ctx.say("follow.which_product")
    known = {(f.product, f.district_code) for f in follows.follows_of(ctx.session, ctx.user.id)}
    if (product, district) not in known and len(known) >= follows.MAX_FOLLOWS:
        return ctx.say("follow.too_many", count=follows.MAX_FOLLOWS, options=[("follow.list", "follow:list")])
    row, new = follows.follow(ctx.session, ctx.user, product, district, ctx.now)
    ctx.say("follow.done" if new else "follow.already", product=fmt.product(ctx.lang, product),
            area=follows.area_name(ctx.lang, district), options=_mode_options(row))


def _mode_options(row: Follow) -> list[tuple[str, str]]:
    switch = ("follow.make_instant", f"follow:instant:{row.id}") if row.daily else \
        ("follow.make_daily", f"follow:daily:{row.id}")
    return [switch, ("follow.list", "follow:list")]


def show_list(ctx: Context) -> None:
    rows = follows.follows_of(ctx.session, ctx.user.id)
    if not rows:
        return ctx.say("follow.none")
    lines = [ctx.t("follow.list_line", n=n, product=fmt.product(ctx.lang, f.product),
                   area=follows.area_name(ctx.lang, f.district_code),
                   mode=ctx.t("follow.daily" if f.daily else "follow.instant"))
             for n, f in enumerate(rows, start=1)]
    options = [Option(ctx.t("follow.remove_option", product=fmt.product(ctx.lang, f.product),
                            area=follows.area_name(ctx.lang, f.district_code)), f"follow:remove:{f.id}")
               for f in rows]
    ctx.say_text("\n".join([ctx.t("follow.list_title", count=len(rows)), *lines]), options=options)


def on_button(ctx: Context, value: str) -> None:
    """Every "follow:<action>[:<id>]" value: a tap, a typed option number, or a forged value."""
    parts = value.split(":")
    action = parts[1] if len(parts) > 1 else ""
    if action == "list" and len(parts) == 2:
        return show_list(ctx)
    raw = parts[2] if len(parts) == 3 else ""
    row = None
    if raw.isascii() and raw.isdigit() and int(raw) <= _ID_MAX:
        row = ctx.session.get(Follow, int(raw))
    if row is None or row.user_id != ctx.user.id or action not in ("daily", "instant", "remove"):
        ctx.say("follow.not_found")
        return show_list(ctx)
    names = dict(product=fmt.product(ctx.lang, row.product), area=follows.area_name(ctx.lang, row.district_code))
    if action == "remove":
        ctx.session.delete(row)
        ctx.session.flush()
        return ctx.say("follow.removed", **names)
    row.daily = action == "daily"
    ctx.say("follow.now_daily" if row.daily else "follow.now_instant", **names, options=_mode_options(row))
