"""Acting for another, and robust and quiet (issue 11): each attack against the running
assistant (real Rasa, real action server, the trained model).

- the action server takes no call without the action token, and listens on 127.0.0.1 only;
- the REST channel is off unless switched on, and then wants its bearer token;
- the team room takes only JSON from its own origin, a logged-out or expired cookie opens
  nothing, and the plan export is never cached;
- a 10 MB request is refused at once while other conversations go on;
- no message text, chat id or token reaches a log file or a command line.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import action_token, api_token, load_settings, rest_token, secret
from bot.db.models import Team
from bot.db.session import session_scope
from bot.servers import Assistant
from tests.fake_telegram import FakeTelegram, message_update
from tests.servers import (
    free_port,
    rest,
    rest_headers,
    rest_url,
    start_assistant,
    telegram_settings,
    texts,
)
from tests.test_telegram import SECRET, post

pytestmark = pytest.mark.servers
PUBLIC_URL = "https://trivsel.example"
COOKIE = "trivsel_teamroom"


@pytest.fixture(scope="module")
def telegram():
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, telegram):
    running = start_assistant(
        tmp_path_factory.mktemp("hardening"),
        public_url=PUBLIC_URL,
        **telegram_settings(telegram, SECRET),
    )
    yield running
    running.stop()


def call(url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 60):
    """(status, headers, body) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


# The action server -------------------------------------------------------------------------


def forged_call(sender: str, team_name: str) -> dict:
    """What Rasa would send to run action_create_team for a Telegram chat: the chat id is no
    secret, so anyone who reaches the action server could send this."""
    user = {
        "event": "user",
        "text": "/create_team",
        "input_channel": "telegram",
        "parse_data": {"intent": {"name": "create_team"}, "entities": []},
        "metadata": {"chat_type": "private"},
    }
    return {
        "next_action": "action_create_team",
        "sender_id": sender,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": sender,
            "slots": {"team_name": team_name},
            "latest_message": {"text": "/create_team", "intent": {"name": "create_team"}},
            "events": [user],
            "latest_input_channel": "telegram",
            "latest_event_time": time.time(),
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
        },
    }


def teams_named(assistant, name: str) -> int:
    with session_scope(assistant.settings.db_url) as session:
        return session.scalar(select(func.count()).select_from(Team).where(Team.name == name))


def test_action_server_refuses_a_forged_tracker_without_the_token(assistant):
    base = f"http://127.0.0.1:{assistant.settings.action_port}"
    body = json.dumps(forged_call("777001", "Forfalsket")).encode()
    headers = {"Content-Type": "application/json"}
    for url, extra in (
        (f"{base}/webhook", {}),
        (f"{base}/webhook?token=forkert", {}),
        (f"{base}/webhook", {"Authorization": "Bearer forkert"}),
    ):
        status, _, answer = call(url, body, {**headers, **extra})
        assert status == 401, (url, extra, status)
        assert b"Forfalsket" not in answer and b"777001" not in answer
    assert teams_named(assistant, "Forfalsket") == 0  # nothing was created
    assert call(f"{base}/actions")[0] == 401  # not even the list of actions
    assert call(f"{base}/health")[0] == 200
    # Rasa itself still gets through: it sends the token from endpoints.yml.
    assert "Jeg er Trivselscoach" in texts(rest(assistant, "hardening-hej", "hej"))
    # With the token the very same call runs: the token is what stood in the way.
    token = action_token(assistant.settings)
    assert call(f"{base}/webhook?token={token}", body, headers)[0] == 200
    assert teams_named(assistant, "Forfalsket") == 1


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on `port` (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_action_server_listens_on_loopback_even_when_the_host_is_public(tmp_path):
    """TRIVSEL_HOST=0.0.0.0 opens Rasa to the network; the action server stays on 127.0.0.1."""
    settings = replace(
        load_settings(),
        data_dir=tmp_path,
        db_url=f"sqlite:///{tmp_path / 'app.db'}",
        host="0.0.0.0",
        action_port=(port := free_port()),
        action_url=f"http://127.0.0.1:{port}/webhook",
    )
    actions = Assistant(settings, log_dir=tmp_path / "logs")
    try:
        actions.start_actions(timeout=120)
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        actions.stop()


# The REST channel --------------------------------------------------------------------------


def test_rest_channel_wants_its_token(assistant):
    body = json.dumps({"sender": "rest-ohne", "message": "mine data"}).encode()
    for headers in (
        {"Content-Type": "application/json"},
        {"Content-Type": "application/json", "Authorization": "Bearer forkert"},
        {"Content-Type": "application/json", "Authorization": rest_token(assistant.settings)},
    ):
        status, answer_headers, answer = call(rest_url(assistant), body, headers)
        assert status == 401
        assert answer_headers["WWW-Authenticate"] == "Bearer"
        assert "Authorization: Bearer" in json.loads(answer)["error"]
    status, _, answer = call(rest_url(assistant), body, rest_headers(assistant))
    assert status == 200 and json.loads(answer)


def test_rest_client_cannot_name_another_channel_or_send_metadata(assistant):
    """A Telegram chat id is no secret: a REST client must not act as that chat."""
    body = {
        "sender": "5551234",
        "message": "hej",
        "input_channel": "telegram",
        "metadata": {"chat_type": "group", "from_id": "42"},
    }
    status, _, _ = call(rest_url(assistant), json.dumps(body).encode(), rest_headers(assistant))
    assert status == 200
    token = api_token(assistant.settings)
    url = f"{assistant.settings.rasa_url}/conversations/5551234/tracker?token={token}"
    tracker = json.loads(call(url)[2])
    assert tracker["latest_input_channel"] == "rest"
    user = [e for e in tracker["events"] if e["event"] == "user"][-1]
    assert user["input_channel"] == "rest"
    assert not {"chat_type", "from_id"} & set(user.get("metadata") or {})


def test_a_rest_client_fetches_the_plan_export_with_its_token(assistant):
    from tests.servers import rest

    rest(assistant, "rest-eksport", "/create_team")
    rest(assistant, "rest-eksport", "Pakkeriet")
    (offer,) = (m for m in rest(assistant, "rest-eksport", "/export_plan") if m.get("attachment"))
    url = assistant.settings.rasa_url + offer["attachment"]
    assert offer["attachment"] == ("/webhooks/rest/export/handlingsplan.html?sender=rest-eksport")
    status, headers, document = call(url, headers=rest_headers(assistant))
    assert status == 200 and "Pakkeriet" in document.decode("utf-8")
    assert headers["Cache-Control"] == "no-store"
    assert call(url)[0] == 401  # the URL alone is not enough
    stranger = url.replace("rest-eksport", "rest-fremmed")
    assert call(stranger, headers=rest_headers(assistant))[0] == 404


@pytest.fixture(scope="module")
def server_mode(tmp_path_factory):
    """An installation as on a server: listening on every interface, REST not switched on."""
    running = start_assistant(
        tmp_path_factory.mktemp("servermode"), host="0.0.0.0", rest_channel=False
    )
    yield running
    running.stop()


def test_rest_channel_is_off_unless_switched_on(server_mode):
    base = f"http://127.0.0.1:{server_mode.settings.rasa_port}"
    body = json.dumps({"sender": "x", "message": "hej"}).encode()
    token = rest_token(server_mode.settings)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    status, _, answer = call(f"{base}/webhooks/rest/webhook", body, headers)
    assert status == 404 and "TRIVSEL_REST_CHANNEL" in json.loads(answer)["error"]
    assert call(f"{base}/webhooks/rest/", headers=headers)[0] == 404
    # The action server is on 127.0.0.1 only, though Rasa listens everywhere.
    assert listening_addresses(server_mode.settings.action_port) == {"0100007F"}
    assert listening_addresses(server_mode.settings.rasa_port) == {"00000000"}
    status, _, _ = call(f"{base}/webhooks/teamroom/", timeout=30)
    assert status == 200  # the team room is what people use


# The team room -----------------------------------------------------------------------------


class Room:
    """One browser's session with the team room, cookie handled by hand."""

    def __init__(self, assistant, origin: str | None = "same"):
        self.base = f"{assistant.settings.rasa_url}/webhooks/teamroom/"
        self.origin = assistant.settings.rasa_url if origin == "same" else origin
        self.cookie = ""
        status, headers, _ = self.post("session", {})
        assert status == 200
        self.cookie = cookie_from(headers)
        self.set_cookie_header = headers["Set-Cookie"]

    def headers(self, content_type: str = "application/json", origin: str | None = "own"):
        headers = {"Content-Type": content_type}
        origin = self.origin if origin == "own" else origin
        if origin is not None:
            headers["Origin"] = origin
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        return headers

    def post(self, path: str, body, content_type="application/json", origin="own", extra=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = {**self.headers(content_type, origin), **(extra or {})}
        return call(self.base + path, data, headers)

    def get(self, path: str):
        return call(self.base + path, headers=self.headers())


def cookie_from(headers) -> str:
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest_ = value.partition("=")
        if name.strip() == COOKIE:
            return rest_.split(";")[0]
    return ""


def test_room_takes_only_json_from_its_own_origin(assistant):
    room = Room(assistant)
    body = b'{"text":"hej","x":"="}'  # what <form enctype="text/plain"> can send
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        status, _, answer = room.post("message", body, content_type=content_type)
        assert (status, json.loads(answer)["code"]) == (415, "bad_content_type"), content_type
    for origin in ("http://evil.example", "null", "http://127.0.0.1:1", PUBLIC_URL + ".evil"):
        status, _, answer = room.post("message", {"text": "hej"}, origin=origin)
        assert (status, json.loads(answer)["code"]) == (403, "bad_origin"), origin
    cross_site = {"Sec-Fetch-Site": "cross-site"}
    assert room.post("message", {"text": "hej"}, origin=None, extra=cross_site)[0] == 403
    assert room.post("logout", {}, origin="http://evil.example")[0] == 403
    assert room.post("session", {}, content_type="text/plain")[0] == 415
    # The page itself, the public address behind a proxy, and a program without a browser.
    for origin in ("own", PUBLIC_URL, None):
        status, _, answer = room.post("message", {"text": "hej"}, origin=origin)
        assert status == 200 and json.loads(answer)["messages"], origin


def test_logged_out_cookie_is_refused(assistant):
    room = Room(assistant)
    assert room.post("message", {"text": "hej"})[0] == 200
    old = room.cookie
    status, headers, _ = room.post("logout", {})
    assert status == 200
    assert "Max-Age=0" in headers["Set-Cookie"] and cookie_from(headers) in ("", '""')
    # Whoever kept the cookie (a copy, a shared screen's browser) gets nothing with it.
    room.cookie = old
    status, _, answer = room.post("message", {"text": "hej"})
    assert (status, json.loads(answer)["code"]) == (401, "no_session")
    assert room.get("panel")[0] == 401
    assert room.get("export/handlingsplan.html")[0] == 401
    status, headers, answer = room.post("session", {})
    assert status == 200 and json.loads(answer)["messages"] == []  # not the old conversation
    fresh = cookie_from(headers)
    assert fresh and fresh.split(".")[0] != old.split(".")[0]


def signed_cookie(assistant, token: str, issued: int) -> str:
    key = hmac.new(secret(assistant.settings), b"teamroom", hashlib.sha256).digest()
    signature = hmac.new(key, f"{token}.{issued}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{token}.{issued}.{signature}"


def test_cookies_expire(assistant):
    room = Room(assistant)
    assert f"Max-Age={30 * 24 * 3600}" in room.set_cookie_header
    token, issued, _ = room.cookie.split(".")
    assert abs(int(issued) - time.time()) < 120  # the issue time is inside the signed value
    room.cookie = signed_cookie(assistant, token, int(issued))
    assert room.get("panel")[0] == 200
    room.cookie = signed_cookie(assistant, token, int(time.time()) - 31 * 24 * 3600)
    assert room.get("panel")[0] == 401
    status, _, answer = room.post("message", {"text": "hej"})
    assert (status, json.loads(answer)["code"]) == (401, "no_session")
    room.cookie = f"{token}.{int(time.time())}.{'0' * 32}"  # a new date needs a new signature
    assert room.get("panel")[0] == 401


def test_plan_export_is_never_cached(assistant):
    room = Room(assistant)
    room.post("message", {"text": "Opret et team", "payload": "/create_team"})
    status, _, answer = room.post("message", {"text": "Hærdet hold"})
    assert status == 200 and "Hærdet hold" in json.dumps(json.loads(answer), ensure_ascii=False)
    status, headers, document = room.get("export/handlingsplan.html")
    assert status == 200 and document.lstrip().lower().startswith(b"<!doctype html")
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Disposition"].startswith("attachment")
    status, headers, _ = room.get("panel")
    assert status == 200 and headers["Cache-Control"] == "no-store"


# Size ----------------------------------------------------------------------------------


def big_request(port: int, path: str, headers: dict, size: int, result: dict) -> None:
    """Send `size` bytes of JSON to `path`; record the status line and the seconds it took.
    The body waits for an answer to the head first, as a refusal can come before the body."""
    started = time.monotonic()
    body = b'{"sender": "stor", "message": "' + b"ord " * ((size - 40) // 4) + b'"}'
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sock.settimeout(5)
        try:
            first = sock.recv(200)
        except TimeoutError:
            first = b""
        if not first:  # nothing yet: the server reads the body
            sock.settimeout(120)
            try:
                sock.sendall(body)
                first = sock.recv(200)
            except OSError as exc:
                first = repr(exc).encode()
    result["status"] = first.split(b"\r\n")[0].decode(errors="replace")
    result["seconds"] = time.monotonic() - started


def test_ten_megabytes_are_refused_at_once_and_others_are_answered(assistant, telegram):
    port = assistant.settings.rasa_port
    room = Room(assistant)
    targets = {
        "/webhooks/rest/webhook": rest_headers(assistant),
        "/webhooks/teamroom/message": room.headers(),
        "/webhooks/telegram/webhook": {
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": SECRET,
        },
    }
    for path, headers in targets.items():
        result: dict = {}
        sender = threading.Thread(
            target=big_request, args=(port, path, headers, 10_000_000, result)
        )
        sender.start()
        answered = texts(rest(assistant, f"imens-{len(path)}", "hvad er en APV?"))
        sender.join(180)
        # Refused before the body is read (413, not a timeout or a 400 after parsing), and
        # another conversation is answered meanwhile. How fast is for `make bench`, not here.
        assert result["status"].startswith("HTTP/1.1 413"), (path, result)
        assert "APV" in answered, path


def test_long_messages_get_a_polite_answer_before_any_work(assistant):
    for length in (2001, 8001, 60_000):
        replies = rest(assistant, f"lang-{length}", "ord " * (length // 4 + 1))
        assert texts(replies) == "Beskeden er for lang. Skriv højst 2000 tegn ad gangen."
    payload = "/" + "x" * 9000
    assert "for lang" in texts(rest(assistant, "lang-knap", payload))


# Logs and command lines -----------------------------------------------------------------


def descendants(pids: list[int]) -> set[int]:
    """The processes and every process they started."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        found.add(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return found


def secrets_of(assistant, telegram) -> dict[str, str]:
    s = assistant.settings
    return {
        "API-token": api_token(s),
        "action-token": action_token(s),
        "REST-token": rest_token(s),
        "secret": secret(s).decode(),
        "Telegram-token": telegram.token,
        "Telegram-hemmelighed": SECRET,
    }


def test_no_token_on_any_command_line(assistant, telegram):
    pids = descendants([p.pid for p in assistant.processes])
    assert len(pids) >= 3  # actions, rasa, scheduler
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        for name, value in secrets_of(assistant, telegram).items():
            assert value.encode() not in cmdline, f"{name} står i kommandolinjen for {pid}"


def test_logs_hold_no_text_no_chat_ids_and_no_forged_lines(assistant, telegram):
    marker = "hemmeligtekst"
    forged = "2026-01-01 12:00:00 ERROR    rasa.core.processor  - falsk linje"
    chat = 5557001
    rest(assistant, "logchat-9912", f'/greet{{"x": "{marker}1\n{forged}"}}')
    rest(assistant, "logchat-9912", f"/ingen_saadan_intent_{marker}2")
    rest(assistant, "logchat-9912", f"/ {marker}3 med mellemrum")
    rest(assistant, "logchat-9912", f'/greet{{"theme": "{marker}4"}}')
    room = Room(assistant)
    room.post("message", {"text": "Knap", "payload": f'/greet{{"x": "{marker}5\n{forged}"}}'})
    room.post("message", {"text": f"{marker}6 " * 600})
    telegram.fail_next("sendMessage", retry_after=1)  # the channel logs that it must wait
    assert post(assistant, message_update(chat, f"hej {marker}7"))[0] == 200
    telegram.wait_for("sendMessage", chat_id=chat, timeout=60)
    time.sleep(1)
    logs = {p.name: p.read_text(errors="replace") for p in Path(assistant.log_dir).glob("*.log")}
    assert {"rasa.log", "actions.log", "scheduler.log"} <= set(logs)
    everything = "\n".join(logs.values())
    # python-telegram-bot's rate limiter logs the wait, without the chat
    assert "Rate limit hit. Retrying after" in everything
    assert marker not in everything
    assert str(chat) not in everything and "logchat-9912" not in everything
    assert not any(line.startswith(forged) for line in everything.splitlines())
    for name, value in secrets_of(assistant, telegram).items():
        assert value not in everything, name
    data = assistant.settings.data_dir
    private = [*Path(assistant.log_dir).glob("*.log"), *data.glob("*.db"), data / "endpoints.yml"]
    private += [data / name for name in ("secret.key", "rasa_token", "action_token")]
    assert len([p for p in private if p.suffix == ".db"]) >= 2  # app.db and tracker.db
    for path in private:
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} kan læses af andre"
