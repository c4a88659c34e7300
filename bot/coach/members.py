"""Who is in a team: joining by the team's code, the owner's approval, another device for the
same person, and the owner removing a member (docs/design.md section 4, issue 11).

A member is a session (one Telegram chat, one team-room cookie); a person may have several,
linked by a one-time code, and counts once in a pulse. A new member sees nothing of the team
until the owner has approved them, so that nobody can add respondents of their own.

Blocking: call from a worker thread in async code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.coach import teams
from bot.config import load_settings, secret
from bot.db.models import Team
from bot.db.session import session_scope


@dataclass(frozen=True)
class Seat:
    """A member as the owner sees them: a number, no name."""

    number: int
    joined_at: datetime
    owner: bool


@dataclass(frozen=True)
class Roster:
    team: str
    owner: bool  # the one asking is the owner
    people: int  # distinct approved persons
    approved: tuple[Seat, ...]
    waiting: tuple[Seat, ...]


def _seat(member) -> Seat:
    return Seat(member.id, member.joined_at, member.role == teams.OWNER)


def join(sender: str, code: str) -> tuple[str, str]:
    """(team name, status): "godkendt", or "afventer" until the owner approves."""
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        team, status = teams.join_team(
            session, sender, code, settings.member_approval, settings.join_code_days
        )
        return team.name, status


def status(sender: str) -> tuple[str, str] | None:
    """(team name, status) of the sender's membership, or None."""
    with session_scope() as session:
        team = teams.team_of(session, sender)
        if team is not None:
            return team.name, teams.APPROVED
        waiting = teams.pending_team(session, sender)
        return (waiting.name, teams.PENDING) if waiting is not None else None


@teams.team_work(sender=True)
def roster(session: Session, team: Team, sender: str) -> Roster | None:
    """The team's members for an approved member; the owner sees who waits."""
    owner = teams.is_owner(session, sender, team)
    return Roster(
        team.name,
        owner,
        teams.people(team),
        tuple(_seat(m) for m in teams.approved(team)),
        tuple(_seat(m) for m in teams.waiting(team)) if owner else (),
    )


@teams.team_work(missing=0, owner=True)
def waiting_count(session: Session, team: Team) -> int:
    """How many wait for approval, told to the owner only (0 for anyone else)."""
    return len(teams.waiting(team))


@teams.team_work(owner=True)
def approve(session: Session, team: Team, numbers: list[int]) -> int | None:
    """The owner approves waiting members (all when `numbers` is empty); None for others."""
    return teams.approve(session, team, numbers)


@teams.team_work(owner=True)
def remove(session: Session, team: Team, number: int) -> bool | None:
    """The owner removes a member; None when the sender is not the owner."""
    return teams.remove_member(session, team, number)


@teams.team_work(owner=True)
def hand_over(session: Session, team: Team, number: int) -> bool | None:
    """The owner hands the team over to member `number`; None when the sender is not the
    owner, False when there is no such approved member."""
    return teams.hand_over(session, team, number)


@dataclass(frozen=True)
class Code:
    """The team's join code as a member sees it; `new` when the owner just made it."""

    code: str
    expires: datetime
    expired: bool
    owner: bool
    new: bool = False


def team_code(sender: str, renew: bool = False) -> Code | None:
    """The team's code and when it stops working; with `renew`, the owner gets a new one and
    the old one stops working at once. None without a team. Only the owner renews: for anyone
    else `renew` shows the code as it is (Code.owner tells them why)."""
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        team = teams.team_of(session, sender)
        if team is None:
            return None
        owner = teams.is_owner(session, sender, team)
        if renew and owner:
            teams.new_code(session, team)
        days = settings.join_code_days
        return Code(
            team.join_code,
            teams.code_expires(team, days),
            not teams.code_alive(team, days),
            owner,
            renew and owner,
        )


def new_link_code(sender: str) -> str | None:
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        return teams.link_code(session, secret(settings), sender)


def use_link_code(sender: str, typed: str) -> str | None:
    """The team's name when the code linked this session to its person."""
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        team = teams.use_link_code(session, secret(settings), sender, typed)
        return team.name if team is not None else None


_NUMBER = r"(?:nr\.? ?|nummer |medlem )?(\d{1,6})"
_TYPED = (
    (
        "ejer",
        re.compile(r"\b(?:gør|gøre|gor|lad)\s+" + _NUMBER + r"\s+(?:til\s+)?(?:være\s+)?ejer"),
    ),
    ("ejer", re.compile(r"\b(?:overdrag|giv)\w*\s+(?:\w+\s+){0,3}til\s+" + _NUMBER + r"\b")),
    ("fjern", re.compile(r"\b(?:fjern|afvis|smid)\w*\s+(?:\w+\s+){0,2}?" + _NUMBER + r"\b")),
    ("godkend", re.compile(r"\bgodkend\w*\s+(?:\w+\s+){0,2}?" + _NUMBER + r"\b")),
    (
        "godkend_alle",
        re.compile(r"\bgodkend\w*\s+(?:dem\s+)?(?:alle|allesammen|begge|dem|de nye)\b"),
    ),
)


def read_request(text: str) -> tuple[str, int | None] | None:
    """What the owner typed to the roster: ("godkend", 3) for "godkend nr. 3", ("godkend_alle",
    None) for "godkend dem begge to", ("fjern", 2), ("ejer", 4) for "gør 4 til ejer"."""
    said = " ".join((text or "").lower().split())
    for action, pattern in _TYPED:
        found = pattern.search(said)
        if found:
            number = found.group(1) if found.groups() else None
            return action, int(number) if number else None
    return None


_RENEW = re.compile(
    r"\b(?:skift|udskift|forny|ændr|roter)\w*\s+(?:\w+\s+){0,3}?kode"
    r"|\bkode\w*\s+(?:\w+\s+){0,3}?(?:skiftes|skiftet|fornyes|udskiftes|laves om)"
    r"|\b(?:lav|laver|lave|giv|opret|vil have|skal have|brug for)\s+(?:\w+\s+){0,2}?"
    r"(?:ny|nyt|anden|andet)\s+kode"
    r"|^(?:en\s+|et\s+)?(?:ny|nyt)\s+kode\W*$"
)


def wants_new_code(text: str) -> bool:
    """Whether the owner asks for a new join code ("ny kode", "skift koden", "lav en ny kode
    til teamet"), not what the code is ("hvad er vores kode?", "hvad er den nye kode?")."""
    return bool(_RENEW.search(" ".join((text or "").lower().split())))
