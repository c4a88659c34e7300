"""Choosing one of the options the coach just showed: by number, by place or by name.

"nummer to", "nr. 1", "den sidste", "den midterste", "toeren", "vi tager de korte
eksperimenter", "den med fiskebenet".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.coach.reading import Reading
from bot.coach.reading.words import close, fold, normalise, number_at

ORDINALS = {
    "første": 1, "forste": 1, "foerste": 1, "ener": 1, "eneren": 1, "1er": 1, "1eren": 1,
    "anden": 2, "andet": 2, "toer": 2, "toeren": 2, "2er": 2, "2eren": 2,
    "tredje": 3, "treer": 3, "treeren": 3, "3er": 3, "3eren": 3,
    "fjerde": 4, "firer": 4, "femte": 5,
}  # fmt: skip
# Words that say nothing about which option is meant.
NOISE = frozenset(
    """den det de dem vi i jeg tager tage tag vælger vælge vaelger vil gerne prøve prove
    med at en et af og starter start begynder lad os lyder godt god bedst første sammen
    til for på om kan skal har hvad nummer nr tak den der nok tror mener synes""".split()
)


# A word for a place counts after a word that points ("den sidste", "nummer to", "vi tager
# første"), or first in the message ("sidste"); not inside a description ("sidste ord").
PLACE_WORDS = frozenset(
    {*ORDINALS, "sidste", "sidst", "nederste", "bagerste", "midterste", "midten", "mellemste",
     "øverste", "overste", "oeverste"}
)  # fmt: skip
POINTING = frozenset(
    "den det dem dén de nummer nr tager tar tage tag vælger vælge vaelger prøver prøve i til "
    "går kører starter med".split()
)


@dataclass(frozen=True)
class Option:
    """One choice on the screen: its id, title and the words that also name it."""

    id: str
    title: str
    keywords: tuple[str, ...] = ()


def _position(tokens: list[str], count: int) -> int | None:
    """The place named last ("1 eller 3... vi tager 3"), one ruled out excepted ("ikke den
    første, den anden")."""
    text = " ".join(tokens)
    text = re.sub(r"\bikke (?:den |det |nummer |nr )?\w+\b", " ", text)
    tokens = text.split()
    found = []
    for i, token in enumerate(tokens):
        if token in PLACE_WORDS and i and tokens[i - 1] not in POINTING:
            continue  # "den med hvem der har det sidste ord": no place
        if token in ("sidste", "sidst", "nederste", "bagerste"):
            found.append(count)
        elif token in ("midterste", "midten", "mellemste") and count % 2:
            found.append(count // 2 + 1)
        elif token in ("øverste", "overste", "oeverste"):
            found.append(1)
        elif token in ORDINALS:
            found.append(ORDINALS[token])
        elif token in ("et", "en", "én") and i and tokens[i - 1] in ("nummer", "nr"):
            found.append(1)
        else:
            hit = number_at(tokens, i)
            if hit and re.fullmatch(r"\d+|to|tre|fire|fem|seks", token):
                found.append(hit[0])
    return found[-1] if found else None


def _words(text: str) -> set[str]:
    return {fold(w) for w in normalise(text).replace("-", " ").split() if w not in NOISE}


def _shares_stem(a: str, b: str) -> bool:
    """Words meet on a common start of at least five letters ("prioritere", "prioritering")
    or four when one of them is that short ("fisk", "fisken")."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 5 or (common >= 4 and min(len(a), len(b)) <= common + 2)


def read_choice(text: str, options: list[Option]) -> Reading | None:
    """The id of the option meant, or None; unsure when the name fits two options."""
    tokens = normalise((text or "").replace("'", "")).split()
    if not tokens or not options:
        return None
    place = _position(tokens, len(options))
    if place is not None:
        return Reading(options[place - 1].id) if 1 <= place <= len(options) else None
    said = _words(text)
    scores = []
    for option in options:
        names = _words(option.title) | {w for k in option.keywords for w in _words(k)}
        scores.append(sum(1 for w in said if any(_shares_stem(w, n) or close(w, n) for n in names)))
    best = max(scores)
    if best == 0:
        return None
    winners = [o for o, s in zip(options, scores, strict=True) if s == best]
    return Reading(winners[0].id, sure=len(winners) == 1)
