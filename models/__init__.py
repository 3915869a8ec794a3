"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""
from .base import Base, utcnow
from .conversation import Conversation
from .demand import Demand, DemandStatus
from .group_chat import GroupChat
from .inbox import InboxMessage, InboxStatus
from .listing import Listing, ListingStatus
from .match import DealReport, Lot, Match
from .media import Media
from .outbox import OutboxKind, OutboxMessage, OutboxStatus
from .processed_update import ProcessedUpdate
from .user import Role, User

__all__ = [
    "Base", "utcnow", "Conversation", "DealReport", "Demand", "DemandStatus", "GroupChat", "InboxMessage", "InboxStatus", "Listing",
    "ListingStatus", "Lot", "Match", "Media", "OutboxKind", "OutboxMessage", "OutboxStatus",
    "ProcessedUpdate", "Role", "User",
]
