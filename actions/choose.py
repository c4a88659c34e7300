"""Vælg indsats: suggestions for a problem, "hvorfor?", choosing one (by its button, its name,
part of its name or its place: "nummer to", "den sidste") and the FIT check."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    MENU_BUTTONS,
    choose_button,
    member_key,
    read_more_button,
    user_text,
)
from actions.facilitate import step_of
from actions.forms import TypedForm
from actions.knowledge import OFFER_TRIAL, choosable
from actions.mapping import OFFER_SUGGESTIONS, current_theme, theme_buttons, theme_picked
from bot.coach import answers, facilitate, fit, recommend
from bot.coach import service as coach
from bot.coach.reading import Reading
from bot.coach.reading.choice import Option, read_choice
from bot.coach.reading.controls import WRONG, after_correction, read_control
from bot.coach.themes import canonical, label
from bot.concurrency import in_thread
from bot.kb import service as kb
from bot.safety import harassment

FIT_SLOTS = list(fit.QUESTIONS)
# In the FIT check: the intervention was the wrong one, not the answer to the question.
CHOSE_WRONG = re.compile(
    r"\b(?:valgte|valgt|tog|trykkede på|trykkede) (?:\w+ )?forkert\b|\bforkert (?:indsats|forslag|valg)\b|"
    r"\bden forkerte\b|\bvil (?:hellere )?have (?:en|den) anden\b"
)
WRONG_CHOICE = "wrong_choice"  # a control of this form only: choose again
MEANT_ANOTHER = re.compile(r"\b(?:jeg|vi) (?:mener|mente)\b|\bikke den\b")
# "vælg den", "den tager vi": the one just read about.
THAT_ONE = re.compile(r"^(?:\w+ ){0,3}(?:den|dén|det|denne|dette|den her)\b")
OTHER_SUGGESTIONS = {"title": "Andre forslag", "payload": "/ask_intervention"}
# Nothing is chosen: the FIT check waits, and the coach listens.
NOTHING_CHOSEN = [SlotSet("requested_slot", None), SlotSet("chosen_kb", None),
                  FollowupAction("action_listen")]  # fmt: skip


async def send_suggestions(
    dispatcher: CollectingDispatcher, tracker: Tracker, theme: str | None, text: str
) -> list[dict[str, Any]]:
    index = await in_thread(kb.get_index)
    context = await in_thread(coach.team_context, member_key(tracker))
    # Asked again for the same theme: "andre forslag" means the ones not shown yet.
    shown = tracker.get_slot("shown_kb") or []
    same_theme = theme is not None and theme == canonical(tracker.get_slot("theme"))
    exclude = tuple(shown) if same_theme and tracker.get_slot("offer") != OFFER_SUGGESTIONS else ()
    suggestions = recommend.suggest(index, theme, text, context, exclude=exclude)
    if not suggestions and exclude:
        dispatcher.utter_message(
            response="utter_choose_no_more_suggestions", buttons=theme_buttons("ask_intervention")
        )
        return [SlotSet("offer", None), SlotSet("shown_kb", [])]
    if not suggestions:
        dispatcher.utter_message(
            response="utter_choose_no_suggestion", buttons=theme_buttons("ask_intervention")
        )
        return [SlotSet("offer", None)]
    described = context.describe() if context else ""  # what the coach took into account
    if theme:
        intro = (
            "utter_choose_suggestions_theme_context"
            if described
            else "utter_choose_suggestions_theme"
        )
    else:
        intro = "utter_choose_suggestions_context" if described else "utter_choose_suggestions"
    dispatcher.utter_message(
        response=intro,
        count=len(suggestions),
        theme_name=label(theme) if theme else "",
        context=described,
    )
    reasons = recommend.why_each(suggestions)
    for number, (s, why) in enumerate(zip(suggestions, reasons, strict=True), 1):
        dispatcher.utter_message(
            text=card(number, s, index, first=number == 1, why=why),
            buttons=[choose_button(s.entry.id), read_more_button(s.entry.id)],
        )
    return [
        SlotSet("offer", None),
        SlotSet("kb_id", suggestions[0].entry.id),
        SlotSet("theme", theme),
        SlotSet("shown_kb", [s.entry.id for s in suggestions]),
    ]


def card(number: int, suggestion, index, first: bool = False, why: str | None = None) -> str:
    """A suggestion that fits a phone: title, one sentence, why it fits, how to carry it
    out (for the first measure), the source in a few words. The rest is behind "Læs mere"."""
    entry = suggestion.entry
    lines = [f"{number}. {entry.title}", answers.first_sentence(entry.short)]
    why = suggestion.reasons[0] if why is None and suggestion.reasons else why
    if why:
        lines.append(why)
    way = recommend.way_to_do(entry, index) if first else None
    if way is not None:
        lines.append(f"{recommend.WAYS.get(way.id, way.title)}.")
    lines.append(answers.card_source(entry))
    return "\n".join(lines)


class ActionSuggestInterventions(Action):
    def name(self) -> str:
        return "action_suggest_interventions"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        return await send_suggestions(
            dispatcher, tracker, current_theme(tracker), user_text(tracker)
        )


def shown_entries(tracker: Tracker, index) -> list:
    """The suggestions last shown, as entries."""
    return [index.by_id[i] for i in tracker.get_slot("shown_kb") or [] if i in index.by_id]


def pressed_entry(tracker: Tracker) -> str | None:
    entities = (tracker.latest_message or {}).get("entities") or []
    return next((e.get("value") for e in entities if e.get("entity") == "kb_id"), None)


class ActionChooseIntervention(Action):
    def name(self) -> str:
        return "action_choose_intervention"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        chosen = pressed_entry(tracker)
        theme = theme_picked(tracker) if chosen is None else None
        if theme:  # "det første" to "Hvad vil I arbejde med først?": that theme's suggestions
            return [SlotSet("theme", theme)] + await send_suggestions(
                dispatcher, tracker, theme, ""
            )
        index = await in_thread(kb.get_index)
        shown = shown_entries(tracker, index)
        text = user_text(tracker)
        if chosen is None and text and shown:
            options = [Option(e.id, e.title, e.keywords) for e in shown]
            reading = read_choice(text, options)
            chosen = reading.value if reading is not None and reading.sure else None
        if chosen is None and len(shown) == 1:
            chosen = shown[0].id
        last = index.by_id.get(tracker.get_slot("kb_id") or "")
        if (
            chosen is None
            and THAT_ONE.search(text.lower())
            and last is not None
            and (last in shown or choosable(last))
        ):
            chosen = last.id  # "vælg den", "den vil vi prøve" after reading about it
        entry = index.by_id.get(chosen or "")
        if entry is not None and entry.id == harassment.ENTRY:  # not a team exercise
            dispatcher.utter_message(response="utter_choose_not_a_team_task", buttons=MENU_BUTTONS)
            return list(NOTHING_CHOSEN)
        if entry is None:
            dispatcher.utter_message(
                response="utter_choose_which" if shown else "utter_choose_which_first_suggest",
                buttons=[choose_button(e.id, e.title[:60]) for e in shown] or MENU_BUTTONS,
            )
            # Nothing chosen yet: the FIT check waits (the rule would start it next).
            return list(NOTHING_CHOSEN)
        theme = canonical(tracker.get_slot("theme"))
        await in_thread(coach.choose_intervention, member_key(tracker), entry.id, theme)
        dispatcher.utter_message(response="utter_choose_chosen", intervention=entry.title)
        # "vi vil prøve et kort forsøg med faste pauser": what they try is said already.
        trying = facilitate.experiment_wish(text) if entry.id == facilitate.EXPERIMENT else None
        return (
            [
                SlotSet("chosen_kb", entry.id),
                SlotSet("kb_id", entry.id),
                SlotSet("method_step", step_of(entry.id)),  # a method run with the team
            ]
            + [SlotSet(s, None) for s in (*FIT_SLOTS, *facilitate.FRESH_CHOICE)]
            + ([SlotSet("exp_what", trying[0].upper() + trying[1:])] if trying else [])
        )


class ActionExplainWhy(Action):
    """'Hvorfor?': what the last suggestion or answer rests on, and how strong it is."""

    def name(self) -> str:
        return "action_explain_why"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(kb.get_index)
        entry = index.by_id.get(tracker.get_slot("kb_id") or "")
        if entry is None:
            dispatcher.utter_message(response="utter_choose_why_nothing", buttons=MENU_BUTTONS)
            return []
        dispatcher.utter_message(
            response="utter_choose_why",
            intervention=entry.title,
            section=answers.section_label(entry),
            evidence=answers.EVIDENCE_LABELS[entry.evidence],
            note=entry.evidence_note,
            references=answers.references(entry),
            buttons=([choose_button(entry.id, "Vælg den")] if choosable(entry) else [])
            + [OTHER_SUGGESTIONS],
        )
        return []


class ValidateFitForm(TypedForm):
    questions = {slot: slot for slot in fit.QUESTIONS}
    stop_response = "utter_choose_fit_stopped"

    def name(self) -> str:
        return "validate_fit_form"

    def label(self, slot: str, value: Any) -> str:
        return fit.ANSWERS.get(value, str(value))

    def button_title(self, slot: str, value: Any) -> str | None:
        return fit.ANSWERS.get(value)

    def skipped_value(self, slot: str) -> Any:
        return "delvist"  # not known: the fit cannot be counted on

    async def read_reply(self, slot: str, text: str, tracker: Tracker) -> Reading | None:
        """ "nej forkert, den med hvem der afgør", "jeg valgte forkert": the choice is wrong,
        not the answer "nej"."""
        if CHOSE_WRONG.search(text.lower()) or await self.names_another(text, tracker):
            return Reading(None, control=WRONG_CHOICE)
        return await super().read_reply(slot, text, tracker)

    async def names_another(self, text: str, tracker: Tracker) -> bool:
        if read_control(text) != WRONG and not MEANT_ANOTHER.search(text.lower()):
            return False
        index = await in_thread(kb.get_index)
        shown = shown_entries(tracker, index)
        reading = read_choice(
            after_correction(text), [Option(e.id, e.title, e.keywords) for e in shown]
        )
        return bool(reading and reading.sure and reading.value != tracker.get_slot("chosen_kb"))

    async def steer(self, control: str, slot: str, dispatcher, tracker, domain) -> list:
        if control != WRONG_CHOICE:  # "nej, det var ikke den" goes back a question
            return await super().steer(control, slot, dispatcher, tracker, domain)
        index = await in_thread(kb.get_index)
        shown = shown_entries(tracker, index)
        dispatcher.utter_message(
            response="utter_choose_again",
            buttons=[choose_button(e.id, e.title[:60]) for e in shown] + [OTHER_SUGGESTIONS],
        )
        return await self.leave(dispatcher, tracker)


class ActionFitResult(Action):
    def name(self) -> str:
        return "action_fit_result"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(kb.get_index)
        entry = index.by_id.get(tracker.get_slot("chosen_kb") or "")
        if entry is None:
            return []
        context = await in_thread(coach.team_context, member_key(tracker))
        fit_answers = {s: tracker.get_slot(s) for s in FIT_SLOTS}
        result = fit.verdict(fit_answers, entry, index, context)
        if not result.fits:  # said with what does not fit (fit.verdict always says it)
            said = "utter_choose_fit_poor"
        else:  # a good fit with a caveat ("gør den mindre") is not said to fit well
            said = "utter_choose_fit_caveat" if result.messages else "utter_choose_fit_good"
        dispatcher.utter_message(response=said, reasons="\n".join(result.messages))
        if result.helpers:
            dispatcher.utter_message(
                response="utter_choose_fit_helpers",
                buttons=[read_more_button(h.id, h.title) for h in result.helpers],
            )
        buttons = [{"title": "Lav handlingsplan", "payload": "/make_plan"}]
        smaller = result.suggest_experiment or not result.fits
        if smaller:
            buttons.insert(
                0,
                {
                    "title": "Lav den som et kort forsøg",
                    "payload": '/make_plan{"plan_mode":"forsøg"}',
                },
            )
        if entry.id in facilitate.FORMS:  # a method the coach runs with the team
            dispatcher.utter_message(text=facilitate.OFFERS[entry.id])
            buttons = facilitate.method_buttons(entry.id, smaller)
        buttons.append(OTHER_SUGGESTIONS)
        dispatcher.utter_message(response="utter_choose_what_now", buttons=buttons)
        offer = [SlotSet("offer", OFFER_TRIAL)] if smaller else []
        return [SlotSet(s, None) for s in FIT_SLOTS] + offer
