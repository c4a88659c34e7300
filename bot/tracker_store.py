"""Rasa's SQL tracker store, which never writes a pulse answer.

A reply given while the pulse form asks one of its questions is stored as "[pulssvar]": its
text, its parse data and the button title the channel sent along are left out, so no score is
ever tied to a person's conversation, not for a moment (docs/design.md section 4). The scores live
in the app database only, under a keyed hash (bot/coach/pulse.py).

Configured in endpoints.yml as `type: bot.tracker_store.PrivateTrackerStore` with the settings
of Rasa's SQLTrackerStore (SQLite by default, PostgreSQL in production).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered

PULSE_FORM = "pulse_form"
PULSE_SLOT_PREFIX = "pulse_"
MARK = "[pulssvar]"


def pulse_answers(events: Iterable[Event]) -> set[int]:
    """Positions of the user messages that answer a pulse question."""
    loop, requested, found = None, None, set()
    for position, event in enumerate(events):
        if isinstance(event, ActiveLoop):
            loop = event.name
        elif isinstance(event, SlotSet) and event.key == "requested_slot":
            requested = event.value
        elif (
            isinstance(event, UserUttered)
            and loop == PULSE_FORM
            and str(requested or "").startswith(PULSE_SLOT_PREFIX)
        ):
            found.add(position)
    return found


def blanked(event: UserUttered) -> UserUttered:
    """The message without anything it said: no text, entities, ranking or button title."""
    intent = {"name": (event.intent or {}).get("name"), "confidence": 1.0}
    metadata = {k: v for k, v in (event.metadata or {}).items() if k != "display"}
    return UserUttered(
        text=MARK,
        intent=intent,
        entities=[],
        parse_data={"intent": intent, "entities": [], "text": MARK, "intent_ranking": []},
        timestamp=event.timestamp,
        input_channel=event.input_channel,
        message_id=event.message_id,
        metadata=metadata,
    )


class PrivateTrackerStore(SQLTrackerStore):
    def _additional_events(self, session, tracker) -> Iterator[Event]:
        events = list(tracker.events)
        hidden = pulse_answers(events)
        stored = self._event_query(
            session, tracker.sender_id, fetch_events_from_all_sessions=False
        ).count()
        for position, event in itertools.islice(enumerate(events), stored, None):
            yield blanked(event) if position in hidden else event
