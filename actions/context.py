"""The context form: size, industry, representative, outside help, time, changes, pressure.

Every question has buttons and "Spring over"; typed answers are read by bot/coach/reading. An
answer given before its question ("vi er et tømrerfirma med 12 mand") is already filled in.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.common import TEAM_BUTTONS, member_key, read_more_button
from actions.forms import CLOSE, TypedForm
from bot.coach import duties, service
from bot.coach.context import OPTIONS, SKIPPED, Context
from bot.concurrency import in_thread
from bot.kb import service as kb

SLOTS = {f"ctx_{key}": key for key in OPTIONS}


# How the coach says back what it understood from a typed answer.
SAID = {
    ("ctx_amr", "ja"): "I har en arbejdsmiljørepræsentant",
    ("ctx_amr", "nej"): "I har ingen arbejdsmiljørepræsentant",
    ("ctx_pressure", "lav"): "lederen er ikke særligt presset",
    ("ctx_pressure", "middel"): "lederen er en del presset",
    ("ctx_pressure", "hoej"): "lederen er meget presset",
    ("ctx_time", "under_1"): "højst en time om ugen",
    ("ctx_time", "1_2"): "1-2 timer om ugen",
    ("ctx_time", "over_2"): "mere end 2 timer om ugen",
}


def label(slot: str, value: Any) -> str:
    options = OPTIONS[SLOTS[slot]]
    if isinstance(value, list):
        if value == ["ingen"]:
            return "ingen" if slot == "ctx_outside_help" else "ingen andre forandringer"
        return ", ".join(options.get(v, v) for v in value).lower().replace("bfa", "BFA")
    if slot == "ctx_size":
        return f"{value} ansatte"
    return SAID.get((slot, value)) or options.get(value, str(value)).lower()


class ValidateContextForm(TypedForm):
    questions = {slot: slot for slot in SLOTS}
    stop_response = None  # action_save_context keeps what was answered

    def name(self) -> str:
        return "validate_context_form"

    def label(self, slot: str, value: Any) -> str:
        return label(slot, value)

    def button_title(self, slot: str, value: Any) -> str | None:
        options = OPTIONS[SLOTS[slot]]
        if isinstance(value, list):
            return options.get(value[0]) if len(value) == 1 else None
        return options.get(value)

    def skipped_value(self, slot: str) -> Any:
        return SKIPPED

    async def answered(self, slot, reading, text, dispatcher, tracker) -> list:
        """ "vi er 8 chauffører i et vognmandsfirma" to the size: both facts noted, both said."""
        entities = (tracker.latest_message or {}).get("entities") or []
        also = {
            e["entity"]: e["value"]
            for e in entities
            if e.get("entity") in SLOTS
            and e["entity"] != slot
            and tracker.get_slot(e["entity"]) in (None, e["value"])
        }
        known = {SLOTS[s]: v for s, v in {slot: reading.value, **also}.items()}
        said = Context.from_dict(known).describe() if also and reading.sure else ""
        if not said:  # one answer, or nothing the context can say back
            return await super().answered(slot, reading, text, dispatcher, tracker)
        dispatcher.utter_message(response="utter_context_noted", said=said)
        return await self.accept(slot, reading.value, dispatcher, tracker)

    async def leave(self, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """Stepping aside mid-way: what was answered is saved, the rest asked another time."""
        answers = {key: tracker.get_slot(slot) for slot, key in SLOTS.items()}
        answers = {k: v for k, v in answers.items() if v not in (None, SKIPPED)}
        if answers:
            await in_thread(service.save_context, member_key(tracker), answers)
        return [SlotSet(slot, None) for slot in SLOTS] + CLOSE

    async def stopped(self, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        # The questions not reached count as skipped, so the form is done and saves.
        return [SlotSet(slot, SKIPPED) for slot in SLOTS if tracker.get_slot(slot) is None]

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        starting = not tracker.get_slot("requested_slot")  # no question asked yet
        known = {s: tracker.get_slot(s) for s in SLOTS if tracker.get_slot(s) not in (None,)}
        if starting and known:
            said = Context.from_dict({SLOTS[s]: v for s, v in known.items()}).describe()
            if said:
                dispatcher.utter_message(response="utter_context_noted", said=said)
        return await super().run(dispatcher, tracker, domain)


# The thanks for the context: with what was understood, and with a word about what was skipped.
SAVED = {
    (True, False): "utter_context_saved",
    (True, True): "utter_context_saved_partly",
    (False, False): "utter_context_saved_nothing_said",
    (False, True): "utter_context_saved_partly_nothing_said",
}


class ActionSaveContext(Action):
    def name(self) -> str:
        return "action_save_context"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        answers = {key: tracker.get_slot(slot) for slot, key in SLOTS.items()}
        answers = {k: v for k, v in answers.items() if v is not None}
        description = await in_thread(service.save_context, member_key(tracker), answers)
        reset = [SlotSet(slot, None) for slot in SLOTS]
        if description is None:
            dispatcher.utter_message(response="utter_context_no_team", buttons=TEAM_BUTTONS)
            return reset
        skipped = any(v == SKIPPED for v in answers.values())
        saved = SAVED[bool(description), skipped]
        dispatcher.utter_message(response=saved, description=description)
        # What the law asks of a firm of this size, and the outside help for the trade.
        context = await in_thread(service.team_context, member_key(tracker))
        index = await in_thread(kb.get_index)
        note, helpers = duties.context_note(context or Context(), index.by_id)
        buttons = [{"title": "Start kortlægning", "payload": "/start_mapping"}]
        buttons += [read_more_button(e.id, HELP_BUTTONS.get(e.id, e.title)) for e in helpers[:2]]
        dispatcher.utter_message(text=note, buttons=buttons)
        return reset


# "Læs mere" about the outside help named after the context is saved.
HELP_BUTTONS = {kb_id: f"Om {name}" for kb_id, name in duties.SHORT_NAMES.items()} | {
    "bfa_branchefaellesskaber": "Om BFA",
    "brancheorganisationer_netvaerk": "Om brancheorganisationer",
}
