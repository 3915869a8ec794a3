"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""
from .base import Base, utcnow
from .conversation import Conversation
from .group_chat import GroupChat
from .outbox import OutboxKind, OutboxMessage, OutboxStatus
from .processed_update import ProcessedUpdate
from .user import Role, User

__all__ = [
    "Base", "utcnow", "Conversation", "GroupChat", "OutboxKind", "OutboxMessage", "OutboxStatus",
    "ProcessedUpdate", "Role", "User",
]
