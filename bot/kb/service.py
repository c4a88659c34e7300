"""The knowledge index the assistant answers from, read from the app database once."""

from __future__ import annotations

import threading

from bot.config import load_settings
from bot.db.session import session_scope
from bot.kb.loader import read_from_db
from bot.kb.search import Hit, KnowledgeIndex

_lock = threading.Lock()
_index: KnowledgeIndex | None = None


class KnowledgeNotLoaded(RuntimeError):
    pass


def get_index() -> KnowledgeIndex:
    """Build the index on first use (blocking: call it from a worker thread in async code)."""
    global _index
    with _lock:
        if _index is None:
            with session_scope() as session:
                entries = read_from_db(session)
            if not entries:
                raise KnowledgeNotLoaded(
                    "Vidensbasen er tom. Kør 'make knowledge' (trivselscoach load-knowledge)."
                )
            _index = KnowledgeIndex(entries)
        return _index


def warm() -> int:
    """Build the index and its question matcher now (blocking), so that the first question
    does not wait for them: built on first use, they held up every action of the server for
    seconds (9 s at 20 conversations at once on two cores, by make bench)."""
    index = get_index()
    index.matcher()
    return len(index.entries)


def reset_index() -> None:
    global _index
    with _lock:
        _index = None


def search(query: str, limit: int = 3, kinds=None) -> list[Hit]:
    return get_index().search(
        query, limit=limit, min_score=load_settings().kb_min_score, kinds=kinds
    )
