"""The crisis lexicon (bot/safety/crisis.py): no crisis message missed, idioms left alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.safety.crisis import LEXICON, crisis_match, is_crisis, normalise

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests" / "data" / "crisis_cases.yml").read_text(encoding="utf-8"))
NLU_FILES = sorted((ROOT / "data" / "nlu").glob("*.yml"))
MAX_LOOKALIKE_FALSE_ALARMS = 2


def nlu_examples() -> dict[str, list[str]]:
    """Intent -> examples from the training data, entity markup removed."""
    examples: dict[str, list[str]] = {}
    for path in NLU_FILES:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    text = re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:])
                    examples.setdefault(block["intent"], []).append(text)
    return examples


# --- The curated test set --------------------------------------------------------------------


def test_every_crisis_case_matches(capsys):
    missed = [text for text in CASES["crisis"] if not is_crisis(text)]
    with capsys.disabled():
        hits = len(CASES["crisis"]) - len(missed)
        print(f"\ncrisis recall: {hits}/{len(CASES['crisis'])}")
    assert not missed, f"missed crisis messages: {missed}"


def test_lookalikes_rarely_trigger(capsys):
    alarms = {text: crisis_match(text) for text in CASES["lookalikes"] if is_crisis(text)}
    with capsys.disabled():
        total = len(CASES["lookalikes"])
        print(
            f"\nlook-alike false alarms: {len(alarms)}/{total} ({len(alarms) / total:.1%}) {alarms}"
        )
    assert len(alarms) <= MAX_LOOKALIKE_FALSE_ALARMS, alarms


def test_crisis_training_examples_match():
    examples = nlu_examples()
    crisis = examples["crisis"]
    assert len(crisis) > 50
    missed = [text for text in crisis if not is_crisis(text)]
    assert not missed, f"crisis examples in data/nlu missed: {missed}"


def test_other_intents_rarely_trigger(capsys):
    examples = nlu_examples()
    others = [text for intent, texts in examples.items() if intent != "crisis" for text in texts]
    alarms = {text: crisis_match(text) for text in others if is_crisis(text)}
    with capsys.disabled():
        print(f"\nfalse alarms on other intents' examples: {len(alarms)}/{len(others)} {alarms}")
    assert len(alarms) <= len(others) // 100, alarms


# --- One example per pattern: each pattern id is exercised ----------------------------------

PATTERN_EXAMPLES = [
    ("jeg har aldrig tænkt på selvmord", "suicide.word"),  # a mention counts, negated or not
    ("hun har forsøgt selvmord før", "suicide.word"),
    ("selvmordsforsøg", "suicide.word"),
    ("selv mord", "suicide.word"),
    ("selvmor", "suicide.word"),
    ("selvmors tanker", "suicide.word"),
    ("SELVMOOORD!!", "suicide.word"),
    ("tænker på selmord", "suicide.word"),
    ("sevlmord", "suicide.word"),
    ("suicidale tanker", "suicide.word"),
    ("jeg er livstræt", "suicide.word"),
    ("han vil tage sit eget liv", "suicide.own_life"),
    ("jeg overvejer at ta mit liv", "suicide.own_life"),
    ("i aften tager jeg mit liv", "suicide.own_life"),
    ("hendes bror tog sit eget liv", "suicide.own_life"),
    ("min kollega vil tage livet af sig selv", "suicide.take_life"),
    ("hun snakker om at tage livet af sig", "suicide.take_life"),
    ("jeg har seriøst tænkt på at tage livet af mig", "suicide.take_life_me"),
    ("har lyst til at tage livet af mig", "suicide.take_life_me"),
    ("jeg slår mig selv ihjel", "suicide.kill_self"),
    ("han har sagt at han vil slå sig ihjel", "suicide.kill_self"),
    ("han vil dræbe sig selv", "suicide.kill_self"),
    ("jeg har tanker om at slå mig ihjel", "suicide.kill_self_me"),
    ("hun har talt om at gøre det af med sig selv", "suicide.kill_self"),
    ("jeg vil drukne mig", "suicide.drown"),
    ("jeg vil afslutte mit liv", "suicide.end_life"),
    ("jeg vil se en ende på det hele", "suicide.end_life"),
    ("jeg vil ende det", "suicide.end_life"),
    ("jeg vil kaste mig ud foran toget", "suicide.jump"),
    ("jeg har overvejet at køre galt med vilje", "suicide.crash"),
    ("jeg har tænkt på at hænge mig", "suicide.hang"),
    ("han har snakket om at skyde sig selv", "suicide.shoot"),
    ("hun tog en overdosis i går", "suicide.pills"),
    ("jeg står på broen", "suicide.ledge"),
    ("min lærling har skrevet et afskedsbrev", "suicide.farewell"),
    ("hvad er nummeret til livslinien", "suicide.helpline"),
    ("I want to kill myself", "suicide.english"),
    ("i don't want to live anymore", "suicide.english"),
    ("hun har en selvskadende adfærd", "self_harm.word"),
    ("jeg vil skade mig selv", "self_harm.harm_self"),
    ("jeg gør skade på mig selv", "self_harm.harm_self"),
    ("han er bange for at han vil skade sig", "self_harm.harm_self"),
    ("jeg skærer i mig selv", "self_harm.cutting"),
    ("jeg har skåret i armene igen", "self_harm.cutting"),
    ("jeg har skaaret mig igen", "self_harm.cutting"),
    ("jeg cutter", "self_harm.cutting"),
    ("min medarbejder er begyndt at cutte", "self_harm.cutting"),
    ("jeg brænder mig selv", "self_harm.burn_hit_self"),
    ("hun ridser sig i armene", "self_harm.burn_hit_self"),
    ("jeg vil dø", "death_wish.want_to_die"),
    ("jeg vil bare doe", "death_wish.want_to_die"),
    ("min makker siger han vil dø", "death_wish.want_to_die"),
    ("jeg tænker tit på døden", "death_wish.think_of_dying"),
    ("jeg ønsker jeg var død", "death_wish.wish_dead"),
    ("gid jeg var død", "death_wish.wish_dead"),
    ("jeg vil ikke leve mere", "death_wish.not_live"),
    ("jeg vil ikk leve mere", "death_wish.not_live"),
    ("orker ikke at leve", "death_wish.not_live"),
    ("jeg har ikke lyst til at leve", "death_wish.not_live"),
    ("han har ikke noget at leve for", "death_wish.not_live"),
    ("hvad er meningen med at leve", "death_wish.no_reason"),
    ("jeg har givet op på livet", "death_wish.given_up"),
    ("jeg er træt af livet", "death_wish.given_up"),
    ("jeg skal ikke være her mere", "death_wish.not_be_here"),
    ("jeg vil aldrig vågne igen", "death_wish.never_wake"),
    ("jeg vil bare forsvinde for altid", "death_wish.disappear"),
    ("det ville være bedre hvis jeg ikke var her", "death_wish.without_me"),
    ("ingen ville savne mig", "death_wish.without_me"),
    ("det er lige meget om jeg lever eller dør", "death_wish.indifferent"),
    ("jeg ser ingen udvej", "death_wish.no_way_out"),
    ("jeg kan ikke mere. jeg vil ikke mere", "death_wish.cannot_go_on"),
    ("jeg kan ikke mere, jeg orker ikke livet", "death_wish.cannot_go_on"),
    ("der bliver truet med at tæske os", "danger.threat"),
    ("jeg bliver truet af en kunde", "danger.threat"),
    ("vi har fået dødstrusler", "danger.threat"),
    ("han har en kniv", "danger.weapon"),
    ("der står en fyr udenfor med en pistol", "danger.weapon"),
    ("jeg er bange for at han slår mig når jeg kommer hjem", "danger.attack"),
    ("han truer med at slå mig ihjel", "danger.attack"),
    ("min mand vil dræbe mig", "danger.attack"),
    ("hun vil skade mig", "danger.attack"),
    ("han siger han vil komme og skade mine børn", "danger.attack"),
    ("jeg er bange for at jeg gør ham noget", "danger.harm_others"),
    ("jeg er i fare", "danger.in_danger"),
    ("skal jeg ringe 112", "danger.in_danger"),
    ("han vil komme og sprænge kontoret i luften", "danger.violence"),
    ("så tager jeg livet af mig", "suicide.inverted"),
    ("jeg har overvejet at køre bilen ind i et træ med vilje", "suicide.on_purpose"),
    ("jeg stod med en kniv mod min egen hals", "suicide.weapon_self"),
    ("farvelbrevene til dem jeg holder af ligger klar i skuffen", "suicide.goodbye"),
    ("om natten planlægger jeg min egen begravelse", "suicide.goodbye"),
    ("har skrevet ned hvem der skal ha hvad og lagt koden til min tlf frem", "suicide.goodbye"),
    ("jeg er en klods om benet på alle, snart er det ordnet", "suicide.goodbye"),
    ("hun har friske snitsår på håndleddene", "self_harm.cuts"),
    ("det brænder på lageret og der er stadig to inde", "danger.emergency"),
    ("han har fået strøm og ligger helt stille", "danger.emergency"),
]


@pytest.mark.parametrize(("text", "pattern_id"), PATTERN_EXAMPLES)
def test_pattern_examples(text, pattern_id):
    assert crisis_match(text) == pattern_id


def test_every_pattern_has_an_example():
    ids = {
        f"{category}.{pattern_id}"
        for category, patterns in LEXICON.items()
        for pattern_id, _ in patterns
    }
    assert ids == {pattern_id for _, pattern_id in PATTERN_EXAMPLES}


# --- Spelling, inflection and person -----------------------------------------------------------

MUST_MATCH = [
    # Words typed together, letters missing, a roof (tests/dev6, tests/dev7).
    "hvis det fortsætter slåmigselvihjel jeg bare",
    "jeg vil ik lve mer",
    "ejeren står oppe på taget og siger han vil springe",
    "jeg har ryddet op i alt og sat hunden i pleje. jeg får ikke brug for noget mere",
    "vil ikk vær her mere helt ærlit",
    # æ, ø and å written as ae/oe/aa or a/o, capitals, repeated letters, punctuation.
    "jeg taenker paa selvmord",
    "jeg tanker pa selvmord",
    "JEG VIL IKKE LEVE MERE!!!",
    "jeg vil ikkkkke leve mere...",
    "jeg oensker at doe",
    "jeg ønsker at dø",
    "jeg onsker at do",
    "jeg slaar mig selv ihjel",
    "jeg sla mig selv ihjel",
    "selvmords-tanker",
    "Selvmord?",
    # Inflections.
    "selvmordstankerne er tilbage",
    "han begik selvmord sidste år",
    "jeg har selvmordstanker",
    "jeg har tænkt på at tage mit eget liv",
    "hun tog livet af sig",
    "han har skadet sig selv",
    "jeg skar i mig selv i nat",
    "hun har cuttet sig",
    # Third person.
    "min kollega taler om selvmord",
    "min kollega siger hun vil tage sit liv",
    "vores lærling vil ikke leve mere",
    "jeg tror min medarbejder gør skade på sig selv",
    "han har sagt at han vil slå sig selv ihjel",
    # Danger now.
    "ring 112 han har en kniv",
    "han truer med at slå mig ihjel",
    "min ekskæreste truer mig",
    "hjælp, han vil slå mig",
    # "kan ikke mere" together with life and death.
    "jeg kan ikke mere, jeg vil ikke leve",
    "kan ikke mere. vil bare dø",
    "jeg kan ikke mere, det hele er ligegyldigt",
    # An idiom does not veto the rest of the message.
    "deadlinen dræber mig, og jeg vil ikke leve mere",
    "jeg dør af grin, men i virkeligheden vil jeg dø",
    "det tager livet af mig, jeg tænker på selvmord",
    "jeg vil hellere dø end leve sådan her",
    "der er ingen vej ud af det her",
    "der er en der truer mig lige nu",
    "i wanna kms",
    # Told without the words: things settled, nobody to miss the writer.
    "jeg har givet min cykel væk, jeg får ikke brug for den mere",
    "så mine børn ikke skal rydde op i noget når jeg er væk",
    "snart slipper de for mig",
    "det betyder ikke noget hvis jeg er væk i morgen",
    "hvis jeg døde i nat ville det ikke gøre noget",
    # English.
    "I want to die",
    "suicidal",
]


@pytest.mark.parametrize("text", MUST_MATCH)
def test_must_match(text):
    assert is_crisis(text), normalise(text)


MUST_NOT_MATCH = [
    # Danger told as over, idioms and work talk (tests/dev6, tests/dev7).
    "sidste uge truede en borger min kollega med en kniv. politiet kom og ingen kom til skade",
    "i går faldt en lærling ned fra taget. han brækkede armen men er allerede udskrevet",
    "at sige nej til direktøren ville være karrieremæssigt selvmord",
    "min mor slår mig ihjel når hun hører jeg har sagt op haha",
    "jeg skyder mig selv hvis jeg skal til et møde mere i dag",
    "jeg hænger mig altid i detaljerne",
    "så kan man jo skyde sig en kugle for panden, mødet er flyttet igen",
    "båndet kører for hurtigt og folk skærer sig",
    "det er snart slut med mig på det her lager, jeg har sagt op",
    "vi har sat hunden i pleje mens vi er på ferie",
    "tømreren står på taget og vil springe over frokosten",
    "d. 14 er sidste dag før ferien",
    # Work stress.
    "vi er stressede over deadline",
    "jeg er træt af møderne",
    "jeg er så træt af det hele i dag",
    "kan ikke mere",
    "jeg kan ikke mere i dag",
    "jeg kan ikke mere med den vagtplan, det giver ingen mening",
    "jeg gider ikke mere",
    "vi er helt færdige",
    "jeg er helt død efter i dag",
    # Idioms about work things.
    "det tager livet af mig det her regneark",
    "den her uge tager livet af mig",
    "opgaven tager livet af mig",
    "deadline dræber mig",
    "møderne dræber mig",
    "det slår mig ihjel det her",
    "deadlinen slår mig ihjel",
    "chefen slår os ihjel med alle de skemaer",
    "det slår mig at vi aldrig holder pauser",
    "jeg dør af grin",
    "vi døde af grin",
    "jeg er ved at dø af kedsomhed",
    "jeg vil hellere dø end gå til det møde",
    "projektet vil nok dø",
    "jeg skyder mig selv i foden",
    "lad os skyde mødet i gang",
    "jeg har brændt mig selv af",
    "jeg kunne slå mig selv i hovedet over den fejl",
    "skal vi slå det punkt ihjel",
    "vi slår tiden ihjel",
    "han slår os altid på pris",
    # Compounds and dead things.
    "jeg er dødtræt",
    "jeg er dødssyg af det",
    "den nye er dødsød",
    "der er død stemning på kontoret",
    "dødlinjen er i morgen",
    "printeren er død",
    "det projekt er dødt",
    # Living up to, living off, living with.
    "jeg kan ikke leve op til kravene",
    "vi kan ikke leve af den løn",
    "jeg kan ikke leve med den beslutning",
    "jeg har ikke tid til at leve",
    # Work injuries and tools.
    "jeg skar mig på en kniv i køkkenet",
    "jeg kom til at skære mig i fingeren",
    "jeg har skadet mig selv i ryggen",
    "vi skal have en ny cutter til lageret",
    "kokken har en kniv",
    "han skærer brødet med en kniv",
    # Other look-alikes.
    "jeg er selv mor til tre",
    "vi skal gøre en ende på mobningen",
    "jeg hænger mig i detaljer",
    "vi er i fare for at misse deadline",
    "vores job er i fare",
    "min chef truer med fyring",
    "jeg bliver truet med fyring",
    "konkurrenten truer os",
    "det gør mig ondt at høre",
    "vil det gøre dig noget hvis jeg går tidligt",
    "gør dig selv noget godt",
    "vi har fået en overdosis af møder",
    "jeg skal ikke være her mere end to timer",
    "jeg kunne ikke vågne i morges",
    "filen er væk for altid",
    "der er ingen vej ud af kontrakten",
    "vi skal skrive en afskedsbesked til Lone, der går på pension",
    "vi killer det i dag",
    "vi arbejder os ihjel",
    "jeg keder mig ihjel",
    "min far døde i sidste måned, og jeg kan ikke koncentrere mig",
    "der er ingen vej ud af det her kaos på lageret",
    "jeg kan ikke leve på den løn",
    "jeg brændte mig på ovnen",
    "jeg vil tage mit liv i egen hånd",
    "de nye regler vil skade os",
    "han mener det vil skade os",
    "chefen kvæler os i papirarbejde",
    "de skyder os i sænk med klager",
    "han truer med at sige op",
    "kunden truer os med en dårlig anmeldelse",
    "vi står på kanten af en konkurs",
    "jeg står på taget og skal lægge tagpap",
    "vi er ved at drukne i arbejde",
    "jeg drukner mig i arbejde",
    "chefen slår os ihjel hvis vi kommer for sent igen",
    "så min kollega ikke skal stå med det alene",
    "jeg ringede 112 da han faldt, og lægen sagde han var ok",
    "i slipper for mig i næste uge, jeg har ferie",
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_must_not_match(text):
    assert crisis_match(text) is None


# --- Normalisation and API --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jeg tænker på SELVMORD!!", "jeg tanker pa selvmord"),
        ("jeg taenker paa selvmord", "jeg tanker pa selvmord"),
        ("Jeg vil ikkkke mere...", "jeg vil ike mere"),
        ("ØNSKER at DØ", "onsker at do"),
        ("oensker at doe", "onsker at do"),
        ("ring 112", "ring 112"),
        ("  selvmords-tanker\n", "selvmords tanker"),
        ("cafe\u0301", "cafe"),  # decomposed é
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_empty_messages():
    assert crisis_match("") is None
    assert not is_crisis("   ")


def test_match_id_never_contains_the_message():
    pattern_id = crisis_match("jeg vil ikke leve mere")
    assert pattern_id == "death_wish.not_live"
    assert re.fullmatch(r"[a-z_]+\.[a-z_]+", pattern_id)


def test_long_messages():
    stress = "jeg er så træt af møderne og deadlines, det tager livet af mig. " * 300
    assert not is_crisis(stress)
    assert crisis_match(stress + "jeg vil ikke leve mere") == "death_wish.not_live"
