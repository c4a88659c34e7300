"""Typed answers to every question the coach asks (bot/coach/reading), without Rasa."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench.form_answers import CARDS, evaluate
from bot.coach.reading.controls import BACK, SKIP, STOP, WAIT, WRONG, read_control
from bot.coach.reading.questions import read
from bot.coach.reading.words import numbers, yes_no

TODAY = date(2026, 12, 1)  # a Tuesday
DEV = Path(__file__).parent / "dev"


def meaning(question: str, text: str):
    reading = read(question, text, TODAY, CARDS)
    if reading is None:
        return None
    return f"control:{reading.control}" if reading.control else reading.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [("vi er 12", [12]), ("et dusin", [12]), ("en halv snes", [10]), ("toogtyve", [22]),
     ("tre-fire stykker", [3, 4]), ("en ting", [])],
)  # fmt: skip
def test_numbers_and_number_words(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("jo", "ja"), ("jo da", "ja"), ("jep", "ja"), ("nej ikke rigtig", "nej"), ("nope", "nej"),
     ("næ", "nej"), ("ikke endnu", "nej"), ("tja", None)],
)  # fmt: skip
def test_yes_and_no_in_their_forms(text, expected):
    assert yes_no(text) == expected


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("ctx_size", "vi er 12", "10-49"),
        ("ctx_size", "et dusin", "10-49"),
        ("ctx_size", "mig og to svende", "1-9"),
        ("ctx_size", "knap 50", "10-49"),
        ("ctx_size", "1-9", "1-9"),
        ("ctx_time", "max en time", "under_1"),
        ("ctx_time", "en halv dag om måneden", "under_1"),
        ("ctx_time", "halvanden time", "1_2"),
        ("ctx_time", "en formiddag om ugen", "over_2"),
        ("ctx_amr", "jo", "ja"),
        ("ctx_amr", "nej ikke rigtig", "nej"),
        ("ctx_amr", "det er Bent fra lageret", "ja"),
        ("ctx_outside_help", "ikke noget", ["ingen"]),
        (
            "ctx_outside_help",
            "dansk byggeri og så vores revisor",
            ["brancheorganisation", "revisor"],
        ),
        ("ctx_changes", "nope", ["ingen"]),
        ("ctx_changes", "nyt ERP og ny ejer", ["ny_ejer", "nyt_system"]),
        ("ctx_pressure", "godt presset", "hoej"),
        ("ctx_pressure", "det går", "middel"),
        ("ctx_pressure", "han har det fint", "lav"),
        ("fit_capacity", "ikke helt", "delvist"),
        ("fit_culture", "det tror jeg", "ja"),
        ("fit_timing", "overhovedet ikke", "nej"),
        ("map_rating", "alt for meget", "meget"),
        ("map_rating", "en smule", "lidt"),
        ("map_rating", "ikke noget problem", "ikke"),
        ("pulse", "fire", 4),
        ("pulse", "rigtig godt", 5),
        ("pulse", "så som så", 3),
        ("pulse", "3-4", None),
        ("plan_involvement", "vi beslutter det sammen", "delte_beslutninger"),
        ("plan_involvement", "chefen bestemmer og vi bakker op", "opbakning"),
        ("plan_involvement", "alle kommer med ideer", "faelles_loesninger"),
        ("plan_involvement", "vi snakker om det på fredagsmødet", "faelles_loesninger"),
        ("plan_involvement", "vi tager det op på personalemødet", "faelles_loesninger"),
        ("plan_deadline", "om en uge", date(2026, 12, 8)),
        ("plan_deadline", "om 1 uge", date(2026, 12, 8)),
        ("plan_deadline", "ikke 1. februar, sig 15. februar", date(2027, 2, 15)),
        ("followup_when", "om en uge", 7),
        ("followup_when", "om 1 uge", 7),
        ("followup_when", "Om 2 uger (15. december 2026)", 14),
        ("choose", "vi tager de korte eksperimenter", "2"),
        ("choose", "nummer to", "2"),
        ("choose", "den sidste", "3"),
        ("choose", "den med fiskebenet", "3"),
        ("confirm", "forkert", "nej"),
        ("confirm", "jep", "ja"),
        # Found when three teams were played by a tester (tests/data/played_meetings.yml).
        ("map_rating", "nej ik rigtig", "ikke"),
        ("map_rating", "not really", "ikke"),
        ("map_rating", "ikke rigtig meget", "lidt"),
        ("ctx_size", "maybe 2 hours, vi har en fredags retro", None),
        ("ctx_size", "vi er 12 mand og bruger 2 timer", "10-49"),
        ("ctx_outside_help", "og FOA hjælper", ["fagforening"]),
        (
            "ctx_changes",
            "vi skifter fra Jira til Linear og flytter kontor",
            ["flytning", "nyt_system"],
        ),
        (
            "ctx_changes",
            "nyt planlægningssystem og vi fik ny områdeleder",
            ["ny_ejer", "nyt_system"],
        ),
        ("ctx_pressure", "jeg vil sige en del. Der er mange sygemeldinger", "middel"),
        ("fit_capacity", "Vi er mange syge lige nu, så ærligt talt nej", "nej"),
        ("plan_involvement", "alle 12 er med til mødet", "faelles_loesninger"),
        (
            "plan_deadline",
            "Vi starter på næste personalemøde, lad os sige midt i januar",
            date(2027, 1, 15),
        ),
        ("plan_deadline", "end of januar", date(2027, 1, 31)),
        ("plan_deadline", "12. januar i stedet, det er mellem jul og nytår", date(2027, 1, 12)),
        ("followup_when", "mandag efter mødet er fint", 6),
        (
            "team_name",
            "Hmm, vi kalder os vel bare Hjemmeplejen Nord, dagvagt",
            "Hjemmeplejen Nord, dagvagt",
        ),
        ("team_name", "Ups, navnet skulle være Lageret. Kan du rette det?", "Lageret"),
        ("team_name", "Tømrer A.P. Hansen", "Tømrer A.P. Hansen"),
        # Played by a carpenter (2026-12-03): the size told with the name, and "skulle hedde".
        ("team_name", "tømrerfirma, vi er 10 mand", "Tømrerfirma"),
        ("team_name", "ups det skulle bare hedde hansens tømrer", "Hansens tømrer"),
        ("team_name", "kan jeg ændre navnet på teamet til hansens tømrer", "Hansens tømrer"),
        ("ctx_industry", "vi kører gods", "transport"),
        ("ctx_industry", "vi er sådan et lille elfirma", "byggeri"),
        ("ctx_industry", "webudvikling", "it"),
        ("ctx_outside_help", "malermestrene", ["brancheorganisation"]),
        ("ctx_time", "to møder a en time om ugen", "1_2"),
        ("ctx_time", "tja, en lille times tid", "under_1"),
        ("ctx_changes", "vi rykker ud af byen til et nyt lager", ["flytning"]),
        ("ctx_pressure", "lavt", "lav"),
        ("ctx_pressure", "jeg er godt kørt over", "hoej"),
        ("ctx_pressure", "det er begyndt at kunne mærkes", "middel"),
        ("pulse", "2 af 5", 2),
        ("fit_culture", "det tror vi godt", "ja"),
        ("fit_capacity", "tid ja, folk nej", "delvist"),
        ("plan_deadline", "den 15. i næste måned", date(2027, 1, 15)),
        ("plan_deadline", "om en uges tid", date(2026, 12, 8)),
        ("followup_when", "en uges tid", 7),
        ("confirm", "jepper", "ja"),
        ("map_rating", "vi tager den næste", "control:skip"),
        ("map_words", "det var forkert, vi mente lidt og ikke meget", "control:wrong"),
        ("ctx_time", "det skal vi lige snakke om først, et øjeblik", "control:wait"),
        ("pulse", "vent, der kommer en kunde", "control:wait"),
        ("plan_owner", "mig formanden", "formanden"),
        ("plan_owner", "mig, ejeren. nej vent lad kontoret gøre det", "kontoret"),
        ("plan_owner", "det må formanden klare", "formanden"),
        (
            "plan_owner",
            "nej ikke mig, det skal være arbejdsmiljørepræsentanten, jeg har nok at " "lave",
            "arbejdsmiljørepræsentanten",
        ),  # fmt: skip
        ("plan_owner", "Lone og Mette", "Lone og Mette"),
        ("map_rating", "Konflikter er der ikke rigtig nogen af", "ikke"),
        ("map_rating", "vi har ingen tid", "meget"),
        ("plan_deadline", "inden jul", date(2026, 12, 23)),
        # Self-corrections in one message: the last word counts.
        ("pulse", "3, nej 2", 2),
        ("plan_deadline", "om to uger, nej tre", date(2026, 12, 22)),
        ("fit_culture", "ja – nej vent, kun delvist", "delvist"),
        ("pulse", "helt enig", 5),
        ("pulse", "lidt uenig", 2),
        ("confirm", "helt fint, gem", "ja"),
        ("confirm", "nej, vi vil lige snakke om det først", "nej"),
        ("ctx_time", "en time, højst to", "1_2"),
        ("ctx_amr", "det havde vi, men hun er stoppet", "nej"),
        ("ctx_outside_help", "tandlægeforeningen har nogle kurser", ["brancheorganisation"]),
        ("ctx_pressure", "nogle dage meget, andre dage ok, så mellem", "middel"),
        ("map_words", "ups, gå et skridt tilbage", "control:back"),
        ("map_words", "jeg gider ikke mere", "control:stop"),
        ("fit_timing", "ja sådan da, men juleferien ligger midt i", "delvist"),
        ("fit_timing", "lige nu? nej", "nej"),
        ("plan_involvement", "de siger deres mening og så siger jeg go", "opbakning"),
        ("pulse", "3 måske 4... nej 3", 3),
        ("pulse", "hverken eller", 3),
        ("ctx_industry", "vi gør rent på kontorer", "service"),
        ("plan_deadline", "fredag i uge 50", date(2026, 12, 11)),
        ("plan_deadline", "den sidste dag i februar", date(2027, 2, 28)),
        ("map_words", "det ved jeg ikke", "control:skip"),
        ("fit_timing", "dårligt tidspunkt, vi er ved at skifte system", "nej"),
        ("plan_involvement", "jeg lytter til dem og så træffer jeg beslutningen", "opbakning"),
        # Corrections without a comma, counted words, years that are no head count (dev7).
        ("pulse", "5 nej 4", 4),
        ("followup_when", "3 uger nej lad os sige 4", 28),
        ("ctx_size", "7 nej vent, 12 med de nye", "10-49"),
        # A correction that ends with its answer (played as a haulier).
        ("ctx_amr", "ja hanne er amr, nej vent hun stoppede i sommer så nej", "nej"),
        ("ctx_size", "to snese", "10-49"),
        ("ctx_size", "firmaet er fra 1987 og vi er 6 i dag", "1-9"),
        ("ctx_size", "vi var 11 men efter nedskæringerne er vi 7", "1-9"),
        ("ctx_time", "4 timer nej det bliver for meget, sig 2", "1_2"),
        ("ctx_time", "en times tid eller to", "1_2"),
        ("ctx_industry", "byggeri nej vent, vi er mere industri, vi støber elementer", "industri"),
        ("ctx_industry", "vi driver kantinen på en fabrik", "service"),
        ("ctx_industry", "vi har 300 malkekøer", "landbrug"),
        ("ctx_industry", "vi er en lille slagterforretning", "detail"),
        ("ctx_changes", "vi går fra to hold til treholdsskift", ["andet"]),
        ("ctx_changes", "kun småting", ["ingen"]),
        ("ctx_pressure", "nok mest middel, nej faktisk højt hvis jeg skal være ærlig", "hoej"),
        ("ctx_pressure", "det er til at leve med", "middel"),
        ("pulse", "hverken enig eller uenig", 3),
        ("pulse", "slet ikke enig", 1),
        ("fit_timing", "det kunne ikke passe bedre", "ja"),
        ("fit_capacity", "nok mest nej", "nej"),
        ("fit_core_task", "på nogle af holdene", "delvist"),
        (
            "plan_involvement",
            "de bliver spurgt, men det er mig der træffer beslutningen",
            "opbakning",
        ),
        ("plan_involvement", "alle er med til at bestemme", "delte_beslutninger"),
        # Played by a home-care team (2026-12-03): it was refused, and "vi deler den" chose a
        # measure instead, so the action being made was lost.
        ("plan_involvement", "vi deler den", "delte_beslutninger"),
        ("plan_involvement", "aftenvagten skal også have noget at sige", "delte_beslutninger"),
        ("confirm", "det ser godt ud", "ja"),
        # Played by a team (2026-12-01): "med mig" counts me already; a question asked with
        # the answer is not part of it.
        ("ctx_size", "vi er 8 nej vi er 9 med mig", "1-9"),
        (
            "ctx_outside_help",
            "foa og så en arbejdsmiljøkonsulent. hvad er bfa for noget?",
            ["fagforening", "konsulent"],
        ),
        (
            "ctx_outside_help",
            "dtl er vi medlem af, og så 3f",
            ["brancheorganisation", "fagforening"],
        ),
        ("pulse", "hold lige", "control:wait"),
        ("ctx_size", "hov, tilbage", "control:back"),
        ("fit_capacity", "jeg gider ikke det her mere", "control:stop"),
        ("fit_timing", "det var en fejl, ret det", "control:wrong"),
        (
            "map_words",
            "vent og se-holdningen fra ledelsen er det der slider",
            "vent og se-holdningen fra ledelsen er det der slider",
        ),
    ],
)
def test_typed_answers(question, text, expected):
    assert meaning(question, text) == expected


@pytest.mark.parametrize(
    ("text", "trade"),
    [(t, "byggeri") for t in ("tømrer", "vi er murere", "elektriker", "maler", "tomrerfirma",
                              "elektrikker", "vvs og blik")]
    + [(t, "omsorg") for t in ("hjemmepleje", "plejehjemmet", "bosted for unge", "vuggestue")]
    + [(t, "industri") for t in ("maskinfabrik", "vi producerer plast")]
    + [(t, "detail") for t in ("supermarked", "byggemarked", "kiosk")]
    + [(t, "service") for t in ("restaurant", "rengøring", "frisørsalon")]
    + [(t, "transport") for t in ("vognmand", "vi er chauffører", "lager og logistik")]
    + [(t, "landbrug") for t in ("gartneri", "en gård med køer")]
    + [(t, "it") for t in ("softwarehus", "revisionsfirma", "advokatkontor")],
)  # fmt: skip
def test_trades_and_workplaces_to_industries(text, trade):
    assert meaning("ctx_industry", text) == trade


def test_a_clash_of_trades_is_read_but_asked_back():
    reading = read("ctx_industry", "vi er tømrere og har en butik")
    assert reading.value == "detail" and not reading.sure


@pytest.mark.parametrize(
    ("text", "control"),
    [("stop", STOP), ("afbryd", STOP), ("vi stopper her", STOP), ("gå tilbage", BACK),
     ("tilbage", BACK), ("forrige spørgsmål", BACK), ("spring over", SKIP), ("videre", SKIP),
     ("vent", WAIT), ("vent lige, vi skal lige snakke om det", WAIT), ("forkert", WRONG),
     ("ikke den", WRONG), ("nej det var ikke det jeg mente", WRONG)],
)  # fmt: skip
def test_controls(text, control):
    assert read_control(text) == control


@pytest.mark.parametrize(
    "text",
    [
        "stop, hvad er egentlig forskellen på PRO-modellen og en retro?",
        "vent, hvor er vi lige?",
        "vent - hvad er forskellen på en APV og det her?",
    ],
)
def test_a_question_after_a_control_word_is_a_question(text):
    assert read_control(text) is None


def test_stopping_for_today_with_a_question_still_stops():
    assert read_control("stop, kan vi tage resten i morgen?") == STOP


@pytest.mark.parametrize(
    "text", ["nej", "ja", "vi stopper aldrig op og holder pause", "tilbagemeldinger mangler",
             "vi springer frokosten over"],
)  # fmt: skip
def test_answers_are_not_controls(text):
    assert read_control(text) is None


def test_a_control_is_never_stored_as_an_answer():
    for question in ("map_words", "plan_what", "ctx_industry", "fit_culture", "pulse"):
        assert read(question, "tilbage", TODAY).control == BACK
        assert read(question, "nej, det var ikke den", TODAY).control == WRONG


def test_the_development_sets_are_read_right():
    """A regression net: the sets bot/coach/reading was tuned on stay at least 98 % right."""
    for name in ("form_answers.yml", "form_answers_2.yml"):
        path = DEV / name
        if path.exists():
            right, total = evaluate(path)
            assert right / total >= 0.98, (name, right, total)


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("ja men lad os sige 15 min mandag kl 7 i skurvognen", "15 min mandag kl 7 i skurvognen"),
        ("nej, vi holder fast i fredagsmødet", "vi holder fast i fredagsmødet"),
        ("øh okay vi ringer til kunden dagen før", "vi ringer til kunden dagen før"),
        ("godt samarbejde med kontoret", "godt samarbejde med kontoret"),
        ("formanden", "formanden"),
    ],
)
def test_free_text_is_written_down_without_its_spoken_opening(said, kept):
    assert read("plan_what", said).value == kept


@pytest.mark.parametrize(
    ("said", "facts"),
    [
        ("vi er 12 mand, tømrere", {"size": "10-49", "industry": "byggeri"}),
        ("vi er 7 i hjemmeplejen, jeg er gruppeleder", {"size": "1-9", "industry": "omsorg"}),
        ("vi er 20 i et it firma og alt ændrer sig", {"size": "10-49", "industry": "it"}),
        ("jo vi har en amr", {"amr": "ja"}),
        ("der er ikke nogen arbejdsmiljørepræsentant", {"amr": "nej"}),
        ("vi har travlt", {}),
        ("vi er 12 mand tømrer firma", {"size": "10-49", "industry": "byggeri"}),
        ("vi er 8 chauffører i et vognmandsfirma", {"size": "1-9", "industry": "transport"}),
        ("vi er 40 sosu assistenter i hjemmeplejen", {"size": "10-49", "industry": "omsorg"}),
        ("vi er 5 stykker", {"size": "1-9"}),
        ("vi er 3 uger bagud med alt", {}),
        ("vi er 2 om det", {}),
        ("vi er 6 vvs'ere", {"size": "1-9", "industry": "byggeri"}),
        ("vi er 4 it'ere", {"size": "1-9", "industry": "it"}),
    ],
)
def test_context_said_in_passing_is_kept(said, facts):
    from bot.coach.reading.facts import context_facts

    assert context_facts(said) == facts


def test_a_name_said_with_the_request_for_a_team():
    from bot.coach.reading.names import name_in_request

    assert name_in_request("opret et team der hedder Værkstedet") == "Værkstedet"
    assert name_in_request("Vi vil gerne oprette et team. Vi hedder Hjemmeplejen Vest.") == (
        "Hjemmeplejen Vest"
    )
    assert name_in_request("nyt team med navnet lageret tak") == "Lageret"
    assert name_in_request("opret et team") is None


def test_an_owner_named_by_a_role_is_a_person_a_request_is_not():
    from bot.coach.reading.names import names_a_person

    assert names_a_person("mig, altså chefen") and names_a_person("planlæggeren")
    assert not names_a_person("vis planen") and not names_a_person("fredag")


def test_a_problem_told_at_the_question_about_a_representative_is_no_answer():
    told = "det med ruterne, 14 stop kan ik nås på en dag og så bliver kunderne sure"
    assert read("ctx_amr", told) is None


@pytest.mark.parametrize(
    ("said", "status"),
    [
        ("ik startet, jeg har ik haft tid", "ikke_startet"),
        ("vi er ik kommet i gang", "ikke_startet"),
        ("den kører så småt", "i_gang"),
        ("færdig, det gik fint", "gennemfoert"),
    ],
)
def test_how_an_action_went_in_spoken_danish(said, status):
    from bot.coach.reading.checkin import read_status

    assert read_status(said) == status


@pytest.mark.parametrize(
    "text", ["ingen frist", "der er ingen frist", "Ingen.", "nej, ingen deadline", "uden frist"]
)
def test_no_deadline_skips_the_deadline_question(text):
    """The plan is saved without a deadline ("Ingen frist."); not read as a new problem."""
    reading = read("plan_deadline", text)
    assert reading is not None and reading.control == "skip", text
