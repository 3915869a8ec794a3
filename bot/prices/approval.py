"""A staff member's decision on a didi's haat report, from the chat's button or the dashboard's:
the report becomes approved or rejected, its reporter is told, and an approval is checked
against the price alerts at once."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import outbox
from bot.i18n import t
from bot.messages import Outgoing
from models import PriceReport, ReportStatus, User

from . import alerts, answer
from .settings import price_settings


def decide(session: Session, settings, staff: User, report: PriceReport, approve: bool, now: datetime) -> None:
    """The caller has checked that `staff` may decide `report` and that it is still pending."""
    report.status = ReportStatus.APPROVED if approve else ReportStatus.REJECTED
    report.approved_by = staff.id
    ps = price_settings(settings)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    reporter = session.get(User, report.reporter_id) if report.reporter_id else None
    if reporter is not None:
        outbox.push(session, reporter, Outgoing(text=t(
            reporter.lang, "prices.your_report_approved" if approve else "prices.your_report_rejected",
            line=answer.quote_line(reporter.lang, report, today, ps.old_after_days))))
    if approve:
        alerts.check_report(session, report, today, ps.old_after_days, now)
        alerts.check_session(session, today, ps.old_after_days, now)
