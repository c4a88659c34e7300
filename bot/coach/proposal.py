"""The first action the coach proposes for the plan, instead of an empty "Hvad vil I gøre?".

It comes from the chosen measure (its first action for this trade), or, when the team chose a
way of working such as a short experiment, from the measure that fits the problem's theme
best. When a Fishbone round picked a cause, the measure is the one that fits the cause's words
best within the theme. It is the coach's own proposal, for the team to take, change or replace.
"""

from __future__ import annotations

from bot.coach import recommend
from bot.coach.context import Context
from bot.kb.search import KnowledgeIndex


def first_action(
    index: KnowledgeIndex,
    chosen_id: str | None,
    theme: str | None,
    context: Context | None,
    problem: str = "",
) -> str | None:
    """`problem`: the team's words for what the action must answer (a picked Fishbone cause)."""
    industry = context.industry if context else None
    chosen = index.by_id.get(chosen_id or "")
    if chosen is not None and chosen.first_action:
        return chosen.first_action_for(industry)
    themes = [theme] if theme else list(chosen.themes) if chosen is not None else []
    if problem and not theme:
        themes = [None, *themes]  # the cause's own words first, in any theme
    for candidate in themes:
        for suggestion in recommend.suggest(index, candidate, problem, context, limit=20):
            if suggestion.entry.first_action:
                return suggestion.entry.first_action_for(industry)
    return None
