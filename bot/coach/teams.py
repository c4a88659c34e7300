"""Teams and their members: create, join by code, find a sender's team, mapping and plan data.

Every function takes an open session (one unit of work) and never commits on its own.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.coach import joincode
from bot.coach.context import SKIPPED, Context, check
from bot.coach.themes import THEME_LABELS
from bot.db.models import Member, Problem, Team, utcnow

STEPS = ("kontekst", "kortlaegning", "valg", "handlingsplan", "opfoelgning")
STEP_LABELS = {
    "kontekst": "start og rammer",
    "kortlaegning": "kortlægning",
    "valg": "valg af indsats",
    "handlingsplan": "handlingsplan",
    "opfoelgning": "opfølgning",
}


class TeamError(ValueError):
    """A request the coach answers with this Danish message."""


def member_id(channel: str, sender: str) -> str:
    """The pseudonymous member id: the channel and the channel's own id for the person or chat."""
    return f"{channel}:{sender}"


def team_of(session: Session, sender_id: str) -> Team | None:
    member = _membership(session, sender_id)
    return member.team if member else None


def _membership(session: Session, sender_id: str) -> Member | None:
    return session.execute(select(Member).where(Member.sender_id == sender_id)).scalar_one_or_none()


def create_team(session: Session, sender_id: str, name: str) -> Team:
    name = " ".join((name or "").split())[:120]
    if len(name) < 2:
        raise TeamError("Giv teamet et navn på mindst to tegn, fx 'Værkstedet'.")
    for _ in range(10):
        code = joincode.new_code()
        if session.execute(select(Team.id).where(Team.join_code == code)).first() is None:
            break
    else:  # pragma: no cover - 2·10⁸ codes
        raise TeamError("Kunne ikke lave en ledig kode. Prøv igen.")
    team = Team(name=name, join_code=code, step="kontekst", context={})
    session.add(team)
    session.flush()
    member = _membership(session, sender_id)
    if member is None:
        team.members.append(Member(sender_id=sender_id, role="ejer"))
    else:
        member.team, member.role = team, "ejer"
    session.flush()
    return team


def join_team(session: Session, sender_id: str, typed_code: str) -> Team:
    code = joincode.normalize(typed_code)
    team = None
    if code:
        team = session.execute(select(Team).where(Team.join_code == code)).scalar_one_or_none()
    if team is None:
        raise TeamError(
            "Den kode kender jeg ikke. En kode er tre ord og et tal, fx 'sol-hest-mark-42'."
        )
    member = _membership(session, sender_id)
    if member is None:
        team.members.append(Member(sender_id=sender_id, role="medlem"))
    elif member.team is not team:
        member.team, member.role = team, "medlem"
    touch(team)
    session.flush()
    return team


def touch(team: Team) -> None:
    team.last_active_at = utcnow()


def set_step(team: Team, step: str) -> None:
    if step not in STEPS:
        raise ValueError(step)
    team.step = step
    touch(team)


def set_context(team: Team, key: str, value: object) -> None:
    """Store one context answer; a skipped question never erases what the team said before."""
    data = dict(team.context or {})
    checked = check(key, value)
    if checked == SKIPPED and data.get(key) not in (None, SKIPPED):
        return
    data[key] = checked
    team.context = data
    touch(team)


def context_of(team: Team) -> Context:
    return Context.from_dict(team.context)


def add_problem(
    session: Session,
    team: Team,
    theme: str,
    description: str,
    importance: int,
    source: str,
    replace: bool = False,
) -> Problem:
    if theme not in THEME_LABELS:
        raise TeamError("Det tema kender jeg ikke.")
    if importance not in (1, 2, 3):
        raise ValueError(importance)
    words = " ".join((description or "").split())[:1000]
    same = next((p for p in team.problems if p.theme == theme), None)
    if same is not None and replace:
        same.description, same.importance = words, importance
    elif same is not None:  # the same theme twice is one problem: its words and weight grow
        if words and words.lower() not in (same.description or "").lower():
            same.description = f"{same.description}; {words}" if same.description else words
            same.description = same.description[:1000]
        same.importance = max(same.importance, importance)
    if same is not None:
        touch(team)
        session.flush()
        return same
    problem = Problem(
        team_id=team.id,
        theme=theme,
        description=words,
        importance=importance,
        source=source,
    )
    session.add(problem)
    touch(team)
    session.flush()
    return problem


def rename(team: Team, name: str) -> str:
    name = " ".join((name or "").split())[:120]
    if len(name) < 2:
        raise TeamError("Navnet skal være mindst to tegn.")
    team.name = name
    touch(team)
    return name


def drop_problem(session: Session, team: Team, theme: str) -> bool:
    """Remove the problem of a theme the team no longer sees as one; kept when an intervention
    was chosen for it or the plan refers to it."""
    planned = {a.problem_id for a in team.plan}
    for problem in list(team.problems):
        if problem.theme == theme and not problem.chosen_kb_id and problem.id not in planned:
            team.problems.remove(problem)
            session.delete(problem)
            touch(team)
            return True
    return False


def prioritised_problems(team: Team) -> list[Problem]:
    return sorted(team.problems, key=lambda p: (-p.importance, p.id))
