"""Methods run with the team: the Fishbone round and the short experiment, as two forms.

The plan form hands over to them (actions/plan.py) when the chosen entry is one of these
methods and it has not been run yet; when a form is done, its result fills the plan form's
slots (the cause the proposal answers, or what, deadline and success) and the plan form goes on.
The logic is in bot/coach/facilitate.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.common import member_key
from actions.forms import ASKS_ADVICE, TypedForm, confused, hint_of
from bot import wording
from bot.coach import facilitate as method
from bot.coach import plan, service
from bot.coach.dates import danish_date
from bot.coach.proposal import first_action
from bot.coach.reading import Reading
from bot.coach.themes import canonical, label
from bot.concurrency import in_thread
from bot.kb import service as kb

SKIP_BUTTON = {"title": "Spring over", "payload": "spring over"}
INTROS = {method.FISHBONE: method.FISHBONE_INTRO, method.EXPERIMENT: method.EXPERIMENT_INTRO}
# Kept between the method and the plan: what the method produced, the cause the first action
# answers, and which chosen entry has been run (so "ny handling" does not run it again).
RESULT, CAUSE, DONE = "method_result", "method_cause", "facilitated_kb"
# The hand-off from the plan form to a method's form and back, as the rules know it
# (data/rules/facilitate.yml: set at the choice, emptied when the method has run or stopped);
# FollowupAction makes the same step at run time.
STEP = "method_step"
STEPS = {method.FISHBONE: "fishbone", method.EXPERIMENT: "experiment"}


def start_events(dispatcher, chosen: str | None) -> list[dict[str, Any]] | None:
    """The events that start the method's form instead of the plan form, or None."""
    form = method.FORMS.get(chosen or "")
    if form is None:
        return None
    dispatcher.utter_message(text=INTROS[chosen])
    return [SlotSet(STEP, STEPS[chosen]), SlotSet("requested_slot", None), FollowupAction(form)]


def step_of(chosen: str | None) -> str | None:
    """method_step for a new choice: set for a method the coach runs, else empty."""
    return STEPS.get(chosen or "")


# Intents a cause or an experiment in the team's own words is easily taken for ("for mange
# afbrydelser" sounds like a new problem): in these forms they are an answer, not a request.
SOUNDS_LIKE_AN_ANSWER = {"describe_problem", "report_progress", "make_plan", "manager_strain"}


def as_answer(tracker: Tracker, free_slots: set[str]) -> None:
    """Read the reply to a free-text question as an answer, whatever intent it was given."""
    latest = dict(tracker.latest_message or {})
    intent = (latest.get("intent") or {}).get("name")
    asks_advice = bool(ASKS_ADVICE.search((latest.get("text") or "").lower()))
    if tracker.get_slot("requested_slot") in free_slots and (
        intent in SOUNDS_LIKE_AN_ANSWER or asks_advice  # "hvad foreslår du?": the coach's idea
    ):
        latest["intent"] = {"name": "answer", "confidence": 0.0}
        tracker.latest_message = latest


def capitalised(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _heading(slot: str) -> method.Heading:
    return next(h for h in method.HEADINGS if h.slot == slot)


# --- Fishbone -----------------------------------------------------------------------------------


class ValidateFishboneForm(TypedForm):
    questions = {
        "fb_process": "map_words",
        "fb_roles": "map_words",
        "fb_circumstances": "map_words",
        "fb_pick": "choose",
    }
    stop_response = "utter_facilitate_fishbone_stopped"

    def name(self) -> str:
        return "validate_fishbone_form"

    def label(self, slot: str, value: Any) -> str:
        return value if slot == "fb_pick" and isinstance(value, str) else ""

    def button_title(self, slot: str, value: Any) -> str | None:
        return method.short(value) if slot == "fb_pick" and isinstance(value, str) else None

    def skipped_value(self, slot: str) -> Any:
        return "" if slot == "fb_pick" else []

    async def understand(self, dispatcher, tracker: Tracker, domain) -> list | None:
        as_answer(tracker, {h.slot for h in method.HEADINGS})
        return await super().understand(dispatcher, tracker, domain)

    @staticmethod
    def causes(tracker: Tracker) -> list[str]:
        return method.all_causes({h.slot: tracker.get_slot(h.slot) for h in method.HEADINGS})

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        slots = await super().required_slots(domain_slots, dispatcher, tracker, domain)
        headings_done = all(tracker.get_slot(h.slot) is not None for h in method.HEADINGS)
        if headings_done and not self.causes(tracker):
            return [s for s in slots if s != "fb_pick"]  # nothing to pick from
        return slots

    async def read_reply(self, slot: str, text: str, tracker: Tracker) -> Reading | None:
        if slot == "fb_pick":
            return method.read_pick(text, self.causes(tracker))
        return method.read_causes(text)

    async def refusal(self, slot: str, text: str, misses: int) -> dict[str, str]:
        if slot == "fb_pick":
            name, values = "utter_hint_fb_pick", {}
        else:
            name, values = "utter_hint_fb_causes", {"example": _heading(slot).example}
        if misses % 2 == 0:
            return confused(wording.text(name, **values))
        return {"response": name, **values}

    async def advise(self, slot: str, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        if slot == "fb_pick":
            dispatcher.utter_message(
                response="utter_facilitate_pick_advice",
                buttons=method.cause_buttons(self.causes(tracker)),
            )
        else:
            dispatcher.utter_message(
                response="utter_facilitate_cause_examples", examples=_heading(slot).example
            )
        return [SlotSet(slot, None)]

    async def stopped(self, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        return [SlotSet(DONE, tracker.get_slot("chosen_kb")), SlotSet(STEP, None)] + [
            SlotSet(s, None) for s in method.FISHBONE_SLOTS
        ]


class _AskHeading(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        number = [h.slot for h in method.HEADINGS].index(self.slot) + 1
        heading = _heading(self.slot)
        theme = canonical(tracker.get_slot("theme"))
        about = f" med {label(theme)}" if theme else ""
        dispatcher.utter_message(
            text=f"{number}/3 {heading.title}: {heading.question.format(about=about)}",
            buttons=[SKIP_BUTTON],
        )
        return []


class ActionAskFbProcess(_AskHeading):
    slot = "fb_process"


class ActionAskFbRoles(_AskHeading):
    slot = "fb_roles"


class ActionAskFbCircumstances(_AskHeading):
    slot = "fb_circumstances"


class ActionAskFbPick(Action):
    def name(self) -> str:
        return "action_ask_fb_pick"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        causes = ValidateFishboneForm.causes(tracker)
        more = len(causes) > method.MAX_CAUSES
        dispatcher.utter_message(
            response="utter_facilitate_pick_first_eight" if more else "utter_facilitate_pick",
            buttons=method.cause_buttons(causes),
        )
        return []


class ActionFishboneDone(Action):
    """The round is done: the picked cause is the problem the first action answers."""

    def name(self) -> str:
        return "action_fishbone_done"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        answers = {h.slot: tracker.get_slot(h.slot) or [] for h in method.HEADINGS}
        picked = tracker.get_slot("fb_pick") or None
        dispatcher.utter_message(text=method.fishbone_summary(answers, picked))
        return [
            SlotSet(RESULT, method.fishbone_result(answers, picked)),
            SlotSet(CAUSE, picked),
            SlotSet(DONE, method.FISHBONE),
            SlotSet(STEP, None),
            SlotSet("plan_proposal", None),
            *[SlotSet(s, None) for s in method.FISHBONE_SLOTS],
            FollowupAction("plan_form"),
        ]


# --- Short experiment ---------------------------------------------------------------------------


class ValidateExperimentForm(TypedForm):
    questions = {"exp_what": "plan_what", "exp_days": "exp_days", "exp_success": "plan_success"}
    stop_response = "utter_facilitate_experiment_stopped"

    def name(self) -> str:
        return "validate_experiment_form"

    def label(self, slot: str, value: Any) -> str:
        return method.duration_label(value) if slot == "exp_days" and value else ""

    def button_title(self, slot: str, value: Any) -> str | None:
        if slot != "exp_days":
            return None
        return next((t for t, d in method.DURATION_CHOICES.items() if d == value), None)

    def skipped_value(self, slot: str) -> Any:
        return {"exp_what": None, "exp_days": 28, "exp_success": ""}[slot]

    async def understand(self, dispatcher, tracker: Tracker, domain) -> list | None:
        as_answer(tracker, {"exp_what", "exp_success"})
        return await super().understand(dispatcher, tracker, domain)

    async def read_reply(self, slot: str, text: str, tracker: Tracker) -> Reading | None:
        if slot == "exp_days":
            return method.read_duration(text, date.today())
        proposal = tracker.get_slot("exp_proposal")
        if slot == "exp_what" and proposal:
            taken = plan.taken_proposal(text, proposal)
            if taken:
                return Reading(taken)
        return await super().read_reply(slot, text, tracker)

    async def refusal(self, slot: str, text: str, misses: int) -> dict[str, str]:
        if slot != "exp_days":
            return await super().refusal(slot, text, misses)
        if misses % 2 == 0:
            return confused(hint_of("exp_days"))
        return {"response": "utter_hint_exp_days"}

    async def advise(self, slot: str, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        proposal = tracker.get_slot("exp_proposal")
        if slot == "exp_what" and proposal:
            dispatcher.utter_message(
                response="utter_facilitate_experiment_proposal", proposal=proposal
            )
        elif slot == "exp_days":
            dispatcher.utter_message(
                response="utter_facilitate_duration_advice",
                buttons=[{"title": t, "payload": t} for t in method.DURATION_CHOICES],
            )
        elif slot == "exp_success":
            dispatcher.utter_message(response="utter_facilitate_success_advice")
        else:
            return await super().advise(slot, dispatcher, tracker)
        return [SlotSet(slot, None)]

    async def accept(self, slot, value, dispatcher, tracker) -> list[dict[str, Any]]:
        if slot == "exp_what" and not value:
            dispatcher.utter_message(response="utter_facilitate_experiment_needs_what")
            return [SlotSet(slot, None)]
        return [SlotSet(slot, value)]

    async def stopped(self, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        return [SlotSet(DONE, tracker.get_slot("chosen_kb")), SlotSet(STEP, None)] + [
            SlotSet(s, None) for s in (*method.EXPERIMENT_SLOTS, "exp_proposal")
        ]


class ActionAskExpWhat(Action):
    """ "Hvad vil I prøve af?" with the coach's proposal for this problem, when it has one."""

    def name(self) -> str:
        return "action_ask_exp_what"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(kb.get_index)
        context = await in_thread(service.team_context, member_key(tracker))
        theme = canonical(tracker.get_slot("theme"))
        proposal = first_action(index, tracker.get_slot("chosen_kb"), theme, context)
        if proposal is None:
            dispatcher.utter_message(response="utter_facilitate_ask_experiment")
            return [SlotSet("exp_proposal", None)]
        dispatcher.utter_message(
            response="utter_facilitate_ask_experiment_proposal", proposal=proposal
        )
        return [SlotSet("exp_proposal", proposal)]


class ActionExperimentDone(Action):
    """The experiment is laid out: it fills the plan action, and the plan form asks the rest."""

    def name(self) -> str:
        return "action_experiment_done"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        what = capitalised(tracker.get_slot("exp_what") or "")
        days = int(tracker.get_slot("exp_days") or 28)
        success = capitalised(tracker.get_slot("exp_success") or "")
        start = date.today()
        filled = method.experiment_plan(what, days, success, start)
        end = date.fromisoformat(filled["plan_deadline"])
        dispatcher.utter_message(
            response="utter_facilitate_experiment_set_success"
            if success
            else "utter_facilitate_experiment_set",
            what=what,
            duration=method.duration_label(days),
            end=danish_date(end),
            success=success,
        )
        return [
            *[SlotSet(k, v) for k, v in filled.items()],
            SlotSet(RESULT, method.experiment_result(what, days, success, start)),
            SlotSet(DONE, method.EXPERIMENT),
            SlotSet(STEP, None),
            SlotSet("plan_proposal", None),
            *[SlotSet(s, None) for s in (*method.EXPERIMENT_SLOTS, "exp_proposal")],
            FollowupAction("plan_form"),
        ]
