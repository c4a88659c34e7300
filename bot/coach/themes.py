"""The nine mapping themes (DESIGN.md section 3) and how the coach names them in Danish."""

from __future__ import annotations

THEME_LABELS = {
    "arbejdsmaengde": "arbejdsmængde og tidspres",
    "rolleklarhed": "uklare eller modstridende krav",
    "foelelsesmaessige_krav": "følelsesmæssige krav i arbejdet med mennesker",
    "indflydelse": "indflydelse på eget arbejde",
    "samarbejde": "samarbejde",
    "ledelse": "ledelse",
    "anerkendelse": "anerkendelse",
    "konflikter": "konflikter",
    "forandringer": "forandringer",
}

THEME_QUESTIONS = {
    "arbejdsmaengde": "Har I tid nok til opgaverne, eller løber I stærkt det meste af tiden?",
    "rolleklarhed": "Ved alle, hvad der forventes, og hvem der gør hvad?",
    "foelelsesmaessige_krav": "Møder I vrede, triste eller krævende kunder, borgere eller patienter?",
    "indflydelse": "Har I noget at skulle have sagt om, hvordan og hvornår arbejdet gøres?",
    "samarbejde": "Hjælper I hinanden, og går informationen videre, som den skal?",
    "ledelse": "Får I den støtte og de klare meldinger fra ledelsen, som I har brug for?",
    "anerkendelse": "Bliver det gode arbejde set og sagt højt?",
    "konflikter": "Er der uenigheder eller dårlig stemning, som ikke bliver taget op?",
    "forandringer": "Er der store forandringer i gang, fx ny ejer, flytning eller nyt system?",
}


def label(theme: str | None) -> str:
    return THEME_LABELS.get(theme or "", "")


def canonical(value: object) -> str | None:
    """The canonical theme of an entity value, or None if it is not one of the nine."""
    if isinstance(value, list):
        value = next((v for v in value if v in THEME_LABELS), None)
    return value if isinstance(value, str) and value in THEME_LABELS else None
