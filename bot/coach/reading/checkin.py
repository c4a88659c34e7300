"""Typed answers in the check-in: how an action went, what to do with it, measure again."""

from __future__ import annotations

import re

from bot.coach.reading.words import normalise, yes_no

STATUS_PATTERNS = (
    ("droppet", r"\b(?:droppet|droppede|dropper|opgivet|opgav|stoppet|stoppede|sløjfet|"
     r"skrottet|lagt på hylden|blev ikke til noget|holdt op)\b"),
    ("ikke_startet", r"\b(?:ikke (?:startet|begyndt|kommet i gang|gået i gang|nået)|"
     r"ikke endnu|slet ikke|nej ikke|har ikke|kom aldrig i gang|ikke fået (?:det )?gjort)\b"),
    ("i_gang", r"\b(?:i gang|igang|begyndt|startet|på vej|halvvejs|delvist|kører|undervejs|"
     r"så småt|lidt|er ved at)\b"),
    ("gennemfoert", r"\b(?:gennemført|gennemfort|færdig|faerdig|færdige|gjort|klaret|klar|"
     r"done|lykkedes|det gjorde vi|det er sket|fuldført|afsluttet|ja)\b"),
)  # fmt: skip
DECISION_PATTERNS = (
    ("stop", r"\b(?:stop|stoppe|drop|droppe|slet|fjern|lad den ligge|opgiv)\w*\b"),
    ("mindre", r"\b(?:mindre|skære ned|mindre skridt|lille|nedskalere|dele op)\b"),
    ("andet", r"\b(?:anden|andet|noget nyt|en ny indsats|vælge en anden|skift)\b"),
    ("ny_frist", r"\b(?:ny frist|frist|udsæt|udskyd|ryk|senere|mere tid|deadline)\w*\b"),
    ("ny_ansvarlig", r"\b(?:ny ansvarlig|ansvarlig|overtag|giv den til|en anden tager|"
     r"står for)\w*\b"),
    ("fortsaet", r"\b(?:fortsæt|fortsaet|fortsætter|videre|bliv ved|hold fast|som nu|samme)\w*\b"),
)  # fmt: skip


def read_status(text: str) -> str | None:
    t = normalise(text)
    for value, pattern in STATUS_PATTERNS:
        if re.search(pattern, t):
            return value
    return None


def read_decision(text: str, allowed: set[str]) -> str | None:
    t = normalise(text)
    for value, pattern in DECISION_PATTERNS:
        if value in allowed and re.search(pattern, t):
            return value
    return None


def read_yes_no(text: str) -> bool | None:
    answer = yes_no(text)
    if answer is None and re.search(r"\b(?:gerne|lad os det|åbn|mål igen)\b", normalise(text)):
        answer = "ja"
    return None if answer is None else answer == "ja"
