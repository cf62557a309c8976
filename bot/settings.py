"""Settings read from the environment (and an optional `.env` file) with pydantic-settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import AnyHttpUrl, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from db.content import REVIEW_MAX_AGE_DAYS

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///" + str(Path.cwd() / "puente.db")
# Telegram's overall limit for a bot that does not pay for broadcasts, in messages a second.
FREE_CEILING = 30.0


class SettingsError(Exception):
    """A missing or malformed setting, described in one line for the operator."""


class Settings(BaseSettings):
    """Everything Puente reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(default=DEFAULT_DATABASE_URL)
    telegram_bot_token: str | None = None
    telegram_api_base_url: AnyHttpUrl = Field(default=AnyHttpUrl("https://api.telegram.org/bot"))
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # The hotline offered whenever the bot cannot answer: CHIRLA / LA Rapid Response Network.
    hotline_phone: str = "888-624-4752"
    # Telegram refuses bots sending more than about 30 messages a second; 0 turns the throttle off
    # (for a local stand-in server). Refused sends are retried after retry_after either way.
    telegram_messages_per_second: float = Field(default=30.0, ge=0)
    # How often a running bot checks whether the content was reseeded, in seconds.
    content_poll_seconds: float = Field(default=60.0, gt=0)
    # Broadcast messages a second, within Telegram's overall budget (answers go first).
    broadcast_messages_per_second: float = Field(default=25.0, gt=0, le=1000)
    # Telegram's paid broadcasts (allow_paid_broadcast): up to 1,000 messages a second, billed.
    telegram_paid_broadcast: bool = False
    # Broadcast messages in flight at once (at most this many may repeat after a crash).
    broadcast_concurrency: int = Field(default=8, ge=1, le=64)
    # How often the running bot looks for due broadcasts (a CLI broadcast waits at most this).
    broadcast_poll_seconds: float = Field(default=5.0, gt=0, le=10)
    # A scheduled broadcast missed while the bot was down is still sent this late, no later.
    broadcast_grace_hours: float = Field(default=6.0, ge=0)
    # Tests only: read "now" from this file (an ISO 8601 time) instead of the system clock.
    puente_clock_file: Path | None = None
    # Answers and program statuses reviewed longer ago than this tell the reader so.
    review_max_age_days: int = Field(default=REVIEW_MAX_AGE_DAYS, ge=1)
    # How long unanswered questions are kept for curators before they are deleted.
    unanswered_retention_days: int = Field(default=30, ge=1)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        """Accept SQLite and PostgreSQL URLs only, so a typo fails here and not at first query."""
        if not value.startswith(("sqlite", "postgresql", "postgres://")):
            raise ValueError("must start with sqlite:// or postgresql://")
        try:
            url = make_url(value.replace("postgres://", "postgresql://", 1))
        except ArgumentError:
            raise ValueError("is not a database URL") from None
        example = (
            "sqlite:///./puente.db"
            if url.drivername.startswith("sqlite")
            else ("postgresql://user@host/puente")
        )
        if not url.database:
            # PostgreSQL would otherwise pick the server's default database, SQLite a throwaway
            # in-memory one: either way the data would not be where the operator looks.
            raise ValueError(f"must name a database, e.g. {example}")
        if url.drivername.startswith("postgres") and not (url.host or url.query.get("host")):
            raise ValueError(f"must name a host, e.g. {example}")
        folder = Path(url.database).parent
        if (
            url.drivername.startswith("sqlite")
            and url.database != ":memory:"
            and not folder.is_dir()
        ):
            raise ValueError(f"the folder {folder} for the SQLite file does not exist")
        return value

    @model_validator(mode="after")
    def _broadcast_ceiling(self) -> Settings:
        """Above Telegram's free ceiling, broadcasts must be paid for (TELEGRAM_PAID_BROADCAST)."""
        if not self.telegram_paid_broadcast and self.broadcast_messages_per_second > FREE_CEILING:
            raise ValueError(
                f"BROADCAST_MESSAGES_PER_SECOND above {FREE_CEILING:g} needs "
                "TELEGRAM_PAID_BROADCAST=true"
            )
        return self

    @property
    def api_base_url(self) -> str:
        """The Bot API base URL as PTB's `base_url` expects it (no trailing slash)."""
        return str(self.telegram_api_base_url).rstrip("/")


def load_settings() -> Settings:
    """Read the settings, turning validation errors into one readable line."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            "{name}: {msg}".format(
                name=".".join(str(part) for part in err["loc"]).upper() or "settings",
                msg=err["msg"],
            )
            for err in exc.errors()
        )
        raise SettingsError(f"Invalid setting: {problems}") from None
