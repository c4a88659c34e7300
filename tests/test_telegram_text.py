"""Telegram's rules for our messages, without a network."""

from __future__ import annotations

from bot.channels.telegram_text import button_rows, command_messages, fits_callback, split_message


def test_short_text_is_one_part():
    assert split_message("Hej.") == ["Hej."]
    assert split_message("   ") == []


def test_split_prefers_paragraphs_then_lines_then_sentences_then_words():
    text = "a" * 50 + "\n\n" + "b" * 50
    assert split_message(text, limit=80) == ["a" * 50, "b" * 50]
    text = "Første sætning her. Anden sætning her. Tredje sætning her."
    assert split_message(text, limit=45) == [
        "Første sætning her. Anden sætning her.",
        "Tredje sætning her.",
    ]
    words = " ".join(["ord"] * 40)
    parts = split_message(words, limit=30)
    assert all(len(p) <= 30 for p in parts) and " ".join(parts) == words
    assert split_message("x" * 100, limit=40) == ["x" * 40, "x" * 40, "x" * 20]


def test_commands_map_to_intents_and_deep_links_join():
    assert command_messages("/hjaelp", "trivsel_bot") == ["/help"]
    assert command_messages("/status@Trivsel_Bot", "trivsel_bot") == ["/status"]
    assert command_messages("/status@anden_bot", "trivsel_bot") == []
    assert command_messages("/slet", None) == ["/delete_my_data"]
    assert command_messages("/findesikke", "trivsel_bot") is None
    assert command_messages("/start join-sol-hest-mark-42", "b") == [
        '/join_team{"join_code":"sol-hest-mark-42"}'
    ]
    assert command_messages("/start puls-sol-hest-mark-42", "b")[1] == "/answer_pulse"
    assert command_messages('/start join-x"}{', "b") == ["/greet"]  # not a code: plain start


def test_callback_data_and_button_rows():
    assert fits_callback("/help") and fits_callback("3")
    assert not fits_callback("/x" + "y" * 63) and not fits_callback("k:abc")
    assert fits_callback("æ" * 32) and not fits_callback("æ" * 33)  # bytes, not characters
    short = [{"title": "Ja"}, {"title": "Nej"}, {"title": "Delvist"}]
    assert [len(r) for r in button_rows(short)] == [2, 1]
    long = short + [{"title": "Luk målingen og se resultatet"}]
    assert [len(r) for r in button_rows(long)] == [1, 1, 1, 1]
