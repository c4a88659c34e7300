"""The FIT check (report section 6.3): does the chosen intervention fit this team?

Four short questions; the answers decide whether the coach warns, suggests a smaller
experiment, or points to outside help.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.context import Context
from bot.kb.schema import Entry
from bot.kb.search import KnowledgeIndex

QUESTIONS = {
    "fit_culture": "Passer den til jeres måde at arbejde på og jeres kultur?",
    "fit_core_task": "Hjælper den jer med kerneopgaven, det I er der for?",
    "fit_timing": "Er timingen god, eller er der andre store forandringer i gang lige nu?",
    "fit_capacity": "Har I tid og folk til at gennemføre den de næste uger?",
}
ANSWERS = {"ja": "Ja", "delvist": "Delvist", "nej": "Nej"}
HELP_KIND = "hjaelp"


@dataclass(frozen=True)
class FitVerdict:
    fits: bool
    messages: tuple[str, ...]
    suggest_experiment: bool
    helpers: tuple[Entry, ...]


def parse(text: str) -> str | None:
    t = (text or "").strip().lower()
    for value, label in ANSWERS.items():
        if t in (value, label.lower()):
            return value
    if t.startswith(("ja", "jo", "yes")):
        return "ja"
    if t.startswith(("nej", "no", "ikke")):
        return "nej"
    if "delvis" in t or "lidt" in t or "måske" in t or "ved ikke" in t:
        return "delvist"
    return None


def helpers_for(index: KnowledgeIndex, context: Context | None) -> list[Entry]:
    """Who in Denmark offers outside help that fits this team (from the knowledge base)."""
    industry = context.industry if context else ""
    found = []
    for entry in index.entries:
        # Legal routing (harassment, violence) is help of another kind: never offered here.
        if entry.kind != HELP_KIND or entry.area == "lovgivning":
            continue
        specific = "alle" not in entry.fits.industries
        if specific and industry not in entry.fits.industries:
            continue
        found.append((0 if specific else 1, entry.id, entry))
    return [e for _, _, e in sorted(found)][:3]


def verdict(
    answers: dict[str, str], entry: Entry, index: KnowledgeIndex, context: Context | None
) -> FitVerdict:
    messages = []
    if answers.get("fit_culture") == "nej":
        messages.append(
            "Den passer ikke til jeres måde at arbejde på. Tilpas den, eller vælg en, der "
            "ligner noget, I kender i forvejen."
        )
    if answers.get("fit_core_task") == "nej":
        messages.append(
            "Når en indsats ikke hjælper kerneopgaven, bliver den let nedprioriteret. Find "
            "koblingen til jeres daglige opgaver, eller vælg en anden."
        )
    if answers.get("fit_timing") == "nej":
        messages.append(
            "Der sker meget andet hos jer lige nu. Vent, til det har lagt sig, eller start "
            "med en lille del af den."
        )
    capacity = answers.get("fit_capacity")
    if capacity in ("nej", "delvist"):
        messages.append(
            "Pas på med at love mere, end I kan holde: en indsats, der bliver meldt ud og ikke "
            "sker, kan gøre arbejdsmiljøet værre. Gør den mindre, og kør den som et kort forsøg."
        )
    too_much = demands_too_much(entry, context)
    messages += too_much
    if entry.demands is not None and entry.demands.facilitator:
        messages.append(
            "Den kræver en, der leder møderne: lederen, arbejdsmiljørepræsentanten eller en "
            "udefra."
        )
    helpers = tuple(helpers_for(index, context)) if entry.fits.outside_help else ()
    fits = not any(answers.get(k) == "nej" for k in QUESTIONS) and not too_much
    smaller = capacity in ("nej", "delvist") or answers.get("fit_timing") == "nej"
    return FitVerdict(fits, tuple(messages), smaller or bool(too_much), helpers)


WEEKLY_HOURS = {"under_1": 1, "1_2": 2, "over_2": 3}


def demands_too_much(entry: Entry, context: Context | None) -> list[str]:
    """What the intervention asks of a team that does not have it: hours, a project group,
    someone to lead the meetings."""
    demands, ctx = entry.demands, context or Context()
    if demands is None:
        return []
    said = []
    weekly = WEEKLY_HOURS.get(ctx.time)
    if weekly is not None and demands.hours > 4 * weekly:
        said.append(
            f"Den kræver omkring {demands.hours} timer, før den er i gang, og I har "
            f"{'højst en time' if weekly == 1 else f'{weekly} timer'} om ugen. Tag et mindre "
            "stykke først, så I kan nå det på en måned."
        )
    if demands.group and ctx.size == "1-9":
        said.append("Den kræver en lille gruppe, der driver den. Hos jer kan det være to.")
    return said
