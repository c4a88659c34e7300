"""The check-in and the follow-up schedule, in plain Python over a real database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.coach import checkin, followups, plan
from bot.coach.teams import TeamError, create_team
from bot.db.models import FollowUp

TODAY = date(2026, 11, 28)


@pytest.fixture()
def team(session):
    team = create_team(session, "rest:anna", "Værkstedet")
    plan.add_action(session, team, "Fast frokostpause", "formanden", date(2026, 12, 20))
    plan.add_action(session, team, "Tavlemøde om mandagen", "mester", None)
    plan.add_action(session, team, "Ny vagtplan", "planlæggeren", date(2027, 1, 15))
    session.flush()
    return team


def run(session, team, *answers):
    """Answer the check-in; return the questions asked along the way."""
    current = checkin.start(session, team)
    asked = []
    for text in answers:
        asked.append(checkin.question(team, current).text)
        assert checkin.answer(session, team, current, text, TODAY) is None, (text, asked[-1])
    return current, asked


def test_every_status_and_every_decision(session, team):
    current, asked = run(
        session, team,
        "Gennemført",
        "I gang", "Ny frist", "om tre uger",
        "Ikke startet", "Ny ansvarlig", "kokken",
        "Vi talte om det hver mandag", "Travlhed", "Vi siger til, når det brænder på",
        "Nej, ikke nu",
    )  # fmt: skip
    assert asked[0].startswith("Nr. 1: Fast frokostpause (formanden, 20. december 2026).")
    assert current.finished_at is not None
    first, second, third = team.plan
    assert (first.status, second.status, third.status) == ("gennemfoert", "i_gang", "ikke_startet")
    assert second.deadline == TODAY + timedelta(weeks=3)
    assert third.owner == "kokken"
    assert [i.decision for i in current.items] == [None, "juster", "juster"]
    assert (current.helped, current.hindered) == ("Vi talte om det hver mandag", "Travlhed")
    assert current.learned == "Vi siger til, når det brænder på"
    summary = checkin.summary(team, current)
    assert "1 handling er gennemført, 1 handling er i gang, 1 handling er ikke startet" in summary
    assert "Det har I lært: Vi siger til, når det brænder på" in summary
    assert "Næste opfølgning: 12. december 2026." in summary
    assert team.step == "opfoelgning"


def test_stop_drops_the_action_and_its_reminder(session, team):
    followups.schedule_deadline(session, team, team.plan[0], TODAY)
    assert [f.kind for f in team.followups if f.status == "pending"] == ["deadline"]
    run(session, team, "I gang", "Stop den", "Droppet", "Gennemført",
        "Spring over", "Intet særligt", "Spring over", "Nej, ikke nu")  # fmt: skip
    assert [a.status for a in team.plan] == ["droppet", "droppet", "gennemfoert"]
    assert [f.status for f in team.followups if f.kind == "deadline"] == ["cancelled"]
    assert checkin.open_actions(team) == []
    with pytest.raises(TeamError, match="ingen åbne handlinger"):
        checkin.start(session, team)


def test_not_started_twice_in_a_row_is_said_kindly_with_other_choices(session, team):
    first, _ = run(session, team, "Ikke startet", "Fortsæt", "Gennemført", "Gennemført",
                   "Spring over", "Travlhed", "Spring over", "Nej, ikke nu")  # fmt: skip
    second = checkin.start(session, team)
    assert second is not first and len(second.items) == 1
    checkin.answer(session, team, second, "Ikke startet", TODAY)
    stuck = checkin.question(team, second)
    assert "to gange i træk" in stuck.text and "ikke nogens skyld" in stuck.text
    assert stuck.buttons == ["Gør den mindre", "Vælg en anden", "Fortsæt alligevel", "Stop den"]
    checkin.answer(session, team, second, "Gør den mindre", TODAY)
    assert "mindste første skridt" in checkin.question(team, second).text
    checkin.answer(session, team, second, "Pause kl. 12 om fredagen", TODAY)
    assert team.plan[0].what == "Pause kl. 12 om fredagen"
    assert second.items[0].decision == "mindre"
    assert "Før: Fast frokostpause" in second.items[0].note


def test_bad_replies_are_explained_and_asked_again(session, team):
    current = checkin.start(session, team)
    assert "Vælg en af knapperne" in checkin.answer(session, team, current, "måske", TODAY)
    assert checkin.answer(session, team, current, "færdig", TODAY) is None  # typed, not pressed
    checkin.answer(session, team, current, "i gang", TODAY)
    checkin.answer(session, team, current, "Ny frist", TODAY)
    assert "dato" in checkin.answer(session, team, current, "engang", TODAY)
    assert current.stage == "new_deadline"


def test_remeasure_is_offered_and_the_next_checkin_replaces_the_due_one(session, team):
    now = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
    due = followups.schedule_checkin(session, team, TODAY - timedelta(days=1))
    assert followups.due(team, now) == [due]
    current, asked = run(session, team, "Gennemført", "Gennemført", "Gennemført",
                         "Spring over", "Intet særligt", "Spring over", "Ja, åbn en måling")  # fmt: skip
    assert "måle igen" in asked[-1]
    assert current.stage == "remeasure_yes"
    assert due.status == "done"
    upcoming = followups.next_checkin(team)
    assert upcoming is not None and upcoming is not due
    assert followups.due_day(upcoming) == TODAY + timedelta(days=14)


def test_followup_schedule_and_panel(session, team):
    now = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
    assert followups.panel_line(team, now) is None
    followups.schedule_checkin(session, team, date(2026, 12, 12))
    followups.schedule_checkin(session, team, date(2026, 12, 19))  # moved, not added
    assert len([f for f in team.followups if f.kind == "checkin"]) == 1
    assert followups.panel_line(team, now) == {
        "when": "19. december 2026",
        "label": "Opfølgning på planen",
    }
    followups.schedule_deadline(session, team, team.plan[0], TODAY)
    reminder = next(f for f in team.followups if f.kind == "deadline")
    assert followups.due_day(reminder) == date(2026, 12, 18)
    assert followups.panel_line(team, now)["label"] == "Påmindelse før en frist"
    later = datetime(2026, 12, 18, 8, tzinfo=timezone.utc)
    assert followups.panel_line(team, later)["when"] == "nu (siden 18. december 2026)"
    message = followups.due_message(session, team, later)
    assert "Fristen for nr. 1, Fast frokostpause, er 20. december 2026." in message
    assert session.query(FollowUp).count() == 2
