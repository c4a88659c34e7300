"""Typos in a crisis message, corrected toward the words the crisis lexicon knows.

"jeg har taenkt paa selvmrod", "vil ikk leve mer", "gør skde på mig selv": a word that is not
Danish (not in spaCy's Danish lemma table from spacy-lookups-data) is replaced by the lexicon
word it is closest to, one edit away (two for long words; a swap of two letters is one edit).
Danish words are never changed, so "lager" does not become "lever". Words typed together
("slåmigselvihjel") are split into the Danish words they are made of.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.danish import danish_words

# The words crisis messages turn on; typos of them are corrected. Short words only toward
# the few function words a pattern needs ("jg" -> "jeg", "ikk" -> "ikke").
WORDS = """
selvmord selvmordet selvmordstanker selvmordstanke selvmorder suicidal livet liv leve lever
levede eksistere eksisterer dø dør døde død døden dødsønske ihjel dræbe dræber dræbt dræbte
skade skader skadet skadede skære skærer skar skåret cutte cutter ridse ridser brænde brænder
hænge hænger hængte skyde skyder skød springe springer sprang hoppe hopper kaste smide drukne
piller pillerne sovepiller tabletter overdosis afskedsbrev afskedsbesked afsked farvel
forsvinde forsvinder forsvandt vågne vågner byrde savne savner bekymre eksisterer
tage tager tænker tænkt tænkte tanker overvejer overvejet overvejede planlægger besluttet
lyst ønsker ønske håber orker kniv kniven pistol pistolen våben gevær geværet riffel hammer
økse truer truet truede stikke stikker slå slår slog tæske tæsker tæsket kvæle kvæler sprænge
bombe fare livsfare overstået slut altid ligegyldigt meningen mening bedre nemmere lettere
hellere uden ulykke vilje broen taget stilladset toget skinnerne altanen vinduet
""".split()
SHORT = ("jeg", "mig", "ikke", "mere", "selv", "vil", "liv", "leve", "dø", "død", "mit", "sig")
WORD = re.compile(r"[a-zæøåéü]+")


def _fold(word: str) -> str:
    for old, new in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        word = word.replace(old, new)
    return word.replace("ae", "a").replace("oe", "o").replace("aa", "a")


@functools.lru_cache(maxsize=1)
def _targets() -> dict[str, str]:
    return {_fold(w): w for w in WORDS if len(w) >= 4}


@functools.lru_cache(maxsize=8192)
def correct_word(word: str) -> str:
    """The lexicon word a non-Danish word is a typo of, or the word itself."""
    if len(word) < 2 or word in danish_words():
        return word
    folded = _fold(word)
    targets = _targets()
    if folded in targets:
        return targets[folded]
    if len(word) <= 3:
        short = [w for w in SHORT if OSA.distance(folded, _fold(w)) <= 1 and len(w) > 1]
        return short[0] if len(short) == 1 else word
    limit = 1 if len(folded) < 8 else 2
    found = process.extractOne(folded, list(targets), scorer=OSA.distance, score_cutoff=limit)
    return targets[found[0]] if found else word


def correct(text: str) -> str:
    """The text with each non-Danish word replaced by the lexicon word it is a typo of."""
    return WORD.sub(lambda m: correct_word(m.group(0)), text.lower())


RUN_TOGETHER_MIN = 9  # shorter unknown words are typos, not words typed together
MAX_PARTS = 5


@functools.lru_cache(maxsize=8192)
def split_word(word: str) -> str:
    """A non-Danish word split into the fewest Danish words it is typed together from
    ("slåmigselvihjel" -> "slå mig selv ihjel"), or the word itself."""
    words = danish_words()
    if len(word) < RUN_TOGETHER_MIN or word in words:
        return word
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 20), end):
            part, before = word[start:end], best[start]
            if before is None or (len(part) < 2 and part != "i") or part not in words:
                continue
            if best[end] is None or len(before) + 1 < len(best[end]):
                best[end] = [*before, part]
    parts = best[len(word)]
    return " ".join(parts) if parts and 1 < len(parts) <= MAX_PARTS else word


def split_run_together(text: str) -> str:
    """The text with words typed together split apart."""
    return WORD.sub(lambda m: split_word(m.group(0)), text.lower())
