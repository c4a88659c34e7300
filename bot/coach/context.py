"""The team's context (DESIGN.md section 3, step 1): what the coach tailors advice to."""

from __future__ import annotations

import re
from dataclasses import dataclass

# key -> (question, {value: button label}, several answers allowed)
QUESTIONS: dict[str, tuple[str, dict[str, str], bool]] = {
    "size": (
        "Hvor mange er I i virksomheden?",
        {"1-9": "1-9", "10-49": "10-49", "50-249": "50-249"},
        False,
    ),
    "industry": (
        "Hvilken branche er I i?",
        {
            "byggeri": "Byggeri",
            "industri": "Industri",
            "detail": "Butik og handel",
            "omsorg": "Omsorg og sundhed",
            "service": "Service og hotel",
            "transport": "Transport",
            "landbrug": "Landbrug",
            "it": "IT og kontor",
            "andet": "Andet",
        },
        False,
    ),  # fmt: skip
    "amr": (
        "Har I en arbejdsmiljørepræsentant?",
        {"ja": "Ja", "nej": "Nej"},
        False,
    ),
    "outside_help": (
        "Hvor kan I få hjælp udefra?",
        {
            "brancheorganisation": "Brancheorganisation",
            "bfa": "BFA",
            "bambus_teksam": "BAMBUS eller TekSam",
            "konsulent": "Konsulent",
            "revisor": "Revisor",
            "ingen": "Ingen",
        },
        True,
    ),  # fmt: skip
    "time": (
        "Hvor meget tid kan I bruge på det om ugen?",
        {"under_1": "Under en time", "1_2": "1-2 timer", "over_2": "Mere end 2 timer"},
        False,
    ),
    "changes": (
        "Er der andre store forandringer i gang?",
        {
            "ny_ejer": "Ny ejer eller leder",
            "flytning": "Flytning",
            "nyt_system": "Nyt system",
            "andet": "Andet",
            "ingen": "Ingen",
        },
        True,
    ),  # fmt: skip
    "pressure": (
        "Hvor presset er lederen lige nu?",
        {"lav": "Ikke særligt", "middel": "En del", "hoej": "Meget"},
        False,
    ),
}
SKIPPED = "ukendt"


class ContextError(ValueError):
    pass


def check(key: str, value: object) -> object:
    """The value in stored form, or ContextError with a Danish message."""
    if key not in QUESTIONS:
        raise ContextError(f"Ukendt oplysning: {key}")
    _question, options, several = QUESTIONS[key]
    if value == SKIPPED:
        return SKIPPED
    values = value if isinstance(value, list) else [value]
    bad = [v for v in values if v not in options]
    if bad or not values:
        raise ContextError(f"Vælg en af knapperne: {', '.join(options.values())}.")
    if several:
        return sorted(set(values))
    if len(values) != 1:
        raise ContextError("Vælg kun én.")
    return values[0]


@dataclass(frozen=True)
class Context:
    size: str = SKIPPED
    industry: str = SKIPPED
    amr: str = SKIPPED
    outside_help: tuple[str, ...] | None = None  # None: not known; (): none
    time: str = SKIPPED
    changes: tuple[str, ...] = ()
    pressure: str = SKIPPED

    @classmethod
    def from_dict(cls, data: dict | None) -> Context:
        data = data or {}

        def many(key):
            value = data.get(key)
            if not isinstance(value, list):
                return None
            return tuple(v for v in value if v != "ingen")

        return cls(
            size=data.get("size", SKIPPED),
            industry=data.get("industry", SKIPPED),
            amr=data.get("amr", SKIPPED),
            outside_help=many("outside_help"),
            time=data.get("time", SKIPPED),
            changes=many("changes") or (),
            pressure=data.get("pressure", SKIPPED),
        )

    def describe(self) -> str:
        """'I er 1-9 ansatte i byggeri uden arbejdsmiljørepræsentant'."""
        parts = []
        if self.size != SKIPPED:
            parts.append(f"I er {self.size} ansatte")
        if self.industry not in (SKIPPED, "andet"):
            label = QUESTIONS["industry"][1][self.industry].lower()
            parts.append(f"i {label}" if parts else f"I er i {label}")
        if self.amr == "nej":
            parts.append("uden arbejdsmiljørepræsentant")
        elif self.amr == "ja":
            parts.append("med arbejdsmiljørepræsentant")
        return " ".join(parts)


SKIP_WORDS = {"spring over", "ved ikke", "ved ikke.", "skip", "videre", "det vil vi ikke svare på"}


def parse_answer(key: str, text: str) -> object | None:
    """What a typed or pressed answer means for this question, or None if it is unclear.

    Buttons send their label; people also type the value, a number ("vi er 8") or several
    labels separated by commas ("BFA og revisor").
    """
    t = " ".join((text or "").lower().replace("/", " ").split())
    if t in SKIP_WORDS:
        return SKIPPED
    _question, options, several = QUESTIONS[key]
    if key == "size":
        digits = [int(d) for d in re.findall(r"\d+", t)]
        if len(digits) == 1 or (len(digits) == 2 and t in options):
            n = digits[0] if len(digits) == 1 else None
            if t in options:
                return t
            if n is not None and 1 <= n <= 249:
                return "1-9" if n < 10 else "10-49" if n < 50 else "50-249"
        return t if t in options else None
    found = []
    for value, label in options.items():
        names = {value, value.replace("_", " "), label.lower()}
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", t) for n in names):
            found.append(value)
    if key == "amr" and not found:
        if re.search(r"\b(ja|jo|yes)\b", t):
            found = ["ja"]
        elif re.search(r"\b(nej|no|ingen)\b", t):
            found = ["nej"]
    if not found:
        return None
    if several:
        return sorted(set(found))
    return found[0] if len(found) == 1 else None
