"""The team's context (docs/design.md section 3, step 1): what the coach tailors advice to."""

from __future__ import annotations

from dataclasses import dataclass

# key -> {value: label}. The questions and their buttons are the responses utter_ask_ctx_<key>
# in domain/context.yml (tests/test_domain.py checks the buttons against these labels).
OPTIONS: dict[str, dict[str, str]] = {
    "size": {"1-9": "1-9", "10-49": "10-49", "50-249": "50-249"},
    "industry": {
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
    "amr": {"ja": "Ja", "nej": "Nej"},
    "outside_help": {
        "brancheorganisation": "Brancheorganisation",
        "bfa": "BFA",
        "bambus_teksam": "BAMBUS eller TekSam",
        "fagforening": "Fagforening",
        "konsulent": "Konsulent",
        "revisor": "Revisor",
        "ingen": "Ingen",
    },
    "time": {"under_1": "Højst en time", "1_2": "1-2 timer", "over_2": "Mere end 2 timer"},
    "changes": {
        "ny_ejer": "Ny ejer eller leder",
        "flytning": "Flytning",
        "nyt_system": "Nyt system",
        "andet": "Andet",
        "ingen": "Ingen",
    },
    "pressure": {"lav": "Ikke særligt", "middel": "En del", "hoej": "Meget"},
}
# "I er 10-49 ansatte i byggeriet".
IN_INDUSTRY = {
    "byggeri": "i byggeriet",
    "industri": "i industrien",
    "detail": "i butik og handel",
    "omsorg": "i omsorg og sundhed",
    "service": "i service og hotel",
    "transport": "i transport",
    "landbrug": "i landbruget",
    "it": "i IT og kontor",
    "andet": "i en anden branche",
}
SEVERAL = ("outside_help", "changes")  # questions that take several answers
SKIPPED = "ukendt"


class ContextError(ValueError):
    pass


def check(key: str, value: object) -> object:
    """The value in stored form, or ContextError with a Danish message."""
    if key not in OPTIONS:
        raise ContextError(f"Ukendt oplysning: {key}")
    options, several = OPTIONS[key], key in SEVERAL
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
            where = IN_INDUSTRY[self.industry]
            parts.append(where if parts else f"I er {where}")
        if self.amr == "nej":
            parts.append("uden arbejdsmiljørepræsentant")
        elif self.amr == "ja":
            parts.append("med arbejdsmiljørepræsentant")
        return " ".join(parts)
