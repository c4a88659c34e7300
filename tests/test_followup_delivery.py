"""Follow-ups delivered by the scheduler: real PostgreSQL (started here), the real assistant,
the real Telegram channel, and the local Bot API server in place of Telegram.

Each follow-up is sent exactly once with two schedulers on one database, after downtime,
across a restart of every process, and after a failed delivery.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.coach import followups, plan
from bot.coach.teams import create_team
from bot.config import PROJECT_DIR
from bot.db.migrate import upgrade
from bot.db.models import FollowUp, utcnow
from bot.db.session import session_scope
from tests.fake_telegram import FakeTelegram
from tests.postgres import PostgresServer
from tests.servers import start_assistant, telegram_settings
from tests.test_telegram import SECRET, button, press, replies, text

pytestmark = pytest.mark.servers
DUE_TEXT = "tid til at følge op"


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    upgrade(server.url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def telegram():
    with FakeTelegram() as fake:
        yield fake


def start(tmp_path, postgres, telegram):
    return start_assistant(
        tmp_path,
        env={"TRIVSEL_SCHEDULER_INTERVAL": "1", "TRIVSEL_SCHEDULER_RETRY": "1"},
        db_url=postgres.url,
        **telegram_settings(telegram, SECRET),
    )


def team_with_followup(db_url: str, chat_id: int, due_in: timedelta) -> int:
    """A team reached in a Telegram chat, with one action and a check-in due at now + due_in."""
    with session_scope(db_url) as session:
        team = create_team(session, f"telegram:{chat_id}", f"Team {chat_id}")
        plan.add_action(session, team, "Fast frokostpause", "formanden", None)
        followup = followups.schedule_checkin(session, team, date.today())
        followup.due_at = utcnow() + due_in
        session.flush()
        return followup.id


def rows(db_url: str, ids: list[int]) -> list[FollowUp]:
    with session_scope(db_url) as session:
        return list(session.scalars(select(FollowUp).where(FollowUp.id.in_(ids))))


def wait_sent(db_url: str, ids: list[int], timeout: float = 120) -> list[FollowUp]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = rows(db_url, ids)
        if all(f.status == "sent" for f in found):
            return found
        time.sleep(0.5)
    raise AssertionError(
        f"ikke sendt: {[(f.id, f.status, f.last_error) for f in rows(db_url, ids)]}"
    )


def pushed(telegram: FakeTelegram, chat_id: int) -> list[dict]:
    return [m for m in replies(telegram, chat_id) if DUE_TEXT in m["text"]]


def scheduler_process(assistant) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "scheduler"],
        cwd=PROJECT_DIR,
        env={**assistant.env(), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_two_schedulers_send_each_overdue_followup_once(tmp_path, postgres, telegram):
    chats = list(range(7001, 7013))
    ids = [team_with_followup(postgres.url, chat, -timedelta(hours=1)) for chat in chats]
    assistant = start(tmp_path, postgres, telegram)  # its own scheduler is the first instance
    second = scheduler_process(assistant)
    try:
        sent = wait_sent(postgres.url, ids)
        time.sleep(3)  # several more ticks of both: nothing is sent again
        assert {chat: len(pushed(telegram, chat)) for chat in chats} == dict.fromkeys(chats, 1)
        workers = Counter(f.claimed_by for f in sent)
        print(f"\nopfølgninger pr. planlægger: {dict(workers)}")
        assert sum(workers.values()) == len(chats)
    finally:
        second.terminate()
        second.wait(30)
        assistant.stop()


def test_followup_survives_a_restart_of_every_process(tmp_path, postgres, telegram):
    assistant = start(tmp_path, postgres, telegram)
    followup = team_with_followup(postgres.url, 7101, timedelta(seconds=5))
    assistant.stop()  # everything stops before it is due
    assert rows(postgres.url, [followup])[0].status == "pending"
    assistant = start(tmp_path, postgres, telegram)
    try:
        (sent,) = wait_sent(postgres.url, [followup])
        print(f"\nsendt {(sent.sent_at - sent.due_at).total_seconds():.1f} s efter forfald")
    finally:
        assistant.stop()
    assistant = start(tmp_path, postgres, telegram)
    try:
        time.sleep(3)
        assert len(pushed(telegram, 7101)) == 1
    finally:
        assistant.stop()


def test_failed_delivery_is_retried_and_then_the_checkin_runs(tmp_path, postgres, telegram):
    assistant = start(tmp_path, postgres, telegram)
    try:
        telegram.fail_next("sendMessage", status=400)  # Telegram refuses the first try
        followup = team_with_followup(postgres.url, 7201, timedelta(0))
        (sent,) = wait_sent(postgres.url, [followup])
        assert sent.attempts >= 1 and sent.last_error is None
        assert len(pushed(telegram, 7201)) == 1
        failed = [c for c in telegram.calls if c.failed and c.params.get("chat_id") == 7201]
        assert len(failed) == 1

        # The team answers the follow-up: the check-in, then the next one is agreed.
        asked = press(
            assistant, telegram, 7201, button(pushed(telegram, 7201), "Følg op nu")["callback_data"]
        )
        assert "Nr. 1: Fast frokostpause (formanden, ingen frist). Hvordan står det til?" in text(
            asked
        )
        for answer in ["I gang", "Fortsæt", "Spring over", "Travlhed", "Vi hjælper hinanden"]:
            press(assistant, telegram, 7201, answer)
        done = text(press(assistant, telegram, 7201, "Nej, ikke nu"))
        assert "Tak. Opfølgningen er gemt: 1 handling er i gang." in done
        assert "Det har I lært: Vi hjælper hinanden" in done
        assert "Næste opfølgning: " in done
        with session_scope(postgres.url) as session:
            states = (
                session.execute(select(FollowUp.status).where(FollowUp.team_id == sent.team_id))
                .scalars()
                .all()
            )
        assert sorted(states) == ["done", "pending"]
    finally:
        assistant.stop()


def test_concurrent_claims_never_overlap(postgres):
    """Four schedulers claiming at the same moment: every due row once, none twice."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.scheduler import claim_due

    ids = [team_with_followup(postgres.url, 7300 + n, -timedelta(minutes=1)) for n in range(60)]
    now = utcnow()

    def claim_all(worker: str) -> list[int]:
        mine = []
        while batch := claim_due(postgres.url, worker, now, limit=5):
            mine += batch
        return mine

    with ThreadPoolExecutor(4) as pool:
        claimed = list(pool.map(claim_all, ["a", "b", "c", "d"]))
    everything = [i for batch in claimed for i in batch]
    mine = [i for i in everything if i in ids]
    assert sorted(mine) == sorted(ids) and len(set(mine)) == len(mine)
