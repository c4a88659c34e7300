"""Teams: join codes that are easy to say and hard to guess, create, join, move."""

from __future__ import annotations

import pytest

from bot.coach import joincode
from bot.coach.teams import (
    TeamError,
    add_problem,
    approve,
    create_team,
    join_team,
    prioritised_problems,
    set_context,
    team_of,
)


def test_join_codes_are_three_words_and_two_digits_and_vary():
    codes = {joincode.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        *words, digits = code.split("-")
        assert len(words) == 3 and all(w in joincode.WORDS for w in words)
        assert len(digits) == 2 and digits.isdigit()
        assert all(ch.isascii() for ch in code)
    assert len(joincode.WORDS) ** 3 * 100 > 10**8


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sol-hest-mark-42", "sol-hest-mark-42"),
        ("Sol Hest Mark 42", "sol-hest-mark-42"),
        ("  sol hest mark, 42 ", "sol-hest-mark-42"),
        ("sol-hest-42", None),
        ("sol-hest-mørk-42", None),
        ("sol-hest-mark-4", None),
        ("", None),
    ],
)
def test_typed_codes_are_normalised(typed, expected):
    assert joincode.normalize(typed) == expected


def test_create_and_join_from_another_channel(session):
    team = create_team(session, "rest:anna", "Værkstedet")
    assert team.step == "kontekst" and team.members[0].role == "ejer"
    joined, status = join_team(session, "telegram:42", team.join_code.upper().replace("-", " "))
    assert joined.id == team.id and status == "afventer"
    assert team_of(session, "telegram:42") is None  # until the owner approves
    approve(session, team, [])
    assert team_of(session, "telegram:42").id == team.id
    assert sorted(m.sender_id for m in team.members) == ["rest:anna", "telegram:42"]
    join_team(session, "telegram:42", team.join_code)  # twice is harmless
    assert len(team.members) == 2


def test_unknown_code_is_refused_with_help(session):
    create_team(session, "rest:anna", "Værkstedet")
    with pytest.raises(TeamError, match="tre ord og et tal"):
        join_team(session, "rest:bo", "sol-hest-mark-00")
    assert team_of(session, "rest:bo") is None


def test_joining_another_team_moves_the_member(session):
    first = create_team(session, "rest:anna", "Butikken")
    second = create_team(session, "rest:bo", "Lageret")
    join_team(session, "rest:anna", second.join_code, approval=False)
    assert team_of(session, "rest:anna").id == second.id
    session.refresh(first)
    assert first.members == []


def test_team_name_is_required(session):
    with pytest.raises(TeamError):
        create_team(session, "rest:anna", " ")


def test_context_values_are_checked(session):
    team = create_team(session, "rest:anna", "Plejen")
    set_context(team, "size", "10-49")
    set_context(team, "outside_help", ["bfa", "konsulent", "bfa"])
    assert team.context == {"size": "10-49", "outside_help": ["bfa", "konsulent"]}
    with pytest.raises(ValueError, match="Vælg en af knapperne"):
        set_context(team, "size", "300")


def test_problems_are_prioritised_by_importance_then_order(session):
    team = create_team(session, "rest:anna", "Plejen")
    add_problem(session, team, "samarbejde", "vagtskifter uden overlevering", 2, "dialog")
    add_problem(session, team, "arbejdsmaengde", "for få hænder om morgenen", 3, "dialog")
    add_problem(session, team, "anerkendelse", "ingen siger tak", 2, "puls")
    session.refresh(team)
    assert [p.theme for p in prioritised_problems(team)] == [
        "arbejdsmaengde", "samarbejde", "anerkendelse",
    ]  # fmt: skip
    with pytest.raises(TeamError):
        add_problem(session, team, "mobning", "x", 3, "dialog")
