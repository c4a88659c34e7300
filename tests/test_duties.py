"""Duties and help (issue 12): the organisation duty by size, the APV and its five phases, the
sickness-absence question, and the outside help for the trade, each with its source."""

from __future__ import annotations

from datetime import date

import pytest

from bot import wording
from bot.coach import duties
from bot.coach.context import Context
from bot.coach.reading.absence import read_absence
from bot.coach.reading.questions import read
from bot.config import PROJECT_DIR
from bot.kb.loader import load_directory


@pytest.fixture(scope="module")
def entries():
    return {e.id: e for e in load_directory(PROJECT_DIR / "knowledge")}


# --- The sickness-absence answer, typed or pressed -----------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("Ja", "ja"),
        ("ja", "ja"),
        ("jo, det tror jeg", "ja"),
        ("helt sikkert", "ja"),
        ("ja, flere er gået ned med stress", "ja"),
        ("Lidt", "lidt"),
        ("en smule", "lidt"),
        ("måske", "lidt"),
        ("ja lidt", "lidt"),
        ("det kan godt være", "lidt"),
        ("Nej", "nej"),
        ("næh", "nej"),
        ("nej ikke rigtig", "nej"),
        ("det tror jeg ikke", "nej"),
        ("det er lavt", "nej"),
        ("stort set ingen sygefravær", "nej"),
        ("nej, det er almindelig influenza", "nej"),
        ("Ved ikke", "ved_ikke"),
        ("aner det ikke", "ved_ikke"),
        ("svært at sige", "ved_ikke"),
        ("vi har ikke overblik over det", "ved_ikke"),
    ],
)
def test_absence_answers_are_read(typed, value):
    assert read_absence(typed).value == value
    assert read("map_absence", typed).value == value


@pytest.mark.parametrize("typed", ["", "hmm", "Hanne er syg"])
def test_absence_answers_not_understood(typed):
    assert read_absence(typed) is None


def test_absence_question_takes_the_controls_and_has_a_hint():
    assert read("map_absence", "spring over").control == "skip"
    assert read("map_absence", "stop").control == "stop"
    assert "ikke på den enkelte" in wording.text("utter_hint_map_absence")


def test_absence_buttons_are_read_back():
    from tests.domain import DOMAIN

    question = DOMAIN["responses"]["utter_ask_map_absence"][0]
    assert "ikke på den enkelte" in question["text"]
    for button in question["buttons"]:
        reading = read("map_absence", button["payload"])
        if button["title"] == "Spring over":
            assert reading.control == "skip"
        else:
            assert duties.ABSENCE[reading.value] == button["title"]


def test_absence_replies_are_short_and_known():
    for value in duties.ABSENCE:
        reply = duties.absence_reply(value)
        assert reply.startswith("Noteret: ") and len(reply.split()) <= 30
    with pytest.raises(ValueError):
        duties.absence_reply("måske")


# --- The organisation duty -----------------------------------------------------------------


def test_from_ten_employees_an_arbejdsmiljoeorganisation():
    duty = duties.organisation_duty(Context(size="10-49"))
    assert "10 eller flere ansatte" in duty.text
    assert "arbejdsmiljøorganisation (AMO)" in duty.text
    assert "arbejdsmiljørepræsentanter" in duty.text  # what it means, in a sentence
    assert "35 ansatte" in duty.full() and "35" not in duty.text  # the detail is for the print
    assert duties.AT_AMO_COUNT in duty.sources and duties.AT_F33 in duty.sources
    big = duties.organisation_duty(Context(size="50-249"))
    assert "skal AMO'en have to niveauer" in big.full()


def test_below_ten_the_duty_to_cooperate_directly():
    duty = duties.organisation_duty(Context(size="1-9"))
    assert "ikke have en arbejdsmiljøorganisation" in duty.text
    assert "direkte" in duty.text and "årlige arbejdsmiljødrøftelse" in duty.text
    assert duties.AT_F31 in duty.sources and duties.LAW_6 in duty.sources
    unknown = duties.organisation_duty(Context())
    assert "Fra 10 ansatte" in unknown.text and "direkte" in unknown.text


def test_a_missing_representative_and_building_sites_are_named():
    texts = [d.text for d in duties.duties(Context(size="10-49", amr="nej"))]
    assert any("skal I vælge en" in t for t in texts)
    assert not any("vælge en" in t for t in [d.text for d in duties.duties(Context(size="1-9"))])
    building = [d.text for d in duties.duties(Context(size="1-9", industry="byggeri"))]
    assert any("byggepladser" in t for t in building)
    assert duties.duties(Context())[-1] is duties.APV_DUTY


def test_every_duty_rests_on_a_source(entries):
    contexts = [Context(size=s, industry=i, amr=a) for s in ("1-9", "10-49", "50-249", "ukendt")
                for i in ("byggeri", "omsorg") for a in ("ja", "nej")]  # fmt: skip
    for context in contexts:
        for duty in duties.duties(context):
            assert duty.sources, duty.text
            for source in duty.sources:
                assert source.url is None or source.url.startswith("https://")
            for kb_id in duty.kb_ids:
                assert kb_id in entries
    assert "psykiske arbejdsmiljø" in duties.APV_DUTY.text
    assert "handlingsplan" in duties.APV_DUTY.text
    assert all(k in entries for k in ("apv", "apv_faser"))


# --- Outside help that fits the trade ------------------------------------------------------


@pytest.mark.parametrize(
    ("industry", "size", "expected"),
    [
        ("byggeri", "1-9", ["bfa_bygge_anlaeg", "bambus"]),
        ("industri", "10-49", ["bfa_industri", "teksam"]),
        ("industri", "1-9", ["bfa_industri"]),  # TekSam is for firms from 10 employees
        ("detail", "1-9", ["bfa_handel"]),
        ("omsorg", "10-49", ["bfa_velfaerd_offentlig"]),
        ("service", "ukendt", ["bfa_service"]),
        ("transport", "10-49", ["bfa_branchefaellesskaber", "brancheorganisationer_netvaerk"]),
        ("ukendt", "ukendt", ["bfa_branchefaellesskaber", "brancheorganisationer_netvaerk"]),
    ],
)
def test_help_for_the_trade(entries, industry, size, expected):
    helpers = duties.help_for(Context(size=size, industry=industry), entries)
    assert [e.id for e in helpers] == expected
    for entry in helpers:
        assert entry.kind == "hjaelp" or entry.id == "brancheorganisationer_netvaerk"
        assert entry.sources


def test_help_names_its_sources(entries):
    sources = duties.help_sources(entries["bfa_bygge_anlaeg"])
    assert (
        duties.Source(
            "BFA Bygge og Anlæg",
            "Psykiske påvirkninger",
            "https://bfa-ba.dk/psykiske-paavirkninger/",
        )
        in sources
    )


def test_context_note_says_the_duty_and_the_help(entries):
    note, helpers = duties.context_note(Context(size="10-49", industry="byggeri"), entries)
    assert "arbejdsmiljøorganisation (AMO)" in note
    assert "BFA Bygge og Anlæg og BAMBUS." in note
    assert [e.id for e in helpers] == ["bfa_bygge_anlaeg", "bambus"]
    assert "byggepladser" not in note  # in the printed plan only
    assert len(note.split()) <= 60  # fits a phone
    note, _ = duties.context_note(Context(size="1-9"), entries)
    assert "Hjælp udefra" not in note  # no trade given: no help named for it


# --- The five APV phases -------------------------------------------------------------------


def test_phases_of_a_team_that_has_done_nothing():
    phases = duties.phases(duties.PhaseFacts())
    assert [p.number for p in phases] == [1, 2, 3, 4, 5]
    assert [p.title for p in phases] == list(duties.PHASE_TITLES)
    assert all(p.missing and not p.done for p in phases)
    assert "sygefraværet" in phases[2].missing and "den enkelte" in phases[2].missing


def test_phases_of_a_team_that_has_done_everything():
    facts = duties.PhaseFacts(
        problems=3, described=3, pulse_closed=True, absence="lidt", chosen=1, actions=2,
        dated=2, checkins=1, next_followup=date(2027, 1, 12),
    )  # fmt: skip
    phases = duties.phases(facts, "12. januar 2027")
    assert [p.missing for p in phases] == [None] * 5
    assert phases[0].done == ["I har peget på tre problemer.", "I har lukket en anonym pulsmåling."]
    assert "lidt" in phases[2].done[0]
    assert phases[3].done[1] == "Planen har to handlinger, alle med ansvarlig og frist."
    assert phases[4].done == ["I har holdt en opfølgning.", "Næste opfølgning er 12. januar 2027."]


def test_phases_name_what_is_missing():
    facts = duties.PhaseFacts(problems=2, described=1, absence="ved_ikke", actions=2, dated=1)
    phases = duties.phases(facts)
    assert phases[1].missing == "Beskriv et problem mere med jeres egne ord."
    assert phases[2].done == ["I har svaret 'ved ikke'."] and phases[2].missing
    assert phases[3].missing == "Giv hver handling en frist."
    assert phases[4].missing.startswith("Aftal, hvornår")


# --- In the conversation -------------------------------------------------------------------


def test_mapping_ends_with_the_absence_question_and_keeps_the_answer(loaded_db):
    from actions.mapping import ActionMappingDone, ValidateMappingForm
    from bot.coach import service
    from bot.coach.teams import team_of
    from bot.db.session import session_scope
    from tests.test_actions import reply, run, slots_of, tracker

    service.create_team("rest:test", "Værkstedet")
    service.record_problem("rest:test", "arbejdsmaengde", "for mange sager", 3, True)
    form = ValidateMappingForm()
    # After the last theme the sickness-absence question is asked.
    _, events = reply(form, "Spring over", "map_rating", slots={"map_index": 8})
    assert slots_of(events)["map_index"] == 9.0
    assert slots_of(events)["requested_slot"] == "map_absence"
    # A typed answer is kept on the team, and said back in one short sentence.
    messages, events = reply(form, "ja, det tror jeg", "map_absence", slots={"map_index": 9})
    assert slots_of(events)["map_absence"] == "ja"
    assert slots_of(events)["requested_slot"] is None
    assert messages[0]["text"] == duties.absence_reply("ja")
    from bot.config import load_settings

    with session_scope(load_settings().db_url) as session:
        assert team_of(session, "rest:test").sickness_absence == "ja"
    # Back goes to the last theme; "spring over" keeps nothing; stop ends the mapping.
    _, events = reply(form, "gå tilbage", "map_absence", slots={"map_index": 9})
    assert slots_of(events)["map_index"] == 8.0
    messages, events = reply(form, "spring over", "map_absence", slots={"map_index": 9})
    assert slots_of(events)["requested_slot"] is None and messages == []
    _, events = reply(form, "stop", "map_absence", slots={"map_index": 9})
    assert slots_of(events)["requested_slot"] is None
    # Not understood: a hint, the question again.
    messages, events = reply(form, "Hanne er syg", "map_absence", slots={"map_index": 9})
    assert slots_of(events)["map_absence"] is None
    assert "ikke på den enkelte" in messages[0]["text"]

    messages, events = run(ActionMappingDone(), tracker("ja", "x"))
    assert duties.APV_SENTENCE in messages[0]["text"]
    assert slots_of(events)["map_absence"] is None


def test_stopping_the_mapping_does_not_ask_about_absence(loaded_db):
    from actions.mapping import ValidateMappingForm
    from bot.coach import service
    from tests.test_actions import reply, slots_of

    service.create_team("rest:test", "Plejen")
    _, events = reply(ValidateMappingForm(), "stop", "map_rating", slots={"map_index": 2})
    assert slots_of(events)["requested_slot"] is None


def test_saved_context_says_the_duty_and_the_help(loaded_db):
    from actions.context import ActionSaveContext
    from bot.coach import service
    from tests.test_actions import run, tracker

    service.create_team("rest:test", "Tømreren")
    slots = {"ctx_size": "10-49", "ctx_industry": "byggeri", "ctx_amr": "nej"}
    messages, _ = run(ActionSaveContext(), tracker("Meget", "x", slots=slots))
    assert messages[0]["text"].startswith("Tak. I er 10-49 ansatte i byggeriet")
    note = messages[1]["text"]
    assert "arbejdsmiljøorganisation (AMO)" in note and "skal I vælge en" in note
    assert "BFA Bygge og Anlæg og BAMBUS" in note
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert payloads[0] == "/start_mapping"
    assert '/read_more{"kb_id":"bambus"}' in payloads


def test_record_sickness_absence(loaded_db):
    from bot.coach import service

    assert service.record_sickness_absence("rest:nobody", "ja") is False
    service.create_team("rest:test", "Butikken")
    assert service.record_sickness_absence("rest:test", "ved_ikke") is True
    with pytest.raises(ValueError):
        service.record_sickness_absence("rest:test", "Hanne")
