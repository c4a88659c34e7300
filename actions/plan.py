"""Choosing an intervention, the FIT check, and adding concrete actions to the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions.common import (
    TEAM_BUTTONS,
    OneValidation,
    answer_if_question,
    ask_action,
    in_thread,
    read_more_button,
)
from actions.followup import followup_choices
from actions.teams import member_key
from bot.coach import fit, followup_service, service
from bot.coach.dates import DateError, danish_date, parse_deadline
from bot.coach.themes import canonical
from bot.kb import service as kb

FIT_SLOTS = list(fit.QUESTIONS)
PLAN_QUESTIONS = {
    "plan_what": "Hvad vil I konkret gøre? Skriv det kort, fx 'Ti minutters morgenmøde om "
    "mandagen'.",
    "plan_owner": "Hvem står for det? Det kan være en rolle, fx 'formanden' eller "
    "'arbejdsmiljørepræsentanten'.",
    "plan_deadline": "Hvornår skal det være gjort? Fx '15/3' eller 'om fire uger'.",
    "plan_success": "Hvordan ved I, at det virker? Fx 'Alle har holdt frokostpause i fire uger'.",
    "plan_involvement": "Hvordan inddrager I de andre?",
    "plan_circumstances": "Hvad kan komme i vejen, fx travlhed, fravær eller et nyt system? "
    "Og hvad gør I så?",
}
INVOLVEMENT_BUTTONS = {
    "Vi finder løsninger sammen": "faelles_loesninger",
    "De bakker op om en beslutning": "opbakning",
    "Vi deler beslutningen": "delte_beslutninger",
}
SKIP = {"spring over", "ved ikke", "skip"}


FIT_BUTTONS = [{"title": label, "payload": label} for label in fit.ANSWERS.values()]
ASK_ACTIONS = [ask_action(s, q, FIT_BUTTONS) for s, q in fit.QUESTIONS.items()] + [
    ask_action(
        s,
        q,
        [{"title": t, "payload": t} for t in INVOLVEMENT_BUTTONS]
        if s == "plan_involvement"
        else [{"title": "Spring over", "payload": "spring over"}]
        if s in ("plan_success", "plan_circumstances")
        else [],
    )
    for s, q in PLAN_QUESTIONS.items()
]


class ActionChooseIntervention(Action):
    def name(self) -> str:
        return "action_choose_intervention"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(kb.get_index)
        entry = index.by_id.get(tracker.get_slot("kb_id") or "")
        if entry is None:
            dispatcher.utter_message(text="Hvilken indsats vil I vælge? Tryk på 'Vælg' under den.")
            return []
        theme = canonical(tracker.get_slot("theme"))
        await in_thread(service.choose_intervention, member_key(tracker), entry.id, theme)
        dispatcher.utter_message(
            text=f"I har valgt: {entry.title}. Lad os tjekke, om den passer til jer. "
            "Det er fire korte spørgsmål."
        )
        return [SlotSet("chosen_kb", entry.id)] + [SlotSet(s, None) for s in FIT_SLOTS]


class ValidateFitForm(OneValidation, FormValidationAction):
    form_slots = tuple(fit.QUESTIONS)

    def name(self) -> str:
        return "validate_fit_form"

    async def check(self, slot, value, dispatcher, tracker, domain) -> dict[str, Any]:
        answer = fit.parse(str(value or ""))
        if answer is None and await answer_if_question(dispatcher, tracker):
            return {slot: None}
        if answer is None:
            dispatcher.utter_message(text="Svar ja, delvist eller nej.")
        return {slot: answer}


class ActionFitResult(Action):
    def name(self) -> str:
        return "action_fit_result"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(kb.get_index)
        entry = index.by_id.get(tracker.get_slot("chosen_kb") or "")
        if entry is None:
            return []
        context = await in_thread(service.team_context, member_key(tracker))
        answers = {s: tracker.get_slot(s) for s in FIT_SLOTS}
        result = fit.verdict(answers, entry, index, context)
        lines = ["Den passer godt til jer." if result.fits else "Den passer ikke helt."]
        lines += list(result.messages)
        dispatcher.utter_message(text="\n".join(lines))
        if result.helpers:
            dispatcher.utter_message(
                text="Den kræver hjælp udefra. Her kan I få den:",
                buttons=[read_more_button(h.id, h.title) for h in result.helpers],
            )
        buttons = [{"title": "Lav handlingsplan", "payload": "/make_plan"}]
        if result.suggest_experiment or not result.fits:
            buttons.insert(
                0,
                {
                    "title": "Lav den som et kort forsøg",
                    "payload": '/make_plan{"plan_mode":"forsøg"}',
                },
            )
        buttons.append({"title": "Andre forslag", "payload": "/ask_intervention"})
        dispatcher.utter_message(text="Hvad vil I?", buttons=buttons)
        return []


class ValidatePlanForm(FormValidationAction):
    def name(self) -> str:
        return "validate_plan_form"

    @staticmethod
    def _text(value, minimum: int, problem: str, dispatcher) -> str | None:
        text = " ".join(str(value or "").split())
        if len(text) < minimum or text.startswith("/"):
            dispatcher.utter_message(text=problem)
            return None
        return text[:500]

    async def validate_plan_what(self, value, dispatcher, tracker, domain):
        return {"plan_what": self._text(value, 3, "Skriv kort, hvad I vil gøre.", dispatcher)}

    async def validate_plan_owner(self, value, dispatcher, tracker, domain):
        text = self._text(value, 2, "Skriv, hvem der står for det.", dispatcher)
        return {"plan_owner": text}

    async def validate_plan_deadline(self, value, dispatcher, tracker, domain):
        try:
            return {"plan_deadline": parse_deadline(str(value or ""), date.today()).isoformat()}
        except DateError as exc:
            dispatcher.utter_message(text=str(exc))
            return {"plan_deadline": None}

    async def validate_plan_success(self, value, dispatcher, tracker, domain):
        text = str(value or "").strip()
        return {"plan_success": "" if text.lower() in SKIP else text[:500]}

    async def validate_plan_involvement(self, value, dispatcher, tracker, domain):
        text = str(value or "").strip()
        choice = INVOLVEMENT_BUTTONS.get(text) or next(
            (v for k, v in INVOLVEMENT_BUTTONS.items() if k.lower() in text.lower()), None
        )
        if choice is None:
            dispatcher.utter_message(text="Vælg en af knapperne.")
        return {"plan_involvement": choice}

    async def validate_plan_circumstances(self, value, dispatcher, tracker, domain):
        text = str(value or "").strip()
        return {"plan_circumstances": "" if text.lower() in SKIP else text[:500]}


class ActionSavePlanAction(Action):
    def name(self) -> str:
        return "action_save_plan_action"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        deadline = tracker.get_slot("plan_deadline")
        fields = {
            "what": tracker.get_slot("plan_what"),
            "owner": tracker.get_slot("plan_owner"),
            "deadline": date.fromisoformat(deadline) if deadline else None,
            "success": tracker.get_slot("plan_success") or "",
            "involvement": tracker.get_slot("plan_involvement"),
            "circumstances": tracker.get_slot("plan_circumstances") or "",
            "kb_id": tracker.get_slot("chosen_kb"),
            "experiment": tracker.get_slot("plan_mode") == "forsøg",
        }
        reset = [SlotSet(s, None) for s in PLAN_QUESTIONS] + [SlotSet("plan_mode", None)]
        text = await in_thread(service.save_plan_action, member_key(tracker), fields)
        if text is None:
            dispatcher.utter_message(
                text="Planen skal høre til et team. Opret et team eller tilslut jer med en kode.",
                buttons=TEAM_BUTTONS,
            )
            return reset
        when = danish_date(fields["deadline"]) if fields["deadline"] else "uden frist"
        buttons = [
            {"title": "Tilføj en handling mere", "payload": "/make_plan"},
            {"title": "Vis planen", "payload": "/show_plan"},
        ]
        followup = await in_thread(followup_service.next_checkin_date, member_key(tracker))
        if followup is None:
            text = (
                f"Gemt: {fields['what']}, {fields['owner']}, {when}.\n"
                "Hvornår følger vi op på planen? Jeg foreslår om to uger. Jeg minder jer "
                "også om hver frist et par dage før."
            )
            buttons = followup_choices(date.today()) + buttons
        else:
            text = (
                f"Gemt: {fields['what']}, {fields['owner']}, {when}. Næste opfølgning: {followup}."
            )
        dispatcher.utter_message(text=text, buttons=buttons)
        return reset


class ActionEditPlan(Action):
    def name(self) -> str:
        return "action_edit_plan"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        answer = await in_thread(service.edit_plan, member_key(tracker), text, date.today())
        dispatcher.utter_message(
            text=answer, buttons=[{"title": "Vis planen", "payload": "/show_plan"}]
        )
        return []
