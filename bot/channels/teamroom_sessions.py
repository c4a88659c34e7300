"""Team-room sessions that were ended (logged out), shared by every replica through the app
database.

A session id is kept only as its SHA-256 and only until the cookie would have expired anyway.
The table belongs to the team room alone and is created on first use (CREATE TABLE IF NOT
EXISTS), outside the Alembic migrations of the coach's own tables.

Blocking: call from a worker thread (bot.concurrency.in_thread).
"""

from __future__ import annotations

import hashlib
import threading
import time

from sqlalchemy import BigInteger, Column, MetaData, String, Table, delete, select
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from bot.db.session import get_engine, session_scope

metadata = MetaData()
LOGOUTS = Table(
    "teamroom_logouts",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("expires_at", BigInteger, nullable=False, index=True),  # Unix time
)
_ready: set[str] = set()
_lock = threading.Lock()


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def _ensure(db_url: str) -> None:
    if db_url in _ready:
        return
    with _lock:
        if db_url in _ready:
            return
        try:
            metadata.create_all(get_engine(db_url), checkfirst=True)
        except (OperationalError, ProgrammingError):  # another replica created it just now
            metadata.create_all(get_engine(db_url), checkfirst=True)
        _ready.add(db_url)


def end(db_url: str, session_id: str, expires_at: float) -> None:
    """End the session for good (until `expires_at`, when its cookie has expired anyway)."""
    _ensure(db_url)
    now = int(time.time())
    try:
        with session_scope(db_url) as session:
            session.execute(delete(LOGOUTS).where(LOGOUTS.c.expires_at < now))
            session.execute(
                LOGOUTS.insert().values(
                    session_hash=_digest(session_id), expires_at=int(expires_at) + 1
                )
            )
    except IntegrityError:  # ended twice
        pass


def ended(db_url: str, session_id: str) -> bool:
    _ensure(db_url)
    with session_scope(db_url) as session:
        found = session.scalar(
            select(LOGOUTS.c.expires_at).where(LOGOUTS.c.session_hash == _digest(session_id))
        )
    return found is not None
