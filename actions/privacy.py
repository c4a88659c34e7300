"""The person's own data: see it, delete it (after a confirmation), and the owner's delete of
the whole team."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker

from actions.common import acting_person, answers_question, in_group_chat, member_key
from bot.coach import service
from bot.concurrency import in_thread
from bot.safety import privacy

NOTHING_TO_CONFIRM = (
    "Der er ikke noget at bekræfte lige nu. Skriv '{what}', hvis det er det, du vil, så "
    "spørger jeg først."
)
ONLY_OWNER = (
    "Kun den, der oprettede teamet, kan slette det. Du kan slette dine egne data med 'slet "
    "mine data'."
)
IN_GROUP = (
    "Her i gruppen kan jeg ikke slette den enkeltes data. Skriv /slet til mig i en privat "
    "chat. Gruppens egne data slettes, når den, der oprettede teamet, sletter teamet."
)


class ActionAskDelete(Action):
    def name(self) -> str:
        return "action_ask_delete"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if in_group_chat(tracker):
            dispatcher.utter_message(
                text=IN_GROUP, buttons=[{"title": "Slet hele teamet", "payload": "/delete_team"}]
            )
            return []
        summary = await in_thread(service.team_summary, member_key(tracker))
        team = f" og dit medlemskab af {summary['name']}" if summary else ""
        dispatcher.utter_message(
            text=f"Vil du have slettet alt om dig? Det er samtalen her{team} og dine anonyme "
            "pulssvar. Teamets fælles plan bliver. Det kan ikke fortrydes.",
            buttons=[
                {"title": "Ja, slet alt om mig", "payload": "/confirm_delete"},
                {"title": "Nej, behold det", "payload": "/deny"},
                {"title": "Se mine data", "payload": "/my_data"},
            ],
        )
        return []


class ActionDeleteMyData(Action):
    def name(self) -> str:
        return "action_delete_my_data"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if in_group_chat(tracker):
            dispatcher.utter_message(text=IN_GROUP)
            return []
        if not answers_question(tracker, "action_ask_delete"):
            dispatcher.utter_message(text=NOTHING_TO_CONFIRM.format(what="slet mine data"))
            return []
        await in_thread(privacy.forget, member_key(tracker))
        dispatcher.utter_message(
            text="Det er slettet: dit medlemskab og dine pulssvar nu, og samtalen her om et "
            "øjeblik. Skriv 'hej', hvis du vil begynde forfra."
        )
        return []


class ActionMyData(Action):
    def name(self) -> str:
        return "action_my_data"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = await in_thread(privacy.my_data, member_key(tracker))
        dispatcher.utter_message(
            text=text, buttons=[{"title": "Slet mine data", "payload": "/delete_my_data"}]
        )
        return []


class ActionAskDeleteTeam(Action):
    def name(self) -> str:
        return "action_ask_delete_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        summary = await in_thread(service.team_summary, member_key(tracker))
        if summary is None:
            dispatcher.utter_message(text="Du er ikke med i et team.")
            return []
        if not await in_thread(privacy.owns_team_of, acting_person(tracker), member_key(tracker)):
            dispatcher.utter_message(text=ONLY_OWNER)
            return []
        dispatcher.utter_message(
            text=f"Vil du slette hele teamet {summary['name']}: kortlægning, plan, "
            "opfølgning, målinger og alle medlemmers samtaler? Kun den, der oprettede "
            "teamet, kan det. Det kan ikke fortrydes.",
            buttons=[
                {"title": "Ja, slet teamet", "payload": "/confirm_delete_team"},
                {"title": "Nej, behold det", "payload": "/deny"},
            ],
        )
        return []


class ActionDeleteTeam(Action):
    def name(self) -> str:
        return "action_delete_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if not answers_question(tracker, "action_ask_delete_team"):
            dispatcher.utter_message(text=NOTHING_TO_CONFIRM.format(what="slet teamet"))
            return []
        name = await in_thread(privacy.forget_team, acting_person(tracker), member_key(tracker))
        if name is None:
            dispatcher.utter_message(text=ONLY_OWNER)
            return []
        dispatcher.utter_message(
            text=f"Teamet {name} er slettet, og alle samtaler om det slettes om et øjeblik."
        )
        return []
