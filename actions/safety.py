"""Crisis and harassment: they interrupt every step, close any open form, and say where help is.

The crisis answer names 112, Livslinien and the person's own doctor, with the out-of-hours
doctor as it is in Denmark: lægevagten, which in the Capital Region is 1813.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.common import member_key, read_more_button, theme_button, user_text
from bot.coach import service
from bot.coach.themes import find_themes, label
from bot.concurrency import in_thread
from bot.safety import harassment, routes
from bot.safety.crisis import is_crisis

CLOSE_FORM = [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if routes.about_someone_else(user_text(tracker)):
            dispatcher.utter_message(response="utter_safety_crisis_someone")
            dispatcher.utter_message(response="utter_safety_crisis_continue_later")
            return list(CLOSE_FORM)
        dispatcher.utter_message(response="utter_safety_crisis")
        # What the message also said about work is not lost: it waits until they are ready.
        work = [h for h in find_themes(user_text(tracker)) if not is_crisis(h.words)]
        if work:
            dispatcher.utter_message(
                response="utter_safety_crisis_work_waits",
                topic=label(work[0].theme),
                words=work[0].words,
                buttons=[
                    theme_button(work[0].theme, "Fortsæt med det", "ask_intervention"),
                    {"title": "Ikke nu", "payload": "/deny"},
                ],
            )
            return [*CLOSE_FORM, SlotSet("theme", work[0].theme)]
        dispatcher.utter_message(response="utter_safety_crisis_continue_later")
        return list(CLOSE_FORM)


class ActionHarassment(Action):
    """Mobbing, harassment, violence: where help is (bot/safety/routes.py)."""

    def name(self) -> str:
        return "action_harassment"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        context = await in_thread(service.team_context, member_key(tracker))
        answer = routes.harassment_answer(user_text(tracker), getattr(context, "amr", None))
        dispatcher.utter_message(
            text=answer,
            buttons=[read_more_button(harassment.ENTRY, "Hvad siger reglerne?")],
        )
        return list(CLOSE_FORM)
