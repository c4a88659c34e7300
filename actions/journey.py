"""The first coaching steps: start mapping, note a problem, suggest, status, yes/no."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    ANYTHING_ELSE,
    ANYTHING_ELSE_BUTTONS,
    MENU_BUTTONS,
    in_thread,
    read_more_button,
    user_text,
)
from actions.teams import member_key
from bot.coach import answers, recommend
from bot.coach import service as coach
from bot.coach.teams import STEP_LABELS
from bot.coach.themes import THEME_LABELS, THEME_QUESTIONS, canonical, label
from bot.kb import service as kb

OFFER_SUGGESTIONS = "suggest"


def theme_buttons() -> list[dict[str, str]]:
    return [
        {"title": text[:1].upper() + text[1:], "payload": f'/describe_problem{{"theme":"{key}"}}'}
        for key, text in THEME_LABELS.items()
    ]


def current_theme(tracker: Tracker) -> str | None:
    entities = (tracker.latest_message or {}).get("entities") or []
    for entity in entities:
        theme = canonical(entity.get("value")) if entity.get("entity") == "theme" else None
        if theme:
            return theme
    return canonical(tracker.get_slot("theme"))


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
            text="Jeg har ikke flere forslag til det tema. Vælg et af dem, I har set, eller et "
            "andet tema.",
            buttons=theme_buttons(),
        )
        return [SlotSet("offer", None), SlotSet("shown_kb", [])]
    if not suggestions:
        dispatcher.utter_message(
            text="Jeg har ikke et godt forslag til netop det endnu. Hvilket tema ligger det "
            "tættest på?",
            buttons=theme_buttons(),
        )
        return [SlotSet("offer", None)]
    intro = f"Her er {len(suggestions)} forslag"
    intro += f" til {label(theme)}:" if theme else ":"
    described = context.describe() if context else ""
    if described:
        intro += f" {described}, og det har jeg taget højde for."
    dispatcher.utter_message(text=intro)
    for s in suggestions:
        dispatcher.utter_message(
            text=f"{s.entry.title}\n{s.entry.short}\n{s.reason}\n{answers.facts_line(s.entry)}",
            buttons=[
                {"title": "Vælg", "payload": f'/choose_intervention{{"kb_id":"{s.entry.id}"}}'},
                read_more_button(s.entry.id),
            ],
        )
    return [
        SlotSet("offer", None),
        SlotSet("kb_id", suggestions[0].entry.id),
        SlotSet("theme", theme),
        SlotSet("shown_kb", list(exclude) + [s.entry.id for s in suggestions]),
    ]


class ActionStartMapping(Action):
    def name(self) -> str:
        return "action_start_mapping"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="Godt. I en kortlægning finder I de små sten i skoen. Gå tema for tema sammen "
            "på mødet, vælg det tema, der fylder mest, eller beskriv problemet med jeres egne ord.",
            buttons=[{"title": "Gå tema for tema", "payload": "/map_dialogue"}] + theme_buttons(),
        )
        return [SlotSet("offer", None)]


class ActionNoteProblem(Action):
    def name(self) -> str:
        return "action_note_problem"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        theme = current_theme(tracker)
        if theme is None:
            dispatcher.utter_message(
                text="Tak, det er godt at få sagt. Hvilket tema passer det bedst under?",
                buttons=theme_buttons(),
            )
            return []
        named = list(tracker.get_slot("themes_named") or [])
        if theme not in named:
            named.append(theme)
        await in_thread(coach.record_problem, member_key(tracker), theme, user_text(tracker))
        if user_text(tracker):
            lead = f"Tak. Det lyder som noget med {label(theme)}."
        else:
            lead = f"{label(theme)[:1].upper()}{label(theme)[1:]}. {THEME_QUESTIONS[theme]}"
        dispatcher.utter_message(
            text=f"{lead} Vil I se forslag til, hvad I kan gøre ved det?",
            buttons=[
                {"title": "Ja, vis forslag", "payload": "/affirm"},
                {"title": "Nej, ikke nu", "payload": "/deny"},
            ],
        )
        return [
            SlotSet("theme", theme),
            SlotSet("themes_named", named),
            SlotSet("offer", OFFER_SUGGESTIONS),
        ]


class ActionSuggestInterventions(Action):
    def name(self) -> str:
        return "action_suggest_interventions"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        return await send_suggestions(
            dispatcher, tracker, current_theme(tracker), user_text(tracker)
        )


class ActionConfirm(Action):
    """'Ja': accept whatever the coach last offered."""

    def name(self) -> str:
        return "action_confirm"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if tracker.get_slot("offer") == OFFER_SUGGESTIONS:
            return await send_suggestions(
                dispatcher, tracker, canonical(tracker.get_slot("theme")), ""
            )
        dispatcher.utter_message(text=ANYTHING_ELSE, buttons=ANYTHING_ELSE_BUTTONS)
        return []


class ActionDecline(Action):
    def name(self) -> str:
        return "action_decline"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="Det er helt i orden.")
        dispatcher.utter_message(text=ANYTHING_ELSE, buttons=ANYTHING_ELSE_BUTTONS)
        return [SlotSet("offer", None)]


class ActionStatus(Action):
    def name(self) -> str:
        return "action_status"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = await in_thread(coach.status_text, member_key(tracker))
        if text is not None:
            dispatcher.utter_message(text=text, buttons=MENU_BUTTONS)
            return []
        named = [t for t in (tracker.get_slot("themes_named") or []) if t in THEME_LABELS]
        if not named:
            dispatcher.utter_message(
                text="I er ikke gået i gang med kortlægningen endnu. Det er det første skridt.",
                buttons=MENU_BUTTONS,
            )
            return []
        listed = ", ".join(label(t) for t in named)
        dispatcher.utter_message(
            text=f"I er i gang med kortlægningen. Indtil nu har I nævnt: {listed}. "
            "Næste skridt er at vælge det, der fylder mest, og se forslag til indsatser.",
            buttons=[
                {"title": f"Forslag: {label(t)}", "payload": f'/ask_intervention{{"theme":"{t}"}}'}
                for t in named[:3]
            ],
        )
        return []


class ActionShowPlan(Action):
    def name(self) -> str:
        return "action_show_plan"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = await in_thread(coach.plan_text, member_key(tracker))
        if text is not None:
            dispatcher.utter_message(text=text, buttons=MENU_BUTTONS)
            return []
        dispatcher.utter_message(
            text="I har ikke lagt en handlingsplan endnu. Den kommer, når I har kortlagt og valgt "
            "en indsats.",
            buttons=MENU_BUTTONS,
        )
        return []


class ActionReportProgress(Action):
    def name(self) -> str:
        return "action_report_progress"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="Tak for at fortælle det. Der er ingen handlingsplan at følge op på endnu, så "
            "lad os starte med at kortlægge, hvad der fylder.",
            buttons=MENU_BUTTONS,
        )
        return []


class ActionExplainWhy(Action):
    """'Hvorfor?': what the last suggestion or answer rests on, and how strong it is."""

    def name(self) -> str:
        return "action_explain_why"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(kb.get_index)
        entry = index.by_id.get(tracker.get_slot("kb_id") or "")
        if entry is None:
            dispatcher.utter_message(
                text="Hvad skal jeg begrunde? Spørg, når jeg har foreslået noget.",
                buttons=MENU_BUTTONS,
            )
            return []
        evidence = answers.EVIDENCE_LABELS[entry.evidence]
        dispatcher.utter_message(
            text=f"{entry.title} bygger på {answers.section_label(entry)}. "
            f"Evidensen: {evidence}. {entry.evidence_note}\n\n{answers.references(entry)}",
            buttons=[
                {"title": "Vælg den", "payload": f'/choose_intervention{{"kb_id":"{entry.id}"}}'},
                {"title": "Andre forslag", "payload": "/ask_intervention"},
            ],
        )
        return []


STEP_BUTTONS = {
    "kontekst": [("Fortæl om jer", "/give_context"), ("Start kortlægning", "/start_mapping")],
    "kortlaegning": [("Fortsæt kortlægningen", "/map_dialogue"), ("Hvor er vi?", "/status")],
    "valg": [("Se forslag", "/ask_intervention"), ("Lav handlingsplan", "/make_plan")],
    "handlingsplan": [("Vis planen", "/show_plan"), ("Tilføj en handling", "/make_plan")],
    "opfoelgning": [("Vis planen", "/show_plan"), ("Hvor er vi?", "/status")],
}


def step_buttons(step: str) -> list[dict[str, str]]:
    return [{"title": t, "payload": p} for t, p in STEP_BUTTONS[step]]


class ActionContinue(Action):
    """'Lad os fortsætte': pick up where the team was, on any device or channel."""

    def name(self) -> str:
        return "action_continue"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        step = await in_thread(coach.current_step, member_key(tracker))
        if step is None:
            dispatcher.utter_message(text=ANYTHING_ELSE, buttons=ANYTHING_ELSE_BUTTONS)
            return []
        dispatcher.utter_message(
            text=f"I er nået til {STEP_LABELS[step]}. Skal vi fortsætte dér?",
            buttons=step_buttons(step),
        )
        return []


class ActionGoBack(Action):
    def name(self) -> str:
        return "action_go_back"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        step = await in_thread(coach.step_back, member_key(tracker))
        if step is None:
            dispatcher.utter_message(text=ANYTHING_ELSE, buttons=ANYTHING_ELSE_BUTTONS)
            return []
        dispatcher.utter_message(
            text=f"Godt, vi går tilbage til {STEP_LABELS[step]}.", buttons=step_buttons(step)
        )
        return []
