"""Who wrote: the `users` row behind a channel address, one person on several channels.

Model: a person is one `users` row (every listing, demand, match, follow points at it);
`user_addresses` holds all her channel addresses once she has used two, and `users.channel` /
`address` is the one she wrote from last, where pushes go (and pushes still waiting follow her there). A first message from a new address
joins her profile only when the channel itself gave the phone (WhatsApp's sender, a Telegram
user's own contact) and her profile's phone was verified the same way: a typed phone never links,
or anyone could type a didi's number and take her account.

Concurrency: the person's `users` row is locked (FOR NO KEY UPDATE, the lock updating her row
takes anyway) before anything is changed, so two messages at once from her Telegram and her
WhatsApp are handled one after the other, each seeing the other's step (PostgreSQL; SQLite has one
writer anyway). Not FOR UPDATE: that would also block the foreign-key checks of rows that point at
her (an outbox row for her, queued by the other side of a match), and deadlock two sides at once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from models import Conversation, OutboxKind, OutboxMessage, OutboxStatus, User, UserAddress

from .market import deals
from .messages import Incoming


@dataclass
class Found:
    user: User
    linked_from: str | None = None  # the channel of the profile this new address just joined
    current: bool = True  # the message came from the address her pushes go to
    conversation: Conversation | None = None  # her step, read with her row
    conversation_read: bool = False  # `conversation` is what the database holds (None: she has no step row yet)


def lookup(session: Session, channel: str, address: str, *, lock: bool = False) -> User | None:
    """The person behind (channel, address): the address she used last, or one she used before."""
    query = select(User).where(User.channel == channel, User.address == address)
    user = session.scalar(query.with_for_update(key_share=True) if lock else query)
    return user if user is not None else _by_earlier_address(session, channel, address, lock)


def _by_earlier_address(session: Session, channel: str, address: str, lock: bool) -> User | None:
    user_id = session.scalar(select(UserAddress.user_id).where(UserAddress.channel == channel,
                                                                UserAddress.address == address))
    if user_id is None:
        return None
    return session.get(User, user_id, with_for_update={"key_share": True} if lock else None, populate_existing=lock)


_PREFETCHED = "prefetched_senders"  # session.info: ({(channel, address): (user, step, listings)}, listing epoch)


def _senders_query(where):
    """Her row locked, her step and her active listings (a listing's first message checks the cap)."""
    return (select(User, Conversation, deals.active_listings_counted())
            .outerjoin(Conversation, Conversation.user_id == User.id).where(where)
            .with_for_update(of=User, key_share=True))


def prefetch(session: Session, senders: list[tuple[str, str]]) -> None:
    """A batch's senders read and locked in one round trip (in user order), not one each:
    `find_or_create` takes each one's row from here. Read without flushing, as each would be."""
    if len(senders) < 2:
        return
    with session.no_autoflush:
        rows = session.execute(_senders_query(tuple_(User.channel, User.address).in_(senders))
                               .order_by(User.id)).all()
    session.info[_PREFETCHED] = ({(u.channel, u.address): (u, c, n) for u, c, n in rows},
                                 deals.listings_epoch(session))


def _read_sender(session: Session, msg: Incoming) -> tuple[User | None, Conversation | None, int | None]:
    prefetched = session.info.get(_PREFETCHED)
    if prefetched is not None and (got := prefetched[0].pop((msg.channel, msg.address), None)) is not None:
        user, convo, listings = got
        # a listing made or changed since the read (her other address's message): counted again when asked
        return user, convo, listings if prefetched[1] == deals.listings_epoch(session) else None
    with session.no_autoflush:
        return session.execute(_senders_query((User.channel == msg.channel) & (User.address == msg.address))
                               ).first() or (None, None, None)


def find_or_create(session: Session, msg: Incoming, now: datetime) -> Found:
    # Her row locked, and her step with it: one round trip for what the router reads first (or
    # one for the batch: `prefetch`). What the batch's earlier messages changed is not flushed for
    # it (none changes whose address this is without flushing: `link`, a new user), so a batch's
    # writes go out together.
    user, convo, listings = _read_sender(session, msg)
    if user is not None and listings is not None:
        deals.remember_active_listings(session, user.id, listings)
    read = user is not None  # the join read her step row, or that she has none
    if user is None:  # not her last address: one she used before, or none
        user = _by_earlier_address(session, msg.channel, msg.address, lock=True)
    if user is not None and msg.group_event and (user.channel, user.address) != (msg.channel, msg.address):
        return Found(user, current=False)  # she blocked the bot on the channel she left: no switch back
    linked_from = None
    if msg.phone and (user is None or not user.onboarded):  # (WhatsApp gives it on every message)
        # msg.phone is channel-given (WhatsApp, a Telegram user's own contact), never typed
        enrolled = session.scalar(select(User).where(User.phone == msg.phone, User.address.is_(None)))
        if enrolled is not None:  # staff enrolled from the CLI, writing for the first time
            user, read = _replace(session, user, enrolled), False
            enrolled.channel, enrolled.address = msg.channel, msg.address
        elif (person := _same_person(session, msg, user)) is not None:
            linked_from = person.channel
            user, read = _replace(session, user, person), False
            link(session, person, msg.channel, msg.address, now)
    if user is None:
        user, read = User(channel=msg.channel, address=msg.address), True  # new: no step row
        session.add(user)
        session.flush()
    elif (user.channel, user.address) != (msg.channel, msg.address) and user.address is not None:
        link(session, user, msg.channel, msg.address, now)  # she wrote from her other channel: pushes go here now
    if msg.phone:  # given by the channel: it replaces a typed one
        user.phone, user.phone_verified = msg.phone, True
    if msg.name:
        user.profile_name = msg.name[:80]
    user.last_inbound_at = now
    mine = convo is not None and convo.user_id == user.id
    return Found(user, linked_from, conversation=convo if mine else None, conversation_read=read and (mine or convo is None))


def _same_person(session: Session, msg: Incoming, newcomer: User | None) -> User | None:
    """Her registered profile on another channel, with this phone verified there too."""
    query = (select(User).where(User.phone == msg.phone, User.phone_verified, User.onboarded,
                                User.erased_at.is_(None), User.channel != msg.channel)
             .order_by(User.id).limit(1).with_for_update(key_share=True))
    if newcomer is not None:
        query = query.where(User.id != newcomer.id)
    return session.scalar(query)


def _replace(session: Session, newcomer: User | None, person: User) -> User:
    """The half-registered row of this address goes; the person's row answers from now on."""
    if newcomer is not None and newcomer.id != person.id and not newcomer.onboarded:
        convo = session.get(Conversation, newcomer.id)
        if convo is not None:
            session.delete(convo)
        session.delete(newcomer)
        session.flush()
    return person


def link(session: Session, user: User, channel: str, address: str, now: datetime) -> None:
    """Record both addresses as hers and make (channel, address) the one pushes go to."""
    known = {(a.channel, a.address) for a in session.scalars(select(UserAddress).where(UserAddress.user_id == user.id))}
    for pair in ((user.channel, user.address), (channel, address)):
        if pair[0] and pair[1] and pair not in known:
            session.add(UserAddress(user_id=user.id, channel=pair[0], address=pair[1], linked_at=now))
            known.add(pair)
    session.flush()
    old = (user.channel, user.address)
    user.channel, user.address = channel, address
    if old[0] and old[1] and old != (channel, address):
        # What still waits for her (an alert held for WhatsApp's window, for the morning, for her
        # to finish a step) follows her; a notice's row stays where its fan-out put it (one per person).
        session.execute(update(OutboxMessage).where(
            OutboxMessage.user_id == user.id, OutboxMessage.channel == old[0], OutboxMessage.address == old[1],
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.kind == OutboxKind.PUSH,
            OutboxMessage.notice_id.is_(None)).values(channel=channel, address=address))
