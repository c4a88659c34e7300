"""The context form: size, industry, representative, outside help, time, changes, pressure.

Every question has buttons and "Spring over"; typed answers are understood too.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions.common import TEAM_BUTTONS, OneValidation, answer_if_question, ask_action, in_thread
from actions.teams import member_key
from bot.coach import service
from bot.coach.context import QUESTIONS, SKIPPED, parse_answer

SLOTS = {f"ctx_{key}": key for key in QUESTIONS}
SKIP_BUTTON = {"title": "Spring over", "payload": "spring over"}


def _question(key: str) -> str:
    question, _options, several = QUESTIONS[key]
    return question + (" Vælg en eller skriv flere, adskilt med komma." if several else "")


ASK_ACTIONS = [
    ask_action(
        slot,
        _question(key),
        [{"title": label, "payload": label} for label in QUESTIONS[key][1].values()]
        + [SKIP_BUTTON],
    )
    for slot, key in SLOTS.items()
]


class ValidateContextForm(OneValidation, FormValidationAction):
    form_slots = tuple(SLOTS)

    def name(self) -> str:
        return "validate_context_form"

    async def check(self, slot, value, dispatcher, tracker, domain) -> dict[str, Any]:
        parsed = parse_answer(SLOTS[slot], str(value or ""))
        if parsed is None and await answer_if_question(dispatcher, tracker):
            return {slot: None}
        if parsed is None:
            options = ", ".join(QUESTIONS[SLOTS[slot]][1].values())
            dispatcher.utter_message(text=f"Det forstod jeg ikke. Vælg en af: {options}.")
        return {slot: parsed}


class ActionSaveContext(Action):
    def name(self) -> str:
        return "action_save_context"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        answers = {key: tracker.get_slot(slot) for slot, key in SLOTS.items()}
        answers = {k: v for k, v in answers.items() if v is not None}
        description = await in_thread(service.save_context, member_key(tracker), answers)
        reset = [SlotSet(slot, None) for slot in SLOTS]
        if description is None:
            dispatcher.utter_message(
                text="Jeg kan kun gemme det for et team. Opret et team eller tilslut jer med en "
                "kode først.",
                buttons=TEAM_BUTTONS,
            )
            return reset
        skipped = [k for k, v in answers.items() if v == SKIPPED]
        text = "Tak. " + (f"{description}. " if description else "")
        text += "Det bruger jeg, når jeg foreslår indsatser."
        if skipped:
            text += " I kan altid udfylde resten senere."
        dispatcher.utter_message(
            text=text, buttons=[{"title": "Start kortlægning", "payload": "/start_mapping"}]
        )
        return reset
