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
from bot.coach.reading.controls import (
    BACK,
    SKIP,
    STOP,
    WAIT,
    WAIT_THEN,
    WRONG,
    after_correction,
    read_control,
)
from bot.coach.reading.names import read_owner, read_team_name
from bot.coach.reading.scales import read_fit, read_involvement, read_rating, read_score
from bot.coach.reading.words import normalise, numbers, yes_no

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


# Spoken openings that are not part of what the team wants written down: "ja men lad os sige
# 15 min mandag", "øh okay, vi holder ...", "nej, vi ringer ...".
OPENING = re.compile(
    r"^(?:(?:ja|jo|jah|nej|nå|øh|øhm|hmm|okay|ok|jamen|men|altså)\b[\s,.!:-]*)+"
    r"(?:lad os sige|lad os bare sige|vi siger|skal vi sige|hvad med)?\b[\s,:-]*",
    re.IGNORECASE,
)


def tidy(text: str) -> str:
    """What to write down from a spoken answer: without the opening words."""
    words = " ".join((text or "").split())
    return OPENING.sub("", words, count=1).strip() or words


def read_free_text(text: str) -> Reading | None:
    words = " ".join((text or "").split())
    if len(words) < 2 or words.startswith("/"):
        return None
    return Reading(tidy(words)[:500])


# "X, nej Y", "X – nej vent, Y", "X.. eller nej, Y": the speaker corrects herself.
_SELF_CORRECTED = re.compile(
    r"^(?P<first>.*?\w.*?)\s*(?:[,.–-]+|\.\.)\s*(?:eller |og )?(?:nej|næ|hov)(?:\s*,?\s*vent)?"
    r"\s*[,.]?\s+(?P<then>(?:(?!\bnej\b).)+(?:\bnej\W*)?)$"
    # "5 nej 4", "7 nej vent, 12 med de nye", "byggeri nej vent, vi er mere industri": a short
    # first answer needs no comma before the "nej".
    r"|^(?P<short>\w+(?:[ -]\w+){0,3}) (?:nej|næ)(?: vent| faktisk| undskyld)?\W*\s+"
    r"(?P<after>(?:(?!\bnej\b).)+)$"
)
# What comes before the corrected answer: "nej vent, lad os sige 4", "..., sig 2".
_CORRECTION_LEAD = re.compile(
    r"^(?:ikke \w+\W+)?(?:kun|bare|sig|så|snarere|faktisk|lad os sige|vi siger|skriv|"
    r"det er|det var)\s+"
)
_SAID_AT_LAST = re.compile(
    r"(?:^|,\s*|\s)(?:sig|lad os sige|så siger vi|skriv)\s+(?P<last>\w+)\W*$"
)
_A_NUMBER = r"(?:\d+|\b(?:en|et|én|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|fjorten|tyve)\b)"
_LAST_NUMBER = re.compile(rf"{_A_NUMBER}(?!.*{_A_NUMBER})")


def self_corrected(text: str) -> str | None:
    """What is meant after a correction in the same message: "3, nej 2" -> "2", "om to uger,
    nej tre" -> "om tre uger" (a lone number replaces the last number said), "ja – nej
    vent, kun delvist" -> "kun delvist"; None without one."""
    t = " ".join((text or "").lower().split())
    m = _SELF_CORRECTED.match(t)
    if m is None:
        return None
    first, then = m.group("first") or m.group("short"), m.group("then") or m.group("after")
    said_last = _SAID_AT_LAST.search(then)
    if said_last:  # "4 timer nej det bliver for meget, sig 2"
        then = said_last.group("last")
    then = _CORRECTION_LEAD.sub("", then).strip(" .,!")
    lone = re.fullmatch(_A_NUMBER, then)
    if lone and len(numbers(first)) > 1:
        return then  # "3 måske 4... nej 3": the number alone
    if lone and _LAST_NUMBER.search(first):
        return _LAST_NUMBER.sub(then, first, count=1)
    return then or None


def read_confirm(text: str) -> Reading | None:
    """The answer to "Jeg forstod 'Byggeri'. Passer det?": ja or nej ("forkert" is nej)."""
    control = read_control(text)
    if control == WRONG:
        return Reading("nej")
    if re.match(r"^(?:nej|næh?|nope)\b", normalise(text)):
        return Reading("nej")  # "nej, vi vil lige snakke om det først"
    if control in (STOP, WAIT):
        return Reading(None, control=control)
    if control == BACK:
        return Reading(None, control=control)
    said = normalise(text)
    if re.search(r"\b(?:passer ikke|ikke rigtigt|stemmer ikke|ikke helt|ikke korrekt|forkert|"
                 r"ikke gem\w*|lad være|lad vær|lad vaer)\b|^næh?\b", said):  # fmt: skip
        return Reading("nej")
    if re.search(r"\bgem(?: det| den| planen| handlingen)?\s*$|^gem\b", said):
        return Reading("ja")
    answer = yes_no(text) or (
        "ja" if "👍" in text or re.search(r"\bja (?:okay|ok|da|så)\b", said) else None
    )
    if answer is None and re.search(
        r"\b(?:rigtigt|korrekt|præcis|det passer|det stemmer|stemmer|lige præcis|perfekt|"
        r"gør det|ser godt ud|ser fint ud|lyder godt|fint)\b",
        said,
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
    corrected = self_corrected(text)
    if corrected:  # "3, nej 2", "om to uger, nej tre": the last word counts
        reading = read(question, corrected, today, options)
        if reading is not None and not reading.control:
            return reading
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
        rest_has_answer = numbers(rest) or re.search(r"\bforkert|\bmente\b", text.lower())
        if WAIT_THEN.match(normalise(text)) and not rest_has_answer:
            control = WAIT  # "vent, der kommer en kunde": a pause, not a correction
    if control is not None:
        return Reading(None, control=control)
    return _answer(question, text, today, options)


# A question asked in the same message as the answer ("foa og en konsulent. hvad er bfa for
# noget?"): what it names is not part of the answer.
_ASKED_AFTER = re.compile(
    r"(?:^|[.!;]\s+|,\s*)(?:og |men )?(?:hvad|hvem|hvordan|hvorfor|hvornår)\b[^.!]*\?\s*$"
)


# "ingen frist", "der er ingen deadline", "det har ikke nogen fast dato", "ingen": no deadline.
NO_DEADLINE = re.compile(
    r"^(?:(?:nej|øh|tja),? )?(?:(?:der er|det har|den har|vi har|vi sætter|sæt) )?"
    r"(?:ingen|ikke nogen|ikke en|uden)(?: fast| bestemt)?(?: (?:frist|deadline|dato|slutdato))?"
    r"(?: på)?$"
)


def _answer(question: str, text: str, today: date | None, options: list[Option] | None):
    asked = _ASKED_AFTER.search(text)
    if asked and asked.start() > 0 and question in ("ctx_outside_help", "ctx_changes"):
        text = text[: asked.start()]
    if question in PARSERS:
        return _button(question, text) or PARSERS[question](text)
    if question == "choose":
        return read_choice(text, options or [])
    if question == "plan_deadline":
        if NO_DEADLINE.search(normalise(text)):  # "der er ingen frist": the question skipped
            return Reading(None, control=SKIP)
        try:
            return Reading(parse_deadline(text, today or date.today()))
        except DateError:
            return None
    if question == "followup_when":
        days = read_days(text, today or date.today())
        return Reading(days) if days else None
    if question == "plan_owner":
        return read_owner(text) or read_free_text(text)  # "mig formanden" -> formanden
    if question in FREE_TEXT:
        return read_free_text(text)
    raise KeyError(question)


__all__ = ["SKIP", "Option", "Reading", "read"]


WHAT_MEAN = re.compile(
    r"^(?:øh |og |men )?(?:hvad (?:mener|mente) du|hvad betyder det|hva mener du|hvad menes der|"
    r"det forstår jeg ikke|forstår ikke spørgsmålet|hvad er det du spørger om|forklar det)\b"
)


def asks_meaning(text: str) -> bool:
    """Whether the reply asks what the question means ("hvad mener du?"): the form says it in
    other words (utter_means_<question>, domain/questions.yml)."""
    return bool(WHAT_MEAN.search(" ".join((text or "").lower().split())))
