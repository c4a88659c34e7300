"""Units of work the actions call: each opens one session, does one thing, and returns plain data.

Blocking: call these from a worker thread in async code (actions/common.in_thread).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.coach import plan, teams
from bot.coach.themes import label
from bot.config import load_settings
from bot.db.models import Team
from bot.db.session import session_scope


def _session():
    return session_scope(load_settings().db_url)


def team_summary(sender: str) -> dict[str, Any] | None:
    with _session() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return None
        return {
            "name": team.name,
            "code": team.join_code,
            "step": teams.STEP_LABELS[team.step],
            "problems": [p.theme for p in teams.prioritised_problems(team)],
            "actions": len([a for a in team.plan if a.status != "droppet"]),
        }


def code_exists(code: str) -> bool:
    with _session() as session:
        return session.execute(select(Team.id).where(Team.join_code == code)).first() is not None


def create_team(sender: str, name: str) -> tuple[str, str]:
    with _session() as session:
        team = teams.create_team(session, sender, name)
        return team.name, team.join_code


def join_team(sender: str, code: str) -> str:
    with _session() as session:
        return teams.join_team(session, sender, code).name


def record_problem(sender: str, theme: str, description: str) -> bool:
    """Store a mapped problem for the sender's team; False when the sender has no team."""
    with _session() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return False
        teams.add_problem(session, team, theme, description, 2, "dialog")
        if team.step == "kontekst":
            teams.set_step(team, "kortlaegning")
        return True


def status_text(sender: str) -> str | None:
    """Where the sender's team stands, in Danish; None when the sender has no team."""
    with _session() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return None
        lines = [f"{team.name} er nået til {teams.STEP_LABELS[team.step]}."]
        problems = teams.prioritised_problems(team)
        if problems:
            lines.append("Jeres problemer, vigtigste først:")
            for number, p in enumerate(problems, 1):
                words = f": {p.description}" if p.description else ""
                lines.append(f"{number}. {label(p.theme).capitalize()}{words}")
        else:
            lines.append("I har ikke kortlagt noget endnu.")
        active = [a for a in team.plan if a.status != "droppet"]
        lines.append(f"Handlingsplanen har {len(active)} handlinger.")
        return "\n".join(lines)


def plan_text(sender: str) -> str | None:
    with _session() as session:
        team = teams.team_of(session, sender)
        return plan.format_plan(team) if team else None
