"""The tracker store never writes a pulse answer: not the text, not the button title, not
what the NLU made of it (issue 11: raw scores in the tracker store)."""

from __future__ import annotations

import asyncio
import json

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.tracker_store import MARK, PrivateTrackerStore


def said(words: str, intent: str = "inform") -> UserUttered:
    return UserUttered(
        words,
        intent={"name": intent, "confidence": 0.9},
        entities=[{"entity": "number", "value": words}],
        parse_data={
            "text": words,
            "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": [{"name": intent, "confidence": 0.9}],
            "entities": [{"entity": "number", "value": words}],
        },
        metadata={"display": f"Knap: {words}"},
    )


def stored_rows(path) -> list[dict]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT type_name, data FROM events ORDER BY id")).all()
    engine.dispose()
    return [dict(json.loads(data), type_name=kind) for kind, data in rows]


def test_pulse_answers_are_never_written_and_the_rest_is(tmp_path):
    db = tmp_path / "tracker.db"
    store = PrivateTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker("rest:kollega", slots=[])
    tracker.update(said("hej", "greet"))
    tracker.update(ActionExecuted("pulse_form"))
    tracker.update(ActiveLoop("pulse_form"))
    tracker.update(SlotSet("requested_slot", "pulse_ledelse"))
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(said("2"))
    asyncio.run(store.save(tracker))
    # Saved in two goes: the second save adds only the new events, and blanks those too.
    tracker.update(SlotSet("requested_slot", "pulse_konflikter"))
    tracker.update(said("meget dårligt"))
    tracker.update(ActiveLoop(None))
    tracker.update(SlotSet("requested_slot", None))
    tracker.update(said("tak for det", "thank"))
    asyncio.run(store.save(tracker))

    rows = stored_rows(db)
    users = [r for r in rows if r["type_name"] == "user"]
    assert [u["text"] for u in users] == ["hej", MARK, MARK, "tak for det"]
    everything = json.dumps(rows)
    assert '"2"' not in everything and "meget d" not in everything and "Knap: 2" not in everything
    blanked = users[1]
    assert blanked["parse_data"]["entities"] == [] and blanked["parse_data"]["text"] == MARK
    assert "display" not in (blanked.get("metadata") or {})
    assert len(rows) == len(tracker.events)  # nothing dropped, nothing written twice

    again = asyncio.run(store.retrieve("rest:kollega"))
    assert [e.text for e in again.events if isinstance(e, UserUttered)][1:3] == [MARK, MARK]
