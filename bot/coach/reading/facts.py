"""Context said in passing: "vi er et tømrerfirma med 12 mand" tells the size and the trade
before the coach asks. Only what is said plainly counts; the rest waits for the questions."""

from __future__ import annotations

import re

from bot.coach.reading.context import read_industry, read_size
from bot.coach.reading.words import normalise

PEOPLE = r"(?:mand|ansatte|medarbejdere|kolleger|kollegaer|svende|folk|personer|mennesker)"
COUNT = r"(?:\d+|[a-zæøå]+)"
# Words after "vi er 8" that count something other than people ("vi er 3 uger bagud").
NOT_PEOPLE = (
    r"(?:uger?|ugers|dage?s?|timer?|måneder?|år|minutter|procent|gange|"
    r"skridt|point|kroner|mio|millioner|tusind|hundrede|om|til|der|som)"
)
SIZE = (
    rf"\b(?:vi er|vi har|der er|firmaet har|virksomheden har|vi tæller) (?:ca |cirka |omkring |"
    rf"godt |knap |lige under |lidt over )?{COUNT}(?: {COUNT})? {PEOPLE}\b",
    rf"\bmed (?:ca |cirka |omkring |godt |knap )?{COUNT} {PEOPLE}\b",
    rf"\b{COUNT} {PEOPLE} i (?:alt|firmaet|virksomheden|butikken|afdelingen)\b",
    rf"\bhar (?:ca |cirka |omkring |godt |knap )?{COUNT} {PEOPLE}\b",
    rf"\bvi er (?:ca |cirka |omkring |godt |knap )?{COUNT} (?:i alt|i firmaet|i virksomheden)\b",
    r"\bvi er (?:ca |cirka |omkring |godt |knap )?\d+ (?:i|på|hos)\b",  # "vi er 7 i hjemmeplejen"
    # "vi er 8 chauffører", "vi er 12 tømrere", "vi er 6 vvs'ere": a count of people named by
    # their work
    rf"\bvi er (?:ca |cirka |omkring |godt |knap )?\d+ (?!{NOT_PEOPLE}\b)[a-zæøå]{{2,}}"
    r"(?:['-][a-zæøå]+|[a-zæøå]{2,})\b",
)
# "vi er et tømrerfirma", "vi er murere", "jeg arbejder i hjemmeplejen", "vi har et plejehjem"
TRADE = (
    r"\b(?:vi er|jeg er|vi har|vi driver|vi ejer) (?:et |en |)(?P<t>[a-zæøå-]+(?: [a-zæøå-]+)?)",
    r"\b(?:arbejder|ansat|ansatte) (?:i|på|hos|som|ved) (?:et |en |)(?P<t>[a-zæøå-]+)",
    r"\b(?P<t>[a-zæøå]+(?:firma|virksomhed|forretning|værksted|klinik|salon|butik))\b",
    # "vi er 7 i hjemmeplejen", "vi er 20 i et it firma", "vi er 12 mand, tømrere"
    r"\bvi er \d+ (?:i|på|hos) (?:et |en |)(?P<t>[a-zæøå-]+(?: [a-zæøå-]+)?)",
    # "vi er 12 tømrere", "vi er 40 sosu assistenter i hjemmeplejen"
    r"\bvi er \d+ (?P<t>[a-zæøå-]+(?: [a-zæøå-]+)?)",
    r"\bvi er \d+ [a-zæøå -]+? (?:i|på|hos) (?:et |en |)(?P<t>[a-zæøå-]+(?: [a-zæøå-]+)?)",
    rf"\b{COUNT} {PEOPLE}\W+(?P<t>[a-zæøå-]+(?: (?:firma|virksomhed|forretning))?)\W*$",
)
# "vi har en amr", "jo vi har en arbejdsmiljørepræsentant", "vi har ingen amr"
REPRESENTATIVE = r"(?:amr|amr'en|arbejdsmiljørepræsentant\w*|arbejdsmiljorepraesentant\w*)"
HAS_REP = re.compile(
    rf"\b(?:vi har|der er|har vi) (?:en |et |vores |)(?:valgt )?{REPRESENTATIVE}\b"
)
NO_REP = re.compile(
    rf"\b(?:vi har|der er|har vi) (?:ingen|ikke (?:nogen|en)) (?:valgt )?{REPRESENTATIVE}\b"
)


def context_facts(text: str) -> dict[str, str]:
    """{"size": "10-49", "industry": "byggeri"} for what the message says plainly."""
    t = normalise(text)
    found: dict[str, str] = {}
    for pattern in SIZE:
        m = re.search(pattern, t)
        if m:
            size = read_size(m.group(0))
            if size is not None and size.sure:
                found["size"] = size.value
                break
    for pattern in TRADE:
        for m in re.finditer(pattern, t):
            industry = read_industry(m.group("t"))
            if industry is not None and industry.sure and industry.value != "andet":
                found["industry"] = industry.value
                break
        if "industry" in found:
            break
    if NO_REP.search(t):
        found["amr"] = "nej"
    elif HAS_REP.search(t):
        found["amr"] = "ja"
    return found
