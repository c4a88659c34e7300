"""Telegram end to end: the real assistant and the real python-telegram-bot code against a
Bot-API-compatible server on 127.0.0.1 (tests/fake_telegram.py) in place of Telegram."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from bot.config import PROJECT_DIR, api_token
from tests.fake_telegram import FakeTelegram, callback_update, message_update
from tests.servers import start_assistant, telegram_settings

pytestmark = pytest.mark.servers
SECRET = "hemmelig-test-token"


@pytest.fixture(scope="module")
def telegram():
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, telegram):
    # Webhook mode: the tests post updates as Telegram would; no poller runs beside it.
    running = start_assistant(
        tmp_path_factory.mktemp("telegram"),
        **telegram_settings(telegram, SECRET),
    )
    yield running
    running.stop()


def post(assistant, update: dict, secret: str | None = SECRET) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"{assistant.settings.rasa_url}/webhooks/telegram/webhook",
        data=json.dumps(update).encode(),
        headers=headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def replies(telegram: FakeTelegram, chat_id: int) -> list[dict]:
    return telegram.sent("sendMessage", chat_id=chat_id)


def say(assistant, telegram, chat_id: int, text: str, outcome="handled", **kw) -> list[dict]:
    """Send a message as the person in chat_id; return the replies it caused."""
    before = len(replies(telegram, chat_id))
    status, body = post(assistant, message_update(chat_id, text, **kw))
    assert (status, body["outcome"]) == (200, outcome)
    return replies(telegram, chat_id)[before:]


def press(assistant, telegram, chat_id: int, data: str, **kw) -> list[dict]:
    before = len(replies(telegram, chat_id))
    status, body = post(assistant, callback_update(chat_id, data, **kw))
    assert (status, body["outcome"]) == (200, "handled")
    return replies(telegram, chat_id)[before:]


def buttons(message: dict) -> list[dict]:
    return [
        b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
    ]


def button(messages: list[dict], title: str) -> dict:
    found = [b for m in messages for b in buttons(m) if b["text"] == title]
    assert found, f"ingen knap {title!r} i {[b['text'] for m in messages for b in buttons(m)]}"
    return found[-1]


def text(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)


def test_webhook_checks_the_secret_header(assistant, telegram):
    for secret in ("forkert", "", None):
        status, _ = post(assistant, message_update(501, "/start"), secret=secret)
        assert status == 403
    assert replies(telegram, 501) == []
    assert post(assistant, message_update(501, "/start"))[0] == 200
    assert "Jeg er Trivselscoach" in text(replies(telegram, 501))


def test_private_chat_with_buttons_callbacks_and_long_payloads(assistant, telegram):
    greeting = say(assistant, telegram, 502, "/start")
    assert "Jeg er Trivselscoach" in text(greeting)
    every_button = [b for m in greeting for b in buttons(m)]
    assert all(len(b["callback_data"].encode()) <= 64 for b in every_button)

    asked = press(assistant, telegram, 502, button(greeting, "Opret et team")["callback_data"])
    assert "hedde" in text(asked)
    answered = [c for c in telegram.calls if c.method == "answerCallbackQuery"]
    assert answered, "knaptrykket blev ikke besvaret"
    assert "er oprettet" in text(say(assistant, telegram, 502, "Værkstedet"))
    say(assistant, telegram, 502, "vi har alt for travlt op til jul")
    offered = say(assistant, telegram, 502, "ja")
    assert all(len(b["callback_data"].encode()) <= 64 for m in offered for b in buttons(m))
    assert "Værkstedet" in text(say(assistant, telegram, 502, "/status"))
    assert "ingen handlinger" in text(say(assistant, telegram, 502, "/plan"))
    choose = button(offered, "Vælg")["callback_data"]
    assert "fire korte spørgsmål" in text(press(assistant, telegram, 502, choose))
    assert "kommando kender jeg ikke" in text(
        say(assistant, telegram, 502, "/ukendt", "unknown command")
    )


def test_same_update_twice_is_handled_once(assistant, telegram):
    update = message_update(503, "/start")
    assert post(assistant, update)[1]["outcome"] == "handled"
    assert post(assistant, update) == (200, {"ok": True, "outcome": "duplicate"})
    assert len(replies(telegram, 503)) == 1


def test_retry_after_and_network_errors_deliver_once(assistant, telegram):
    telegram.fail_next("sendMessage", retry_after=1)
    assert len(say(assistant, telegram, 504, "/start")) == 1
    telegram.fail_next("sendMessage", status=502, times=2)
    assert len(say(assistant, telegram, 505, "/start")) == 1
    failed = [c for c in telegram.calls if c.failed and c.params.get("chat_id") in (504, 505)]
    assert len(failed) == 3


def test_error_inside_the_handler_is_logged_and_answered_200(assistant, telegram):
    telegram.fail_next("sendMessage", status=400)  # Telegram refuses the reply: no retry
    status, body = post(assistant, message_update(506, "/start"))
    assert (status, body["outcome"]) == (200, "error")
    assert post(assistant, {"not": "an update"})[0] == 200


def test_group_is_the_team_and_pulse_answers_are_private(assistant, telegram):
    group = -1001
    assert "Jeg er Trivselscoach" in text(
        say(assistant, telegram, group, "/start@trivsel_test_bot")
    )
    assert say(assistant, telegram, group, "/start@en_anden_bot") == []
    press(assistant, telegram, group, "/create_team", user_id=601)
    created = text(say(assistant, telegram, group, "Lageret", user_id=601))
    code = re.search(r"Jeres kode er ([a-z]+-[a-z]+-[a-z]+-\d\d)\.", created).group(1)

    opened = press(assistant, telegram, group, "/start_pulse", user_id=601)
    link = button(opened, "Svar privat")["url"]
    assert link == f"https://t.me/trivsel_test_bot?start=puls-{code}"
    asked_in_group = press(assistant, telegram, group, "/answer_pulse", user_id=602)
    assert "privat chat" in text(asked_in_group)
    assert not any(b.get("callback_data") in {"1", "5"} for m in asked_in_group for b in buttons(m))

    private = say(assistant, telegram, 602, f"/start puls-{code}")
    assert "Velkommen i Lageret" in text(private)
    assert "1 af" in text(private) and "1 = næsten aldrig" in text(private)
    assert button(private, "3")["callback_data"] == "3"
    assert "2 af" in text(press(assistant, telegram, 602, "3"))


def test_in_a_group_only_the_owner_deletes_the_team(assistant, telegram):
    """Issue 11: the group is the conversation, but rights follow the person (from.id). A
    participant can neither ask for the deletion nor confirm the owner's question."""
    group = -1002
    press(assistant, telegram, group, "/create_team", user_id=701)
    assert "er oprettet" in text(say(assistant, telegram, group, "Montagen", user_id=701))

    asked = text(press(assistant, telegram, group, "/delete_team", user_id=702))
    assert "Kun den, der ejer teamet" in asked and "Ja, slet teamet" not in asked
    question = press(assistant, telegram, group, "/delete_team", user_id=701)
    confirm = button(question, "Ja, slet teamet")["callback_data"]
    forged = text(press(assistant, telegram, group, confirm, user_id=702))
    assert "er slettet" not in forged
    assert "Montagen" in text(say(assistant, telegram, group, "hvor er vi?", user_id=702))
    again = press(assistant, telegram, group, "/delete_team", user_id=701)
    confirm = button(again, "Ja, slet teamet")["callback_data"]
    assert "er slettet" in text(press(assistant, telegram, group, confirm, user_id=701))


def test_long_messages_are_split_and_long_payloads_keyed(assistant, telegram, monkeypatch):
    import asyncio

    from bot.channels.telegram import TelegramOutput, make_bot

    monkeypatch.setenv("TRIVSEL_DB_URL", assistant.settings.db_url)  # where keys are kept

    paragraph = "Dette er en sætning om arbejdsmiljø i en lille virksomhed. " * 20
    long_text = "\n\n".join([paragraph.strip()] * 8)  # about 9,500 characters
    out = TelegramOutput(make_bot(telegram.token, telegram.url))
    buttons_ = [{"title": "Videre", "payload": "/continue"}]
    asyncio.run(out.send_response("507", {"text": long_text, "buttons": buttons_}))
    parts = replies(telegram, 507)
    assert len(parts) == 3 and all(len(p["text"]) <= 4096 for p in parts)
    assert " ".join(p["text"] for p in parts).split() == long_text.split()
    assert all(p["text"].endswith(".") for p in parts)  # cut between sentences
    assert [bool(p.get("reply_markup")) for p in parts] == [False, False, True]

    long_payload = '/choose_intervention{"kb_id":"teknologi_tabel_udfordrede_miljoeer"}'
    assert len(long_payload.encode()) > 64
    out = TelegramOutput(make_bot(telegram.token, telegram.url))  # a bot per event loop
    asyncio.run(out.send_response("507", {"text": "Vælg", "buttons": [
        {"title": "Vælg", "payload": long_payload}]}))  # fmt: skip
    key = button(replies(telegram, 507), "Vælg")["callback_data"]
    assert key.startswith("k:") and len(key.encode()) <= 64
    chosen = press(assistant, telegram, 507, key)
    assert "I har valgt: Digitale virkemidler i særligt udfordrede" in text(chosen)


def test_polling_hands_updates_to_the_same_handler(assistant, telegram):
    env = dict(
        os.environ,
        TELEGRAM_TOKEN=telegram.token,
        TELEGRAM_SECRET_TOKEN=SECRET,
        TELEGRAM_API_URL=telegram.url,
        TRIVSEL_DATA_DIR=str(assistant.settings.data_dir),
        TRIVSEL_DB_URL=assistant.settings.db_url,
        RASA_PORT=str(assistant.settings.rasa_port),
    )
    poller = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "telegram"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        telegram.push_update(message_update(508, "/start"))
        telegram.wait_for("sendMessage", chat_id=508, timeout=90)
        assert "Jeg er Trivselscoach" in text(replies(telegram, 508))
        telegram.wait_for("setMyCommands")
        assert [c for c in telegram.calls if c.method == "deleteWebhook"]
    finally:
        poller.terminate()
        poller.wait(30)


def test_outbound_message_from_the_api_with_a_token_only(assistant, telegram):
    """What the scheduler does: trigger an intent in a chat with our output channel."""
    say(assistant, telegram, 509, "/start")
    base = f"{assistant.settings.rasa_url}/conversations/509/trigger_intent?output_channel=telegram"
    body = json.dumps({"name": "status"}).encode()
    headers = {"Content-Type": "application/json"}
    for url in (base, base + "&token=forkert"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=60)
        assert refused.value.code == 401
    before = len(replies(telegram, 509))
    url = f"{base}&token={api_token(assistant.settings)}"
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=60) as ok:
        assert ok.status == 200
    pushed = replies(telegram, 509)[before:]
    assert "I har ikke et team hos mig endnu." in text(pushed)


def test_the_plan_export_is_sent_as_a_pdf_document(assistant, telegram):
    say(assistant, telegram, 510, "/start")
    press(assistant, telegram, 510, "/create_team")
    assert "er oprettet" in text(say(assistant, telegram, 510, "Smedjen"))
    offered = press(assistant, telegram, 510, "/export_plan")
    assert "handlingsplan" in text(offered)
    (sent,) = telegram.sent("sendDocument", chat_id=510)
    document = sent["document"]
    assert document["filename"].startswith("handlingsplan-smedjen-")
    assert document["filename"].endswith(".pdf") and document["data"].startswith(b"%PDF-")
