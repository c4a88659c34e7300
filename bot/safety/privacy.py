"""What the coach keeps about a person, and forgetting it.

A person is a pseudonymous member id ("channel:conversation"). Forgetting deletes, at once,
their membership and their answers in the team's open pulse round (found through the keyed
hash), and, when they were the last member, the team. A closed round keeps no answers, only
its frozen result, which deleting never changes: otherwise the result before and after would
give the person's answers away. Their conversation in Rasa's tracker store
is deleted by the scheduler's privacy job a few seconds later, after the turn in which they
asked has been saved, so that no event of theirs is left.

Blocking: call from a worker thread in async code.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from bot.coach import pulse
from bot.coach.teams import is_owner, person_of, team_of
from bot.config import load_settings, secret
from bot.db.models import DeletionRequest, Member, Team, utcnow
from bot.db.session import get_engine, session_scope

AFTER_TURN = timedelta(seconds=3)
NO_DATA = "Jeg har ingen data om dig ud over denne samtale."


# "kan lederen se det vi skriver her?", "kan andre i teamet se hvad jeg har skrevet til dig?"
ASKS_WHO_SEES = re.compile(
    r"\b(?:se|ser|læse|læser|læst|set|adgang|vide|ved)\b.*\b(?:chef\w*|leder\w*|mester|ejer\w*|"
    r"ledelse\w*|andre|kolleg\w*|teamet|nogen)\b|\b(?:chef\w*|leder\w*|mester|ejer\w*|ledelse\w*|"
    r"andre|kolleg\w*|teamet|nogen)\b.*\b(?:se|ser|læse|læser|adgang)\b",
    re.IGNORECASE,
)
WHO_SEES = (
    "Ingen i teamet kan se dine svar i pulsmålingen; teamet ser kun det samlede resultat. "
    "Det, der skrives ind i kortlægningen, og teamets plan kan hele teamet se. En samtale, du "
    "har alene med mig, kan lederen og kollegerne ikke åbne; i teamrummet og i en gruppechat "
    "ser de andre det, der skrives dér."
)


# What is asked about: one's answers, what one writes, the conversation, anonymity.
ABOUT_ONES_WORDS = re.compile(
    r"\b(?:svar|svarene|svarer|svaret|skriver|skrevet|skrev|samtale\w*|puls\w*|besked\w*|"
    r"chat\w*)\b",
    re.IGNORECASE,
)
ASKS_ANONYMOUS = re.compile(
    r"\b(?:anonym\w*|hemmelig\w*|fortrolig\w*)\b.*\?|^\W*(?:er|bliver) "
    r"(?:det|den|svarene|mine svar|pulsen) (?:anonym\w*|hemmelig\w*|fortrolig\w*)",
    re.IGNORECASE,
)


def asks_about_privacy(text: str) -> bool:
    """'kan min chef se hvad jeg svarer i pulsen?', 'er det anonymt?': a question about who
    reads what, answered by the privacy answer wherever it is asked."""
    text = text or ""
    return bool(ASKS_ANONYMOUS.search(text)) or bool(
        ASKS_WHO_SEES.search(text) and ABOUT_ONES_WORDS.search(text)
    )


def who_sees(question: str) -> str | None:
    """The plain answer to who can read what, when that is what the person asks."""
    question = question or ""
    asked = ASKS_WHO_SEES.search(question) or ASKS_ANONYMOUS.search(question)
    return WHO_SEES if asked else None


def no_events_table(exc: Exception) -> bool:
    """Rasa creates its events table with the first conversation; before that, none is kept."""
    return "no such table" in str(exc) or "does not exist" in str(exc)


def conversation_of(member_id: str) -> str:
    return member_id.partition(":")[2]


def tracker_events(tracker_url: str, conversation: str) -> int:
    """How many events Rasa keeps for the conversation (0 when the store is not created yet)."""
    engine = get_engine(tracker_url)
    with engine.connect() as connection:
        try:
            return connection.execute(
                text("SELECT COUNT(*) FROM events WHERE sender_id = :c"), {"c": conversation}
            ).scalar_one()
        except Exception as exc:
            if no_events_table(exc):
                return 0
            raise


def my_data(member_id: str) -> str:
    """What is stored about the person, in Danish."""
    settings = load_settings()
    events = tracker_events(settings.tracker_db_url, conversation_of(member_id))
    with session_scope() as session:
        team = team_of(session, member_id)
        lines = [
            "Det har jeg gemt om dig:",
            f"- Samtalen her: {events} hændelser (beskeder, knaptryk og svar), under et "
            "tilfældigt id eller chattens id, uden navn, e-mail eller telefonnummer.",
        ]
        if team is not None:
            member = session.scalar(select(Member).where(Member.sender_id == member_id))
            person = person_of(session, member_id) or member_id
            answers = pulse.open_answers(session, team, secret(settings), person)
            role = "ejer teamet" if member.role == "ejer" else "er med i teamet"
            lines.append(f"- At du {role} {team.name} (siden {member.joined_at:%d.%m.%Y}).")
            lines.append(
                f"- {answers} svar i den åbne pulsmåling, gemt under en kode i stedet for dit "
                "navn, så ingen i teamet kan se dem. De slettes, når målingen lukkes; så findes "
                "kun teamets samlede resultat."
                if answers
                else "- Ingen svar fra dig i en åben pulsmåling. Når en måling lukkes, slettes "
                "de enkelte svar; så findes kun teamets samlede resultat."
            )
            lines.append(
                "- Teamets fælles data (problemer, plan, opfølgning) hører til teamet, ikke "
                "til dig, og bliver, når du sletter dine data."
            )
        lines.append(
            "Data slettes af sig selv, når et team har været inaktivt i "
            f"{settings.retention_days} dage."
        )
        return "\n".join(lines)


def _queue_conversation(session: Session, member_id: str) -> None:
    session.add(
        DeletionRequest(conversation_id=conversation_of(member_id), due_at=utcnow() + AFTER_TURN)
    )


def forget(member_id: str) -> bool:
    """Delete everything about the person; True when there was a team membership."""
    settings = load_settings()
    with session_scope() as session:
        team = team_of(session, member_id)
        sessions = {member_id}
        if team is not None:
            person = person_of(session, member_id) or member_id
            pulse.forget_open_answers(session, team, secret(settings), person)
            # The person's other devices (linked by a one-time code) go too.
            sessions |= {m.sender_id for m in team.members if m.person_id == person}
            session.execute(delete(Member).where(Member.sender_id.in_(sessions)))
            session.flush()
            session.expire(team)
            if not team.members:
                session.delete(team)
        for conversation in sorted(sessions):
            _queue_conversation(session, conversation)
        return team is not None


def owns_team_of(person: str, sender: str) -> bool:
    """Whether `person` (who wrote or pressed) is the owner of the team of `sender` (the
    conversation: in a Telegram group, the group)."""
    with session_scope() as session:
        team = team_of(session, sender)
        return team is not None and is_owner(session, person, team)


def forget_team(person: str, sender: str | None = None) -> str | None:
    """The owner deletes the team of the conversation `sender` (their own by default) and
    every member's conversation; the team's name, or None when `person` is not its owner."""
    with session_scope() as session:
        team = team_of(session, sender or person)
        if team is None or not is_owner(session, person, team):
            return None
        name = team.name
        _delete_team(session, team)
        return name


def _delete_team(session: Session, team: Team) -> None:
    for member in team.members:
        _queue_conversation(session, member.sender_id)
    session.delete(team)
    session.flush()


def expire_inactive(db_url: str, days: int, now: datetime | None = None) -> int:
    """Delete teams nobody has used for `days` days, with their members' conversations."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    with session_scope(db_url) as session:
        stale = session.scalars(select(Team).where(Team.last_active_at < cutoff)).all()
        for team in stale:
            _delete_team(session, team)
        return len(stale)


def expire_teamless(db_url: str, tracker_url: str, days: int, now: datetime | None = None) -> int:
    """Delete the conversations of people in no team (who said hello, or left) that nobody
    has written in for `days` days; how many were deleted. Members' conversations go with
    their team (`expire_inactive`)."""
    cutoff = ((now or utcnow()) - timedelta(days=days)).replace(tzinfo=timezone.utc).timestamp()
    with session_scope(db_url) as session:
        kept = {conversation_of(m) for m in session.scalars(select(Member.sender_id))}
    engine = get_engine(tracker_url)
    with engine.begin() as connection:
        try:
            idle = (
                connection.execute(
                    text(
                        "SELECT sender_id FROM events GROUP BY sender_id "
                        "HAVING MAX(timestamp) < :cutoff"
                    ),
                    {"cutoff": cutoff},
                )
                .scalars()
                .all()
            )
        except Exception as exc:
            if no_events_table(exc):
                return 0
            raise
        gone = [c for c in idle if c not in kept]
        for conversation in gone:
            connection.execute(text("DELETE FROM events WHERE sender_id = :c"), {"c": conversation})
    return len(gone)


def run_deletions(db_url: str, tracker_url: str, now: datetime | None = None) -> int:
    """Delete the tracker events of conversations queued for deletion; how many were done."""
    now = now or utcnow()
    with session_scope(db_url) as session:
        due = session.scalars(
            select(DeletionRequest).where(
                DeletionRequest.done_at.is_(None), DeletionRequest.due_at <= now
            )
        ).all()
        if not due:
            return 0
        engine = get_engine(tracker_url)
        with engine.begin() as connection:
            for request in due:
                try:
                    connection.execute(
                        text("DELETE FROM events WHERE sender_id = :c"),
                        {"c": request.conversation_id},
                    )
                except Exception as exc:
                    if not no_events_table(exc):
                        raise
                request.done_at = now
        return len(due)
