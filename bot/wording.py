"""The assistant's fixed wording: the responses of domain/*.yml, read by the action server where
one text is set into another (a question's hint into "Det forstod jeg ikke helt. {hint}").

Rasa fills a response the action names by itself; this is for the few texts that are parts of
another response, so that the domain stays the one place a reviewer or translator reads.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from bot.config import PROJECT_DIR

PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")


@lru_cache(maxsize=1)
def domain() -> dict:
    """domain/*.yml merged into one dict, as Rasa merges a domain directory."""
    merged: dict = {}
    for path in sorted((PROJECT_DIR / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in part.items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


def has(name: str) -> bool:
    return name in domain().get("responses", {})


def text(name: str, **values: str) -> str:
    """The text of a response (its first variation) with its {placeholders} filled, as Rasa
    fills them (rasa.core.nlg.interpolator); KeyError for a response the domain does not have."""
    template = domain()["responses"][name][0]["text"]
    return PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), template)
