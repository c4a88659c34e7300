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


def count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


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
            "problems": count(len(team.problems), "problem", "problemer"),
            "actions": count(
                len([a for a in team.plan if a.status != "droppet"]), "handling", "handlinger"
            ),
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
        lines.append(f"Handlingsplanen har {count(len(active), 'handling', 'handlinger')}.")
        return "\n".join(lines)


def plan_text(sender: str) -> str | None:
    with _session() as session:
        team = teams.team_of(session, sender)
        return plan.format_plan(team) if team else None


def save_context(sender: str, answers: dict[str, Any]) -> str | None:
    """Store context answers for the sender's team; the Danish description, or None."""
    with _session() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return None
        for key, value in answers.items():
            teams.set_context(team, key, value)
        return teams.context_of(team).describe()


def team_context(sender: str):
    with _session() as session:
        team = teams.team_of(session, sender)
        return teams.context_of(team) if team else None


def choose_intervention(sender: str, kb_id: str, theme: str | None) -> bool:
    """Mark the intervention as chosen for the team's most important problem (of the theme)."""
    with _session() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return False
        problems = [p for p in teams.prioritised_problems(team) if not theme or p.theme == theme]
        if problems:
            problems[0].chosen_kb_id = kb_id
        teams.set_step(team, "valg")
        return True


def save_plan_action(sender: str, fields: dict[str, Any]) -> str | None:
    """Add one action to the sender's team plan; the plan as text, or None without a team."""
    with _session() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return None
        chosen = next((p for p in teams.prioritised_problems(team) if p.chosen_kb_id), None)
        plan.add_action(
            session,
            team,
            what=fields["what"],
            owner=fields["owner"],
            deadline=fields.get("deadline"),
            success=fields.get("success", ""),
            involvement=fields.get("involvement"),
            pro={"circumstances": fields.get("circumstances", "")},
            kb_id=fields.get("kb_id") or (chosen.chosen_kb_id if chosen else None),
            problem_id=chosen.id if chosen else None,
            experiment=bool(fields.get("experiment")),
        )
        teams.set_step(team, "handlingsplan")
        session.flush()
        session.refresh(team)
        return plan.format_plan(team)


def edit_plan(sender: str, text: str, today) -> str:
    """Apply an edit written in Danish to the sender's team plan; the answer to show."""
    from bot.coach.dates import DateError, danish_date, parse_deadline

    edit = plan.parse_edit(text)
    if edit is None:
        return (
            "Skriv hvilken handling og hvad der skal ændres, fx 'ret fristen for nr. 2 til 15/3', "
            "'giv nr. 1 til formanden' eller 'drop nr. 3'."
        )
    with _session() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return "Der er ingen plan at ændre, før I har et team."
        try:
            if edit.operation == "drop":
                action = plan.drop(team, edit.number)
                return f"Handling {edit.number} er droppet: {action.what}."
            if edit.operation == "deadline":
                deadline = parse_deadline(edit.value, today)
                plan.change_deadline(team, edit.number, deadline)
                return f"Handling {edit.number} har nu frist {danish_date(deadline)}."
            plan.change_owner(team, edit.number, edit.value)
            return f"{edit.value[:1].upper()}{edit.value[1:]} står nu for handling {edit.number}."
        except (teams.TeamError, DateError) as exc:
            return str(exc)
