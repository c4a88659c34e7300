"""Reading typed (or pressed) answers to the coach's questions, in plain Python.

`read(question, text)` says what an answer means for one question: a `Reading` with the value
to store, a control ("stop", "back", ...) or None when it cannot tell. Every question that
offers buttons accepts the button's title and what people type instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reading:
    """What an answer means: the value to store, and whether the coach should ask back."""

    value: Any
    sure: bool = True
    control: str | None = None  # "stop", "back", "skip", "wait" or "wrong" instead of an answer
    # Words that can only be this answer ("brug forslaget" to the coach's proposal): no
    # request read from the same words wins over it.
    definite: bool = False
