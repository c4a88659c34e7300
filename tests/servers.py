"""Start the real assistant (action server + Rasa server) for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

from bot.cli import load_knowledge
from bot.config import PROJECT_DIR, load_settings, rest_token
from bot.servers import Assistant


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_assistant(data_dir: Path, env: dict[str, str] | None = None, **overrides) -> Assistant:
    """A fresh installation in data_dir on free ports, with the knowledge base loaded.

    `overrides` replace settings (e.g. telegram_token=...); `env` is added to the processes'
    environment (e.g. TRIVSEL_SCHEDULER_INTERVAL)."""
    settings = replace(
        load_settings(),
        data_dir=data_dir,
        db_url=f"sqlite:///{data_dir / 'app.db'}",
        host="127.0.0.1",
        rasa_port=free_port(),
        action_port=(action_port := free_port()),
        action_url=f"http://127.0.0.1:{action_port}/webhook",
        telegram_token="",
        telegram_webhook_url="",
        rest_channel=True,  # the tests talk to the coach over the token-protected REST channel
        # Journeys with colleagues test other things than the owner's approval; the tests of
        # approval and anonymity turn it back on (member_approval=True), as it is by default.
        member_approval=False,
    )
    settings = replace(settings, **overrides)
    load_knowledge(settings)
    assistant = Assistant(settings, log_dir=data_dir / "logs", extra_env=dict(env or {}))
    assistant.start(timeout=240)
    return assistant


class RunningCli:
    """`trivselscoach run` (what `make run` starts) as a child process on free ports."""

    def __init__(
        self,
        data_dir: Path,
        rest_channel: bool = True,
        command: list[str] | None = None,
        cwd: Path = PROJECT_DIR,
        env: dict[str, str] | None = None,
    ):
        """`command` replaces `python -m bot.cli run` (e.g. an installed `trivselscoach run`),
        started in `cwd`; `env` is added to its environment (a name set to None is taken out)."""
        self.data_dir = data_dir
        self.rasa_port, self.action_port = free_port(), free_port()
        self.rasa_url = f"http://127.0.0.1:{self.rasa_port}"
        extra = env
        env = dict(
            os.environ,
            TRIVSEL_DATA_DIR=str(data_dir),
            TRIVSEL_DB_URL=f"sqlite:///{data_dir / 'app.db'}",
            RASA_PORT=str(self.rasa_port),
            ACTION_PORT=str(self.action_port),
            TRIVSEL_REST_CHANNEL="1" if rest_channel else "0",
            PYTHONUNBUFFERED="1",
        )
        for name in ("ACTION_ENDPOINT_URL", "TRIVSEL_REST_TOKEN", "RASA_TOKEN"):
            env.pop(name, None)
        for name, value in (extra or {}).items():
            if value is None:  # not set at all
                env.pop(name, None)
            else:
                env[name] = value
        self.output: list[str] = []
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "bot.cli", "run"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 300
        for line in self.process.stdout:
            self.output.append(line)
            if "Stop med Ctrl-C." in line or time.monotonic() > deadline:
                break
        if not any("Stop med Ctrl-C." in line for line in self.output):
            self.process.kill()
            raise RuntimeError("trivselscoach run startede ikke:\n" + "".join(self.output))

    def interrupt(self, timeout: float = 60) -> int:
        """Press Ctrl-C: SIGINT to the CLI, which stops both servers."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout)
        self.output.extend(self.process.stdout.readlines())
        return code


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def rest_url(assistant) -> str:
    base = assistant.rasa_url if isinstance(assistant, RunningCli) else assistant.settings.rasa_url
    return f"{base}/webhooks/rest/webhook"


def rest_headers(assistant) -> dict[str, str]:
    """What the REST channel wants besides the JSON body: the installation's bearer token."""
    if isinstance(assistant, RunningCli):
        token = (assistant.data_dir / "rest_token").read_text().strip()
    else:
        token = rest_token(assistant.settings)
    return {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}


def rest(assistant, sender: str, message: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(
        rest_url(assistant), data=body, headers=rest_headers(assistant)
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def telegram_settings(fake, secret: str) -> dict:
    """Settings for the Telegram channel in webhook mode against a local Bot API server
    (tests/fake_telegram.py): the tests post the updates themselves, no poller runs."""
    return {
        "telegram_token": fake.token,
        "telegram_secret_token": secret,
        "telegram_api_url": fake.url,
        "telegram_webhook_url": "https://trivsel.example/webhooks/telegram/webhook",
    }
