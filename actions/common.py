"""What the actions share: who is talking, what they typed, and the buttons offered everywhere."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.coach import teams
from bot.concurrency import in_thread


def member_key(tracker: Tracker) -> str:
    """The pseudonymous member id: channel and the channel's sender id.

    A follow-up the scheduler starts in a conversation Rasa has not seen (its tracker store
    was emptied, say) names the channel itself, as the entity `channel`."""
    channel = tracker.get_latest_input_channel() or next(
        tracker.get_latest_entity_values("channel"), None
    )
    return teams.member_id(channel or "rest", tracker.sender_id)


def acting_person(tracker: Tracker) -> str:
    """Whose rights count for this message: in a Telegram group the person who wrote or
    pressed (their own private chat's member id), never the group; elsewhere the sender."""
    sender = member_key(tracker)
    if in_group_chat(tracker):
        person = message_metadata(tracker).get("from_id")
        return teams.member_id("telegram", str(person)) if person else f"{sender}:ukendt"
    return sender


def answers_question(tracker: Tracker, ask_action: str) -> bool:
    """A confirmation counts only right after its question, from the person who was asked:
    the coach's last action before this message was `ask_action`, and in a group the same
    person wrote both."""
    events = tracker.events
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return False
    before, last = users[-2], users[-1]
    done = [
        e.get("name")
        for e in events[before:last]
        if e.get("event") == "action" and e.get("name") != "action_listen"
    ]
    if not done or done[-1] != ask_action:
        return False

    def who(event: dict) -> Any:
        return (event.get("metadata") or {}).get("from_id")

    return who(events[before]) == who(events[last])


def user_text(tracker: Tracker) -> str:
    """What the person typed; empty for a button that sent an intent ("/start_mapping")."""
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


def choose_button(entry_id: str, title: str = "Vælg") -> dict[str, str]:
    return {"title": title, "payload": f'/choose_intervention{{"kb_id":"{entry_id}"}}'}


def read_more_button(entry_id: str, title: str = "Læs mere") -> dict[str, str]:
    return {"title": title, "payload": f'/read_more{{"kb_id":"{entry_id}"}}'}


def theme_button(theme: str, title: str, intent: str = "ask_intervention") -> dict[str, str]:
    return {"title": title, "payload": f'/{intent}{{"theme":"{theme}"}}'}


MENU_BUTTONS = [
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Hvad kan du?", "payload": "/help"},
]

# Offered wherever something can only be stored for a team.
TEAM_BUTTONS = [
    {"title": "Opret et team", "payload": "/create_team"},
    {"title": "Jeg har en kode", "payload": "/join_team"},
]

# Offered with "Hvad vil I gerne videre med?" (utter_navigation_anything_else) and elsewhere.
ANYTHING_ELSE_BUTTONS = [
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Stil et spørgsmål", "payload": "/help"},
    {"title": "Hvor er vi?", "payload": "/status"},
]


async def answer_if_question(dispatcher, tracker: Tracker, any_intent: bool = False) -> bool:
    """A knowledge question typed where the coach asked something else is answered first.
    `any_intent`: a question is looked up whatever the intent model took it for."""
    from bot.coach import answers
    from bot.kb import service

    latest = tracker.latest_message or {}
    named = [e.get("value") for e in latest.get("entities") or [] if e.get("entity") == "kb_id"]
    asked = (latest.get("intent") or {}).get("name") == "ask_knowledge"
    if not (asked or named or any_intent):
        return False
    index = await in_thread(service.get_index)
    entry = index.by_id.get(named[0]) if named else None
    if entry is None:
        hits = await in_thread(service.search, user_text(tracker))
        entry = hits[0].entry if hits else None
    if entry is None:
        return False
    dispatcher.utter_message(text=answers.short_answer(entry))
    return True
