"""A question that names a knowledge entry gets that entry; everyday words never name one
(bot/kb/questions.py), and a question the classifier is sure of is not taken from it
(bot/nlu/components.KnowledgeNames)."""

from __future__ import annotations

import pytest

from bot.kb.questions import named_entry


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("hvad er powrs", "powrs_stressforebyggelse"),
        ("hvad er fiskeben?", "fishbone_workshop"),
        ("hvad er en amr", "arbejdsmiljoerepraesentant"),
        ("hvad er pro modellen", "pro_modellen"),
        ("fortæl om bambus", "bambus"),
    ],
)
def test_a_name_asked_about_is_its_entry(index, text, entry):
    assert named_entry(text, index)[0].id == entry


@pytest.mark.parametrize(
    "text",
    [
        "hvad er næste skridt",
        "hvad står der i planen",
        "hvad står der nu på programmet",
        "kan du forklare det nærmere",
        "kan du forklare det naermere",
        "hvad er forslaget",
    ],
)
def test_everyday_words_name_no_entry(index, text):
    assert named_entry(text, index) is None


def test_a_sure_classifier_keeps_its_intent_for_a_question_it_placed():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    sure = {"name": "why", "confidence": 0.97}
    assert names.answering_entry("hvorfor er det en god ide at gøre det sådan", sure) is None
    unsure = {"name": "why", "confidence": 0.5}
    assert names.answering_entry("hvorfor halter sikkerhedsoplæringen i små firmaer?", unsure)
