"""Who is in a team, as a curious colleague would try it: extra sessions need the owner's
approval, a second device of one person counts once, a group is not its owner, and a
confirmation counts only right after its question (bot/coach/members.py, actions/members.py,
actions/privacy.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.coach import members, service, teams
from bot.db.models import LinkCode
from bot.safety import privacy
from tests.domain import DOMAIN, texts_of


@pytest.fixture()
def team(loaded_db):
    name, code = service.create_team("rest:ejer", "Værkstedet")
    return code


def test_a_new_member_waits_for_the_owner_and_sees_nothing_before(team):
    assert members.join("rest:ny", team) == ("Værkstedet", "afventer")
    assert service.team_summary("rest:ny") is None
    assert service.record_problem("rest:ny", "arbejdsmaengde", "for travlt") is False
    assert members.status("rest:ny") == ("Værkstedet", "afventer")
    assert members.waiting_count("rest:ejer") == 1


def test_only_the_owner_approves_and_removes(team):
    members.join("rest:a", team)
    members.join("rest:b", team)
    assert members.approve("rest:a", []) is None  # a waiting member approves nobody
    waiting = members.roster("rest:ejer").waiting
    assert members.approve("rest:ejer", [waiting[0].number]) == 1
    assert members.approve("rest:a", []) is None  # approved, but not the owner
    assert members.remove("rest:a", waiting[1].number) is None
    assert members.waiting_count("rest:a") == 0  # only the owner hears who waits
    assert members.remove("rest:ejer", waiting[1].number) is True
    assert members.status("rest:b") is None
    assert members.roster("rest:ejer").people == 2


def test_the_owner_cannot_be_removed(team):
    owner = members.roster("rest:ejer").approved[0]
    assert members.remove("rest:ejer", owner.number) is False


def test_a_second_device_is_the_same_person_and_needs_no_approval(team):
    members.join("rest:anna", team)
    members.approve("rest:ejer", [])
    code = members.new_link_code("rest:anna")
    assert code and len(code.replace(" ", "")) == 8
    assert members.use_link_code("teamroom:annas-pc", code) == "Værkstedet"
    assert members.roster("rest:ejer").people == 2  # owner and Anna, three sessions
    assert members.use_link_code("teamroom:kollega", code) is None  # once only
    assert members.new_link_code("rest:ukendt") is None


def test_a_link_code_expires(team):
    from bot.config import load_settings
    from bot.db.models import utcnow
    from bot.db.session import session_scope

    members.join("rest:anna", team)
    members.approve("rest:ejer", [])
    code = members.new_link_code("rest:anna")
    with session_scope(load_settings().db_url) as s:
        for row in s.query(LinkCode):
            row.expires_at = utcnow() - timedelta(minutes=1)
    assert members.use_link_code("teamroom:annas-pc", code) is None


def test_a_link_code_is_not_guessed_by_trying_the_team_code(team):
    assert members.use_link_code("rest:x", team) is None
    assert members.use_link_code("rest:x", "0000 0000") is None


def test_in_a_group_the_person_who_creates_the_team_owns_it_not_the_group(loaded_db):
    service.create_team("telegram:-100", "Holdet", "telegram:42")
    assert service.team_summary("telegram:-100")["name"] == "Holdet"
    assert privacy.owns_team_of("telegram:42", "telegram:-100")
    assert not privacy.owns_team_of("telegram:-100", "telegram:-100")
    assert not privacy.owns_team_of("telegram:7", "telegram:-100")
    assert privacy.forget_team("telegram:7", "telegram:-100") is None
    assert privacy.forget_team("telegram:-100", "telegram:-100") is None
    assert privacy.forget_team("telegram:42", "telegram:-100") == "Holdet"


# --- Confirmations ------------------------------------------------------------------------


def conversation(*steps, metadata=None) -> Tracker:
    """A tracker from (kind, value) steps: ("user", intent) and ("action", name)."""
    events = [{"event": "action", "name": "action_listen"}]
    for kind, value in steps:
        if kind == "user":
            parse = {"intent": {"name": value.strip("/"), "confidence": 1.0}, "entities": []}
            events.append(
                {"event": "user", "text": value, "parse_data": parse, "metadata": metadata}
            )
        else:
            events += [
                {"event": "action", "name": value},
                {"event": "action", "name": "action_listen"},
            ]
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker("ejer", {}, latest["parse_data"] | {"text": latest["text"]}, events, False,
                   None, {}, "action_listen")  # fmt: skip


def run(action, tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return texts_of(dispatcher.messages)


def test_a_confirmation_without_its_question_deletes_nothing(loaded_db):
    from actions.privacy import ActionDeleteMyData, ActionDeleteTeam

    service.create_team("rest:ejer", "Værkstedet")
    said = run(ActionDeleteTeam(), conversation(("user", "/confirm_delete_team")))
    assert "ikke noget at bekræfte" in said[0]
    assert service.team_summary("rest:ejer") is not None
    said = run(ActionDeleteMyData(), conversation(("user", "/confirm_delete")))
    assert "ikke noget at bekræfte" in said[0]
    assert service.team_summary("rest:ejer") is not None
    # Asked, then something else, then the confirmation: too late.
    late = conversation(
        ("user", "/delete_team"), ("action", "action_ask_delete_team"),
        ("user", "/status"), ("action", "action_status"), ("user", "/confirm_delete_team"),
    )  # fmt: skip
    assert "ikke noget at bekræfte" in run(ActionDeleteTeam(), late)[0]
    right_after = conversation(
        ("user", "/delete_team"), ("action", "action_ask_delete_team"),
        ("user", "/confirm_delete_team"),
    )  # fmt: skip
    assert "er slettet" in run(ActionDeleteTeam(), right_after)[0]
    assert service.team_summary("rest:ejer") is None


def test_in_a_group_only_the_person_asked_confirms():
    from actions.common import answers_question

    tracker = conversation(("user", "/delete_team"), ("action", "action_ask_delete_team"),
                           ("user", "/confirm_delete_team"))  # fmt: skip
    tracker.events[1]["metadata"] = {"chat_type": "group", "from_id": "42"}
    tracker.events[-1]["metadata"] = {"chat_type": "group", "from_id": "7"}
    assert not answers_question(tracker, "action_ask_delete_team")
    tracker.events[-1]["metadata"] = {"chat_type": "group", "from_id": "42"}
    assert answers_question(tracker, "action_ask_delete_team")


def test_join_approval_can_be_turned_off(loaded_db, monkeypatch):
    monkeypatch.setenv("TRIVSEL_MEMBER_APPROVAL", "0")
    _, code = service.create_team("rest:ejer", "Værkstedet")
    assert members.join("rest:ny", code) == ("Værkstedet", teams.APPROVED)


def test_a_waiting_member_is_told_so_and_cannot_answer_the_pulse(team):
    from actions.pulse import ValidatePulseForm

    assert service.open_pulse("rest:ejer")
    members.join("rest:ny", team)
    for sender, expected in (("ny", "godkendt dig"), ("fremmed", "Tilslut dig med teamets kode")):
        asking = conversation(("user", "/answer_pulse"))
        asking.sender_id = sender
        said = run(ValidatePulseForm(), asking)
        assert expected in said[0]
        assert not service.answer_pulse(f"rest:{sender}", "ledelse", 2)
    asking = conversation(("user", "/answer_pulse"))
    said = run(ValidatePulseForm(), asking)  # the owner, approved: the form asks on
    assert said == []


def test_the_owner_hands_the_team_over_and_keeps_a_seat(team):
    from actions.members import ActionMembers

    members.join("rest:ny", team)
    assert members.approve("rest:ejer", []) == 1
    seat = members.roster("rest:ejer").approved[-1].number
    assert members.hand_over("rest:ny", seat) is None  # not the owner: nothing happens
    hand_over = conversation(("user", "/members"))
    hand_over.latest_message["entities"] = [
        {"entity": "member_action", "value": "ejer"},
        {"entity": "member", "value": str(seat)},
    ]
    assert "ejer nu teamet" in run(ActionMembers(), hand_over)[0]
    assert members.roster("rest:ny").owner and not members.roster("rest:ejer").owner
    assert members.remove("rest:ejer", seat) is None  # the old owner lost the rights
    assert privacy.forget_team("rest:ejer") is None
    assert service.close_pulse("rest:ejer").outcome == "ingen"


def test_the_owner_can_type_what_the_buttons_do(team):
    from actions.members import ActionMembers

    members.join("rest:ny", team)
    members.join("rest:nyere", team)
    said = run(ActionMembers(), conversation(("user", "godkend dem begge to")))
    assert said[0] == "Godkendt." and members.waiting_count("rest:ejer") == 0
    seat = members.roster("rest:ejer").approved[-1].number
    said = run(ActionMembers(), conversation(("user", f"fjern nr. {seat}")))
    assert said[0] == f"Medlem {seat} er fjernet fra teamet."


# --- The team's code: it expires unused, and the owner renews it ---------------------------


def _code_used(days_ago: int) -> None:
    """Every team's code was made or last used `days_ago` days ago."""
    from bot.config import load_settings
    from bot.db.models import Team, utcnow
    from bot.db.session import session_scope

    with session_scope(load_settings().db_url) as s:
        for row in s.query(Team):
            row.join_code_at = utcnow() - timedelta(days=days_ago)


def test_an_unused_code_expires_and_tells_a_guesser_nothing(team):
    _code_used(31)
    assert not service.code_exists(team)
    with pytest.raises(teams.TeamError) as refused:
        members.join("rest:sen", team)
    assert "kender jeg ikke, eller den er udløbet" in str(refused.value)
    assert members.status("rest:sen") is None
    assert members.roster("rest:ejer").people == 1  # the owner is still in the team


def test_a_code_in_use_lives_on(team, monkeypatch):
    from bot.db.models import utcnow

    _code_used(29)
    assert members.join("rest:ny", team) == ("Værkstedet", "afventer")
    left = members.team_code("rest:ejer").expires - utcnow()
    assert timedelta(days=29) < left <= timedelta(days=30)  # counted again from the join
    monkeypatch.setenv("TRIVSEL_JOIN_CODE_DAYS", "10")
    _code_used(11)
    assert not service.code_exists(team)


def test_the_owner_renews_the_code_and_the_old_one_stops_working(team):
    members.join("rest:anna", team)
    members.approve("rest:ejer", [])
    renewed = members.team_code("rest:ejer", renew=True)
    assert renewed.new and renewed.code != team
    with pytest.raises(teams.TeamError):
        members.join("rest:fremmed", team)
    assert members.status("rest:anna") == ("Værkstedet", "godkendt")  # members stay members
    assert members.join("rest:ny", renewed.code) == ("Værkstedet", "afventer")


def test_a_member_cannot_renew_the_code(team):
    members.join("rest:anna", team)
    members.approve("rest:ejer", [])
    asked = members.team_code("rest:anna", renew=True)
    assert (asked.code, asked.owner, asked.new) == (team, False, False)
    assert service.code_exists(team)
    members.join("rest:ventende", team)
    assert members.team_code("rest:ventende") is None  # waiting: sees no code


@pytest.mark.parametrize(
    "text,renew",
    [
        ("ny kode", True),
        ("Ny kode.", True),
        ("skift koden", True),
        ("lav en ny kode til teamet", True),
        ("kan du lave en ny kode", True),
        ("vi skal have en ny kode", True),
        ("koden skal skiftes", True),
        ("forny koden", True),
        ("hvad er vores kode?", False),
        ("hvad er den nye kode", False),
        ("hvad var koden igen", False),
        ("jeg har en kode", False),
    ],
)
def test_a_typed_request_for_a_new_code_is_told_from_asking_for_the_code(text, renew):
    assert members.wants_new_code(text) is renew


def test_the_code_action_renews_for_the_owner_only(team):
    from actions.members import ActionTeamCode

    said = run(ActionTeamCode(), conversation(("user", "hvad er vores kode?")))
    assert said[0].startswith(f"Teamets kode er {team}. Den virker til og med ")
    said = run(ActionTeamCode(), conversation(("user", "lav en ny kode")))
    new = members.team_code("rest:ejer").code
    assert new != team and said[0].startswith(f"Teamets nye kode er {new}.")
    _code_used(31)
    said = run(ActionTeamCode(), conversation(("user", "hvad er koden")))
    assert said[0].startswith("Teamets kode er udløbet, fordi ingen har brugt den i 30 dage.")
