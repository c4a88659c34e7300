"""The FIT check: warnings for a poor fit, an experiment when capacity is short, outside help."""

from __future__ import annotations

from bot.coach import fit
from bot.coach.context import Context


def test_answers_are_understood():
    assert fit.parse("Ja") == "ja" and fit.parse("nej tak") == "nej"
    assert fit.parse("delvist") == "delvist" and fit.parse("måske") == "delvist"
    assert fit.parse("bananer") is None


def test_good_fit_has_no_warnings(index):
    entry = index.by_id["fishbone_workshop"]
    answers = dict.fromkeys(fit.QUESTIONS, "ja")
    result = fit.verdict(answers, entry, index, Context())
    assert result.fits and result.messages == () and not result.suggest_experiment


def test_short_capacity_warns_against_promising_too_much(index):
    entry = index.by_id["fishbone_workshop"]
    answers = dict.fromkeys(fit.QUESTIONS, "ja") | {"fit_capacity": "nej"}
    result = fit.verdict(answers, entry, index, Context())
    assert not result.fits and result.suggest_experiment
    assert any("love mere, end I kan holde" in m for m in result.messages)


def test_outside_help_points_to_who_offers_it_in_the_industry(index):
    entry = index.by_id["business_in_mind"]
    answers = dict.fromkeys(fit.QUESTIONS, "ja")
    build = fit.verdict(answers, entry, index, Context(industry="byggeri"))
    assert [h.id for h in build.helpers][0] == "bambus"
    office = fit.verdict(answers, entry, index, Context(industry="it"))
    assert "bambus" not in [h.id for h in office.helpers] and office.helpers
    assert all(h.id != "kraenkende_handlinger_og_vold" for h in office.helpers)


def test_what_a_measure_demands_is_weighed_against_the_time_the_team_has(index):
    from bot.coach.context import Context
    from bot.coach.fit import verdict

    good = {"fit_culture": "ja", "fit_core_task": "ja", "fit_timing": "ja", "fit_capacity": "ja"}
    heavy = max((e for e in index.entries if e.demands is not None), key=lambda e: e.demands.hours)
    busy = verdict(good, heavy, index, Context(time="under_1"))
    assert not busy.fits and busy.suggest_experiment
    assert f"omkring {heavy.demands.hours} timer" in " ".join(busy.messages)
    light = min((e for e in index.entries if e.demands is not None), key=lambda e: e.demands.hours)
    fine = verdict(good, light, index, Context(time="1_2"))
    assert fine.fits and not fine.suggest_experiment
    assert not [m for m in fine.messages if "timer" in m]
