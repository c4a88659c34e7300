"""The action server: rasa_sdk's app with our actions, on 127.0.0.1 (or TRIVSEL_ACTION_HOST, in a
cluster on several hosts), refusing every call that does not carry the installation's action
token.

Rasa sends the token as the query parameter `token` (endpoints.yml, `action_endpoint.token`,
written by bot/servers.py); `Authorization: Bearer <token>` is accepted too. The token comes
from TRIVSEL_ACTION_TOKEN or the file `action_token` (mode 600) in the data folder, never from
the command line. `python -m bot.launch.actions` (bot/servers.py starts it).
"""

from __future__ import annotations

import hmac
import logging

from sanic import Sanic, response
from sanic.request import Request

from bot.config import action_token, load_settings

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health", "/metrics"})  # "ok"; counts without names (bot/metrics.py)
REFUSED = {"error": "Adgang nægtet: action-serveren kræver installationens token."}


def given_token(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.args.get("token", "")


def token_ok(request: Request, token: str) -> bool:
    given = given_token(request)
    return bool(token) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def create_app(token: str, actions: str = "actions") -> Sanic:
    """rasa_sdk's app, behind the token. No CORS: only Rasa calls it, never a browser."""
    from rasa_sdk.endpoint import create_app as sdk_app

    if not token:
        raise ValueError("action-serveren skal have et token")
    app = sdk_app(actions, cors_origins="")

    @app.middleware("request")
    async def require_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not token_ok(request, token):
            return response.json(REFUSED, status=401)
        return None

    @app.listener("before_server_start")
    async def build_knowledge_index(app, loop):
        # Before the server listens, and so before the launcher sees it healthy.
        from bot.concurrency import in_thread
        from bot.kb.service import warm

        try:
            entries = await in_thread(warm)
            logger.info("Vidensbasen er indlæst: %d indgange", entries)
        except Exception as error:  # an empty or missing knowledge base: the actions say so
            logger.warning("Vidensbasen kunne ikke indlæses ved start (%s)", error)

    @app.get("/metrics")
    async def metrics(request: Request):
        from bot.metrics import exposition

        body, content_type = exposition()
        return response.raw(body, content_type=content_type)

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception):
        # rasa_sdk's own handler answers with the whole request body (the tracker, every
        # message of the conversation in it), which Rasa then logs: name the error only.
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            from bot.metrics import ACTION_ERRORS

            ACTION_ERRORS.labels(type(exception).__name__).inc()
            logger.error("En action fejlede (%s)", type(exception).__name__, exc_info=exception)
        return response.json({"error": type(exception).__name__}, status=status)

    return app


def main() -> int:
    from rasa_sdk import utils

    from bot.launch import logs

    settings = load_settings()
    token = action_token(settings)
    utils.configure_colored_logging(logging.INFO)
    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    utils.update_sanic_log_level()
    logs.install()
    app = create_app(token)
    host = settings.action_host
    logger.info("Action-serveren lytter på http://%s:%s", host, settings.action_port)
    app.run(host, settings.action_port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
