"""Units of work for following up: scheduling, the check-in, the trend and the export.

Like bot/coach/service.py: each opens one session, does one thing and returns plain data.
Blocking: call these from a worker thread in async code.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.coach import checkin, followups, pulse, teams
from bot.coach.dates import as_utc, danish_date
from bot.config import load_settings
from bot.db.models import Team

# What the functions below return for a sender without a team (the action says
# utter_followup_no_team), where a text of why not is returned otherwise.
NO_TEAM = "no_team"


@teams.team_work(missing=False)
def has_team(session: Session, team: Team) -> bool:
    return True


@teams.team_work()
def schedule_checkin(session: Session, team: Team, days: int, today: date) -> str | None:
    """Agree when to follow up; the date in Danish, or None without a team."""
    day = today + timedelta(days=max(1, min(days, 120)))
    followups.schedule_checkin(session, team, day)
    return danish_date(day)


@teams.team_work()
def next_checkin_date(session: Session, team: Team) -> str | None:
    upcoming = followups.next_checkin(team)
    return danish_date(followups.due_day(upcoming)) if upcoming else None


@teams.team_work()
def due_since(session: Session, team: Team) -> datetime | None:
    """When the team's oldest unanswered follow-up fell due; None when none is due."""
    return min((as_utc(f.due_at) for f in followups.due(team)), default=None)


@teams.team_work()
def due_text(session: Session, team: Team) -> str | None:
    """What to say when the scheduler (or the team room) brings up a due follow-up."""
    return followups.due_message(session, team)


@teams.team_work(missing=False)
def has_open_actions(session: Session, team: Team) -> bool:
    """Whether the sender's team has actions in its plan to follow up on (changes nothing)."""
    return bool(checkin.open_actions(team))


@teams.team_work(missing=NO_TEAM)
def start_checkin(session: Session, team: Team) -> str | None:
    """Start (or resume) the team's check-in; why it cannot start now, in Danish, or None
    when it has started."""
    try:
        checkin.start(session, team)
    except teams.TeamError as exc:
        return str(exc)
    return None


@teams.team_work()
def checkin_question(session: Session, team: Team) -> tuple[str, list[str]] | None:
    current = checkin.start(session, team)
    asked = checkin.question(team, current)
    return asked.text, asked.buttons


@teams.team_work(missing=(True, NO_TEAM))
def checkin_answer(session: Session, team: Team, text: str, today: date) -> tuple[bool, str | None]:
    """(finished, what to tell the team when the reply could not be used)."""
    current = checkin.start(session, team)
    problem = checkin.answer(session, team, current, text, today)
    return current.finished_at is not None, problem


@teams.team_work()
def finish_checkin(session: Session, team: Team) -> tuple[str, bool] | None:
    """The latest finished check-in's summary, and whether a new pulse round was opened
    because the team asked to measure again (it is opened here, once)."""
    finished = [c for c in team.checkins if c.finished_at]
    if not finished:
        return None
    latest = finished[-1]
    remeasure = latest.stage == "remeasure_yes"
    if remeasure:
        pulse.open_round(session, team)
        latest.stage = "done"
    return checkin.summary(team, latest), remeasure


@teams.team_work()
def trend_text(session: Session, team: Team) -> tuple[bool, str] | None:
    """Whether there is a chart to show, and the change in words; None without a team."""
    from bot.coach import trend

    min_answers = load_settings().pulse_min_answers
    points, text = trend.trend_summary(session, team, min_answers)
    return bool(points), text


@teams.team_work()
def trend_png(session: Session, team: Team) -> bytes | None:
    """The trend chart of the sender's team (PNG), for the channels to send."""
    from bot.coach import trend

    png, _ = trend.trend_chart(session, team, load_settings().pulse_min_answers)
    return png


@teams.team_work()
def export_document(session: Session, team: Team, today: date) -> tuple[str, str] | None:
    """(file name, HTML) of the sender's team's plan for the APV; None without a team."""
    from bot.coach import export

    html = export.plan_document(session, team, today, load_settings().pulse_min_answers)
    return export.plan_filename(team, today), html


def export_pdf(sender_id: str, today: date) -> tuple[str, bytes] | None:
    """(file name, PDF) of the sender's team's plan for the APV; None without a team. The same
    document as export_document, printed by WeasyPrint once the session is closed."""
    from bot.coach import export

    found = _export_pdf_parts(sender_id, today)
    if found is None:
        return None
    filename, html = found
    return filename, export.html_to_pdf(html)


@teams.team_work()
def _export_pdf_parts(session: Session, team: Team, today: date) -> tuple[str, str]:
    from bot.coach import export

    html = export.plan_document(session, team, today, load_settings().pulse_min_answers)
    return export.plan_pdf_filename(team, today), html
