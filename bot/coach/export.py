"""The team's plan as one printable document, HTML and PDF: the action-plan part of the APV.

Python gathers the facts as plain data; templates/plan.html.j2 (autoescaped, so everything the
team wrote is shown as text) lays them out, with templates/plan.css inlined: one
self-contained HTML file, no scripts, no external assets. The PDF is the same HTML printed by
WeasyPrint. Pulse results come only from pulse.result (closed rounds, themes with enough
answers).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import involvement
from bot.coach import duties, facilitate, pulse
from bot.coach.answers import EVIDENCE_LABELS, references, section_label
from bot.coach.checkin import DECISION_LABELS
from bot.coach.dates import danish_date, local_day
from bot.coach.numbers import one_decimal
from bot.coach.plan import STATUSES
from bot.coach.teams import context_of, prioritised_problems
from bot.coach.themes import label
from bot.db.models import CheckIn, FollowUp, PulseRound, Team
from bot.kb.loader import read_from_db
from bot.kb.schema import SENTENCE_END, Entry

if TYPE_CHECKING:
    import weasyprint

TITLE = "Handlingsplan for det psykiske arbejdsmiljø"
REPORT_CITATION = (
    "NECTO (Hjorth, D. & Ladegaard, Y.) (2025). Effektive indsatser til at styrke det "
    "psykosociale arbejdsmiljø i små og mellemstore virksomheder"
)
IMPORTANCE = {3: "meget", 2: "noget", 1: "lidt"}
PROBLEM_SOURCES = {"dialog": "dialog i teamet", "puls": "pulsmåling"}
PRO_LABELS = {"process": "Proces", "roles": "Roller", "circumstances": "Forhold"}

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Link:
    """A source as text, and its address when it has one."""

    text: str
    url: str = ""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The template environment, made on first use (not at import)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def _css() -> str:
    return (TEMPLATES / "plan.css").read_text(encoding="utf-8").strip()


def plan_data(session: Session, team: Team, today: date, min_answers: int = 3) -> dict[str, Any]:
    """Everything the document shows, in its order, as plain data for the template."""
    entries = {e.id: e for e in read_from_db(session)}
    numbers = {action.id: n for n, action in enumerate(team.plan, 1)}
    upcoming = _next_followup(session, team)
    helpers = duties.help_for(context_of(team), entries)
    return {
        "title": TITLE,
        "team": team.name,
        "printed": danish_date(today),
        "phases": _phases(session, team),
        "mapping": {
            "problems": _problems(team),
            "pulse": _pulse(session, team, min_answers),
        },
        "interventions": _interventions(team, entries),
        "plan": _plan_rows(team, entries),
        "checkins": _checkins(session, team, numbers),
        "next_followup": danish_date(local_day(upcoming.due_at)) if upcoming else None,
        "duties": _duties(team, entries),
        "helpers_heading": duties.help_sentence(helpers) if helpers else "",
        "helpers": [_helper(entry) for entry in helpers],
        "citation": REPORT_CITATION,
    }


def plan_document(session: Session, team: Team, today: date, min_answers: int = 3) -> str:
    """The whole plan as a self-contained Danish HTML5 document for printing or filing."""
    data = plan_data(session, team, today, min_answers)
    css = Markup(_css())  # our own style sheet, not the team's text: inlined as it is
    return _environment().get_template("plan.html.j2").render(css=css, **data)


def plan_pdf(session: Session, team: Team, today: date, min_answers: int = 3) -> bytes:
    """The same document as an A4 PDF, for the firm's APV folder."""
    return html_to_pdf(plan_document(session, team, today, min_answers))


def html_to_pdf(html: str) -> bytes:
    """Print a plan document with WeasyPrint (needs pango); no database work happens here."""
    return _render(html).write_pdf()


def _render(html: str) -> weasyprint.Document:
    import weasyprint  # slow to import, and it needs pango: only when a PDF is asked for

    return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).render()


def plan_filename(team: Team, today: date) -> str:
    """'handlingsplan-vaerkstedet-2026-11-28.html': an ASCII slug of the team's name."""
    return f"handlingsplan-{_slug(team.name)}-{today.isoformat()}.html"


def plan_pdf_filename(team: Team, today: date) -> str:
    """'handlingsplan-vaerkstedet-2026-11-28.pdf', beside plan_filename."""
    return f"handlingsplan-{_slug(team.name)}-{today.isoformat()}.pdf"


def _slug(name: str) -> str:
    name = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")[:60].strip("-") or "team"


def _next_followup(session: Session, team: Team) -> FollowUp | None:
    return session.execute(
        select(FollowUp)
        .where(FollowUp.team_id == team.id, FollowUp.status == "pending")
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(1)
    ).scalar_one_or_none()


def phase_facts(session: Session, team: Team) -> duties.PhaseFacts:
    """What the team has done in each APV phase, counted from its data."""
    problems = prioritised_problems(team)
    active = [a for a in team.plan if a.status != "droppet"]
    held = session.execute(
        select(CheckIn.id).where(CheckIn.team_id == team.id, CheckIn.finished_at.is_not(None))
    ).all()
    closed = session.execute(
        select(PulseRound.id)
        .where(PulseRound.team_id == team.id, PulseRound.closed_at.is_not(None))
        .limit(1)
    ).first()
    upcoming = _next_followup(session, team)
    return duties.PhaseFacts(
        problems=len(problems),
        described=sum(1 for p in problems if (p.description or "").strip()),
        pulse_closed=closed is not None,
        absence=team.sickness_absence,
        chosen=sum(1 for p in problems if p.chosen_kb_id),
        actions=len(active),
        dated=sum(1 for a in active if a.deadline),
        checkins=len(held),
        next_followup=local_day(upcoming.due_at) if upcoming else None,
    )


def _phases(session: Session, team: Team) -> dict[str, Any]:
    facts = phase_facts(session, team)
    when = danish_date(facts.next_followup) if facts.next_followup else None
    return {
        "duty": duties.APV_DUTY.text,
        "rows": [
            [phase.number, phase.title, " ".join(phase.done) or "–", phase.missing or "Intet"]
            for phase in duties.phases(facts, when)
        ],
        "source": duties.AT_APV.cite(),
        "absence": [_cite(duties.ABSENCE_IN_APV), _cite(duties.ABSENCE_NOT_PERSONAL)],
    }


def _cite(source: duties.Source) -> Link:
    return Link(f'{source.authors}: "{source.title}"', source.url or "")


def _duties(team: Team, entries: dict[str, Entry]) -> list[dict[str, Any]]:
    return [
        {
            "text": duty.full(),
            "sources": [_cite(s) for s in duty.sources]
            + [Link(entries[k].title) for k in duty.kb_ids if k in entries],
        }
        for duty in duties.duties(context_of(team))
        if duty is not duties.APV_DUTY
    ]


def _helper(entry: Entry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "summary": _summary(entry),
        "sources": [_cite(s) for s in duties.help_sources(entry)],
    }


def _problems(team: Team) -> list[list[str]]:
    return [
        [
            IMPORTANCE.get(p.importance, ""),
            label(p.theme).capitalize(),
            p.description or "–",
            PROBLEM_SOURCES.get(p.source, p.source),
        ]
        for p in prioritised_problems(team)
    ]


def _pulse(session: Session, team: Team, min_answers: int) -> dict[str, Any] | None:
    """The latest closed round; None when there is none."""
    latest = session.execute(
        select(PulseRound)
        .where(PulseRound.team_id == team.id, PulseRound.closed_at.is_not(None))
        .order_by(PulseRound.closed_at.desc(), PulseRound.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None:
        return None
    threshold = max(3, min_answers)
    closed = danish_date(local_day(latest.closed_at))
    result = pulse.result(session, latest, min_answers)
    if result is None:
        return {"too_few": True, "closed": closed, "threshold": threshold}
    return {
        "too_few": False,
        "closed": closed,
        "threshold": threshold,
        "respondents": result.respondents,
        # Every figure is the frozen one, as the team saw it when the round closed.
        "themes": [
            {
                "name": label(t.theme).capitalize(),
                "mean": one_decimal(t.mean) if t.mean is not None else t.text(),
                "spread": one_decimal(t.spread) if t.spread is not None else "–",
                "answers": t.answers,
            }
            for t in result.themes
        ],
        "hidden": [label(theme) for theme in result.hidden],
        "withheld": [label(theme) for theme in result.withheld],
    }


def _chosen_ids(team: Team) -> list[str]:
    ids = [p.chosen_kb_id for p in prioritised_problems(team)] + [a.kb_id for a in team.plan]
    return list(dict.fromkeys(i for i in ids if i))


def _summary(entry: Entry) -> str:
    """The first sentence of the entry's short answer."""
    end = SENTENCE_END.search(entry.short)
    return entry.short[: end.start() + 1] if end else entry.short


def _interventions(team: Team, entries: dict[str, Entry]) -> list[dict[str, Any]]:
    chosen = []
    for kb_id in _chosen_ids(team):
        entry = entries.get(kb_id)
        if entry is None:
            chosen.append({"missing": True, "kb_id": kb_id})
            continue
        chosen.append(
            {
                "missing": False,
                "title": entry.title,
                "summary": _summary(entry),
                "basis": section_label(entry),
                "evidence": EVIDENCE_LABELS[entry.evidence],
                "references": _references(entry),
            }
        )
    return chosen


def _references(entry: Entry) -> list[Link]:
    """answers.references, one line per source, with its DOI/URL as a link."""
    items = []
    lines = references(entry).splitlines()[1:]
    for source, line in zip(entry.sources, lines, strict=True):
        text, link = line.removeprefix("- "), source.link()
        if link and text.endswith(" " + link):
            items.append(Link(text[: -len(link) - 1], link))
        else:
            items.append(Link(text))
    return items


def _plan_rows(team: Team, entries: dict[str, Entry]) -> list[dict[str, Any]]:
    rows = []
    for number, a in enumerate(team.plan, 1):
        pro = a.pro or {}
        notes = [f"{name}: {pro[key]}" for key, name in PRO_LABELS.items() if pro.get(key)]
        notes += facilitate.result_lines(a.facilitation)
        if a.kb_id in entries:
            notes.append(f"Bygger på: {entries[a.kb_id].title}")
        rows.append(
            {
                "number": number,
                "dropped": a.status == "droppet",
                "what": a.what,
                "experiment": bool(a.experiment),
                "notes": notes,
                "owner": a.owner,
                "deadline": danish_date(a.deadline) if a.deadline else "Ingen frist",
                "success": a.success or "–",
                "involvement": involvement.SAID.get(a.involvement or "", "–"),
                "status": STATUSES.get(a.status, a.status),
            }
        )
    return rows


def _checkins(session: Session, team: Team, numbers: dict[int, int]) -> list[dict[str, Any]]:
    """The finished check-ins, oldest first."""
    checkins = session.execute(
        select(CheckIn)
        .where(CheckIn.team_id == team.id, CheckIn.finished_at.is_not(None))
        .order_by(CheckIn.finished_at, CheckIn.id)
    ).scalars()
    return [
        {
            "day": danish_date(local_day(checkin.finished_at)),
            "rows": [
                [
                    numbers.get(item.action_id, ""),
                    item.action.what if item.action else "",
                    STATUSES.get(item.status, "ikke oplyst"),
                    DECISION_LABELS.get(item.decision or "", "–"),
                    item.note or "–",
                ]
                for item in checkin.items
            ],
            "said": [
                (name, text)
                for name, text in (
                    ("Det hjalp", checkin.helped),
                    ("Det kom i vejen", checkin.hindered),
                    ("Det kan vi nu", checkin.learned),
                )
                if text
            ],
        }
        for checkin in checkins
    ]
