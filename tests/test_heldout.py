"""Held out means held out: no message of the held-out sets (tests/heldout, tests/heldout6,
tests/heldout7) is in any file the model, the classifiers, the matcher or the lexicons learn
from. Failures give counts only: the held-out messages are never printed."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = tuple(ROOT / "tests" / name for name in ("heldout", "heldout6", "heldout7"))  # sets 5-7
LEARNT_FROM = [
    *sorted((ROOT / "data").rglob("*.yml")),
    *sorted((ROOT / "bot").rglob("*.yml")),
    *sorted((ROOT / "knowledge").glob("*.yaml")),
]


def _said(text: str) -> str:
    return " ".join(re.sub(r"[^\wæøå]+", " ", text.lower()).split())


def test_no_held_out_message_is_learnt_from():
    held = set()
    for path in (p for folder in HELD_OUT for p in folder.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            if len(item["text"].split()) >= 3:  # "ja tak" may well be in both
                held.add(_said(item["text"]))
    assert len(held) > 1700  # the sets are there (set 5: 739 of three words or more)
    learnt = " \n ".join(_said(line) for p in LEARNT_FROM for line in p.read_text().splitlines())
    lines = set(learnt.split(" \n "))
    found = sum(1 for text in held if text in lines)
    assert found == 0, f"{found} held-out messages are in the training files"
