"""Settings: `config.yaml` for everything non-secret, the environment for secrets.

`load_settings()` fails at start with a message naming the bad or half-set setting."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from limits import parse as parse_limit

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A setting is missing, half-configured or wrong; the message names it."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    webhook_secret: str
    api_base_url: str | None


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    whatsapp_from: str
    api_base_url: str | None


@dataclass(frozen=True)
class MarketSettings:
    max_active_listings: int = 20
    max_demands_per_day: int = 10
    demand_days: int = 14
    matches_shown: int = 3
    max_match_alerts_per_day: int = 5
    notify_every_minutes: int = 10
    followup_days: int = 3
    renew_before_hours: int = 24
    alert_sweep_seconds: int = 3
    alert_throttle_minutes: int = 5
    follow_digest_hour: int = 8
    relay_days: int = 14
    relay_per_day: int = 20


@dataclass(frozen=True)
class WindowSettings:
    """WhatsApp's customer-service window and the approved template that reopens it."""

    hours: int = 24
    hold_days: int = 7
    reopen_template: dict[str, str] = field(default_factory=dict)  # language -> Twilio Content SID


@dataclass(frozen=True)
class NoticeSettings:
    """Notices staff broadcast: the approved template for WhatsApp users outside the window."""

    template: dict[str, str] = field(default_factory=dict)  # language -> Twilio Content SID
    fanout_chunk: int = 5000  # users per set-based insert of a notice's rows


@dataclass(frozen=True)
class SendingSettings:
    """How fast the outbox may send, per channel (rates in `limits` notation: "30/second",
    "1 per 3 seconds"), how many sends may be in flight at once, and Meta's tier cap."""

    telegram_rate: str = "30/second"  # per bot, overall
    telegram_per_chat: str = "1/second"  # per private chat
    telegram_per_group: str = "20/minute"  # per group or channel (negative chat ids)
    telegram_concurrency: int = 48
    whatsapp_rate: str = "80/second"  # per sender number
    whatsapp_concurrency: int = 96
    rate_margin: float = 0.03  # each channel is paced this fraction under its rate (jitter never crosses it)
    whatsapp_tier_limit: int = 1000  # business-initiated conversations per rolling 24 h
    send_timeout_seconds: float = 60.0  # one platform call; longer than the platform's slowest answer
    credentials_pause_seconds: int = 60  # our token refused: the channel waits this long, then tries again
    redis_url: str | None = None  # REDIS_URL: share rates and pauses between processes


@dataclass(frozen=True)
class InboxSettings:
    """Webhooks store, handler threads handle (bot/inbox.py); or everything inline in the request."""

    queue: bool = False
    threads: int = 4
    batch_size: int = 20
    poll_seconds: float = 0.2
    processes: int = 0  # handler processes `worker` starts (bot/inbox_processes.py); 0: its own threads
    nice: int = 10  # their CPU priority below the webhooks'


@dataclass(frozen=True)
class Settings:
    database_url: str
    simulator_enabled: bool
    default_language: str
    public_base_url: str | None
    secret_key: str
    max_body_bytes: int
    telegram_allowed_updates: list[str]
    outbox_max_attempts: int
    outbox_retry_seconds: list[int]
    outbox_poll_seconds: float
    outbox_batch_size: int
    outbox_stale_sending_seconds: int
    outbox_hold_push_seconds: int
    conversation_expire_minutes: int
    timezone: str
    media_dir: Path
    media_max_bytes: int
    media_types: list[str]
    market: MarketSettings = field(default_factory=MarketSettings)
    whatsapp_window: WindowSettings = field(default_factory=WindowSettings)
    notices: NoticeSettings = field(default_factory=NoticeSettings)
    quiet_start_hour: int = 21  # Bihar time; equal hours: no quiet hours
    quiet_end_hour: int = 7
    sending: SendingSettings = field(default_factory=SendingSettings)
    scheduler_lock_poll_seconds: float = 15.0  # a standby worker tries the scheduler lock this often
    inbox: InboxSettings = field(default_factory=InboxSettings)
    telegram: TelegramSettings | None = None
    twilio: TwilioSettings | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    ops: Any = None  # bot.ops.settings.OpsSettings
    media_store: Any = None  # bot.ops.settings.MediaStore


def _section(raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = raw.get(name) or {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"config.yaml: '{name}' must be a mapping")
    return value


def _get(raw: Mapping[str, Any], path: str, kind: type, default: Any, *, items: type | None = None,
         minimum: float | None = None) -> Any:
    """One setting, checked: its type (and a list's item type) and, for numbers, a minimum."""
    section, _, key = path.partition(".")
    value = _section(raw, section).get(key, default)
    try:
        if kind is bool:
            if not isinstance(value, bool):
                raise ValueError
            return value
        if kind is list:
            if not isinstance(value, list) or (items and not all(isinstance(v, items) for v in value)):
                raise ValueError
            if minimum is not None and any(v < minimum for v in value):
                raise ValueError
            return value
        if isinstance(value, bool) or (kind in (int, float) and not isinstance(value, (int, float))):
            raise ValueError  # "5" or true where a number belongs is a typo, not a number
        value = kind(value)
        if minimum is not None and value < minimum:
            raise ValueError
        return value
    except (TypeError, ValueError):
        what = f"list of {items.__name__}" if kind is list and items else kind.__name__
        bound = f" (at least {minimum})" if minimum is not None else ""
        raise ConfigError(f"config.yaml: '{path}' must be {what}{bound}, got {value!r}") from None


KNOWN = {
    "database": {"default_url"}, "simulator": {"enabled"}, "language": {"default"},
    "webhook": {"max_body_bytes", "telegram_allowed_updates"},
    "outbox": {"max_attempts", "retry_seconds", "poll_seconds", "batch_size", "stale_sending_seconds",
               "hold_push_seconds", "send_timeout_seconds", "credentials_pause_seconds", "rate_margin"},
    "conversation": {"expire_minutes"}, "scheduler": {"timezone", "lock_poll_seconds"}, "media": {"dir", "max_bytes", "types"},
    "whatsapp": {"window_hours", "hold_days", "reopen_template", "rate", "concurrency", "tier_limit"},
    "telegram": {"rate", "per_chat", "per_group", "concurrency"},
    "notices": {"template", "fanout_chunk"}, "quiet_hours": {"start_hour", "end_hour"},
    "prices": {"states", "import_at", "daily_line_at", "recent_days", "old_after_days", "lines_shown",
               "max_queries_per_hour", "api_url", "api_page_size", "api_timeout_seconds", "api_retries",
               "api_backoff_seconds"},
    "inbox": {"mode", "threads", "batch_size", "poll_seconds", "processes", "nice"},
    "digests": {"city_at", "village_at", "every_hours", "first_days", "listings_shown", "lines_shown", "bot_username"},
}


def _known_keys_only(raw: Mapping[str, Any]) -> None:
    """A misspelt setting would silently fall back to its default: name it instead."""
    from .ops import settings as ops_settings

    known = {**KNOWN, **ops_settings.KNOWN, "market": set(MarketSettings.__dataclass_fields__),
             "media": KNOWN["media"] | ops_settings.MEDIA_KEYS}
    for section, values in raw.items():
        if section not in known:
            raise ConfigError(f"config.yaml: unknown section '{section}' (known: {', '.join(sorted(known))})")
        for key in _section(raw, section):
            if key not in known[section]:
                raise ConfigError(f"config.yaml: unknown setting '{section}.{key}'")


def _channel(env: Mapping[str, str], names: dict[str, str], label: str) -> dict[str, str] | None:
    """All of a channel's secrets, or none of them; anything in between is an error."""
    values = {key: env.get(var, "").strip() for key, var in names.items()}
    present = [names[k] for k, v in values.items() if v]
    if not present:
        return None
    missing = [names[k] for k, v in values.items() if not v]
    if missing:
        raise ConfigError(f"{label} is half-configured: set {', '.join(missing)} (have {', '.join(present)})")
    return values


def _sqlite_relative_to_root(url: str) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        path = ROOT / url[len(prefix):]
        path.parent.mkdir(parents=True, exist_ok=True)
        return prefix + str(path)
    return url


def _market(raw: Mapping[str, Any]) -> MarketSettings:
    values = {}
    for name in MarketSettings.__dataclass_fields__:
        value = _get(raw, f"market.{name}", int, getattr(MarketSettings, name))
        if value < 0:
            raise ConfigError(f"config.yaml: 'market.{name}' must not be negative")
        values[name] = value
    if not 0 <= values["follow_digest_hour"] <= 23:
        raise ConfigError("config.yaml: 'market.follow_digest_hour' must be an hour, 0-23")
    if values["alert_sweep_seconds"] < 1:
        raise ConfigError("config.yaml: 'market.alert_sweep_seconds' must be at least 1")
    return MarketSettings(**values)


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"config.yaml: 'scheduler.timezone' is not a known time zone: {name!r}") from None
    return name


def _window(raw: Mapping[str, Any]) -> WindowSettings:
    hours = _get(raw, "whatsapp.window_hours", int, 24)
    hold_days = _get(raw, "whatsapp.hold_days", int, 7)
    templates = _section(raw, "whatsapp").get("reopen_template") or {}
    if not isinstance(templates, Mapping) or not all(isinstance(v, str) for v in templates.values()):
        raise ConfigError("config.yaml: 'whatsapp.reopen_template' must map a language to a Content SID")
    if not 1 <= hours <= 24 or hold_days < 0:
        raise ConfigError("config.yaml: 'whatsapp.window_hours' must be 1-24 and 'whatsapp.hold_days' not negative")
    bad = [sid for sid in templates.values() if sid and not sid.startswith("HX")]
    if bad:
        raise ConfigError(f"config.yaml: 'whatsapp.reopen_template' values are Content SIDs (HX...), got {bad[0]!r}")
    return WindowSettings(hours=hours, hold_days=hold_days,
                          reopen_template={lang: sid for lang, sid in templates.items() if sid})


def _notices(raw: Mapping[str, Any]) -> NoticeSettings:
    templates = _section(raw, "notices").get("template") or {}
    if not isinstance(templates, Mapping) or not all(isinstance(v, str) for v in templates.values()):
        raise ConfigError("config.yaml: 'notices.template' must map a language to a Content SID")
    bad = [sid for sid in templates.values() if sid and not sid.startswith("HX")]
    if bad:
        raise ConfigError(f"config.yaml: 'notices.template' values are Content SIDs (HX...), got {bad[0]!r}")
    return NoticeSettings(template={lang: sid for lang, sid in templates.items() if sid},
                          fanout_chunk=_get(raw, "notices.fanout_chunk", int, 5000, minimum=1))


def _quiet_hours(raw: Mapping[str, Any]) -> tuple[int, int]:
    start = _get(raw, "quiet_hours.start_hour", int, 21, minimum=0)
    end = _get(raw, "quiet_hours.end_hour", int, 7, minimum=0)
    if start > 23 or end > 23:
        raise ConfigError("config.yaml: 'quiet_hours.start_hour' and 'end_hour' are hours, 0-23")
    return start, end


TIERS = (250, 1000, 10000, 100000)


def _rate(raw: Mapping[str, Any], path: str, default: str) -> str:
    value = _get(raw, path, str, default)
    try:
        parse_limit(value)
    except ValueError:
        raise ConfigError(f"config.yaml: '{path}' must be a rate like \"30/second\" or \"1 per 3 seconds\", "
                          f"got {value!r}") from None
    return value


def _sending(raw: Mapping[str, Any], env: Mapping[str, str]) -> SendingSettings:
    tier = _get(raw, "whatsapp.tier_limit", int, 1000)
    if tier not in TIERS:
        raise ConfigError(f"config.yaml: 'whatsapp.tier_limit' must be one of Meta's tiers {TIERS}, got {tier}")
    timeout = _get(raw, "outbox.send_timeout_seconds", float, 60.0, minimum=1)
    stale = _get(raw, "outbox.stale_sending_seconds", int, 300, minimum=5)
    if stale <= timeout:
        raise ConfigError("config.yaml: 'outbox.stale_sending_seconds' must exceed 'outbox.send_timeout_seconds'"
                          " (a row still in flight must not be sent again)")
    margin = _get(raw, "outbox.rate_margin", float, 0.03, minimum=0)
    if margin >= 0.5:
        raise ConfigError(f"config.yaml: 'outbox.rate_margin' is a fraction under the rate (0.03 = 3%), got {margin}")
    redis_url = (env.get("REDIS_URL") or "").strip() or None
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError("REDIS_URL must be a redis:// or rediss:// URL")
    return SendingSettings(
        telegram_rate=_rate(raw, "telegram.rate", "30/second"),
        telegram_per_chat=_rate(raw, "telegram.per_chat", "1/second"),
        telegram_per_group=_rate(raw, "telegram.per_group", "20/minute"),
        telegram_concurrency=_get(raw, "telegram.concurrency", int, 48, minimum=1),
        whatsapp_rate=_rate(raw, "whatsapp.rate", "80/second"),
        whatsapp_concurrency=_get(raw, "whatsapp.concurrency", int, 96, minimum=1),
        rate_margin=margin,
        whatsapp_tier_limit=tier,
        send_timeout_seconds=timeout,
        credentials_pause_seconds=_get(raw, "outbox.credentials_pause_seconds", int, 60, minimum=1),
        redis_url=redis_url,
    )


def _inbox(raw: Mapping[str, Any], database_url: str) -> InboxSettings:
    mode = _get(raw, "inbox.mode", str, "auto")
    if mode not in ("auto", "queue", "inline"):
        raise ConfigError(f"config.yaml: 'inbox.mode' must be auto, queue or inline, got {mode!r}")
    postgresql = database_url.startswith("postgresql")
    if mode == "queue" and not postgresql:
        raise ConfigError("config.yaml: 'inbox.mode: queue' needs PostgreSQL (its workers lock rows)")
    return InboxSettings(queue=mode == "queue" or (mode == "auto" and postgresql),
                         threads=_get(raw, "inbox.threads", int, 4, minimum=1),
                         batch_size=_get(raw, "inbox.batch_size", int, 20, minimum=1),
                         poll_seconds=_get(raw, "inbox.poll_seconds", float, 0.2, minimum=0.01),
                         processes=_processes(raw),
                         nice=_get(raw, "inbox.nice", int, 10, minimum=0))


def _processes(raw: Mapping[str, Any]) -> int:
    """inbox.processes: a number, or "auto" (one per core)."""
    if _section(raw, "inbox").get("processes", "auto") == "auto":
        return os.cpu_count() or 1
    return _get(raw, "inbox.processes", int, 0, minimum=0)


def load_settings(env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None) -> Settings:
    env = os.environ if env is None else env
    path = Path(env.get("DIDI_HAAT_CONFIG") or ROOT / "config.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path} must hold a mapping of sections")
    _known_keys_only(raw)

    language = _get(raw, "language.default", str, "hi")
    if language not in ("hi", "en"):
        raise ConfigError(f"config.yaml: 'language.default' must be hi or en, got {language!r}")

    database_url = env.get("DATABASE_URL") or _get(raw, "database.default_url", str, "sqlite:///instance/didihaat.db")
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    if not database_url.startswith(("sqlite", "postgresql")):
        raise ConfigError(f"DATABASE_URL must be a sqlite:// or postgresql:// URL, got {database_url.split(':')[0]}://...")
    database_url = _sqlite_relative_to_root(database_url)

    public_base_url = (env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/") or None
    if public_base_url and not public_base_url.startswith(("http://", "https://")):
        raise ConfigError("PUBLIC_BASE_URL must start with http:// or https://")

    telegram_env = _channel(env, {"token": "TELEGRAM_BOT_TOKEN", "webhook_secret": "TELEGRAM_WEBHOOK_SECRET"}, "Telegram")
    telegram = None
    if telegram_env:
        secret = telegram_env["webhook_secret"]
        if not (1 <= len(secret) <= 256) or not all(c.isalnum() or c in "_-" for c in secret):
            raise ConfigError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        telegram = TelegramSettings(api_base_url=env.get("TELEGRAM_API_BASE_URL") or None, **telegram_env)

    twilio_env = _channel(
        env,
        {"account_sid": "TWILIO_ACCOUNT_SID", "auth_token": "TWILIO_AUTH_TOKEN", "whatsapp_from": "TWILIO_WHATSAPP_FROM"},
        "WhatsApp (Twilio)",
    )
    twilio = None
    if twilio_env:
        if not public_base_url:
            raise ConfigError("WhatsApp (Twilio) needs PUBLIC_BASE_URL: signatures are checked against the public URL")
        if not twilio_env["whatsapp_from"].startswith("whatsapp:+"):
            raise ConfigError("TWILIO_WHATSAPP_FROM must look like whatsapp:+14155238886")
        twilio = TwilioSettings(api_base_url=env.get("TWILIO_API_BASE_URL") or None, **twilio_env)

    from .ops import settings as ops_settings

    ops, media_store = ops_settings.load(raw)
    settings = dict(
        ops=ops,
        media_store=media_store,
        database_url=database_url,
        simulator_enabled=_get(raw, "simulator.enabled", bool, False),
        default_language=language,
        public_base_url=public_base_url,
        secret_key=env.get("SECRET_KEY") or "",
        max_body_bytes=_get(raw, "webhook.max_body_bytes", int, 65536, minimum=1024),
        telegram_allowed_updates=_get(raw, "webhook.telegram_allowed_updates", list, [], items=str),
        outbox_max_attempts=_get(raw, "outbox.max_attempts", int, 5, minimum=1),
        outbox_retry_seconds=_get(raw, "outbox.retry_seconds", list, [5, 30, 120, 600], items=int, minimum=0),
        outbox_poll_seconds=_get(raw, "outbox.poll_seconds", float, 1.0, minimum=0.05),
        outbox_batch_size=_get(raw, "outbox.batch_size", int, 50, minimum=1),
        outbox_stale_sending_seconds=_get(raw, "outbox.stale_sending_seconds", int, 300, minimum=5),
        outbox_hold_push_seconds=_get(raw, "outbox.hold_push_seconds", int, 30, minimum=1),
        conversation_expire_minutes=_get(raw, "conversation.expire_minutes", int, 120, minimum=1),
        timezone=_timezone(_get(raw, "scheduler.timezone", str, "Asia/Kolkata")),
        media_dir=ROOT / _get(raw, "media.dir", str, "instance/media"),
        media_max_bytes=_get(raw, "media.max_bytes", int, 5 * 1024 * 1024, minimum=1),
        media_types=_get(raw, "media.types", list, ["image/jpeg", "image/png"], items=str),
        market=_market(raw),
        whatsapp_window=_window(raw),
        notices=_notices(raw),
        quiet_start_hour=_quiet_hours(raw)[0],
        quiet_end_hour=_quiet_hours(raw)[1],
        sending=_sending(raw, env),
        scheduler_lock_poll_seconds=_get(raw, "scheduler.lock_poll_seconds", float, 15.0, minimum=0.1),
        inbox=_inbox(raw, database_url),
        telegram=telegram,
        twilio=twilio,
        raw=raw,
    )
    from .prices.settings import parse_prices

    parse_prices(raw)  # checked at start like every other section
    from .digests.settings import parse_digests

    parse_digests(raw, env)
    settings.update(overrides or {})
    if (settings["telegram"] or settings["twilio"]) and not settings["simulator_enabled"] and not settings["secret_key"]:
        raise ConfigError("SECRET_KEY must be set when real channels are on")
    return Settings(**settings)
