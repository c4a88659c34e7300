"""`trivselscoach run` (what `make run` starts) restarts a server that dies, here by kill -9 as
the kernel's OOM killer would: the conversation goes on, with every event kept once and in order,
and what the team made is still there."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot.channels.common import UNAVAILABLE
from tests.servers import RunningCli, rest, texts

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    cli = RunningCli(tmp_path_factory.mktemp("heal"))
    yield cli
    if cli.process.poll() is None:
        cli.interrupt()


def pids(cli) -> dict[str, int]:
    known = json.loads((cli.data_dir / "processes.json").read_text(encoding="utf-8"))
    return {p["name"]: p["pid"] for p in known["processes"]}


def killed(cli, name: str) -> int:
    """kill -9 of one process; its pid once the launcher has started it again."""
    before = pids(cli)[name]
    os.kill(before, signal.SIGKILL)
    return restarted(cli, name, before)


def restarted(cli, name: str, before: int, within: float = 60) -> int:
    """The new pid of the process that had pid `before`, once the launcher has started it."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        now = pids(cli).get(name)
        if now and now != before:
            return now
        time.sleep(0.5)
    raise AssertionError(f"{name} blev ikke startet igen:\n" + "".join(cli.output))


class Person:
    """Writes to the coach over REST and, told "prøv igen om lidt" or met by a closed door,
    tries again; remembers every message the coach received."""

    def __init__(self, cli, sender: str):
        self.cli, self.sender, self.received = cli, sender, []

    def say(self, message: str) -> list[dict]:
        deadline = time.monotonic() + 240
        while True:
            try:
                replies = rest(self.cli, self.sender, message)
                self.received.append(message)
                if texts(replies) != UNAVAILABLE:
                    return replies
            except urllib.error.HTTPError as exc:
                if exc.code == 503 and "unavailable" not in exc.read().decode():
                    self.received.append(message)  # the channel's 503: received, not answered
                else:  # haproxy's: no replica took it, or the one it reached was dying
                    assert exc.code in (502, 503, 504), exc
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass  # the Rasa server is not up yet: the message never arrived
            if time.monotonic() > deadline:
                raise AssertionError(f"intet svar på {message!r} efter genstarten")
            time.sleep(1)


def user_texts(cli, sender: str) -> list[str]:
    token = (cli.data_dir / "rasa_token").read_text().strip()
    url = f"{cli.rasa_url}/conversations/{sender}/tracker?token={token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        events = json.loads(response.read())["events"]
    return [e.get("text") for e in events if e["event"] == "user"]


def test_status_lists_every_process_as_running(running):
    env = dict(os.environ, TRIVSEL_DATA_DIR=str(running.data_dir))
    shown = subprocess.run(
        [sys.executable, "-m", "bot.cli", "status"], env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["actions", "rasa", "scheduler"]
    assert all("kører" in line for line in lines)
    assert f"port {running.action_port}" in lines[0] and f"port {running.rasa_port}" in lines[1]


def test_a_killed_action_server_is_started_again_and_the_team_is_kept(running):
    person = Person(running, "heal-team")
    assert "hedde" in texts(person.say("opret et team"))
    assert "Lageret" in texts(person.say("Lageret"))
    killed(running, "actions")
    replies = person.say("hvor er vi?")
    assert "Lageret" in texts(replies)
    assert user_texts(running, "heal-team") == person.received  # each once, in order
    assert person.received[-1] == "hvor er vi?"


def test_a_message_while_the_action_server_is_down_is_answered_politely(running):
    person = Person(running, "heal-polite")
    person.say("hej")
    os.kill(pids(running)["actions"], signal.SIGKILL)
    replies = rest(running, "heal-polite", "hvor er vi?")  # at once, before it is up again
    assert texts(replies) == UNAVAILABLE  # the status is an action's answer


def test_a_killed_rasa_server_is_started_again_and_the_conversation_goes_on(running):
    person = Person(running, "heal-rasa")
    person.say("hej")
    killed(running, "rasa")
    assert texts(person.say("hjælp"))
    assert user_texts(running, "heal-rasa") == person.received  # each once, in order
    assert person.received[-1] == "hjælp"


def test_a_killed_scheduler_is_started_again(running):
    again = killed(running, "scheduler")
    time.sleep(3)  # it has had time to fail at its start, if it would
    assert pids(running)["scheduler"] == again
    os.kill(again, 0)  # still alive
    assert running.process.poll() is None  # and the launcher with it


def metric(url: str, name: str) -> float:
    """The sum of one metric's samples at a /metrics address."""
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode()
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in body.splitlines()
        if line.startswith(name + "{") or line.startswith(name + " ")
    )


def test_metrics_count_a_turn_and_never_show_its_text(running):
    url = f"{running.rasa_url}/metrics"
    before = metric(url, "trivsel_turns_total")
    rest(running, "heal-metrics", "hej fra hemmeligholdt-lager")
    assert metric(url, "trivsel_turns_total") == before + 1
    assert metric(url, "trivsel_turn_seconds_count") >= 1  # and timed it
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode()
    assert "hemmeligholdt" not in body and "heal-metrics" not in body
    actions = f"http://127.0.0.1:{running.action_port}/metrics"  # no token needed: counts only
    assert metric(actions, "trivsel_action_errors_total") == 0
