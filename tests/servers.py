"""Start the real assistant (action server + Rasa server) for end-to-end tests."""

from __future__ import annotations

import json
import socket
import urllib.request
from dataclasses import replace
from pathlib import Path

from bot.cli import load_knowledge
from bot.config import load_settings
from bot.servers import Assistant


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_assistant(data_dir: Path) -> Assistant:
    """A fresh installation in data_dir on free ports, with the knowledge base loaded."""
    settings = replace(
        load_settings(),
        data_dir=data_dir,
        db_url=f"sqlite:///{data_dir / 'app.db'}",
        host="127.0.0.1",
        rasa_port=free_port(),
        action_port=(action_port := free_port()),
        action_url=f"http://127.0.0.1:{action_port}/webhook",
    )
    load_knowledge(settings)
    assistant = Assistant(settings, log_dir=data_dir / "logs")
    assistant.start(timeout=240)
    return assistant


def rest(assistant: Assistant, sender: str, message: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(
        f"{assistant.settings.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)
