"""`trivselscoach cluster` with its real parts: PostgreSQL, Redis, two replicas (each a Rasa
server and an action server), the scheduler and haproxy in front, all started by the command
under test. Messages go through haproxy, which spreads them over the replicas."""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.cluster import process_names
from tests.servers import RunningCli, free_port, rest, texts
from tests.test_self_healing import Person, killed, metric, pids, restarted, user_texts

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def cluster():
    # PostgreSQL runs as `postgres` (under root): its data must be somewhere it can reach,
    # which pytest's own temporary folders (mode 700) are not.
    home = Path(tempfile.mkdtemp(prefix="trivsel-cluster-"))
    home.chmod(0o711)
    port, base_rasa, base_action = free_port(), free_port(), free_port()
    env = {
        "CLUSTER_PORT": str(port),
        "REPLICAS": "2",
        "RASA_PORT": str(base_rasa),
        "ACTION_PORT": str(base_action),
        "TRIVSEL_PG_PORT": str(free_port()),
        "TRIVSEL_REDIS_PORT": str(free_port()),
        "TRIVSEL_DB_URL": None,  # the cluster's own PostgreSQL
        "TRIVSEL_TRACKER_DB_URL": None,
        "TRIVSEL_REDIS_URL": None,
        "TRIVSEL_MEMBER_APPROVAL": "0",
        "TRIVSEL_JOIN_FAILURES": "3",  # wrong join codes an hour from one address
    }
    running = RunningCli(
        home / "var",
        command=[sys.executable, "-m", "bot.cli", "cluster"],
        env=env,
    )
    running.rasa_url = f"http://127.0.0.1:{port}"  # everything through the load balancer
    running.replica_ports = [base_rasa + 1, base_rasa + 2]
    running.action_ports = [base_action + 1, base_action + 2]
    yield running
    if running.process.poll() is None:
        running.interrupt(timeout=120)
    shutil.rmtree(home, ignore_errors=True)


def test_status_lists_every_process_of_the_cluster(cluster):
    env = dict(os.environ, TRIVSEL_DATA_DIR=str(cluster.data_dir))
    shown = subprocess.run(
        [sys.executable, "-m", "bot.cli", "cluster", "status"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    names = [line.split()[0] for line in shown.stdout.splitlines()]
    assert names == process_names(2)
    assert all("kører" in line for line in shown.stdout.splitlines())
    assert "Teamrummet:  " in "".join(cluster.output)


def test_one_conversation_sent_at_once_through_both_replicas_keeps_every_event_in_order(cluster):
    """Four people of one conversation type at the same time; haproxy sends the requests to
    both replicas; the lock store in Redis lets one message in at a time (bot/lock_store.py:
    Rasa's own lost up to 4 of 9 messages here)."""
    sender = "klynge-samtidig"
    rest(cluster, sender, "hej")
    words = [f"vi er {n} mand" for n in range(2, 10)]

    def send(part):
        for text in part:
            rest(cluster, sender, text)

    threads = [threading.Thread(target=send, args=(words[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    said = user_texts(cluster, sender)
    assert sorted(said) == sorted(["hej", *words])  # each once
    token = (cluster.data_dir / "rasa_token").read_text().strip()
    for port in cluster.replica_ports:  # both replicas see the one conversation
        url = f"http://127.0.0.1:{port}/conversations/{sender}/tracker?token={token}"
        with urllib.request.urlopen(url, timeout=30) as response:
            events = json.loads(response.read())["events"]
        turns = [e["event"] for e in events if e["event"] in ("user", "action")]
        # Every message is answered before the next is read: a user event follows only the
        # action_listen that ends the turn before it.
        for before, event in zip(events, events[1:], strict=False):
            if event["event"] == "user" and before["event"] != "session_started":
                previous = [e for e in events[: events.index(event)] if e["event"] == "action"]
                assert previous and previous[-1]["name"] == "action_listen"
        assert turns.count("user") == len(words) + 1


class Browser:
    """A browser at the team room through the load balancer, with its own cookie."""

    def __init__(self, cluster, forwarded_for: str = "") -> None:
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.base = f"{cluster.rasa_url}/webhooks/teamroom/"
        self.forwarded_for = forwarded_for
        self.post("session", {})

    def post(self, path: str, body: dict) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.forwarded_for:  # a client that claims to be another address
            headers["X-Forwarded-For"] = self.forwarded_for
        request = urllib.request.Request(
            self.base + path, data=json.dumps(body).encode(), headers=headers
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return {"status": exc.code, **json.loads(exc.read())}


def test_the_team_room_session_holds_on_every_replica(cluster):
    post = Browser(cluster).post
    said = [post("message", {"text": text}) for text in ("opret et team", "Værkstedet")]
    assert "er oprettet" in " ".join(m["text"] for m in said[1]["messages"])
    for _ in range(4):  # round robin: two on each replica
        status = post("message", {"text": "hvor er vi?"})
        assert "Værkstedet" in " ".join(m["text"] for m in status["messages"])


def test_wrong_join_codes_beyond_the_limit_are_refused_on_every_replica(cluster):
    """A curious outsider guesses codes, each time in a fresh session and claiming another
    address; haproxy spreads the guesses over both replicas. After 3 the address is refused,
    even with the right code, and the forged header does not help."""
    owner = Browser(cluster).post
    owner("message", {"text": "opret et team"})
    created = owner("message", {"text": "Kontoret"})["messages"][0]["text"]
    code = created.split("Jeres kode er ")[1].split(".")[0]
    guesses = ["sol-hest-mark-11", "sol-hest-mark-12", "sol-hest-mark-13"]
    for n, guess in enumerate(guesses):
        guesser = Browser(cluster, forwarded_for=f"10.0.0.{n}").post
        guesser("message", {"text": "tilslut team"})
        said = guesser("message", {"text": guess})
        assert "Den kode kender jeg ikke" in " ".join(m["text"] for m in said["messages"])
    late = Browser(cluster, forwarded_for="10.0.0.99").post
    late("message", {"text": "tilslut team"})
    refused = late("message", {"text": code})
    assert refused["status"] == 429 and "for mange forkerte koder" in refused["error"]


def test_each_replica_counts_the_turns_it_took(cluster):
    urls = [f"http://127.0.0.1:{port}/metrics" for port in cluster.replica_ports]
    before = [metric(url, "trivsel_turns_total") for url in urls]
    for _ in range(4):
        rest(cluster, "klynge-metrics", "hej")
    after = [metric(url, "trivsel_turns_total") for url in urls]
    assert sum(after) - sum(before) == 4
    assert all(a > b for a, b in zip(after, before, strict=True))  # round robin: both took some


def test_the_action_servers_refuse_a_call_without_the_token(cluster):
    for port in cluster.action_ports:
        for query in ("", "?token=forkert"):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/webhook{query}",
                data=json.dumps({"next_action": "action_delete_team"}).encode(),
                headers={"Content-Type": "application/json"},
            )
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == 401


def test_a_dead_replica_gets_no_messages_and_comes_back(cluster):
    person = Person(cluster, "klynge-doed-replika")
    person.say("opret et team")
    person.say("Lageret")
    first = pids(cluster)["rasa-1"]
    os.kill(first, 9)
    time.sleep(1)  # gone: a request sent while the kernel tears it down may be lost with it
    for _ in range(4):  # haproxy sends them all to rasa-2: none is lost or refused
        assert "Lageret" in texts(rest(cluster, person.sender, "hvor er vi?"))
    restarted(cluster, "rasa-1", first, within=120)  # the model loads again
    assert user_texts(cluster, person.sender) == [*person.received, *["hvor er vi?"] * 4]


@pytest.mark.parametrize("name", ["actions-2", "scheduler", "redis", "postgres", "haproxy"])
def test_kill_9_of_any_process_loses_nothing_and_the_next_message_is_answered(cluster, name):
    person = Person(cluster, f"klynge-{name}")
    assert "hedde" in texts(person.say("opret et team"))
    assert "er oprettet" in texts(person.say(f"Team {name}"))
    killed(cluster, name)
    assert f"Team {name}" in texts(person.say("hvor er vi?"))
    assert user_texts(cluster, person.sender) == person.received  # each once, in order
