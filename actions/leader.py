"""The manager's own strain: offer the leader-focused material of the knowledge base."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.common import in_thread, read_more_button, user_text
from bot.coach import answers
from bot.kb import service

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
        dispatcher.utter_message(
            text="Det er vigtigt, at du siger det. Som leder i en lille virksomhed står du ofte "
            "med det hele selv, og din belastning kan smitte af på resten af arbejdspladsen. "
            "Det er derfor et godt sted at begynde."
        )
        if not hits:
            return []
        best = hits[0].entry
        buttons = [read_more_button(best.id)]
        buttons += [read_more_button(h.entry.id, h.entry.title) for h in hits[1:]]
        dispatcher.utter_message(text=answers.short_answer(best), buttons=buttons)
        return [SlotSet("kb_id", best.id)]
