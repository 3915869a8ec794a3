"""Product photos: recorded during the turn, fetched from the channel afterwards (size and type
checked), stored under the media directory, and shown to buyers on any channel."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.media_store import store_for
from bot.messages import Incoming
from models import Media, User

log = logging.getLogger(__name__)
PREFIX = "media:"
PDF = "application/pdf"  # a notice's document (a scheme form); never a product photo
SIGNATURES = {  # the bytes decide the type, not what the sender claims
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
    PDF: (b"%PDF-",),
}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", PDF: "pdf"}


def reference(msg: Incoming) -> dict:
    """Where the channel keeps the photo the user just sent; fetched and stored after the turn."""
    media = msg.media[0]
    return {"channel": msg.channel, "ref": media.ref, "content_type": media.content_type}


def queue_fetch(session: Session, user: User, ref: dict, *, document: bool = False) -> int:
    """`document`: a notice's PDF; only such a record may store one."""
    claimed = (ref.get("content_type") or "")[:32] or None
    media = Media(owner_id=user.id, status="pending", source_channel=ref["channel"], source_ref=ref["ref"][:500],
                  content_type=PDF if document else (None if claimed == PDF else claimed))
    session.add(media)
    session.flush()
    return media.id


def attachment(session: Session, user: User, msg: Incoming) -> dict[str, str | None] | None:
    """A notice's or an event's attachment sent in the chat (a photo or a PDF), queued for fetching:
    {"photo": ..., "document": ...} with one of them set; None when the message holds neither."""
    kind = (msg.media[0].content_type or "") if msg.media else ""
    if not (kind.startswith("image/") or kind == PDF):
        return None
    document = kind == PDF
    stored = f"{PREFIX}{queue_fetch(session, user, reference(msg), document=document)}"
    return {"photo": None if document else stored, "document": stored if document else None}


def sniff(data: bytes) -> str | None:
    for content_type, magics in SIGNATURES.items():
        if any(data.startswith(m) for m in magics) and (content_type != "image/webp" or data[8:12] == b"WEBP"):
            return content_type
    return None


def fetch_pending(rt, now=None) -> int:
    """Download every pending photo once; too big or not an image -> rejected, with the reason."""
    settings: Settings = rt.settings
    with rt.db.sessions() as session:
        ids = list(session.scalars(select(Media.id).where(Media.status == "pending").order_by(Media.id).limit(50)))
    for media_id in ids:
        with rt.db.session() as session:
            media = session.get(Media, media_id)
            sender = rt.senders.get(media.source_channel or "")
            try:
                if media.source_channel == "telegram":
                    data = sender.download_file(media.source_ref)
                elif media.source_channel == "whatsapp":
                    data, _ = sender.download_media(media.source_ref)
                else:
                    raise ValueError(f"no way to fetch photos from {media.source_channel}")
            except Exception as exc:  # the channel refused or the file is gone: say why, don't retry forever
                media.status, media.error = "rejected", f"{type(exc).__name__}: {exc}"[:200]
                continue
            store(settings, media, data)
    return len(ids)


def store(settings: Settings, media: Media, data: bytes) -> None:
    kind = sniff(data)
    if len(data) > settings.media_max_bytes:
        media.status, media.error = "rejected", f"too large: {len(data)} bytes"
        return
    document = kind == PDF and media.content_type == PDF
    if kind is None or (kind not in settings.media_types and not document):
        media.status, media.error = "rejected", "not a JPEG, PNG or WebP image"
        return
    digest = hashlib.sha256(data).hexdigest()
    filename = f"{digest[:40]}.{EXTENSIONS[kind]}"
    store_for(settings).put(filename, data, kind)  # a directory or a bucket (bot/media_store.py)
    media.status, media.sha256, media.size, media.content_type, media.filename = "ready", digest, len(data), kind, filename


def resolve(session: Session, settings: Settings, photo: str | None, channel: str) -> str | None:
    """Turn "media:<id>" in an outgoing message into what the channel can send: a public URL
    (WhatsApp needs one), or the local file (Telegram uploads it), or the simulator's own path."""
    if not photo or not photo.startswith(PREFIX):
        return photo
    media = session.get(Media, int(photo[len(PREFIX):]))
    if media is None or media.status != "ready":
        return None  # not fetched yet or rejected: the text goes without it
    if channel == "simulator":
        return f"/media/{media.filename}"
    if settings.public_base_url:
        return f"{settings.public_base_url}/media/{media.filename}"
    return (Path(settings.media_dir) / media.filename).resolve().as_uri()
