"""How a reply breaks the house style for Danish (docs/design.md, "Danish first"), as short
descriptions; [] when it reads as a Danish professional would write it."""

from __future__ import annotations

import re
import unicodedata

CHECKS = (
    # "2.5" as a decimal number: Danish writes "2,5". Section numbers ("afsnit 5.4") and
    # times ("kl. 10.30") are written with a point.
    (re.compile(r"(?<!afsnit )(?<!kl\. )(?<![\d.])\d+\.\d+(?![\d.])"), "decimalpunktum"),
    (
        re.compile(r"\b0 (?:handlinger|svar|problemer|forslag|temaer)\b"),
        "'0 ...' i stedet for 'ingen'",
    ),
    (re.compile(r"[^\s] {2,}[^\s]"), "dobbelt mellemrum"),
    (re.compile(r" [,.;:!?](?!\w)"), "mellemrum før tegn"),
    (re.compile(r"\b(?:ja|nej|delvist): (?:ja|nej|delvist) [A-ZÆØÅ]"), "brudt linje"),
    (re.compile(r"\bNone\b|\{[a-z_]+\}|\[\]"), "rå værdi"),
)


def problems(reply: str) -> list[str]:
    found = [f"{what}: {m.group(0)!r}" for pattern, what in CHECKS for m in pattern.finditer(reply)]
    found += [f"emoji: {ch!r}" for ch in reply if unicodedata.category(ch) == "So"]
    return found
