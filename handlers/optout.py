"""STOP / बंद stops every broadcast and alert; START / शुरू turns them back on.

Replies to the user's own messages still reach them: only pushes are held back."""
from __future__ import annotations

from bot.conversation import Context


def stop(ctx: Context) -> None:
    ctx.user.opted_out = True
    ctx.say("optout.stopped")


def start(ctx: Context) -> None:
    ctx.user.opted_out = False
    ctx.say("optout.started")
