"""What every channel does to incoming text."""

from __future__ import annotations

import time
import unicodedata
from collections import deque

__all__ = ["RateLimit", "TOO_FAST", "UNAVAILABLE", "clean_text"]

TOO_FAST = "Du skriver hurtigere, end jeg kan følge med. Vent et øjeblik, og prøv så igen."
# Said when a message got no answer: a server or the database is down, or an action failed
# (Rasa then says nothing). Every message a person writes gets an answer, this one at least.
UNAVAILABLE = "Jeg kan ikke svare lige nu. Prøv igen om lidt."


def clean_text(text: str) -> str:
    """Drop control characters (keeping line breaks) and surrounding white space."""
    kept = (
        ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " "
        for ch in unicodedata.normalize("NFC", text)
    )
    return "".join(kept).strip()


class RateLimit:
    """At most `per_minute` messages a minute from one sender (counted in this process)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._warned: set[str] = set()

    def allow(self, sender: str) -> bool:
        now = time.monotonic()
        if len(self._seen) > 10_000:  # forget senders that have gone quiet
            self._seen = {k: q for k, q in self._seen.items() if q and q[-1] > now - 60}
        recent = self._seen.setdefault(sender, deque())
        while recent and recent[0] <= now - 60:
            recent.popleft()
        if len(recent) >= self.per_minute:
            return False
        recent.append(now)
        self._warned.discard(sender)
        return True

    def first_refusal(self, sender: str) -> bool:
        """True once per burst: tell the sender to slow down once, not for every message."""
        if sender in self._warned:
            return False
        self._warned.add(sender)
        return True


# Headers of the plan export (an HTML document of the team's plan), in every channel.
EXPORT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # the team's plan: never kept by a browser or a proxy
}
