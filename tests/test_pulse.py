"""Pulse anonymity: no aggregate below the threshold, none before closing, no per-person data."""

from __future__ import annotations

import dataclasses
import random

import pytest

from bot.coach import pulse
from bot.coach.teams import create_team
from bot.coach.themes import THEME_LABELS
from bot.db.models import PulseAnswer

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
        assert item.mean == round(sum(truth[item.theme]) / len(truth[item.theme]), 1)
    for theme in result.withheld:
        assert 0 < len(truth[theme]) < threshold
    assert {t.theme for t in result.themes}.isdisjoint(result.withheld)


def test_results_carry_no_per_person_values():
    fields = {f.name for f in dataclasses.fields(pulse.RoundResult)}
    fields |= {f.name for f in dataclasses.fields(pulse.ThemeResult)}
    assert fields == {
        "round_id", "respondents", "themes", "withheld", "theme", "answers", "mean", "spread",
    }  # fmt: skip


def test_answers_are_stored_under_a_per_round_hash_not_the_sender(session):
    team = create_team(session, "rest:leder", "Butikken")
    first = pulse.open_round(session, team)
    pulse.answer(session, first, SECRET, "telegram:4711", "ledelse", 2)
    pulse.close_round(session, first)
    second = pulse.open_round(session, team)
    pulse.answer(session, second, SECRET, "telegram:4711", "ledelse", 5)
    keys = [a.respondent for a in session.query(PulseAnswer).all()]
    assert len(set(keys)) == 2 and all("4711" not in k for k in keys)


def test_one_round_open_at_a_time_and_answers_can_be_changed(session):
    team = create_team(session, "rest:leder", "Butikken")
    round_ = pulse.open_round(session, team)
    assert pulse.open_round(session, team).id == round_.id
    for person in ("a", "b", "c"):
        pulse.answer(session, round_, SECRET, person, "anerkendelse", 1)
    pulse.answer(session, round_, SECRET, "c", "anerkendelse", 4)
    assert pulse.has_answered(session, round_, SECRET, "c") == {"anerkendelse"}
    pulse.close_round(session, round_)
    (item,) = pulse.result(session, round_, 3).themes
    assert item.answers == 3 and item.mean == 2.0
