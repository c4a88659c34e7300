"""Rasa's Redis lock store, made safe for several replicas.

Rasa 3.6's RedisLockStore keeps a conversation's tickets as one JSON value and changes it by
GET, change, SET. Two replicas that take messages of one conversation at the same moment both
read the same value, both write, and one ticket is lost: both replicas then serve at once, and
the tracker store keeps one replica's events, dropping the other's (measured: 5 of 9 messages
of one conversation kept, two people typing at once through two replicas). Here each change is
one Redis transaction (WATCH, MULTI, EXEC, retried when another replica changed the value
first), and a waiting message looks again every 50 ms instead of every second.

Configured in endpoints.yml as `type: bot.lock_store.AtomicRedisLockStore` (bot/servers.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

WAIT = 0.05  # seconds between two looks at a lock that another message holds


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], Any]) -> Any:
        """Apply `change` to the stored lock in one transaction. `change` alters the lock it
        is given and returns (the lock to store, or None to delete it; a result)."""
        key = self.key_prefix + conversation_id
        outcome: dict[str, Any] = {}

        def transaction(pipe) -> None:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            kept, outcome["result"] = change(lock)
            pipe.multi()
            if kept is None:
                pipe.delete(key)
            else:
                pipe.set(key, kept.dumps())

        self.red.transaction(transaction, key)
        return outcome["result"]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: TicketLock | None):
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, change)
        except Exception as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        def change(lock: TicketLock | None):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """The ticket's turn is over; the lock goes when no one else waits for it."""

        def change(lock: TicketLock | None):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, change)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = WAIT,
    ):
        async with super().lock(conversation_id, lock_lifetime, wait_time_in_seconds) as held:
            yield held
