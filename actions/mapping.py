"""Mapping in dialogue mode: the nine themes one at a time, skippable, stoppable."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions.common import TEAM_BUTTONS, answer_if_question, in_thread
from actions.teams import member_key
from bot.coach import mapping, service
from bot.coach.themes import label

RATING_BUTTONS = [{"title": t, "payload": t} for t in mapping.RATINGS.values()] + [
    {"title": "Spring over", "payload": mapping.SKIP},
    {"title": "Stop kortlægningen", "payload": mapping.STOP},
]


def position(tracker: Tracker) -> int:
    return int(tracker.get_slot("map_index") or 0)


class ValidateMappingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_mapping_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if position(tracker) >= len(mapping.THEMES):
            return []
        if await in_thread(service.current_step, member_key(tracker)) is None:
            return []  # action_mapping_done explains that a team is needed
        if tracker.get_slot("map_rating") in mapping.IMPORTANCE:
            return ["map_rating", "map_words"]
        return ["map_rating"]

    async def validate_map_rating(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        rating = mapping.parse_rating(str(value or ""))
        if rating is None and await answer_if_question(dispatcher, tracker):
            return {"map_rating": None}
        if rating is None:
            dispatcher.utter_message(
                text="Vælg en af knapperne: ikke et problem, lidt eller meget."
            )
            return {"map_rating": None}
        if rating == mapping.STOP:
            return {"map_rating": None, "map_index": float(len(mapping.THEMES))}
        if rating in (mapping.SKIP, "ikke"):
            return {"map_rating": None, "map_index": float(position(tracker) + 1)}
        return {"map_rating": rating}

    async def validate_map_words(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        words = " ".join(str(value or "").split())
        if words.lower() in (mapping.SKIP, "spring"):
            words = ""
        theme = mapping.THEMES[position(tracker)]
        importance = mapping.IMPORTANCE[tracker.get_slot("map_rating")]
        await in_thread(service.record_problem, member_key(tracker), theme, words, importance)
        return {"map_rating": None, "map_words": None, "map_index": float(position(tracker) + 1)}


class ActionAskMapRating(Action):
    def name(self) -> str:
        return "action_ask_map_rating"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=mapping.question(position(tracker)), buttons=RATING_BUTTONS)
        return []


class ActionAskMapWords(Action):
    def name(self) -> str:
        return "action_ask_map_words"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="Beskriv det med jeres egne ord: hvad er de små sten i skoen?",
            buttons=[{"title": "Spring over", "payload": mapping.SKIP}],
        )
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
        lines += [f"{i}. {label(theme).capitalize()}{': ' + words if words else ''}"
                  for i, (theme, words) in enumerate(problems, 1)]  # fmt: skip
        lines.append("Hvad vil I arbejde med først?")
        seen, buttons = set(), []
        for theme, _ in problems:
            if theme not in seen and len(buttons) < 4:
                seen.add(theme)
                buttons.append(
                    {
                        "title": label(theme).capitalize(),
                        "payload": f'/ask_intervention{{"theme":"{theme}"}}',
                    }  # fmt: skip
                )
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return reset
