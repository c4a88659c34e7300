"""Typed answers to the coach's questions, read by bot/coach/reading, against a labelled set.

`python -m bench.form_answers tests/dev/form_answers.yml [--show]` prints the share read
right; `--show` lists the misses (only ever for a development set, never the held-out one).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml

from bot.coach.reading.choice import Option
from bot.coach.reading.questions import read

# The three cards the set's "choose" items answer (tests/heldout/README.md).
CARDS = [
    Option("1", "Fælles prioritering af opgaverne", ("prioritering", "prioritere")),
    Option("2", "Korte, fokuserede eksperimenter", ("eksperiment", "forsøg")),
    Option("3", "Fishbone-workshop: find årsager og løsninger sammen", ("fiskeben", "fishbone")),
]


def meaning(reading, question: str):
    if reading is None:
        return None
    if reading.control:
        return f"control:{reading.control}"
    value = reading.value
    if question == "plan_deadline":
        return value.isoformat()
    if isinstance(value, list):
        return sorted(value)
    return str(value)


def evaluate(path: Path, show: bool = False, per_question: dict | None = None) -> tuple[int, int]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = date.fromisoformat(str(data.get("today", "2026-12-01")))
    right = 0
    for item in data["items"]:
        got = meaning(read(item["question"], item["text"], today, CARDS), item["question"])
        expected = item["expect"]
        expected = sorted(expected) if isinstance(expected, list) else str(expected)
        if item["question"] == "map_words" and expected == "text":
            ok = got is not None and not str(got).startswith("control:")
        else:
            ok = got == expected
        right += ok
        if per_question is not None:
            seen = per_question.setdefault(item["question"], [0, 0])
            seen[0] += ok
            seen[1] += 1
        if show and not ok:
            print(f"{item['question']:18} {item['text']!r:60} want {expected} got {got}")
    return right, len(data["items"])


if __name__ == "__main__":
    questions: dict[str, list[int]] = {}
    right, total = evaluate(Path(sys.argv[1]), show="--show" in sys.argv, per_question=questions)
    print(f"{right}/{total} = {right / total:.3f}")
    if "--per-question" in sys.argv:
        for question, (ok, n) in sorted(questions.items()):
            print(f"  {question:18} {ok}/{n}")
