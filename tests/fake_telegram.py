"""A small Bot-API-compatible HTTP server that stands in for Telegram's servers in tests.

    with FakeTelegram() as tg:
        bot = telegram.Bot(tg.token, base_url=f"{tg.url}/bot")
        tg.push_update(message_update(42, "/start"))
        ...
        tg.wait_for("sendMessage", chat_id=42)

Standard library only; every call is recorded in ``tg.calls``.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Trivselscoach",
    "username": "trivsel_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Form values that are plain strings even when they look like JSON (PTB only JSON-encodes non-str).
STRING_KEYS = {"text", "caption", "data", "callback_query_id", "url", "parse_mode", "action"}
STRING_KEYS |= {"photo", "document", "inline_message_id", "secret_token", "ip_address", "emoji"}
PATH_RE = re.compile(r"^/bot([^/]+)/([A-Za-z0-9_]+)/?$")

_ids = itertools.count(1)  # update ids, incoming message ids and callback ids: increase globally


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    time: float = field(default_factory=time.time)
    failed: bool = False


def _chat(chat_id: int, chat_type: str | None, first_name: str = "Test") -> dict:
    chat_type = chat_type or ("private" if int(chat_id) > 0 else "group")
    if chat_type == "private":
        return {"id": int(chat_id), "type": "private", "first_name": first_name}
    return {"id": int(chat_id), "type": chat_type, "title": "Testgruppe"}


def _user(user_id: int, first_name: str) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "da"}


def message_update(chat_id, text, user_id=None, chat_type=None, update_id=None, first_name="Test"):
    """An update with a text message from a user, as Telegram sends it."""
    user_id = user_id or (int(chat_id) if int(chat_id) > 0 else 1001)
    message = {
        "message_id": next(_ids),
        "from": _user(user_id, first_name),
        "chat": _chat(chat_id, chat_type, first_name),
        "date": int(time.time()),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        length = len(command.encode("utf-16-le")) // 2
        message["entities"] = [{"offset": 0, "length": length, "type": "bot_command"}]
    return {"update_id": update_id or next(_ids), "message": message}


def callback_update(
    chat_id, data, user_id=None, message_id=None, chat_type=None, update_id=None, first_name="Test"
):
    """An update with a callback query from pressing an inline button on a bot message."""
    user_id = user_id or (int(chat_id) if int(chat_id) > 0 else 1001)
    message = {
        "message_id": message_id or next(_ids),
        "from": BOT_USER,
        "chat": _chat(chat_id, chat_type, first_name),
        "date": int(time.time()),
        "text": "…",
    }
    query = {
        "id": str(next(_ids)),
        "from": _user(user_id, first_name),
        "message": message,
        "chat_instance": str(abs(int(chat_id))),
        "data": data,
    }
    return {"update_id": update_id or next(_ids), "callback_query": query}


def _error(status: int, description: str, **extra) -> tuple[int, dict]:
    return status, {"ok": False, "error_code": status, "description": description, **extra}


def _decode(key: str, value: Any) -> Any:
    """JSON-decode a form value (or a JSON-encoded string inside a JSON body)."""
    if key in STRING_KEYS or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        data = json.loads(body)
        return {k: _decode(k, v) if str(v)[:1] in ("{", "[") else v for k, v in data.items()}
    if content_type.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        msg = BytesParser(policy=policy.HTTP).parsebytes(head + body)
        params, files = {}, {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is None:
                params[name] = _decode(name, payload.decode("utf-8"))
            else:
                files[name] = {
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "size": len(payload),
                    "data": payload,
                }
        for key, value in list(params.items()):  # resolve "attach://name" references
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = files.pop(value[len("attach://") :], value)
        return {**files, **params}
    return {k: _decode(k, v) for k, v in parse_qsl(body.decode("utf-8"), keep_blank_values=True)}


class FakeTelegram:
    """Fake Bot API on 127.0.0.1; use ``f"{server.url}/bot"`` as PTB's base_url."""

    def __init__(self, token: str = "123456:TEST", port: int = 0):
        self.token = token
        self.calls: list[Call] = []
        self.webhook_url = ""
        self._updates: list[dict] = []
        self._failures: dict[str, list[tuple[int, dict]]] = {}
        self._message_ids = itertools.count(1)
        self._cond = threading.Condition()
        self._stopped = False
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.fake = self
        self._thread: threading.Thread | None = None
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> FakeTelegram:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()  # release long-polling getUpdates
        if self._thread:
            self._httpd.shutdown()
            self._thread.join(5)
        self._httpd.server_close()

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- test hooks ------------------------------------------------------------
    def push_update(self, update: dict) -> dict:
        """Queue an update for getUpdates (an update_id is added if missing)."""
        update = {"update_id": next(_ids), **update}
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()
        return update

    def fail_next(self, method: str, retry_after: int | None = None, status: int = 502, times=1):
        """Answer the next `times` calls of `method` with 429 (if retry_after) or `status`."""
        if retry_after is not None:
            description = f"Too Many Requests: retry after {retry_after}"
            failure = _error(429, description, parameters={"retry_after": retry_after})
        else:
            failure = _error(status, {502: "Bad Gateway"}.get(status, f"Error {status}"))
        with self._cond:
            self._failures.setdefault(method.lower(), []).extend([failure] * times)

    def sent(self, method: str = "sendMessage", chat_id=None) -> list[dict]:
        """Params of the successful calls of `method` (optionally to one chat)."""
        return [c.params for c in self._matching(method, chat_id, include_failed=False)]

    def wait_for(self, method, count=1, timeout=30.0, chat_id=None, include_failed=False):
        """Wait until at least `count` matching calls were recorded and return them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(found := self._matching(method, chat_id, include_failed)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.params, c.failed) for c in self.calls]
                    raise AssertionError(
                        f"expected {count} {method} call(s) (chat_id={chat_id}) within "
                        f"{timeout}s, got {len(found)}; recorded calls: {seen}"
                    )
                self._cond.wait(remaining)
            return found

    def _matching(self, method, chat_id, include_failed) -> list[Call]:
        with self._cond:
            return [
                c
                for c in self.calls
                if c.method.lower() == method.lower()
                and (include_failed or not c.failed)
                and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
            ]

    # -- the Bot API -----------------------------------------------------------
    def handle(self, method: str, params: dict) -> tuple[int, dict]:
        call = Call(method, params)
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()
            failures = self._failures.get(method.lower())
            if failures:
                call.failed = True
                return failures.pop(0)
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            call.failed = True
            return _error(404, "Not Found: method not found")
        result = handler(params)
        if isinstance(result, tuple):  # an error (status, body)
            call.failed = True
            return result
        return 200, {"ok": True, "result": result}

    def _message(self, params: dict, **content) -> dict:
        chat_id = params.get("chat_id", 0)
        chat = _chat(chat_id, None) if isinstance(chat_id, int) else {"id": -1, "type": "channel"}
        message = {
            "message_id": params.get("message_id") or next(self._message_ids),
            "from": BOT_USER,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram only echoes inline keyboards
        return message

    def _api_getme(self, params):
        return BOT_USER

    def _api_sendmessage(self, params):
        return self._message(params, text=params.get("text", ""))

    def _api_sendphoto(self, params):
        size = {"width": 640, "height": 480, "file_size": 1024}
        photo = {"file_id": f"photo{len(self.calls)}", "file_unique_id": "u", **size}
        return self._message(params, photo=[photo], caption=params.get("caption"))

    def _api_senddocument(self, params):
        upload = params.get("document")
        name = upload.get("filename") if isinstance(upload, dict) else str(upload)
        document = {"file_id": f"doc{len(self.calls)}", "file_unique_id": "d", "file_name": name}
        return self._message(params, document=document, caption=params.get("caption"))

    def _api_editmessagetext(self, params):
        if "inline_message_id" in params:
            return True
        return self._message(params, text=params.get("text", ""))

    def _api_editmessagereplymarkup(self, params):
        return True if "inline_message_id" in params else self._message(params, text="…")

    def _api_getupdates(self, params):
        if self.webhook_url:
            return _error(409, "Conflict: can't use getUpdates method while webhook is active")
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 60)
        with self._cond:
            if offset < 0:
                self._updates = self._updates[offset:]
            elif offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._stopped:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return self._updates[: max(1, min(limit, 100))]

    def _api_deletewebhook(self, params):
        with self._cond:
            self.webhook_url = ""
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_setwebhook(self, params):
        self.webhook_url = params.get("url", "")
        return True

    def _api_getwebhookinfo(self, params):
        with self._cond:
            pending = len(self._updates)
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }

    def _api_true(self, params):
        return True

    _api_answercallbackquery = _api_setmycommands = _api_sendchataction = _api_true
    _api_deletemycommands = _api_close = _api_logout = _api_true


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTelegram

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # e.g. a client gave up polling
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        split = urlsplit(self.path)
        match = PATH_RE.match(split.path)
        fake: FakeTelegram = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if match is None:
            status, reply = _error(404, "Not Found")
        elif match.group(1) != fake.token:
            status, reply = _error(401, "Unauthorized")
        else:
            try:
                params = {k: _decode(k, v) for k, v in parse_qsl(split.query)}
                params.update(_parse_body(self.headers.get("Content-Type", ""), body))
                status, reply = fake.handle(match.group(2), params)
            except Exception as exc:  # a bug here should reach the test as a clear error
                status, reply = _error(400, f"Bad Request: {exc!r}")
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST

    def log_message(self, format, *args) -> None:  # quiet
        pass
