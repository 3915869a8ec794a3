"""Where each user is in a conversation, kept in the database so it survives restarts and workers."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Conversation(Base):
    __tablename__ = "conversations"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Values of the options last shown, so "2" or a tapped button maps back to a choice.
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Their labels, so a label typed as words ("रुचि है") answers like the tap.
    option_labels: Mapped[list[str] | None] = mapped_column(JSON)
    # The last question asked, to repeat after "help" or a break without losing the place.
    last_prompt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
