"""Follow-ups the coach owes a team: when they are due, what the team sees, when they are done.

The rows are the schedule (not Rasa reminders, which live in one process's memory); the
scheduler (bot/scheduler.py) delivers them. Plain Python over a session.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy.orm import Session

from bot.coach.dates import as_utc, danish_date
from bot.db.models import FollowUp, PlanAction, Team, utcnow

DEFAULT_DAYS = 14
CHOICES = (7, 14, 28)  # the buttons offered when a plan is saved
DEADLINE_NOTICE = timedelta(days=2)  # a reminder this long before each deadline
MORNING = time(7, 0, tzinfo=timezone.utc)  # 8 or 9 in Denmark: not at night
OPEN = ("pending", "sending", "sent")


def morning_of(day: date) -> datetime:
    return datetime.combine(day, MORNING)


def due_day(followup: FollowUp) -> date:
    return as_utc(followup.due_at).date()


def next_checkin(team: Team) -> FollowUp | None:
    """The team's next check-in that has not been held."""
    return next((f for f in team.followups if f.kind == "checkin" and f.status in OPEN), None)


def schedule_checkin(session: Session, team: Team, day: date) -> FollowUp:
    """The next check-in on `day`; an earlier planned one is moved, not duplicated."""
    followup = next_checkin(team)
    if followup is None or followup.status != "pending":
        followup = FollowUp(team_id=team.id, kind="checkin")
        session.add(followup)
        team.followups.append(followup)
    followup.due_at = morning_of(day)
    followup.next_try_at = None
    session.flush()
    return followup


def schedule_deadline(session: Session, team: Team, action: PlanAction, today: date) -> None:
    """A reminder shortly before the action's deadline (replacing an earlier one)."""
    for old in team.followups:
        if old.kind == "deadline" and old.action_id == action.id and old.status == "pending":
            old.status = "cancelled"
    if action.deadline is None or action.status in ("gennemfoert", "droppet"):
        return
    day = max(action.deadline - DEADLINE_NOTICE, today + timedelta(days=1))
    if day > action.deadline:
        return
    followup = FollowUp(team_id=team.id, kind="deadline", action_id=action.id)
    followup.due_at = morning_of(day)
    session.add(followup)
    team.followups.append(followup)
    session.flush()


def due(team: Team, now: datetime | None = None) -> list[FollowUp]:
    """Follow-ups whose time has come and that the team has not yet answered by checking in."""
    now = now or utcnow()
    return [f for f in team.followups if f.status in OPEN and as_utc(f.due_at) <= now]


def close_after_checkin(team: Team, now: datetime | None = None) -> None:
    """A check-in answers every follow-up that was due by now."""
    for followup in due(team, now):
        followup.status = "done"


def panel_line(team: Team, now: datetime | None = None) -> dict[str, str] | None:
    """The team room's "next follow-up": due now, or the next date."""
    now = now or utcnow()
    waiting = due(team, now)
    if waiting:
        since = danish_date(due_day(waiting[0]))
        return {"when": f"nu (siden {since})", "label": "Skriv 'vi vil følge op', når I er klar."}
    upcoming = sorted(
        (f for f in team.followups if f.status == "pending"), key=lambda f: as_utc(f.due_at)
    )
    if not upcoming:
        return None
    first = upcoming[0]
    label = "Opfølgning på planen" if first.kind == "checkin" else "Påmindelse før en frist"
    return {"when": danish_date(due_day(first)), "label": label}


def due_message(session: Session, team: Team, now: datetime | None = None) -> str | None:
    """What the coach says when follow-ups fall due; None when nothing is due."""
    waiting = due(team, now)
    if not waiting:
        return None
    open_actions = [a for a in team.plan if a.status not in ("gennemfoert", "droppet")]
    lines = []
    for followup in waiting:
        action = followup.action
        if followup.kind == "deadline" and action is not None and action.deadline:
            number = team.plan.index(action) + 1
            lines.append(
                f"Fristen for nr. {number}, {action.what}, er {danish_date(action.deadline)}."
            )
    if any(f.kind == "checkin" for f in waiting) or not lines:
        count = len(open_actions)
        lines.insert(
            0,
            f"Det er tid til at følge op på jeres handlingsplan: {count} "
            f"{'handling er' if count == 1 else 'handlinger er'} ikke afsluttet endnu.",
        )
    lines.append("Tager I opfølgningen nu? Det tager fem minutter.")
    return "\n".join(lines)
