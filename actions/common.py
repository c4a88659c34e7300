"""Helpers shared by the actions: run blocking work off the event loop, common buttons."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Tracker

T = TypeVar("T")


async def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Database and search calls block: run them in a worker thread, not in `async run()`."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(fn, *args, **kwargs))


def user_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def read_more_button(entry_id: str, title: str = "Læs mere") -> dict[str, str]:
    return {"title": title, "payload": f'/read_more{{"kb_id":"{entry_id}"}}'}


MENU_BUTTONS = [
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Hvad kan du?", "payload": "/help"},
]

ANYTHING_ELSE = "Hvad vil I gerne videre med?"
ANYTHING_ELSE_BUTTONS = [
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Stil et spørgsmål", "payload": "/help"},
    {"title": "Hvor er vi?", "payload": "/status"},
]
