"""Danish search: questions phrased unlike the entries still find them; nonsense finds nothing."""

from __future__ import annotations

import pytest

from bot.kb.text import analyze, fold


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("hvad er en vidensbrobygger?", "vidensbrobyggere"),
        ("hvordan får vi dem med der arbejder i skiftehold", "inddragelse_skiftehold_fjernarbejde"),
        ("hvem kan hjælpe en lille byggevirksomhed med arbejdsmiljøet", "bambus"),
        ("kan vi bruge en app til at holde øje med trivslen", "trivselsapps_korte_maalinger"),
        ("hvordan kører man sådan en fiskeben workshop", "fishbone_workshop"),
        ("vi vil prøve noget af i kort tid og se om det virker", "korte_eksperimenter"),
        ("kan revisoren hjælpe os med reglerne", "revisor_som_formidler"),
        ("hvad er SuSa for en chatbot", "susa"),
        ("hvordan inddrager vi medarbejderne", "medarbejderinddragelse_overblik"),
        ("hvad er PRO-modellen", "pro_modellen"),
        ("hvad er en APV", "apv"),
        # "loven" is the law, not "lov" (promise) in "Lov ikke mere, end I kan holde".
        ("hvad siger loven", "bek_psykisk_arbejdsmiljoe"),
        ("lov ikke mere end I kan holde", "tillaert_hjaelpeloeshed"),
        (
            "har i noget om sparring efter svære besøg",
            "tiltag_kollegial_snak_efter_svaere_situationer",
        ),
        ("hvorfor er det svært for små virksomheder at arbejde med arbejdsmiljø", None),
    ],
)
def test_questions_find_the_right_entry(index, question, expected):
    hits = index.search(question, limit=3)
    assert hits, f"intet svar på {question!r}"
    if expected:
        assert expected in [h.entry.id for h in hits], [(h.entry.id, h.score) for h in hits]
    assert all(h.score > 0 for h in hits)
    # The question matcher may put its choice first; the others follow by their words' score.
    rest = [h.score for h in hits[1:]]
    assert rest == sorted(rest, reverse=True)


def test_the_words_alone_rank_by_score(entries):
    from bot.kb.search import KnowledgeIndex

    words_only = KnowledgeIndex(entries, learn=False)
    hits = words_only.search("hvem kan hjælpe en lille byggevirksomhed med arbejdsmiljøet")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Words no entry's title has, a name misspelled, a question put as people put it.
        ("hvad er det der bambus bus for noget", "bambus"),
        ("hjælper det at holde et kort morgenmøde ved tavlen", "tiltag_kort_tavlemoede"),
    ],
)
def test_the_matcher_chooses_what_the_words_alone_miss(index, entries, question, expected):
    from bot.kb.search import KnowledgeIndex

    assert index.search(question, limit=1)[0].entry.id == expected
    words_only = KnowledgeIndex(entries, learn=False).search(question, limit=1)
    assert not words_only or words_only[0].entry.id != expected


@pytest.mark.parametrize(
    "question",
    [
        "hvordan laver man lasagne",
        "hvem vandt fodboldkampen i går",
        "fodbold resultater",
        "hvad bliver vejret i morgen",
        "asdkjh qwpoeiru",
        "",
        "hej",
    ],
)
def test_nothing_fits_returns_nothing(index, question):
    assert index.search(question) == []


def test_missing_danish_letters_match_the_proper_spelling():
    assert analyze("arbejdsmiljo") == analyze("arbejdsmiljø")
    assert analyze("traet") == analyze("træt")
    assert fold("hjælp") == fold("hjaelp")


def test_question_without_danish_letters_finds_its_entry(index):
    ids = [h.entry.id for h in index.search("hvordan inddrager vi medarbejderne pa skiftehold")]
    assert "inddragelse_skiftehold_fjernarbejde" in ids
    ids = [h.entry.id for h in index.search("hjaelp til byggeriet, hvem kan radgive os")]
    assert "bambus" in ids


def test_a_curated_question_typed_as_it_stands_counts_above_stray_words(index):
    from bot.kb.search import QUESTION_BOOST

    entry = index.by_id["bek_psykisk_arbejdsmiljoe"]
    assert "hvad siger loven" in entry.questions
    asked = {h.entry.id: h.score for h in index.score_all("hvad siger loven")}
    others = max(v for k, v in asked.items() if k != entry.id)
    assert asked[entry.id] > others and asked[entry.id] / QUESTION_BOOST < others


def test_a_price_of_something_no_entry_knows_is_not_the_cost_of_a_poor_work_environment(index):
    """Found in play: "hvad koster en ny laptop" was answered by what mistrivsel costs."""
    for question in ("hvad koster en ny laptop", "hvad koster en ny varebil"):
        assert index.search(question, limit=1) == []
    assert (
        index.search("hvad koster stress", limit=1)[0].entry.id == "baggrund_samfundsomkostninger"
    )
