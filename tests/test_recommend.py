"""Ranking: theme and context decide the top suggestion, and a changed context changes it."""

from __future__ import annotations

from bot.coach.context import Context
from bot.coach.recommend import suggest


def ids(suggestions):
    return [s.entry.id for s in suggestions]


def test_it_firm_with_time_gets_the_programme_made_for_it(index):
    ctx = Context(size="10-49", industry="it", time="over_2")
    top = suggest(index, "arbejdsmaengde", "", ctx)[0]
    assert top.entry.id == "powrs_stressforebyggelse"
    assert "Den er lavet til it og kontor, hvor I er." in top.reasons
    assert "Den retter sig mod arbejdsmængde og tidspres." in top.reasons


def test_changing_the_industry_removes_it_for_a_stated_reason(index):
    it = suggest(index, "arbejdsmaengde", "", Context(size="10-49", industry="it", time="over_2"))
    build = suggest(
        index, "arbejdsmaengde", "", Context(size="10-49", industry="byggeri", time="over_2")
    )
    assert ids(it)[0] == "powrs_stressforebyggelse"
    assert "powrs_stressforebyggelse" not in ids(build)
    assert all("it og kontor" not in s.reason for s in build)


def test_little_time_favours_light_methods_and_says_why(index):
    busy = suggest(index, "arbejdsmaengde", "", Context(time="under_1"), limit=3)
    assert all(s.entry.fits.resources == "lav" for s in busy)
    assert "I har under en time om ugen, og den kræver ikke meget." in busy[0].reasons
    relaxed = suggest(index, "arbejdsmaengde", "", Context(time="over_2"), limit=5)
    assert any(s.entry.fits.resources != "lav" for s in relaxed)


def test_outside_help_lifts_the_owner_manager_programme(index):
    helped = suggest(index, "ledelse", "", Context(outside_help=("bfa",)))
    alone = suggest(index, "ledelse", "", Context(outside_help=()))
    assert ids(helped)[0] == "business_in_mind"
    assert "Den kræver hjælp udefra, og det har I adgang til." in helped[0].reasons
    assert "business_in_mind" not in ids(alone)[:1]


def test_every_theme_gets_two_to_four_suggestions(index):
    from bot.coach.themes import THEME_LABELS

    for theme in THEME_LABELS:
        found = suggest(index, theme, "", Context(), limit=4)
        assert 2 <= len(found) <= 4, theme
        assert all(s.entry.kind in ("indsats", "metode", "program", "hjaelp") for s in found)


def test_free_text_pulls_in_matching_entries(index):
    found = suggest(index, None, "vi vil prøve det af som et kort forsøg", Context())
    assert "korte_eksperimenter" in ids(found)
