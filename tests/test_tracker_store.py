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


# --- A long conversation is read as its last turns and its state -------------------------

SLOTS = ("a", "b", "requested_slot")


def slot_domain() -> Domain:
    return Domain.from_dict(
        {
            "slots": {
                name: {
                    "type": "text",
                    "influence_conversation": False,
                    "mappings": [{"type": "custom"}],
                }
                for name in SLOTS
            },  # fmt: skip
            "forms": {"f_form": {"required_slots": ["a"]}, "g_form": {"required_slots": ["b"]}},
        }
    )


def random_events(seed: int, turns: int, quiet: int = 0) -> list:
    """A conversation of `turns` messages with every kind of event that changes state, then
    `quiet` messages that change nothing (so that the state comes from before the window)."""
    import random

    from rasa.shared.core.events import (
        ActionExecutionRejected,
        ActionReverted,
        AllSlotsReset,
        ConversationPaused,
        ConversationResumed,
        LoopInterrupted,
        Restarted,
        UserUtteranceReverted,
    )

    rng = random.Random(seed)
    events = []
    for turn in range(turns):
        events.append(said(f"besked {turn}"))
        for _ in range(rng.randint(0, 4)):
            pick = rng.random()
            if pick < 0.4:
                events.append(SlotSet(rng.choice(SLOTS), rng.choice([None, f"v{turn}", "x"])))
            elif pick < 0.5:
                events.append(ActiveLoop(rng.choice([None, "f_form", "g_form"])))
            elif pick < 0.58:
                events.append(LoopInterrupted(rng.random() < 0.5))
            elif pick < 0.62:
                events.append(ActionExecutionRejected(rng.choice(["f_form", "g_form"])))
            elif pick < 0.65:
                events.append(rng.choice([ConversationPaused(), ConversationResumed()]))
            elif pick < 0.67:
                events.append(rng.choice([Restarted(), AllSlotsReset()]))
            elif pick < 0.72:
                events.append(rng.choice([UserUtteranceReverted(), ActionReverted()]))
            else:
                events.append(ActionExecuted(rng.choice(["utter_x", "f_form", "action_y"])))
        events.append(ActionExecuted("action_listen"))
    for turn in range(quiet):
        events += [said(f"stille {turn}"), ActionExecuted("utter_x")]
        events.append(ActionExecuted("action_listen"))
    return events


def state(tracker: DialogueStateTracker) -> tuple:
    active = tracker.active_loop
    loop = (active.name, active.is_interrupted, active.rejected) if active else None
    return tracker.current_slot_values(), loop, tracker.is_paused(), tracker.latest_message.text


def test_a_long_conversation_is_read_as_its_last_turns_with_the_same_state(tmp_path):
    from bot.tracker_store import WINDOW_TURNS

    domain = slot_domain()
    store = PrivateTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    for seed in range(40):
        sender = f"lang-{seed}"
        events = random_events(seed, 30 + seed, quiet=WINDOW_TURNS)
        full = DialogueStateTracker.from_events(sender, events, domain.slots)
        asyncio.run(store.save(full))
        read = asyncio.run(store.retrieve(sender))
        assert state(read) == state(full), seed
        users = [e for e in read.events if isinstance(e, UserUttered)]
        assert len(users) == WINDOW_TURNS
        assert len(read.events) < len(full.events) / 2


def test_a_long_conversation_read_in_part_is_saved_without_a_double_or_a_gap(tmp_path):
    domain = slot_domain()
    db = tmp_path / "t.db"
    store = PrivateTrackerStore(domain=domain, dialect="sqlite", db=str(db))
    events = random_events(99, 40)
    asyncio.run(store.save(DialogueStateTracker.from_events("s", events, domain.slots)))
    for turn in range(3):  # three more turns, each read and saved as Rasa does
        tracker = asyncio.run(store.retrieve("s"))
        new = [said(f"ny {turn}"), SlotSet("a", f"ny {turn}"), ActionExecuted("action_listen")]
        for event in new:
            tracker.update(event)
        asyncio.run(store.save(tracker))
        asyncio.run(store.save(tracker))  # a second save writes nothing more
        events += new
    rows = stored_rows(db)
    assert [r["type_name"] for r in rows] == [e.type_name for e in events]
    assert [r.get("text") for r in rows if r["type_name"] == "user"][-3:] == [
        "ny 0",
        "ny 1",
        "ny 2",
    ]
    everything = asyncio.run(store.retrieve_full_tracker("s"))
    assert len(everything.events) == len(events)  # the full export reads every event
    assert asyncio.run(store.retrieve("s")).get_slot("a") == "ny 2"


def test_a_rewind_in_the_last_turns_reads_the_conversation_whole(tmp_path):
    from rasa.shared.core.events import UserUtteranceReverted

    domain = slot_domain()
    store = PrivateTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    events = random_events(7, 40, quiet=30)
    events += [UserUtteranceReverted(), UserUtteranceReverted(), UserUtteranceReverted()]
    full = DialogueStateTracker.from_events("r", events, domain.slots)
    asyncio.run(store.save(full))
    read = asyncio.run(store.retrieve("r"))
    assert len(read.events) == len(events) and state(read) == state(full)


def test_a_short_conversation_is_read_whole(tmp_path):
    domain = slot_domain()
    store = PrivateTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    events = random_events(5, 8)
    asyncio.run(store.save(DialogueStateTracker.from_events("kort", events, domain.slots)))
    assert len(asyncio.run(store.retrieve("kort")).events) == len(events)


def test_a_long_form_answered_by_rules_alone_still_has_a_turn_the_policies_see(tmp_path):
    """The team room's forms answered by buttons: for 20 messages only rules predicted, and
    MemoizationPolicy and TEDPolicy skip those turns. Read in part, Rasa failed on an empty
    history (IndexError in the featurizer); the session's first turn is kept for them."""
    from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer

    from bot.tracker_store import WINDOW_TURNS

    domain = slot_domain()
    store = PrivateTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    for sender, first_hidden in (("start", False), ("efter-genstart", True)):
        events = [ActionExecuted("action_listen", hide_rule_turn=first_hidden)]
        for turn in range(WINDOW_TURNS + 10):
            events += [
                said(f"knap {turn}"),
                SlotSet("a", f"svar {turn}"),
                ActionExecuted("utter_x", hide_rule_turn=True),
                ActionExecuted("action_listen", hide_rule_turn=True),
            ]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, domain.slots)))
        read = asyncio.run(store.retrieve(sender))
        assert len(read.events) < len(events)  # read in part
        states = MaxHistoryTrackerFeaturizer(max_history=5).prediction_states(
            [read], domain, ignore_rule_only_turns=True, rule_only_data={"slots": [], "loops": []}
        )
        assert states[0] and states[0][-1]["prev_action"] == {"action_name": "action_listen"}
        stored = asyncio.run(store.retrieve_full_tracker(sender))
        assert stored.events[0].hide_rule_turn is first_hidden  # nothing changed in the store
