"""The three meetings a tester played as real teams (tests/data/played_meetings.yml), replayed
message by message against the running assistant: the one crisis message gets the crisis
answer and keeps the work it also named, no everyday message gets the crisis or harassment
answer, every message gets a reply, and every reply keeps the house style for Danish. Prints how often the coach said it did not follow."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.danish import problems
from tests.servers import rest, texts

pytestmark = pytest.mark.servers

PLAYED = yaml.safe_load(
    (Path(__file__).parent / "data" / "played_meetings.yml").read_text(encoding="utf-8")
)
# Both crisis answers (about oneself, about someone else) end so; the answer to a leader's
# strain names Livslinien too, as a route, and is no crisis answer.
CRISIS_MARK = "Jeg er en chatbot og ikke en krisetjeneste"
HARASSMENT_MARK = "Mobning, chikane og vold er ikke noget"
NOT_FOLLOWED = ("Det forstod jeg ikke", "Det er jeg ikke sikker på", "Jeg er stadig ikke sikker")


@pytest.fixture(scope="module")
def assistant(shared_assistant):
    return shared_assistant


@pytest.mark.parametrize("meeting", sorted(PLAYED["meetings"]))
def test_a_played_meeting_replayed(assistant, meeting):
    alarms, harassment, silent, not_followed, style = [], [], [], 0, []
    for message in PLAYED["meetings"][meeting]:
        reply = texts(rest(assistant, f"replay-{meeting}", message))
        crisis = message in PLAYED["crisis"]
        if crisis:
            assert CRISIS_MARK in reply and "Du skrev også om" in reply
        elif CRISIS_MARK in reply:
            alarms.append(message)
        if HARASSMENT_MARK in reply:
            harassment.append(message)
        if not reply.strip():
            silent.append(message)
        not_followed += any(mark in reply for mark in NOT_FOLLOWED)
        style += [(message, p) for p in problems(reply)]
    print(f"\n{meeting}: {len(PLAYED['meetings'][meeting])} beskeder, {not_followed} ikke forstået")
    assert alarms == []
    assert harassment == []
    assert silent == []
    assert style == []  # decimal commas, "ingen" for none, no raw values, no emoji
