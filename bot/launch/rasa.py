"""The Rasa server, started in this process the way `rasa run` starts it, but:

- the HTTP API's token is read here (RASA_TOKEN or the file `rasa_token` in the data folder),
  never passed as `--auth-token`, so `ps` does not show it;
- the request body is capped before it is read (TRIVSEL_MAX_REQUEST_BYTES, 64 KB by default,
  given to Sanic as SANIC_REQUEST_MAX_SIZE): a bigger request gets 413 at once;
- the logs hold no message text, chat ids or tokens (bot/launch/logs.py);
- the action server's answers are checked against a schema compiled once
  (bot/launch/action_results.py).

`python -m bot.launch.rasa --model M --endpoints E --credentials C --interface H --port P`
(bot/servers.py starts it).
"""

from __future__ import annotations

import argparse
import os
import sys

from bot.config import api_token, load_settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.launch.rasa")
    parser.add_argument("--model", required=True)
    parser.add_argument("--endpoints", required=True)
    parser.add_argument("--credentials", required=True)
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = load_settings()
    token = api_token(settings)
    # Sanic reads SANIC_* when Rasa creates its app, below.
    os.environ["SANIC_REQUEST_MAX_SIZE"] = str(settings.max_request_bytes)

    # What `rasa run` does before it serves (rasa/__main__.py), without telemetry.
    from rasa.utils import io as rasa_io
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    from rasa.utils.tensorflow import environment as tf_env

    configure_logging_and_warnings(None, None, warn_only_once=True, filter_repeated_logs=True)
    tf_env.setup_tf_environment()
    tf_env.check_deterministic_ops()
    sys.path.insert(1, os.getcwd())  # custom components and channels (bot.*)
    rasa_io.configure_colored_logging(None)
    configure_structlog(None)

    from bot.launch import action_results, logs

    logs.install()
    action_results.install()

    import rasa.api

    rasa.api.run(
        model=args.model,
        endpoints=args.endpoints,
        credentials=args.credentials,
        enable_api=True,  # the scheduler triggers follow-ups through it, with the token
        auth_token=token,
        interface=args.interface,
        port=args.port,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
