"""The scheduler: finds due follow-ups, claims each one atomically and triggers the follow-up
conversation on the team's channels through Rasa's authenticated HTTP API.

- Claiming is a compare-and-set (pending -> sending) on each row, after a
  `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL: with any number of schedulers on one
  database, each follow-up is claimed by exactly one. On SQLite one scheduler is enough.
- A follow-up that could not be delivered goes back to pending with a later `next_try_at`
  (backoff); one that is overdue after downtime is one row and so is sent once.
- A claim left behind by a scheduler that died is released after STALE_CLAIM.
- Each tick also runs the privacy jobs (bot/safety/privacy.py): the tracker events of people
  who asked to be forgotten, and teams inactive for TRIVSEL_RETENTION_DAYS. Pulse answers
  never reach the tracker store in clear text (bot/tracker_store.py).
- Teams on the web team room only: nothing can be pushed there; the row is marked sent and the
  team room shows it when the team next opens it.

`make run` starts it as its own process (`trivselscoach scheduler`).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from datetime import datetime, timedelta
from urllib.parse import quote

import httpx
from sqlalchemy import or_, select, update

from bot.config import Settings, api_token, load_settings
from bot.db.models import FollowUp, Member, utcnow
from bot.db.session import session_scope
from bot.safety import privacy

logger = logging.getLogger(__name__)
STALE_CLAIM = timedelta(minutes=10)
MAX_DELAY = timedelta(hours=6)
PUSH_CHANNELS = ("telegram",)  # channels that can start a conversation


def claim_due(db_url: str, worker: str, now: datetime, limit: int = 20) -> list[int]:
    """Claim up to `limit` due follow-ups for this worker; their ids."""
    with session_scope(db_url) as session:
        candidates = (
            select(FollowUp.id)
            .where(
                FollowUp.status == "pending",
                FollowUp.due_at <= now,
                or_(FollowUp.next_try_at.is_(None), FollowUp.next_try_at <= now),
            )
            .order_by(FollowUp.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claimed = []
        for followup_id in session.scalars(candidates).all():
            result = session.execute(
                update(FollowUp)
                .where(FollowUp.id == followup_id, FollowUp.status == "pending")
                .values(status="sending", claimed_by=worker, claimed_at=now)
            )
            if result.rowcount == 1:
                claimed.append(followup_id)
        return claimed


def release_stale(db_url: str, now: datetime) -> int:
    """Claims older than STALE_CLAIM belong to a scheduler that died: make them pending."""
    with session_scope(db_url) as session:
        result = session.execute(
            update(FollowUp)
            .where(FollowUp.status == "sending", FollowUp.claimed_at < now - STALE_CLAIM)
            .values(status="pending", claimed_by=None)
        )
        return result.rowcount


def targets(db_url: str, followup_id: int) -> list[tuple[str, str]]:
    """(conversation id, output channel) for each member who can be written to first."""
    with session_scope(db_url) as session:
        team_id = session.scalar(select(FollowUp.team_id).where(FollowUp.id == followup_id))
        senders = session.scalars(select(Member.sender_id).where(Member.team_id == team_id))
        found = []
        for sender in senders:
            channel, _, conversation = sender.partition(":")
            if channel in PUSH_CHANNELS and conversation:
                found.append((conversation, channel))
        return found


def trigger(settings: Settings, client: httpx.Client, conversation: str, channel: str) -> None:
    """Start the follow-up conversation there; raises on any failure."""
    reply = client.post(
        f"{settings.rasa_url}/conversations/{quote(conversation, safe='')}/trigger_intent",
        params={"output_channel": channel, "token": api_token(settings)},
        json={"name": "EXTERNAL_followup", "entities": {"channel": channel}},
        timeout=120,
    )
    if reply.status_code != 200:
        raise RuntimeError(f"Rasa svarede {reply.status_code}")


def finish(db_url: str, followup_id: int, error: str | None, retry_base: float) -> None:
    from bot.metrics import FOLLOWUPS

    now = utcnow()
    with session_scope(db_url) as session:
        followup = session.get(FollowUp, followup_id)
        # sent at the first try, sent after failed tries ("retried"), or a try that failed
        outcome = "failed" if error else "retried" if followup.attempts else "sent"
        FOLLOWUPS.labels(outcome).inc()
        if error is None:
            followup.status, followup.sent_at, followup.last_error = "sent", now, None
            return
        followup.attempts += 1
        delay = min(timedelta(seconds=retry_base * 2 ** (followup.attempts - 1)), MAX_DELAY)
        followup.status, followup.next_try_at = "pending", now + delay
        followup.last_error = error[:500]


def deliver(settings: Settings, client: httpx.Client, followup_id: int, retry_base: float) -> bool:
    errors = []
    delivered = 0
    for conversation, channel in targets(settings.db_url, followup_id):
        try:
            trigger(settings, client, conversation, channel)
            delivered += 1
        except (httpx.HTTPError, RuntimeError) as exc:
            errors.append(f"{channel}: {exc}")
    failed = bool(errors) and delivered == 0
    if errors:
        logger.warning("Opfølgning %s: %s", followup_id, "; ".join(errors))
    finish(settings.db_url, followup_id, "; ".join(errors) if failed else None, retry_base)
    return not failed


def run_once(settings: Settings, worker: str, client: httpx.Client, retry_base: float) -> int:
    """One tick: the privacy jobs (deletions, inactive teams), then release stale
    claims, claim what is due and deliver it. Delivered count."""
    now = utcnow()
    privacy.run_deletions(settings.db_url, settings.tracker_db_url, now)
    if expired := privacy.expire_inactive(settings.db_url, settings.retention_days, now):
        logger.info("Slettede %d inaktive team(s)", expired)
    if idle := privacy.expire_teamless(
        settings.db_url, settings.tracker_db_url, settings.retention_days, now
    ):
        logger.info("Slettede %d samtale(r) uden team", idle)
    release_stale(settings.db_url, now)
    return sum(
        deliver(settings, client, followup_id, retry_base)
        for followup_id in claim_due(settings.db_url, worker, now)
    )


def run(settings: Settings | None = None) -> int:
    """`trivselscoach scheduler`: tick every TRIVSEL_SCHEDULER_INTERVAL seconds until stopped."""
    settings = settings or load_settings()
    interval = float(os.environ.get("TRIVSEL_SCHEDULER_INTERVAL", "30"))
    retry_base = float(os.environ.get("TRIVSEL_SCHEDULER_RETRY", "60"))
    worker = f"{socket.gethostname()}:{os.getpid()}"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs carry the API token
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    logger.info("Planlæggeren kører (%s, hvert %.0f. sekund)", worker, interval)
    if port := int(os.environ.get("TRIVSEL_SCHEDULER_METRICS_PORT", "0") or 0):
        from prometheus_client import start_http_server

        start_http_server(port, addr="127.0.0.1")  # /metrics (bot/metrics.py)
    with httpx.Client() as client:
        while not stopping:
            try:
                sent = run_once(settings, worker, client, retry_base)
                if sent:
                    logger.info("Sendte %d opfølgning(er)", sent)
            except Exception:  # the database may be restarting: try again next tick
                logger.exception("Planlæggeren fejlede i denne runde")
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))
    return 0
