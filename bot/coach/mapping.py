"""Mapping (kortlægning) in dialogue mode: theme by theme, how much it matters, own words."""

from __future__ import annotations

import re

from bot.coach.themes import THEME_QUESTIONS
from bot.themes import THEME_LABELS, THEMES

RATINGS = {"ikke": "Ikke et problem", "lidt": "Lidt", "meget": "Meget"}
SKIP, STOP = "spring over", "stop"
IMPORTANCE = {"lidt": 2, "meget": 3}


# The third way into the mapping, typed: "med egne ord", "vi fortæller selv", "vi skriver det".
OWN_WORDS = re.compile(
    r"\b(?:egne|vores|jeres) (?:egne )?ord\b|"
    r"\b(?:fortæl|fortælle|fortæller|skriv|skrive|skriver)(?: det| dem)? selv\b|"
    r"^(?:vi )?(?:skriver|fortæller)(?: det)?$"
)


def wants_own_words(text: str) -> bool:
    """Whether a message chooses to tell the problems in the team's own words."""
    return bool(OWN_WORDS.search(" ".join((text or "").lower().split())))


def parse_rating(text: str) -> str | None:
    t = " ".join((text or "").lower().split())
    if t in (SKIP, "spring", "skip", "videre", "næste"):
        return SKIP
    if t.startswith(("stop", "færdig", "faerdig", "ikke mere")):
        return STOP
    if t.startswith("ikke") or t in ("nej", "intet", "ingen problem", "0"):
        return "ikke"
    if "meget" in t or t in ("3", "stort", "ja meget", "meget!"):
        return "meget"
    if "lidt" in t or t in ("2", "noget", "en smule"):
        return "lidt"
    return None


def question(index: int) -> str:
    theme = THEMES[index]
    label = THEME_LABELS[theme]
    return (
        f"Tema {index + 1} af {len(THEMES)}: {label[:1].upper()}{label[1:]}. "
        f"{THEME_QUESTIONS[theme]} Hvor meget fylder det hos jer?"
    )


# After the rating, the theme in the team's words: "meget. de to ejere siger forskellige ting",
# "lidt - folk springer frokosten over", "meget, fordi ingen ved hvem der bestemmer".
_AFTER_RATING = re.compile(
    r"^\W*(?:ja|nej)?\W*(?:rigtig |alt for |virkelig |ret )?(?:meget|lidt|en del|en smule|noget)"
    r"(?:\s*[.,:;!\-–]+\s*|\s+(?:fordi|for|da|idet)\s+)(?P<rest>.+)$",
    re.IGNORECASE,
)


def words_after_rating(text: str) -> str:
    """The description written after a rating, or "" (fewer than three words is none)."""
    m = _AFTER_RATING.match(" ".join((text or "").split()))
    rest = m.group("rest").strip() if m else ""
    return rest if len(rest.split()) >= 3 else ""
