"""The words of a typed answer: normalised, counted, and said yes or no to.

Shared by every question's parser (bot/coach/reading/). People type "Vi er 12 mand",
"et dusin", "jo da", "nej ikke rigtig", "tømrer" and "tomrer"; these helpers see through that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from bot.danish import is_danish

# Words that carry no answer: "øh", "altså", "sådan", "lige", "bare", "okay".
FILLERS = frozenset(
    "øh øhm øhh hmm hmmm hm mmm altså sådan ligesom lige bare egentlig faktisk well nå nåh nåå "
    "også please tak".split()
)
WORD = re.compile(r"[a-zæøåéü0-9]+(?:[-'][a-zæøåéü0-9]+)*")

UNITS = {
    "nul": 0, "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
    "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
}  # fmt: skip
TENS = {
    "tyve": 20, "tredive": 30, "tredve": 30, "fyrre": 40, "fyrretyve": 40, "halvtreds": 50,
    "tres": 60, "halvfjerds": 70, "firs": 80, "halvfems": 90,
}  # fmt: skip
# Counted words: "et dusin" 12, "en snes" 20, "en halv snes" 10, "et par" 2.
COUNTS = {"dusin": 12, "snes": 20, "par": 2, "håndfuld": 5, "haandfuld": 5}
YES = re.compile(
    r"^(?:ja+(?: ?ja+)*|jo+|jep+s?|jeps|jepper|japper|yes|yep|yup|jaer|jah|javel|jamen ja|ja tak|gerne|klart|bestemt|"
    r"selvfølgelig|selvfolgelig|helt sikkert|det har vi|det gør vi|det passer|korrekt|rigtigt|"
    r"præcis|ok|okay|fint|det er fint|sure|si)\b"
)
NO = re.compile(
    r"^(?:ne+j+|næ+|nah|nope|no|nix|niks|nej tak|ikke rigtig|ikke endnu|ikke længere|desværre ikke|"
    r"det har vi ikke|det gør vi ikke|slet ikke|overhovedet ikke|aldrig|ingen|nul)\b"
)
NONE = re.compile(
    r"^(?:ingen(?:ting)?|intet|ikke noget|ikke nogen|ikke nogle|ingen af dem|ingen af delene|"
    r"nej ingen|nej(?: ikke)?(?: rigtig)?(?: noget| nogen)?|nada|nix|niks|nope|nul|ikke rigtig|"
    r"det har vi ikke|ingen steder|ingen hjælp|det er stille)\b"
)


# Typed short forms and slips of the most common words: "ikk", "ikek", "nej ik rigtig".
SHORTHAND = {"ik": "ikke", "ikk": "ikke", "ikek": "ikke", "ikkke": "ikke", "ikkee": "ikke", "mget": "meget",
             "meeget": "meget", "lidtt": "lidt", "lit": "lidt", "ha": "have", "nåh": "nå"}  # fmt: skip


def normalise(text: str) -> str:
    """Lowercase words separated by single spaces; fillers and punctuation dropped."""
    text = unicodedata.normalize("NFC", text or "").lower().replace("’", "'")
    return " ".join(SHORTHAND.get(w, w) for w in WORD.findall(text) if w not in FILLERS)


def words(text: str) -> list[str]:
    return normalise(text).split()


def fold(word: str) -> str:
    """Spellings without æ, ø and å meet: "tømrer", "toemrer" and "tomrer" all give "tomrer"."""
    for old, new in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u")):
        word = word.replace(old, new)
    return word.replace("ae", "a").replace("oe", "o").replace("aa", "a")


def close(word: str, target: str) -> bool:
    """The same word, allowing a typo: one edit for words of 6-8 letters, two from 9. A real
    Danish word is no typo ("mester" is not "mister")."""
    a, b = fold(word), fold(target)
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or is_danish(word):
        return False
    limit = 1 if len(b) < 9 else 2
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


def starts_like(word: str, stem: str) -> bool:
    """`word` begins with `stem` (compounds: "tømrerfirma"), allowing a typo in the stem."""
    a, b = fold(word), fold(stem)
    if a.startswith(b):
        return True
    return len(b) >= 6 and len(a) >= len(b) and close(a[: len(b)], b)


def has_phrase(tokens: list[str], phrase: str) -> bool:
    """The words of `phrase` in a row in `tokens`; a trailing '*' in a word allows any ending."""
    parts = phrase.split()
    for i in range(len(tokens) - len(parts) + 1):
        if all(_word_matches(tokens[i + j], p) for j, p in enumerate(parts)):
            return True
    return False


def _word_matches(token: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return starts_like(token, pattern[:-1])
    return close(token, pattern)


def any_phrase(tokens: list[str], phrases: Iterable[str]) -> bool:
    return any(has_phrase(tokens, p) for p in phrases)


def number_at(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The number starting at tokens[i] and how many tokens it takes, or None.

    "12", "tolv", "toogtyve", "et dusin", "en halv snes", "halvtreds"."""
    token = tokens[i]
    if token.isdigit():
        return int(token), 1
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token in UNITS and nxt.removesuffix("e") in COUNTS and nxt != "par":
        return UNITS[token] * COUNTS[nxt.removesuffix("e")], 2  # "to snese", "tre dusin"
    if token in UNITS and token not in ("en", "et", "én", "ét"):
        return UNITS[token], 1
    if token in TENS:
        return TENS[token], 1
    m = re.fullmatch(r"(en|et|to|tre|fire|fem|seks|syv|otte|ni)og(tyve|tredive|tredve|fyrre|"
                     r"halvtreds|tres|halvfjerds|firs|halvfems)", token)  # fmt: skip
    if m:
        return UNITS[m.group(1)] + TENS[m.group(2)], 1
    after = tokens[i + 2] if i + 2 < len(tokens) else ""
    if token in ("en", "et", "én", "ét"):
        if nxt in COUNTS:
            return COUNTS[nxt], 2
        if nxt == "halv" and after in COUNTS:
            return COUNTS[after] // 2, 3
        if nxt == "hundrede":
            return 100, 2
        return None  # "en" alone is an article, not a count
    if token == "hundrede":
        return 100, 1
    return None


def numbers(text: str) -> list[int]:
    """Every number in the text, in order: "12 mand", "et dusin", "tre-fire stykker" -> [3, 4]."""
    tokens = re.sub(r"(\d)\s*-\s*(\d)", r"\1 \2", normalise(text).replace("-", " ")).split()
    found, i = [], 0
    while i < len(tokens):
        hit = number_at(tokens, i)
        if hit is None:
            i += 1
            continue
        found.append(hit[0])
        i += hit[1]
    return found


def is_yes(text: str) -> bool:
    t = normalise(text)
    return bool(YES.match(t)) and not is_no(text)


def is_no(text: str) -> bool:
    return bool(NO.match(normalise(text)))


def is_none(text: str) -> bool:
    """ "Ingen", "ikke noget", "nej", "nope": nothing applies."""
    return bool(NONE.match(normalise(text)))


def yes_no(text: str) -> str | None:
    """ "ja", "nej" or None, for a plain yes/no question."""
    t = normalise(text)
    if not t:
        return None
    if NO.match(t):
        return "nej"
    if YES.match(t):
        return "ja"
    return None
