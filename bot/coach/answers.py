"""How knowledge entries are worded in the chat: short answer, source, evidence, more."""

from __future__ import annotations

import re

from bot.involvement import SAID
from bot.kb.schema import Entry

EVIDENCE_LABELS = {
    "kontrolleret": "kontrolleret studie",
    "kvasi_eksperimentel": "studie med sammenligningsgruppe, ikke lodtrækning",
    "uden_kontrolgruppe": "studie uden kontrolgruppe",
    "kvalitativ": "kvalitativt studie",
    "protokol": "kun en forsøgsprotokol, endnu ingen resultater",
    "review": "litteraturgennemgang",
    "praksiserfaring": "erfaringer fra praksis",
    "lovgivning": "lovgivning og myndighedsvejledning",
    "ikke_angivet": "rapporten oplyser ikke studiets design",
    "coachens_raad": "coachens eget råd, ikke et forskningsresultat",
}

REPORT = "NECTO-rapporten (2025)"


def section_label(entry: Entry) -> str:
    if entry.report_section == "lovgivning":
        return "lovgivningen"
    if entry.report_section == "vejledning":
        return "Arbejdstilsynets og NFA's vejledning"
    return f"{REPORT}, afsnit {entry.report_section}"


def source_line(entry: Entry) -> str:
    studies = [s.citation() for s in entry.sources if not s.authors.startswith("NECTO")]
    line = f"Kilde: {section_label(entry)}"
    if studies:
        line += "; " + ", ".join(list(dict.fromkeys(studies))[:3])
    return line + "."


def card_source(entry: Entry) -> str:
    """The source in a few words, for a suggestion on a phone: who says so."""
    if entry.report_section in ("vejledning", "lovgivning"):
        who = list(dict.fromkeys(s.authors for s in entry.sources if s.authors))[:2]
        return f"Kilde: {' og '.join(who) or section_label(entry)}."
    return f"Kilde: NECTO-rapporten, afsnit {entry.report_section}."


def first_sentence(text: str) -> str:
    """The first sentence of a text (a card shows one; the rest is behind "Læs mere")."""
    text = " ".join((text or "").split())
    cut = re.search(r"(?<=[a-zæøå0-9)])[.!?](?=\s+[A-ZÆØÅ])", text)
    return text[: cut.end()] if cut else text


def short_answer(entry: Entry) -> str:
    return f"{entry.title}\n\n{entry.short}\n\n{source_line(entry)}"


def long_answer(entry: Entry) -> str:
    parts = [entry.title, entry.explanation]
    if entry.steps:
        parts.append(
            "Sådan kan I gøre:\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(entry.steps, 1))
        )
    if entry.effort:
        parts.append(f"Det kræver: {entry.effort}")
    parts.append(f"Evidens: {EVIDENCE_LABELS[entry.evidence]}. {entry.evidence_note}")
    return "\n\n".join(parts)


def references(entry: Entry) -> str:
    lines = [f"Kilder ({section_label(entry)}):"]
    for s in entry.sources:
        link = s.link()
        lines.append(
            f"- {s.authors} ({s.year or 'u.å.'}). {s.title}." + (f" {link}" if link else "")
        )
    return "\n".join(lines)


def facts_line(entry: Entry) -> str:
    """Evidence strength, what it takes and whom to involve, then the source, on one line."""
    parts = [f"Evidens: {EVIDENCE_LABELS[entry.evidence]}."]
    if entry.effort:
        parts.append(f"Det kræver: {entry.effort.rstrip('.')}.")
    if entry.involvement:
        parts.append(f"Inddragelse: {SAID[entry.involvement]}.")
    parts.append(source_line(entry))
    return " ".join(parts)
