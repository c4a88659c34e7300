"""The team's plan as one printable HTML document: the action-plan part of the APV.

Everything the team wrote goes through html.escape; pulse results come only from
pulse.result (closed rounds, themes with enough answers). No scripts, no external assets.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.coach import duties, facilitate, pulse
from bot.coach.answers import EVIDENCE_LABELS, INVOLVEMENT, references, section_label
from bot.coach.checkin import DECISION_LABELS
from bot.coach.dates import danish_date, local_day
from bot.coach.plan import STATUSES
from bot.coach.teams import context_of, prioritised_problems
from bot.coach.themes import label
from bot.db.models import CheckIn, FollowUp, PulseRound, Team
from bot.kb.loader import read_from_db
from bot.kb.schema import SENTENCE_END, Entry

TITLE = "Handlingsplan for det psykiske arbejdsmiljø"
REPORT_CITATION = (
    "NECTO (Hjorth, D. & Ladegaard, Y.) (2025). Effektive indsatser til at styrke det "
    "psykosociale arbejdsmiljø i små og mellemstore virksomheder"
)
IMPORTANCE = {3: "meget", 2: "noget", 1: "lidt"}
PROBLEM_SOURCES = {"dialog": "dialog i teamet", "puls": "pulsmåling"}
PRO_LABELS = {"process": "Proces", "roles": "Roller", "circumstances": "Forhold"}

CSS = """
@page { size: A4; margin: 18mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body { margin: 0 auto; max-width: 174mm; font: 10pt/1.45 "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid #000; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0 2mm; }
.meta { margin: 0; }
.note { font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; font-size: 9pt; }
thead { display: table-header-group; }
th, td { border: 0.75px solid #000; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { font-weight: bold; }
td, th { overflow-wrap: break-word; }
tr, li, .entry, .checkin { break-inside: avoid; page-break-inside: avoid; }
td.nr, td.tal { white-space: nowrap; }
td.tal { text-align: right; }
table.plan { table-layout: fixed; font-size: 8.5pt; }
.plan th:nth-child(1) { width: 5%; }
.plan th:nth-child(2) { width: 24%; }
.plan th:nth-child(3), .plan th:nth-child(7) { width: 12%; }
.plan th:nth-child(4) { width: 11%; }
.plan th:nth-child(5) { width: 19%; }
.plan th:nth-child(6) { width: 17%; }
table.faser { table-layout: fixed; }
.faser th:nth-child(1) { width: 6%; }
.faser th:nth-child(2) { width: 24%; }
tr.droppet .hvad { text-decoration: line-through; }
.tag { display: inline-block; border: 0.75px solid #000; padding: 0 1mm; font-size: 8pt; }
.small { font-size: 8.5pt; margin: 0.8mm 0 0; }
ul.refs { margin: 1mm 0 3mm; padding-left: 5mm; font-size: 8.5pt; overflow-wrap: anywhere; }
a { color: #000; text-decoration: none; }
dl { margin: 1mm 0 3mm; }
dt { font-weight: bold; }
dd { margin: 0 0 1mm 5mm; }
footer { margin-top: 8mm; padding-top: 2mm; border-top: 0.75px solid #000; font-size: 8.5pt; }
@media screen { body { padding: 12mm 0; } }
""".strip()


def plan_document(session: Session, team: Team, today: date, min_answers: int = 3) -> str:
    """The whole plan as a self-contained Danish HTML5 document for printing or filing."""
    entries = {e.id: e for e in read_from_db(session)}
    numbers = {action.id: n for n, action in enumerate(team.plan, 1)}
    body = "\n".join(
        [
            _header(team, today),
            _phases(session, team),
            _mapping(session, team, min_answers),
            _interventions(team, entries),
            _plan_table(team, entries),
            _followup(session, team, numbers),
            _duties(team, entries),
            f"<footer><p>Lavet med Trivselscoach. Rådene bygger på {escape(REPORT_CITATION)}."
            "</p></footer>",
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(TITLE)}: {escape(team.name)}</title>\n<style>\n{CSS}\n</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def plan_filename(team: Team, today: date) -> str:
    """'handlingsplan-vaerkstedet-2026-11-28.html': an ASCII slug of the team's name."""
    name = team.name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")[:60].strip("-") or "team"
    return f"handlingsplan-{slug}-{today.isoformat()}.html"


def _header(team: Team, today: date) -> str:
    return (
        f"<header>\n<h1>{escape(TITLE)}</h1>\n"
        f'<p class="meta"><strong>{escape(team.name)}</strong></p>\n'
        f'<p class="meta">Udskrevet {danish_date(today)}</p>\n'
        '<p class="note">Kan bruges som handlingsplanen i jeres APV (arbejdspladsvurdering).</p>\n'
        "</header>"
    )


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


def _phases(session: Session, team: Team) -> str:
    facts = phase_facts(session, team)
    when = danish_date(facts.next_followup) if facts.next_followup else None
    rows = [
        f'<tr><td class="nr">{phase.number}</td><td>{escape(phase.title)}</td>'
        f"<td>{escape(' '.join(phase.done)) or '–'}</td>"
        f"<td>{escape(phase.missing or 'Intet')}</td></tr>\n"
        for phase in duties.phases(facts, when)
    ]
    return "\n".join(
        [
            "<section>\n<h2>APV'ens fem faser</h2>",
            f"<p>{escape(duties.APV_DUTY.text)}</p>",
            _table(["Fase", "Hvad", "Det har I gjort", "Det mangler"], rows, "faser"),
            f'<p class="small">Faserne: {escape(duties.AT_APV.cite())}. Om sygefravær i APV\'en: '
            f"{_cite(duties.ABSENCE_IN_APV)}; {_cite(duties.ABSENCE_NOT_PERSONAL)}.</p>",
            "</section>",
        ]
    )


def _cite(source: duties.Source) -> str:
    text = escape(f'{source.authors}: "{source.title}"')
    if not source.url:
        return text
    return f'{text}, <a href="{escape(source.url)}">{escape(source.url)}</a>'


def _duties(team: Team, entries: dict[str, Entry]) -> str:
    context = context_of(team)
    parts = ["<section>\n<h2>Pligter og hjælp udefra</h2>"]
    for duty in duties.duties(context):
        if duty is duties.APV_DUTY:
            continue
        cited = [_cite(s) for s in duty.sources]
        cited += [escape(entries[k].title) for k in duty.kb_ids if k in entries]
        parts.append(
            f'<div class="entry">\n<p>{escape(duty.full())}</p>\n'
            f'<p class="small">Kilder: {"; ".join(cited)}.</p>\n</div>'
        )
    helpers = duties.help_for(context, entries)
    if helpers:
        parts.append(f"<h3>{escape(duties.help_sentence(helpers))}</h3>")
    for entry in helpers:
        cited = [_cite(s) for s in duties.help_sources(entry)]
        sources = f'<p class="small">Kilder: {"; ".join(cited)}.</p>\n' if cited else ""
        parts.append(
            f'<div class="entry">\n<p><strong>{escape(entry.title)}.</strong> '
            f"{escape(_summary(entry))}</p>\n{sources}</div>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _table(headers: list[str], rows: list[str], css_class: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    opening = f'<table class="{css_class}">' if css_class else "<table>"
    return f"{opening}\n<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>"


def _mapping(session: Session, team: Team, min_answers: int) -> str:
    parts = ["<section>\n<h2>Kortlægning</h2>\n<h3>Det, I har peget på</h3>"]
    problems = prioritised_problems(team)
    if problems:
        rows = [
            f"<tr><td>{IMPORTANCE.get(p.importance, '')}</td>"
            f"<td>{escape(label(p.theme).capitalize())}</td>"
            f"<td>{escape(p.description) or '–'}</td>"
            f"<td>{escape(PROBLEM_SOURCES.get(p.source, p.source))}</td></tr>\n"
            for p in problems
        ]
        parts.append(_table(["Betyder", "Tema", "Med jeres egne ord", "Kilde"], rows))
    else:
        parts.append("<p>I har ikke skrevet nogen problemer ned endnu.</p>")
    parts.append("<h3>Seneste pulsmåling</h3>")
    parts.append(_pulse(session, team, min_answers))
    parts.append("</section>")
    return "\n".join(parts)


def _pulse(session: Session, team: Team, min_answers: int) -> str:
    latest = session.execute(
        select(PulseRound)
        .where(PulseRound.team_id == team.id, PulseRound.closed_at.is_not(None))
        .order_by(PulseRound.closed_at.desc(), PulseRound.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None:
        return "<p>I har ikke afsluttet nogen pulsmåling.</p>"
    threshold = max(3, min_answers)
    closed = danish_date(local_day(latest.closed_at))
    result = pulse.result(session, latest, min_answers)
    if result is None:
        return (
            f"<p>Målingen, der blev lukket {closed}, havde for få svar til at vise et resultat "
            f"(mindst {threshold}), så ingen kan genkendes.</p>"
        )
    parts = [
        f"<p>Lukket {closed}, {result.respondents} svarede. Skala 1-5, hvor 1 er dårligt og "
        "5 er godt. Spredning er standardafvigelsen; den vises først fra 5 svar. Et interval "
        "står, hvor et tal ville kunne afsløre, hvad nogen har svaret.</p>"
    ]
    if result.themes:
        # Every figure is the frozen one, as the team saw it when the round closed.
        rows = [
            f"<tr><td>{escape(label(t.theme).capitalize())}</td>"
            f'<td class="tal">{_number(t.mean) if t.mean is not None else t.text()}</td>'
            f'<td class="tal">{_number(t.spread) if t.spread is not None else "–"}</td>'
            f'<td class="tal">{t.answers}</td></tr>\n'
            for t in result.themes
        ]
        parts.append(_table(["Tema", "Gennemsnit", "Spredning", "Svar"], rows))
    if result.hidden:
        names = ", ".join(escape(label(theme)) for theme in result.hidden)
        parts.append(
            f"<p>Vises ikke, fordi der er for få forskellige svar til at vise et resultat, "
            f"uden at nogens svar kan regnes ud: {names}.</p>"
        )
    if result.withheld:
        names = ", ".join(escape(label(theme)) for theme in result.withheld)
        parts.append(f"<p>Vises ikke, fordi færre end {threshold} svarede: {names}.</p>")
    return "\n".join(parts)


def _chosen_ids(team: Team) -> list[str]:
    ids = [p.chosen_kb_id for p in prioritised_problems(team)] + [a.kb_id for a in team.plan]
    return list(dict.fromkeys(i for i in ids if i))


def _summary(entry: Entry) -> str:
    """The first sentence of the entry's short answer."""
    end = SENTENCE_END.search(entry.short)
    return entry.short[: end.start() + 1] if end else entry.short


def _interventions(team: Team, entries: dict[str, Entry]) -> str:
    parts = ["<section>\n<h2>Valgte indsatser</h2>"]
    chosen = _chosen_ids(team)
    if not chosen:
        parts.append("<p>I har ikke valgt nogen indsats endnu.</p>")
    for kb_id in chosen:
        entry = entries.get(kb_id)
        if entry is None:
            parts.append(f"<p>Opslaget {escape(kb_id)} findes ikke længere i vidensbasen.</p>")
            continue
        parts.append(
            f'<div class="entry">\n<h3>{escape(entry.title)}</h3>\n'
            f"<p>{escape(_summary(entry))}</p>\n"
            f'<p class="small">Grundlag: {escape(section_label(entry))}. '
            f"Evidens: {escape(EVIDENCE_LABELS[entry.evidence])}.</p>\n"
            f'<ul class="refs">\n{_references(entry)}</ul>\n</div>'
        )
    parts.append("</section>")
    return "\n".join(parts)


def _references(entry: Entry) -> str:
    """answers.references, one line per source, with its DOI/URL as a link."""
    items = []
    lines = references(entry).splitlines()[1:]
    for source, line in zip(entry.sources, lines, strict=True):
        text, link = line.removeprefix("- "), source.link()
        if link and text.endswith(" " + link):
            text = text[: -len(link) - 1]
            items.append(f'<li>{escape(text)} <a href="{escape(link)}">{escape(link)}</a></li>\n')
        else:
            items.append(f"<li>{escape(text)}</li>\n")
    return "".join(items)


def _plan_table(team: Team, entries: dict[str, Entry]) -> str:
    parts = ["<section>\n<h2>Handlingsplan</h2>"]
    if not team.plan:
        parts.append("<p>Der er ingen handlinger i planen endnu.</p>\n</section>")
        return "\n".join(parts)
    rows = []
    for number, a in enumerate(team.plan, 1):
        extra = []
        if a.experiment:
            extra.append('<p class="small"><span class="tag">kort forsøg</span></p>')
        for key, name in PRO_LABELS.items():
            value = (a.pro or {}).get(key)
            if value:
                extra.append(f'<p class="small">{name}: {escape(str(value))}</p>')
        for line in facilitate.result_lines(a.facilitation):
            extra.append(f'<p class="small">{escape(line)}</p>')
        if a.kb_id in entries:
            extra.append(f'<p class="small">Bygger på: {escape(entries[a.kb_id].title)}</p>')
        dropped = ' class="droppet"' if a.status == "droppet" else ""
        rows.append(
            f'<tr{dropped}><td class="nr">{number}</td>'
            f'<td><span class="hvad">{escape(a.what)}</span>{"".join(extra)}</td>'
            f"<td>{escape(a.owner)}</td>"
            f'<td>{danish_date(a.deadline) if a.deadline else "Ingen frist"}</td>'
            f"<td>{escape(a.success) or '–'}</td>"
            f"<td>{escape(INVOLVEMENT.get(a.involvement or '', '–'))}</td>"
            f"<td>{escape(STATUSES.get(a.status, a.status))}</td></tr>\n"
        )
    headers = ["Nr.", "Hvad", "Hvem (rolle)", "Frist", "Sådan ved vi, at det virker"]
    parts.append(_table(headers + ["Inddragelse", "Status"], rows, "plan"))
    parts.append("</section>")
    return "\n".join(parts)


def _followup(session: Session, team: Team, numbers: dict[int, int]) -> str:
    parts = ["<section>\n<h2>Opfølgning</h2>"]
    checkins = session.execute(
        select(CheckIn)
        .where(CheckIn.team_id == team.id, CheckIn.finished_at.is_not(None))
        .order_by(CheckIn.finished_at, CheckIn.id)
    ).scalars()
    held = 0
    for checkin in checkins:
        held += 1
        parts.append(
            f'<div class="checkin">\n<h3>{danish_date(local_day(checkin.finished_at))}</h3>'
        )
        rows = [
            f'<tr><td class="nr">{numbers.get(item.action_id, "")}</td>'
            f"<td>{escape(item.action.what if item.action else '')}</td>"
            f"<td>{STATUSES.get(item.status, 'ikke oplyst')}</td>"
            f"<td>{escape(DECISION_LABELS.get(item.decision or '', '–'))}</td>"
            f"<td>{escape(item.note) or '–'}</td></tr>\n"
            for item in checkin.items
        ]
        if rows:
            parts.append(_table(["Nr.", "Handling", "Status", "Beslutning", "Note"], rows))
        said = [
            f"<dt>{name}</dt><dd>{escape(text)}</dd>"
            for name, text in (
                ("Det hjalp", checkin.helped),
                ("Det kom i vejen", checkin.hindered),
                ("Det kan vi nu", checkin.learned),
            )
            if text
        ]
        if said:
            parts.append(f"<dl>{''.join(said)}</dl>")
        parts.append("</div>")
    if not held:
        parts.append("<p>I har ikke holdt nogen opfølgning endnu.</p>")
    upcoming = _next_followup(session, team)
    when = danish_date(local_day(upcoming.due_at)) if upcoming else None
    parts.append(
        f"<p><strong>Næste planlagte opfølgning:</strong> {when}.</p>"
        if when
        else "<p><strong>Ingen planlagt opfølgning.</strong></p>"
    )
    parts.append("</section>")
    return "\n".join(parts)


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
