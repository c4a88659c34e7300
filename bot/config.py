"""Settings from environment variables, with documented defaults (see README)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path


def _project_dir() -> Path:
    """Where the assistant's files are (knowledge/, domain/, data/, config.yml, models/, var/):
    the checkout this code is in, or, after `pip install .`, <prefix>/share/trivselscoach
    (pyproject.toml's data-files)."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "domain").is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "trivselscoach"


PROJECT_DIR = _project_dir()


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} skal være et heltal, ikke {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    knowledge_dir: Path
    host: str
    rasa_port: int
    action_port: int
    action_url: str
    rasa_token: str
    kb_min_score: float
    pulse_min_answers: int
    member_approval: bool  # new members wait for the owner's approval (TRIVSEL_MEMBER_APPROVAL)
    telegram_token: str
    telegram_secret_token: str
    telegram_api_url: str
    telegram_webhook_url: str
    max_message_chars: int
    tracker_db: str  # TRIVSEL_TRACKER_DB_URL as given ("" for the default below)
    retention_days: int
    rate_limit_per_minute: int
    rest_channel: bool  # TRIVSEL_REST_CHANNEL=1: the token-protected REST channel is on
    public_url: str  # TRIVSEL_PUBLIC_URL: the address people use, e.g. behind a proxy
    session_days: int  # a team-room cookie ends this many days after it was issued
    max_request_bytes: int  # the largest request body the Rasa server reads
    redis_url: str = ""  # TRIVSEL_REDIS_URL: Rasa's lock store and the shared limits; "": none
    action_host: str = "127.0.0.1"  # TRIVSEL_ACTION_HOST: where the action server listens
    # Unknown join codes in an hour from one client, and in all (bot/channels/join_limits.py)
    join_failures: int = 10
    join_failures_total: int = 20
    sessions_per_hour: int = 60  # new team-room sessions from one address in an hour
    join_code_days: int = 30  # a team's code no one has used for this many days stops working

    @property
    def tracker_db_url(self) -> str:
        """Rasa's tracker store: TRIVSEL_TRACKER_DB_URL, or SQLite in the data folder."""
        return self.tracker_db or f"sqlite:///{self.data_dir / 'tracker.db'}"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"


def load_settings() -> Settings:
    """Read the settings now (never at import time)."""
    data_dir = Path(os.environ.get("TRIVSEL_DATA_DIR", PROJECT_DIR / "var")).resolve()
    db_url = os.environ.get("TRIVSEL_DB_URL") or f"sqlite:///{data_dir / 'trivselscoach.db'}"
    host = os.environ.get("TRIVSEL_HOST", "127.0.0.1")
    action_port = _int("ACTION_PORT", 5055)
    return Settings(
        data_dir=data_dir,
        db_url=db_url,
        knowledge_dir=Path(os.environ.get("TRIVSEL_KNOWLEDGE_DIR", PROJECT_DIR / "knowledge")),
        host=host,
        rasa_port=_int("RASA_PORT", 5005),
        action_port=action_port,
        # The action server listens on 127.0.0.1 unless TRIVSEL_ACTION_HOST says otherwise
        # (a cluster on several hosts); it refuses every call without the action token.
        action_url=os.environ.get("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{action_port}/webhook"),
        rasa_token=os.environ.get("RASA_TOKEN", ""),
        kb_min_score=float(os.environ.get("TRIVSEL_KB_MIN_SCORE", "2.0")),
        # Anonymity: never below 3, whatever is configured.
        pulse_min_answers=max(3, _int("TRIVSEL_PULSE_MIN_ANSWERS", 3)),
        member_approval=os.environ.get("TRIVSEL_MEMBER_APPROVAL", "1").strip() != "0",
        telegram_token=os.environ.get("TELEGRAM_TOKEN", "").strip(),
        telegram_secret_token=os.environ.get("TELEGRAM_SECRET_TOKEN", "").strip(),
        telegram_api_url=os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/"),
        telegram_webhook_url=os.environ.get("TELEGRAM_WEBHOOK_URL", "").strip(),
        max_message_chars=max(100, _int("TRIVSEL_MAX_MESSAGE_CHARS", 2000)),
        tracker_db=os.environ.get("TRIVSEL_TRACKER_DB_URL", "").strip(),
        retention_days=max(1, _int("TRIVSEL_RETENTION_DAYS", 365)),
        rate_limit_per_minute=max(1, _int("TRIVSEL_RATE_LIMIT", 30)),
        rest_channel=os.environ.get("TRIVSEL_REST_CHANNEL", "0").strip() == "1",
        public_url=os.environ.get("TRIVSEL_PUBLIC_URL", "").strip().rstrip("/"),
        session_days=max(1, _int("TRIVSEL_SESSION_DAYS", 30)),
        max_request_bytes=max(4096, _int("TRIVSEL_MAX_REQUEST_BYTES", 65536)),
        redis_url=os.environ.get("TRIVSEL_REDIS_URL", "").strip(),
        action_host=os.environ.get("TRIVSEL_ACTION_HOST", "127.0.0.1").strip(),
        join_failures=max(1, _int("TRIVSEL_JOIN_FAILURES", 10)),
        join_failures_total=max(1, _int("TRIVSEL_JOIN_FAILURES_TOTAL", 20)),
        sessions_per_hour=max(1, _int("TRIVSEL_SESSIONS_PER_HOUR", 60)),
        join_code_days=max(1, _int("TRIVSEL_JOIN_CODE_DAYS", 30)),
    )


def _stored_secret(settings: Settings, env_name: str, filename: str) -> str:
    """A secret from the environment, or a random one kept (mode 600) in the data folder."""
    value = os.environ.get(env_name, "").strip()
    if value:
        return value
    return write_secret_once(settings.data_dir / filename)


def write_secret_once(path: Path) -> str:
    """The secret in `path`, made at random (mode 600) the first time."""
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def secret(settings: Settings) -> bytes:
    """The installation's secret key: TRIVSEL_SECRET, or a random one in the data folder."""
    return _stored_secret(settings, "TRIVSEL_SECRET", "secret.key").encode("utf-8")


def api_token(settings: Settings) -> str:
    """The token for Rasa's HTTP API: RASA_TOKEN, or a random one in the data folder."""
    return settings.rasa_token or _stored_secret(settings, "RASA_TOKEN", "rasa_token")


def action_token(settings: Settings) -> str:
    """The token Rasa sends the action server: TRIVSEL_ACTION_TOKEN, or a random one in the
    data folder. The action server refuses every call without it."""
    return _stored_secret(settings, "TRIVSEL_ACTION_TOKEN", "action_token")


def rest_token(settings: Settings) -> str:
    """The bearer token of the REST channel: TRIVSEL_REST_TOKEN, or a random one in the data
    folder (read it from there to call the channel)."""
    return _stored_secret(settings, "TRIVSEL_REST_TOKEN", "rest_token")


def telegram_secret_token(settings: Settings) -> str:
    """The webhook secret Telegram must send: TELEGRAM_SECRET_TOKEN, or one derived from
    the installation secret (letters and digits only, as Telegram requires)."""
    if settings.telegram_secret_token:
        return settings.telegram_secret_token
    import hashlib
    import hmac

    return hmac.new(secret(settings), b"telegram-webhook", hashlib.sha256).hexdigest()
