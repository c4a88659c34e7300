"""What every form does with a reply: read it, steer by it, ask back, or let something else answer.

A form's question is answered by what the person types or presses (bot/coach/reading). In
every form, "stop", "afbryd", "gå tilbage", "forkert", "ikke den", "spring over" and "vent" do
what they say and are never stored as an answer. An answer the coach is unsure of is asked
back ("Jeg forstod 'Byggeri'. Passer det?"); one it does not understand gets a hint, never the
same refusal twice in a row. A question typed instead of an answer is answered, and the form
goes on. Crisis, harassment and requests such as "hvor er vi?" or "vis planen" are left to the
rules: the form rejects the turn, the rule answers, and the form asks again.
"""

from __future__ import annotations

import logging
import re
from abc import abstractmethod
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions.common import answer_if_question
from bot import wording
from bot.coach.reading import Reading
from bot.coach.reading.controls import (
    BACK,
    SKIP,
    STOP,
    WAIT,
    WRONG,
    after_correction,
    strip_control,
)
from bot.coach.reading.names import names_a_person
from bot.coach.reading.questions import FREE_TEXT, asks_meaning, read
from bot.coach.reading.words import is_none, normalise, yes_no
from bot.kb.questions import is_question

log = logging.getLogger(__name__)

REQUESTED = "requested_slot"
PENDING = "form_pending"  # {"slot", "value", "label"}: an answer waiting for "Passer det?"
CONFIRM = "form_confirm"  # the dynamic slot that asks "Passer det?"
MISSES = "form_misses"  # replies in a row that were not understood
# Messages that are never an answer: the rules take them, and the form asks again after.
ALWAYS_ELSEWHERE = {"crisis", "harassment"}
INTERRUPTIONS = {
    "help", "status", "why", "show_plan", "my_data", "delete_my_data", "delete_team",
    "bot_challenge", "read_more", "export_plan", "show_trend", "greet", "thank", "members",
    "link_device", "team_code",
}  # fmt: skip
# Clear requests for something else: a reply that is no answer and one of these leaves the form.
OTHER_REQUESTS = {
    "start_mapping", "make_plan", "ask_intervention", "create_team", "join_team", "start_pulse",
    "give_context", "map_dialogue", "start_checkin", "manager_strain", "close_pulse",
    "answer_pulse", "edit_plan", "choose_intervention", "continue", "go_back", "goodbye",
    "describe_problem", "drop_problem", "rename_team",
}  # fmt: skip
# Events that close a form without its completion action: the coach listens again.
CLOSE = [SlotSet(REQUESTED, None), SlotSet(PENDING, None), ActiveLoop(None),
         FollowupAction("action_listen")]  # fmt: skip
SURE_INTENT = 0.6
# Requests to go somewhere else that win over an answer read from the same words, when the
# intent model is this sure.
GOING_ELSEWHERE = {
    "start_mapping", "map_dialogue", "make_plan", "create_team", "join_team", "start_pulse",
    "start_checkin", "ask_intervention", "export_plan", "show_plan", "status", "show_trend",
}  # fmt: skip
SUREST = 0.95
# Questions whose answers are read from words of their own ("vi beslutter det sammen",
# "tømrer"), which a request to go elsewhere does not contain: a reading there is the answer.
READ_BY_WORDS = {"plan_involvement", "ctx_industry", "ctx_outside_help", "choose"}
GIVE_UP = 3  # replies in a row not understood, after which the form steps aside
# The intent whose rule starts each form (data/rules): asked for while the form is already
# running ("fortsæt med temaerne" in the mapping), the form just asks its question again.
STARTED_BY = {
    "give_context": "context_form", "start_checkin": "checkin_form",
    "map_dialogue": "mapping_form", "make_plan": "plan_form", "answer_pulse": "pulse_form",
    "create_team": "team_form", "join_team": "join_form", "start_pulse": "pulse_form",
}  # fmt: skip
# Where any text is an answer, a short message the intent model is this sure is a request.
SURE_REQUEST, SURER_REQUEST, SHORT_REQUEST = 0.8, 0.9, 6
# A question there that the intent model places among the interruptions at least this surely.
UNSURE_REQUEST = 0.5
# A team's name is rarely a request; only words that ask make it one ("Tømrerne i Vejle" is a
# name, whatever the intent model says; "hjælp, hvad skal jeg skrive?" is not).
ASKS = re.compile(
    r"\?|\b(?:hvad|hvordan|hvorfor|hvor|hjælp|hjaelp|vis|kan du|kan i|skal|vil du|ved ikke|"
    r"forstår|stop|plan|status)\b"
)
# Words that make a short message a request, not a name ("opret et team", "gå tilbage");
# "Team Nord" is a name, whatever the intent model says.
REQUESTS_SOMETHING = re.compile(
    r"\b(?:opret\w*|lav|lave|nyt?|start\w*|begynd\w*|kode|join\w*|meld\w*|tilbage|videre|"
    r"fortsæt\w*|farvel|slet\w*|fjern\w*|omdøb\w*|kortlæg\w*|handling\w*)\b",
    re.IGNORECASE,
)
# "ved ikke, hvad foreslår du?", "har du et forslag?": the person asks the coach to propose.
ASKS_ADVICE = re.compile(
    r"\b(?:hvad foreslår du|hvad vil du foreslå|hvad synes du|hvad ville du|har du (?:et|nogen|"
    r"nogle) (?:forslag|bud|ideer|idéer|eksempler?)|kom med (?:et )?(?:forslag|bud)|giv (?:os )?"
    r"(?:et )?(?:forslag|eksempel|bud)|foreslå (?:noget|en)|what do you suggest)\b"
)
BUTTON_ANSWERS = {"affirm": "ja", "deny": "nej"}


def hint_of(question: str, **values: str) -> str:
    """What a question accepts, in a few words (utter_hint_<question> in domain/questions.yml)."""
    name = f"utter_hint_{question}"
    return wording.text(name, **values) if wording.has(name) else ""


def confused(hint: str) -> dict[str, str]:
    """The first refusal of a reply that is not understood: "Det forstod jeg ikke helt. <hint>"."""
    return {"response": "utter_form_confused", "hint": hint}


def meaning_of(question: str) -> str | None:
    """The response that says what a question means: its own, or else its hint."""
    for name in (f"utter_means_{question}", f"utter_hint_{question}"):
        if wording.has(name):
            return name
    return None


def capitalised(label: str) -> str:
    """ "1-9 ansatte", "byggeri" as the start of a sentence: "Byggeri"."""
    return f"{label[:1].upper()}{label[1:]}"


def answer_word(text: str) -> bool:
    """A short reply that can only be meant as an answer: "ingen", "nej", "jo", "7"."""
    short = len(text.split()) <= 3
    return short and bool(yes_no(text) or is_none(text) or re.fullmatch(r"[\d\s,.-]+", text))


def asks_about_entry(text: str, tracker: Tracker) -> bool:
    """Whether the reply asks what a named knowledge entry is ("hvad er BAMBUS?")."""
    from bot.kb.questions import focus

    latest = tracker.latest_message or {}
    named = any(e.get("entity") == "kb_id" for e in latest.get("entities") or [])
    asked = focus(text)
    return named and asked is not None and asked[1]


def reply_of(tracker: Tracker) -> tuple[str, str, float]:
    """The reply's text (a pressed "Ja" button as "ja"), its intent and the intent's confidence."""
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    name, confidence = intent.get("name") or "", float(intent.get("confidence") or 0.0)
    text = latest.get("text") or ""
    if text.startswith("/"):
        text = BUTTON_ANSWERS.get(name, "")
    return text, name, confidence


class TypedForm(FormValidationAction):
    """The base of every form. A subclass names its questions (slot -> reading question) and
    may override `label`, `stopped`, `skipped_value` and `previous`."""

    questions: dict[str, str] = {}
    # The response the form says when the person stops it; None: the form's own completion
    # action runs.
    stop_response: str | None = "utter_form_stopped"
    stop_buttons: list[dict[str, str]] | None = None
    acknowledge = True  # say what a typed answer was understood as ("Noteret: 10-49 ansatte.")
    # Asked for again by the intent that starts it ("opret et team" in the team form): ask the
    # question again. Not where the answer itself reads as that intent (a typed team code).
    restarts = True

    # --- What a subclass may change ---------------------------------------------------------

    @abstractmethod
    def name(self) -> str:
        """validate_<form>"""

    def question_of(self, slot: str) -> str:
        return self.questions[slot]

    def label(self, slot: str, value: Any) -> str:
        """How the coach names a value it understood ("Byggeri", "10-49 ansatte")."""
        return str(value)

    def button_title(self, slot: str, value: Any) -> str | None:
        """The title of the button that gives this value: pressing it needs no echo."""
        return None

    def skipped_value(self, slot: str) -> Any:
        return "ukendt"

    async def stopped(self, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """Called when the person stops the form, before it closes (save what is kept)."""
        return []

    async def read_reply(self, slot: str, text: str, tracker: Tracker) -> Reading | None:
        return read(self.question_of(slot), text, date.today())

    async def advise(self, slot: str, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """The person asks for a proposal instead of answering (a form may make one)."""
        hint = hint_of(self.question_of(slot))
        if hint:
            dispatcher.utter_message(response="utter_form_no_proposal_hint", hint=hint)
        else:
            dispatcher.utter_message(response="utter_form_no_proposal")
        return [SlotSet(slot, None)]

    async def accept(self, slot: str, value: Any, dispatcher, tracker: Tracker):
        """Events that store an understood answer; a form may store it elsewhere instead."""
        return [SlotSet(slot, value)]

    async def previous(self, slot: str, tracker: Tracker, domain) -> list[dict[str, Any]] | None:
        """Events that go back one question, or None at the first question."""
        order = [s for s in self.domain_slots(domain) if s in self.questions]
        if slot not in order or order.index(slot) == 0:
            return None
        return [SlotSet(order[order.index(slot) - 1], None)]

    # --- The turn ---------------------------------------------------------------------------

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        slots = list(domain_slots)
        return [CONFIRM, *slots] if tracker.get_slot(PENDING) else slots

    def fresh_reply(self, tracker: Tracker) -> bool:
        """A user message sent straight to this form: not its start, not its return after an
        interruption. (Rasa ends the tracker it sends with the form's own action.)"""
        if (tracker.active_loop or {}).get("name") != self.form_name():
            return False
        requested = tracker.get_slot(REQUESTED)
        if requested != CONFIRM and requested not in self.questions:
            return False  # no question of this form asked yet (another form's is still set)
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                return True
            if event.get("event") == "action" and event.get("name") not in (
                self.form_name(),
                "action_listen",
            ):
                return False
        return False

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        try:
            return await self.turn(dispatcher, tracker, domain)
        except Exception:  # a defect must not trap the team in the form
            log.exception("Fejl i %s", self.name())
            dispatcher.utter_message(response="utter_form_error")
            return [SlotSet(REQUESTED, None), ActiveLoop(None), FollowupAction("action_listen")]

    def said_with_request(self, text: str) -> dict[str, Any]:
        """Answers given in the message that started the form ("opret et team der hedder
        Lageret"): slot -> value. None by default."""
        return {}

    async def turn(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        text, intent, _ = reply_of(tracker)
        if not self.fresh_reply(tracker) and STARTED_BY.get(intent) == self.form_name():
            said = self.said_with_request(text) if text else {}
            events = [SlotSet(s, v) for s, v in said.items() if tracker.get_slot(s) is None]
        if self.fresh_reply(tracker):
            understood = await self.understand(dispatcher, tracker, domain)
            if understood is None:
                return []  # not an answer: the rules take the message, the form asks again
            events = understood
            if any(e.get("event") == "active_loop" for e in events):
                return events
        tracker.add_slots([e for e in events if e.get("event") == "slot"])
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        missing = next((s for s in required if tracker.slots.get(s) is None), None)
        return events + [SlotSet(REQUESTED, missing)]

    async def understand(self, dispatcher, tracker: Tracker, domain) -> list | None:
        slot = tracker.get_slot(REQUESTED)
        text, intent, confidence = reply_of(tracker)
        if intent in ALWAYS_ELSEWHERE:
            return None
        if slot == CONFIRM:
            return await self.confirm(text, dispatcher, tracker)
        meant = meaning_of(self.question_of(slot)) if text and asks_meaning(text) else None
        if meant:  # "hvad mener du?": the question in other words, then asked again
            dispatcher.utter_message(response=meant)
            return [SlotSet(slot, None), SlotSet(MISSES, 0)]
        if intent == "ask_knowledge" and asks_about_entry(text, tracker):
            # "hvad er bambus?" asked at the question about help: answered, then asked again.
            if await answer_if_question(dispatcher, tracker):
                return [SlotSet(slot, None), SlotSet(MISSES, 0)]
        reading = await self.read_reply(slot, text, tracker) if text else None
        own = {i for i, form in STARTED_BY.items() if form == self.form_name()}
        pressed = reading is not None and (
            reading.definite
            or (
                reading.value is not None
                and normalise(text)
                in {
                    normalise(self.button_title(slot, reading.value) or ""),
                    normalise(self.label(slot, reading.value)),
                }
            )
        )
        free = self.question_of(slot) in FREE_TEXT
        if intent in GOING_ELSEWHERE - own and confidence >= SUREST and len(text.split()) >= 2:
            named = reading is not None and self.question_of(slot) in READ_BY_WORDS
            if not pressed and not free and not named:
                return None  # "ok start kortlægning, tema for tema": not a "ja" to the question
        if reading is not None and reading.control == WRONG:
            fixed = await self.correct_earlier(slot, text, dispatcher, tracker, domain)
            if fixed is not None:
                return fixed
        if reading is not None and reading.control:
            return await self.steer(reading.control, slot, dispatcher, tracker, domain)
        if reading is not None and free and not reading.definite:
            if ASKS_ADVICE.search(text.lower()):  # "hvad foreslår du?": advice for this question
                return [SlotSet(MISSES, 0)] + await self.advise(slot, dispatcher, tracker)
            words = len(text.split())
            named = slot == "team_name" and not ASKS.search(text.lower())
            # "mig, altså chefen", "planlæggeren": who is responsible, whatever else the
            # words could mean (the owner's own strain, a request for a plan).
            owner = slot == "plan_owner" and names_a_person(text)
            if (
                intent in INTERRUPTIONS
                and confidence >= SURE_REQUEST
                and words <= SHORT_REQUEST
                and not named
                and not owner
            ):
                return None  # "vis planen", "hvor er vi?": not the answer to store
            # "opret et team", "ny handling"; but a team's name is its name ("Holdet", "Team
            # Nord"), whatever else the intent model reads in it.
            if intent in OTHER_REQUESTS and confidence >= SURER_REQUEST and words <= 3:
                a_name = named and (words == 1 or not REQUESTS_SOMETHING.search(text))
                if not a_name and not owner:
                    return None
            if is_question(text) and intent in INTERRUPTIONS and confidence >= UNSURE_REQUEST:
                return None  # "kan lederen se det, vi skriver her?": asked, not the answer
            asked = intent == "ask_knowledge" and is_question(text)
            if asked and await answer_if_question(dispatcher, tracker):
                return [SlotSet(slot, None), SlotSet(MISSES, 0)]
        if reading is not None:
            return [SlotSet(MISSES, 0)] + await self.answered(
                slot, reading, text, dispatcher, tracker
            )
        if is_question(text) and intent in INTERRUPTIONS and confidence >= UNSURE_REQUEST:
            return None  # "kan min chef se, hvad jeg svarer?" in the pulse: its own answer
        if is_question(text) and await answer_if_question(dispatcher, tracker, any_intent=True):
            return [SlotSet(slot, None), SlotSet(MISSES, 0)]  # "hvad mener du med kerneopgaven?"
        sure = confidence >= SURE_INTENT
        here = STARTED_BY.get(intent) == self.form_name()
        if here and sure and self.restarts:
            return [SlotSet(slot, None), SlotSet(MISSES, 0)]  # already here: ask again
        if (intent in INTERRUPTIONS or intent in OTHER_REQUESTS) and sure and not here:
            if not answer_word(text):
                return None  # "ingen" or "nej" to a question they do not answer: asked again
        misses = int(tracker.get_slot(MISSES) or 0)
        if misses + 1 >= GIVE_UP:  # the team is talking about something else: let it
            dispatcher.utter_message(response="utter_form_set_aside")
            return [SlotSet(MISSES, 0)] + await self.leave(dispatcher, tracker)
        dispatcher.utter_message(**await self.refusal(slot, text, misses))
        return [SlotSet(slot, None), SlotSet(MISSES, misses + 1)]

    async def refusal(self, slot: str, text: str, misses: int) -> dict[str, str]:
        """What to say to a reply that is not understood (the arguments of utter_message): never
        the same twice in a row."""
        if misses % 2:
            return {"response": "utter_form_still_confused"}
        return confused(hint_of(self.question_of(slot)))

    async def answered(self, slot, reading: Reading, text, dispatcher, tracker) -> list:
        label = self.label(slot, reading.value)
        if not reading.sure:
            pending = {"slot": slot, "value": reading.value, "label": label}
            return [SlotSet(slot, None), SlotSet(PENDING, pending), SlotSet(CONFIRM, None)]
        typed = normalise(text) != normalise(self.button_title(slot, reading.value) or label)
        if self.acknowledge and typed and label:
            dispatcher.utter_message(response="utter_form_noted", label=capitalised(label))
        return await self.accept(slot, reading.value, dispatcher, tracker)

    async def confirm(self, text: str, dispatcher, tracker: Tracker) -> list:
        pending = tracker.get_slot(PENDING) or {}
        slot = pending.get("slot")
        answer = read("confirm", text)
        clear = [SlotSet(PENDING, None), SlotSet(CONFIRM, None)]
        if slot is None:
            return clear
        if answer is not None and answer.value == "ja":
            return clear + await self.accept(slot, pending.get("value"), dispatcher, tracker)
        if answer is not None:
            # "nej, vi er murere": the rest of the reply may be the right answer.
            rest = text.split(maxsplit=1)[1] if len(text.split()) > 1 else ""
            corrected = await self.read_reply(slot, rest, tracker) if rest else None
            if corrected is not None and not corrected.control and corrected.sure:
                label = self.label(slot, corrected.value)
                dispatcher.utter_message(response="utter_form_noted", label=capitalised(label))
                return clear + await self.accept(slot, corrected.value, dispatcher, tracker)
            dispatcher.utter_message(response="utter_form_what_is_right")
            return clear + [SlotSet(slot, None)]
        dispatcher.utter_message(**confused(hint_of("confirm")))
        return [SlotSet(CONFIRM, None)]

    async def correct_earlier(self, slot: str, text: str, dispatcher, tracker, domain):
        """ "forkert, vi er 12 mand": the correction is a new answer to an earlier question
        (the latest first) whose stored answer it changes. None when it is no such answer."""
        rest = after_correction(text) or strip_control(text)
        order = [s for s in self.domain_slots(domain) if s in self.questions]
        earlier = order[: order.index(slot)] if slot in order else []
        for previous in reversed(earlier):
            if self.question_of(previous) in FREE_TEXT or not rest:
                continue
            reading = await self.read_reply(previous, rest, tracker)
            if reading is None or reading.control or not reading.sure:
                continue
            label = self.label(previous, reading.value)
            if reading.value == tracker.get_slot(previous):  # "nej vent vi er 8": still 1-9
                dispatcher.utter_message(response="utter_form_kept", label=capitalised(label))
                return [SlotSet(PENDING, None), SlotSet(MISSES, 0), SlotSet(slot, None)]
            dispatcher.utter_message(response="utter_form_corrected", label=capitalised(label))
            return [SlotSet(PENDING, None), SlotSet(MISSES, 0), SlotSet(slot, None)] + (
                await self.accept(previous, reading.value, dispatcher, tracker)
            )
        return None

    async def steer(self, control: str, slot: str, dispatcher, tracker, domain) -> list:
        reset = [SlotSet(PENDING, None), SlotSet(MISSES, 0)]
        if control == STOP:
            return reset + await self.stop(dispatcher, tracker)
        if control == SKIP:
            return reset + await self.accept(slot, self.skipped_value(slot), dispatcher, tracker)
        if control == WAIT:
            dispatcher.utter_message(response="utter_form_wait")
            return reset + [SlotSet(slot, None)]
        back = await self.previous(slot, tracker, domain)
        if back is None:
            dispatcher.utter_message(response="utter_form_first_question")
            return reset + [SlotSet(slot, None)]
        lead = "utter_form_fix_it" if control == WRONG else "utter_form_back_one"
        dispatcher.utter_message(response=lead)
        return reset + [SlotSet(slot, None)] + back

    async def stop(self, dispatcher, tracker: Tracker) -> list:
        if self.stop_response is None:  # the completion action says what happens now
            return await self.stopped(dispatcher, tracker) + [SlotSet(REQUESTED, None)]
        dispatcher.utter_message(response=self.stop_response, buttons=self.stop_buttons)
        return await self.leave(dispatcher, tracker)

    async def leave(self, dispatcher, tracker: Tracker) -> list:
        """The form closes without its completion action; what was answered is kept where
        `stopped` keeps it, and the coach listens again."""
        return await self.stopped(dispatcher, tracker) + CLOSE


__all__ = ["BACK", "SKIP", "STOP", "WAIT", "WRONG", "TypedForm"]


class ActionAskFormConfirm(Action):
    """ "Jeg forstod 'Byggeri'. Passer det?" for an answer the coach is unsure of."""

    def name(self) -> str:
        return "action_ask_form_confirm"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        pending = tracker.get_slot(PENDING) or {}
        dispatcher.utter_message(
            response="utter_form_is_that_right", label=pending.get("label", "")
        )
        return []
