"""What every channel does to incoming text."""

from __future__ import annotations

import unicodedata

from bot.concurrency import in_thread

__all__ = ["clean_text", "in_thread"]


def clean_text(text: str) -> str:
    """Drop control characters (keeping line breaks) and surrounding white space."""
    kept = (
        ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " "
        for ch in unicodedata.normalize("NFC", text)
    )
    return "".join(kept).strip()
