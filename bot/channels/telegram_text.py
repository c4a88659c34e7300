"""Telegram's rules for our messages: length limit, commands, button layout. Plain Python."""

from __future__ import annotations

import re

MAX_MESSAGE = 4096
MAX_CALLBACK_BYTES = 64

# Our commands (Telegram allows a-z, 0-9 and _ only, hence no æ, ø, å) and what they mean.
COMMANDS = {
    "start": ("/greet", "Start eller fortsæt samtalen"),
    "hjaelp": ("/help", "Hvad kan coachen?"),
    "status": ("/status", "Hvor er vi?"),
    "plan": ("/show_plan", "Vis handlingsplanen"),
    "opfoelgning": ("/start_checkin", "Følg op på planen"),
    "slet": ("/delete_my_data", "Slet mine data"),
}
DEEP_LINK = re.compile(r"^(join|puls)-([a-z0-9-]{5,60})$")
BREAKS = ("\n\n", "\n", ". ", " ")


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split a long text into parts of at most `limit` characters, at paragraph, line,
    sentence or word boundaries where possible."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = 0
        for mark in BREAKS:
            at = window.rfind(mark)
            if at >= limit // 3:
                cut = at + (1 if mark == ". " else 0)
                break
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def command_messages(text: str, bot_username: str | None) -> list[str] | None:
    """What a command means to the assistant, as messages in order; None if unknown.

    "/status@trivsel_bot" in a group is "/status"; "/start join-<kode>" (a deep link) joins
    the team, and "/start puls-<kode>" joins it and opens the pulse in this private chat.
    """
    head, _, argument = text.strip().partition(" ")
    command, _, addressee = head[1:].partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return []  # meant for another bot in the group
    command = command.lower()
    if command not in COMMANDS:
        return None
    link = DEEP_LINK.match(argument.strip().lower()) if command == "start" else None
    if link:
        kind, code = link.groups()
        join = f'/join_team{{"join_code":"{code}"}}'
        return [join, "/answer_pulse"] if kind == "puls" else [join]
    return [COMMANDS[command][0]]


def button_rows(buttons: list[dict], per_row: int = 2) -> list[list[dict]]:
    """Short titles two to a row, long ones alone, in the order given."""
    width = 1 if any(len(str(b.get("title", ""))) > 22 for b in buttons) else per_row
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def fits_callback(payload: str) -> bool:
    return len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not payload.startswith("k:")
