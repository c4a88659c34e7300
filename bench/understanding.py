"""How well the trained assistant understands typed Danish, on labelled sets.

    python -m bench.understanding tests/dev [--show]      # a development set: misses listed
    python -m bench.understanding tests/heldout            # the held-out set: figures only

Intents (intents.yml), themes (themes.yml: every theme of a message found), knowledge
questions (knowledge.yml: answered by the right entry; and "first shown": the right entry is
the answer or, where the question asks for ideas, the first suggestion), crisis (crisis.yml: recall and false
alarms, through the whole NLU pipeline) and typed form answers (form_answers.yml, read by
bot/coach/reading). The model is models/current.tar.gz; the knowledge base is read from
knowledge/.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import PROJECT_DIR

MODEL = PROJECT_DIR / "models" / "current.tar.gz"


@dataclass
class Score:
    name: str
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.right += ok
        self.total += 1
        if not ok:
            self.misses.append(miss)

    def renamed(self, name: str) -> Score:
        return Score(name, self.right, self.total, self.misses)

    def line(self) -> str:
        share = self.right / self.total if self.total else 0.0
        return f"{self.name:28} {self.right:4}/{self.total:<4} {share:.3f}".replace(".", ",")


def _items(folder: Path, name: str) -> list[dict]:
    path = folder / name
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


class Parser:
    """The trained NLU pipeline, loaded once."""

    def __init__(self, model: Path = MODEL):
        import structlog
        from rasa.core.agent import Agent

        # Rasa's structured log prints every parsed message at debug level unless told not
        # to: a held-out message must never be shown.
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
        self.agent = Agent.load(str(model))

    def parse(self, text: str) -> dict:
        return asyncio.run(self.agent.parse_message(text))


def knowledge_entry(parsed: dict, text: str, index) -> str | None:
    """The entry the assistant answers a message with, as action_answer_knowledge does."""
    from bot.config import load_settings
    from bot.safety import harassment

    intent = (parsed.get("intent") or {}).get("name")
    named = [e["value"] for e in parsed.get("entities", []) if e.get("entity") == "kb_id"]
    if intent == "harassment":
        return harassment.ENTRY  # its answer is made from that entry, and offers it
    if intent not in ("ask_knowledge", "nlu_fallback"):
        return None
    if named and named[0] in index.by_id:
        return named[0]
    hits = index.search(text, limit=1, min_score=load_settings().kb_min_score)
    return hits[0].entry.id if hits else None


def first_answer(parsed: dict, text: str, index) -> str | None:
    """The entry the assistant shows first: its knowledge answer, or, for a request for
    ideas, the first suggestion (as action_suggest_interventions shows them)."""
    from bot.coach import recommend

    entry = knowledge_entry(parsed, text, index)
    if entry is not None or (parsed.get("intent") or {}).get("name") != "ask_intervention":
        return entry
    themes = [e["value"] for e in parsed.get("entities", []) if e.get("entity") == "theme"]
    shown = recommend.suggest(index, themes[0] if themes else None, text)
    return shown[0].entry.id if shown else None


def run(folder: Path, show: bool = False) -> list[Score]:
    from bench.form_answers import evaluate
    from bot.kb.loader import load_directory
    from bot.kb.search import KnowledgeIndex

    parser = Parser()
    index = KnowledgeIndex(load_directory(PROJECT_DIR / "knowledge"))
    scores = []

    intents = Score("intents")
    for item in _items(folder, "intents.yml"):
        got = parser.parse(item["text"])["intent"]["name"]
        intents.add(got == item["intent"], f"{item['intent']:18} got {got:18} {item['text']}")
    scores.append(intents)

    themes, theme_recall = Score("themes (exact set)"), Score("themes (each found)")
    for item in _items(folder, "themes.yml"):
        parsed = parser.parse(item["text"])
        got = {e["value"] for e in parsed.get("entities", []) if e.get("entity") == "theme"}
        want = set(item["themes"])
        themes.add(got == want, f"want {sorted(want)} got {sorted(got)}: {item['text']}")
        for theme in want:
            theme_recall.add(theme in got, f"missed {theme}: {item['text']}")
    scores += [themes, theme_recall]

    knowledge, shown_first = Score("knowledge questions"), Score("knowledge: first shown")
    for item in _items(folder, "knowledge.yml"):
        parsed, wanted = parser.parse(item["text"]), {item["entry"], *(item.get("also") or [])}
        got = knowledge_entry(parsed, item["text"], index)
        knowledge.add(got in wanted, f"want {item['entry']} got {got}: {item['text']}")
        first = first_answer(parsed, item["text"], index)
        shown_first.add(first in wanted, f"want {item['entry']} first {first}: {item['text']}")
    scores += [knowledge, shown_first]

    recall, alarms = Score("crisis recall"), Score("crisis: no false alarm")
    for item in _items(folder, "crisis.yml"):
        flagged = parser.parse(item["text"])["intent"]["name"] == "crisis"
        if item["crisis"]:
            recall.add(flagged, f"MISS {item['kind']}: {item['text']}")
        else:
            alarms.add(not flagged, f"FALSE {item['kind']}: {item['text']}")
    scores += [recall, alarms]

    forms = Score("typed form answers")
    if (folder / "form_answers.yml").exists():
        forms.right, forms.total = evaluate(folder / "form_answers.yml", show=show)
    scores.append(forms)

    for score in scores:
        print(score.line())
        if show:
            for miss in score.misses:
                print("    " + miss)
    return scores


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    run(Path(sys.argv[1]), show="--show" in sys.argv)
