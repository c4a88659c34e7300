"""The anonymous pulse in the conversation: open, answer alone (1-5 per theme), close."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions.common import (
    OneValidation,
    answer_if_question,
    ask_action,
    in_group_chat,
    in_thread,
    message_metadata,
)
from actions.teams import member_key
from bot.coach import service
from bot.coach.themes import THEME_LABELS, label

SLOTS = {f"pulse_{theme}": theme for theme in THEME_LABELS}
SCORE_BUTTONS = [{"title": str(n), "payload": str(n)} for n in range(1, 6)]
NO_TEAM = "Pulsmålingen hører til et team. Tilslut dig med jeres kode først."
ANSWER_PRIVATELY = (
    "Pulsmålingen er åben. Svar hver for sig i en privat chat med mig, så ingen i gruppen "
    "ser, hvad den enkelte svarer. Tryk på knappen, og tryk så Start i den private chat."
)


async def private_answer_button(tracker: Tracker) -> dict[str, str] | None:
    """In a Telegram group: a link that opens a private chat which joins the team and asks
    the pulse questions there, never in the group."""
    bot = message_metadata(tracker).get("bot_username")
    summary = await in_thread(service.team_summary, member_key(tracker))
    if not bot or summary is None:
        return None
    return {"title": "Svar privat", "url": f"https://t.me/{bot}?start=puls-{summary['code']}"}


ASK_ACTIONS = [
    ask_action(
        slot,
        f"{number} af {len(SLOTS)}: Hvordan har I det med {label(theme)}? "
        "1 er meget dårligt, 5 er meget godt.",
        SCORE_BUTTONS,
    )
    for number, (slot, theme) in enumerate(SLOTS.items(), 1)
]


class ActionStartPulse(Action):
    def name(self) -> str:
        return "action_start_pulse"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        answered = await in_thread(service.open_pulse, member_key(tracker))
        if answered is None:
            dispatcher.utter_message(
                text=NO_TEAM, buttons=[{"title": "Jeg har en kode", "payload": "/join_team"}]
            )
            return []
        if in_group_chat(tracker) and (link := await private_answer_button(tracker)):
            dispatcher.utter_message(
                text=f"{ANSWER_PRIVATELY} Indtil nu har {answered} svaret.",
                buttons=[
                    link,
                    {"title": "Luk målingen og se resultatet", "payload": "/close_pulse"},
                ],
            )
            return []
        dispatcher.utter_message(
            text="Pulsmålingen er åben. Hver af jer svarer alene, på sin egen telefon eller "
            "computer: tilslut jer med teamets kode og tryk 'Svar nu'. Ingen kan se, hvad den "
            "enkelte svarer. Resultatet vises, når I lukker målingen, og kun hvis mindst tre "
            f"har svaret. Indtil nu har {answered} svaret.",
            buttons=[
                {"title": "Svar nu", "payload": "/answer_pulse"},
                {"title": "Luk målingen og se resultatet", "payload": "/close_pulse"},
            ],
        )
        return []


class ValidatePulseForm(OneValidation, FormValidationAction):
    form_slots = tuple(SLOTS)

    def name(self) -> str:
        return "validate_pulse_form"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        """Never ask or take pulse answers where others read along (a group chat)."""
        if in_group_chat(tracker):
            link = await private_answer_button(tracker)
            dispatcher.utter_message(
                text=ANSWER_PRIVATELY if link else NO_TEAM, buttons=[link] if link else None
            )
            return [SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    async def check(self, slot, value, dispatcher, tracker, domain) -> dict[str, Any]:
        text = str(value or "").strip()
        if text not in {"1", "2", "3", "4", "5"} and await answer_if_question(dispatcher, tracker):
            return {slot: None}
        if text not in {"1", "2", "3", "4", "5"}:
            dispatcher.utter_message(text="Svar med et tal fra 1 til 5.")
            return {slot: None}
        if not await in_thread(service.answer_pulse, member_key(tracker), SLOTS[slot], int(text)):
            dispatcher.utter_message(text="Der er ingen åben måling lige nu.")
            return {s: "lukket" for s in SLOTS}
        # The slot only marks the question as answered; the score lives in the database.
        return {slot: "besvaret"}


class ActionPulseThanks(Action):
    def name(self) -> str:
        return "action_pulse_thanks"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if all(tracker.get_slot(s) == "besvaret" for s in SLOTS):
            dispatcher.utter_message(text="Tak. Dine svar er gemt anonymt.")
        return [SlotSet(s, None) for s in SLOTS]


class ActionClosePulse(Action):
    def name(self) -> str:
        return "action_close_pulse"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        outcome = await in_thread(service.close_pulse, member_key(tracker))
        if outcome is None:
            dispatcher.utter_message(
                text="Der er ingen åben måling at lukke.",
                buttons=[{"title": "Start en måling", "payload": "/start_pulse"}],
            )
            return []
        text, added = outcome
        buttons = [
            {"title": label(t).capitalize(), "payload": f'/ask_intervention{{"theme":"{t}"}}'}
            for t in added[:4]
        ]
        if added:
            text += "\nDe laveste er skrevet ind som problemer. Hvad vil I arbejde med først?"
        dispatcher.utter_message(text=text, buttons=buttons or None)
        return []
