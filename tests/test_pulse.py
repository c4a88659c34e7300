"""Pulse anonymity: no aggregate below the threshold, none before closing, no per-person data;
a closed round's result is frozen and its answers are gone."""

from __future__ import annotations

import dataclasses
import random

import pytest
from sqlalchemy import func, select

from bot.coach import pulse, pulse_figures
from bot.coach.teams import create_team
from bot.db.models import PulseAnswer, PulseResult, PulseThemeResult
from bot.themes import THEME_LABELS

SECRET = b"test-secret"


def answer_all(session, round_, people, rng):
    truth = {}
    for person in people:
        for theme in THEME_LABELS:
            if rng.random() < 0.85:
                score = rng.randint(1, 5)
                pulse.answer(session, round_, SECRET, person, theme, score)
                truth.setdefault(theme, []).append(score)
    return truth


def test_nothing_is_shown_while_open_or_below_three(session):
    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    for person in ("a", "b"):
        pulse.answer(session, round_, SECRET, person, "arbejdsmaengde", 4)
    assert pulse.result(session, round_, 3) is None  # open
    pulse.close_round(session, round_)
    assert pulse.result(session, round_, 3) is None  # closed, but only two answered
    with pytest.raises(pulse.PulseError):
        pulse.answer(session, round_, SECRET, "c", "arbejdsmaengde", 2)


def test_threshold_cannot_be_configured_below_three(session):
    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    for person in ("a", "b"):
        pulse.answer(session, round_, SECRET, person, "samarbejde", 1)
    pulse.close_round(session, round_)
    assert pulse.result(session, round_, 1) is None


@pytest.mark.parametrize("seed", range(25))
def test_randomised_rounds_never_show_a_small_group(session, seed):
    rng = random.Random(seed)
    team = create_team(session, f"rest:leder{seed}", "Holdet")
    threshold = rng.choice([3, 4, 5])
    people = [f"p{i}" for i in range(rng.randint(1, 9))]
    round_ = pulse.open_round(session, team)
    truth = answer_all(session, round_, people, rng)
    pulse.close_round(session, round_)
    result = pulse.result(session, round_, threshold)
    if len(people) < threshold:
        assert result is None
        return
    assert result.respondents == len(people)
    for item in result.themes:
        assert item.answers >= threshold
        assert item.answers == len(truth[item.theme])
        assert item.figure() == pulse_figures.figure(truth[item.theme])
    for theme in result.withheld:
        assert 0 < len(truth[theme]) < threshold
    for theme in result.hidden:
        assert pulse_figures.figure(truth[theme]).kind == pulse_figures.HIDDEN
    shown = {t.theme for t in result.themes}
    assert len(shown | set(result.withheld) | set(result.hidden)) == len(truth)


def test_results_carry_no_per_person_values():
    fields = {f.name for f in dataclasses.fields(pulse.RoundResult)}
    fields |= {f.name for f in dataclasses.fields(pulse.ThemeResult)}
    assert fields == {
        "round_id", "respondents", "themes", "withheld", "hidden", "theme", "answers", "mean",
        "spread", "band",
    }  # fmt: skip


def test_answers_are_stored_under_a_per_round_hash_not_the_sender(session):
    team = create_team(session, "rest:leder", "Butikken")
    first = pulse.open_round(session, team)
    pulse.answer(session, first, SECRET, "telegram:4711", "ledelse", 2)
    keys = [a.respondent for a in session.query(PulseAnswer).all()]
    pulse.close_round(session, first)
    second = pulse.open_round(session, team)
    pulse.answer(session, second, SECRET, "telegram:4711", "ledelse", 5)
    keys += [a.respondent for a in session.query(PulseAnswer).all()]
    assert len(set(keys)) == 2 and all("4711" not in k for k in keys)


def test_one_round_open_at_a_time_and_answers_can_be_changed(session):
    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    assert pulse.open_round(session, team).id == round_.id
    for person, score in (("a", 2), ("b", 3), ("c", 1)):
        pulse.answer(session, round_, SECRET, person, "anerkendelse", score)
    pulse.answer(session, round_, SECRET, "c", "anerkendelse", 4)
    assert pulse.has_answered(session, round_, SECRET, "c") == {"anerkendelse"}
    pulse.close_round(session, round_)
    (item,) = pulse.result(session, round_, 3).themes
    assert item.answers == 3 and item.mean == 3.0  # 2, 3 and c's second answer, 4


def answers_of(session, round_) -> int:
    return session.scalar(
        select(func.count()).select_from(PulseAnswer).where(PulseAnswer.round_id == round_.id)
    )


def test_closing_freezes_the_result_and_deletes_the_answers(session):
    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    for person, score in zip("abcd", (2, 3, 3, 3), strict=True):
        pulse.answer(session, round_, SECRET, person, "ledelse", score)
    pulse.answer(session, round_, SECRET, "a", "konflikter", 1)
    assert answers_of(session, round_) == 5
    pulse.close_round(session, round_)
    assert answers_of(session, round_) == 0  # nothing left to recompute anything from
    frozen = session.get(PulseResult, round_.id)
    assert (frozen.respondents, frozen.min_answers) == (4, 3)
    rows = {r.theme: r for r in session.scalars(select(PulseThemeResult))}
    assert rows["ledelse"].shown_as == "gennemsnit" and rows["ledelse"].mean_tenths == 28
    assert rows["konflikter"].shown_as == "for_faa" and rows["konflikter"].answers is None
    first = pulse.result(session, round_, 3)
    assert [(t.theme, t.text()) for t in first.themes] == [("ledelse", "2,8")]
    assert first.withheld == ("konflikter",)
    pulse.close_round(session, round_)  # a second close changes nothing
    assert pulse.result(session, round_, 3) == first
    assert pulse.respondents(session, round_) == 4
    assert pulse.result(session, round_, 5) is None  # a higher threshold only hides more


def test_the_threshold_at_close_cannot_be_lowered_afterwards(session):
    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    for person, score in zip("abcd", (2, 3, 3, 3), strict=True):
        pulse.answer(session, round_, SECRET, person, "ledelse", score)
    pulse.close_round(session, round_, min_answers=5)
    for lower in (5, 4, 3, 0):
        assert pulse.result(session, round_, lower) is None
    assert session.scalars(select(PulseThemeResult)).all() == []  # no figure was computed


def test_the_threshold_counts_distinct_people_however_often_they_answer(session):
    """Two people, one of them answering from two sessions (the same person id, so the same
    respondent key) and changing their answer: two respondents, no result."""
    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    person = "7f3c0a9e2b6d4e1f8a5c3b2d1e0f9a8b"  # a person id, not a session
    for score in (1, 5, 2):  # from the phone, the web team room, the phone again
        pulse.answer(session, round_, SECRET, person, "ledelse", score)
    pulse.answer(session, round_, SECRET, "another-person", "ledelse", 4)
    assert pulse.respondents(session, round_) == 2
    assert answers_of(session, round_) == 2
    pulse.close_round(session, round_)
    for threshold in (-1, 0, 1, 2, 3):
        assert pulse.result(session, round_, threshold) is None
    assert session.get(PulseResult, round_.id).respondents == 2


def test_forgetting_a_person_touches_open_rounds_only(session):
    team = create_team(session, "rest:leder", "Butikken")
    closed = pulse.open_round(session, team)
    for person, score in zip("abcd", (2, 3, 3, 3), strict=True):
        pulse.answer(session, closed, SECRET, person, "ledelse", score)
    pulse.close_round(session, closed)
    shown = pulse.result(session, closed, 3)
    current = pulse.open_round(session, team)
    pulse.answer(session, current, SECRET, "a", "ledelse", 5)
    pulse.answer(session, current, SECRET, "b", "ledelse", 1)
    assert pulse.open_answers(session, team, SECRET, "a") == 1
    assert pulse.forget_open_answers(session, team, SECRET, "a") == 1
    assert pulse.open_answers(session, team, SECRET, "a") == 0
    assert answers_of(session, current) == 1  # b's answer stays
    assert pulse.result(session, closed, 3) == shown


def test_a_round_closed_without_close_round_is_frozen_once_when_first_read(session):
    """Not a path of the app (close_round always freezes); a result is still computed once."""
    from bot.db.models import utcnow

    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    for person, score in zip("abc", (2, 3, 4), strict=True):
        pulse.answer(session, round_, SECRET, person, "ledelse", score)
    round_.closed_at = utcnow()
    session.flush()
    first = pulse.result(session, round_, 3)
    assert [t.text() for t in first.themes] == ["3,0"] and answers_of(session, round_) == 0
    assert pulse.result(session, round_, 3) == first


def test_the_lowest_come_first_and_only_low_themes_become_problems():
    from bot.coach.pulse import RoundResult, ThemeResult
    from bot.coach.service import lowest_first, pulse_importance

    themes = (
        ThemeResult("indflydelse", 5, 3.3, None),
        ThemeResult("arbejdsmaengde", 4, None, None, "under"),
        ThemeResult("ledelse", 5, 2.7, None),
        ThemeResult("samarbejde", 4, None, None, "midt"),
        ThemeResult("anerkendelse", 5, 2.1, None),
    )
    ordered = lowest_first(RoundResult(1, 5, themes, ()))
    assert [t.theme for t in ordered] == [
        "arbejdsmaengde", "anerkendelse", "ledelse", "indflydelse", "samarbejde"
    ]  # fmt: skip
    assert [pulse_importance(t) for t in ordered] == [3, 3, 2, None, None]
