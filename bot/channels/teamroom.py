"""The web team room: a page served by the assistant itself, a chat and the team's side panel.

Routes under /webhooks/teamroom/ (Rasa mounts every input channel there):
  GET  /              the page        GET /static/<file>  its script and style sheet
  POST /session       issue or resume the session; the conversation so far and the panel
  POST /message       one message or button press; the replies and the panel
  POST /logout        end the session for good (the cookie no longer opens it)
  GET  /panel         the panel alone
  GET  /export/handlingsplan.html, /export/handlingsplan.pdf   the team's plan for the APV

The session id is issued by the server (random, signed with the installation secret, with the
time it was issued) and kept in an HttpOnly cookie, so a browser cannot choose whose
conversation it reads. A cookie ends TRIVSEL_SESSION_DAYS after it was issued, or when its
session logs out (bot/channels/teamroom_sessions.py, shared by every replica). Every POST must
be JSON (a plain HTML form cannot send it) from the page's own origin or TRIVSEL_PUBLIC_URL's,
as the Origin header says: SameSite alone lets another site on the same host through.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot import metrics
from bot.channels import teamroom_sessions
from bot.channels.common import EXPORT_HEADERS, TOO_FAST, UNAVAILABLE, RateLimit, clean_text
from bot.channels.join_limits import JoinLimits, client_address
from bot.channels.limits import RAW_FACTOR, clean_payload, too_long
from bot.coach import followup_service, service
from bot.coach.teams import member_id
from bot.concurrency import in_thread
from bot.config import load_settings, secret

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web" / "teamroom"
STATIC_FILES = {"app.js": "application/javascript", "style.css": "text/css"}
COOKIE = "trivsel_teamroom"
# Files the actions point to, drawn for the conversation's own team by the channel.
OWN_FILES = {
    "chart/trend.png": "Udviklingen som diagram",
    "export/handlingsplan.html": "Hent handlingsplanen (HTML, kan printes)",
    "export/handlingsplan.pdf": "Hent handlingsplanen (PDF, til APV-mappen)",
}
# Files offered beside the one an action points to: the plan as a PDF beside its HTML.
BESIDE = {"export/handlingsplan.html": ("export/handlingsplan.pdf",)}
HISTORY_LIMIT = 300
MAX_PAYLOAD_CHARS = 600
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
# The conversation and the team's panel: not kept in any cache.
API_HEADERS = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
CLOCK_SKEW = 300  # seconds a cookie's issue time may lie in the future (another replica's clock)
DEFAULT_PORTS = {"http": "80", "https": "443"}


def error(status: int, text: str, code: str) -> response.HTTPResponse:
    return response.json({"error": text, "code": code}, status=status, headers=API_HEADERS)


def origin_of(url: str) -> str:
    """scheme://host[:port] in lower case, without the scheme's default port."""
    parts = urlsplit(url.strip().lower())
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return ""
    if port is not None and str(port) != DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{port}"
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


def no_session() -> response.HTTPResponse:
    return error(401, "Siden skal genindlæses.", "no_session")


def client_message(message: dict[str, Any]) -> dict[str, Any]:
    """A bot message as the page gets it: text, buttons, image and files to download."""
    out: dict[str, Any] = {"from": "bot", "text": message.get("text")}
    if message.get("buttons"):
        out["buttons"] = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in message["buttons"]
            if b.get("payload")
        ]
    if message.get("image"):
        image = str(message["image"])
        # Our own chart is drawn anew for each message: a fresh address, not the cached one.
        out["image"] = f"{image}?t={time.time_ns()}" if image in OWN_FILES else image
    attachment = message.get("attachment")
    if attachment in OWN_FILES:
        out["attachments"] = [
            {"url": url, "title": OWN_FILES[url]}
            for url in (attachment, *BESIDE.get(attachment, ()))
        ]
    return out


def last_user_time(tracker) -> datetime | None:
    for event in reversed(tracker.events if tracker else []):
        if getattr(event, "type_name", "") == "user":
            return datetime.fromtimestamp(event.timestamp, timezone.utc)
    return None


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
        self.settings = load_settings()
        self.rate = RateLimit(self.settings.rate_limit_per_minute)
        self.limits = JoinLimits(self.settings)
        self.max_age = self.settings.session_days * 24 * 3600

    # Sessions ---------------------------------------------------------------------------

    def _key(self) -> bytes:
        if self._secret is None:
            self._secret = hmac.new(secret(self.settings), b"teamroom", hashlib.sha256).digest()
        return self._secret

    def _sign(self, token: str, issued: int) -> str:
        signed = f"{token}.{issued}".encode("ascii")
        return hmac.new(self._key(), signed, hashlib.sha256).hexdigest()[:32]

    def cookie_value(self, token: str, issued: int) -> str:
        return f"{token}.{issued}.{self._sign(token, issued)}"

    def read_cookie(self, request: Request) -> tuple[str, int] | None:
        """(session id, issue time) from the cookie, if the server issued it and it has not
        expired; whether the session has logged out is asked separately (session_of)."""
        parts = request.cookies.get(COOKIE, "").split(".")
        if len(parts) != 3:
            return None
        token, issued_text, signature = parts
        if not token or not token.isascii() or not signature.isascii():
            return None
        if not issued_text.isdigit() or len(issued_text) > 12:
            return None
        issued = int(issued_text)
        expected = self._sign(token, issued).encode("ascii")
        if not hmac.compare_digest(signature.encode("ascii"), expected):
            return None
        now = time.time()
        if not issued - CLOCK_SKEW <= now < issued + self.max_age:
            return None
        return token, issued

    async def session_of(self, request: Request) -> str | None:
        """The session id from the cookie, if the server issued it, it has not expired and
        it has not logged out."""
        found = self.read_cookie(request)
        if found is None:
            return None
        token = found[0]
        if await in_thread(teamroom_sessions.ended, self.settings.db_url, token):
            return None
        return token

    def _cookie(self, request: Request, resp: response.HTTPResponse, value: str, age: int):
        resp.cookies[COOKIE] = value
        cookie = resp.cookies[COOKIE]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/webhooks/teamroom"
        cookie["max-age"] = age
        if request.headers.get("x-forwarded-proto", request.scheme) == "https":
            cookie["secure"] = True

    def _set_cookie(self, request: Request, resp: response.HTTPResponse, token: str) -> None:
        self._cookie(request, resp, self.cookie_value(token, int(time.time())), self.max_age)

    # Who may POST -------------------------------------------------------------------------

    def allowed_origins(self, request: Request) -> set[str]:
        scheme = request.headers.get("x-forwarded-proto", request.scheme)
        own = origin_of(f"{scheme}://{request.headers.get('host', '')}")
        return {o for o in (own, origin_of(self.settings.public_url)) if o}

    def refuse_post(self, request: Request) -> response.HTTPResponse | None:
        """A refusal unless the POST is JSON from the team room's own page."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return error(415, "Teamrummet tager kun imod JSON.", "bad_content_type")
        origin = request.headers.get("origin")
        if origin is None:
            # Browsers name the origin of every cross-origin POST; a request without one
            # comes from the page itself or from a program that holds the cookie anyway.
            site = request.headers.get("sec-fetch-site", "same-origin").lower()
            allowed = site in ("same-origin", "none")
        else:
            allowed = origin_of(origin) in self.allowed_origins(request)
        if not allowed:
            return error(403, "Forespørgslen kom ikke fra teamrummets egen side.", "bad_origin")
        return None

    # Requests ---------------------------------------------------------------------------

    def max_chars(self) -> int:
        return self.settings.max_message_chars

    def parse_message(self, request: Request) -> tuple[str, dict[str, Any] | None] | str:
        """The text to hand to Rasa and its metadata, or a Danish error."""
        body = request.json if request.body else None
        if not isinstance(body, dict) or not isinstance(body.get("text", ""), str):
            return "Beskeden kunne ikke læses."
        payload = body.get("payload")
        if payload is not None:
            # Intent buttons send "/intent{...}"; answer buttons send the answer itself
            # ("1-9", "Byggeri", "Spring over"), which Rasa reads like a typed answer.
            if not isinstance(payload, str) or not 0 < len(payload) <= MAX_PAYLOAD_CHARS:
                return "Knappen kunne ikke læses."
            payload = clean_payload(payload)  # one line: no line breaks, no control characters
            if not payload:
                return "Knappen kunne ikke læses."
            title = clean_text(body.get("text", "")[:200])
            return payload, ({"display": title} if title else None)
        if len(body.get("text", "")) > RAW_FACTOR * self.max_chars():  # before any cleaning
            return too_long(self.max_chars())
        text = clean_text(body.get("text", ""))
        if not text:
            return "Skriv en besked først."
        if len(text) > self.max_chars():
            return too_long(self.max_chars())
        return text, None

    async def say(self, on_new_message, token: str, text: str, metadata=None) -> list[dict]:
        """Hand one message to the assistant; its replies as the page shows them."""
        collector = CollectingOutputChannel()
        await on_new_message(
            UserMessage(text, collector, token, input_channel=self.name(), metadata=metadata)
        )
        return [client_message(m) for m in collector.messages]

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
            if refusal := self.refuse_post(request):
                return refusal
            token = await self.session_of(request)
            fresh = token is None
            if fresh:
                if refusal := await self.limits.new_session(client_address(request)):
                    return error(429, refusal, "too_many_sessions")
                token = secrets.token_urlsafe(24)
            tracker = None if fresh else await request.app.ctx.agent.tracker_store.retrieve(token)
            member = member_id(self.name(), token)
            messages = history(tracker)
            due = await in_thread(followup_service.due_since, member)
            seen = last_user_time(tracker)
            if due is not None and (seen is None or seen < due):
                # A follow-up fell due since this person last wrote: the coach brings it up.
                messages += await self.say(on_new_message, token, "/EXTERNAL_followup")
            panel = await in_thread(service.team_panel, member)
            resp = response.json({"messages": messages, "panel": panel}, headers=API_HEADERS)
            if fresh:
                self._set_cookie(request, resp, token)
            return resp

        @bp.get("/panel")
        async def panel(request: Request):
            token = await self.session_of(request)
            if token is None:
                return no_session()
            panel = await in_thread(service.team_panel, member_id(self.name(), token))
            return response.json(panel, headers=API_HEADERS)

        @bp.get("/chart/trend.png")
        async def chart(request: Request):
            token = await self.session_of(request)
            if token is None:
                return no_session()
            png = await in_thread(followup_service.trend_png, member_id(self.name(), token))
            if png is None:
                return error(404, "Der er ingen målinger at vise endnu.", "not_found")
            return response.raw(
                png, content_type="image/png", headers={"Cache-Control": "no-store"}
            )

        @bp.get("/export/handlingsplan.html")
        async def export(request: Request):
            token = await self.session_of(request)
            if token is None:
                return no_session()
            found = await in_thread(
                followup_service.export_document, member_id(self.name(), token), date.today()
            )
            if found is None:
                return error(404, "I er ikke et team endnu.", "not_found")
            filename, html = found
            headers = {
                **EXPORT_HEADERS,
                "Content-Disposition": f'attachment; filename="{filename}"',
            }
            return response.html(html, headers=headers)

        @bp.get("/export/handlingsplan.pdf")
        async def export_pdf(request: Request):
            token = await self.session_of(request)
            if token is None:
                return no_session()
            try:
                found = await in_thread(
                    followup_service.export_pdf, member_id(self.name(), token), date.today()
                )
            except Exception:
                logger.exception("Handlingsplanen kunne ikke laves som PDF")
                return error(503, "PDF'en kunne ikke laves lige nu. Hent HTML-filen.", "error")
            if found is None:
                return error(404, "I er ikke et team endnu.", "not_found")
            filename, pdf = found
            headers = {
                **EXPORT_HEADERS,
                "Content-Disposition": f'attachment; filename="{filename}"',
            }
            return response.raw(pdf, content_type="application/pdf", headers=headers)

        @bp.post("/logout")
        async def logout(request: Request):
            if refusal := self.refuse_post(request):
                return refusal
            found = self.read_cookie(request)
            if found is not None:
                token, issued = found
                await in_thread(
                    teamroom_sessions.end, self.settings.db_url, token, issued + self.max_age
                )
            resp = response.json({"ok": True}, headers=API_HEADERS)
            self._cookie(request, resp, "", 0)
            return resp

        @bp.post("/message")
        async def message(request: Request):
            if refusal := self.refuse_post(request):
                return refusal
            token = await self.session_of(request)
            if token is None:
                return no_session()
            if not self.rate.allow(token):
                return error(429, TOO_FAST, "too_fast")
            parsed = self.parse_message(request)
            if isinstance(parsed, str):
                return error(400, parsed, "bad_message")
            text, metadata = parsed
            if refusal := await self.limits.refusal(client_address(request), text):
                return error(429, refusal, "too_many_codes")
            try:
                with metrics.turn(self.name()):
                    messages = await self.say(on_new_message, token, text, metadata)
                panel = await in_thread(service.team_panel, member_id(self.name(), token))
            except Exception:
                logger.exception("Teamrummet kunne ikke behandle en besked")
                metrics.UNANSWERED.labels(self.name()).inc()
                return error(503, UNAVAILABLE, "error")
            if not messages:  # an action failed: Rasa said nothing
                metrics.UNANSWERED.labels(self.name()).inc()
                messages = [client_message({"text": UNAVAILABLE})]
            return response.json({"messages": messages, "panel": panel}, headers=API_HEADERS)

        return bp
