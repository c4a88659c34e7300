"""What the Telegram channel keeps in the app database, shared by every replica.

Blocking: call from a worker thread (bot.concurrency.in_thread).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.channels.telegram_text import fits_callback
from bot.db.models import CallbackPayload, TelegramUpdate, utcnow
from bot.db.session import session_scope

KEEP_UPDATES = timedelta(days=2)  # Telegram gives up re-sending an update within a day


def first_delivery(update_id: int) -> bool:
    """Record the update id; False when it was handled before (Telegram sent it again)."""
    try:
        with session_scope() as session:
            session.add(TelegramUpdate(update_id=update_id))
    except IntegrityError:
        return False
    with session_scope() as session:
        old = TelegramUpdate.received_at < utcnow() - KEEP_UPDATES
        session.execute(delete(TelegramUpdate).where(old))
    return True


def callback_data(payloads: list[str]) -> list[str]:
    """Callback data for button payloads: the payload itself when it fits Telegram's 64 bytes,
    otherwise "k:" and a key under which the payload is stored."""
    keys = {
        p: "k:" + hashlib.sha256(p.encode("utf-8")).hexdigest()[:30]
        for p in payloads
        if not fits_callback(p)
    }
    for attempt in (1, 2):  # another replica may store the same payload at the same moment
        try:
            _store(keys)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    return [keys.get(p, p) for p in payloads]


def _store(keys: dict[str, str]) -> None:
    if not keys:
        return
    with session_scope() as session:
        stored = select(CallbackPayload.key).where(CallbackPayload.key.in_(list(keys.values())))
        known = set(session.scalars(stored))
        for payload, key in keys.items():
            if key not in known:
                session.add(CallbackPayload(key=key, payload=payload))
                known.add(key)


def payload_of(data: str) -> str | None:
    """The payload a button's callback data stands for; None when unknown."""
    if not data.startswith("k:"):
        return data
    with session_scope() as session:
        return session.scalar(select(CallbackPayload.payload).where(CallbackPayload.key == data))
