"""The assistant's domain (domain/*.yml) merged into one dict, as Rasa sends it to actions."""

from __future__ import annotations

import yaml

from bot.config import PROJECT_DIR


def load_domain() -> dict:
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


DOMAIN = load_domain()
