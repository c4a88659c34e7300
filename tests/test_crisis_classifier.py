"""The crisis check as the pipeline runs it (lexicon or classifier), on the three meetings a
tester played as real teams: the one crisis message is caught, no everyday message is."""

from pathlib import Path

import pytest
import yaml

from bot.safety.classifier import train_default
from bot.safety.component import CrisisCheck
from bot.safety.harassment import says_harassment

ROOT = Path(__file__).resolve().parents[1]
PLAYED = yaml.safe_load((ROOT / "tests" / "data" / "played_meetings.yml").read_text())


@pytest.fixture(scope="module")
def check():
    return CrisisCheck(None, None, train_default(ROOT / "data"))


def everyday():
    return [t for ts in PLAYED["meetings"].values() for t in ts if t not in PLAYED["crisis"]]


def test_the_crisis_in_a_meeting_is_caught(check):
    for text in PLAYED["crisis"]:
        assert check.says_crisis(text)


def test_no_everyday_message_of_the_meetings_is_a_crisis(check):
    alarms = [t for t in everyday() if check.says_crisis(t)]
    assert alarms == []


@pytest.mark.parametrize(
    "text",
    ["det sagde jeg jo", "jeg sagde en del", "Nej vent, jeg sagde en del, ikke meget"],
)
def test_corrections_are_not_a_crisis(check, text):
    assert not check.says_crisis(text)


def test_no_everyday_message_of_the_meetings_names_harassment():
    assert [t for t in everyday() if says_harassment(t)] == []
