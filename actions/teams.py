"""Create a team, join one by code, and greet a returning team with where it stands."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.common import (
    ANYTHING_ELSE_BUTTONS,
    acting_person,
    member_key,
    user_text,
)
from actions.forms import REQUESTED, TypedForm
from actions.members import tell_owner_who_waits
from bot.coach import joincode, members, service, teams
from bot.coach.reading import Reading
from bot.coach.reading.names import name_in_request, read_team_name
from bot.coach.reading.questions import read
from bot.coach.reading.words import normalise
from bot.coach.teams import TeamError
from bot.concurrency import in_thread

# What the actions say is in domain/teams.yml (utter_teams_*).
LINK = "link:"  # a join_code slot value that is a code for another device of the same person
GREETING_BUTTONS = [  # the greeting's; the first two also where there is no team yet
    {"title": "Opret et team", "payload": "/create_team"},
    {"title": "Jeg har en kode", "payload": "/join_team"},
    {"title": "Start kortlægning", "payload": "/start_mapping"},
    {"title": "Hvad kan du?", "payload": "/help"},
]


class ValidateTeamForm(TypedForm):
    questions = {"team_name": "team_name"}
    acknowledge = False
    stop_buttons = ANYTHING_ELSE_BUTTONS

    def name(self) -> str:
        return "validate_team_form"

    def said_with_request(self, text: str) -> dict[str, Any]:
        name = name_in_request(text)
        return {"team_name": name} if name else {}

    async def read_reply(self, slot, text, tracker) -> Reading | None:
        reading = read("team_name", text)
        if reading is None or reading.control:
            return reading
        name = " ".join(str(reading.value).split())
        return Reading(name) if 2 <= len(name) <= 60 else None


class ActionRenameTeam(Action):
    """ "navnet skulle være Hjemmeplejen Nord", "omdøb teamet til Lageret"."""

    def name(self) -> str:
        return "action_rename_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = user_text(tracker)
        reading = read_team_name(text) if text else None
        name = reading.value if reading is not None else None
        if name is None or normalise(name) == normalise(text):
            dispatcher.utter_message(response="utter_teams_rename_how")
            return []
        try:
            stored = await in_thread(service.rename_team, member_key(tracker), name)
        except TeamError as exc:
            dispatcher.utter_message(text=str(exc))
            return []
        if stored is None:
            dispatcher.utter_message(response="utter_teams_no_team", buttons=GREETING_BUTTONS[:2])
            return []
        dispatcher.utter_message(response="utter_teams_renamed", name=stored)
        return []


class ValidateJoinForm(TypedForm):
    questions = {"join_code": "join_code"}
    acknowledge = False
    restarts = False  # a code typed here reads as "join_team": it is the answer
    stop_buttons = ANYTHING_ELSE_BUTTONS

    def name(self) -> str:
        return "validate_join_form"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        # "jeg er med, lederen har godkendt mig" read as a wish to join: a member who names no
        # code is told where they stand, not asked for one.
        text = user_text(tracker)
        starting = tracker.get_slot(REQUESTED) != "join_code"  # not yet asked for the code
        if starting and not joincode.normalize(text) and "kode" not in text.lower():
            summary = await in_thread(service.team_summary, member_key(tracker))
            if summary is not None:
                dispatcher.utter_message(
                    response="utter_teams_already_member", name=summary["name"]
                )
                return await self.leave(dispatcher, tracker)
            waiting = await in_thread(members.status, member_key(tracker))
            if waiting is not None:
                dispatcher.utter_message(response="utter_members_waiting", name=waiting[0])
                return await self.leave(dispatcher, tracker)
        return await super().run(dispatcher, tracker, domain)

    def question_of(self, slot: str) -> str:
        return "join_code"

    async def read_reply(self, slot, text, tracker) -> Reading | None:
        from bot.coach.reading.controls import read_control

        control = read_control(text)
        if control:
            return Reading(None, control=control)
        code = joincode.normalize(text)
        if code and await in_thread(service.code_exists, code):
            return Reading(code)
        digits = re.sub(r"\D", "", text)
        if len(digits) == 8 and not code:  # a code to use this device too ("1234 5678")
            return Reading(f"{LINK}{digits}")
        return None

    async def refusal(self, slot: str, text: str, misses: int) -> dict[str, str]:
        if joincode.normalize(text):
            return {"response": "utter_teams_unknown_code"}
        return await super().refusal(slot, text, misses)


class ActionCreateTeam(Action):
    def name(self) -> str:
        return "action_create_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        try:
            name, code = await in_thread(
                service.create_team,
                member_key(tracker),
                tracker.get_slot("team_name"),
                acting_person(tracker),
            )
        except teams.TeamError as exc:
            dispatcher.utter_message(text=str(exc))
            return [SlotSet("team_name", None)]
        dispatcher.utter_message(response="utter_teams_created", name=name, code=code)
        return [SlotSet("team_name", None)]


class ActionJoinTeam(Action):
    def name(self) -> str:
        return "action_join_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        typed = tracker.get_slot("join_code") or ""
        if typed.startswith(LINK):
            name = await in_thread(members.use_link_code, member_key(tracker), typed)
            if name:
                dispatcher.utter_message(response="utter_teams_device_linked", name=name)
            else:
                dispatcher.utter_message(response="utter_teams_link_code_invalid")
            return [SlotSet("join_code", None)]
        try:
            name, status = await in_thread(members.join, member_key(tracker), typed)
        except teams.TeamError as exc:
            dispatcher.utter_message(text=str(exc))
            return [SlotSet("join_code", None)]
        if status == teams.PENDING:
            dispatcher.utter_message(response="utter_members_waiting", name=name)
        else:
            dispatcher.utter_message(response="utter_teams_welcome", name=name)
            await tell_if_pulse_open(dispatcher, tracker)
        return [SlotSet("join_code", None)]


async def tell_if_pulse_open(dispatcher, tracker: Tracker) -> None:
    """A member who joins or comes back hears that a pulse waits for their answer."""
    if await in_thread(service.pulse_state, member_key(tracker)):
        dispatcher.utter_message(response="utter_teams_pulse_open")


class ActionGreet(Action):
    """A returning team is greeted with where it stands; a new one with what the coach does."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        summary = await in_thread(service.team_summary, member_key(tracker))
        if summary is None:
            membership = await in_thread(members.status, member_key(tracker))
            if membership is not None:  # waiting for the owner
                dispatcher.utter_message(response="utter_members_waiting", name=membership[0])
                return []
            dispatcher.utter_message(response="utter_teams_greeting", buttons=GREETING_BUTTONS)
            return []
        dispatcher.utter_message(
            response="utter_teams_welcome_back",
            name=summary["name"],
            step=summary["step"],
            problems=summary["problems"],
            actions=summary["actions"],
        )
        await tell_owner_who_waits(dispatcher, tracker)
        await tell_if_pulse_open(dispatcher, tracker)
        return []
