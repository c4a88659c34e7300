"""The anonymous pulse in the conversation: open, answer alone (1-5 per theme), close.

A score is written to the app database under a keyed hash and never to a slot: the slot only
marks the question as answered. No answer is echoed back.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.common import (
    acting_person,
    in_group_chat,
    member_key,
    message_metadata,
    theme_button,
)
from actions.forms import TypedForm
from actions.mapping import OFFER_THEMES
from bot.coach import service
from bot.coach.themes import label
from bot.concurrency import in_thread
from bot.themes import THEME_LABELS

SLOTS = {f"pulse_{theme}": theme for theme in THEME_LABELS}
ANSWERED, SKIPPED = "besvaret", "sprunget over"
# The fixed texts are responses in domain/pulse.yml (utter_pulse_*); a result comes from
# bot/coach/service.py.
# Why a person may not answer (service.pulse_access) -> what they are told.
CANNOT_ANSWER = {
    "intet_team": "utter_pulse_no_team",
    "afventer": "utter_pulse_awaiting_approval",
    "ingen_maaling": "utter_pulse_none_open",
}
# After the last result, and where there is no round to close.
NEW_ROUND_BUTTONS = [{"title": "Start en ny måling", "payload": "/start_pulse"}]


async def private_answer_button(tracker: Tracker) -> dict[str, str] | None:
    """In a Telegram group: a link that opens a private chat which joins the team and asks
    the pulse questions there, never in the group."""
    bot = message_metadata(tracker).get("bot_username")
    summary = await in_thread(service.team_summary, member_key(tracker))
    if not bot or summary is None:
        return None
    return {"title": "Svar privat", "url": f"https://t.me/{bot}?start=puls-{summary['code']}"}


class ActionStartPulse(Action):
    def name(self) -> str:
        return "action_start_pulse"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        # How many have answered is never said while the round is open: someone watching the
        # count grow would learn who answered when (and, with the result, what).
        if not await in_thread(service.open_pulse, member_key(tracker)):
            dispatcher.utter_message(response="utter_pulse_no_team")
            return []
        if in_group_chat(tracker) and (link := await private_answer_button(tracker)):
            # Both buttons are passed, so that the link comes first (Rasa puts a response's own
            # buttons before those passed).
            close = {"title": "Luk målingen og se resultatet", "payload": "/close_pulse"}
            dispatcher.utter_message(response="utter_pulse_answer_privately", buttons=[link, close])
            return []
        dispatcher.utter_message(response="utter_pulse_opened")
        return []


class ValidatePulseForm(TypedForm):
    questions = {slot: "pulse" for slot in SLOTS}
    acknowledge = False  # a score is never echoed back
    stop_response = "utter_pulse_stopped"

    def name(self) -> str:
        return "validate_pulse_form"

    def skipped_value(self, slot: str) -> Any:
        return SKIPPED

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        """Never ask or take pulse answers where others read along (a group chat)."""
        if in_group_chat(tracker):
            if link := await private_answer_button(tracker):
                dispatcher.utter_message(response="utter_pulse_answer_privately", buttons=[link])
            else:
                dispatcher.utter_message(response="utter_pulse_no_team_in_group")
            return [SlotSet("requested_slot", None)]
        if tracker.get_slot("requested_slot") is None:  # the form starts: may they answer?
            access = await in_thread(service.pulse_access, member_key(tracker))
            if access != "ja":
                dispatcher.utter_message(response=CANNOT_ANSWER[access])
                return [SlotSet(s, SKIPPED) for s in SLOTS] + [SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    async def accept(self, slot, value, dispatcher, tracker) -> list[dict[str, Any]]:
        if value == SKIPPED:
            return [SlotSet(slot, SKIPPED)]
        if not await in_thread(service.answer_pulse, member_key(tracker), SLOTS[slot], value):
            dispatcher.utter_message(response="utter_pulse_closed_before_answer")
            return [SlotSet(s, SKIPPED) for s in SLOTS]
        # The slot only marks the question as answered; the score lives in the database.
        return [SlotSet(slot, ANSWERED)]


class ActionPulseThanks(Action):
    def name(self) -> str:
        return "action_pulse_thanks"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if any(tracker.get_slot(s) == ANSWERED for s in SLOTS):
            dispatcher.utter_message(response="utter_pulse_thanks")
        return [SlotSet(s, None) for s in SLOTS]


class ActionClosePulse(Action):
    """ "Luk målingen": only the owner closes, and below the threshold only when they insist,
    since closing then loses the answers; any member sees the last result."""

    def name(self) -> str:
        return "action_close_pulse"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        force = next(tracker.get_latest_entity_values("pulse_force"), None) == "ja"
        closing = await in_thread(
            service.close_pulse, member_key(tracker), acting_person(tracker), force
        )
        if closing.outcome == "ingen":
            last = await in_thread(service.latest_pulse_result, member_key(tracker))
            if last:
                dispatcher.utter_message(text=last, buttons=NEW_ROUND_BUTTONS)
            else:
                dispatcher.utter_message(
                    response="utter_pulse_nothing_to_close", buttons=NEW_ROUND_BUTTONS
                )
        elif closing.outcome == "for_faa":
            dispatcher.utter_message(
                text=closing.text,
                buttons=[
                    {"title": "Lad den være åben", "payload": "/deny"},
                    {"title": "Luk alligevel", "payload": '/close_pulse{"pulse_force":"ja"}'},
                ],
            )
        elif closing.outcome == "ikke_ejer":
            dispatcher.utter_message(text=closing.text)
        else:
            text, offered, events = closing.text, closing.added[:4], []
            if offered:
                text += "\nDe laveste er skrevet ind som problemer. Hvad vil I arbejde med først?"
                # "det første" or "nr. 2" picks from the themes offered, as after the
                # mapping's summary.
                events = [
                    SlotSet("theme", offered[0]),
                    SlotSet("offer", OFFER_THEMES + ",".join(offered)),
                ]
            buttons = [theme_button(t, label(t).capitalize()) for t in offered]
            dispatcher.utter_message(text=text, buttons=buttons or None)
            if await in_thread(service.sickness_absence_of, member_key(tracker)) is None:
                dispatcher.utter_message(response="utter_pulse_absence_question")
            return events
        return []
