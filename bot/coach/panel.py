"""What the team room's side panel shows: step, prioritised problems, plan, next follow-up."""

from __future__ import annotations

from typing import Any

from bot.coach import plan, teams
from bot.coach.dates import danish_date
from bot.coach.themes import label
from bot.db.models import Team

# The four steps the panel shows; "kontekst" (getting started) counts as the first of them.
PANEL_STEPS = ("kortlaegning", "valg", "handlingsplan", "opfoelgning")
EXPIRED = "udløbet (ejeren skriver 'ny kode')"  # shown for a code that no longer works


def empty_panel() -> dict[str, Any]:
    return {
        "team": None,
        "steps": [
            {"key": key, "label": teams.STEP_LABELS[key], "state": "todo"} for key in PANEL_STEPS
        ],
        "problems": [],
        "plan": [],
        "next_followup": None,
    }


def team_panel(
    team: Team, next_followup: dict[str, str] | None = None, code_days: int = teams.CODE_DAYS
) -> dict[str, Any]:
    current = "kortlaegning" if team.step == "kontekst" else team.step
    position = PANEL_STEPS.index(current)
    alive = teams.code_alive(team, code_days)
    return {
        "team": {"name": team.name, "code": team.join_code if alive else EXPIRED},
        "steps": [
            {
                "key": key,
                "label": teams.STEP_LABELS[key],
                "state": "done" if i < position else "current" if i == position else "todo",
            }
            for i, key in enumerate(PANEL_STEPS)
        ],
        "problems": [
            {
                "text": problem.description or label(problem.theme).capitalize(),
                "theme": label(problem.theme),
                "priority": problem.importance,
            }
            for problem in teams.prioritised_problems(team)
        ],
        "plan": [
            {
                "number": number,
                "what": action.what,
                "owner": action.owner or None,
                "deadline": danish_date(action.deadline) if action.deadline else None,
                "status": action.status,
                "status_label": plan.STATUSES[action.status],
            }
            for number, action in enumerate(team.plan, 1)
        ],
        "next_followup": next_followup,
    }
