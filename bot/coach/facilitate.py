"""Methods run with the team, not only named: a Fishbone round and a short experiment.

When the team chooses a NECTO process method, the coach runs it in the conversation and the
result lands in the plan:

- **Fishbone round** (`fishbone_workshop`): causes under three headings in turn (arbejdsgange
  og processer, roller og ansvar, omstændigheder), in the team's own words, several per answer;
  then the team picks one cause to act on. The picked cause is the problem the first-action
  proposal answers, and it is kept with the plan action.
- **Short experiment** (`korte_eksperimenter`): what we try, for how long, how we will know it
  worked. The plan action is filled in from it (what, deadline = start + length, success), so
  the plan form asks only what it does not know yet.

An action that came from a method gets a PRO review at the follow-up (bot/coach/checkin.py).
Plain Python: the actions in actions/facilitate.py call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.coach.dates import (
    NUMBERS,
    DateError,
    add_months,
    danish_date,
    parse_deadline,
    read_days,
)
from bot.coach.reading import Reading
from bot.coach.reading.choice import Option, read_choice
from bot.coach.reading.controls import SKIP, read_control
from bot.coach.reading.words import normalise

FISHBONE = "fishbone_workshop"
EXPERIMENT = "korte_eksperimenter"
# The NECTO process methods (knowledge/SCHEMA.md, `methods`): an action built on one of them,
# or run as a short experiment, gets the PRO review at the follow-up.
METHODS = frozenset({
    "korte_eksperimenter", "fishbone_workshop", "pro_modellen", "tre_former_inddragelse",
    "worm_risikovurdering", "trivselsapps_korte_maalinger",
})  # fmt: skip
# The methods the coach runs in the conversation, and the form that runs each.
FORMS = {FISHBONE: "fishbone_form", EXPERIMENT: "experiment_form"}
# Said after the FIT check, so the team knows what comes next.
OFFERS = {
    FISHBONE: "Jeg kan lede jer igennem en kort Fishbone-runde her i samtalen: årsager under "
    "tre overskrifter, og så vælger I én, som handlingen skal gøre noget ved.",
    EXPERIMENT: "Jeg kan lægge forsøget til rette med jer her i samtalen: hvad I prøver, hvor "
    "længe, og hvordan I kan se, om det virker. Det kommer direkte ind i planen.",
}
# The slots a new choice empties: a method run for the last choice is not this one's.
FRESH_CHOICE = ("facilitated_kb", "method_result", "method_cause")


def method_buttons(kb_id: str, smaller: bool) -> list[dict[str, str]]:
    """The buttons after the FIT check for a method the coach runs. `smaller`: the check
    said to keep it small, so the plan is marked as a short trial."""
    trial = '/make_plan{"plan_mode":"forsøg"}'
    if kb_id == EXPERIMENT:
        return [{"title": "Læg forsøget til rette", "payload": trial if smaller else "/make_plan"}]
    buttons = [{"title": "Kør Fishbone-runden", "payload": "/make_plan"}]
    if smaller:
        buttons.append({"title": "Kør runden, og prøv det af", "payload": trial})
    return buttons


# --- Fishbone ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    slot: str
    key: str  # as stored with the plan action
    title: str
    question: str
    example: str


HEADINGS = (
    Heading(
        "fb_process",
        "process",
        "Arbejdsgange og processer",
        "Hvad i jeres arbejdsgange er med til at skabe problemet{about}? Tænk på, hvordan "
        "opgaverne kommer ind, bliver planlagt og overdraget.",
        "'opgaverne kommer ind i sidste øjeblik' eller 'ingen fast planlægning om mandagen'",
    ),
    Heading(
        "fb_roles",
        "roles",
        "Roller og ansvar",
        "Hvad ved roller og ansvar spiller ind? Tænk på, hvem der gør hvad, og hvem der "
        "beslutter.",
        "'det er uklart, hvem der prioriterer' eller 'alt går gennem én person'",
    ),
    Heading(
        "fb_circumstances",
        "circumstances",
        "Omstændigheder og rammer",
        "Hvilke omstændigheder og rammer spiller ind? Tænk på travle perioder, bemanding, "
        "lokaler, systemer og kunder.",
        "'travlt i sæsonen' eller 'vi er ofte en mand for lidt'",
    ),
)
FISHBONE_SLOTS = tuple(h.slot for h in HEADINGS) + ("fb_pick",)
FISHBONE_INTRO = (
    "Lad os køre en kort Fishbone-runde sammen, før vi skriver handlingen. Jeg spørger om "
    "årsager under tre overskrifter, én ad gangen. Skriv med jeres egne ord, gerne flere "
    "årsager på hver sin linje. 'Spring over' er i orden."
)
MAX_CAUSES = 8  # buttons a phone can show; the rest are kept with the plan action
BUTTON_CHARS = 60

# "Ved ikke", "ingen": nothing under this heading, as "spring over".
NOTHING_HERE = frozenset({
    "ved ikke", "det ved jeg ikke", "det ved vi ikke", "aner det ikke", "ingen", "intet",
    "ingenting", "nej", "nix", "ikke noget", "ingen idé", "ingen ide", "ingen ideer",
})  # fmt: skip
# Several causes in one answer: one a line, or separated by ";", " / " or bullets.
# A number opens a cause at the start of a line ("1. ...") or as "2) " ("kl. 7." stays whole).
_SEPARATORS = re.compile(
    r"\s*(?:\n|;|\s/\s|•|·|^\s*[-*]\s+|\s+-\s+|^\s*\d{1,2}[.)]\s+|\b\d{1,2}\)\s+)\s*", re.M
)


def split_causes(text: str) -> list[str]:
    """The causes written in one answer, each tidied: "travlhed; ingen plan" -> two."""
    found = []
    for part in _SEPARATORS.split(text or ""):
        cause = " ".join(part.split()).strip(" .,-")
        if len(cause) >= 2 and normalise(cause) not in {normalise(c) for c in found}:
            found.append(cause[:1].upper() + cause[1:300])
    return found


def read_causes(text: str) -> Reading | None:
    """An answer under one heading: a control ("spring over", "stop"), or the causes."""
    control = read_control(text, strict=True)
    if control is not None:
        return Reading(None, control=control)
    if normalise(text) in NOTHING_HERE:
        return Reading(None, control=SKIP)
    causes = split_causes(text)
    return Reading(causes) if causes else None


def all_causes(answers: dict[str, Any]) -> list[str]:
    """Every cause the team wrote, in the order of the headings, each once."""
    seen, causes = set(), []
    for heading in HEADINGS:
        for cause in answers.get(heading.slot) or []:
            if normalise(cause) not in seen:
                seen.add(normalise(cause))
                causes.append(cause)
    return causes


def short(text: str, limit: int = BUTTON_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.") + "…"


def cause_buttons(causes: list[str]) -> list[dict[str, str]]:
    """One button per cause; its payload is the cause's own words, as if typed."""
    return [{"title": short(c), "payload": c} for c in causes[:MAX_CAUSES]]


def read_pick(text: str, causes: list[str]) -> Reading | None:
    """The cause the team picks: by its button, its number ("nummer to") or its words."""
    control = read_control(text)
    if control is not None:
        return Reading(None, control=control)
    said = normalise(text)
    for cause in causes:
        if said in (normalise(cause), normalise(short(cause))):
            return Reading(cause)
    options = [Option(c, c) for c in causes[:MAX_CAUSES]]
    return read_choice(text, options)


def fishbone_result(answers: dict[str, Any], picked: str | None) -> dict[str, Any]:
    """What is kept with the plan action: the causes under each heading and the one picked."""
    return {
        "method": FISHBONE,
        "causes": {h.key: list(answers.get(h.slot) or []) for h in HEADINGS},
        "cause": picked or "",
    }


def fishbone_summary(answers: dict[str, Any], picked: str | None) -> str:
    counts = sum(len(answers.get(h.slot) or []) for h in HEADINGS)
    if not counts:
        return (
            "I har ikke skrevet nogen årsager ned, og det er i orden. Vi laver handlingen ud "
            "fra problemet, som I har beskrevet det."
        )
    lead = f"I har fundet {counts_word(counts)} {'årsag' if counts == 1 else 'årsager'}."
    if not picked:
        return f"{lead} I har ikke valgt én endnu; vi laver handlingen ud fra problemet."
    return f"{lead} Jeg gemmer dem alle med handlingen, og den første handling skal gøre noget ved den, I valgte."


# --- Short experiment ---------------------------------------------------------------------------

EXPERIMENT_SLOTS = ("exp_what", "exp_days", "exp_success")
EXPERIMENT_INTRO = (
    "Lad os lægge forsøget til rette sammen: hvad I prøver, hvor længe, og hvordan I kan se, "
    "om det virker. Bagefter skriver jeg det ind i planen."
)
DURATION_CHOICES = {"To uger": 14, "Fire uger": 28, "Seks uger": 42}
LONG_EXPERIMENT = 92  # days; longer is asked back: a short experiment is short
_WORD_NUMBERS = {v: k for k, v in NUMBERS.items() if k not in ("et", "én", "par")}


# "vi vil prøve et kort forsøg med faste pauser", "lad os lave et eksperiment med tavlemøder i
# fire uger": the team picks the short experiment and says what it will try.
EXPERIMENT_WISH = re.compile(
    r"\b(?:prøv|proev|prov|lav|kør|koer|tag|start|test|afprøv)\w*\s+"
    r"(?:(?:det|den|dem|det her|det med)\s+)?(?:som\s+)?(?:et|en)?\s*(?:kort\w*\s+|lille\s+)?"
    r"(?:forsøg|forsog|eksperiment|prøveperiode|testperiode|pilotforsøg)\w*"
    r"(?:\s+(?:med|på|paa|hvor|om|at)\s+(?P<what>.+))?"
)

DONE_BEFORE = re.compile(r"\b(?:har|havde) (?:\w+ )?(?:prøvet|lavet|kørt|taget|startet|testet)\b")


def experiment_wish(text: str) -> str | None:
    """What the team wants to try as a short experiment ("faste pauser"), "" when it says it
    wants an experiment without saying what, None when it does not ask for one."""
    t = " ".join((text or "").split())
    m = EXPERIMENT_WISH.search(t.lower())
    if m is None or t.rstrip().endswith("?") or DONE_BEFORE.search(t.lower()):
        return None
    what = t[m.start("what") : m.end("what")] if m.group("what") else ""
    return what.strip(" .,!")


def counts_word(n: int) -> str:
    return _WORD_NUMBERS.get(n, str(n)) if n <= 12 else str(n)


def read_duration(text: str, today: date) -> Reading | None:
    """How long the experiment runs, in days: "fire uger", "en måned", "14 dage", "i to uger",
    "en uges tid", "til 1. marts". Over three months is asked back."""
    control = read_control(text)
    if control is not None:
        return Reading(None, control=control)
    t = " ".join((text or "").lower().split())
    t = re.sub(r"\b(uge|måned|maaned)s? tid\b", r"\1", t).replace("ugers tid", "uger")
    if re.search(r"\bhalvanden måned", t):
        return Reading(45)
    if re.search(r"\b(?:en )?halv måned", t):
        return Reading(14)
    m = re.search(r"\b(\d+|[a-zé]+) (?:måned|måneder|maaned|maaneder)\b", t)
    count = None
    if m:
        count = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.get(m.group(1))
    if count:
        days = (add_months(today, count) - today).days
    else:
        days = read_days(t, today)
    if days is None and re.search(r"\b(?:til|indtil|slut|slutter)\b", t):
        try:
            days = (parse_deadline(t, today) - today).days
        except DateError:
            days = None
    if not days or days <= 0:
        return None
    return Reading(days, sure=days <= LONG_EXPERIMENT)


def duration_label(days: int) -> str:
    """ "fire uger", "en måned", "ti dage"."""
    days = int(days)
    if days % 7 == 0:
        weeks = days // 7
        return "en uge" if weeks == 1 else f"{counts_word(weeks)} uger"
    months = round(days / 30.44)
    if months >= 1 and abs(days - months * 30.44) <= 2:
        return "en måned" if months == 1 else f"{counts_word(months)} måneder"
    return "en dag" if days == 1 else f"{counts_word(days)} dage"


def experiment_plan(what: str, days: int, success: str, start: date) -> dict[str, Any]:
    """The plan slots the experiment fills: what, deadline (start + length), success."""
    end = start + timedelta(days=int(days))
    return {
        "plan_what": what,
        "plan_deadline": end.isoformat(),
        "plan_success": success or "",
        "plan_mode": "forsøg",
    }


def experiment_result(what: str, days: int, success: str, start: date) -> dict[str, Any]:
    return {
        "method": EXPERIMENT,
        "try": what,
        "days": int(days),
        "start": start.isoformat(),
        "end": (start + timedelta(days=int(days))).isoformat(),
        "success": success or "",
    }


# --- Which actions came from a method ----------------------------------------------------------


def from_method(action: Any) -> bool:
    """An action built on a process method, run as a short experiment, or facilitated."""
    return bool(
        getattr(action, "experiment", False)
        or getattr(action, "kb_id", None) in METHODS
        or (getattr(action, "facilitation", None) or {}).get("method")
    )


# --- Keeping the result with the plan action ---------------------------------------------------


def result_lines(facilitation: dict[str, Any] | None) -> list[str]:
    """What a method gave the action, in Danish, for the plan and the export."""
    found = facilitation or {}
    if found.get("method") == FISHBONE:
        causes = [c for listed in (found.get("causes") or {}).values() for c in listed]
        lines = [
            f"Fishbone-runden fandt {len(causes)} {'årsag' if len(causes) == 1 else 'årsager'}."
        ]
        if found.get("cause"):
            lines.append(f"I valgte at gøre noget ved: {found['cause']}")
        return lines
    if found.get("method") == EXPERIMENT and found.get("end"):
        days = int(found.get("days") or 0)
        weeks = days // 7
        length = (
            f"{weeks} {'uge' if weeks == 1 else 'uger'}"
            if days and days % 7 == 0
            else f"{days} dage"
        )
        return [f"Forsøget varer {length}, til {danish_date(date.fromisoformat(found['end']))}."]
    return []
