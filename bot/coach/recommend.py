"""Suggest interventions for a problem, ranked by theme, wording and the team's context.

Every adjustment that lifts an entry comes with a reason the coach can say out loud
("I har under en time om ugen, og den kræver ikke meget tid.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.coach.context import IN_INDUSTRY, SKIPPED, Context
from bot.kb.schema import Entry
from bot.kb.search import KnowledgeIndex, clear_answer

ACTIONABLE_KINDS = ("indsats", "metode", "program", "hjaelp")
THEME_BONUS = 4.0
MIN_SCORE = 2.0


@dataclass(frozen=True)
class Suggestion:
    entry: Entry
    score: float
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


def _industry_label(industry: str) -> str:
    """ "byggeriet", "omsorg og sundhed", "IT og kontor"."""
    return IN_INDUSTRY.get(industry, "i " + industry).removeprefix("i ")


def _context_fit(entry: Entry, ctx: Context) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    fits = entry.fits
    if ctx.size != SKIPPED and ctx.size not in fits.size:
        score -= 3.0
    if "alle" not in fits.industries and ctx.industry != SKIPPED:
        if ctx.industry in fits.industries:
            score += 3.0
            reasons.append(f"Den er lavet til jer i {_industry_label(ctx.industry)}.")
        else:
            score -= 4.0
    if ctx.time == "under_1":
        if fits.resources == "lav":
            score += 1.5
            reasons.append("I har under en time om ugen, og den kræver ikke meget.")
        else:
            score -= 2.0 if fits.resources == "middel" else 4.0
    elif ctx.time == "over_2" and fits.resources != "lav":
        score += 0.5
    if fits.outside_help:
        if ctx.outside_help:
            score += 1.0
            reasons.append("Den kræver hjælp udefra, og det har I adgang til.")
        elif ctx.outside_help == ():
            score -= 1.5
    if ctx.changes and "forandringer" in entry.themes:
        score += 1.0
        reasons.append("I står midt i andre forandringer, og den tager højde for det.")
    if ctx.pressure == "hoej" and entry.area == "ledelse" and "ledelse" in entry.themes:
        score += 1.0
        reasons.append("Lederen er meget presset, og den tager fat i lederens situation.")
    return score, reasons


MEASURE = "tiltag"
METHOD = "metode"
# How a process method carries a concrete measure out, said in a few words.
WAYS = {
    "korte_eksperimenter": "Gør det som et kort forsøg med en slutdato",
    "fishbone_workshop": "Find årsagerne først på en Fishbone-workshop",
    "pro_modellen": "Følg op undervejs med PRO-modellens tre spørgsmål",
    "tre_former_inddragelse": "Aftal først, hvordan de andre skal inddrages",
    "worm_risikovurdering": "Vurdér risikoen sammen med WORM-metoden",
    "trivselsapps_korte_maalinger": "Følg med i, om det virker, med korte målinger",
}
HOURS_A_WEEK = {"under_1": 1, "1_2": 2, "over_2": 4}


def suggest(
    index: KnowledgeIndex,
    theme: str | None,
    text: str = "",
    context: Context | None = None,
    limit: int = 3,
    exclude: tuple[str, ...] = (),
) -> list[Suggestion]:
    """Up to `limit` suggestions for this theme, wording and context, best first: concrete
    measures for the theme first (kind "tiltag"), then what else fits (a programme, help for
    the trade, a method), never a process method on its own where a measure fits better."""
    ranked = rank(index, theme, text, context, exclude)
    asked = _asked_for(index, text, exclude)
    if asked is not None:
        # "har I noget om pauser, der bliver holdt?": the one the team asked for comes first.
        found = next((s for s in ranked if s.entry.id == asked.id), None)
        first = found or Suggestion(asked, 0.0, ("Den passer til det, I spørger om.",))
        ranked = [first, *(s for s in ranked if s.entry.id != asked.id)]
    measures = [s for s in ranked if s.entry.kind == MEASURE]
    if not measures:
        return ranked[:limit]
    lead = [ranked[0]] if asked is not None else []
    top = (lead + [s for s in measures if s not in lead])[:2]
    rest = sorted((s for s in ranked if s not in top), key=lambda s: (-s.score, s.entry.id))
    return (top + rest)[:limit]


def _asked_for(index: KnowledgeIndex, text: str, exclude: tuple[str, ...]) -> Entry | None:
    """The one suggestion a request names in its own words, if one clearly does."""
    if not text.strip():
        return None
    kinds = (*ACTIONABLE_KINDS, MEASURE)
    hits = index.search(topic(text), limit=2, kinds=kinds)
    hit = clear_answer(hits)
    if hit is None and hits and index.sure_of(text, hits[0].entry.id):
        hit = hits[0]  # the question matcher, taught by people's questions, is sure of it
    return hit.entry if hit is not None and hit.entry.id not in exclude else None


# The words of the request itself ("vis forslag til travlheden", "har I nogle idéer?"): not
# what the team's problem is about, so they do not rank an entry titled "Forslag, der får et
# svar". But "vi kommer med forslag og hører intet" is about proposals.
IDEAS = r"(?:forslag(?:ene|et)?|idéer|ideer|indsats(?:er|en|erne)?|tiltag(?:ene|et)?|tips|råd)"
ASKING = re.compile(
    r"\b(?:ja|jo|ok|okay|tak)\b"
    rf"|\b(?:vis|se|giv|kom med|har du|har i|findes der)(?: os| mig)?(?: nogle| noget| et par|"
    rf" flere| andre| nye)?(?: {IDEAS})?\b"
    rf"|\b(?:nogle |flere |andre |nye |et par |gode )?{IDEAS} (?:til|om|mod|for|at)\b"
    rf"|\b(?:nogle|flere|andre|gode|hvilke|hvad for) {IDEAS}\b|^{IDEAS}\b|\b{IDEAS}\W*$"
    r"|\bhvad (?:kan|skal) (?:vi|man) gøre ved\b|\bhvad gør (?:vi|man) ved\b"
)


def topic(text: str) -> str:
    """What a request for ideas is about: its words without the asking."""
    return ASKING.sub(" ", text.lower())


def rank(
    index: KnowledgeIndex,
    theme: str | None,
    text: str = "",
    context: Context | None = None,
    exclude: tuple[str, ...] = (),
) -> list[Suggestion]:
    """Every actionable entry that fits, by score."""
    ctx = context or Context()
    text = topic(text) if text else ""
    word_scores = {h.entry.id: h.score for h in index.score_all(text)} if text.strip() else {}
    ranked = []
    for entry in index.entries:
        if entry.kind not in ACTIONABLE_KINDS + (MEASURE,) or entry.id in exclude:
            continue
        if entry.kind == METHOD and theme and entry.themes and theme not in entry.themes:
            continue  # a method that does not fit the theme is never offered for it
        reasons: list[str] = []
        score = word_scores.get(entry.id, 0.0)
        if theme and theme in entry.themes:
            score += THEME_BONUS + (1.0 if entry.themes[0] == theme else 0.0)
            if entry.kind == MEASURE:
                score += 1.0
        elif word_scores.get(entry.id):
            reasons.append("Den passer til det, I beskriver.")
        if score < MIN_SCORE:
            continue
        adjustment, why = _context_fit(entry, ctx)
        if entry.kind == MEASURE:
            extra, more = _measure_fit(entry, ctx)
            adjustment, why = adjustment + extra, why + more
        score += adjustment
        if score < MIN_SCORE:
            continue
        ranked.append(Suggestion(entry, round(score, 3), tuple(reasons + why)))
    ranked.sort(key=lambda s: (-s.score, s.entry.id))
    return ranked


def _measure_fit(entry: Entry, ctx: Context) -> tuple[float, list[str]]:
    """What a concrete measure demands against what the team has."""
    score, reasons = 0.0, []
    if ctx.industry in dict(entry.first_action_by_industry):
        score += 1.0
        reasons.append(f"Der er et eksempel fra {_industry_label(ctx.industry)}.")
    demands = entry.demands
    if demands is None:
        return score, reasons
    weekly = HOURS_A_WEEK.get(ctx.time)
    if weekly is not None and demands.hours > 4 * weekly:
        score -= 2.0  # more than a month of the time the team has
    elif weekly is not None:
        score += 0.5
    if ctx.size == "1-9" and demands.group:
        score -= 1.0  # a project group is much to ask of a handful of people
    return score, reasons


def way_to_do(entry: Entry, index: KnowledgeIndex) -> Entry | None:
    """The process method a measure names first: how to carry it out."""
    for method_id in entry.methods:
        if method_id in index.by_id:
            return index.by_id[method_id]
    return None


# Other ways to say the same reason, so that three cards never repeat one sentence.
SAID_OTHERWISE = {
    "I har under en time om ugen, og den kræver ikke meget.": (
        "Den kan klares på den tid, I har.",
        "Den tager ikke meget tid fra en travl uge.",
    ),
}


def why_each(suggestions: list[Suggestion]) -> list[str]:
    """One short reason per suggestion, none said twice ("" when nothing new is left)."""
    said: set[str] = set()
    chosen = []
    for suggestion in suggestions:
        options = list(suggestion.reasons)
        options += [v for r in suggestion.reasons for v in SAID_OTHERWISE.get(r, ())]
        reason = next((r for r in options if r not in said), "")
        said.add(reason)
        chosen.append(reason)
    return chosen
