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
        "hjælp",
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


def test_what_a_measure_is_asked_is_answered_by_it_not_by_suggestions():
    # A question what a measure means, which the classifier took for a request for ideas.
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    asked = {"name": "ask_intervention", "confidence": 0.98}
    said = "hvad er tanken med at fordele de tunge opgaver og give tid til at forberede dem"
    assert names.answering_entry(said, asked).id == "tiltag_fordel_og_forbered_tunge_opgaver"
    assert names.answering_entry("hvad kan vi gøre ved de tunge opgaver", asked) is None


def parsed(component, text: str, intent: str = "nlu_fallback", confidence: float = 0.4):
    from rasa.shared.nlu.training_data.message import Message

    message = Message({"text": text, "intent": {"name": intent, "confidence": confidence}})
    component.process([message])
    return message.get("intent")["name"], {
        e["entity"]: e["value"] for e in message.get("entities") or []
    }


def test_a_team_code_typed_on_its_own_is_joining(loaded_db):
    from bot.coach import service
    from bot.nlu.components import JoinCodes

    _, code = service.create_team("rest:ejer", "Holdet")
    spoken = code.replace("-", " ").upper()
    assert parsed(JoinCodes(), spoken) == ("join_team", {"join_code": code})
    assert parsed(JoinCodes(), f"koden er {code} tak", "give_context", 0.4)[0] == "join_team"
    assert parsed(JoinCodes(), "vi er 12 tømrere", "give_context", 0.9)[0] == "give_context"
    assert parsed(JoinCodes(), code, "crisis", 1.0)[0] == "crisis"


def test_we_take_the_first_one_is_a_choice_whatever_the_classifier_said():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    said = "vi tager den første, prioritere ugens opgaver"
    assert parsed(names, said, "schedule_followup", 0.85)[0] == "choose_intervention"
    assert parsed(names, "vi tager den første mandag", "plan_deadline", 0.8)[0] == "plan_deadline"


def test_a_wish_for_a_short_experiment_chooses_it_whatever_the_classifier_said():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    said = "vi vil prøve et kort forsøg med faste pauser"
    assert parsed(names, said, "report_progress", 0.68) == (
        "choose_intervention",
        {"kb_id": "korte_eksperimenter"},
    )
    chosen_first = "lad os lave det som et kort forsøg"
    assert parsed(names, chosen_first, "make_plan", 0.9)[0] == "make_plan"
    done = "vi har lavet et forsøg med faste pauser og det gik fint"
    assert parsed(names, done, "report_progress", 0.9)[0] == "report_progress"


def test_a_vague_request_for_ideas_names_no_theme():
    from bot.nlu.components import ThemeFinder

    assert not ThemeFinder.has_content("hvordan får vi det bedre?")
    assert not ThemeFinder.has_content("har du nogle forslag")
    assert ThemeFinder.has_content("vagtplanen bliver lavet uden os")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("vis forslag til det med for meget arbejde", "nlu_fallback"),
        ("nej jeg ville ha forslag til travlheden", "deny"),
        ("Nej, det er ikke det vigtigste. Vi vil arbejde med de hårde besøg", "deny"),
        (
            "folk snakker ikke sammen og info kommer ik videre, har i noget om det",
            "describe_problem",
        ),
        ("vi når aldrig at holde pause, hvad gør vi", "describe_problem"),
        ("der er alt for travlt hele tiden, har I nogle forslag?", "report_progress"),
    ],
)
def test_suggestions_asked_for_a_named_problem_are_suggestions(text, intent):
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import KnowledgeNames, ThemeFinder

    message = Message({"text": text, "intent": {"name": intent, "confidence": 0.87}})
    ThemeFinder(None, None).process([message])
    KnowledgeNames().process([message])
    assert message.get("intent")["name"] == "ask_intervention"
    assert any(e["entity"] == "theme" for e in message.get("entities"))


def test_doing_the_chosen_measure_as_a_short_trial_is_the_plan_as_a_trial():
    from bot.nlu.components import KnowledgeNames

    said = "vi vil prøve det som et kort forsøg"
    assert parsed(KnowledgeNames(), said, "choose_intervention", 0.8) == (
        "make_plan",
        {"plan_mode": "forsøg"},
    )


def test_a_question_to_the_coach_is_not_searched_in_the_knowledge_base():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    sure_help = {"name": "help", "confidence": 0.95}
    assert names.answering_entry("hvad kan du hjælpe os med på et møde", sure_help) is None
    assert names.answering_entry("hvem kan hjælpe os med stress blandt lederne", sure_help)


@pytest.mark.parametrize(
    "text",
    [
        "lederen er aldrig til at få fat i, har i noget om det",
        "vi er så uformelle, er det et problem",
        "risikovurdering opgave for opgave i et lille firma hvordan",
        "har bfa transport noget om chauffører der kører alene",
        "vi er en lille tømrer. har nfa et værktøj til sikkerhedsrunder",
        "vi har aldrig lavet en apv er det ulovligt",
    ],
)
def test_a_question_after_the_problem_it_is_about_is_a_question(text):
    from bot.kb.questions import is_question

    assert is_question(text)
    assert not is_question("lederen er aldrig til at få fat i, og det er træls")
    assert not is_question("vi har en kollega der altid kommer for sent")


def test_a_question_about_interventions_is_answered_but_a_request_for_them_is_not():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    about = "hvordan ved vi om en indsats passer til os og vores måde at arbejde på"
    intent, entities = parsed(names, about, "ask_intervention", 0.95)
    assert intent == "ask_knowledge" and entities["kb_id"].startswith("fit")
    # A request for ideas is answered by the suggestions, even where an entry fits its words.
    assert parsed(names, "hvilke tiltag kan vi sætte i gang", "ask_intervention", 0.95)[0] == (
        "ask_intervention"
    )
    assert parsed(names, "har i nogle forslag til travlheden", "ask_intervention", 0.95)[0] == (
        "ask_intervention"
    )


def test_a_question_out_of_scope_is_not_answered_by_whatever_entry_its_words_touch():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    for text in ("hvordan laver jeg min selvangivelse", "hvad koster en ny varevogn"):
        assert parsed(names, text, "out_of_scope", 0.99)[0] == "out_of_scope"
    # The cards shown are not knowledge entries: "den første" names none.
    assert parsed(names, "hvad går den første ud på", "read_more", 0.98)[0] == "read_more"


def test_a_problem_told_in_a_report_gets_the_themes_the_classifier_is_sure_of():
    from rasa.shared.nlu.training_data.message import Message

    from bot.coach.themes import ThemeClassifier, corpus
    from bot.nlu.components import ThemeFinder

    finder = ThemeFinder(None, None, ThemeClassifier.train(corpus()))

    def themes(text, intent):
        message = Message({"text": text, "intent": {"name": intent, "confidence": 0.8}})
        finder.process([message])
        return {e["value"] for e in message.get("entities") if e["entity"] == "theme"}

    told = "morgenholdet lader maskinerne stå beskidte og aftenholdet får skylden"
    assert "samarbejde" in themes(told, "report_progress")
    assert themes("vi er 12 tømrere", "give_context") == set()
    assert themes("tavlemødet kører fint nu", "report_progress") == set()


def test_a_name_with_everyday_words_around_it_still_names_its_entry():
    from bot.nlu.components import KnowledgeNames

    said = "fortæl lidt om powers programmet mod stress"
    assert parsed(KnowledgeNames(), said, "ask_intervention", 0.97) == (
        "ask_knowledge",
        {"kb_id": "powrs_stressforebyggelse"},
    )


@pytest.mark.parametrize(
    ("text", "intent", "entry"),
    [
        ("omgangstone", "report_progress", "tiltag_spilleregler_for_omgangstonen"),
        ("beslutningsrammer", "describe_problem", "tiltag_klare_beslutningsrammer"),
        ("h-work databasen", "my_data", "h_work"),
        ("teksam", "give_context", "teksam"),
    ],
)
def test_a_topic_named_alone_is_asked_about_whatever_the_classifier_said(text, intent, entry):
    from bot.nlu.components import KnowledgeNames

    assert parsed(KnowledgeNames(), text, intent, 0.97) == ("ask_knowledge", {"kb_id": entry})


@pytest.mark.parametrize(
    ("text", "intent"),
    [("ingen pauser", "describe_problem"), ("konflikter", "describe_problem"),
     ("dårlig stemning", "describe_problem"), ("videre", "continue"), ("status", "status")],
)  # fmt: skip
def test_a_problem_or_a_command_in_a_few_words_keeps_its_intent(text, intent):
    from bot.nlu.components import KnowledgeNames

    assert parsed(KnowledgeNames(), text, intent, 0.97)[0] == intent


@pytest.mark.parametrize(
    "text", ["den første, prioritere ugens opgaver", "nummer 3 med chaufførerne i ruteplanen"]
)
def test_a_suggestion_named_by_its_place_first_is_chosen(text):
    from bot.nlu.components import KnowledgeNames

    assert parsed(KnowledgeNames(), text, "report_progress", 0.89)[0] == "choose_intervention"


@pytest.mark.parametrize(
    "text", ["den anden dag sagde chefen noget mærkeligt", "den anden handling skal flyttes"]
)
def test_the_other_day_or_the_second_action_is_no_choice(text):
    from bot.nlu.components import KnowledgeNames

    assert parsed(KnowledgeNames(), text, "describe_problem", 0.97)[0] == "describe_problem"


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        # The name first, then the question about it.
        ("safty observer hvad kan den", "safety_observer"),
        ("bek 1406 hvad står der i den", "bek_psykisk_arbejdsmiljoe"),
        ("digital storytelling hvad bruges det til", "digital_storytelling"),
        ("fiskeben hvordan gør man", "fishbone_workshop"),
        ("bisness in mind virker det", "business_in_mind"),
        # Written apart, in its definite form, or a bare name asked with a question mark.
        ("videns brobygger?", "vidensbrobyggere"),
        ("safety observer appen?", "safety_observer"),
    ],
)
def test_a_name_with_its_question_after_or_misspelled_is_its_entry(index, text, entry):
    assert named_entry(text, index)[0].id == entry


def test_a_request_for_ideas_after_a_word_names_no_entry(index):
    assert named_entry("travlhed hvad gør vi", index) is None  # the suggestions answer it


def test_a_problem_told_with_a_question_after_it_is_answered_by_the_entry():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    told = "vi stoler ikke på konsulenter udefra, er det et problem"
    assert parsed(names, told, "describe_problem", 0.95) == (
        "ask_knowledge",
        {"kb_id": "tillidsbaserede_relationer"},
    )
    busy = "vi har travlt i december med julesalget, har I en plan for travle perioder"
    assert parsed(names, busy, "report_progress", 0.95)[1] == {
        "kb_id": "tiltag_plan_for_travle_perioder"
    }
    # A change to the plan put as a question stays one; a request for ideas stays one.
    change = "kan vi ændre hvem der har ansvaret for pausen"
    assert parsed(names, change, "edit_plan", 0.95) == ("edit_plan", {})
    assert parsed(names, "vi har alt for travlt, hvad gør vi", "describe_problem", 0.95) == (
        "describe_problem",
        {},
    )


@pytest.mark.parametrize(
    "text",
    [
        "pauserne! dem springer vi altid over. den tager vi",
        "nej vi vil vælge nr 2 pauser der bliver holdt",
    ],
)
def test_a_suggestion_taken_inside_a_sentence_is_a_choice(text):
    """Found in play: both were stored as a new problem or answered as a report."""
    from bot.nlu.components import KnowledgeNames

    intent, _ = parsed(KnowledgeNames(), text, "describe_problem", 0.95)
    assert intent == "choose_intervention"


def test_a_matter_taken_up_later_is_no_choice():
    from bot.nlu.components import KnowledgeNames

    said = "den tager vi op på næste møde"
    assert parsed(KnowledgeNames(), said, "schedule_followup", 0.95)[0] == "schedule_followup"


def test_the_first_said_alone_picks_by_place():
    from bot.nlu.components import KnowledgeNames

    assert (
        parsed(KnowledgeNames(), "det første", "report_progress", 0.98)[0] == "choose_intervention"
    )
    said = "det første møde gik fint"
    assert parsed(KnowledgeNames(), said, "report_progress", 0.98)[0] == "report_progress"


@pytest.mark.parametrize(
    ("text", "intent", "entry"),
    [
        # Whether one idea is worth trying: that idea's card, not three suggestions.
        ("hjælper det med et opkald morgen og aften til dem der kører alene", "ask_intervention",
         "tiltag_fast_kontakt_ved_alenearbejde"),
        ("skal vi aftale faste tider hvor man kan fange chefen", "ask_intervention",
         "tiltag_lederen_til_at_faa_fat_i"),
        # The question after the problem: verb first ("hjælper det", "er en ...", "virkede
        # det"), "kan jeg", "hvor tit"; "det sidste ord" is no card shown.
        ("mine folk siger de aldrig hører det når noget er godt, hjælper det at rose mere",
         "describe_problem", "tiltag_konkret_ros"),
        ("opgaver falder mellem to stole hos os, er en ansvarsoversigt en ide",
         "report_progress", "tiltag_hvem_goer_hvad"),
        ("kan jeg lade svendene selv bestemme rækkefølgen på opgaverne", "describe_problem",
         "tiltag_teamet_vaelger_fremgangsmaaden"),
        ("skal vi aftale hvem der har det sidste ord når krav trækker hver sin vej",
         "describe_problem", "tiltag_en_afgoer_ved_modstridende_krav"),
        ("vi skal fusionere og folk er utrygge, hvor tit skal jeg informere", "describe_problem",
         "tiltag_faste_aerlige_opdateringer"),
    ],
)  # fmt: skip
def test_a_question_about_one_idea_is_answered_by_its_entry(text, intent, entry):
    from bot.nlu.components import KnowledgeNames

    assert parsed(KnowledgeNames(), text, intent, 0.97) == ("ask_knowledge", {"kb_id": entry})


def test_a_request_for_ideas_about_a_problem_is_still_answered_by_suggestions():
    from bot.nlu.components import KnowledgeNames

    names = KnowledgeNames()
    for text in ("hvad kan vi gøre ved at vi har for travlt",
                 "har i nogle ideer til hvordan vi får mere ros"):  # fmt: skip
        assert parsed(names, text, "ask_intervention", 0.99)[0] == "ask_intervention"
