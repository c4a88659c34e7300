"""Create a team, join one by code, and greet a returning team with where it stands."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions.common import in_thread
from bot.coach import joincode, service, teams

GREETING = (
    "Hej. Jeg er Trivselscoach, og jeg hjælper jer i teamet med at finde det, der belaster "
    "arbejdsmiljøet, vælge en indsats, der virker, og lægge en plan.\n"
    "Jeg er ikke terapi og ikke en myndighed, men et redskab bygget på forskning om små og "
    "mellemstore virksomheder.\n"
    "Opret jeres team, eller tilslut dig med en kode, og start så med en kortlægning.\n"
    "Jeg gemmer samtalen og teamets plan, men ikke navne, så I kan fortsætte en anden dag. "
    "Skriv 'mine data' for at se det, og 'slet mine data' for at slette det."
)
GREETING_BUTTONS = [
    {"title": "Opret et team", "payload": "/create_team"},
    {"title": "Jeg har en kode", "payload": "/join_team"},
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Hvad kan du?", "payload": "/help"},
]


def member_key(tracker: Tracker) -> str:
    """The pseudonymous member id: channel and the channel's sender id.

    A follow-up the scheduler starts in a conversation Rasa has not seen (its tracker store
    was emptied, say) names the channel itself, as the entity `channel`."""
    channel = tracker.get_latest_input_channel() or next(
        tracker.get_latest_entity_values("channel"), None
    )
    return teams.member_id(channel or "rest", tracker.sender_id)


class ValidateTeamForm(FormValidationAction):
    def name(self) -> str:
        return "validate_team_form"

    async def validate_team_name(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        name = " ".join(str(value or "").split())
        if not 2 <= len(name) <= 60 or name.startswith("/"):
            dispatcher.utter_message(text="Navnet skal være mellem 2 og 60 tegn.")
            return {"team_name": None}
        return {"team_name": name}


class ValidateJoinForm(FormValidationAction):
    def name(self) -> str:
        return "validate_join_form"

    async def validate_join_code(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        code = joincode.normalize(str(value or ""))
        if code is None or not await in_thread(service.code_exists, code):
            dispatcher.utter_message(
                text="Den kode kender jeg ikke. Tjek den med den, der oprettede teamet."
            )
            return {"join_code": None}
        return {"join_code": code}


class ActionCreateTeam(Action):
    def name(self) -> str:
        return "action_create_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        try:
            name, code = await in_thread(
                service.create_team, member_key(tracker), tracker.get_slot("team_name")
            )
        except teams.TeamError as exc:
            dispatcher.utter_message(text=str(exc))
            return [SlotSet("team_name", None)]
        dispatcher.utter_message(
            text=f"Teamet {name} er oprettet. Jeres kode er {code}.\n"
            "Giv den til de andre, så kan de komme med fra deres egen telefon eller computer.",
            buttons=[
                {"title": "Fortæl om jer (2 min.)", "payload": "/give_context"},
                {"title": "Start kortlægning", "payload": "/start_mapping"},
            ],
        )
        return [SlotSet("team_name", None)]


class ActionJoinTeam(Action):
    def name(self) -> str:
        return "action_join_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        try:
            name = await in_thread(
                service.join_team, member_key(tracker), tracker.get_slot("join_code") or ""
            )
        except teams.TeamError as exc:
            dispatcher.utter_message(text=str(exc))
            return [SlotSet("join_code", None)]
        dispatcher.utter_message(
            text=f"Velkommen i {name}. Du ser nu det samme som resten af teamet.",
            buttons=[{"title": "Hvor er vi?", "payload": "/status"}],
        )
        return [SlotSet("join_code", None)]


class ActionGreet(Action):
    """A returning team is greeted with where it stands; a new one with what the coach does."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        summary = await in_thread(service.team_summary, member_key(tracker))
        if summary is None:
            dispatcher.utter_message(text=GREETING, buttons=GREETING_BUTTONS)
            return []
        dispatcher.utter_message(
            text=f"Velkommen tilbage, {summary['name']}. I er nået til "
            f"{summary['step']}: {summary['problems']} kortlagt og "
            f"{summary['actions']} i planen.",
            buttons=[
                {"title": "Fortsæt, hvor vi var", "payload": "/continue"},
                {"title": "Hvor er vi?", "payload": "/status"},
            ],
        )
        return []


class ActionAskTeamName(Action):
    def name(self) -> str:
        return "action_ask_team_name"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text='Hvad skal jeres team hedde? Fx "Værkstedet" eller "Plejen, aftenvagt".'
        )
        return []


class ActionAskJoinCode(Action):
    def name(self) -> str:
        return "action_ask_join_code"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="Skriv koden. Den er tre ord og to tal, fx sol-hest-mark-42.")
        return []
