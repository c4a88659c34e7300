"""The REST channel for integrations and tests, off unless asked for and never without a token.

POST /webhooks/rest/webhook with `Authorization: Bearer <token>` and {"sender", "message"},
as Rasa's own REST channel takes it, and the coach's replies as a JSON list. The channel trusts
the sender id it is given, so whoever holds the token can write as anyone: it is on only with
TRIVSEL_REST_CHANNEL=1 (404 otherwise), and the token is TRIVSEL_REST_TOKEN or the file
`rest_token` (mode 600) in the data folder. The message is always from the REST channel (a
client cannot name another channel or send metadata), and its length is checked first.
"""

from __future__ import annotations

import hmac
import logging
from datetime import date
from typing import Any
from urllib.parse import quote

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import metrics
from bot.channels.common import EXPORT_HEADERS, UNAVAILABLE
from bot.channels.join_limits import JoinLimits
from bot.channels.limits import read_text
from bot.coach import followup_service
from bot.coach.teams import member_id
from bot.concurrency import in_thread
from bot.config import load_settings, rest_token

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128
OFF = "REST-kanalen er slået fra (sæt TRIVSEL_REST_CHANNEL=1)."
NO_TOKEN = "REST-kanalen kræver headeren 'Authorization: Bearer <token>'."


def bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth[:7].lower() == "bearer " else ""


EXPORT = "export/handlingsplan.html"


def with_export_url(message: dict[str, Any], sender: str) -> dict[str, Any]:
    """A reply that offers the plan export names where a REST client fetches it."""
    if message.get("attachment") != EXPORT:
        return message
    url = f"/webhooks/rest/{EXPORT}?sender={quote(sender, safe='')}"
    return {**message, "attachment": url}


class TokenRestInput(RestInput):
    """Rasa's REST channel behind a bearer token, under the same name and path."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        settings = load_settings()
        self.enabled = settings.rest_channel
        self.token = rest_token(settings) if self.enabled else ""
        self.max_chars = settings.max_message_chars
        self.limits = JoinLimits(settings)

    def authorized(self, request: Request) -> bool:
        given = bearer(request).encode("utf-8")
        return bool(self.token) and hmac.compare_digest(given, self.token.encode("utf-8"))

    def read(self, request: Request) -> tuple[str, str] | str:
        """(sender, message text), or why the request cannot be read."""
        try:
            body = request.json
        except Exception:  # Sanic raises on a body that is not JSON
            body = None
        if not isinstance(body, dict):
            return "Forespørgslen skal være et JSON-objekt med 'sender' og 'message'."
        sender, message = body.get("sender"), body.get("message")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
            return f"'sender' skal være en tekst på 1-{MAX_SENDER_CHARS} tegn."
        if not sender.isprintable():
            return "'sender' må ikke indeholde styretegn."
        if not isinstance(message, str):
            return "'message' skal være en tekst."
        return sender, message

    def blueprint(self, on_new_message) -> Blueprint:
        bp = Blueprint("custom_webhook_TokenRestInput", __name__)

        def refused(status: int, error: str) -> response.HTTPResponse:
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return response.json({"error": error}, status=status, headers=headers)

        @bp.get("/")
        async def health(request: Request):
            if not self.enabled:
                return refused(404, OFF)
            return response.json({"status": "ok"})

        @bp.post("/webhook")
        async def receive(request: Request):
            if not self.enabled:
                return refused(404, OFF)
            if not self.authorized(request):
                return refused(401, NO_TOKEN)
            parsed = self.read(request)
            if isinstance(parsed, str):
                return refused(400, parsed)
            sender, raw = parsed
            text, problem = read_text(raw, self.max_chars)
            if problem:
                return response.json([{"recipient_id": sender, "text": problem}])
            # Behind the token: the client is the program that holds it, so counted by sender.
            if refusal := await self.limits.refusal(f"rest:{sender}", text):
                return response.json([{"recipient_id": sender, "text": refusal}])
            collector = CollectingOutputChannel()
            try:
                with metrics.turn(self.name()):
                    await on_new_message(
                        UserMessage(text, collector, sender, input_channel=self.name())
                    )
            except Exception:
                logger.exception("REST-kanalen kunne ikke behandle en besked")
                metrics.UNANSWERED.labels(self.name()).inc()
                return refused(503, UNAVAILABLE)
            if not collector.messages:  # an action failed: Rasa said nothing
                metrics.UNANSWERED.labels(self.name()).inc()
                return response.json([{"recipient_id": sender, "text": UNAVAILABLE}])
            return response.json([with_export_url(m, sender) for m in collector.messages])

        @bp.get("/export/handlingsplan.html")
        async def export(request: Request):
            """The plan export for `?sender=`, with the same token as the messages."""
            if not self.enabled:
                return refused(404, OFF)
            if not self.authorized(request):
                return refused(401, NO_TOKEN)
            sender = request.args.get("sender", "")
            if not sender or len(sender) > MAX_SENDER_CHARS or not sender.isprintable():
                return refused(400, f"'sender' skal være en tekst på 1-{MAX_SENDER_CHARS} tegn.")
            found = await in_thread(
                followup_service.export_document, member_id(self.name(), sender), date.today()
            )
            if found is None:
                return refused(404, "Den afsender er ikke med i et team.")
            filename, html = found
            headers = {
                **EXPORT_HEADERS,
                "Content-Disposition": f'attachment; filename="{filename}"',
            }
            return response.html(html, headers=headers)

        return bp

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TokenRestInput:
        return cls()
