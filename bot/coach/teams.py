"""Teams and their members: create, join by code, find a sender's team, mapping and plan data.

Every function takes an open session (one unit of work) and never commits on its own.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.coach import joincode
from bot.coach.context import SKIPPED, Context, check
from bot.coach.dates import as_utc
from bot.db.models import LinkCode, Member, Problem, Team, utcnow
from bot.db.session import session_scope
from bot.themes import THEME_LABELS

STEPS = ("kontekst", "kortlaegning", "valg", "handlingsplan", "opfoelgning")
STEP_LABELS = {
    "kontekst": "start og rammer",
    "kortlaegning": "kortlægning",
    "valg": "valg af indsats",
    "handlingsplan": "handlingsplan",
    "opfoelgning": "opfølgning",
}
# The step in a sentence: "I er nået til kortlægningen", "Godt, vi går tilbage til ...".
STEP_IN_A_SENTENCE = {
    "kontekst": "at fortælle om teamet",
    "kortlaegning": "kortlægningen",
    "valg": "at vælge en indsats",
    "handlingsplan": "handlingsplanen",
    "opfoelgning": "opfølgningen",
}


class TeamError(ValueError):
    """A request the coach answers with this Danish message."""


def member_id(channel: str, sender: str) -> str:
    """The pseudonymous member id: the channel and the channel's own id for the person or chat."""
    return f"{channel}:{sender}"


APPROVED, PENDING = "godkendt", "afventer"
OWNER, MEMBER = "ejer", "medlem"
LINK_MINUTES = 15
CODE_DAYS = 30  # the default of TRIVSEL_JOIN_CODE_DAYS


def team_of(session: Session, sender_id: str) -> Team | None:
    """The sender's team; None without one, and while the owner has not approved them."""
    member = _membership(session, sender_id)
    return member.team if member is not None and member.status == APPROVED else None


def team_work(
    missing: Any = None, owner: bool = False, sender: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """One unit of work on the sender's team: `fn(session, team, *args)` is called as
    `fn(sender, *args)`, in one session committed at its end. Without an (approved) team, or
    with `owner` when the sender is not its owner, nothing is done and `missing` is returned.
    With `sender`, the function gets the sender too: `fn(session, team, sender, *args)`."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def run(sender_id: str, *args: Any, **kwargs: Any) -> Any:
            with session_scope() as session:
                team = team_of(session, sender_id)
                if team is None or (owner and not is_owner(session, sender_id, team)):
                    return missing
                if sender:
                    return fn(session, team, sender_id, *args, **kwargs)
                return fn(session, team, *args, **kwargs)

        return run

    return decorate


def pending_team(session: Session, sender_id: str) -> Team | None:
    """The team the sender asked to join and waits to be approved for."""
    member = _membership(session, sender_id)
    return member.team if member is not None and member.status == PENDING else None


def person_of(session: Session, sender_id: str) -> str | None:
    """The approved person behind the session: one respondent however many sessions."""
    member = _membership(session, sender_id)
    return member.person_id if member is not None and member.status == APPROVED else None


def is_owner(session: Session, sender_id: str, team: Team) -> bool:
    member = _membership(session, sender_id)
    return (
        member is not None
        and member.team_id == team.id
        and member.role == OWNER
        and (member.status == APPROVED)
    )


def _membership(session: Session, sender_id: str) -> Member | None:
    return session.execute(select(Member).where(Member.sender_id == sender_id)).scalar_one_or_none()


def create_team(session: Session, sender_id: str, name: str, person: str | None = None) -> Team:
    """A new team with the sender as its owner. In a group chat (`person` is who wrote), the
    person is the owner and the group an approved member: the group gets no owner's rights."""
    team = _new_team(session, person or sender_id, name)
    if person and person != sender_id:
        _seat(session, team, sender_id, MEMBER)
    return team


def _seat(session: Session, team: Team, sender_id: str, role: str) -> None:
    """The sender as an approved member of `team` in `role`, moved from any team before."""
    member = _membership(session, sender_id)
    if member is None:
        team.members.append(Member(sender_id=sender_id, role=role, status=APPROVED))
    else:
        member.team, member.role, member.status = team, role, APPROVED
    session.flush()


def _free_code(session: Session) -> str:
    for _ in range(10):
        code = joincode.new_code()
        if session.execute(select(Team.id).where(Team.join_code == code)).first() is None:
            return code
    raise TeamError("Kunne ikke lave en ledig kode. Prøv igen.")  # pragma: no cover - 2·10⁸


def _new_team(session: Session, sender_id: str, name: str) -> Team:
    name = " ".join((name or "").split())[:120]
    if len(name) < 2:
        raise TeamError("Giv teamet et navn på mindst to tegn, fx 'Værkstedet'.")
    code = _free_code(session)
    team = Team(name=name, join_code=code, join_code_at=utcnow(), step="kontekst", context={})
    session.add(team)
    session.flush()
    _seat(session, team, sender_id, OWNER)
    return team


def code_expires(team: Team, days: int = CODE_DAYS) -> datetime:
    """When the team's code stops working unless someone joins with it before."""
    return as_utc(team.join_code_at or team.created_at) + timedelta(days=days)


def code_alive(team: Team, days: int = CODE_DAYS) -> bool:
    return utcnow() < code_expires(team, days)


def team_by_code(session: Session, typed_code: str, days: int = CODE_DAYS) -> Team | None:
    """The team whose code was typed, however it was typed; None for an unknown code and for
    an expired one (an expired code tells a guesser no more than an unknown one)."""
    code = joincode.normalize(typed_code)
    if not code:
        return None
    team = session.execute(select(Team).where(Team.join_code == code)).scalar_one_or_none()
    return team if team is not None and code_alive(team, days) else None


def new_code(session: Session, team: Team) -> str:
    """A new code for the team: the old one stops working; members stay members."""
    team.join_code = _free_code(session)
    team.join_code_at = utcnow()
    touch(team)
    session.flush()
    return team.join_code


def join_team(
    session: Session,
    sender_id: str,
    typed_code: str,
    approval: bool = True,
    days: int = CODE_DAYS,
) -> tuple[Team, str]:
    """Ask to join by the team's code; (team, status). With `approval` (the default), a new
    member waits for the owner's approval before they see the team or answer a pulse. Using
    the code keeps it alive for `days` more."""
    team = team_by_code(session, typed_code, days)
    if team is None:
        raise TeamError(
            "Den kode kender jeg ikke, eller den er udløbet. En kode er tre ord og et tal, fx "
            "'sol-hest-mark-42'."
        )
    team.join_code_at = utcnow()
    status = PENDING if approval else APPROVED
    member = _membership(session, sender_id)
    if member is None:
        member = Member(sender_id=sender_id, role=MEMBER, status=status)
        team.members.append(member)
    elif member.team is not team:
        member.team, member.role, member.status = team, MEMBER, status
        member.person_id = new_person()
    touch(team)
    session.flush()
    return team, member.status


def new_person() -> str:
    return uuid.uuid4().hex


def waiting(team: Team) -> list[Member]:
    return sorted((m for m in team.members if m.status == PENDING), key=lambda m: m.id)


def approved(team: Team) -> list[Member]:
    return sorted((m for m in team.members if m.status == APPROVED), key=lambda m: m.id)


def people(team: Team) -> int:
    """Distinct approved persons of the team (several sessions of one person count once)."""
    return len({m.person_id for m in approved(team)})


def approve(session: Session, team: Team, member_ids: list[int]) -> int:
    """The owner approves waiting members (all of them when `member_ids` is empty)."""
    chosen = [m for m in waiting(team) if not member_ids or m.id in member_ids]
    for member in chosen:
        member.status = APPROVED
    touch(team)
    session.flush()
    return len(chosen)


def remove_member(session: Session, team: Team, member_id: int) -> bool:
    """The owner removes a member (waiting or approved) other than an owner; with the member
    go the sessions of the same person in this team."""
    member = next((m for m in team.members if m.id == member_id and m.role != OWNER), None)
    if member is None:
        return False
    for same in [m for m in team.members if m.person_id == member.person_id]:
        team.members.remove(same)
        session.delete(same)
    touch(team)
    session.flush()
    return True


def hand_over(session: Session, team: Team, member_id: int) -> bool:
    """The owner makes an approved member the owner (all of that person's sessions) and
    becomes a member; False when there is no such member. Callers check the owner first."""
    heir = next((m for m in approved(team) if m.id == member_id and m.role != OWNER), None)
    if heir is None:
        return False
    for member in team.members:
        if member.role == OWNER:
            member.role = MEMBER
        if member.person_id == heir.person_id:
            member.role = OWNER
    touch(team)
    session.flush()
    return True


def link_code(session: Session, secret: bytes, sender_id: str) -> str | None:
    """A one-time code (valid LINK_MINUTES) that makes another session or channel the same
    person; None when the sender is not an approved member."""
    member = _membership(session, sender_id)
    if member is None or member.status != APPROVED:
        return None
    code = f"{secrets.randbelow(10**8):08d}"
    session.add(
        LinkCode(
            code_hash=_code_hash(secret, code),
            person_id=member.person_id,
            team_id=member.team_id,
            expires_at=utcnow() + timedelta(minutes=LINK_MINUTES),
        )
    )
    session.flush()
    return f"{code[:4]} {code[4:]}"


def use_link_code(session: Session, secret: bytes, sender_id: str, typed: str) -> Team | None:
    """Join this session to the person a link code was made for; None for a wrong, used or
    expired code. The code works once."""
    digits = re.sub(r"\D", "", typed or "")
    if len(digits) != 8:
        return None
    found = session.get(LinkCode, _code_hash(secret, digits))
    if found is None:
        return None
    session.delete(found)
    if as_utc(found.expires_at) < utcnow():
        session.flush()
        return None
    owner = (
        session.execute(
            select(Member).where(
                Member.person_id == found.person_id, Member.team_id == found.team_id
            )
        )
        .scalars()
        .first()
    )
    team = session.get(Team, found.team_id)
    if owner is None or team is None:
        session.flush()
        return None
    member = _membership(session, sender_id)
    if member is None:
        member = Member(sender_id=sender_id)
        team.members.append(member)
    member.team, member.person_id = team, found.person_id
    member.role, member.status = owner.role, APPROVED
    touch(team)
    session.flush()
    return team


def _code_hash(secret: bytes, code: str) -> str:
    return hmac.new(secret, f"link:{code}".encode(), hashlib.sha256).hexdigest()


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
