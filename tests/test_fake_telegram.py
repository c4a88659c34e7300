"""The fake Telegram server, checked with the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
import urllib.error
import urllib.request

import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, InvalidToken, NetworkError, RetryAfter

from tests.fake_telegram import FakeTelegram, callback_update, message_update


@pytest.fixture()
def tg():
    with FakeTelegram() as server:
        yield server


def run(tg: FakeTelegram, steps, token: str | None = None):
    """Run `steps(bot)` with a PTB Bot pointed at the fake server."""

    async def main():
        bot = telegram.Bot(token or tg.token, base_url=f"{tg.url}/bot")
        async with bot:
            return await steps(bot)

    return asyncio.run(main())


def seconds(value) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else value


def test_get_me_and_send_message_with_keyboard(tg):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="svar:ja")]])

    async def steps(bot):
        me = await bot.get_me()
        first = await bot.send_message(42, "Hej 👋", reply_markup=keyboard)
        second = await bot.send_message(-100, "Til gruppen")
        return me, first, second

    me, first, second = run(tg, steps)
    assert me.username == "trivsel_test_bot" and me.is_bot
    assert first.text == "Hej 👋" and first.chat.id == 42 and first.chat.type == "private"
    assert first.reply_markup.inline_keyboard[0][0].callback_data == "svar:ja"
    assert second.message_id > first.message_id and second.chat.type == "group"
    [sent] = tg.sent("sendMessage", chat_id=42)
    assert sent["text"] == "Hej 👋"
    assert sent["reply_markup"] == {
        "inline_keyboard": [[{"text": "Ja", "callback_data": "svar:ja"}]]
    }
    assert len(tg.sent()) == 2
    assert tg.wait_for("getme", timeout=1)[0].method.lower() == "getme"


def test_wrong_token_is_rejected(tg):
    with pytest.raises((InvalidToken, Forbidden)):
        run(tg, lambda bot: bot.get_me(), token="999:WRONG")
    assert tg.calls == []


def post_json(tg: FakeTelegram, method: str, params: dict) -> dict:
    request = urllib.request.Request(
        f"{tg.url}/bot{tg.token}/{method}",
        data=json.dumps(params).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_json_bodies_case_insensitive_methods_and_404(tg):
    markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})
    reply = post_json(tg, "SENDMESSAGE", {"chat_id": 5, "text": "{x}", "reply_markup": markup})
    assert reply["ok"] and reply["result"]["reply_markup"] == json.loads(markup)
    assert tg.sent(chat_id="5") == [
        {"chat_id": 5, "text": "{x}", "reply_markup": json.loads(markup)}
    ]
    for _ in range(3):
        tg.push_update(message_update(5, "hej"))
    assert len(post_json(tg, "getUpdates", {"limit": 2})["result"]) == 2
    with pytest.raises(urllib.error.HTTPError) as err:
        post_json(tg, "noSuchMethod", {})
    assert err.value.code == 404
    assert json.loads(err.value.read())["description"] == "Not Found: method not found"


def test_retry_after_then_success(tg):
    tg.fail_next("sendMessage", retry_after=1)

    async def steps(bot):
        with pytest.raises(RetryAfter) as err:
            await bot.send_message(7, "første")
        assert seconds(err.value.retry_after) == 1
        return await bot.send_message(7, "anden")

    assert run(tg, steps).text == "anden"
    assert [p["text"] for p in tg.sent(chat_id=7)] == ["anden"]
    assert [c.failed for c in tg.calls if c.method == "sendMessage"] == [True, False]


def test_bad_gateway_several_times(tg):
    tg.fail_next("sendChatAction", status=502, times=2)

    async def steps(bot):
        for _ in range(2):
            with pytest.raises(NetworkError):
                await bot.send_chat_action(7, "typing")
        return await bot.send_chat_action(7, "typing")

    assert run(tg, steps) is True
    assert len(tg.sent("sendChatAction")) == 1
    assert len(tg.wait_for("sendChatAction", count=3, include_failed=True)) == 3


def test_get_updates_long_poll_and_offset(tg):
    first = tg.push_update(message_update(42, "/start", first_name="Mette"))
    later = message_update(42, "hej igen")
    timer = threading.Timer(0.5, tg.push_update, [later])

    async def steps(bot):
        [update] = await bot.get_updates(timeout=5)
        assert update.message.text == "/start" and update.message.from_user.first_name == "Mette"
        assert update.message.entities[0].type == "bot_command"
        same = await bot.get_updates(timeout=0)  # not confirmed yet: served again
        assert [u.update_id for u in same] == [first["update_id"]]
        timer.start()
        started = time.monotonic()
        [update] = await bot.get_updates(offset=first["update_id"] + 1, timeout=10)
        waited = time.monotonic() - started
        assert update.update_id == later["update_id"] and 0.3 < waited < 5
        assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
        started = time.monotonic()
        assert await bot.get_updates(timeout=1) == ()
        assert time.monotonic() - started >= 0.9

    run(tg, steps)
    assert later["update_id"] > first["update_id"]


def test_callback_query_and_edit(tg):
    tg.push_update(callback_update(42, "svar:ja", message_id=5))

    async def steps(bot):
        [update] = await bot.get_updates()
        query = update.callback_query
        assert query.data == "svar:ja" and query.message.message_id == 5
        assert query.message.chat.id == 42
        assert await bot.answer_callback_query(query.id, text="Tak")
        edited = await bot.edit_message_reply_markup(42, 5, reply_markup=None)
        return query, edited

    query, edited = run(tg, steps)
    [answer] = tg.sent("answerCallbackQuery")
    assert answer == {"callback_query_id": query.id, "text": "Tak"}
    assert edited.message_id == 5
    assert tg.sent("editMessageReplyMarkup")[0]["message_id"] == 5


def test_send_photo_bytes_and_url(tg):
    data = bytes(range(256)) * 4 + b"\r\n--\r\n\n"

    async def steps(bot):
        message = await bot.send_photo(42, data, caption="Plakat", filename="plakat.png")
        await bot.send_photo(42, "https://example.org/p.png")
        return message

    message = run(tg, steps)
    assert message.caption == "Plakat" and message.photo
    uploaded, by_url = tg.sent("sendPhoto", chat_id=42)
    assert uploaded["photo"]["data"] == data and uploaded["photo"]["filename"] == "plakat.png"
    assert uploaded["caption"] == "Plakat"
    assert by_url["photo"] == "https://example.org/p.png"


def test_webhook_methods_and_wait_for_timeout(tg):
    async def steps(bot):
        assert await bot.set_webhook("https://example.org/hook")
        assert (await bot.get_webhook_info()).url == "https://example.org/hook"
        assert await bot.delete_webhook(drop_pending_updates=True)
        assert await bot.set_my_commands([("start", "Kom i gang")])

    tg.push_update(message_update(1, "gammel"))
    run(tg, steps)
    assert tg.sent("setMyCommands")[0]["commands"] == [
        {"command": "start", "description": "Kom i gang"}
    ]
    with pytest.raises(AssertionError, match="setMyCommands"):
        tg.wait_for("sendMessage", timeout=0.2)
    assert run(tg, lambda bot: bot.get_updates()) == ()
