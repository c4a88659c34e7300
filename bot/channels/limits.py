"""How long a message may be, checked before anything else is done with it, and payloads
(button presses, "/intent{...}") cleaned so that they stay on one line."""

from __future__ import annotations

import unicodedata

from bot.channels.common import clean_text

# Raw text longer than this many times the limit is refused before it is even cleaned.
RAW_FACTOR = 4


def too_long(max_chars: int) -> str:
    return f"Beskeden er for lang. Skriv højst {max_chars} tegn ad gangen."


def clean_payload(payload: str) -> str:
    """A payload without control characters, line breaks included: it is one command."""
    kept = (
        " " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch
        for ch in unicodedata.normalize("NFC", payload)
    )
    return " ".join("".join(kept).split())


def read_text(raw: str, max_chars: int) -> tuple[str, str | None]:
    """(the cleaned text, None), or ("", a polite Danish refusal). The length is checked
    first, on the raw text, so that a huge message costs nothing."""
    if len(raw) > RAW_FACTOR * max_chars:
        return "", too_long(max_chars)
    text = clean_payload(raw) if raw.lstrip().startswith("/") else clean_text(raw)
    if len(text) > max_chars:
        return "", too_long(max_chars)
    if not text:
        return "", "Skriv en besked først."
    return text, None
