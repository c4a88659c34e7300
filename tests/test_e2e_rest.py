"""End to end: both real servers, the trained model, talked to over the REST channel."""

from __future__ import annotations

import pytest

from tests.servers import RunningCli, port_open, rest, texts

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    """What `make run` starts; stopped at the end with Ctrl-C, as a person would."""
    running = RunningCli(tmp_path_factory.mktemp("e2e"))
    yield running
    if running.process.poll() is None:
        running.interrupt()


def test_run_prints_where_to_talk_to_it(assistant):
    printed = "".join(assistant.output)
    assert f"{assistant.rasa_url}/webhooks/rest/webhook" in printed
    assert "Stop med Ctrl-C." in printed


def test_the_knowledge_index_is_built_before_the_action_server_serves(assistant):
    """Built on first use, it held up every action of the server for seconds when the first
    question came (9 s at 20 conversations at once, by make bench)."""
    log = (assistant.data_dir / "logs" / "actions.log").read_text(encoding="utf-8")
    assert "Vidensbasen er indlæst:" in log


def test_greeting_explains_the_coach_and_what_it_stores_in_four_lines(assistant):
    replies = rest(assistant, "e2e-hej", "hej")
    assert len(replies) == 1
    text = replies[0]["text"]
    assert len(text.splitlines()) == 4
    assert "ikke terapi" in text and "kortlægning" in text
    assert "Jeg spørger ikke om navne" in text
    assert "/start_mapping" in [b["payload"] for b in replies[0]["buttons"]]


def test_knowledge_question_answered_with_source_and_read_more(assistant):
    replies = rest(assistant, "e2e-viden", "Hvad er en vidensbrobygger?")
    assert "vidensbrobygger" in replies[0]["text"].lower()
    assert "Kilde: NECTO-rapporten (2025), afsnit 5.1" in replies[0]["text"]
    payload = replies[0]["buttons"][0]["payload"]
    assert payload == '/read_more{"kb_id":"vidensbrobyggere"}'
    more = rest(assistant, "e2e-viden", payload)
    assert "Evidens:" in texts(more) and "Gensby" in texts(more)


def test_mapping_problem_and_suggestions(assistant):
    sender = "e2e-kortlaeg"
    replies = rest(assistant, sender, "/start_mapping")
    assert len(replies[0]["buttons"]) == 12  # three ways to map and the nine themes
    replies = rest(assistant, sender, "vi har alt for travlt og alt for mange opgaver")
    assert "arbejdsmængde" in texts(replies)
    replies = rest(assistant, sender, "ja tak")
    assert texts(replies).startswith("Her er")
    assert "Kilde:" in texts(replies)
    replies = rest(assistant, sender, "hvor er vi?")
    assert "arbejdsmængde og tidspres" in texts(replies)


def test_crisis_message_gets_emergency_numbers(assistant):
    text = texts(rest(assistant, "e2e-krise", "jeg har tænkt på at tage mit eget liv"))
    assert "112" in text and "70 201 201" in text


def test_harassment_is_routed_not_coached(assistant):
    text = texts(rest(assistant, "e2e-chikane", "min kollega bliver mobbet hver dag"))
    assert "70 12 12 88" in text and "fagforening" in text


def test_out_of_scope_is_declined_politely(assistant):
    text = texts(rest(assistant, "e2e-uden", "hvad bliver vejret i morgen?"))
    assert "desværre ikke hjælpe med" in text or "ikke sikker på, at jeg forstod" in text


def test_ctrl_c_stops_both_servers_cleanly(assistant):
    assert port_open(assistant.rasa_port) and port_open(assistant.action_port)
    assert assistant.interrupt() == 0
    assert "Stopper" in "".join(assistant.output)
    assert not port_open(assistant.rasa_port)
    assert not port_open(assistant.action_port)
