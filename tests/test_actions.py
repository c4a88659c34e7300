"""The custom actions on real rasa-sdk trackers, against a real SQLite app database."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.journey import (
    ActionConfirm,
    ActionNoteProblem,
    ActionStartMapping,
    ActionStatus,
    ActionSuggestInterventions,
)
from actions.knowledge import ActionAnswerKnowledge, ActionDefaultFallback, ActionReadMore
from actions.leader import ActionManagerStrain


def tracker(text: str, intent: str, entities=None, slots=None) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
    }
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message=latest,
        events=[{"event": "user", "text": text, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def slot(events, name):
    return next(
        (e["value"] for e in events if e.get("event") == "slot" and e["name"] == name), None
    )


def test_knowledge_question_gets_short_answer_source_and_buttons(loaded_db):
    messages, events = run(
        ActionAnswerKnowledge(), tracker("hvad er en vidensbrobygger?", "ask_knowledge")
    )
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("Arbejdsmiljørådgiveren som vidensbrobygger")
    assert "Kilde: NECTO-rapporten (2025), afsnit 5.1" in text
    assert "Gensby" in text
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/read_more{"kb_id":"vidensbrobyggere"}' in payloads
    assert "/start_mapping" in payloads
    assert slot(events, "kb_id") == "vidensbrobyggere"


def test_question_outside_the_knowledge_base_says_so(loaded_db):
    messages, events = run(
        ActionAnswerKnowledge(), tracker("hvordan laver man lasagne", "ask_knowledge")
    )
    assert "ikke noget godt svar" in messages[0]["text"]
    assert events == []


def test_read_more_gives_explanation_evidence_and_references(loaded_db):
    messages, _ = run(
        ActionReadMore(),
        tracker(
            '/read_more{"kb_id":"fishbone_workshop"}',
            "read_more",
            slots={"kb_id": "fishbone_workshop"},
        ),
    )
    assert len(messages) == 2
    assert "Evidens:" in messages[0]["text"]
    assert "Ipsen" in messages[1]["text"] and messages[1]["text"].startswith("Kilder")


def test_read_more_without_topic_asks(loaded_db):
    messages, _ = run(ActionReadMore(), tracker("fortæl mere", "read_more"))
    assert "Hvad vil I gerne vide mere om" in messages[0]["text"]


def test_fallback_answers_from_knowledge_only_when_it_clearly_fits(loaded_db):
    messages, _ = run(ActionDefaultFallback(), tracker("fishbone workshop", "nlu_fallback"))
    assert messages[0]["text"].startswith("Fishbone")
    messages, _ = run(ActionDefaultFallback(), tracker("blå bananer flyver", "nlu_fallback"))
    assert "ikke sikker på, at jeg forstod" in messages[0]["text"]
    assert messages[0]["buttons"]


def test_mapping_offers_the_nine_themes(loaded_db):
    messages, _ = run(ActionStartMapping(), tracker("lad os kortlægge", "start_mapping"))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert len(payloads) == 9
    assert '/describe_problem{"theme":"foelelsesmaessige_krav"}' in payloads


def test_problem_with_theme_is_noted_and_suggestions_follow_on_yes(loaded_db):
    entities = [{"entity": "theme", "value": "arbejdsmaengde", "start": 13, "end": 19}]
    messages, events = run(
        ActionNoteProblem(),
        tracker("vi har alt for travlt op til jul", "describe_problem", entities),
    )
    assert "arbejdsmængde og tidspres" in messages[0]["text"]
    assert slot(events, "themes_named") == ["arbejdsmaengde"]
    assert slot(events, "offer") == "suggest"

    messages, events = run(
        ActionConfirm(),
        tracker("ja", "affirm", slots={"offer": "suggest", "theme": "arbejdsmaengde"}),
    )
    assert messages[0]["text"] == "Her er 3 forslag til arbejdsmængde og tidspres:"
    assert len(messages) == 4
    for message in messages[1:]:
        assert "Kilde:" in message["text"]
        assert message["buttons"][0]["payload"].startswith("/read_more")


def test_problem_without_theme_asks_for_one(loaded_db):
    messages, events = run(
        ActionNoteProblem(), tracker("det er bare noget rod", "describe_problem")
    )
    assert len(messages[0]["buttons"]) == 9
    assert events == []


def test_suggestions_follow_the_theme(loaded_db):
    messages, _ = run(
        ActionSuggestInterventions(),
        tracker(
            "hvad kan vi gøre", "ask_intervention", [{"entity": "theme", "value": "samarbejde"}]
        ),
    )
    assert "samarbejde" in messages[0]["text"]
    assert len(messages) >= 2


def test_status_lists_named_themes(loaded_db):
    messages, _ = run(ActionStatus(), tracker("hvor er vi", "status"))
    assert "ikke gået i gang" in messages[0]["text"]
    messages, _ = run(
        ActionStatus(),
        tracker("hvor er vi", "status", slots={"themes_named": ["konflikter", "ledelse"]}),
    )
    assert "konflikter, ledelse" in messages[0]["text"]


def test_manager_strain_offers_leader_material(loaded_db):
    messages, events = run(
        ActionManagerStrain(), tracker("jeg er selv helt presset som ejer", "manager_strain")
    )
    assert len(messages) == 2
    assert "Kilde:" in messages[1]["text"]
    assert slot(events, "kb_id") in {
        "leder_egen_trivsel", "business_in_mind", "leder_tabel_egen_belastning",
    }  # fmt: skip


@pytest.mark.parametrize("module", ["journey", "knowledge", "leader", "common"])
def test_importing_actions_touches_no_database(module, tmp_path, monkeypatch):
    import importlib
    import sys

    url = f"sqlite:///{tmp_path / 'untouched.db'}"
    monkeypatch.setenv("TRIVSEL_DB_URL", url)
    sys.modules.pop(f"actions.{module}", None)
    importlib.import_module(f"actions.{module}")
    assert not (tmp_path / "untouched.db").exists()


def test_new_sender_is_greeted_with_what_the_coach_does(loaded_db):
    from actions.teams import ActionGreet

    messages, _ = run(ActionGreet(), tracker("hej", "greet"))
    assert len(messages[0]["text"].splitlines()) == 3
    assert "/create_team" in [b["payload"] for b in messages[0]["buttons"]]


def test_team_created_joined_and_greeted_on_return(loaded_db):
    from actions.teams import ActionCreateTeam, ActionGreet, ActionJoinTeam, ValidateJoinForm
    from bot.coach import service

    messages, events = run(
        ActionCreateTeam(), tracker("Værkstedet", "create_team", slots={"team_name": "Værkstedet"})
    )
    assert messages[0]["text"].startswith("Teamet Værkstedet er oprettet. Jeres kode er ")
    code = messages[0]["text"].split("Jeres kode er ")[1].split(".")[0]
    assert slot(events, "team_name") is None

    validate = ValidateJoinForm()
    dispatcher = CollectingDispatcher()
    ok = asyncio.run(validate.validate_join_code(code.upper(), dispatcher, tracker("x", "x"), {}))
    assert ok == {"join_code": code}
    bad = asyncio.run(
        validate.validate_join_code("sol-hest-mark-00", dispatcher, tracker("x", "x"), {})
    )
    assert bad == {"join_code": None} and "kender jeg ikke" in dispatcher.messages[-1]["text"]

    other = tracker(code, "join_team", slots={"join_code": code})
    other.sender_id = "kollega"
    messages, _ = run(ActionJoinTeam(), other)
    assert messages[0]["text"].startswith("Velkommen i Værkstedet.")
    assert service.team_summary("rest:kollega")["name"] == "Værkstedet"

    messages, _ = run(ActionGreet(), tracker("hej", "greet"))
    assert messages[0]["text"].startswith("Velkommen tilbage, Værkstedet.")


def test_problems_of_a_team_are_stored_and_shown_in_status(loaded_db):
    from bot.coach import service

    service.create_team("rest:test", "Butikken")
    entities = [{"entity": "theme", "value": "anerkendelse"}]
    run(ActionNoteProblem(), tracker("ingen siger nogensinde tak", "describe_problem", entities))
    messages, _ = run(ActionStatus(), tracker("hvor er vi", "status"))
    text = messages[0]["text"]
    assert text.startswith("Butikken er nået til kortlægning.")
    assert "1. Anerkendelse: ingen siger nogensinde tak" in text
