"""Danish text analysis for search: spaCy's blank `da` tokenizer with lookup lemmas.

Words are lemmatised, folded so that spellings without æ, ø and å match ("arbejdsmiljo",
"traet"), and lightly stemmed so that inflected and misspelled forms meet.
"""

from __future__ import annotations

import functools
import re

FOLDS = (("æ", "a"), ("ø", "o"), ("å", "a"), ("ae", "a"), ("oe", "o"), ("aa", "a"), ("é", "e"))
SUFFIXES = (
    "erendes", "erende", "hederne", "heden", "heder", "ninger", "ningen", "erne", "ende",
    "ene", "ets", "ers", "er", "en", "et", "hed", "ning", "e", "s",
)  # fmt: skip
EXTRA_STOP_WORDS = {
    "hvordan", "hvad", "hvem", "hvorfor", "hvilke", "hvilken", "kan", "vil", "skal", "gøre",
    "godt", "fx", "bl.a", "os", "vores", "jeres", "man", "ting", "noget", "nogen", "lidt",
    "hej", "tak", "please", "ok", "okay", "mon", "egentlig", "sige", "fortælle", "vide",
}  # fmt: skip
# Forms that the lemmatiser would fold into a word of another meaning: "loven" (the law) is not
# "lov" (promise, as in "Lov ikke mere, end I kan holde").
SAME_AS = {"loven": "lovgivning", "lovene": "lovgivning", "lovkrav": "lovgivning",
           "lovkravene": "lovgivning", "lovgivningen": "lovgivning"}  # fmt: skip
WORD = re.compile(r"[a-zæøåéü0-9]+", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.da.stop_words import STOP_WORDS

    words = {w.lower() for w in STOP_WORDS} | EXTRA_STOP_WORDS
    return frozenset(words | {fold(w) for w in words})


def fold(word: str) -> str:
    word = word.lower()
    for old, new in FOLDS:
        word = word.replace(old, new)
    return word


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # Undouble a final consonant, as the Snowball Danish stemmer does ("trætt" -> "træt").
    if len(word) >= 5 and word[-1] == word[-2] and word[-1] not in "aeiouyæøå":
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=4096)
def analyze(text: str) -> tuple[str, ...]:
    """Search terms of a text: lemma, folded, stemmed; stop words and noise dropped."""
    stops = stop_words()
    terms = []
    # "PRO-modellen" and "APV'en" are two words for search purposes.
    for token in _nlp()(re.sub(r"[-'’/]", " ", text.lower())):
        surface = SAME_AS.get(token.text, token.text)
        if not WORD.fullmatch(surface) or surface in stops:
            continue
        lemma = surface if surface != token.text else (token.lemma_ or surface).lower()
        if lemma in stops:
            continue
        folded = fold(lemma)
        if folded in stops or len(folded) < 2:
            continue
        terms.append(stem(folded))
    return tuple(terms)
