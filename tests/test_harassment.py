"""The harassment check: the intent model's `harassment` only stands when the message names
harassment, bullying or violence, not negated (bot/safety/harassment.py)."""

import pytest

from bot.safety.harassment import says_harassment


@pytest.mark.parametrize(
    "text",
    [
        "en af svendene bliver mobbet af de andre",
        "jeg bliver chikaneret af en kunde",
        "mester råber ad lærlingen hver dag",
        "de gør grin med hende fordi hun stammer",
        "en beboer slog min kollega i går",
        "vi bliver slået af borgerne flere gange om måneden",
        "han kommenterer hele tiden på hendes udseende",
        "jeg føler mig krænket",
        "de kalder ham grimme ting",
        "der er vold på bostedet",
        "vi har en metoo sag",
        "det er ikke en konflikt, det er mobning",
    ],
)
def test_names_harassment(text):
    assert says_harassment(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vi inviterer planlæggeren til et møde om ruterne",
        "meget. to seniors har en beef der har kørt i måneder",
        "det er ikke mobning, bare en konflikt mellem to kolleger",
        "ingen bliver mobbet her, men stemningen er dårlig",
        "der er ikke tale om chikane",
        "efter vi blev slået sammen, er der uklare roller",
        "det nye it-system driller hele tiden",
        "hvad kan vi gøre når chefen ikke lytter",
        "lad folk svare anonymt på deres mobil",
        "kan du forklare WORM-metoden",
        "chefen og formanden siger forskellige ting",
        "kunden truer med at skifte leverandør",  # a threat to the business (found in play)
        "chefen truer med fyring hvis vi ikke når det",
    ],
)
def test_ordinary_friction_is_not_harassment(text):
    assert not says_harassment(text)


@pytest.mark.parametrize(
    ("text", "intent", "ranking"),
    [
        ("min chef rører ved mig og jeg bryder mig ikke om det", "nlu_fallback",
         [("harassment", 0.42), ("manager_strain", 0.23)]),
        ("en bruger kastede en stol efter mig", "nlu_fallback",
         [("give_context", 0.2), ("out_of_scope", 0.12)]),
        ("der kommer sjofle bemærkninger til lærlingen", "describe_problem",
         [("describe_problem", 0.6), ("harassment", 0.3)]),
    ],
)  # fmt: skip
def test_words_that_name_harassment_win_when_the_model_was_unsure(text, intent, ranking):
    from rasa.shared.nlu.training_data.message import Message

    from bot.safety.component import CrisisCheck

    ranked = [{"name": n, "confidence": c} for n, c in ranking]
    message = Message({"text": text, "intent": {"name": intent, "confidence": 0.45},
                       "intent_ranking": ranked})  # fmt: skip
    CrisisCheck(None, None).process([message])
    assert message.get("intent")["name"] == "harassment"


def test_a_sure_problem_with_a_harsh_word_stays_a_problem():
    from rasa.shared.nlu.training_data.message import Message

    from bot.safety.component import CrisisCheck

    ranked = [
        {"name": "describe_problem", "confidence": 0.95},
        {"name": "ask_knowledge", "confidence": 0.03},
    ]
    message = Message({"text": "vi kastede os over opgaven", "intent": ranked[0],
                       "intent_ranking": ranked})  # fmt: skip
    CrisisCheck(None, None).process([message])
    assert message.get("intent")["name"] == "describe_problem"


def test_the_answer_is_made_from_an_entry_that_says_where_help_is():
    from bot.config import PROJECT_DIR
    from bot.kb.loader import load_directory
    from bot.safety import harassment

    entry = {e.id: e for e in load_directory(PROJECT_DIR / "knowledge")}[harassment.ENTRY]
    assert "Arbejdstilsynet" in entry.short and "112" in entry.short


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("der er forresten en kunde der sender klamme beskeder til vores supporter, hun er "
         "blevet kaldt ting og han har spurgt om hun vil mødes privat", "describe_problem"),
        ("1. der er en kunde der bliver ved med at skrive klamme beskeder til vores supporter",
         "answer_pulse"),
        ("jeg blev skubbet af en kollega", "describe_problem"),
        ("en borger slog ud efter en kollega i sidste uge", "describe_problem"),
    ],
)  # fmt: skip
def test_sexual_harassment_or_blows_are_harassment_whatever_the_model_read(text, intent):
    """Found in play: a customer's harassment of a colleague was stored as two problems the
    whole team sees, and inside the pulse the score alone was kept."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.safety.component import CrisisCheck

    ranked = [{"name": intent, "confidence": 0.97}, {"name": "ask_knowledge", "confidence": 0.02}]
    message = Message({"text": text, "intent": ranked[0], "intent_ranking": ranked})
    CrisisCheck(None, None).process([message])
    assert message.get("intent")["name"] == "harassment"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("kunden truer med at skifte leverandør", "describe_problem"),
        ("de pårørende råber af os når vi kommer for sent", "describe_problem"),
        ("har bfa velfærd værktøjer om vold fra forældre", "ask_knowledge"),
        ("smedeværksted, vi laver stålkonstruktioner", "give_context"),
        ("det slog mig at vi aldrig holder pause", "describe_problem"),
    ],
)
def test_threats_to_the_business_rough_tone_and_questions_keep_their_intent(text, intent):
    from rasa.shared.nlu.training_data.message import Message

    from bot.safety.component import CrisisCheck

    ranked = [{"name": intent, "confidence": 0.97}, {"name": "greet", "confidence": 0.02}]
    message = Message({"text": text, "intent": ranked[0], "intent_ranking": ranked})
    CrisisCheck(None, None).process([message])
    assert message.get("intent")["name"] == intent
