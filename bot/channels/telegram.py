"""Telegram as a Rasa channel, written with python-telegram-bot.

Incoming: POST /webhooks/telegram/webhook, from Telegram (webhook mode) or from our poller
(`make telegram`, polling mode): one code path. The secret-token header is checked (403 when
wrong or missing), an update delivered twice is handled once, and errors are logged and still
answered 200 so that Telegram does not send the update again.

Outgoing: texts split at 4096 characters, buttons as inline keyboards with callback data within
64 bytes, paced and retried by python-telegram-bot's rate limiter (RetryAfter honoured, network
errors retried).
The output channel also serves Rasa's trigger_intent, so the scheduler can push follow-ups.

In a private chat the conversation is the person's; in a group it is the group's, so the team
is the group. Pulse answers are never given in a group (see actions/pulse.py).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from datetime import date, timedelta
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from bot import metrics
from bot.channels import telegram_store as store
from bot.channels.common import TOO_FAST, UNAVAILABLE, RateLimit, clean_text
from bot.channels.join_limits import JoinLimits
from bot.channels.telegram_text import button_rows, command_messages, split_message
from bot.coach import followup_service
from bot.coach.teams import member_id
from bot.concurrency import in_thread
from bot.config import load_settings, telegram_secret_token

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_ATTEMPTS = 6
NOT_TEXT = "Jeg kan kun læse tekst. Skriv til mig, eller brug knapperne."
UNKNOWN_COMMAND = "Den kommando kender jeg ikke. Prøv /hjaelp."
EXPORT = "export/handlingsplan.html"  # what actions/followup.py attaches; sent as the PDF


def seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Limiter(AIORateLimiter):
    """python-telegram-bot's rate limiter (Telegram's overall and per-group limits, RetryAfter
    waited out), which also retries network errors with a growing pause. A request Telegram
    refuses (400) is not retried: it would fail again."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt == MAX_ATTEMPTS:
                    raise
                delay = min(2.0**attempt, 30.0)
                logger.warning("Netværksfejl mod Telegram (%s); prøver igen om %.0f s", exc, delay)
                await asyncio.sleep(delay)


def make_bot(token: str, api_url: str) -> ExtBot:
    return ExtBot(
        token,
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        rate_limiter=Limiter(max_retries=MAX_ATTEMPTS),
    )


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, bot: ExtBot) -> None:
        self.bot = bot
        self.sent = 0  # messages sent through this output (one per update)

    async def call(self, chat_id: str, method, **kwargs: Any):
        """Send to the chat; the bot's limiter paces and retries."""
        return await method(chat_id=int(chat_id), **kwargs)

    async def plan_file(self, member: str) -> tuple[str, bytes] | None:
        """The team's plan as the file a firm keeps in its APV folder: the PDF, or the HTML when
        the PDF cannot be made (WeasyPrint needs pango); None without a team."""
        today = date.today()
        try:
            return await in_thread(followup_service.export_pdf, member, today)
        except Exception:
            logger.exception("Handlingsplanen kunne ikke laves som PDF; sender HTML-filen")
        found = await in_thread(followup_service.export_document, member, today)
        if found is None:
            return None
        filename, html = found
        return filename, html.encode("utf-8")

    async def keyboard(self, buttons: list[dict[str, Any]] | None) -> InlineKeyboardMarkup | None:
        if not buttons:
            return None
        payloads = [str(b["payload"]) for b in buttons if b.get("payload")]
        data = iter(await in_thread(store.callback_data, payloads))
        rows = []
        for row in button_rows(buttons):
            keys = []
            for b in row:
                title = str(b.get("title", ""))[:64]
                if b.get("url"):
                    keys.append(InlineKeyboardButton(title, url=str(b["url"])))
                elif b.get("payload"):
                    keys.append(InlineKeyboardButton(title, callback_data=next(data)))
            rows.append(keys)
        return InlineKeyboardMarkup(rows)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        member = member_id(self.name(), recipient_id)
        image = message.get("image")
        if image == "chart/trend.png":  # our own chart, drawn for this chat's team
            image = await in_thread(followup_service.trend_png, member)
        if image:
            await self.call(recipient_id, self.bot.send_photo, photo=image)
        if message.get("attachment") == EXPORT:
            found = await self.plan_file(member)
            if found is not None:
                filename, content = found
                await self.call(
                    recipient_id, self.bot.send_document, document=content, filename=filename
                )
        markup = await self.keyboard(message.get("buttons") or message.get("quick_replies"))
        parts = split_message(message.get("text") or "")
        if not parts and markup is not None:
            parts = ["Vælg:"]
        for number, part in enumerate(parts, 1):
            last = number == len(parts)
            await self.call(
                recipient_id,
                self.bot.send_message,
                text=part,
                reply_markup=markup if last else None,
            )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def send_text_with_buttons(self, recipient_id, text, buttons, **kwargs) -> None:
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"image": image})


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        return cls()

    def __init__(self) -> None:
        settings = load_settings()
        self.token = settings.telegram_token
        self.secret = telegram_secret_token(settings) if self.token else ""
        self.api_url = settings.telegram_api_url
        self.max_chars = settings.max_message_chars
        self.rate = RateLimit(settings.rate_limit_per_minute)
        self.limits = JoinLimits(settings)
        self._bot: ExtBot | None = None
        # httpx logs every request URL at INFO, and Telegram's URLs contain the token.
        logging.getLogger("httpx").setLevel(logging.WARNING)

    def bot(self) -> ExtBot:
        if self._bot is None:
            self._bot = make_bot(self.token, self.api_url)
        return self._bot

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.bot())

    async def username(self) -> str | None:
        bot = self.bot()
        await bot.initialize()  # asks getMe once; later calls return at once
        return bot.username

    async def metadata(self, chat, user=None) -> dict[str, Any]:
        """What the actions learn about a message: group or private chat, the bot's name, and
        in a group who wrote or pressed (roles follow the person, not the group)."""
        data = {"chat_type": chat.type, "bot_username": await self.username()}
        if user is not None and chat.type != "private":
            data["from_id"] = str(user.id)
        return data

    # Handling one update ----------------------------------------------------------------

    async def handle(self, data: dict[str, Any], on_new_message) -> str:
        update_id = data.get("update_id")
        if not isinstance(update_id, int):
            return "ignored"
        if not await in_thread(store.first_delivery, update_id):
            return "duplicate"
        update = Update.de_json(data, self.bot())
        out = self.get_output_channel()
        chat = update.effective_chat
        if chat is not None and not self.rate.allow(str(chat.id)):
            if update.callback_query is not None:
                await update.callback_query.answer(TOO_FAST)
            elif self.rate.first_refusal(str(chat.id)):
                await out.send_response(str(chat.id), {"text": TOO_FAST})
            return "too fast"
        if update.callback_query is not None:
            return await self.handle_button(update, out, on_new_message)
        message = update.message
        if message is None or message.chat is None:
            return "ignored"
        chat_id = str(message.chat.id)
        if not message.text:
            if message.chat.type == "private":
                await out.send_response(chat_id, {"text": NOT_TEXT})
            return "not text"
        text = clean_text(message.text)
        if len(text) > self.max_chars:
            await out.send_response(
                chat_id,
                {"text": f"Beskeden er for lang. Skriv højst {self.max_chars} tegn ad gangen."},
            )
            return "too long"
        texts = [text]
        if text.startswith("/"):
            texts = command_messages(text, await self.username())
            if texts is None:
                await out.send_response(chat_id, {"text": UNKNOWN_COMMAND})
                return "unknown command"
        person = f"telegram:{message.from_user.id if message.from_user else chat_id}"
        for item in texts:
            if refusal := await self.limits.refusal(person, item):
                await out.send_response(chat_id, {"text": refusal})
                return "too many codes"
        metadata = await self.metadata(message.chat, message.from_user)
        messages = [
            UserMessage(item, out, chat_id, input_channel=self.name(), metadata=metadata)
            for item in texts
        ]
        return await self.take_turns(messages, out, on_new_message)

    async def handle_button(self, update: Update, out: TelegramOutput, on_new_message) -> str:
        query = update.callback_query
        try:
            await query.answer()
        except TelegramError as exc:  # too late to answer: still handle the press
            logger.warning("Kunne ikke besvare knaptryk: %s", exc)
        message = query.message
        if message is None or query.data is None:
            return "ignored"
        chat_id = str(message.chat.id)
        payload = await in_thread(store.payload_of, query.data)
        if payload is None:
            await out.send_response(chat_id, {"text": "Den knap er for gammel. Skriv /start."})
            return "unknown button"
        title = next(
            (
                b.text
                for row in getattr(getattr(message, "reply_markup", None), "inline_keyboard", ())
                for b in row
                if b.callback_data == query.data
            ),
            None,
        )
        try:  # the choice is made: take the buttons away so they are not pressed twice
            await message.edit_reply_markup(reply_markup=None)
        except TelegramError:
            pass
        metadata = {**await self.metadata(message.chat, query.from_user), "display": title}
        message = UserMessage(payload, out, chat_id, input_channel=self.name(), metadata=metadata)
        return await self.take_turns([message], out, on_new_message)

    async def take_turns(self, messages: list[UserMessage], out, on_new_message) -> str:
        """Hand the messages to the assistant; UNAVAILABLE to the chat if it answered none."""
        if not messages:  # a command for another bot in a group
            return "handled"
        try:
            for message in messages:
                with metrics.turn(self.name()):
                    await on_new_message(message)
        except Exception:
            logger.exception("Fejl i en Telegram-opdatering")
            outcome = "error"
        else:
            if out.sent:
                return "handled"
            outcome = "unanswered"  # an action failed: Rasa said nothing
        metrics.UNANSWERED.labels(self.name()).inc()
        try:
            await out.send_response(messages[0].sender_id, {"text": UNAVAILABLE})
        except TelegramError as exc:
            logger.warning("Kunne ikke sige, at coachen ikke kunne svare: %s", exc)
        return outcome

    # Routes -----------------------------------------------------------------------------

    def blueprint(self, on_new_message):
        bp = Blueprint("telegram_webhook", __name__)

        @bp.get("/")
        async def health(request: Request):
            return response.json({"status": "ok", "configured": bool(self.token)})

        @bp.post("/webhook")
        async def webhook(request: Request):
            if not self.token:
                return response.json({"error": "Telegram er ikke sat op (TELEGRAM_TOKEN)."}, 404)
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode("utf-8"), self.secret.encode("utf-8")):
                return response.json({"error": "forkert eller manglende hemmelighed"}, 403)
            try:
                data = request.json
                outcome = await self.handle(data if isinstance(data, dict) else {}, on_new_message)
            except Exception:  # answered 200 anyway: Telegram would only send it again
                logger.exception("Fejl i en Telegram-opdatering")
                outcome = "error"
            return response.json({"ok": True, "outcome": outcome})

        return bp
