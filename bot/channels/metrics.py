"""/metrics on the Rasa server, for Prometheus (bot/metrics.py). Counts only: nothing in it names
a message, a person or a team. Listed in credentials.yml, as Rasa finds its channels there."""

from __future__ import annotations

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request


class MetricsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "metrics"

    def url_prefix(self) -> str:
        return "/"  # /metrics, where Prometheus looks, not under /webhooks/

    def blueprint(self, on_new_message) -> Blueprint:
        bp = Blueprint("metrics", __name__)

        @bp.get("/metrics")
        async def metrics(request: Request):
            from bot.metrics import exposition

            body, content_type = exposition()
            return response.raw(body, content_type=content_type)

        return bp
