"""The check-in: how each action went, what to do with it, what helped and hindered (the PRO
model: process, roles, circumstances), what the team has learned to handle, and whether to
measure again. A small state machine kept in the database (CheckIn.stage and .position), so a
check-in survives restarts and can be continued from another channel.

An action that came from a process method (a Fishbone round, a short experiment, or one built
on a NECTO method) gets its own PRO review after its status: three short questions, one per
perspective of the knowledge base's PRO model (proces, roller, omstændigheder), kept with the
check-in item. When every action that moved got one, the general "what helped, what hindered"
is not asked again.

`question` says what to ask now; `answer` takes the team's reply and moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.coach import followups, plan
from bot.coach.dates import DateError, danish_date, parse_deadline
from bot.coach.facilitate import from_method
from bot.coach.reading.checkin import read_decision, read_status, read_yes_no
from bot.coach.teams import TeamError, set_step, touch
from bot.db.models import CheckIn, CheckInItem, PlanAction, Team, utcnow

STATUS_CHOICES = {
    "Gennemført": "gennemfoert",
    "I gang": "i_gang",
    "Ikke startet": "ikke_startet",
    "Droppet": "droppet",
}
DECISIONS = {
    "Fortsæt": "fortsaet",
    "Ny frist": "ny_frist",
    "Ny ansvarlig": "ny_ansvarlig",
    "Stop den": "stop",
}
STUCK_DECISIONS = {
    "Gør den mindre": "mindre",
    "Vælg en anden": "andet",
    "Fortsæt alligevel": "fortsaet",
    "Stop den": "stop",
}
DECISION_LABELS = {
    "fortsaet": "fortsætter",
    "juster": "justeret",
    "stop": "stoppet",
    "mindre": "gjort mindre",
    "andet": "erstattes af en anden indsats",
}
SKIP = "Spring over"
HINDRANCES = ["Travlhed", "Fravær", "Et nyt system eller nye opgaver", "Intet særligt"]
REMEASURE = {"Ja, åbn en måling": True, "Nej, ikke nu": False}
# The PRO review of an action from a method: stage -> (key kept in CheckInItem.pro, question).
PRO_STAGES = {
    "pro_process": (
        "process",
        "Proces: Hvordan gik det med at gøre det, I aftalte, og hvad kom der ud af det?",
    ),
    "pro_roles": ("roles", "Roller: Hvem gjorde hvad, og var det klart, hvem der havde ansvaret?"),
    "pro_circumstances": (
        "circumstances",
        "Omstændigheder: Hvad hos jer hjalp, og hvad bremsede, fx travlhed eller fravær?",
    ),
}
PRO_NEXT = {"pro_process": "pro_roles", "pro_roles": "pro_circumstances"}


@dataclass(frozen=True)
class Question:
    text: str
    buttons: list[str] = field(default_factory=list)


def _open_checkin(team: Team) -> CheckIn | None:
    return next((c for c in reversed(team.checkins) if c.finished_at is None), None)


def open_actions(team: Team) -> list[PlanAction]:
    return [a for a in team.plan if a.status not in ("gennemfoert", "droppet")]


def start(session: Session, team: Team) -> CheckIn:
    """The team's unfinished check-in, or a new one over the actions not yet finished."""
    current = _open_checkin(team)
    if current is not None:
        return current
    actions = open_actions(team)
    if not actions:
        raise TeamError(
            "I har ingen åbne handlinger at følge op på. Læg en ny handling i planen, "
            "eller vælg en ny indsats."
        )
    checkin = CheckIn(team_id=team.id, stage="status", position=0)
    session.add(checkin)
    team.checkins.append(checkin)
    for action in actions:
        checkin.items.append(CheckInItem(action_id=action.id, action=action, status="ukendt"))
    session.flush()
    return checkin


def _number(team: Team, action: PlanAction) -> int:
    return team.plan.index(action) + 1


def _item(checkin: CheckIn) -> CheckInItem:
    return checkin.items[checkin.position]


def stuck(team: Team, item: CheckInItem) -> bool:
    """Not started at this check-in and at the one before."""
    earlier = [
        i
        for c in team.checkins
        if c.finished_at is not None
        for i in c.items
        if i.action_id == item.action_id
    ]
    return item.status == "ikke_startet" and bool(earlier) and earlier[-1].status == "ikke_startet"


def needs_pro(item: CheckInItem) -> bool:
    """An action from a method that has moved (or was dropped), not yet reviewed here."""
    return from_method(item.action) and item.status != "ikke_startet" and not item.pro


def _pro_question(team: Team, checkin: CheckIn) -> Question:
    item = _item(checkin)
    _key, text = PRO_STAGES[checkin.stage]
    if checkin.stage == "pro_process":
        action, n = item.action, _number(team, item.action)
        if action.experiment:
            origin = f"Nr. {n} er et kort forsøg."
        elif (action.facilitation or {}).get("method") == "fishbone_workshop":
            origin = f"Nr. {n} kom ud af jeres Fishbone-runde."
        else:
            origin = f"Nr. {n} bygger på en arbejdsmetode."
        lead = f"{origin} Lad os se på den med PRO-modellen: tre korte spørgsmål."
        success = " ".join((action.success or "").split()).rstrip(".")
        known = f" I ville se efter: {success}." if success else ""
        text = f"{lead}\n{text}{known}"
    return Question(text, [SKIP])


def question(team: Team, checkin: CheckIn) -> Question:
    stage = checkin.stage
    if stage in PRO_STAGES:
        return _pro_question(team, checkin)
    if stage in ("status", "decision", "new_deadline", "new_owner", "smaller"):
        item = _item(checkin)
        action = item.action
        n = _number(team, action)
        if stage == "status":
            when = danish_date(action.deadline) if action.deadline else "ingen frist"
            return Question(
                f"Nr. {n}: {action.what} ({action.owner}, {when}). Hvordan står det til?",
                list(STATUS_CHOICES),
            )
        if stage == "decision" and stuck(team, item):
            return Question(
                f"Nr. {n} er ikke kommet i gang to gange i træk. Det sker ofte, når en "
                "handling er for stor eller kommer på et dårligt tidspunkt, og det er ikke "
                "nogens skyld. Skal I gøre den mindre eller vælge en anden indsats?",
                list(STUCK_DECISIONS),
            )
        if stage == "decision":
            return Question(f"Hvad gør I med nr. {n}?", list(DECISIONS))
        if stage == "new_deadline":
            return Question("Hvad er den nye frist? Fx '15/3' eller 'om tre uger'.")
        if stage == "new_owner":
            return Question("Hvem står for den nu? Skriv en rolle, fx 'formanden'.")
        return Question(
            "Hvad er det mindste første skridt, I kan nå inden for to uger? Skriv det kort."
        )
    if stage == "helped":
        return Question(
            "Hvad har hjulpet jer? Tænk på arbejdsgangene, hvem der gjorde hvad, og "
            "omstændighederne.",
            [SKIP],
        )
    if stage == "hindered":
        return Question("Hvad kom i vejen? Vælg eller skriv med jeres egne ord.", HINDRANCES)
    if stage == "learned":
        return Question(
            "Hvad kan I nu, som I ikke kunne før? En kort sætning er nok, fx 'vi siger det "
            "højt, når vi er ved at løbe tør for tid'.",
            [SKIP],
        )
    return Question(
        "Vil I måle igen på jeres temaer med en kort anonym puls? Så kan I se, om det "
        "har flyttet sig.",
        list(REMEASURE),
    )


def _choice(text: str, options: dict[str, object], extra: dict[str, object] | None = None):
    wanted = " ".join(text.lower().split())
    for title, value in {**options, **(extra or {})}.items():
        if wanted == title.lower():
            return value
    return None


def _next_item(checkin: CheckIn) -> None:
    checkin.position += 1
    if checkin.position < len(checkin.items):
        checkin.stage = "status"
        return
    moved = [i for i in checkin.items if i.status != "ikke_startet"]
    # The PRO reviews said what helped and hindered: the general question is not asked again.
    reviewed = bool(moved) and all(i.pro for i in moved)
    checkin.stage = "learned" if reviewed else "helped"


def _after_item(checkin: CheckIn) -> None:
    """Done with one action's status and decision: its PRO review, or the next action."""
    if needs_pro(_item(checkin)):
        checkin.stage = "pro_process"
    else:
        _next_item(checkin)


def answer(session: Session, team: Team, checkin: CheckIn, text: str, today: date) -> str | None:
    """Take the reply; None when it moved the check-in on, else what to tell the team."""
    text = " ".join((text or "").split())
    stage = checkin.stage
    if stage == "status":
        status = _choice(text, STATUS_CHOICES) or read_status(text)
        if status is None:
            return "Vælg en af knapperne: gennemført, i gang, ikke startet eller droppet."
        item = _item(checkin)
        item.status = status
        item.action.status = status
        if status in ("gennemfoert", "droppet"):
            _after_item(checkin)
        else:
            checkin.stage = "decision"
    elif stage == "decision":
        item = _item(checkin)
        options = STUCK_DECISIONS if stuck(team, item) else DECISIONS
        decision = _choice(text, options) or read_decision(text, set(options.values()))
        if decision is None:
            return "Vælg en af knapperne."
        if decision in ("ny_frist", "ny_ansvarlig", "mindre"):
            item.decision = "mindre" if decision == "mindre" else "juster"
            checkin.stage = {"ny_frist": "new_deadline", "ny_ansvarlig": "new_owner"}.get(
                decision, "smaller"
            )
            return None
        item.decision = decision
        if decision in ("stop", "andet"):
            item.action.status = "droppet"
            followups.schedule_deadline(session, team, item.action, today)
        _after_item(checkin)
    elif stage == "new_deadline":
        try:
            deadline = parse_deadline(text, today)
        except DateError as exc:
            return str(exc)
        item = _item(checkin)
        item.note = f"Ny frist: {danish_date(deadline)}."
        item.action.deadline = deadline
        followups.schedule_deadline(session, team, item.action, today)
        _after_item(checkin)
    elif stage == "new_owner":
        if len(text) < 2:
            return "Skriv, hvem der står for den. Det kan være en rolle."
        item = _item(checkin)
        item.note = f"Ny ansvarlig: {text[:120]}."
        item.action.owner = text[:120]
        _after_item(checkin)
    elif stage == "smaller":
        if len(text) < 3:
            return "Skriv kort, hvad det første skridt er."
        item = _item(checkin)
        item.note = f"Gjort mindre. Før: {item.action.what}"[:1000]
        item.action.what = text[:500]
        item.action.status = "ikke_startet"
        _after_item(checkin)
    elif stage in PRO_STAGES:
        item = _item(checkin)
        key = PRO_STAGES[stage][0]
        value = "" if text.lower() in (SKIP.lower(), "intet særligt") else text[:1000]
        item.pro = {**(item.pro or {}), key: value}  # a new dict: the JSON column sees it
        if stage in PRO_NEXT:
            checkin.stage = PRO_NEXT[stage]
        else:
            _next_item(checkin)
    elif stage in ("helped", "hindered", "learned"):
        value = "" if text.lower() in (SKIP.lower(), "intet særligt") else text[:1000]
        setattr(checkin, stage, value)
        checkin.stage = {"helped": "hindered", "hindered": "learned", "learned": "remeasure"}[stage]
    elif stage == "remeasure":
        choice = _choice(text, REMEASURE)
        choice = read_yes_no(text) if choice is None else choice
        if choice is None:
            return "Svar ja eller nej."
        checkin.stage = "remeasure_yes" if choice else "done"
        finish(session, team, checkin, today)
    touch(team)
    return None


def finish(session: Session, team: Team, checkin: CheckIn, today: date) -> None:
    checkin.finished_at = utcnow()
    followups.close_after_checkin(team)
    followups.schedule_checkin(session, team, today + timedelta(days=followups.DEFAULT_DAYS))
    set_step(team, "opfoelgning")
    session.flush()


def summary(team: Team, checkin: CheckIn) -> str:
    """What the team hears at the end of a check-in."""
    counts: dict[str, int] = {}
    for item in checkin.items:
        counts[item.status] = counts.get(item.status, 0) + 1
    parts = [
        f"{n} {'handling er' if n == 1 else 'handlinger er'} {plan.STATUSES.get(s, s)}"
        for s, n in counts.items()
        if s in plan.STATUSES
    ]
    lines = ["Tak. Opfølgningen er gemt: " + ", ".join(parts) + "."]
    learned = " ".join((checkin.learned or "").split()).rstrip(".!")
    if learned and learned.lower() not in ("ja", "nej", "ok", "ved ikke"):
        lines.append(f"Det har I lært: {learned}. Det er værd at sige højt.")
    reviewed = [f"nr. {_number(team, i.action)}" for i in checkin.items if i.pro]
    if reviewed:
        named = " og ".join([", ".join(reviewed[:-1]), reviewed[-1]] if reviewed[:-1] else reviewed)
        lines.append(f"PRO-gennemgangen af {named} er gemt med opfølgningen.")
    replaced = [i for i in checkin.items if i.decision == "andet"]
    if replaced:
        lines.append("I vil finde en anden indsats for " + ", ".join(
            f"nr. {_number(team, i.action)}" for i in replaced) + ".")  # fmt: skip
    upcoming = followups.next_checkin(team)
    if upcoming is not None:
        lines.append(f"Næste opfølgning: {danish_date(followups.due_day(upcoming))}.")
    return "\n".join(lines)
