"""Units of work the actions call: each opens one session, does one thing, and returns plain data.

Blocking: call these from a worker thread in async code (actions/common.in_thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.coach import followups, plan, teams
from bot.coach.themes import label
from bot.config import load_settings
from bot.db.models import Team
from bot.db.session import session_scope


def count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


@teams.team_work()
def team_summary(session: Session, team: Team) -> dict[str, Any] | None:
    return {
        "name": team.name,
        "code": team.join_code,
        "step": teams.STEP_IN_A_SENTENCE[team.step],
        "problems": count(len(team.problems), "problem", "problemer"),
        "actions": count(
            len([a for a in team.plan if a.status != "droppet"]), "handling", "handlinger"
        ),
    }


def code_exists(code: str) -> bool:
    """Whether the code lets someone join now: known and not expired."""
    settings = load_settings()
    with session_scope(settings.db_url) as session:
        return teams.team_by_code(session, code, settings.join_code_days) is not None


def create_team(sender: str, name: str, person: str | None = None) -> tuple[str, str]:
    """A new team owned by `person` (who wrote, in a group chat) or the sender."""
    with session_scope() as session:
        team = teams.create_team(session, sender, name, person)
        return team.name, team.join_code


def join_team(sender: str, code: str) -> str:
    """Join approved at once (tests that need a team of several; the coach uses members)."""
    with session_scope() as session:
        return teams.join_team(session, sender, code, approval=False)[0].name


@teams.team_work(missing=False)
def record_problem(
    session: Session,
    team: Team,
    theme: str,
    description: str,
    importance: int = 2,
    replace: bool = False,
) -> bool:
    """Store a mapped problem for the sender's team; False when the sender has no team.

    The same theme twice is one problem; `replace` (a theme mapped again) gives it the new
    words and weight instead of adding them."""
    teams.add_problem(session, team, theme, description, importance, "dialog", replace)
    if team.step == "kontekst":
        teams.set_step(team, "kortlaegning")
    return True


@teams.team_work(missing=False)
def drop_problem(session: Session, team: Team, theme: str) -> bool:
    """Remove the team's problem of this theme, unless the team has chosen or planned for it."""
    return teams.drop_problem(session, team, theme)


@teams.team_work()
def rename_team(session: Session, team: Team, name: str) -> str | None:
    """Give the sender's team a new name; the name as stored, or None without a team."""
    return teams.rename(team, name)


@teams.team_work()
def status_text(session: Session, team: Team) -> str | None:
    """Where the sender's team stands, in Danish; None when the sender has no team."""
    lines = [f"{team.name} er nået til {teams.STEP_IN_A_SENTENCE[team.step]}."]
    problems = teams.prioritised_problems(team)
    if problems:
        lines.append("Jeres problemer, vigtigste først:")
        for number, p in enumerate(problems, 1):
            words = f": {p.description}" if p.description else ""
            lines.append(f"{number}. {label(p.theme).capitalize()}{words}")
    else:
        lines.append("I har ikke kortlagt noget endnu.")
    active = [a for a in team.plan if a.status != "droppet"]
    lines.append(
        f"Handlingsplanen har {count(len(active), 'handling', 'handlinger')}."
        if active
        else "Der er ingen handlinger i planen endnu."
    )
    if state := _pulse_state(session, team, load_settings().pulse_min_answers):
        lines.append(state)
    return "\n".join(lines)


@teams.team_work()
def plan_text(session: Session, team: Team) -> str | None:
    """The team's plan with the chosen measures named and the next follow-up."""
    from bot.coach.dates import danish_date
    from bot.kb.service import get_index

    titles = {e.id: e.title for e in get_index().entries}
    upcoming = followups.next_checkin(team)
    when = danish_date(followups.due_day(upcoming)) if upcoming else None
    return plan.format_plan(team, titles, when)


@teams.team_work()
def save_context(session: Session, team: Team, answers: dict[str, Any]) -> str | None:
    """Store context answers for the sender's team; the Danish description, or None."""
    for key, value in answers.items():
        teams.set_context(team, key, value)
    if team.step == "kontekst":  # told about the team: the mapping is next
        teams.set_step(team, "kortlaegning")
    return teams.context_of(team).describe()


@teams.team_work()
def team_context(session: Session, team: Team):
    return teams.context_of(team)


@teams.team_work(missing=False)
def choose_intervention(session: Session, team: Team, kb_id: str, theme: str | None) -> bool:
    """Mark the intervention as chosen for the team's most important problem (of the theme)."""
    problems = [p for p in teams.prioritised_problems(team) if not theme or p.theme == theme]
    if problems:
        problems[0].chosen_kb_id = kb_id
    teams.set_step(team, "valg")
    return True


@teams.team_work()
def save_plan_action(session: Session, team: Team, fields: dict[str, Any]) -> str | None:
    """Add one action to the sender's team plan; the plan as text, or None without a team."""
    chosen = next((p for p in teams.prioritised_problems(team) if p.chosen_kb_id), None)
    action = plan.add_action(
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
    followups.schedule_deadline(session, team, action, date.today())
    if team.step != "opfoelgning":
        teams.set_step(team, "handlingsplan")
    session.flush()
    session.refresh(team)
    return plan.format_plan(team)


def edit_plan(sender: str, text: str, today) -> str:
    """Apply an edit written in Danish to the sender's team plan; the answer to show."""
    edit = plan.parse_edit(text)
    if edit is None:
        return (
            "Skriv hvilken handling og hvad der skal ændres, fx 'ret fristen for nr. 2 til 15/3', "
            "'giv nr. 1 til formanden' eller 'drop nr. 3'."
        )
    return _apply_edit(sender, edit, today)


@teams.team_work(missing="Der er ingen plan at ændre, før I har et team.")
def _apply_edit(session: Session, team: Team, edit: plan.Edit, today) -> str:
    from bot.coach.dates import DateError, danish_date, parse_deadline

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


@teams.team_work(missing=[])
def problem_list(session: Session, team: Team) -> list[tuple[str, str]]:
    """The team's problems, most important first, as (theme, own words)."""
    return [(p.theme, p.description) for p in teams.prioritised_problems(team)]


@teams.team_work(missing=False)
def open_pulse(session: Session, team: Team) -> bool:
    """Open (or reuse) the team's pulse round; False without a team. How many have answered
    is never told while the round is open: watching it grow would tell who answered when."""
    from bot.coach import pulse

    pulse.open_round(session, team)
    return True


def pulse_access(sender: str) -> str:
    """Whether the sender can answer the team's pulse now: "ja", or why not: "intet_team",
    "afventer" (waiting for the owner's approval) or "ingen_maaling"."""
    from bot.coach import pulse

    with session_scope() as session:
        team = teams.team_of(session, sender)
        if team is None:
            return "afventer" if teams.pending_team(session, sender) else "intet_team"
        return "ja" if pulse.current_round(session, team) else "ingen_maaling"


@teams.team_work(missing=False, sender=True)
def answer_pulse(session: Session, team: Team, sender: str, theme: str, score: int) -> bool:
    """Record one anonymous answer in the team's open round; False if none is open."""
    from bot.coach import pulse
    from bot.config import secret

    current = pulse.current_round(session, team)
    person = teams.person_of(session, sender)
    if current is None or person is None:
        return False
    # Keyed by the person, not the session: a second phone or a second cookie of the same
    # person replaces that person's answer, it never adds a respondent.
    pulse.answer(session, current, secret(load_settings()), person, theme, score)
    return True


def lowest_first(result) -> list:
    """The shown themes of a round result, lowest first: bands "under 2,5" at the top, then the
    exact means, then the other bands. A band always has the same place, whatever the numbers:
    placed among them, its position would tell more than the band."""
    exact = sorted((t for t in result.themes if t.mean is not None), key=lambda t: t.mean)
    bands = [t for t in result.themes if t.mean is None]
    under = [t for t in bands if t.band == "under"]
    rest = [t for t in bands if t.band == "midt"] + [t for t in bands if t.band == "over"]
    return under + exact + rest


def pulse_importance(item) -> int | None:
    """How important a theme of a pulse result is as a problem: 3 below 2,5, 2 below 3,0,
    none from 3,0 (the middle of the scale) or for a band that may lie above it."""
    if item.mean is not None:
        return 3 if item.mean < 2.5 else 2 if item.mean < 3.0 else None
    return 3 if item.band == "under" else None


def pulse_lines(result) -> list[str]:
    """The Danish lines of a closed round's frozen result (bot/coach/pulse.RoundResult)."""
    shown = lowest_first(result)
    lines = [f"Resultat af pulsmålingen ({result.respondents} svar, 1 er dårligt, 5 er godt):"]
    lines += [f"- {label(t.theme).capitalize()}: {t.text()}" for t in shown]
    if any(t.mean is None for t in shown):
        lines.append(
            "Et interval i stedet for et tal betyder, at tallet ville kunne afsløre, hvad "
            "nogen har svaret."
        )
    if result.hidden:
        lines.append(
            f"{count(len(result.hidden), 'tema', 'temaer')} vises ikke, fordi der er for få "
            "forskellige svar til at vise et resultat, uden at nogens svar kan regnes ud."
        )
    if result.withheld:
        lines.append(
            f"{count(len(result.withheld), 'tema', 'temaer')} vises ikke, fordi for få svarede."
        )
    return lines


def _pulse_state(session, team, min_answers: int) -> str | None:
    """One sentence on the team's open round: open, and whether enough have answered to show
    a result. Never how many: a count that grows tells who answered when."""
    from bot.coach import pulse

    current = pulse.current_round(session, team)
    if current is None:
        return None
    if pulse.respondents(session, current) >= max(3, min_answers):
        return "En pulsmåling er åben, og der er svar nok til at vise et resultat, når den lukkes."
    return "En pulsmåling er åben. Der er endnu ikke svar nok til at vise et resultat."


@teams.team_work()
def pulse_state(session: Session, team: Team) -> str | None:
    """The sentence of `_pulse_state` for the sender's team; None without an open round."""
    settings = load_settings()
    return _pulse_state(session, team, settings.pulse_min_answers)


@teams.team_work()
def latest_pulse_result(session: Session, team: Team) -> str | None:
    """The frozen result of the team's last closed round, for any member; None if none."""
    from bot.coach import pulse
    from bot.coach.dates import danish_date, local_day
    from bot.db.models import PulseRound

    settings = load_settings()
    last = session.scalars(
        select(PulseRound)
        .where(PulseRound.team_id == team.id, PulseRound.closed_at.is_not(None))
        .order_by(PulseRound.closed_at.desc())
    ).first()
    if last is None:
        return None
    result = pulse.result(session, last, settings.pulse_min_answers)
    when = danish_date(local_day(last.closed_at))
    if result is None:
        return f"Den seneste måling blev lukket {when} med for få svar til et resultat."
    return f"Den seneste måling blev lukket {when}.\n" + "\n".join(pulse_lines(result))


@dataclass(frozen=True)
class PulseClosing:
    """What came of "luk målingen": `outcome` is "lukket", "for_faa" (the owner is warned and
    the round stays open), "ikke_ejer" or "ingen" (no open round); `text` the Danish."""

    outcome: str
    text: str = ""
    added: tuple[str, ...] = ()


def close_pulse(sender: str, person: str | None = None, force: bool = False) -> PulseClosing:
    """The owner closes the team's round and freezes its result. Below the threshold the
    round stays open with its answers unless `force`: closing it would lose them. `person` is
    who asks (in a Telegram group, not the group); the sender by default."""
    from bot.coach import pulse

    settings = load_settings()
    threshold = max(3, settings.pulse_min_answers)
    with session_scope() as session:
        team = teams.team_of(session, sender)
        current = pulse.current_round(session, team) if team else None
        if current is None:
            return PulseClosing("ingen")
        if not teams.is_owner(session, person or sender, team):
            return PulseClosing(
                "ikke_ejer",
                "Kun den, der ejer teamet, kan lukke målingen. "
                + _pulse_state(session, team, settings.pulse_min_answers),
            )
        if pulse.respondents(session, current) < threshold and not force:
            return PulseClosing(
                "for_faa",
                f"Der er endnu ikke svar nok til at vise et resultat: det kræver mindst "
                f"{threshold}. Målingen er stadig åben, og svarene er gemt. Bed flere om at "
                "svare, og luk den så. Lukker du nu, vises intet resultat.",
            )
        pulse.close_round(session, current, settings.pulse_min_answers)
        result = pulse.result(session, current, settings.pulse_min_answers)
        if result is None:
            people = pulse.respondents(session, current)
            return PulseClosing(
                "lukket",
                f"Målingen er lukket med {count(people, 'svar', 'svar')}. Resultatet vises kun, "
                f"når mindst {threshold} har svaret, så ingen kan genkendes. "
                "Start en ny måling, når flere kan være med.",
            )
        added = []
        known = {p.theme for p in team.problems}
        for item in lowest_first(result):
            if item.theme in known:  # a re-measurement adds nothing twice
                continue
            importance = pulse_importance(item)
            if importance is not None:
                teams.add_problem(session, team, item.theme, "", importance, "puls")
                added.append(item.theme)
        if team.step == "kontekst":
            teams.set_step(team, "kortlaegning")
        return PulseClosing("lukket", "\n".join(pulse_lines(result)), tuple(added))


@teams.team_work()
def current_step(session: Session, team: Team) -> str | None:
    return team.step


@teams.team_work()
def step_back(session: Session, team: Team) -> str | None:
    """Move the team one step back in the journey; the step it is now at."""
    index = teams.STEPS.index(team.step)
    teams.set_step(team, teams.STEPS[max(0, index - 1)])
    return team.step


def team_panel(sender: str) -> dict[str, Any]:
    """The team room's side panel for the sender's team (an empty one without a team)."""
    from bot.coach import panel

    return _panel(sender) or panel.empty_panel()


@teams.team_work()
def _panel(session: Session, team: Team) -> dict[str, Any]:
    from bot.coach import followups, panel

    return panel.team_panel(team, followups.panel_line(team), load_settings().join_code_days)


def record_sickness_absence(sender: str, value: str) -> bool:
    """Store the team's answer to the APV's sickness-absence question ("ja", "lidt", "nej",
    "ved_ikke"; bot/coach/duties.py ABSENCE). False without a team."""
    from bot.coach.duties import ABSENCE

    if value not in ABSENCE:
        raise ValueError(f"Ukendt svar om sygefravær: {value}")
    return _record_absence(sender, value)


@teams.team_work(missing=False)
def _record_absence(session: Session, team: Team, value: str) -> bool:
    from bot.db.models import utcnow

    team.sickness_absence = value
    team.sickness_absence_at = utcnow()
    teams.touch(team)
    return True


@teams.team_work()
def sickness_absence_of(session: Session, team: Team) -> str | None:
    """The team's answer to the sickness-absence question, None when not given (or no team)."""
    return team.sickness_absence


@teams.team_work()
def organisation_duty_for(session: Session, team: Team) -> str | None:
    """What the law asks of this team's firm about an arbejdsmiljøorganisation, when its size
    is known ("skal vi have en AMO?"); None otherwise."""
    from bot.coach import duties

    context = teams.context_of(team)
    if not context.size or context.size == duties.SKIPPED:
        return None
    return f"I har sagt, I er {context.size} ansatte. " + duties.organisation_duty(context).text


@teams.team_work(missing=False)
def record_facilitation(session: Session, team: Team, result: dict[str, Any]) -> bool:
    """Keep what a process method produced (bot/coach/facilitate.py) with the team's newest
    plan action; False without a result, a team or a plan."""
    if not result or not team.plan:
        return False
    action = max(team.plan, key=lambda a: a.id)
    action.facilitation = dict(result)
    return True
