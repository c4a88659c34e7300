"""Suggest interventions for a problem: theme fit first, then how well the words match."""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.themes import label
from bot.kb.schema import Entry
from bot.kb.search import KnowledgeIndex

ACTIONABLE_KINDS = ("indsats", "metode", "program", "hjaelp")
THEME_BONUS = 4.0


@dataclass(frozen=True)
class Suggestion:
    entry: Entry
    score: float
    reason: str


def suggest(
    index: KnowledgeIndex, theme: str | None, text: str, limit: int = 3
) -> list[Suggestion]:
    """Up to `limit` actionable entries for this theme and wording, best first."""
    word_scores = {h.entry.id: h.score for h in index.score_all(text)} if text else {}
    ranked = []
    for entry in index.entries:
        if entry.kind not in ACTIONABLE_KINDS:
            continue
        fits_theme = bool(theme) and theme in entry.themes
        score = word_scores.get(entry.id, 0.0) + (THEME_BONUS if fits_theme else 0.0)
        if score < 2.0:
            continue
        if fits_theme:
            reason = f"Den retter sig mod {label(theme)}."
        else:
            reason = "Den passer til det, I beskriver."
        ranked.append(Suggestion(entry, round(score, 3), reason))
    ranked.sort(key=lambda s: (-s.score, s.entry.id))
    return ranked[:limit]
