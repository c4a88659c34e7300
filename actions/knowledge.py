"""Free questions answered from the knowledge base ("hvad er PoWRS?" gets that entry, whatever
the wording), "læs mere", the fallback when unsure, and the manager's own strain."""

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
    theme_button,
    user_text,
)
from bot.coach import answers, recommend
from bot.coach import service as coach
from bot.coach.themes import ASKS_MEANING, THEME_QUESTIONS, find_themes, meaning
from bot.concurrency import in_thread
from bot.kb import service
from bot.safety import harassment


def answer_entry(dispatcher: CollectingDispatcher, hits) -> list[dict[str, Any]]:
    best = hits[0].entry
    buttons = [read_more_button(best.id)]
    buttons += [read_more_button(h.entry.id, h.entry.title) for h in hits[1:3]]
    buttons.append({"title": "Start kortlægning", "payload": "/start_mapping"})
    dispatcher.utter_message(text=answers.short_answer(best), buttons=buttons)
    return [SlotSet("kb_id", best.id)]


def named_entry(tracker: Tracker):
    """The entry the message names by title or name (entity kb_id from bot.nlu)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return next((e.get("value") for e in entities if e.get("entity") == "kb_id"), None)


# "Lav den som et kort forsøg" offered after the FIT check (actions/choose.py); typed, "kort
# forsøg" names the entry on short experiments, but it takes the offer.
OFFER_TRIAL = "trial"
TAKES_TRIAL = re.compile(
    r"^(?:ja,? )?(?:(?:lav|tag|kør|gør|prøv) (?:den |det )?(?:af )?)?(?:som )?(?:et |en )?"
    r"(?:kort\w* |lille )?(?:forsøg|forsog|eksperiment|prøveperiode)\w*(?: tak)?$"
)


def trial_taken(tracker: Tracker) -> list[dict[str, Any]] | None:
    """The plan as a short trial, when "kort forsøg" is typed to the offer of one."""
    from actions.navigation import offer_just_made

    said = " ".join(user_text(tracker).lower().strip(" .!").split())
    if offer_just_made(tracker) != OFFER_TRIAL or not TAKES_TRIAL.match(said):
        return None
    return [SlotSet("plan_mode", "forsøg"), SlotSet("offer", None), FollowupAction("plan_form")]


class ActionAnswerKnowledge(Action):
    def name(self) -> str:
        return "action_answer_knowledge"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        taken = trial_taken(tracker)
        if taken is not None:
            return taken
        text = user_text(tracker)
        themes = [h.theme for h in find_themes(text)] if ASKS_MEANING.search(text.lower()) else []
        if themes:  # "hvad betyder indflydelse her?"
            dispatcher.utter_message(
                text=f"{meaning(themes[0])} {THEME_QUESTIONS[themes[0]]}",
                buttons=[theme_button(themes[0], "Det fylder hos os", "describe_problem")]
                + MENU_BUTTONS[:1],
            )
            return [SlotSet("theme", themes[0])]
        hits = await in_thread(service.search, text)
        named = named_entry(tracker)
        if named:
            index = await in_thread(service.get_index)
            if named in index.by_id:
                hits = [index.hit(named)] + [h for h in hits if h.entry.id != named]
        if AMO_ASKED.search(text.lower()):  # "skal vi have en AMO?": for this team, first
            duty = await in_thread(coach.organisation_duty_for, member_key(tracker))
            if duty:
                dispatcher.utter_message(text=duty)
        if not hits:
            dispatcher.utter_message(response="utter_knowledge_not_found", buttons=MENU_BUTTONS)
            return []
        return answer_entry(dispatcher, hits)


CHOOSABLE = (*recommend.ACTIONABLE_KINDS, recommend.MEASURE)  # what a team can choose to do


def choosable(entry) -> bool:
    """Something the team can choose to do; never the routes for harassment and violence,
    which are not a team exercise."""
    return entry.kind in CHOOSABLE and entry.id != harassment.ENTRY


AMO_ASKED = re.compile(r"\b(?:amo|arbejdsmiljøorganisation\w*|arbejdsmiljoorganisation\w*)\b")


class ActionReadMore(Action):
    def name(self) -> str:
        return "action_read_more"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(service.get_index)
        entry = index.by_id.get(tracker.get_slot("kb_id") or "")
        if entry is None:
            dispatcher.utter_message(
                response="utter_knowledge_read_more_what", buttons=MENU_BUTTONS
            )
            return []
        dispatcher.utter_message(text=answers.long_answer(entry))
        # Something the team can do (a measure, a method, a programme, help): it can be chosen
        # right here, as from the list of suggestions.
        choose = [choose_button(entry.id, "Vælg den")] if choosable(entry) else []
        dispatcher.utter_message(text=answers.references(entry), buttons=choose + MENU_BUTTONS)
        return []


class ActionDefaultFallback(Action):
    """When the model is unsure: answer from the knowledge base if it clearly fits."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        taken = trial_taken(tracker)
        if taken is not None:
            return taken
        text = user_text(tracker)
        hits = await in_thread(service.search, text) if text else []
        if hits:
            events = answer_entry(dispatcher, hits)
        else:
            dispatcher.utter_message(response="utter_knowledge_unsure", buttons=MENU_BUTTONS)
            events = []
        # Also the policies' own fallback: the turn ends here, or the open form asks again.
        loop = (tracker.active_loop or {}).get("name")
        return events + [FollowupAction(loop or "action_listen")]


LEADER_QUERY = "lederens egen trivsel belastning stress ejerleder presset leder"


def leader_hits(text: str):
    index = service.get_index()
    hits = [h for h in index.score_all(f"{LEADER_QUERY} {text}") if h.entry.area == "ledelse"]
    return hits[:3]


class ActionManagerStrain(Action):
    def name(self) -> str:
        return "action_manager_strain"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        hits = await in_thread(leader_hits, user_text(tracker))
        dispatcher.utter_message(response="utter_knowledge_manager_strain")
        if not hits:
            return []
        best = hits[0].entry
        buttons = [read_more_button(best.id)]
        buttons += [read_more_button(h.entry.id, h.entry.title) for h in hits[1:]]
        dispatcher.utter_message(text=answers.short_answer(best), buttons=buttons)
        return [SlotSet("kb_id", best.id)]
