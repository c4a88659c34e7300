"""The domain (domain/*.yml): every question asked, its buttons read back, plain Danish."""

from __future__ import annotations

import re

import pytest

from bot.coach.context import OPTIONS
from bot.coach.reading.questions import read
from tests.domain import DOMAIN

RESPONSES = DOMAIN["responses"]
ACTIONS = set(DOMAIN["actions"])


def test_every_form_question_is_asked():
    for form, spec in DOMAIN["forms"].items():
        for slot in spec["required_slots"]:
            asked = f"utter_ask_{slot}" in RESPONSES or f"action_ask_{slot}" in ACTIONS
            assert asked, f"{form}: intet spørgsmål for {slot}"


def typed_forms():
    """Every form's validation class (actions/*.py), by form name."""
    import importlib
    import inspect
    import pkgutil

    import actions
    from actions.forms import TypedForm

    found = {}
    for module in pkgutil.iter_modules(actions.__path__):
        loaded = importlib.import_module(f"actions.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, TypedForm) and cls is not TypedForm:
                found[cls.__name__] = cls
    return found


def test_every_question_a_form_reads_has_a_hint_for_a_reply_it_does_not_understand():
    forms = typed_forms()
    assert {cls().name() for cls in forms.values()} == {f"validate_{f}" for f in DOMAIN["forms"]}
    for name, cls in forms.items():
        for slot, question in cls.questions.items():
            assert f"utter_hint_{question}" in RESPONSES, f"{name}: ingen hjælp til {slot}"
    for question in ("confirm", "exp_days", "fb_pick", "fb_causes"):  # asked by the forms' code
        assert f"utter_hint_{question}" in RESPONSES


@pytest.mark.parametrize("key", list(OPTIONS))
def test_context_buttons_are_the_options_and_are_read_back(key):
    buttons = RESPONSES[f"utter_ask_ctx_{key}"][0]["buttons"]
    titles = [b["title"] for b in buttons if b["title"] != "Spring over"]
    assert titles == list(OPTIONS[key].values())
    for button in buttons:
        reading = read(f"ctx_{key}", button["payload"])
        assert reading is not None, button
        if button["title"] == "Spring over":
            assert reading.control == "skip"
        else:
            value = reading.value[0] if isinstance(reading.value, list) else reading.value
            assert OPTIONS[key][value] == button["title"]


@pytest.mark.parametrize("slot", [s for s in DOMAIN["forms"]["pulse_form"]["required_slots"]])
def test_pulse_questions_ask_one_person_with_the_scale_direction(slot):
    text = RESPONSES[f"utter_ask_{slot}"][0]["text"]
    assert re.search(r"\b(?:du|dig|dit|din|dine)\b", text)
    assert re.search(r"1 = [^,]+, 5 = ", text)
    for button in RESPONSES[f"utter_ask_{slot}"][0]["buttons"]:
        reading = read("pulse", button["payload"])
        assert reading.control == "skip" if button["title"] == "Spring over" else reading.value


def test_fit_and_plan_buttons_are_read_back():
    for slot in DOMAIN["forms"]["fit_form"]["required_slots"]:
        for button in RESPONSES[f"utter_ask_{slot}"][0]["buttons"]:
            assert read(slot, button["payload"]).value == button["payload"]
    for button in RESPONSES["utter_ask_plan_involvement"][0]["buttons"]:
        assert read("plan_involvement", button["payload"]).value


def test_plan_involvement_buttons_are_the_three_ways_in_their_order():
    from bot.involvement import FORMS

    buttons = RESPONSES["utter_ask_plan_involvement"][0]["buttons"]
    assert [b["title"] for b in buttons] == [f.button for f in FORMS]
    assert [read("plan_involvement", b["payload"]).value for b in buttons] == [f.id for f in FORMS]


def test_every_response_keeps_the_house_style_for_danish():
    """Checked as the user reads it: a value the action fills in ({name}, {count}) stands in
    as a word, as Rasa fills it; a placeholder left in a sent message is a raw value."""
    from tests.danish import problems

    for name, variants in RESPONSES.items():
        for variant in variants:
            text = re.sub(r"\{[a-z_]+\}", "noget", variant.get("text", ""))
            assert problems(" ".join(text.split())) == [], name


def test_the_style_check_finds_what_it_is_for():
    from tests.danish import problems

    assert problems("Gennemsnit 2,5 i afsnit 5.4, kl. 10.30. Der er ingen handlinger.") == []
    for bad in ("Gennemsnit 2.5", "Der er 0 handlinger", "Ja  tak", "Ja , tak", "værdi None"):
        assert problems(bad), bad


def test_a_manager_who_cannot_go_on_is_told_where_help_is():
    """'Jeg kan ikke mere' alone is stress, not a crisis: the answer to a leader's strain names
    the doctor and Livslinien, with the number the crisis answer gives."""
    strain = RESPONSES["utter_knowledge_manager_strain"][0]["text"]
    crisis = RESPONSES["utter_safety_crisis"][0]["text"]
    assert "egen læge" in strain
    number = re.search(r"Livslinien på ([\d ]+\d)", crisis).group(1)
    assert f"Livslinien på {number}" in strain
