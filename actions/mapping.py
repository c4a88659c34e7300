"""Kortlægning: start it, note the problems the team names (several in one message), and the
mapping form that goes theme by theme (skippable, stoppable, and back to the previous theme)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.common import TEAM_BUTTONS, in_thread, member_key, theme_button, user_text
from actions.forms import TypedForm
from bot.coach import mapping, service
from bot.coach.reading import Reading
from bot.coach.themes import THEME_LABELS, THEME_QUESTIONS, canonical, find_themes, label

OFFER_SUGGESTIONS = "suggest"
RATING_BUTTONS = [{"title": t, "payload": t} for t in mapping.RATINGS.values()] + [
    {"title": "Spring over", "payload": "spring over"},
    {"title": "Stop kortlægningen", "payload": "stop"},
]


def theme_buttons(intent: str = "describe_problem") -> list[dict[str, str]]:
    return [theme_button(key, label(key).capitalize(), intent) for key in THEME_LABELS]


def named_themes(tracker: Tracker) -> list[str]:
    """The themes of the latest message, in the order named (a theme button sends one)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    found = [canonical(e.get("value")) for e in entities if e.get("entity") == "theme"]
    return list(dict.fromkeys(t for t in found if t))


def theme_words(tracker: Tracker, text: str) -> dict[str, str]:
    """{theme: the clause of the message that names it}, from the entities' spans."""
    words = {}
    for e in (tracker.latest_message or {}).get("entities") or []:
        theme = canonical(e.get("value")) if e.get("entity") == "theme" else None
        if theme and theme not in words and text:
            start, end = int(e.get("start") or 0), int(e.get("end") or len(text))
            words[theme] = text[start:end].strip() or text
    if not words and text:
        words = {h.theme: h.words for h in find_themes(text)}
    return words


def current_theme(tracker: Tracker) -> str | None:
    themes = named_themes(tracker)
    return themes[0] if themes else canonical(tracker.get_slot("theme"))


def position(tracker: Tracker) -> int:
    return int(tracker.get_slot("map_index") or 0)


class ActionStartMapping(Action):
    def name(self) -> str:
        return "action_start_mapping"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="Godt. I en kortlægning finder I de små sten i skoen. I kan gå tema for tema "
            "sammen på mødet, lade hver enkelt svare anonymt på en kort puls, eller fortælle "
            "med jeres egne ord, hvad der fylder.",
            buttons=[
                {"title": "Gå tema for tema", "payload": "/map_dialogue"},
                {"title": "Anonym puls", "payload": "/start_pulse"},
            ]
            + theme_buttons(),
        )
        return [SlotSet("offer", None)]


class ActionNoteProblem(Action):
    """ "Vi har alt for travlt, og ingen ved hvem der bestemmer": two problems, each its theme."""

    def name(self) -> str:
        return "action_note_problem"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = user_text(tracker)
        hits = theme_words(tracker, text)
        themes = named_themes(tracker) or list(hits)
        if not themes:
            dispatcher.utter_message(
                text="Tak, det er godt at få sagt. Hvilket tema passer det bedst under?",
                buttons=theme_buttons(),
            )
            return []
        for theme in themes:
            words = hits.get(theme, text)
            await in_thread(service.record_problem, member_key(tracker), theme, words)
        named = list(dict.fromkeys([*(tracker.get_slot("themes_named") or []), *themes]))
        if not text:
            lead = f"{label(themes[0]).capitalize()}. {THEME_QUESTIONS[themes[0]]}"
        elif len(themes) == 1:
            lead = f"Tak. Det lyder som noget med {label(themes[0])}."
        else:
            listed = " og ".join([", ".join(label(t) for t in themes[:-1]), label(themes[-1])])
            lead = f"Tak. Jeg har skrevet {len(themes)} ting ned: {listed}."
        buttons = [{"title": "Ja, vis forslag", "payload": "/affirm"}]
        if len(themes) > 1:
            buttons = [
                theme_button(t, f"Forslag: {label(t)}") for t in themes[:3]
            ]  # fmt: skip
        buttons.append({"title": "Nej, ikke nu", "payload": "/deny"})
        dispatcher.utter_message(
            text=f"{lead} Vil I se forslag til, hvad I kan gøre ved det?", buttons=buttons
        )
        return [
            SlotSet("theme", themes[0]),
            SlotSet("themes_named", named),
            SlotSet("offer", OFFER_SUGGESTIONS),
        ]


class ValidateMappingForm(TypedForm):
    questions = {"map_rating": "map_rating", "map_words": "map_words"}
    stop_text = None  # action_mapping_done shows what was mapped
    acknowledge = False

    def name(self) -> str:
        return "validate_mapping_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if position(tracker) >= len(mapping.THEMES):
            return []
        if await in_thread(service.current_step, member_key(tracker)) is None:
            return []  # action_mapping_done explains that a team is needed
        slots = ["map_rating"]
        if tracker.get_slot("map_rating") in mapping.IMPORTANCE:
            slots.append("map_words")
        return await super().required_slots(slots, dispatcher, tracker, domain)

    async def stopped(self, dispatcher, tracker) -> list[dict[str, Any]]:
        return [SlotSet("map_index", float(len(mapping.THEMES))), SlotSet("map_rating", None)]

    def skipped_value(self, slot: str) -> Any:
        return mapping.SKIP if slot == "map_rating" else ""

    async def previous(self, slot, tracker, domain) -> list[dict[str, Any]] | None:
        """Back from the words to the rating of the same theme, or to the previous theme."""
        if slot == "map_words":
            return [SlotSet("map_rating", None)]
        if position(tracker) == 0:
            return None
        return [SlotSet("map_index", float(position(tracker) - 1)), SlotSet("map_rating", None)]

    async def accept(self, slot, value, dispatcher, tracker) -> list[dict[str, Any]]:
        theme = mapping.THEMES[position(tracker)]
        following = float(position(tracker) + 1)
        if slot == "map_rating" and value not in mapping.IMPORTANCE:
            if value == "ikke":  # not a problem (now): an earlier rating no longer stands
                await in_thread(service.drop_problem, member_key(tracker), theme)
            return [SlotSet("map_rating", None), SlotSet("map_index", following)]
        if slot == "map_rating":
            return [SlotSet("map_rating", value)]
        importance = mapping.IMPORTANCE[tracker.get_slot("map_rating")]
        await in_thread(service.record_problem, member_key(tracker), theme, value, importance, True)
        return [
            SlotSet("map_rating", None),
            SlotSet("map_words", None),
            SlotSet("map_index", following),
        ]

    async def read_reply(self, slot, text, tracker) -> Reading | None:
        reading = await super().read_reply(slot, text, tracker)
        if slot == "map_words" and reading is not None and not reading.control:
            return Reading(" ".join(str(reading.value).split()))
        return reading


class ActionAskMapRating(Action):
    def name(self) -> str:
        return "action_ask_map_rating"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=mapping.question(position(tracker)), buttons=RATING_BUTTONS)
        return []


class ActionMappingDone(Action):
    def name(self) -> str:
        return "action_mapping_done"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        reset = [SlotSet("map_index", None), SlotSet("map_rating", None)]
        if await in_thread(service.current_step, member_key(tracker)) is None:
            dispatcher.utter_message(
                text="Kortlægningen gemmes for et team. Opret et team eller tilslut jer med en "
                "kode, så går vi i gang.",
                buttons=TEAM_BUTTONS,
            )
            return reset
        problems = await in_thread(service.problem_list, member_key(tracker))
        if not problems:
            dispatcher.utter_message(
                text="I har ikke peget på noget, der fylder. Det er også et svar. I kan altid "
                "kortlægge igen.",
                buttons=[{"title": "Hvor er vi?", "payload": "/status"}],
            )
            return reset
        lines = ["Jeres kortlægning, vigtigste først:"]
        lines += [
            f"{i}. {label(theme).capitalize()}{': ' + words if words else ''}"
            for i, (theme, words) in enumerate(problems, 1)
        ]
        lines.append("Hvad vil I arbejde med først?")
        themes = list(dict.fromkeys(theme for theme, _ in problems))[:4]
        buttons = [theme_button(t, label(t).capitalize()) for t in themes]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return reset
