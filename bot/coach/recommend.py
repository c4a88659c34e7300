"""Suggest interventions for a problem, ranked by theme, wording and the team's context.

Every adjustment that lifts an entry comes with a reason the coach can say out loud
("I har under en time om ugen, og den kræver ikke meget tid.").
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.context import OPTIONS, SKIPPED, Context
from bot.coach.themes import label
from bot.kb.schema import Entry
from bot.kb.search import KnowledgeIndex

ACTIONABLE_KINDS = ("indsats", "metode", "program", "hjaelp")
THEME_BONUS = 4.0
MIN_SCORE = 2.0


@dataclass(frozen=True)
class Suggestion:
    entry: Entry
    score: float
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


def _industry_label(industry: str) -> str:
    return OPTIONS["industry"].get(industry, industry).lower()


def _context_fit(entry: Entry, ctx: Context) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    fits = entry.fits
    if ctx.size != SKIPPED and ctx.size not in fits.size:
        score -= 3.0
    if "alle" not in fits.industries and ctx.industry != SKIPPED:
        if ctx.industry in fits.industries:
            score += 3.0
            reasons.append(f"Den er lavet til {_industry_label(ctx.industry)}, hvor I er.")
        else:
            score -= 4.0
    if ctx.time == "under_1":
        if fits.resources == "lav":
            score += 1.5
            reasons.append("I har under en time om ugen, og den kræver ikke meget.")
        else:
            score -= 2.0 if fits.resources == "middel" else 4.0
    elif ctx.time == "over_2" and fits.resources != "lav":
        score += 0.5
    if fits.outside_help:
        if ctx.outside_help:
            score += 1.0
            reasons.append("Den kræver hjælp udefra, og det har I adgang til.")
        elif ctx.outside_help == ():
            score -= 1.5
    if ctx.changes and "forandringer" in entry.themes:
        score += 1.0
        reasons.append("I står midt i andre forandringer, og den tager højde for det.")
    if ctx.pressure == "hoej" and entry.area == "ledelse" and "ledelse" in entry.themes:
        score += 1.0
        reasons.append("Lederen er meget presset, og den tager fat i lederens situation.")
    return score, reasons


def suggest(
    index: KnowledgeIndex,
    theme: str | None,
    text: str = "",
    context: Context | None = None,
    limit: int = 3,
    exclude: tuple[str, ...] = (),
) -> list[Suggestion]:
    """Up to `limit` actionable entries for this theme, wording and context, best first."""
    ctx = context or Context()
    word_scores = {h.entry.id: h.score for h in index.score_all(text)} if text else {}
    ranked = []
    for entry in index.entries:
        if entry.kind not in ACTIONABLE_KINDS or entry.id in exclude:
            continue
        reasons: list[str] = []
        score = word_scores.get(entry.id, 0.0)
        if theme and theme in entry.themes:
            score += THEME_BONUS
            reasons.append(f"Den retter sig mod {label(theme)}.")
        elif word_scores.get(entry.id):
            reasons.append("Den passer til det, I beskriver.")
        if score < MIN_SCORE:
            continue
        adjustment, why = _context_fit(entry, ctx)
        score += adjustment
        if score < MIN_SCORE:
            continue
        ranked.append(Suggestion(entry, round(score, 3), tuple(reasons + why)))
    ranked.sort(key=lambda s: (-s.score, s.entry.id))
    return ranked[:limit]
