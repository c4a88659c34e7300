"""Where the team is and the way on: status, continue, go back, and yes or no to an offer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.choose import send_suggestions
from actions.common import (
    ANYTHING_ELSE_BUTTONS,
    MENU_BUTTONS,
    TEAM_BUTTONS,
    member_key,
    theme_button,
    user_text,
)
from actions.mapping import OFFER_DROP, OFFER_SUGGESTIONS, drop_problem
from actions.members import tell_owner_who_waits
from bot.coach import mapping, members
from bot.coach import service as coach
from bot.coach.teams import STEP_IN_A_SENTENCE
from bot.coach.themes import canonical, label
from bot.concurrency import in_thread
from bot.themes import THEME_LABELS

STEP_BUTTONS = {
    "kontekst": [("Fortæl om jer", "/give_context"), ("Start kortlægning", "/start_mapping")],
    "kortlaegning": [("Fortsæt kortlægningen", "/map_dialogue"), ("Hvor er vi?", "/status")],
    "valg": [("Se forslag", "/ask_intervention"), ("Lav handlingsplan", "/make_plan")],
    "handlingsplan": [("Vis planen", "/show_plan"), ("Tilføj en handling", "/make_plan")],
    "opfoelgning": [("Vis planen", "/show_plan"), ("Hvor er vi?", "/status")],
}


def step_buttons(step: str) -> list[dict[str, str]]:
    return [{"title": t, "payload": p} for t, p in STEP_BUTTONS[step]]


class ActionStatus(Action):
    def name(self) -> str:
        return "action_status"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = await in_thread(coach.status_text, member_key(tracker))
        if text is not None:
            dispatcher.utter_message(text=text, buttons=MENU_BUTTONS)
            await tell_owner_who_waits(dispatcher, tracker)
            return []
        waiting = await in_thread(members.status, member_key(tracker))
        if waiting is not None:
            dispatcher.utter_message(response="utter_members_waiting", name=waiting[0])
            return []
        named = [t for t in (tracker.get_slot("themes_named") or []) if t in THEME_LABELS]
        if not named:
            dispatcher.utter_message(
                response="utter_navigation_no_team",
                buttons=TEAM_BUTTONS
                + [{"title": "Start kortlægning", "payload": "/start_mapping"}],
            )
            return []
        listed = ", ".join(label(t) for t in named)
        dispatcher.utter_message(
            response="utter_navigation_mapping_begun",
            themes=listed,
            buttons=[theme_button(t, f"Forslag: {label(t)}") for t in named[:3]],
        )
        return []


class ActionContinue(Action):
    """'Lad os fortsætte': pick up where the team was, on any device or channel."""

    def name(self) -> str:
        return "action_continue"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        step = await in_thread(coach.current_step, member_key(tracker))
        if step is None:
            dispatcher.utter_message(
                response="utter_navigation_anything_else", buttons=ANYTHING_ELSE_BUTTONS
            )
            return []
        dispatcher.utter_message(
            response="utter_navigation_step_reached",
            step=STEP_IN_A_SENTENCE[step],
            buttons=step_buttons(step),
        )
        return []


class ActionGoBack(Action):
    def name(self) -> str:
        return "action_go_back"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        step = await in_thread(coach.step_back, member_key(tracker))
        if step is None:
            dispatcher.utter_message(
                response="utter_navigation_anything_else", buttons=ANYTHING_ELSE_BUTTONS
            )
            return []
        dispatcher.utter_message(
            response="utter_navigation_step_back",
            step=STEP_IN_A_SENTENCE[step],
            buttons=step_buttons(step),
        )
        return []


def offer_just_made(tracker: Tracker) -> str | None:
    """The offer of the coach's last turn, which a "ja" now accepts; None when the team has
    written something else since (a "ja" then does not accept an offer made turns ago)."""
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > 1:
                return None
        elif event.get("event") == "slot" and event.get("name") == "offer" and users == 1:
            return event.get("value")
    return None


class ActionConfirm(Action):
    """'Ja': accept whatever the coach last offered."""

    def name(self) -> str:
        return "action_confirm"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        offer = offer_just_made(tracker)
        if offer == OFFER_SUGGESTIONS:
            return await send_suggestions(
                dispatcher, tracker, canonical(tracker.get_slot("theme")), ""
            )
        if offer and offer.startswith(OFFER_DROP):  # "Skal jeg fjerne ledelse?" "ja fjern det"
            return await drop_problem(dispatcher, tracker, offer[len(OFFER_DROP) :])
        if mapping.wants_own_words(user_text(tracker)):  # "ja med egne ord" to the mapping's start
            dispatcher.utter_message(response="utter_mapping_own_words")
            return []
        dispatcher.utter_message(
            response="utter_navigation_anything_else", buttons=ANYTHING_ELSE_BUTTONS
        )
        return []


class ActionDecline(Action):
    def name(self) -> str:
        return "action_decline"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_navigation_declined")
        dispatcher.utter_message(
            response="utter_navigation_anything_else", buttons=ANYTHING_ELSE_BUTTONS
        )
        return [SlotSet("offer", None)]
