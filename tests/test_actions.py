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
    assert len(payloads) == 10 and payloads[0] == "/map_dialogue"
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
        assert "Kilde:" in message["text"] and "Evidens: " in message["text"]
        payloads = [b["payload"] for b in message["buttons"]]
        assert payloads[0].startswith("/choose_intervention") and payloads[1].startswith(
            "/read_more"
        )


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
    lines = messages[0]["text"].splitlines()
    assert len(lines) == 4  # what it does, what it is not, how to start, what it stores
    assert "'mine data'" in lines[3] and "'slet mine data'" in lines[3]
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


def test_context_form_understands_buttons_typing_and_skips(loaded_db):
    from actions.context import ValidateContextForm

    form = ValidateContextForm()
    dispatcher = CollectingDispatcher()
    t = tracker("x", "x")
    assert asyncio.run(form.validate_ctx_size("vi er 8", dispatcher, t, {})) == {"ctx_size": "1-9"}
    assert asyncio.run(form.validate_ctx_outside_help("BFA og revisor", dispatcher, t, {})) == {
        "ctx_outside_help": ["bfa", "revisor"]
    }
    assert asyncio.run(form.validate_ctx_time("Spring over", dispatcher, t, {})) == {
        "ctx_time": "ukendt"
    }
    assert dispatcher.messages == []
    assert asyncio.run(form.validate_ctx_industry("fiskekutter", dispatcher, t, {})) == {
        "ctx_industry": None
    }
    assert "Vælg en af: Byggeri" in dispatcher.messages[0]["text"]


def test_saved_context_shapes_the_suggestions(loaded_db):
    from actions.context import ActionSaveContext
    from bot.coach import service

    service.create_team("rest:test", "Kontoret")
    slots = {"ctx_size": "10-49", "ctx_industry": "it", "ctx_amr": "ja", "ctx_time": "over_2"}
    messages, events = run(ActionSaveContext(), tracker("Meget", "x", slots=slots))
    assert messages[0]["text"].startswith(
        "Tak. I er 10-49 ansatte i it og kontor med arbejdsmiljørepræsentant."
    )
    assert slot(events, "ctx_size") is None
    messages, _ = run(
        ActionSuggestInterventions(),
        tracker(
            "vi har for travlt",
            "ask_intervention",
            [{"entity": "theme", "value": "arbejdsmaengde"}],
        ),
    )
    assert "og det har jeg taget højde for" in messages[0]["text"]
    assert "Den er lavet til it og kontor, hvor I er." in messages[1]["text"]


def test_context_without_a_team_asks_for_one(loaded_db):
    from actions.context import ActionSaveContext

    messages, _ = run(ActionSaveContext(), tracker("x", "x", slots={"ctx_size": "1-9"}))
    assert "Opret et team" in [b["title"] for b in messages[0]["buttons"]]


def test_choose_fit_and_plan_end_in_a_saved_action(loaded_db):
    from actions.followup import ActionScheduleFollowup
    from actions.plan import (
        ActionChooseIntervention,
        ActionFitResult,
        ActionSavePlanAction,
        ValidatePlanForm,
    )
    from bot.coach import service

    service.create_team("rest:test", "Lageret")
    messages, events = run(
        ActionChooseIntervention(),
        tracker(
            "/choose_intervention", "choose_intervention", slots={"kb_id": "korte_eksperimenter"}
        ),
    )
    assert messages[0]["text"].startswith("I har valgt: Korte, fokuserede eksperimenter.")
    assert slot(events, "chosen_kb") == "korte_eksperimenter"

    fit_slots = {"chosen_kb": "korte_eksperimenter", "fit_culture": "ja", "fit_core_task": "ja",
                 "fit_timing": "ja", "fit_capacity": "delvist"}  # fmt: skip
    messages, _ = run(ActionFitResult(), tracker("Delvist", "x", slots=fit_slots))
    assert "love mere, end I kan holde" in messages[0]["text"]
    assert messages[-1]["buttons"][0]["payload"] == '/make_plan{"plan_mode":"forsøg"}'

    form, dispatcher, t = ValidatePlanForm(), CollectingDispatcher(), tracker("x", "x")
    deadline = asyncio.run(form.validate_plan_deadline("om to uger", dispatcher, t, {}))
    assert deadline["plan_deadline"] is not None
    assert asyncio.run(form.validate_plan_deadline("snart", dispatcher, t, {})) == {
        "plan_deadline": None
    }
    assert "dato" in dispatcher.messages[-1]["text"]
    involvement = asyncio.run(
        form.validate_plan_involvement("Vi finder løsninger sammen", dispatcher, t, {})
    )
    assert involvement == {"plan_involvement": "faelles_loesninger"}

    plan_slots = {
        "chosen_kb": "korte_eksperimenter", "plan_mode": "forsøg",
        "plan_what": "Fast frokostpause kl. 12 i fire uger", "plan_owner": "lagerformanden",
        "plan_deadline": "2027-01-15", "plan_success": "Alle har holdt pause hver dag",
        "plan_involvement": "faelles_loesninger", "plan_circumstances": "Travlhed i januar",
    }  # fmt: skip
    messages, events = run(ActionSavePlanAction(), tracker("x", "x", slots=plan_slots))
    assert messages[0]["text"].startswith(
        "Gemt: Fast frokostpause kl. 12 i fire uger, lagerformanden, 15. januar 2027.\n"
        "Hvornår følger vi op på planen? Jeg foreslår om to uger."
    )
    offered = [b["payload"] for b in messages[0]["buttons"]]
    assert offered[:3] == [f'/schedule_followup{{"days":"{d}"}}' for d in (14, 7, 28)]
    assert slot(events, "plan_what") is None
    messages, _ = run(ActionScheduleFollowup(), tracker('/schedule_followup{"days":"7"}',
        "schedule_followup", entities=[{"entity": "days", "value": "7"}]))  # fmt: skip
    assert messages[0]["text"].startswith("Aftalt: jeg vender tilbage ")
    text = service.plan_text("rest:test")
    assert "1. Fast frokostpause kl. 12 i fire uger" in text and "Køres som et kort forsøg." in text


def test_mapping_dialogue_goes_theme_by_theme_and_can_stop(loaded_db):
    from actions.mapping import ActionAskMapRating, ActionMappingDone, ValidateMappingForm
    from bot.coach import service

    service.create_team("rest:test", "Plejen")
    form, dispatcher = ValidateMappingForm(), CollectingDispatcher()
    messages, _ = run(ActionAskMapRating(), tracker("/map_dialogue", "map_dialogue"))
    assert messages[0]["text"].startswith("Tema 1 af 9: Arbejdsmængde og tidspres.")
    assert [b["title"] for b in messages[0]["buttons"]][-2:] == [
        "Spring over",
        "Stop kortlægningen",
    ]

    t = tracker("Meget", "x", slots={"map_index": 0})
    assert asyncio.run(form.validate_map_rating("Meget", dispatcher, t, {})) == {
        "map_rating": "meget"
    }
    t = tracker("x", "x", slots={"map_index": 0, "map_rating": "meget"})
    assert asyncio.run(form.required_slots([], dispatcher, t, {})) == ["map_rating", "map_words"]
    done = asyncio.run(form.validate_map_words("for få hænder om morgenen", dispatcher, t, {}))
    assert done == {"map_rating": None, "map_words": None, "map_index": 1.0}
    t = tracker("x", "x", slots={"map_index": 1})
    skip = asyncio.run(form.validate_map_rating("Spring over", dispatcher, t, {}))
    assert skip == {"map_rating": None, "map_index": 2.0}
    stop = asyncio.run(form.validate_map_rating("stop", dispatcher, t, {}))
    assert stop["map_index"] == 9.0
    t = tracker("x", "x", slots={"map_index": 9})
    assert asyncio.run(form.required_slots([], dispatcher, t, {})) == []

    messages, events = run(ActionMappingDone(), tracker("stop", "x"))
    assert "1. Arbejdsmængde og tidspres: for få hænder om morgenen" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == '/ask_intervention{"theme":"arbejdsmaengde"}'
    assert slot(events, "map_index") is None


def test_pulse_is_answered_alone_and_shown_only_as_aggregates(loaded_db):
    from actions.pulse import ActionClosePulse, ActionStartPulse, ValidatePulseForm
    from bot.coach import service

    _, code = service.create_team("rest:leder", "Butikken")
    leader = tracker("anonym puls", "start_pulse")
    leader.sender_id = "leder"
    messages, _ = run(ActionStartPulse(), leader)
    assert "mindst tre" in messages[0]["text"] and "Indtil nu har 0 svaret" in messages[0]["text"]

    form = ValidatePulseForm()
    for person, score in (("a", "1"), ("b", "2"), ("c", "2")):
        service.join_team(f"rest:{person}", code)
        t = tracker(score, "x")
        t.sender_id = person
        dispatcher = CollectingDispatcher()
        result = asyncio.run(form.validate_pulse_arbejdsmaengde(score, dispatcher, t, {}))
        assert result == {"pulse_arbejdsmaengde": "besvaret"}
    bad = asyncio.run(form.validate_pulse_ledelse("seks", dispatcher, t, {}))
    assert bad == {"pulse_ledelse": None} and "1 til 5" in dispatcher.messages[-1]["text"]

    messages, _ = run(ActionClosePulse(), leader)
    text = messages[0]["text"]
    assert "Resultat af pulsmålingen (3 svar" in text
    assert "- Arbejdsmængde og tidspres: 1.7 (spredning 0.5)" in text
    assert messages[0]["buttons"][0]["payload"] == '/ask_intervention{"theme":"arbejdsmaengde"}'
    assert service.problem_list("rest:leder") == [("arbejdsmaengde", "")]


def test_pulse_with_too_few_answers_shows_nothing(loaded_db):
    from actions.pulse import ActionClosePulse, ActionStartPulse
    from bot.coach import service

    service.create_team("rest:test", "Butikken")
    run(ActionStartPulse(), tracker("puls", "start_pulse"))
    service.answer_pulse("rest:test", "ledelse", 1)
    messages, _ = run(ActionClosePulse(), tracker("luk", "close_pulse"))
    assert "Målingen er lukket med 1 svar" in messages[0]["text"]
    assert "1" not in messages[0]["text"].split("svar.")[1]
    assert service.problem_list("rest:test") == []


def test_other_suggestions_and_why(loaded_db):
    from actions.journey import ActionExplainWhy

    entities = [{"entity": "theme", "value": "konflikter"}]
    first, events = run(
        ActionSuggestInterventions(), tracker("forslag", "ask_intervention", entities)
    )
    shown = slot(events, "shown_kb")
    assert len(shown) == 3
    more, events = run(
        ActionSuggestInterventions(),
        tracker(
            "andre forslag", "ask_intervention", slots={"theme": "konflikter", "shown_kb": shown}
        ),  # fmt: skip
    )
    titles = [m["text"].split("\n")[0] for m in more[1:]]
    assert titles and not set(titles) & {m["text"].split("\n")[0] for m in first[1:]}

    messages, _ = run(ActionExplainWhy(), tracker("hvorfor?", "why", slots={"kb_id": shown[0]}))
    assert "Evidensen:" in messages[0]["text"] and "Kilder" in messages[0]["text"]
    messages, _ = run(ActionExplainWhy(), tracker("hvorfor?", "why"))
    assert "Hvad skal jeg begrunde" in messages[0]["text"]


def test_question_typed_in_a_form_is_answered_and_the_question_asked_again(loaded_db):
    from actions.context import ValidateContextForm

    dispatcher = CollectingDispatcher()
    t = tracker("hvad er en APV?", "ask_knowledge")
    result = asyncio.run(
        ValidateContextForm().validate_ctx_size("hvad er en APV?", dispatcher, t, {})
    )
    assert result == {"ctx_size": None}
    assert dispatcher.messages[0]["text"].startswith("APV")
    assert "Kilde:" in dispatcher.messages[0]["text"]


def test_continue_and_go_back_follow_the_team_step(loaded_db):
    from actions.journey import ActionContinue, ActionGoBack
    from bot.coach import service

    messages, _ = run(ActionContinue(), tracker("fortsæt", "continue"))
    assert messages[0]["text"] == "Hvad vil I gerne videre med?"
    service.create_team("rest:test", "Holdet")
    service.record_problem("rest:test", "samarbejde", "ingen overlevering")
    messages, _ = run(ActionContinue(), tracker("fortsæt", "continue"))
    assert messages[0]["text"] == "I er nået til kortlægning. Skal vi fortsætte dér?"
    assert messages[0]["buttons"][0]["payload"] == "/map_dialogue"
    messages, _ = run(ActionGoBack(), tracker("gå tilbage", "go_back"))
    assert messages[0]["text"] == "Godt, vi går tilbage til start og rammer."
    assert messages[0]["buttons"][0]["payload"] == "/give_context"


def test_every_domain_action_is_served_by_the_action_server():
    import yaml
    from rasa_sdk.executor import ActionExecutor

    from bot.config import PROJECT_DIR

    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
    custom = [a for a in domain["actions"] if not a.startswith("utter_")]
    assert [a for a in custom if a not in executor.actions] == []
    for form in domain["forms"]:
        assert f"validate_{form}" in executor.actions
