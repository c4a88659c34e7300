"""Connecting to Telegram: register the webhook, or poll where there is no public address.

Polling mode is for installations without a public address.
Long-polls Telegram's getUpdates and hands each update to the assistant's own webhook
(/webhooks/telegram/webhook, with the secret header), so both modes share one code path.
An update is confirmed to Telegram (the next offset) only once the assistant took it, so
none is lost while the assistant restarts; the webhook handles a repeated one once.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from telegram import BotCommand
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram import SECRET_HEADER, make_bot, seconds
from bot.channels.telegram_text import COMMANDS
from bot.config import Settings, telegram_secret_token

logger = logging.getLogger(__name__)
POLL_TIMEOUT = 25


async def register_commands(bot) -> None:
    await bot.set_my_commands(
        [BotCommand(name, description) for name, (_, description) in COMMANDS.items()]
    )


async def forward(client: httpx.AsyncClient, url: str, secret: str, update: dict) -> bool:
    try:
        reply = await client.post(url, json=update, headers={SECRET_HEADER: secret}, timeout=120)
    except httpx.HTTPError as exc:
        logger.warning("Assistenten svarede ikke (%s); prøver igen", exc)
        return False
    if reply.status_code != 200:
        logger.warning("Assistenten svarede %s; prøver igen", reply.status_code)
    return reply.status_code == 200


async def poll(settings: Settings, stop: asyncio.Event, webhook_url: str | None = None) -> None:
    """Poll until `stop` is set."""
    url = webhook_url or f"{settings.rasa_url}/webhooks/telegram/webhook"
    secret = telegram_secret_token(settings)
    bot = make_bot(settings.telegram_token, settings.telegram_api_url)
    await bot.initialize()
    await bot.delete_webhook()  # Telegram refuses getUpdates while a webhook is set
    await register_commands(bot)
    offset: int | None = None
    async with httpx.AsyncClient() as client:
        while not stop.is_set():
            try:
                updates = await bot.get_updates(
                    offset=offset,
                    timeout=POLL_TIMEOUT,
                    allowed_updates=["message", "callback_query"],
                )
            except RetryAfter as exc:
                await asyncio.sleep(seconds(exc.retry_after))
                continue
            except (NetworkError, Conflict) as exc:
                logger.warning("Kunne ikke hente opdateringer fra Telegram (%s)", exc)
                await asyncio.sleep(3)
                continue
            for update in updates:
                while not await forward(client, url, secret, update.to_dict()):
                    if stop.is_set():
                        return
                    await asyncio.sleep(2)
                offset = update.update_id + 1
    await bot.shutdown()


async def set_webhook(settings: Settings) -> None:
    """Webhook mode: tell Telegram where to post updates and which secret to send."""
    bot = make_bot(settings.telegram_token, settings.telegram_api_url)
    async with bot:
        await bot.set_webhook(
            settings.telegram_webhook_url,
            secret_token=telegram_secret_token(settings),
            allowed_updates=["message", "callback_query"],
        )
        await register_commands(bot)


def run(settings: Settings) -> int:
    """`trivselscoach telegram`: poll until Ctrl-C."""
    if not settings.telegram_token:
        print("Sæt TELEGRAM_TOKEN (fra @BotFather) for at bruge Telegram.")
        return 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stop = asyncio.Event()
    print(f"Henter beskeder fra Telegram og sender dem til {settings.rasa_url}. Stop med Ctrl-C.")
    try:
        asyncio.run(poll(settings, stop))
    except InvalidToken:
        print("Telegram afviste TELEGRAM_TOKEN. Tjek den hos @BotFather.")
        return 1
    except TelegramError as exc:
        print(f"Telegram-fejl: {exc}")
        return 1
    except KeyboardInterrupt:
        pass
    return 0
