"""Rasa's SQL tracker store, which never writes a pulse answer.

A reply given while the pulse form asks one of its questions is stored as "[pulssvar]": its
text, its parse data and the button title the channel sent along are left out, so no score is
ever tied to a person's conversation, not for a moment (docs/design.md section 4). The scores live
in the app database only, under a keyed hash (bot/coach/pulse.py).

A turn costs the same at the 300th message as at the 10th. Rasa loads every event of the
session for each message, replays them, featurizes them for every policy and sends them all to
the action server, so a turn grows by about 0,7 ms for each earlier turn. Here a conversation
is read as its last WINDOW_TURNS messages in full, with only the events before them that still
make up its state: the latest value of each slot, the active form and whether it was
interrupted or rejected, a pause. Nothing is written twice or left out of the database: a full
export (`retrieve_full_tracker`, Rasa's tracker API) reads everything.

Configured in endpoints.yml as `type: bot.tracker_store.PrivateTrackerStore` with the settings
of Rasa's SQLTrackerStore (SQLite by default, PostgreSQL in production).
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

PULSE_FORM = "pulse_form"
PULSE_SLOT_PREFIX = "pulse_"
MARK = "[pulssvar]"
# Messages read in full; the policies look back five turns (config.yml), the actions at most to
# the message before.
WINDOW_TURNS = 20
TAKE_BACK = ("rewind", "undo")  # Rasa's default fallbacks; this assistant sends neither
LOADED = "_trivsel_loaded"  # on a tracker read here: how many of its events came from the store


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


# What each kind of row stands for when Rasa decides which events still apply: only the kind
# and the name matter (DialogueStateTracker.applied_events).
_STANDS_FOR = {
    "action": ActionExecuted,
    "active_loop": ActiveLoop,
    "action_execution_rejected": ActionExecutionRejected,
}
_BARE = {"user": UserUttered, "restart": Restarted, "session_started": SessionStarted,
         "rewind": UserUtteranceReverted, "undo": ActionReverted}  # fmt: skip


def _stand_in(kind: str, name: str | None) -> Event:
    if kind in _STANDS_FOR:
        return _STANDS_FOR[kind](name)
    if kind in _BARE:
        return _BARE[kind]()
    return SlotSet(kind)  # any event the rules pass through unchanged


def state_before(rows: Iterable[tuple[int, str, str | None]]) -> list[int]:
    """Of the (id, type, name) rows before the window, the ids of the events that still make
    up the conversation's state, in order. Which events stand is decided by Rasa's own rules
    (applied_events: a restart or new session clears what came before, a rewind takes back the
    last message, an undo the last action, a form's repeated turns fold), run on stand-ins
    made from the rows' kinds and names; then the latest value of each slot after the last
    slot reset, the active form and whether it is still interrupted or rejected, a pause; and
    the session's first action, the turn before everything else that the policies see."""
    rows = list(rows)
    stand_ins = [_stand_in(kind, name) for _, kind, name in rows]
    row_of = {id(event): row for event, row in zip(stand_ins, rows, strict=False)}
    probe = DialogueStateTracker("state", [])
    probe.events = deque(stand_ins)
    slots: dict[str | None, int] = {}
    loop: dict[str, int] = {}  # the form now, then whether it was interrupted or rejected since
    form: str | None = None
    pause: dict[str, int] = {}
    start: list[int] = []
    for event in probe.applied_events():
        event_id, kind, name = row_of[id(event)]
        if kind == "action" and not start:
            start.append(event_id)
        elif kind == "reset_slots":
            slots = {}
        elif kind == "slot":
            slots[name] = event_id
        elif kind == "active_loop":
            loop, form = {kind: event_id}, name
        elif kind in ("loop_interrupted", "action_execution_rejected") and loop:
            loop[kind] = event_id
        elif kind == "action" and name == form:  # as Rasa does: the form's own action
            loop.pop("action_execution_rejected", None)  # ends a rejection
        elif kind in ("pause", "resume"):
            pause = {kind: event_id}
    return sorted([*start, *slots.values(), *loop.values(), *pause.values()])


def shown(events: list[dict]) -> None:
    """Make the first action of a conversation read in part a turn the policies see.

    MemoizationPolicy and TEDPolicy skip the turns that only rules predicted; read whole, a
    conversation starts with the session's first action_listen, which no rule predicted. Read in
    part, the window may hold rule turns only (a form answered by buttons), and Rasa then fails
    on an empty history. The session's first action is kept before the window for this; it is
    marked as seen here, in what was read, not in the store."""
    for event in events:
        if event.get("event") == ActionExecuted.type_name:
            event["hide_rule_turn"] = False
            return


class PrivateTrackerStore(SQLTrackerStore):
    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions or not self.domain:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            event = self.SQLEvent
            cut = (
                query.filter(event.type_name == UserUttered.type_name)
                .order_by(None)
                .order_by(event.id.desc())
                .with_entities(event.id)
                .offset(WINDOW_TURNS - 1)
                .limit(1)
                .scalar()
            )
            if cut is not None and (
                query.filter(event.id >= cut, event.type_name.in_(TAKE_BACK)).first() is not None
            ):
                cut = None  # a rewind in the window may reach back before it: read it all
            if cut is None:  # a short conversation: all of it, as Rasa reads it
                rows = query.with_entities(event.data).all()
            else:
                earlier = query.filter(event.id < cut).with_entities(
                    event.id, event.type_name, event.action_name
                )
                keep = state_before(earlier.all())
                window = event.id >= cut
                if keep:  # in id order: the state's events come before the window
                    window = sa.or_(window, event.id.in_(keep))
                rows = query.filter(window).with_entities(event.data).all()
            events = [json.loads(data) for (data,) in rows]
        if not events:
            return None
        if cut is not None:
            shown(events)
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, LOADED, len(events))
        return tracker

    def _additional_events(self, session, tracker) -> Iterator[Event]:
        events = list(tracker.events)
        hidden = pulse_answers(events)
        stored = getattr(tracker, LOADED, None)
        if stored is None:  # a tracker this store did not read: Rasa's count
            stored = self._event_query(
                session, tracker.sender_id, fetch_events_from_all_sessions=False
            ).count()
        setattr(tracker, LOADED, len(events))  # saved now: a second save adds only what is new
        for position, event in itertools.islice(enumerate(events), stored, None):
            yield blanked(event) if position in hidden else event
