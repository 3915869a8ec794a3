"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""
from .base import Base, utcnow
from .conversation import Conversation
from .dash_summary import DashCount, DashSummary
from .dashboard_link import DashboardLink
from .demand import Demand, DemandStatus
from .event import Event, EventInvite, EventKind, EventStatus
from .facility import Facility, FacilityKind, FacilityMention
from .follow import Follow
from .group_chat import GroupChat
from .inbox import InboxMessage, InboxStatus
from .listing import Listing, ListingStatus
from .match import DealReport, Lot, Match
from .media import Media
from .notice import Notice, NoticeStatus
from .ops import Incident, WorkerHeartbeat
from .outbox import OutboxKind, OutboxMessage, OutboxStatus
from .price import (
    AlertDirection, ListingPriceReference, PriceAlert, PriceFollower, PriceImport, PriceQuery, PriceReport,
    PriceSource, ReportStatus,
)
from .processed_update import ProcessedUpdate
from .user import Role, User
from .user_address import UserAddress  # issue 10: one person on two channels
from .relay import RelayMessage  # issue 10: messages relayed between the sides of a connection

__all__ = [
    "Base", "utcnow", "Conversation", "DashCount", "DashSummary", "DashboardLink", "DealReport", "Demand", "DemandStatus", "Follow", "GroupChat",
    "InboxMessage", "InboxStatus", "Incident", "Listing", "ListingStatus", "Lot", "Match", "Media", "Notice", "NoticeStatus", "OutboxKind",
    "OutboxMessage", "OutboxStatus", "ProcessedUpdate", "Role", "User", "WorkerHeartbeat",
    "AlertDirection", "ListingPriceReference", "PriceAlert", "PriceFollower", "PriceImport", "PriceQuery",
    "PriceReport", "PriceSource", "ReportStatus",
    "Event", "EventInvite", "EventKind", "EventStatus", "Facility", "FacilityKind", "FacilityMention",
    "UserAddress", "RelayMessage",
]
