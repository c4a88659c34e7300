"""What the coach keeps about a person, and forgetting it.

A person is a pseudonymous member id ("channel:conversation"). Forgetting deletes, at once,
their membership and their pulse answers (found through the keyed hashes of their rounds),
and, when they were the last member, the team. Their conversation in Rasa's tracker store
is deleted by the scheduler's privacy job a few seconds later, after the turn in which they
asked has been saved, so that no event of theirs is left.

Blocking: call from a worker thread in async code.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from bot.coach import pulse
from bot.coach.teams import team_of
from bot.config import load_settings, secret
from bot.db.models import DeletionRequest, Member, PulseAnswer, PulseRound, Team, utcnow
from bot.db.session import get_engine, session_scope

AFTER_TURN = timedelta(seconds=3)
NO_DATA = "Jeg har ingen data om dig ud over denne samtale."


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


def _answers_of(session: Session, key: bytes, team: Team, member_id: str):
    rounds = session.scalars(select(PulseRound.id).where(PulseRound.team_id == team.id)).all()
    keys = [pulse.respondent_key(key, round_id, member_id) for round_id in rounds]
    return PulseAnswer.respondent.in_(keys) if keys else None


def my_data(member_id: str) -> str:
    """What is stored about the person, in Danish."""
    settings = load_settings()
    events = tracker_events(settings.tracker_db_url, conversation_of(member_id))
    with session_scope(settings.db_url) as session:
        team = team_of(session, member_id)
        lines = [
            "Det har jeg gemt om dig:",
            f"- Samtalen her: {events} hændelser (beskeder, knaptryk og svar), under et "
            "tilfældigt id eller chattens id, uden navn, e-mail eller telefonnummer.",
        ]
        if team is not None:
            member = session.scalar(select(Member).where(Member.sender_id == member_id))
            condition = _answers_of(session, secret(settings), team, member_id)
            answers = (
                session.scalar(select(func.count()).select_from(PulseAnswer).where(condition))
                if condition is not None
                else 0
            )
            role = "oprettede teamet" if member.role == "ejer" else "er med i teamet"
            lines.append(f"- At du {role} {team.name} (siden {member.joined_at:%d.%m.%Y}).")
            lines.append(
                f"- {answers} anonyme pulssvar, gemt under en nøgle, der ikke kan føres "
                "tilbage til dig uden installationens hemmelige nøgle."
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
    with session_scope(settings.db_url) as session:
        team = team_of(session, member_id)
        if team is not None:
            condition = _answers_of(session, secret(settings), team, member_id)
            if condition is not None:
                session.execute(delete(PulseAnswer).where(condition))
            session.execute(delete(Member).where(Member.sender_id == member_id))
            session.flush()
            session.expire(team)
            if not team.members:
                session.delete(team)
        _queue_conversation(session, member_id)
        return team is not None


def forget_team(member_id: str) -> str | None:
    """The owner deletes the team and every member's conversation; the team's name, or None
    when the person is not the owner of a team."""
    with session_scope(load_settings().db_url) as session:
        team = team_of(session, member_id)
        owner = session.scalar(select(Member.role).where(Member.sender_id == member_id))
        if team is None or owner != "ejer":
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


PULSE_ANSWER = "[pulssvar]"


class PulseScrubber:
    """Blanks pulse answers in Rasa's tracker store, where every reply is otherwise kept in
    clear text after the question that names its theme. A user message is a pulse answer
    when the pulse form is active and has asked for a `pulse_*` slot. The scheduler runs it
    every tick over the events added since the last one."""

    def __init__(self) -> None:
        self.last_id = 0
        self.state: dict[str, tuple[str | None, str | None]] = {}  # sender: (loop, asked)

    def run(self, tracker_url: str) -> int:
        """Blank the pulse answers among new events; how many were blanked."""
        import json

        engine = get_engine(tracker_url)
        blanked = 0
        with engine.begin() as connection:
            try:
                rows = connection.execute(
                    text(
                        "SELECT id, sender_id, type_name, action_name, data FROM events "
                        "WHERE id > :after ORDER BY id"
                    ),
                    {"after": self.last_id},
                ).all()
            except Exception as exc:
                if no_events_table(exc):
                    return 0
                raise
            for row_id, sender, kind, name, data in rows:
                self.last_id = row_id
                loop, asked = self.state.get(sender, (None, None))
                if kind == "active_loop":
                    loop = name
                elif kind == "slot" and name == "requested_slot":
                    asked = json.loads(data).get("value")
                elif kind == "user" and loop == "pulse_form" and str(asked).startswith("pulse_"):
                    event = json.loads(data)
                    event["text"] = PULSE_ANSWER
                    event.setdefault("parse_data", {})["text"] = PULSE_ANSWER
                    (event.get("metadata") or {}).pop("display", None)
                    connection.execute(
                        text("UPDATE events SET data = :d WHERE id = :i"),
                        {"d": json.dumps(event), "i": row_id},
                    )
                    blanked += 1
                self.state[sender] = (loop, asked)
        return blanked
