"""Medlemmer: the owner approves who joins and removes members; anyone adds another device of
their own with a one-time code, so that they stay one person (bot/coach/members.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker

from actions.common import acting_person, in_group_chat, member_key
from bot.coach import members
from bot.coach.dates import danish_date, local_time
from bot.concurrency import in_thread
from bot.config import load_settings

APPROVE, APPROVE_ALL, REMOVE, HAND_OVER = "godkend", "godkend_alle", "fjern", "ejer"
NEW_CODE = "ny_kode"  # the owner's button under the team's code
# The fixed texts are responses in domain/teams.yml (utter_members_*); the list of members is
# built here.


def members_button(
    title: str, action: str = "", number: int | None = None, intent: str = "members"
) -> dict[str, str]:
    entities = {}
    if action:
        entities["member_action"] = action
    if number is not None:
        entities["member"] = str(number)
    payload = f"/{intent}" + (
        "{" + ",".join(f'"{k}":"{v}"' for k, v in entities.items()) + "}" if entities else ""
    )
    return {"title": title, "payload": payload}


async def tell_owner_who_waits(dispatcher, tracker: Tracker) -> None:
    """The owner hears, now and then, that someone waits for their approval."""
    count = await in_thread(members.waiting_count, acting_person(tracker))
    if count:
        dispatcher.utter_message(response="utter_members_waiting_for_approval", count=count)


def _number(tracker: Tracker) -> int | None:
    value = next(tracker.get_latest_entity_values("member"), None)
    return int(value) if str(value or "").isdigit() else None


class ActionMembers(Action):
    """ "medlemmer", "hvem er med?", and the owner's buttons to approve and remove."""

    def name(self) -> str:
        return "action_members"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        actor = acting_person(tracker)
        action = next(tracker.get_latest_entity_values("member_action"), None)
        number = _number(tracker)
        typed = members.read_request(tracker.latest_message.get("text") or "")
        if action is None and typed is not None:  # "godkend alle", "fjern nr. 3"
            action, number = typed
        if action in (APPROVE, APPROVE_ALL):
            done = await in_thread(
                members.approve, actor, [number] if action == APPROVE and number else []
            )
            if done is None:
                dispatcher.utter_message(response="utter_members_only_owner_approves")
                return []
            dispatcher.utter_message(
                response="utter_members_approved" if done else "utter_members_none_waiting"
            )
        elif action == REMOVE and number is not None:
            removed = await in_thread(members.remove, actor, number)
            if removed is None:
                dispatcher.utter_message(response="utter_members_only_owner_removes")
                return []
            dispatcher.utter_message(
                response="utter_members_removed" if removed else "utter_members_not_removed",
                number=number,
            )
        elif action == HAND_OVER and number is not None:
            handed = await in_thread(members.hand_over, actor, number)
            if handed is None:
                dispatcher.utter_message(response="utter_members_only_owner_hands_over")
                return []
            dispatcher.utter_message(
                response="utter_members_handed_over" if handed else "utter_members_not_handed_over",
                number=number,
            )
            return []
        roster = await in_thread(members.roster, actor)
        if roster is None:
            dispatcher.utter_message(response="utter_members_no_team")
            return []
        people = "1 person" if roster.people == 1 else f"{roster.people} personer"
        lines = [f"{roster.team} har {people} med."]
        buttons: list[dict[str, str]] = []
        if roster.owner and roster.waiting:
            lines.append("Venter på din godkendelse:")
            for seat in roster.waiting:
                lines.append(
                    f"- Medlem {seat.number}, skrev sig på {local_time(seat.joined_at):%d.%m. kl. %H.%M}"
                )
                buttons.append(members_button(f"Godkend {seat.number}", APPROVE, seat.number))
                buttons.append(members_button(f"Afvis {seat.number}", REMOVE, seat.number))
            buttons.insert(0, members_button("Godkend alle", APPROVE_ALL))
            lines.append(
                "Godkend kun dem, du ved hører til teamet: hver godkendt tæller med i "
                "pulsmålingerne."
            )
        elif roster.owner and len(roster.approved) > 1:
            lines.append(
                "Vil du fjerne en eller give teamet videre til en anden? Medlemmerne har "
                "numre, ikke navne:"
            )
            for seat in roster.approved:
                if not seat.owner:
                    lines.append(
                        f"- Medlem {seat.number}, med siden {local_time(seat.joined_at):%d.%m.%Y}"
                    )
                    buttons.append(members_button(f"Fjern {seat.number}", REMOVE, seat.number))
                    buttons.append(
                        members_button(f"Gør {seat.number} til ejer", HAND_OVER, seat.number)
                    )
        if roster.owner:  # after "Godkend alle", the first thing an owner with a queue needs
            buttons.insert(
                1 if roster.waiting else 0, members_button("Teamets kode", intent="team_code")
            )
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons[:12] or None)
        return []


class ActionLinkDevice(Action):
    """ "ny enhed": a one-time code to use the coach from another phone or computer too."""

    def name(self) -> str:
        return "action_link_device"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if in_group_chat(tracker):
            dispatcher.utter_message(response="utter_members_link_in_private")
            return []
        code = await in_thread(members.new_link_code, member_key(tracker))
        if code is None:
            dispatcher.utter_message(response="utter_members_link_no_team")
            return []
        dispatcher.utter_message(response="utter_members_link_code", code=code)
        return []


class ActionTeamCode(Action):
    """ "hvad er vores kode?" shows the team's code and how long it works; the owner's "ny
    kode" (typed or by the button) makes a new one, and the old stops working at once."""

    def name(self) -> str:
        return "action_team_code"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        button = next(tracker.get_latest_entity_values("member_action"), None) == NEW_CODE
        renew = button or members.wants_new_code(tracker.latest_message.get("text") or "")
        code = await in_thread(members.team_code, acting_person(tracker), renew)
        if code is None:
            dispatcher.utter_message(response="utter_members_no_team")
            return []
        if renew and not code.owner:
            dispatcher.utter_message(response="utter_members_only_owner_new_code")
        days = load_settings().join_code_days
        until = danish_date(local_time(code.expires).date())
        buttons = [members_button("Lav en ny kode", NEW_CODE, intent="team_code")]
        if code.new:
            dispatcher.utter_message(
                response="utter_members_new_code", code=code.code, until=until, days=days
            )
        elif code.expired:
            dispatcher.utter_message(
                response="utter_members_code_expired_owner"
                if code.owner
                else "utter_members_code_expired",
                days=days,
                buttons=buttons if code.owner else None,
            )
        else:
            dispatcher.utter_message(
                response="utter_members_team_code",
                code=code.code,
                until=until,
                days=days,
                buttons=buttons if code.owner else None,
            )
        return []
