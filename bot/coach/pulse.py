"""The anonymous pulse: each member answers 1-5 per theme alone; the team sees aggregates only.

Anonymity (docs/design.md section 4):
- answers are stored under a keyed hash of the person and the round, so rounds cannot be
  linked, and one person is one respondent however often they answer;
- nothing is shown while a round is open, not even how many have answered;
- when a round closes, its result is computed once and frozen (pulse_results), and the
  round's answers are deleted: every later look (close message, trend, export) reads the
  frozen figures, and deleting a person's data can only touch open rounds, so no result can
  be differenced against another with one answer less;
- a theme is shown only when at least `min_answers` (never below 3) distinct people answered
  it, and then only in a form that lets nobody who knows their own answer work out the
  others' (bot/coach/pulse_figures.py): no spread below 5 answers, a band or nothing where a
  number would give answers away;
- nothing in this module returns a single person's answer.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.coach import pulse_figures
from bot.coach.pulse_figures import BAND, HIDDEN, MEAN, SPREAD, TOO_FEW, Figure
from bot.db.models import PulseAnswer, PulseResult, PulseRound, PulseThemeResult, Team, utcnow
from bot.themes import THEME_LABELS


class PulseError(ValueError):
    """Answered to the person in this Danish wording."""


@dataclass(frozen=True)
class ThemeResult:
    """One theme as shown: a mean (one decimal) with or without a spread, or a band only."""

    theme: str
    answers: int
    mean: float | None
    spread: float | None  # standard deviation; only from 5 answers, and only when safe
    band: str | None = None  # under | midt | over, when the mean is shown as a band

    def text(self) -> str:
        """The figure in Danish, e.g. '2,3', '3,4 (spredning 0,9)' or 'under 2,5'."""
        return self.figure().text()

    def figure(self) -> Figure:
        kind = SPREAD if self.spread is not None else MEAN if self.mean is not None else BAND
        return Figure(kind, self.answers, self.mean, self.spread, self.band)


@dataclass(frozen=True)
class RoundResult:
    round_id: int
    respondents: int
    themes: tuple[ThemeResult, ...]  # only themes with enough answers, in theme order
    withheld: tuple[str, ...]  # themes left out for too few answers
    hidden: tuple[str, ...] = ()  # themes left out for too few different answers


def respondent_key(secret: bytes, round_id: int, person: str) -> str:
    """The keyed hash an answer is stored under; `person` is who answers (one key per person
    and round, however many sessions they use)."""
    return hmac.new(secret, f"{round_id}:{person}".encode(), hashlib.sha256).hexdigest()


def open_round(session: Session, team: Team) -> PulseRound:
    current = current_round(session, team)
    if current is not None:
        return current
    from bot.metrics import PULSE_ROUNDS

    PULSE_ROUNDS.inc()
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


def _lock_open(session: Session, round_id: int) -> bool:
    """Lock the round's row while it is open (a no-op update that only matches then); False
    when it is closed. Answers, deletions and the close take this lock, so they never
    interleave: each lands before the close (and counts in the one result) or after it."""
    still_open = session.execute(
        update(PulseRound)
        .where(PulseRound.id == round_id, PulseRound.closed_at.is_(None))
        .values(closed_at=None)
    )
    return still_open.rowcount == 1


def answer(
    session: Session, pulse: PulseRound, secret: bytes, person: str, theme: str, score: int
) -> None:
    """Record (or replace) one answer while the round is open.

    The round's row is locked before the answer is written, so an answer and a close can
    never interleave: an answer lands before the close and counts in the one result, or it is
    refused. Otherwise a late answer could change a result already shown, and the difference
    would give the person's score away."""
    if theme not in THEME_LABELS:
        raise PulseError("Det tema kender jeg ikke.")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise PulseError("Svar med et tal fra 1 til 5.")
    if pulse.closed_at is not None or not _lock_open(session, pulse.id):
        raise PulseError("Målingen er lukket. Spørg jeres team, om der kommer en ny.")
    key = respondent_key(secret, pulse.id, person)
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
    """Distinct people who answered: frozen for a closed round. Never shown while open."""
    frozen = session.get(PulseResult, pulse.id)
    if frozen is not None:
        return frozen.respondents
    return session.execute(
        select(func.count(func.distinct(PulseAnswer.respondent))).where(
            PulseAnswer.round_id == pulse.id
        )
    ).scalar_one()


def has_answered(session: Session, pulse: PulseRound, secret: bytes, person: str) -> set[str]:
    """The themes this person has answered in this open round (for resuming), not the scores."""
    key = respondent_key(secret, pulse.id, person)
    rows = session.execute(
        select(PulseAnswer.theme).where(
            PulseAnswer.round_id == pulse.id, PulseAnswer.respondent == key
        )
    )
    return {theme for (theme,) in rows}


def close_round(session: Session, pulse: PulseRound, min_answers: int = 3) -> None:
    """Close the round and freeze its result; waits for an answer being written to it (see
    `answer`). Closing a closed round changes nothing."""
    closing = session.execute(
        update(PulseRound)
        .where(PulseRound.id == pulse.id, PulseRound.closed_at.is_(None))
        .values(closed_at=utcnow())
    )
    if closing.rowcount == 1 or session.get(PulseResult, pulse.id) is None:
        _freeze(session, pulse.id, min_answers)
    session.refresh(pulse)


def _freeze(session: Session, round_id: int, min_answers: int) -> None:
    """Compute the round's figures once, store them and delete the round's answers."""
    min_answers = max(pulse_figures.MIN_ANSWERS, min_answers)
    rows = session.execute(
        select(PulseAnswer.respondent, PulseAnswer.theme, PulseAnswer.score).where(
            PulseAnswer.round_id == round_id
        )
    ).all()
    people = {respondent for respondent, _theme, _score in rows}
    session.add(PulseResult(round_id=round_id, respondents=len(people), min_answers=min_answers))
    session.flush()
    if len(people) >= min_answers:
        scores: dict[str, list[int]] = {}
        for _respondent, theme, score in rows:
            scores.setdefault(theme, []).append(score)
        for row in pulse_figures.frozen_rows(scores, min_answers):
            session.add(PulseThemeResult(round_id=round_id, **row))
    session.execute(delete(PulseAnswer).where(PulseAnswer.round_id == round_id))
    session.flush()


def result(session: Session, pulse: PulseRound, min_answers: int) -> RoundResult | None:
    """The frozen aggregates of a closed round; None while it is open or when too few answered.

    `min_answers` can only hide more than the threshold the round was closed with: a theme
    with fewer answers is then withheld as too few, whatever form it was frozen in."""
    if pulse.closed_at is None:
        return None
    frozen = session.get(PulseResult, pulse.id)
    if frozen is None:  # closed without `close_round` (never in the app): freeze now, once
        close_round(session, pulse, min_answers)
        frozen = session.get(PulseResult, pulse.id)
    threshold = max(pulse_figures.MIN_ANSWERS, min_answers, frozen.min_answers)
    if frozen.respondents < threshold:
        return None
    rows = {
        row.theme: row
        for row in session.scalars(
            select(PulseThemeResult).where(PulseThemeResult.round_id == pulse.id)
        )
    }
    shown, withheld, hidden = [], [], []
    for theme in THEME_LABELS:
        row = rows.get(theme)
        if row is None:
            continue
        if row.shown_as == TOO_FEW or (row.answers is not None and row.answers < threshold):
            withheld.append(theme)
        elif row.shown_as == HIDDEN:
            hidden.append(theme)
        else:
            shown.append(
                ThemeResult(
                    theme,
                    row.answers,
                    None if row.mean_tenths is None else row.mean_tenths / 10,
                    None if row.spread_tenths is None else row.spread_tenths / 10,
                    row.band,
                )
            )
    return RoundResult(pulse.id, frozen.respondents, tuple(shown), tuple(withheld), tuple(hidden))


def forget_open_answers(session: Session, team: Team, secret: bytes, person: str) -> int:
    """Delete the person's answers in the team's open round ("slet mine data"); how many.

    A closed round holds no answers, only its frozen result, which stays as it was shown."""
    deleted = 0
    open_ids = session.scalars(
        select(PulseRound.id).where(PulseRound.team_id == team.id, PulseRound.closed_at.is_(None))
    ).all()
    for round_id in open_ids:
        if _lock_open(session, round_id):
            deleted += session.execute(
                delete(PulseAnswer).where(
                    PulseAnswer.round_id == round_id,
                    PulseAnswer.respondent == respondent_key(secret, round_id, person),
                )
            ).rowcount
    return deleted


def open_answers(session: Session, team: Team, secret: bytes, person: str) -> int:
    """How many answers the person has in the team's open round (for "mine data")."""
    rounds = session.scalars(
        select(PulseRound.id).where(PulseRound.team_id == team.id, PulseRound.closed_at.is_(None))
    ).all()
    keys = [respondent_key(secret, round_id, person) for round_id in rounds]
    if not keys:
        return 0
    return session.scalar(
        select(func.count()).select_from(PulseAnswer).where(PulseAnswer.respondent.in_(keys))
    )
