"""Limits on guessing join codes and on making team-room sessions, per client and for the whole
installation, over a sliding hour.

A join code is the key to a team: 128³ × 100 ≈ 2·10⁸ codes (bot/coach/joincode.py). Before a
message that holds a code reaches the assistant, the channel checks it here: a known code
passes; an unknown one is counted against the client (its address, or its Telegram chat) and
against the installation. A client with TRIVSEL_JOIN_FAILURES (10) unknown codes in the last
hour, or any client while the installation has had TRIVSEL_JOIN_FAILURES_TOTAL (20) in the last
hour, gets a refusal instead, and its code is not looked up at all. The team room also makes at
most TRIVSEL_SESSIONS_PER_HOUR (60) new sessions an hour for one address.

With TRIVSEL_REDIS_URL the counts are in Redis, so they hold across replicas; without it they
are this process's (one Rasa server). Addresses are kept only as HMACs under the installation's
secret, and only for the hour.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import defaultdict, deque
from functools import cache

from bot.concurrency import in_thread

WINDOW = 3600.0  # seconds
TOO_MANY_TRIES = (
    "Der er prøvet for mange forkerte koder herfra. Vent en time, og tjek koden hos den, der "
    "ejer teamet."
)
TOO_MANY_OVERALL = (
    "Jeg har lige nu fået for mange forkerte koder. Prøv igen om lidt, og tjek koden hos den, "
    "der ejer teamet."
)
TOO_MANY_SESSIONS = "Der er åbnet for mange teamrum herfra. Prøv igen om lidt."


class Counts:
    """Events per key within the last WINDOW seconds: Redis sorted sets, or memory."""

    def __init__(self, redis_url: str = "", prefix: str = "trivsel:limit:") -> None:
        self.prefix = prefix
        self._memory: dict[str, deque[float]] = defaultdict(deque)
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=2)

    def count(self, key: str, now: float | None = None) -> int:
        now = time.time() if now is None else now
        if self._redis is None:
            seen = self._memory[key]
            while seen and seen[0] <= now - WINDOW:
                seen.popleft()
            return len(seen)
        pipe = self._redis.pipeline()
        pipe.zremrangebyscore(self.prefix + key, 0, now - WINDOW)
        pipe.zcard(self.prefix + key)
        return int(pipe.execute()[1])

    def add(self, key: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        if self._redis is None:
            self._memory[key].append(now)
            if len(self._memory) > 50_000:  # forget clients gone quiet
                for old in [k for k, q in self._memory.items() if not q or q[-1] <= now - WINDOW]:
                    del self._memory[old]
            return
        import secrets

        pipe = self._redis.pipeline()
        pipe.zadd(self.prefix + key, {f"{now}:{secrets.token_hex(4)}": now})
        pipe.expire(self.prefix + key, int(WINDOW) + 60)
        pipe.execute()


@cache
def counts_for(redis_url: str) -> Counts:
    """One set of counts per process and store: the team room, Telegram and REST share it, so
    the installation's limit is one limit, not one per channel."""
    return Counts(redis_url)


class JoinLimits:
    def __init__(self, settings) -> None:
        self.settings = settings
        self.counts = counts_for(settings.redis_url)
        self.per_client = settings.join_failures
        self.overall = settings.join_failures_total
        self.sessions = settings.sessions_per_hour
        self._secret: bytes | None = None

    def _client(self, client: str) -> str:
        if self._secret is None:  # read when first needed, not when the channel is made
            from bot.config import secret

            self._secret = hmac.new(secret(self.settings), b"limits", hashlib.sha256).digest()
        return hmac.new(self._secret, client.encode(), hashlib.sha256).hexdigest()[:32]

    async def refusal(self, client: str, text: str) -> str | None:
        """None when the message may go on to the assistant; else what to say instead."""
        from bot.coach import joincode, service

        code = joincode.normalize(text)
        if code is None:
            return None
        key = f"join:{self._client(client)}"
        if await in_thread(self.counts.count, key) >= self.per_client:
            return TOO_MANY_TRIES
        if await in_thread(self.counts.count, "join:all") >= self.overall:
            return TOO_MANY_OVERALL
        if not await in_thread(service.code_exists, code):
            await in_thread(self.counts.add, key)
            await in_thread(self.counts.add, "join:all")
        return None

    async def new_session(self, client: str) -> str | None:
        """None when the client may have one more team-room session; else the refusal."""
        key = f"session:{self._client(client)}"
        if await in_thread(self.counts.count, key) >= self.sessions:
            return TOO_MANY_SESSIONS
        await in_thread(self.counts.add, key)
        return None


def client_address(request, trusted: frozenset[str] = frozenset({"127.0.0.1", "::1"})) -> str:
    """The client's address: the peer's, or, when the peer is a proxy on this machine (haproxy
    in front), the address the proxy added last to X-Forwarded-For. Earlier entries, and
    earlier headers of that name (haproxy adds its own), are the client's own claims."""
    peer = request.ip or ""
    forwarded = ",".join(request.headers.getall("x-forwarded-for", []))
    if peer in trusted and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return peer
