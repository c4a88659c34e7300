"""The anonymous pulse: each member answers 1-5 per theme alone; the team sees aggregates only.

Anonymity (DESIGN.md section 4):
- answers are stored under a keyed hash of sender and round, so rounds cannot be linked;
- results exist only for a closed round, once, so no aggregate can be differenced against
  an earlier one with one answer less;
- a theme is shown only when at least `min_answers` (never below 3) answered it;
- nothing in this module returns a single person's answer.
"""

from __future__ import annotations

import hashlib
import hmac
import statistics
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.coach.themes import THEME_LABELS
from bot.db.models import PulseAnswer, PulseRound, Team, utcnow


class PulseError(ValueError):
    """Answered to the person in this Danish wording."""


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    answers: int
    mean: float
    spread: float  # standard deviation


@dataclass(frozen=True)
class RoundResult:
    round_id: int
    respondents: int
    themes: tuple[ThemeResult, ...]  # only themes with enough answers
    withheld: tuple[str, ...]  # themes left out for too few answers


def respondent_key(secret: bytes, round_id: int, sender_id: str) -> str:
    return hmac.new(secret, f"{round_id}:{sender_id}".encode(), hashlib.sha256).hexdigest()


def open_round(session: Session, team: Team) -> PulseRound:
    current = current_round(session, team)
    if current is not None:
        return current
    pulse = PulseRound(team_id=team.id)
    session.add(pulse)
    session.flush()
    return pulse


def current_round(session: Session, team: Team) -> PulseRound | None:
    return session.execute(
        select(PulseRound)
        .where(PulseRound.team_id == team.id, PulseRound.closed_at.is_(None))
        .order_by(PulseRound.id.desc())
    ).scalar_one_or_none()


def answer(
    session: Session, pulse: PulseRound, secret: bytes, sender_id: str, theme: str, score: int
) -> None:
    """Record (or replace) one answer while the round is open.

    The round's row is locked (a no-op update that only matches while it is open) before the
    answer is written, so an answer and a close can never interleave: an answer lands before
    the close and counts in the one result, or it is refused. Otherwise a late answer could
    change a result already shown, and the difference would give the person's score away."""
    if theme not in THEME_LABELS:
        raise PulseError("Det tema kender jeg ikke.")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise PulseError("Svar med et tal fra 1 til 5.")
    still_open = session.execute(
        update(PulseRound)
        .where(PulseRound.id == pulse.id, PulseRound.closed_at.is_(None))
        .values(closed_at=None)
    )
    if pulse.closed_at is not None or still_open.rowcount != 1:
        raise PulseError("Målingen er lukket. Spørg jeres team, om der kommer en ny.")
    key = respondent_key(secret, pulse.id, sender_id)
    existing = session.execute(
        select(PulseAnswer).where(
            PulseAnswer.round_id == pulse.id,
            PulseAnswer.respondent == key,
            PulseAnswer.theme == theme,
        )
    ).scalar_one_or_none()
    if existing is None:
        session.add(PulseAnswer(round_id=pulse.id, respondent=key, theme=theme, score=score))
    else:
        existing.score = score
    session.flush()


def respondents(session: Session, pulse: PulseRound) -> int:
    return session.execute(
        select(func.count(func.distinct(PulseAnswer.respondent))).where(
            PulseAnswer.round_id == pulse.id
        )
    ).scalar_one()


def has_answered(session: Session, pulse: PulseRound, secret: bytes, sender_id: str) -> set[str]:
    """The themes this sender has answered in this round (for resuming), not the scores."""
    key = respondent_key(secret, pulse.id, sender_id)
    rows = session.execute(
        select(PulseAnswer.theme).where(
            PulseAnswer.round_id == pulse.id, PulseAnswer.respondent == key
        )
    )
    return {theme for (theme,) in rows}


def close_round(session: Session, pulse: PulseRound) -> None:
    """Close the round; waits for an answer being written to it (see `answer`)."""
    session.execute(
        update(PulseRound)
        .where(PulseRound.id == pulse.id, PulseRound.closed_at.is_(None))
        .values(closed_at=utcnow())
    )
    session.refresh(pulse)


def result(session: Session, pulse: PulseRound, min_answers: int) -> RoundResult | None:
    """Aggregates of a closed round; None while it is open or when too few answered."""
    min_answers = max(3, min_answers)
    if pulse.closed_at is None:
        return None
    people = respondents(session, pulse)
    if people < min_answers:
        return None
    scores: dict[str, list[int]] = {}
    for theme, score in session.execute(
        select(PulseAnswer.theme, PulseAnswer.score).where(PulseAnswer.round_id == pulse.id)
    ):
        scores.setdefault(theme, []).append(score)
    shown, withheld = [], []
    for theme in THEME_LABELS:
        values = scores.get(theme, [])
        if len(values) >= min_answers:
            shown.append(
                ThemeResult(
                    theme,
                    len(values),
                    round(statistics.fmean(values), 1),
                    round(statistics.pstdev(values), 1),
                )
            )
        elif values:
            withheld.append(theme)
    return RoundResult(pulse.id, people, tuple(shown), tuple(withheld))
