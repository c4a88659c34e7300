"""Following up: a due follow-up, agreeing when, the check-in, the trend and the export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.common import TEAM_BUTTONS, member_key, user_text
from actions.forms import TypedForm
from bot.coach import followup_service as work
from bot.coach.dates import danish_date, read_days
from bot.coach.followups import CHOICES, DEFAULT_DAYS
from bot.coach.reading import Reading
from bot.coach.reading.controls import STOP, read_control
from bot.coach.reading.words import yes_no
from bot.concurrency import in_thread
from bot.kb.questions import is_question

CHECKIN_BUTTONS = [
    {"title": "Følg op nu", "payload": "/start_checkin"},
    {"title": "Vis planen", "payload": "/show_plan"},
]
AFTER_CHECKIN = [
    {"title": "Vis udviklingen", "payload": "/show_trend"},
    {"title": "Eksportér planen", "payload": "/export_plan"},
    {"title": "Vis planen", "payload": "/show_plan"},
]
# Where the channels find the chart and the export of the conversation's own team.
TREND_IMAGE = "chart/trend.png"
EXPORT_ATTACHMENT = "export/handlingsplan.html"


CHOICE_NAMES = {7: "Om 1 uge", 14: "Om 2 uger", 28: "Om 4 uger"}


def followup_choices(today: date, typed: bool = False) -> list[dict[str, str]]:
    """Buttons to agree when to follow up: two weeks suggested first. `typed`: the buttons
    send their words ("Om 2 uger"), as an answer to the follow-up question would be typed."""
    ordered = sorted(CHOICES, key=lambda d: d != DEFAULT_DAYS)
    return [
        {
            "title": f"{CHOICE_NAMES[days]} ({danish_date(today + timedelta(days=days))})",
            "payload": CHOICE_NAMES[days].lower()
            if typed
            else f'/schedule_followup{{"days":"{days}"}}',
        }
        for days in ordered
    ]


class ValidateFollowupForm(TypedForm):
    """ "Hvornår følger vi op på planen?" after a plan action is saved: a button, or a day
    typed in any form ("mandag efter mødet", "12. januar", "om en uge")."""

    questions = {"followup_days": "followup_when"}
    stop_response = "utter_followup_stopped"

    def name(self) -> str:
        return "validate_followup_form"

    def label(self, slot: str, value: Any) -> str:
        return danish_date(date.today() + timedelta(days=int(value)))

    def button_title(self, slot: str, value: Any) -> str | None:
        return CHOICE_NAMES.get(int(value)) if str(value).isdigit() else None

    def skipped_value(self, slot: str) -> Any:
        return DEFAULT_DAYS

    async def read_reply(self, slot, text, tracker) -> Reading | None:
        reading = await super().read_reply(slot, text, tracker)
        if reading is None:
            said = yes_no(text)  # "ja" takes the two weeks proposed; "nej" leaves it for now
            if said == "ja":
                return Reading(DEFAULT_DAYS)
            if said == "nej":
                return Reading(None, control=STOP)
        return reading


class ActionAskFollowupDays(Action):
    def name(self) -> str:
        return "action_ask_followup_days"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            response="utter_followup_when", buttons=followup_choices(date.today(), typed=True)
        )
        return []


class ActionFollowupDue(Action):
    """Said when the scheduler triggers EXTERNAL_followup, or the team room finds one due."""

    def name(self) -> str:
        return "action_followup_due"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = await in_thread(work.due_text, member_key(tracker))
        if text:
            dispatcher.utter_message(text=text, buttons=CHECKIN_BUTTONS)
        return []


class ActionScheduleFollowup(Action):
    def name(self) -> str:
        return "action_schedule_followup"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        raw = tracker.get_slot("followup_days") or next(
            tracker.get_latest_entity_values("days"), None
        )
        text = user_text(tracker)
        typed = read_days(text, date.today()) if text else None
        if raw is None and typed is None and text and is_question(text):
            return await self.tell_date(dispatcher, tracker)  # "hvornår følger vi op igen?"
        days = int(raw) if str(raw or "").isdigit() else typed or DEFAULT_DAYS
        day = await in_thread(work.schedule_checkin, member_key(tracker), days, date.today())
        if day is None:
            dispatcher.utter_message(response="utter_followup_no_team", buttons=TEAM_BUTTONS)
            return []
        dispatcher.utter_message(response="utter_followup_scheduled", day=day)
        return [SlotSet("followup_days", None)]

    async def tell_date(self, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """The follow-up agreed, asked about: told, not moved."""
        day = await in_thread(work.next_checkin_date, member_key(tracker))
        if day is None and not await in_thread(work.has_team, member_key(tracker)):
            dispatcher.utter_message(response="utter_followup_no_team", buttons=TEAM_BUTTONS)
            return []
        buttons = followup_choices(date.today())
        if day is None:
            dispatcher.utter_message(response="utter_followup_none_agreed", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_followup_agreed", day=day, buttons=buttons)
        return [SlotSet("followup_days", None)]


class ValidateCheckinForm(TypedForm):
    """The check-in's questions come from its state machine (bot/coach/checkin.py); the slot
    stays empty until the check-in is finished, so the form asks the next one."""

    questions = {"checkin_reply": "checkin"}
    acknowledge = False
    stop_response = "utter_followup_checkin_stopped"

    def name(self) -> str:
        return "validate_checkin_form"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if tracker.active_loop.get("name") != "checkin_form" or not tracker.get_slot(
            "requested_slot"
        ):
            blocker = await in_thread(work.start_checkin, member_key(tracker))
            if blocker == work.NO_TEAM:
                dispatcher.utter_message(response="utter_followup_no_team", buttons=TEAM_BUTTONS)
            elif blocker:
                buttons = [{"title": "Lav en handling", "payload": "/make_plan"}]
                dispatcher.utter_message(text=blocker, buttons=buttons)
            if blocker:
                return [SlotSet("checkin_reply", None), SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    async def read_reply(self, slot, text, tracker) -> Reading | None:
        # Only a control said alone: "stop den" is an answer here (stop that action).
        control = read_control(text, strict=True)
        if control is not None:
            return Reading(None, control=control)
        return Reading(text) if text.strip() else None

    def skipped_value(self, slot: str) -> Any:
        return "spring over"

    async def accept(self, slot, value, dispatcher, tracker) -> list[dict[str, Any]]:
        finished, problem = await in_thread(
            work.checkin_answer, member_key(tracker), str(value or ""), date.today()
        )
        if problem == work.NO_TEAM:
            dispatcher.utter_message(response="utter_followup_no_team", buttons=TEAM_BUTTONS)
        elif problem:
            dispatcher.utter_message(text=problem)
        return [SlotSet("checkin_reply", "færdig" if finished else None)]


class ActionAskCheckinReply(Action):
    def name(self) -> str:
        return "action_ask_checkin_reply"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        asked = await in_thread(work.checkin_question, member_key(tracker))
        if asked is None:
            dispatcher.utter_message(response="utter_followup_no_team", buttons=TEAM_BUTTONS)
            return []
        text, choices = asked
        dispatcher.utter_message(
            text=text, buttons=[{"title": c, "payload": c} for c in choices] or None
        )
        return []


class ActionCheckinDone(Action):
    def name(self) -> str:
        return "action_checkin_done"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        result = await in_thread(work.finish_checkin, member_key(tracker))
        if result is not None and tracker.get_slot("checkin_reply") == "færdig":
            summary, remeasure = result
            if remeasure:  # the pulse is measured again: the summary, then how to answer
                dispatcher.utter_message(
                    response="utter_followup_checkin_done_remeasure", summary=summary
                )
            else:
                dispatcher.utter_message(text=summary, buttons=AFTER_CHECKIN)
        return [SlotSet("checkin_reply", None)]


class ActionShowTrend(Action):
    def name(self) -> str:
        return "action_show_trend"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        found = await in_thread(work.trend_text, member_key(tracker))
        if found is None:
            dispatcher.utter_message(response="utter_followup_no_team", buttons=TEAM_BUTTONS)
            return []
        has_points, text = found
        if has_points:
            dispatcher.utter_message(image=TREND_IMAGE)
        dispatcher.utter_message(
            text=text, buttons=[{"title": "Mål igen", "payload": "/start_pulse"}]
        )
        return []


class ActionExportPlan(Action):
    def name(self) -> str:
        return "action_export_plan"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if not await in_thread(work.has_team, member_key(tracker)):
            dispatcher.utter_message(response="utter_followup_no_team", buttons=TEAM_BUTTONS)
            return []
        dispatcher.utter_message(response="utter_followup_export", attachment=EXPORT_ATTACHMENT)
        return []


class ActionReportProgress(Action):
    """ "Morgenmøderne kører nu": the team tells how it went; the coach offers to follow up."""

    def name(self) -> str:
        return "action_report_progress"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if await in_thread(work.has_open_actions, member_key(tracker)):
            dispatcher.utter_message(
                response="utter_followup_progress_thanks", buttons=CHECKIN_BUTTONS
            )
            return []
        if next(tracker.get_latest_entity_values("theme"), None):
            # No plan to report on, and the message names a problem ("og så siger de to ejere
            # hver sin ting"): it is one more thing that fills, noted as such.
            return [FollowupAction("action_note_problem")]
        dispatcher.utter_message(response="utter_followup_progress_no_plan")
        return []
