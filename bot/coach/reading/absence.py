"""The typed answer to the APV's sickness-absence question, asked of the team as a whole:
does the sickness absence among you point to something in the work environment?

Values: "ja", "lidt", "nej", "ved_ikke" (bot/coach/duties.py ABSENCE). The answer is a team's
judgement, never a person's absence: names and days are not read, and nothing typed is kept.
"""

from __future__ import annotations

import re

from bot.coach.reading import Reading
from bot.coach.reading.words import normalise, yes_no

LABELS = {"ja": "ja", "lidt": "lidt", "nej": "nej", "ved ikke": "ved_ikke"}

DONT_KNOW = re.compile(
    r"\b(?:ved (?:det )?ikke|ved ik|vides ikke|aner (?:det )?ikke|ingen anelse|svært at sige|"
    r"svaert at sige|kan ikke (?:sige|vurdere|svare)|har (?:vi )?ikke (?:set|kigget|tjekket|"
    r"overblik)|intet overblik|ikke overblik|ikke sikker|ikke sikre|usikker|usikre|tja|"
    r"det er uklart|skal (?:vi )?(?:lige )?(?:undersøge|se på|tjekke)|don'?t know|no idea)\b"
)
PARTLY = re.compile(
    r"^(?:lidt|en smule|måske|maaske|til dels|delvis[a-z]*)\b|\b(?:lidt|en smule|til dels|"
    r"delvis[a-z]*|i perioder|af og til|nogle gange|for nogle|hos nogle|noget af det|det kan "
    r"(?:godt )?være|kan (?:godt )?være|måske|maaske|muligvis|ja og nej|både og|en del)\b"
)
NO = re.compile(
    r"\b(?:nej|næh?|nope|ikke rigtig|ikke særlig[a-z]*|slet ikke|overhovedet ikke|lavt|lille|"
    r"næsten ingen|stort set ingen|ingen (?:syge|sygdom|sygemeldinger|sygefravær)|"
    r"meget lidt fravær|ikke noget (?:at )?(?:tale|snakke) om|har ikke noget med|"
    r"almindelig[a-z]* (?:forkølelse|influenza|sygdom)|normalt|helt normalt|det er fint|"
    r"ikke (?:noget|nogen) problem|det peger ikke|det tror jeg ikke|tror det ikke)\b"
)
YES = re.compile(
    r"\b(?:ja+|jo+|jep|jeps|helt sikkert|bestemt|klart|det gør det|det tror jeg|det tyder "
    r"det på|det peger|højt|stort|meget|mange (?:er|har været|sygemeld)|stress|sygemeld[a-z]*|"
    r"slidt[a-z]*|nedslid[a-z]*|udbrændt[a-z]*|for meget fravær|har hængt sammen|hænger sammen)\b"
)


def read_absence(text: str) -> Reading | None:
    """ "ja", "lidt", "nej" or "ved ikke" ("aner det ikke", "måske", "det er lavt", "ja,
    flere er gået ned med stress"); a button's title as it is."""
    t = normalise(text)
    if not t:
        return None
    if t in LABELS:
        return Reading(LABELS[t])
    if DONT_KNOW.search(t):
        return Reading("ved_ikke")
    if PARTLY.search(t):
        return Reading("lidt")
    if re.search(r"^(?:nej|næh?|nope|ikke)\b", t) or NO.search(t):
        return Reading("nej")
    answer = yes_no(t)
    if answer:
        return Reading(answer)
    if YES.search(t):
        return Reading("ja")
    return None
