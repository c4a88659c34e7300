"""The action plan: adding, editing, dropping, showing; Danish deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from bot.coach import plan
from bot.coach.dates import DateError, danish_date, parse_deadline
from bot.coach.teams import TeamError, create_team

TODAY = date(2026, 11, 28)  # a Saturday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("om to uger", date(2026, 12, 12)),
        ("om 3 uger", date(2026, 12, 19)),
        ("15/3", date(2027, 3, 15)),
        ("1. marts", date(2027, 3, 1)),
        ("15. december", date(2026, 12, 15)),
        ("fredag", date(2026, 12, 4)),
        ("næste fredag", date(2026, 12, 4)),
        ("i morgen", date(2026, 11, 29)),
        ("2027-01-10", date(2027, 1, 10)),
        ("10.01.2027", date(2027, 1, 10)),
    ],
)
def test_danish_deadlines(typed, expected):
    assert parse_deadline(typed, TODAY) == expected


@pytest.mark.parametrize("typed", ["snart", "31/2", "1. marts 2020", "", "om mange uger"])
def test_unclear_deadlines_get_help(typed):
    with pytest.raises(DateError) as info:
        parse_deadline(typed, TODAY)
    assert "dato" in str(info.value).lower() or "passeret" in str(info.value)


def test_plan_add_edit_drop_and_show(session):
    team = create_team(session, "rest:anna", "Værkstedet")
    plan.add_action(
        session, team, "Ti minutters morgenmøde om mandagen", "formanden", date(2026, 12, 14),
        success="Alle ved, hvad ugen byder på", involvement="faelles_loesninger",
        experiment=True,
    )  # fmt: skip
    plan.add_action(session, team, "Fælles tavle med opgaver", "lærlingen", None)
    session.refresh(team)
    plan.change_deadline(team, 2, date(2027, 1, 8))
    plan.change_owner(team, 1, "svend på skift")
    plan.drop(team, 2)
    text = plan.format_plan(team)
    assert "1. Ti minutters morgenmøde om mandagen" in text
    assert "Ansvarlig: svend på skift. Frist: 14. december 2026" in text
    assert "2. Fælles tavle med opgaver (droppet)" in text
    assert "Frist: 8. januar 2027" in text
    assert "Sådan ved vi, at det virker: Alle ved, hvad ugen byder på" in text
    assert "Køres som et kort forsøg." in text
    with pytest.raises(TeamError, match="nr. 3"):
        plan.drop(team, 3)
    with pytest.raises(TeamError):
        plan.add_action(session, team, "x", "formanden", None)


def test_empty_plan_says_so(session):
    team = create_team(session, "rest:anna", "Værkstedet")
    assert "ingen handlinger" in plan.format_plan(team)
    assert danish_date(date(2027, 3, 1)) == "1. marts 2027"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ret fristen for nr. 2 til 15/3", ("deadline", 2, "15/3")),
        ("giv den første til formanden", ("owner", 1, "formanden")),
        ("drop handling 3", ("drop", 3, "")),
        ("ryk deadline på handling 1 til om to uger", ("deadline", 1, "om to uger")),
        ("hvad er klokken", None),
        ("ret planen", None),
    ],
)
def test_edits_are_understood(typed, expected):
    edit = plan.parse_edit(typed)
    assert (edit and (edit.operation, edit.number, edit.value)) == expected


def test_edit_through_the_service(loaded_db):
    from bot.coach import service

    service.create_team("rest:anna", "Værkstedet")
    service.save_plan_action("rest:anna", {"what": "Morgenmøde", "owner": "mester"})
    assert service.edit_plan("rest:anna", "ret fristen for nr. 1 til 15/3", TODAY) == (
        "Handling 1 har nu frist 15. marts 2027."
    )
    assert service.edit_plan("rest:anna", "giv nr. 1 til svenden", TODAY) == (
        "Svenden står nu for handling 1."
    )
    assert "ingen handling nr. 4" in service.edit_plan("rest:anna", "drop nr. 4", TODAY)
    assert "droppet" in service.edit_plan("rest:anna", "drop nr. 1", TODAY)
    text = service.plan_text("rest:anna")
    assert "1. Morgenmøde (droppet)" in text and "Ansvarlig: svenden. Frist: 15. marts 2027" in text


def test_the_proposal_is_taken_as_it_stands_or_with_what_the_team_adds():
    from bot.coach.plan import taken_proposal

    proposal = "Sortér ugens opgaver sammen mandag."
    assert taken_proposal("brug forslaget", proposal) == proposal
    assert taken_proposal("ja, det gør vi", proposal) == proposal
    edited = taken_proposal("brug det men kl 7 i skurvognen med begge ejere", proposal)
    assert edited == "Sortér ugens opgaver sammen mandag. Kl 7 i skurvognen med begge ejere."
    assert taken_proposal("vi laver vores eget", proposal) is None
