"""Join codes: easy to read aloud in Danish, hard to guess.

Three common Danish words (no æ, ø, å, nothing that sounds alike) and two digits, e.g.
"sol-hest-mark-42": 128³ × 100 ≈ 2·10⁸ codes, drawn with `secrets`.
"""

from __future__ import annotations

import re
import secrets

WORDS = (
    "abe", "agurk", "anker", "bager", "bakke", "banan", "bil", "birk", "blad", "blomst",
    "bog", "bolig", "bord", "bro", "bus", "by", "dal", "due", "dyr", "eg", "elg", "elv",
    "fisk", "fjord", "flag", "fod", "fugl", "gade", "gran", "gren", "hat", "have", "hav",
    "hest", "hjort", "hus", "hvede", "is", "jord", "kage", "kam", "kat", "kilde", "kirke",
    "klit", "kniv", "ko", "kop", "kurv", "lam", "lampe", "land", "lind", "lys", "mark",
    "mus", "mel", "mose", "mur", "nat", "net", "ost", "park", "pil", "plante", "post",
    "pude", "ravn", "regn", "ris", "rose", "sand", "sav", "sild", "sky", "skib", "skov",
    "sne", "sol", "spade", "stol", "sten", "storm", "strand", "tag", "tand", "telt", "tog",
    "torv", "tran", "tromme", "tulipan", "ugle", "ulv", "vand", "vej", "vind", "vinter",
    "ager", "alle", "bjerg", "bund", "dag", "dug", "eng", "figen", "frugt", "gilde",
    "hammer", "honning", "hytte", "kanal", "krone", "lade", "lomme", "maj", "nord",
    "okse", "pind", "rug", "salt", "sommer", "stald", "stjerne", "syd", "uge", "vest",
    "byg",
)  # fmt: skip
CODE = re.compile(r"^([a-z]+)-([a-z]+)-([a-z]+)-(\d{2})$")


def new_code() -> str:
    words = [secrets.choice(WORDS) for _ in range(3)]
    return "-".join(words) + f"-{secrets.randbelow(100):02d}"


def normalize(text: str) -> str | None:
    """The code in canonical form from however it was typed ('Sol Hest mark 42', 'koden er
    sol-hest-mark-42 tak'), or None."""
    parts = [p.lower() for p in re.findall(r"[a-zA-Z]+|\d+", text or "")]
    for i in range(len(parts) - 3):
        candidate = "-".join(parts[i : i + 4])
        match = CODE.match(candidate)
        if match and all(w in WORDS for w in match.groups()[:3]):
            return candidate
    return None
