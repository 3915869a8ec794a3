"""Staff ask for the web dashboard ("dashboard", "डैशबोर्ड", or the staff menu item) and get a
one-time sign-in link; anyone else hears that it is for staff."""
from __future__ import annotations

from flask import has_request_context, request

from bot.conversation import Context
from bot.dashboard import links

from . import menu


def base_url(ctx: Context) -> str | None:
    """PUBLIC_BASE_URL, or else the address this message came in on (the simulator, `serve`)."""
    if ctx.settings.public_base_url:
        return ctx.settings.public_base_url
    return request.host_url.rstrip("/") if has_request_context() else None


def send_link(ctx: Context) -> None:
    if not links.is_staff(ctx.user):
        ctx.say("dashboard.chat.staff_only")
        return menu.show(ctx)
    base = base_url(ctx)
    if base is None:
        return ctx.say("dashboard.chat.no_address")
    token = links.issue(ctx.session, ctx.user, ctx.now)
    minutes = int(links.VALID_FOR.total_seconds() // 60)
    ctx.say("dashboard.chat.link", url=f"{base}/dashboard/signin/{token}", minutes=minutes)
