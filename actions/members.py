"""Medlemmer: the owner approves who joins and removes members; anyone adds another device of
their own with a one-time code, so that they stay one person (bot/coach/members.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker

from actions.common import acting_person, in_group_chat, member_key
from bot.coach import members
from bot.coach.dates import local_time
from bot.concurrency import in_thread

APPROVE, APPROVE_ALL, REMOVE, HAND_OVER = "godkend", "godkend_alle", "fjern", "ejer"
WAITING = (
    "Tak. Du er med i {name}, så snart den, der oprettede teamet, har godkendt dig. Sig til "
    "vedkommende, at du har skrevet dig på. Indtil da ser du ikke teamets data."
)


def members_button(title: str, action: str = "", number: int | None = None) -> dict[str, str]:
    entities = {}
    if action:
        entities["member_action"] = action
    if number is not None:
        entities["member"] = str(number)
    payload = "/members" + (
        "{" + ",".join(f'"{k}":"{v}"' for k, v in entities.items()) + "}" if entities else ""
    )
    return {"title": title, "payload": payload}


async def tell_owner_who_waits(dispatcher, tracker: Tracker) -> None:
    """The owner hears, now and then, that someone waits for their approval."""
    count = await in_thread(members.waiting_count, acting_person(tracker))
    if count:
        who = "1 venter" if count == 1 else f"{count} venter"
        dispatcher.utter_message(
            text=f"{who} på at du godkender dem som medlemmer.",
            buttons=[members_button("Se medlemmer")],
        )


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
                dispatcher.utter_message(text="Kun den, der oprettede teamet, kan godkende.")
                return []
            dispatcher.utter_message(
                text="Godkendt." if done else "Der er ingen, der venter.",
            )
        elif action == REMOVE and number is not None:
            removed = await in_thread(members.remove, actor, number)
            if removed is None:
                dispatcher.utter_message(
                    text="Kun den, der oprettede teamet, kan fjerne medlemmer."
                )
                return []
            dispatcher.utter_message(
                text=f"Medlem {number} er fjernet fra teamet." if removed else
                f"Medlem {number} findes ikke i teamet, eller det er ejeren."
            )  # fmt: skip
        elif action == HAND_OVER and number is not None:
            handed = await in_thread(members.hand_over, actor, number)
            if handed is None:
                dispatcher.utter_message(text="Kun den, der ejer teamet, kan give det videre.")
                return []
            dispatcher.utter_message(
                text=f"Medlem {number} ejer nu teamet og kan godkende, fjerne og lukke "
                "målinger. Du er stadig med som medlem."
                if handed
                else f"Medlem {number} er ikke et godkendt medlem af teamet."
            )
            return []
        roster = await in_thread(members.roster, actor)
        if roster is None:
            dispatcher.utter_message(text="Du er ikke med i et team endnu.")
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
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons[:12] or None)
        return []


class ActionLinkDevice(Action):
    """ "ny enhed": a one-time code to use the coach from another phone or computer too."""

    def name(self) -> str:
        return "action_link_device"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if in_group_chat(tracker):
            dispatcher.utter_message(text="Skriv 'ny enhed' til mig i en privat chat.")
            return []
        code = await in_thread(members.new_link_code, member_key(tracker))
        if code is None:
            dispatcher.utter_message(text="Du skal være med i et team først.")
            return []
        dispatcher.utter_message(
            text=f"Din kode til en ny enhed er {code}. Åbn Trivselscoach på den anden enhed, "
            "vælg 'Jeg har en kode', og skriv den. Den gælder i 15 minutter og kun én gang. Så "
            "tæller du som én person, også i pulsmålinger. Giv den ikke til andre."
        )
        return []
