"""Round trips through the team room and Telegram, and how soon the scheduler notices a due
follow-up. Telegram's servers are replaced by the local Bot API server of the tests."""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.request
from datetime import date, timedelta

from bot.coach import followups, plan
from bot.coach.teams import create_team
from bot.db.models import utcnow
from bot.db.session import session_scope
from tests.fake_telegram import message_update

ROUNDS = 30


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def figures(values: list[float]) -> dict[str, float]:
    return {"median_ms": percentile(values, 0.5), "p95_ms": percentile(values, 0.95)}


def team_room(rasa_url: str) -> dict[str, float]:
    """Page session, then messages as the browser sends them (with the session cookie)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    base = f"{rasa_url}/webhooks/teamroom/"

    def post(path: str, body: dict) -> None:
        request = urllib.request.Request(
            base + path, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        opener.open(request, timeout=60).read()

    post("session", {})
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        post("message", {"text": "hvor er vi?"})
        times.append((time.perf_counter() - start) * 1000)
    return figures(times)


def telegram(rasa_url: str, secret: str, fake) -> dict[str, float]:
    """Webhook post to the reply reaching the Bot API server. One chat per message: within
    one chat the channel keeps about a second between messages, as Telegram asks, and that
    pause would be measured instead of the round trip."""
    times = []
    for n in range(ROUNDS):
        chat = 9000 + n
        start = time.perf_counter()
        request = urllib.request.Request(
            f"{rasa_url}/webhooks/telegram/webhook",
            json.dumps(message_update(chat, "/status")).encode(),
            {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
        )
        urllib.request.urlopen(request, timeout=60).read()
        while not fake.sent("sendMessage", chat_id=chat):
            time.sleep(0.001)
        times.append((time.perf_counter() - start) * 1000)
    return figures(times)


def scheduler_notice(db_url: str, fake, samples: int = 3) -> list[float]:
    """Seconds from a follow-up falling due to its message reaching Telegram."""
    found = []
    for n in range(samples):
        chat = 9500 + n
        with session_scope(db_url) as session:
            team = create_team(session, f"telegram:{chat}", f"Bench {n}")
            plan.add_action(session, team, "Fast frokostpause", "formanden", None)
            followup = followups.schedule_checkin(session, team, date.today())
            followup.due_at = utcnow() + timedelta(seconds=1)
            due = followup.due_at
        while not fake.sent("sendMessage", chat_id=chat):
            time.sleep(0.05)
        found.append((utcnow() - due).total_seconds())
    return found


def crisis(target) -> tuple[int, int, int, int]:
    """(caught, crisis cases, false alarms, look-alikes) for tests/data/crisis_cases.yml,
    end to end through the REST channel (`target`: a bench Target)."""
    import yaml

    from bot.config import PROJECT_DIR

    cases = yaml.safe_load((PROJECT_DIR / "tests/data/crisis_cases.yml").read_text("utf-8"))

    def crisis_answer(sender: str, message: str) -> bool:
        request = urllib.request.Request(
            target.url,
            json.dumps({"sender": sender, "message": message}).encode(),
            {"Content-Type": "application/json", **target.headers},
        )
        replies = json.loads(urllib.request.urlopen(request, timeout=60).read())
        said = " ".join(r.get("text", "") for r in replies)
        return "112" in said and "70 201 201" in said

    caught = sum(crisis_answer(f"k{n}", m) for n, m in enumerate(cases["crisis"]))
    alarms = sum(crisis_answer(f"l{n}", m) for n, m in enumerate(cases["lookalikes"]))
    return caught, len(cases["crisis"]), alarms, len(cases["lookalikes"])
