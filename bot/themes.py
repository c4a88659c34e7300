"""The nine themes of the psychosocial work environment (docs/design.md section 3): their ids, in
the order the mapping takes them, and their names in Danish. The one source of both: the
knowledge schema, the readers and the coach take them from here."""

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
THEMES = tuple(THEME_LABELS)
