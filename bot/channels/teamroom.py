"""The web team room: a page served by the assistant itself, a chat and the team's side panel.

Routes under /webhooks/teamroom/ (Rasa mounts every input channel there):
  GET  /              the page        GET /static/<file>  its script and style sheet
  POST /session       issue or resume the session; the conversation so far and the panel
  POST /message       one message or button press; the replies and the panel
  GET  /panel         the panel alone

The session id is issued by the server (random, signed with the installation secret) and kept
in an HttpOnly cookie, so a browser cannot choose whose conversation it reads.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.common import clean_text, in_thread
from bot.coach import service
from bot.coach.teams import member_id
from bot.config import load_settings, secret

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web" / "teamroom"
STATIC_FILES = {"app.js": "application/javascript", "style.css": "text/css"}
COOKIE = "trivsel_teamroom"
HISTORY_LIMIT = 300
MAX_PAYLOAD_CHARS = 600
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def error(status: int, text: str, code: str) -> response.HTTPResponse:
    return response.json({"error": text, "code": code}, status=status, headers=SECURITY_HEADERS)


def client_message(message: dict[str, Any]) -> dict[str, Any]:
    """A bot message as the page gets it: text, buttons and image only."""
    out: dict[str, Any] = {"from": "bot", "text": message.get("text")}
    if message.get("buttons"):
        out["buttons"] = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in message["buttons"]
            if b.get("payload")
        ]
    if message.get("image"):
        out["image"] = message["image"]
    return out


def history(tracker) -> list[dict[str, Any]]:
    """The conversation so far, as the page shows it (button presses by their titles)."""
    shown: list[dict[str, Any]] = []
    for event in tracker.events if tracker else []:
        kind = getattr(event, "type_name", "")
        if kind == "user":
            display = (event.metadata or {}).get("display")
            text = display or event.text or ""
            if text and not text.startswith("/"):
                shown.append({"from": "user", "text": text})
        elif kind == "bot":
            data = event.data or {}
            shown.append(
                client_message(
                    {"text": event.text, "buttons": data.get("buttons"), "image": data.get("image")}
                )
            )
    return shown[-HISTORY_LIMIT:]


class TeamRoomInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "teamroom"

    def __init__(self) -> None:
        self._secret: bytes | None = None
        self._max_chars: int | None = None

    # Sessions ---------------------------------------------------------------------------

    def _key(self) -> bytes:
        if self._secret is None:
            self._secret = hmac.new(secret(load_settings()), b"teamroom", hashlib.sha256).digest()
        return self._secret

    def _sign(self, token: str) -> str:
        return hmac.new(self._key(), token.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def session_of(self, request: Request) -> str | None:
        """The session id from the cookie, if the server issued it."""
        cookie = request.cookies.get(COOKIE, "")
        token, _, signature = cookie.partition(".")
        if not token or not signature or not token.isascii():
            return None
        return token if hmac.compare_digest(signature, self._sign(token)) else None

    def _set_cookie(self, request: Request, resp: response.HTTPResponse, token: str) -> None:
        resp.cookies[COOKIE] = f"{token}.{self._sign(token)}"
        cookie = resp.cookies[COOKIE]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/webhooks/teamroom"
        cookie["max-age"] = 400 * 24 * 3600
        if request.headers.get("x-forwarded-proto", request.scheme) == "https":
            cookie["secure"] = True

    # Requests ---------------------------------------------------------------------------

    def max_chars(self) -> int:
        if self._max_chars is None:
            self._max_chars = load_settings().max_message_chars
        return self._max_chars

    def parse_message(self, request: Request) -> tuple[str, dict[str, Any] | None] | str:
        """The text to hand to Rasa and its metadata, or a Danish error."""
        body = request.json if request.body else None
        if not isinstance(body, dict) or not isinstance(body.get("text", ""), str):
            return "Beskeden kunne ikke læses."
        text = clean_text(body.get("text", ""))
        payload = body.get("payload")
        if payload is not None:
            if not isinstance(payload, str) or not payload.startswith("/"):
                return "Knappen kunne ikke læses."
            if len(payload) > MAX_PAYLOAD_CHARS:
                return "Knappen kunne ikke læses."
            return payload, ({"display": text[:200]} if text else None)
        if not text:
            return "Skriv en besked først."
        if len(text) > self.max_chars():
            return f"Beskeden er for lang. Skriv højst {self.max_chars()} tegn ad gangen."
        return text, None

    def blueprint(self, on_new_message):
        bp = Blueprint("teamroom_webhook", __name__)

        @bp.get("/")
        async def page(request: Request):
            if not request.path.endswith("/"):  # the page's links are relative to the folder
                return response.redirect(request.path + "/")
            html = (WEB_DIR / "index.html").read_text(encoding="utf-8")
            return response.html(html, headers=SECURITY_HEADERS)

        @bp.get("/static/<name>")
        async def static(request: Request, name: str):
            if name not in STATIC_FILES:
                return error(404, "Filen findes ikke.", "not_found")
            body = (WEB_DIR / name).read_bytes()
            return response.raw(
                body, content_type=f"{STATIC_FILES[name]}; charset=utf-8", headers=SECURITY_HEADERS
            )

        @bp.post("/session")
        async def session(request: Request):
            token = self.session_of(request)
            fresh = token is None
            if fresh:
                token = secrets.token_urlsafe(24)
            tracker = None if fresh else await request.app.ctx.agent.tracker_store.retrieve(token)
            panel = await in_thread(service.team_panel, member_id(self.name(), token))
            resp = response.json(
                {"messages": history(tracker), "panel": panel}, headers=SECURITY_HEADERS
            )
            if fresh:
                self._set_cookie(request, resp, token)
            return resp

        @bp.get("/panel")
        async def panel(request: Request):
            token = self.session_of(request)
            if token is None:
                return error(401, "Siden skal genindlæses.", "no_session")
            panel = await in_thread(service.team_panel, member_id(self.name(), token))
            return response.json(panel, headers=SECURITY_HEADERS)

        @bp.post("/message")
        async def message(request: Request):
            token = self.session_of(request)
            if token is None:
                return error(401, "Siden skal genindlæses.", "no_session")
            parsed = self.parse_message(request)
            if isinstance(parsed, str):
                return error(400, parsed, "bad_message")
            text, metadata = parsed
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text, collector, token, input_channel=self.name(), metadata=metadata
                    )
                )
                panel = await in_thread(service.team_panel, member_id(self.name(), token))
            except Exception:
                logger.exception("Teamrummet kunne ikke behandle en besked")
                return error(503, "Coachen kunne ikke svare lige nu. Prøv igen om lidt.", "error")
            return response.json(
                {"messages": [client_message(m) for m in collector.messages], "panel": panel},
                headers=SECURITY_HEADERS,
            )

        return bp
