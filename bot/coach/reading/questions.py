"""Every question the coach asks with buttons, and how a typed answer to it is read.

`read(question, text)` first looks for a control ("stop", "tilbage", "spring over", "vent",
"forkert"), then asks the question's own parser. The keys are the form slots' names without
their prefix where one is shared ("ctx_size" -> "size").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.coach.dates import DateError, parse_deadline, read_days
from bot.coach.reading import Reading
from bot.coach.reading.absence import read_absence
from bot.coach.reading.choice import Option, read_choice
from bot.coach.reading.context import (
    read_amr,
    read_changes,
    read_industry,
    read_outside_help,
    read_pressure,
    read_size,
    read_time,
)
from bot.coach.reading.controls import SKIP, STOP, WAIT, WRONG, after_correction, read_control
from bot.coach.reading.names import read_team_name
from bot.coach.reading.scales import read_fit, read_involvement, read_rating, read_score
from bot.coach.reading.words import normalise, yes_no

Parser = Callable[[str], Reading | None]

PARSERS: dict[str, Parser] = {
    "ctx_size": read_size,
    "ctx_industry": read_industry,
    "ctx_amr": read_amr,
    "ctx_outside_help": read_outside_help,
    "ctx_time": read_time,
    "ctx_changes": read_changes,
    "ctx_pressure": read_pressure,
    "map_rating": read_rating,
    "map_absence": read_absence,
    "pulse": read_score,
    "fit_culture": read_fit,
    "fit_core_task": read_fit,
    "fit_timing": read_fit,
    "fit_capacity": read_fit,
    "plan_involvement": read_involvement,
    "team_name": read_team_name,
}
# Questions where "ved ikke" is one of the answers (a button), not a way to skip the question.
DONT_KNOW_ANSWERS = {"map_absence": "ved_ikke"}
# Free text: anything but a control is the answer.
FREE_TEXT = ("map_words", "plan_what", "plan_owner", "plan_success", "plan_circumstances",
             "team_name", "checkin_note")  # fmt: skip


def _button(question: str, text: str) -> Reading | None:
    """A pressed button: its title is one of the question's labels ("Butik og handel")."""
    from bot.coach.context import OPTIONS, SEVERAL

    key = question.removeprefix("ctx_")
    if not question.startswith("ctx_") or key not in OPTIONS:
        return None
    options, several = OPTIONS[key], key in SEVERAL
    said = normalise(text)
    for value, label in options.items():
        if said == normalise(label):
            return Reading([value] if several else value)
    return None


def read_free_text(text: str) -> Reading | None:
    words = " ".join((text or "").split())
    return Reading(words[:500]) if len(words) >= 2 and not words.startswith("/") else None


def read_confirm(text: str) -> Reading | None:
    """The answer to "Jeg forstod 'Byggeri'. Passer det?": ja or nej ("forkert" is nej)."""
    control = read_control(text)
    if control == WRONG:
        return Reading("nej")
    if control in (STOP, WAIT):
        return Reading(None, control=control)
    said = normalise(text)
    if re.search(r"\b(?:passer ikke|ikke rigtigt|stemmer ikke|ikke helt|ikke korrekt|forkert)\b",
                 said):  # fmt: skip
        return Reading("nej")
    answer = yes_no(text)
    if answer is None and re.search(
        r"\b(?:rigtigt|korrekt|præcis|det passer|det stemmer|stemmer|lige præcis)\b", said
    ):
        answer = "ja"
    return Reading(answer) if answer else None


def read(
    question: str,
    text: str,
    today: date | None = None,
    options: list[Option] | None = None,
) -> Reading | None:
    """What `text` means as an answer to `question`; Reading(control=...) for a control."""
    if question == "confirm":
        return read_confirm(text)
    if question in DONT_KNOW_ANSWERS:
        answer = PARSERS[question](text)
        if answer is not None and answer.value == DONT_KNOW_ANSWERS[question]:
            return answer  # "ved ikke" is an answer here, not "spring over"
    control = read_control(text, strict=question in FREE_TEXT)
    about_earlier = re.search(r"\b(?:sidste|forrige|tidligere|før)\b", normalise(text))
    if control == WRONG and question not in FREE_TEXT and not about_earlier:
        # "ikke den første, den anden", "nej forkert, vi er 12": the correction is the answer.
        rest = after_correction(text)
        new = rest and read_control(rest) is None
        corrected = _answer(question, rest, today, options) if new else None
        if corrected is not None and not corrected.control:
            return corrected
    if control is not None:
        return Reading(None, control=control)
    return _answer(question, text, today, options)


def _answer(question: str, text: str, today: date | None, options: list[Option] | None):
    if question in PARSERS:
        return _button(question, text) or PARSERS[question](text)
    if question == "choose":
        return read_choice(text, options or [])
    if question == "plan_deadline":
        try:
            return Reading(parse_deadline(text, today or date.today()))
        except DateError:
            return None
    if question == "followup_when":
        days = read_days(text, today or date.today())
        return Reading(days) if days else None
    if question in FREE_TEXT:
        return read_free_text(text)
    raise KeyError(question)


__all__ = ["SKIP", "Option", "Reading", "read"]


# What to say when an answer was not understood: what the question accepts, in a few words.
HINTS = {
    "ctx_size": "Skriv, hvor mange I er, fx 'vi er 12'.",
    "ctx_industry": "Skriv jeres fag eller branche, fx 'tømrer', 'hjemmepleje' eller 'butik'.",
    "ctx_amr": "Svar ja eller nej.",
    "ctx_outside_help": "Skriv fx 'BFA', 'revisoren', 'en konsulent' eller 'ingen'.",
    "ctx_time": "Skriv fx 'en time om ugen' eller 'en halv dag om måneden'.",
    "ctx_changes": "Skriv fx 'ny ejer', 'vi flytter', 'nyt system' eller 'ingen'.",
    "ctx_pressure": "Svar fx 'ikke særligt', 'en del' eller 'meget'.",
    "map_rating": "Svar 'ikke et problem', 'lidt' eller 'meget'.",
    "map_words": "Skriv et par ord om, hvad der fylder.",
    "map_absence": "Svar ja, lidt, nej eller ved ikke. Tænk på teamet samlet, ikke på den "
    "enkelte.",
    "pulse": "Svar med et tal fra 1 til 5.",
    "fit_culture": "Svar ja, delvist eller nej.",
    "fit_core_task": "Svar ja, delvist eller nej.",
    "fit_timing": "Svar ja, delvist eller nej.",
    "fit_capacity": "Svar ja, delvist eller nej.",
    "plan_involvement": "Vælg en af knapperne, eller skriv det med jeres egne ord.",
    "plan_deadline": "Skriv en dato som '15/3', '1. marts' eller 'om to uger'.",
    "followup_when": "Skriv fx 'om en uge' eller 'om 14 dage'.",
    "choose": "Skriv nummeret eller navnet på den, I vil vælge.",
    "confirm": "Svar ja eller nej.",
    "team_name": "Skriv et navn på 2 til 60 tegn.",
    "join_code": "Koden er tre ord og et tal, fx sol-hest-mark-42. Tjek den med den, der "
    "oprettede teamet.",
    "plan_what": "Skriv kort, hvad I vil gøre.",
    "plan_owner": "Skriv, hvem der står for det, fx 'formanden'.",
    "plan_success": "Skriv, hvad I vil kunne se, fx 'alle har holdt frokostpause i fire uger'.",
    "plan_circumstances": "Skriv fx 'travlhed i december, så rykker vi en uge', eller 'spring "
    "over'.",
}
