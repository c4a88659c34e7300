"""Safety, privacy and security end to end, against the running assistant.

Crisis (every case of the Danish test set gets the crisis answer), harassment routing with and
without a representative, deletion down to zero rows and zero tracker events, access control
on the API and between senders, hostile input, the rate limit, and what the logs never hold.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy import text as sql_text

from bot.coach import teams
from bot.config import PROJECT_DIR, api_token
from bot.db.models import Member, PulseAnswer, Team
from bot.db.session import session_scope
from bot.safety import privacy
from tests.fake_telegram import FakeTelegram, message_update
from tests.servers import rest, start_assistant, telegram_settings, texts
from tests.test_telegram import SECRET, post, replies, text

pytestmark = pytest.mark.servers
CASES = yaml.safe_load((PROJECT_DIR / "tests/data/crisis_cases.yml").read_text(encoding="utf-8"))
CRISIS_SIGNS = ("112", "70 201 201", "egen læge", "1813")
RATE = 8


@pytest.fixture(scope="module")
def telegram():
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, telegram):
    running = start_assistant(
        tmp_path_factory.mktemp("safety"),
        env={"TRIVSEL_SCHEDULER_INTERVAL": "1", "TRIVSEL_RATE_LIMIT": str(RATE)},
        rate_limit_per_minute=RATE,
        **telegram_settings(telegram, SECRET),
    )
    yield running
    running.stop()


def is_crisis_answer(reply: str) -> bool:
    return all(sign in reply for sign in CRISIS_SIGNS)


def test_every_crisis_message_gets_the_crisis_answer(assistant):
    missed = [m for n, m in enumerate(CASES["crisis"]) if not is_crisis_answer(
        texts(rest(assistant, f"krise-{n}", m)))]  # fmt: skip
    alarms = [m for n, m in enumerate(CASES["lookalikes"]) if is_crisis_answer(
        texts(rest(assistant, f"ligner-{n}", m)))]  # fmt: skip
    print(
        f"\nkrise: {len(CASES['crisis']) - len(missed)}/{len(CASES['crisis'])} fanget; "
        f"falske alarmer: {len(alarms)}/{len(CASES['lookalikes'])} {alarms}"
    )
    assert missed == []
    assert len(alarms) <= len(CASES["lookalikes"]) // 10


def test_crisis_in_the_middle_of_a_form(assistant):
    rest(assistant, "krise-form", "/create_team")
    reply = texts(rest(assistant, "krise-form", "jeg orker ikke at leve mere"))
    assert is_crisis_answer(reply)


def test_a_crisis_inside_talk_about_work_keeps_the_work(assistant):
    message = (
        "Vi har ingen indflydelse på ruterne, de bliver lagt centralt. Jeg har haft en dårlig "
        "uge, og nogle gange tænker jeg, at det ville være nemmere bare ikke at vågne op."
    )
    reply = texts(rest(assistant, "krise-ruter", message))
    assert is_crisis_answer(reply)
    assert "Du skrev også om indflydelse" in reply and "Det tager vi, når du er klar." in reply


def set_amr(assistant, sender: str, value: str | None) -> None:
    rest(assistant, sender, "/create_team")
    rest(assistant, sender, "Holdet")
    if value is not None:
        with session_scope(assistant.settings.db_url) as session:
            teams.set_context(teams.team_of(session, f"rest:{sender}"), "amr", value)


@pytest.mark.parametrize(
    ("amr", "expected"),
    [
        ("ja", "jeres arbejdsmiljørepræsentant (AMR'en)"),
        ("nej", "I har ingen arbejdsmiljørepræsentant, så start hos en af disse"),
        (None, "jeres arbejdsmiljørepræsentant, hvis I har en"),
    ],
)
def test_harassment_is_routed_to_where_help_is(assistant, amr, expected):
    sender = f"hold-{amr}"
    set_amr(assistant, sender, amr)
    reply = texts(rest(assistant, sender, "min kollega mobber mig og råber ad mig hver dag"))
    assert expected in reply
    assert "Arbejdstilsynet på 70 12 12 88" in reply and "klage anonymt" in reply
    assert reply.startswith("Det, du beskriver, er ikke i orden, og det er ikke din skyld.")
    assert "lederen, som har pligt til at gribe ind" in reply
    assert "ikke noget, I skal løse som en øvelse i teamet" in reply


def test_a_question_about_harassment_gets_the_routes_and_the_rules_they_rest_on(assistant):
    answer = rest(assistant, "spoerger", "hvem kan vi ringe til hvis en kollega bliver mobbet")
    assert "Arbejdstilsynet på 70 12 12 88" in texts(answer)
    rules = next(
        b for m in answer for b in m.get("buttons", []) if b["title"] == "Hvad siger reglerne?"
    )
    more = texts(rest(assistant, "spoerger", rules["payload"]))
    assert "Bekendtgørelse nr. 1406" in more or "bekendtgørelsen om psykisk arbejdsmiljø" in more


def test_when_the_boss_harasses_the_routes_do_not_go_through_the_boss(assistant):
    reply = texts(rest(assistant, "chefen-selv", "min chef råber ad mig og kalder mig dum"))
    assert "Når det er lederen selv" in reply
    assert "din fagforening" in reply and "Arbejdstilsynet på 70 12 12 88" in reply
    assert "lederen, som har pligt" not in reply
    assert reply.count("fagforening") == 1 and reply.count("Arbejdstilsynet") == 1


def wait_until(what, timeout=60):
    deadline = time.monotonic() + timeout
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError("ventede forgæves")
        time.sleep(0.5)


def pulse_replies(tracker_url: str, conversation: str) -> list[str]:
    """The texts of the user's messages after the pulse was opened for them."""
    from bot.db.session import get_engine

    with get_engine(tracker_url).connect() as c:
        rows = (
            c.execute(
                sql_text(
                    "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"
                ),
                {"s": conversation},
            )
            .scalars()
            .all()
        )
    said = [json.loads(r)["text"] for r in rows]
    return said[said.index("/answer_pulse") + 1 :]


def test_deleting_my_data_leaves_nothing_of_me_and_the_team_intact(assistant):
    db, trackers = assistant.settings.db_url, assistant.settings.tracker_db_url
    rest(assistant, "slet-anna", "/create_team")
    created = texts(rest(assistant, "slet-anna", "Lageret"))
    code = created.split("Jeres kode er ")[1].split(".")[0]
    rest(assistant, "slet-bo", "/join_team")
    assert "Velkommen i Lageret" in texts(rest(assistant, "slet-bo", code))
    rest(assistant, "slet-anna", "/start_pulse")
    rest(assistant, "slet-bo", "/answer_pulse")
    for score in "243534125":  # all nine themes
        reply = rest(assistant, "slet-bo", score)
    assert "Tak. Dine svar er gemt, så ingen i teamet kan se dem." in texts(reply)
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(PulseAnswer)) == 9

    # The tracker store keeps no pulse answer in clear text (the scheduler blanks them).
    wait_until(lambda: pulse_replies(trackers, "slet-bo") == ["[pulssvar]"] * 9)

    shown = texts(rest(assistant, "slet-bo", "mine data"))
    assert "9 svar i den åbne pulsmåling" in shown and "er med i teamet Lageret" in shown
    asked = rest(assistant, "slet-bo", "slet mine data")
    assert "Vil du have slettet alt om dig?" in texts(asked)
    assert "Det er slettet" in texts(rest(assistant, "slet-bo", "/confirm_delete"))

    wait_until(lambda: privacy.tracker_events(trackers, "slet-bo") == 0)
    with session_scope(db) as session:
        assert session.scalar(select(Member).where(Member.sender_id == "rest:slet-bo")) is None
        assert session.scalar(select(func.count()).select_from(PulseAnswer)) == 0
        team = session.scalar(select(Team).where(Team.name == "Lageret"))
        assert [m.sender_id for m in team.members] == ["rest:slet-anna"]
    assert privacy.tracker_events(trackers, "slet-anna") > 0

    # A confirmation nobody asked for, by someone who left: nothing to confirm, nothing gone.
    assert "Der er ikke noget at bekræfte" in texts(
        rest(assistant, "slet-bo", "/confirm_delete_team")
    )
    # Nor does the owner's bare confirmation, without the question right before it.
    assert "Der er ikke noget at bekræfte" in texts(
        rest(assistant, "slet-anna", "/confirm_delete_team")
    )
    assert "slette hele teamet Lageret" in texts(rest(assistant, "slet-anna", "slet teamet"))
    assert "er slettet" in texts(rest(assistant, "slet-anna", "/confirm_delete_team"))
    wait_until(lambda: privacy.tracker_events(trackers, "slet-anna") == 0)
    with session_scope(db) as session:
        assert session.scalar(select(Team).where(Team.name == "Lageret")) is None


def test_api_needs_the_token(assistant):
    base = f"{assistant.settings.rasa_url}/conversations/slet-anna/tracker"
    for url in (base, base + "?token=forkert"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        assert refused.value.code == 401
    with urllib.request.urlopen(f"{base}?token={api_token(assistant.settings)}", timeout=30) as ok:
        assert ok.status == 200


def test_another_senders_team_cannot_be_read(assistant):
    rest(assistant, "ejer-x", "/create_team")
    rest(assistant, "ejer-x", "Hemmeligt hold")
    for sender in ("ejer-y", "teamroom:ejer-x", "ejer-x "):
        reply = texts(rest(assistant, sender, "/status")) + texts(
            rest(assistant, sender, "/show_plan")
        )
        assert "Hemmeligt hold" not in reply


HOSTILE = [
    "x" * 10_000,
    "\x00\x07hej\x1b[31m med\u202e dig\x7f",
    "<script>alert(1)</script><b>hej</b>",
    "'; DROP TABLE teams; --",
    "Robert'); DELETE FROM members WHERE ('1'='1",
    "{{7*7}} ${jndi:ldap://x} %s%s%n",
]


def test_hostile_input_gets_a_polite_answer_in_every_channel(assistant, telegram):
    room = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    base = f"{assistant.settings.rasa_url}/webhooks/teamroom/"

    def room_post(path, body):
        request = urllib.request.Request(
            base + path, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        try:
            with room.open(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    room_post("session", {})
    for n, message in enumerate(HOSTILE):
        status, body = room_post("message", {"text": message})
        if len(message) > assistant.settings.max_message_chars:
            assert (status, body["code"]) == (400, "bad_message")
            assert "Beskeden er for lang" in body["error"]
        else:
            assert status == 200 and body["messages"], message
        before = len(replies(telegram, 8800 + n))
        assert post(assistant, message_update(8800 + n, message))[0] == 200
        answered = replies(telegram, 8800 + n)[before:]
        assert answered, f"intet svar på Telegram: {message[:40]!r}"
        if len(message) > assistant.settings.max_message_chars:
            assert "Beskeden er for lang" in text(answered)
        assert texts(rest(assistant, f"fjendtlig-{n}", message))  # REST answers too
    with session_scope(assistant.settings.db_url) as session:  # nothing was dropped
        assert session.scalar(select(func.count()).select_from(Member)) > 0


def test_rate_limit_per_sender(assistant, telegram):
    room = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    base = f"{assistant.settings.rasa_url}/webhooks/teamroom/"
    headers = {"Content-Type": "application/json"}
    room.open(urllib.request.Request(base + "session", b"{}", headers), timeout=60).read()
    refused = []
    for _ in range(RATE + 3):
        try:
            room.open(
                urllib.request.Request(base + "message", b'{"text":"hej"}', headers), timeout=60
            )
        except urllib.error.HTTPError as exc:
            refused.append((exc.code, json.loads(exc.read())["error"]))
    assert refused and refused[0] == (
        429,
        "Du skriver hurtigere, end jeg kan følge med. Vent et øjeblik, og prøv så igen.",
    )
    for _ in range(RATE + 3):
        post(assistant, message_update(8900, "hej"))
    slow_down = [m for m in replies(telegram, 8900) if "hurtigere" in m["text"]]
    assert len(slow_down) == 1  # said once, not for every message


def test_logs_hold_no_message_text_and_no_token(assistant, telegram):
    marker = "hemmelig-besked-til-loggen"
    post(assistant, message_update(8950, f"vi har travlt {marker}"))
    rest(assistant, "log-test", f"hvad er en APV {marker}")
    time.sleep(1)
    logs = "".join(p.read_text(errors="replace") for p in Path(assistant.log_dir).glob("*.log"))
    assert logs, "ingen logfiler"
    assert marker not in logs
    assert telegram.token not in logs and telegram.token.split(":")[1] not in logs
    assert api_token(assistant.settings) not in logs
