"""The `ops:` and `retention:` sections of config.yaml, and how media are stored (`media.store`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from bot.config import ConfigError, _get

KNOWN = {
    "ops": {"heartbeat_seconds", "worker_stale_seconds", "database_down_alert_seconds"},
    "retention": {"update_ids_days", "outbox_days", "message_text_days"},
}
MEDIA_KEYS = {"store", "s3_bucket", "s3_prefix", "s3_endpoint_url", "s3_region"}


@dataclass(frozen=True)
class OpsSettings:
    heartbeat_seconds: int = 10
    worker_stale_seconds: int = 60  # a worker silent this long is reported down
    database_down_alert_seconds: int = 120  # the database away this long is an incident
    update_ids_days: int = 7  # processed update ids are kept this long (providers retry for less)
    outbox_days: int = 30  # delivered/failed/skipped outbox rows are deleted after this
    message_text_days: int = 7  # texts of sent outbox rows are blanked after this (the row stays)


@dataclass(frozen=True)
class MediaStore:
    kind: str = "directory"  # directory | s3
    s3_bucket: str = ""
    s3_prefix: str = ""
    s3_endpoint_url: str | None = None  # an S3-compatible service (MinIO, Ceph, a provider's)
    s3_region: str | None = None


def load(raw: Mapping[str, Any]) -> tuple[OpsSettings, MediaStore]:
    ops = OpsSettings(
        heartbeat_seconds=_get(raw, "ops.heartbeat_seconds", int, 10, minimum=1),
        worker_stale_seconds=_get(raw, "ops.worker_stale_seconds", int, 60, minimum=5),
        database_down_alert_seconds=_get(raw, "ops.database_down_alert_seconds", int, 120, minimum=1),
        update_ids_days=_get(raw, "retention.update_ids_days", int, 7, minimum=2),
        outbox_days=_get(raw, "retention.outbox_days", int, 30, minimum=1),
        message_text_days=_get(raw, "retention.message_text_days", int, 7, minimum=1),
    )
    if ops.worker_stale_seconds <= ops.heartbeat_seconds:
        raise ConfigError("config.yaml: 'ops.worker_stale_seconds' must be longer than 'ops.heartbeat_seconds'")
    kind = _get(raw, "media.store", str, "directory")
    if kind not in ("directory", "s3"):
        raise ConfigError(f"config.yaml: 'media.store' must be directory or s3, got {kind!r}")
    store = MediaStore(kind=kind, s3_bucket=_get(raw, "media.s3_bucket", str, ""),
                       s3_prefix=_get(raw, "media.s3_prefix", str, ""),
                       s3_endpoint_url=_get(raw, "media.s3_endpoint_url", str, "") or None,
                       s3_region=_get(raw, "media.s3_region", str, "") or None)
    if kind == "s3" and not store.s3_bucket:
        raise ConfigError("config.yaml: 'media.store: s3' needs 'media.s3_bucket'")
    return ops, store
