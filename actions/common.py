"""Helpers shared by the actions: run blocking work off the event loop, common buttons."""

from __future__ import annotations

import functools
from typing import Any

from rasa_sdk import Action, Tracker

from bot.concurrency import in_thread

__all__ = ["in_thread"]


def user_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    """What the channel told about the latest message (chat type, bot name, button title)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def in_group_chat(tracker: Tracker) -> bool:
    """A Telegram group: everyone in it reads the conversation."""
    return message_metadata(tracker).get("chat_type") in ("group", "supergroup")


def read_more_button(entry_id: str, title: str = "Læs mere") -> dict[str, str]:
    return {"title": title, "payload": f'/read_more{{"kb_id":"{entry_id}"}}'}


MENU_BUTTONS = [
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Hvad kan du?", "payload": "/help"},
]

# Offered wherever something can only be stored for a team.
TEAM_BUTTONS = [
    {"title": "Opret et team", "payload": "/create_team"},
    {"title": "Jeg har en kode", "payload": "/join_team"},
]

ANYTHING_ELSE = "Hvad vil I gerne videre med?"
ANYTHING_ELSE_BUTTONS = [
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Stil et spørgsmål", "payload": "/help"},
    {"title": "Hvor er vi?", "payload": "/status"},
]


async def answer_if_question(dispatcher, tracker: Tracker) -> bool:
    """In a form, a knowledge question typed instead of an answer is answered first.

    Button answers ("Byggeri") can look like questions to the model, so forms take every
    text and only treat it as a question once it fails as an answer.
    """
    from bot.coach import answers
    from bot.kb import service

    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != "ask_knowledge":
        return False
    hits = await in_thread(service.search, user_text(tracker))
    if not hits:
        return False
    dispatcher.utter_message(text=answers.short_answer(hits[0].entry))
    return True


def ask_action(slot: str, text: str, buttons: list[dict[str, str]]) -> type[Action]:
    """The `action_ask_<slot>` a form runs to ask for a slot: a question with buttons."""

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=text, buttons=buttons)
        return []

    return type(f"Ask_{slot}", (Action,), {"name": lambda self: f"action_ask_{slot}", "run": run})


class OneValidation:
    """Mixin for a form whose slots are all checked the same way.

    `validate_<slot>` is looked up by name for every slot in `form_slots`; a form writes
    `check(slot, value, dispatcher, tracker, domain)` once. A mixin, not an Action: rasa-sdk
    registers every Action subclass it finds, and this one has no name of its own.
    """

    form_slots: tuple[str, ...] = ()

    def __getattr__(self, name: str):
        slot = name.removeprefix("validate_")
        if name.startswith("validate_") and slot in self.form_slots:
            return functools.partial(self.check, slot)
        raise AttributeError(name)

    async def check(self, slot, value, dispatcher, tracker, domain) -> dict[str, Any]:
        raise NotImplementedError
