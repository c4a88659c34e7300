"""The three ways a team involves the others in an action (the report's three forms of
employee involvement): their ids, the button each is chosen with, and how the coach says it.
The one source of all three: the knowledge schema, the plan form's reader, the plan and the
export take them from here; the plan form's buttons in domain/plan.yml are tested against it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Involvement:
    id: str
    button: str  # the plan form's button, as the team chooses it
    said: str  # how the coach describes it in the plan and the export


FORMS = (
    Involvement("faelles_loesninger", "Vi finder løsninger sammen", "I finder løsninger sammen"),
    Involvement(
        "opbakning", "De bakker op om en beslutning", "medarbejderne bakker op om en beslutning"
    ),
    Involvement("delte_beslutninger", "Vi deler beslutningen", "I deler beslutningen"),
)
INVOLVEMENT = tuple(f.id for f in FORMS)
SAID = {f.id: f.said for f in FORMS}
BY_BUTTON = {f.button.lower(): f.id for f in FORMS}
