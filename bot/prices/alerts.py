"""Threshold alerts and the daily price line: the one place that tells people about prices.

An alert watches new approved reports of its product in its district and the neighbouring ones; the
first that crosses the threshold is told once, and the alert re-arms when a later report is back on
the other side. The daily line goes to those who asked for it, once per Bihar day, after the
configured time."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, not_, select
from sqlalchemy.orm import Session

from bot import catalog, outbox, places
from bot.i18n import t
from bot.messages import Outgoing
from models import Follow, Listing, ListingStatus, PriceAlert, PriceFollower, PriceReport, ReportStatus, User, utcnow

from . import answer
from .settings import price_settings


def newest_report_id(session: Session) -> int:
    return session.scalar(select(func.max(PriceReport.id))) or 0


def create(session: Session, user: User, product: str, district_code: int, direction: str,
           threshold: Decimal) -> PriceAlert:
    """A new alert (an older one for the same product and area is replaced); it looks only at
    reports that arrive from now on."""
    for old in session.scalars(select(PriceAlert).where(PriceAlert.user_id == user.id, PriceAlert.product == product,
                                                       PriceAlert.district_code == district_code, PriceAlert.active)):
        old.active = False
    alert = PriceAlert(user_id=user.id, product=product, district_code=district_code, direction=direction,
                       threshold=threshold, armed=True, seen_report_id=newest_report_id(session))
    session.add(alert)
    session.flush()
    return alert


def _crosses(alert: PriceAlert, report: PriceReport) -> bool:
    return report.modal_price > alert.threshold if alert.direction == "above" else report.modal_price < alert.threshold


def _apply(session: Session, alert: PriceAlert, report: PriceReport, today, old_after_days: int,
           now: datetime) -> int:
    """One report against one alert: tell (1) on a crossing while armed; re-arm when back."""
    if alert.armed and _crosses(alert, report):
        alert.armed, alert.fired_at = False, now
        user = session.get(User, alert.user_id)
        if user is None or user.opted_out:
            return 0
        lang = user.lang
        text = t(lang, f"prices.alert_fired_{alert.direction}", product=catalog.name(alert.product, lang),
                 threshold=answer.rupees(alert.threshold), unit=t(lang, f"units.{report.unit}"),
                 line=answer.quote_line(lang, report, today, old_after_days))
        return 1 if outbox.push(session, user, Outgoing(text=text)) is not None else 0
    if not alert.armed and not _crosses(alert, report):
        alert.armed = True
    return 0


def _area(alert: PriceAlert) -> list[int]:
    return [alert.district_code, *(d.code for d in places.neighbours(alert.district_code))]


def check_session(session: Session, today, old_after_days: int, now: datetime | None = None) -> int:
    """Look at reports newer than each alert has seen; returns how many alerts were told. A haat
    report still waiting for staff is looked at when it is approved (`check_report`)."""
    now = now or utcnow()
    top = newest_report_id(session)
    told = 0
    for alert in session.scalars(select(PriceAlert).where(PriceAlert.active).order_by(PriceAlert.id)).all():
        reports = session.scalars(select(PriceReport).where(
            PriceReport.id > alert.seen_report_id, PriceReport.id <= top, PriceReport.product == alert.product,
            PriceReport.status == ReportStatus.APPROVED, not_(PriceReport.flagged),
            PriceReport.district_code.in_(_area(alert))).order_by(PriceReport.arrival_date, PriceReport.id)).all()
        for report in reports:
            told += _apply(session, alert, report, today, old_after_days, now)
        alert.seen_report_id = max(alert.seen_report_id, top)
    return told


def check_report(session: Session, report: PriceReport, today, old_after_days: int, now: datetime) -> int:
    """A haat report just approved: the alerts that watch its product and place look at it."""
    told = 0
    for alert in session.scalars(select(PriceAlert).where(PriceAlert.active, PriceAlert.product == report.product)
                                 .order_by(PriceAlert.id)).all():
        if report.district_code in _area(alert) and report.id <= alert.seen_report_id:
            told += _apply(session, alert, report, today, old_after_days, now)
    return told


def _today(rt, now: datetime):
    return now.astimezone(ZoneInfo(rt.settings.timezone)).date()


def check(rt, now: datetime | None = None) -> int:
    """The sweep (after every import, approval, and on the scheduler)."""
    now = now or utcnow()
    with rt.db.session() as session:
        return check_session(session, _today(rt, now), price_settings(rt.settings).old_after_days, now)


def followed_products(session: Session, user: User, follower: PriceFollower | None) -> list[str]:
    """What she lists (active), asked the daily line for, and follows ("makhana Purnia follow karo"), hers first."""
    listed = session.scalars(select(Listing.product).where(Listing.user_id == user.id,
                                                           Listing.status == ListingStatus.ACTIVE)
                             .order_by(Listing.created_at.desc())).all()
    followed = session.scalars(select(Follow.product).where(Follow.user_id == user.id).order_by(Follow.id)).all()
    return list(dict.fromkeys([*listed, *((follower.products or []) if follower else []), *followed]))


def send_daily_lines(rt, now: datetime | None = None) -> int:
    """Once per Bihar day, after `prices.daily_line_at`, each follower gets one short price line."""
    now = now or utcnow()
    ps = price_settings(rt.settings)
    local = now.astimezone(ZoneInfo(rt.settings.timezone))
    if (local.hour, local.minute) < ps.daily_line_at:
        return 0
    sent = 0
    with rt.db.session() as session:
        for follower in session.scalars(select(PriceFollower).where(PriceFollower.daily)).all():
            if follower.last_sent_on == local.date():
                continue
            user = session.get(User, follower.user_id)
            follower.last_sent_on = local.date()
            if user is None or user.opted_out:
                continue
            line = answer.price_line(session, user.lang, user.district_code, followed_products(session, user, follower),
                                     local.date(), ps.states, ps.old_after_days)
            if line and outbox.push(session, user, Outgoing(text=line)) is not None:
                sent += 1
    return sent
