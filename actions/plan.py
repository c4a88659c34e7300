"""Handlingsplan: the plan form (what, who, when, how we will know, involvement, what may get
in the way), showing the plan and editing it in everyday Danish."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.common import MENU_BUTTONS, TEAM_BUTTONS, member_key
from actions.forms import CONFIRM, REQUESTED, TypedForm
from bot import involvement
from bot.coach import duties, facilitate, followup_service, plan, service
from bot.coach.dates import danish_date
from bot.coach.proposal import first_action
from bot.coach.reading import Reading
from bot.coach.themes import canonical
from bot.concurrency import in_thread
from bot.kb import service as kb

PLAN_SLOTS = ("plan_what", "plan_owner", "plan_deadline", "plan_success", "plan_involvement",
              "plan_circumstances")  # fmt: skip
OPTIONAL = ("plan_success", "plan_circumstances")


class ValidatePlanForm(TypedForm):
    questions = {slot: slot for slot in PLAN_SLOTS}
    stop_response = "utter_plan_stopped"  # its "Vis planen", then the menu
    stop_buttons = MENU_BUTTONS

    def name(self) -> str:
        return "validate_plan_form"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        # A process method the team chose is run with it first (actions/facilitate.py); its
        # result then fills this form. Once run, "ny handling" goes straight to the plan.
        starting = tracker.active_loop.get("name") != "plan_form" or tracker.get_slot(
            REQUESTED
        ) not in (*PLAN_SLOTS, CONFIRM)
        chosen = tracker.get_slot("chosen_kb")
        if (
            starting
            and chosen in facilitate.FORMS
            and tracker.get_slot("facilitated_kb") != chosen
            and tracker.get_slot("plan_what") is None
        ):
            from actions.facilitate import start_events

            return start_events(dispatcher, chosen) or []
        events = await super().run(dispatcher, tracker, domain)
        if starting and tracker.get_slot("method_step"):  # run already: not handed over again
            events = [SlotSet("method_step", None), *events]
        return events

    def label(self, slot: str, value: Any) -> str:
        if slot == "plan_deadline":
            return danish_date(value)
        if slot == "plan_involvement":
            return involvement.SAID.get(value, str(value))
        return ""  # free text is not echoed back

    def button_title(self, slot: str, value: Any) -> str | None:
        return next((t for t, v in involvement.BY_BUTTON.items() if v == value), None)

    def skipped_value(self, slot: str) -> Any:
        return "" if slot in OPTIONAL or slot == "plan_deadline" else None

    async def stopped(self, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        # "Handlingen er ikke gemt": what was answered goes, and "ny handling" starts afresh.
        return [SlotSet(slot, None) for slot in PLAN_SLOTS]

    async def read_reply(self, slot: str, text: str, tracker: Tracker) -> Reading | None:
        proposal = tracker.get_slot("plan_proposal")
        taken = plan.taken_proposal(text, proposal) if slot == "plan_what" and proposal else None
        if taken:
            return Reading(taken, definite=True)  # "brug forslaget", "brug det, men kl. 7"
        return await super().read_reply(slot, text, tracker)

    async def advise(self, slot: str, dispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        proposal = tracker.get_slot("plan_proposal")
        if slot != "plan_what" or not proposal:
            return await super().advise(slot, dispatcher, tracker)
        dispatcher.utter_message(response="utter_plan_proposal", proposal=proposal)
        return [SlotSet(slot, None)]

    async def accept(self, slot, value, dispatcher, tracker) -> list[dict[str, Any]]:
        if value is None:  # what and who cannot be skipped
            dispatcher.utter_message(response="utter_plan_required")
            return [SlotSet(slot, None)]
        if slot == "plan_deadline" and value != "":
            value = value.isoformat()
        return [SlotSet(slot, value)]


class ActionAskPlanWhat(Action):
    """ "Hvad vil I konkret gøre?" with the coach's proposal for a first action, when it has
    one for the chosen measure or the problem's theme (bot/coach/proposal.py)."""

    def name(self) -> str:
        return "action_ask_plan_what"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        index = await in_thread(kb.get_index)
        context = await in_thread(service.team_context, member_key(tracker))
        theme = canonical(tracker.get_slot("theme"))
        cause = tracker.get_slot("method_cause") or ""  # picked in a Fishbone round
        chosen = tracker.get_slot("chosen_kb")
        proposal = first_action(index, chosen, theme, context, problem=cause)
        if proposal is None:
            dispatcher.utter_message(response="utter_ask_plan_what")
            return [SlotSet("plan_proposal", None)]
        trial = tracker.get_slot("plan_mode") == "forsøg"
        if cause:  # the cause picked in the Fishbone round comes first
            asked = (
                "utter_plan_what_proposal_cause_trial"
                if trial
                else "utter_plan_what_proposal_cause"
            )
        else:
            asked = "utter_plan_what_proposal_trial" if trial else "utter_plan_what_proposal"
        dispatcher.utter_message(response=asked, proposal=proposal, cause=cause.rstrip("."))
        return [SlotSet("plan_proposal", proposal)]


class ActionSavePlanAction(Action):
    def name(self) -> str:
        return "action_save_plan_action"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        deadline = tracker.get_slot("plan_deadline")
        fields = {
            "what": tracker.get_slot("plan_what"),
            "owner": tracker.get_slot("plan_owner"),
            "deadline": date.fromisoformat(deadline) if deadline else None,
            "success": tracker.get_slot("plan_success") or "",
            "involvement": tracker.get_slot("plan_involvement"),
            "circumstances": tracker.get_slot("plan_circumstances") or "",
            "kb_id": tracker.get_slot("chosen_kb"),
            "experiment": tracker.get_slot("plan_mode") == "forsøg",
        }
        reset = [SlotSet(s, None) for s in PLAN_SLOTS] + [
            SlotSet("plan_mode", None),
            SlotSet("plan_proposal", None),
            SlotSet("method_result", None),
            SlotSet("method_cause", None),
        ]
        text = await in_thread(service.save_plan_action, member_key(tracker), fields)
        result = tracker.get_slot("method_result")
        if text is not None and result:  # what the Fishbone round or the experiment produced
            await in_thread(service.record_facilitation, member_key(tracker), result)
        if text is None:
            dispatcher.utter_message(response="utter_plan_no_team", buttons=TEAM_BUTTONS)
            return reset
        saved = {
            "what": fields["what"].rstrip("."),
            "owner": fields["owner"],
            "deadline": danish_date(fields["deadline"]) if fields["deadline"] else "",
        }
        followup = await in_thread(followup_service.next_checkin_date, member_key(tracker))
        if followup is None:  # the first action: the follow-up form asks when
            dispatcher.utter_message(
                response="utter_plan_saved_first"
                if fields["deadline"]
                else "utter_plan_saved_first_no_deadline",
                apv=duties.PLAN_IS_APV,
                **saved,
            )
            return reset + [FollowupAction("followup_form")]
        dispatcher.utter_message(
            response="utter_plan_saved" if fields["deadline"] else "utter_plan_saved_no_deadline",
            followup=followup,
            **saved,
        )
        return reset


class ActionShowPlan(Action):
    def name(self) -> str:
        return "action_show_plan"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = await in_thread(service.plan_text, member_key(tracker))
        if text is not None:
            dispatcher.utter_message(text=text, buttons=MENU_BUTTONS)
            return []
        dispatcher.utter_message(response="utter_plan_none_yet", buttons=MENU_BUTTONS)
        return []


class ActionEditPlan(Action):
    def name(self) -> str:
        return "action_edit_plan"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        answer = await in_thread(service.edit_plan, member_key(tracker), text, date.today())
        dispatcher.utter_message(
            text=answer, buttons=[{"title": "Vis planen", "payload": "/show_plan"}]
        )
        return []
