"""What an operator's Prometheus reads (prometheus-client): counts and times, never a message's
text, a chat or a team.

Each process serves its own figures: the Rasa server at /metrics (turns, their time, those
left unanswered), the action server at /metrics (action errors, pulse rounds), the scheduler
on TRIVSEL_SCHEDULER_METRICS_PORT (follow-ups sent, failed, to be tried again). In a cluster,
scrape each replica's ports, not the load balancer's, which would alternate between them.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

TURNS = Counter("trivsel_turns", "Beskeder, coachen har behandlet", ["channel"])
TURN_SECONDS = Histogram(
    "trivsel_turn_seconds",
    "Tid fra en besked kom, til coachens svar var klar",
    ["channel"],
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10),
)
UNANSWERED = Counter(
    "trivsel_unanswered", "Beskeder uden svar (en server eller databasen nede)", ["channel"]
)
ACTION_ERRORS = Counter("trivsel_action_errors", "Actions, der fejlede", ["error"])
# outcome: sent (at the first try), retried (sent after failed tries), failed (one failed try,
# tried again later)
FOLLOWUPS = Counter("trivsel_followups", "Forsøg på at sende en opfølgning", ["outcome"])
PULSE_ROUNDS = Counter("trivsel_pulse_rounds", "Pulsmålinger, der er åbnet")


@contextmanager
def turn(channel: str):
    """Count one message of `channel` and time it (also when it fails)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        TURNS.labels(channel).inc()
        TURN_SECONDS.labels(channel).observe(time.perf_counter() - started)


def exposition() -> tuple[bytes, str]:
    """The figures in Prometheus's text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
