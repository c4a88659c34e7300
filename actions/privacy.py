"""The person's own data: see it, delete it (after a confirmation), and the owner's delete of
the whole team."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker

from actions.common import acting_person, answers_question, in_group_chat, member_key, user_text
from bot.coach import service
from bot.concurrency import in_thread
from bot.safety import privacy

# The fixed texts are responses in domain/privacy.yml (utter_privacy_*); "mine data" itself
# comes from bot/safety/privacy.py.


class ActionAskDelete(Action):
    def name(self) -> str:
        return "action_ask_delete"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if in_group_chat(tracker):
            dispatcher.utter_message(response="utter_privacy_delete_in_group")
            return []
        summary = await in_thread(service.team_summary, member_key(tracker))
        if summary:
            dispatcher.utter_message(
                response="utter_privacy_ask_delete_member", name=summary["name"]
            )
        else:
            dispatcher.utter_message(response="utter_privacy_ask_delete")
        return []


class ActionDeleteMyData(Action):
    def name(self) -> str:
        return "action_delete_my_data"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if in_group_chat(tracker):
            dispatcher.utter_message(response="utter_privacy_confirm_in_group")
            return []
        if not answers_question(tracker, "action_ask_delete"):
            dispatcher.utter_message(
                response="utter_privacy_nothing_to_confirm", what="slet mine data"
            )
            return []
        await in_thread(privacy.forget, member_key(tracker))
        dispatcher.utter_message(response="utter_privacy_deleted")
        return []


class ActionMyData(Action):
    def name(self) -> str:
        return "action_my_data"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        answer = privacy.who_sees(user_text(tracker))
        if answer:  # "kan chefen se det, jeg skriver?": that, plainly; the data a press away
            dispatcher.utter_message(
                text=answer, buttons=[{"title": "Se mine data", "payload": "/my_data"}]
            )
            return []
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
            dispatcher.utter_message(response="utter_privacy_no_team")
            return []
        if not await in_thread(privacy.owns_team_of, acting_person(tracker), member_key(tracker)):
            dispatcher.utter_message(response="utter_privacy_only_owner")
            return []
        dispatcher.utter_message(response="utter_privacy_ask_delete_team", name=summary["name"])
        return []


class ActionDeleteTeam(Action):
    def name(self) -> str:
        return "action_delete_team"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if not answers_question(tracker, "action_ask_delete_team"):
            dispatcher.utter_message(
                response="utter_privacy_nothing_to_confirm", what="slet teamet"
            )
            return []
        name = await in_thread(privacy.forget_team, acting_person(tracker), member_key(tracker))
        if name is None:
            dispatcher.utter_message(response="utter_privacy_only_owner")
            return []
        dispatcher.utter_message(response="utter_privacy_team_deleted", name=name)
        return []
