"""A question that names a knowledge entry: "hvad er PoWRS?", "improve job?", "fortæl om
fiskeben", "bambus hvad er det". Whatever the intent classifier says, the named entry answers.

The focus of the question (what comes after "hvad er", "fortæl om", ... or the whole of a
short message) must be found, term by term, in one entry's title or keywords; a misspelled
term ("powers", "improve job") is matched to the nearest title or keyword term.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.kb.schema import Entry
from bot.kb.search import KnowledgeIndex
from bot.kb.text import analyze

FOCUS = (
    # "hvad er powrs", "hvad betyder apv", "hvad går fishbone ud på", "hva er en amr egentlig"
    r"^(?:og |men |øh |ok |okay )?(?:hvad|hva|va) (?:i alverden |egentlig )?"
    r"(?:er|betyder|menes med|går|handler|står|dækker)(?: det)?(?: med)?"
    r"(?: (?:en|et|den|det|de|sådan en|sådan et))? (?P<a>.+?)"
    r"(?: for noget| ud på| om| for| egentlig| helt præcist)?$",
    # "fortæl om fiskeben", "kan du forklare pro modellen", "kender du susa"
    r"^(?:kan du |vil du |må jeg høre |)?(?:fortæl|fortælle|forklar|forklare|kender du)"
    r"(?: mig| os| lige)?(?: lidt| mere)?(?: om)?(?: (?:en|et|den|det))? (?P<a>.+)$",
    # "bambus hvad er det", "apv hvad", "safety observer appen hvad kan den", "bek 1406 hvad
    # står der", "fiskeben hvordan gør man", "business in mind virker det": a name, then the
    # question about it. Not "hvad gør vi": a request for ideas, which the suggestions answer.
    r"^(?P<a>.+?) (?:hvad er det(?: for noget)?|hvad betyder det|hvad|hva"
    r"|hvad (?:kan|gør) (?:den|det|de)|hvad står der(?: i (?:den|det))?"
    r"|hvad bruges (?:den|det|de) til|hvad går (?:den|det|de) ud på"
    r"|hvad handler (?:den|det|de) om|hvordan (?:virker|fungerer) (?:den|det|de)"
    r"|hvordan (?:gør|bruger|laver) man(?: (?:den|det|dem))?"
    r"|(?:virker|virkede|hjælper|hjalp|duer) (?:den|det|de)(?: noget)?)$",
)
FOCUS_RES = [re.compile(p) for p in FOCUS]
MAX_FOCUS_WORDS = 4
SHORT = 3  # a message of up to three words may be the name alone ("powrs", "improve job")


# Verbs that put first make a question ("går det ud over arbejdsmiljøet"), and the words after
# them that show they do not ("er ikke sikker", "har vi ikke").
ASKING_VERBS = (
    "halter|smitter|hænger|påvirker|ødelægger|nytter|passer|duer|forstår|går|kan|skal|bør|må|"
    "hjælper|hjalp|virker|virkede|giver|er"
)
NOT_A_SUBJECT = "ikke|ik|nok|også|jo|vel|bare|lige|altid|aldrig|faktisk|godt|fint|vi|jeg|i|du"

QUESTION = re.compile(
    r"^(?:og |men |øh |altså )?(?:hvad|hvordan|hvorfor|hvem|hvornår|hvor|hvilke|hvilken|"
    r"hvilket|findes|gælder|virker|hjælper|betyder|giver|kan man|kan vi|kan en|kan det|"
    r"skal vi|skal man|må man|må vi|kan jeg|skal jeg|må jeg|bør vi|bør man|bør jeg|er det|"
    r"er der|har i|har du|ved du|kender du)\b"
    r"|\?\s*$|\bhvad siger (?:reglerne|loven|rapporten|forskningen)\b"
    # A question after the problem it is about: "lederen er aldrig til at få fat i, har i
    # noget om det", "vi er så uformelle, er det et problem", "... hvordan".
    r"|[,.;:]\s*(?:og |men |så )?(?:hvad|hvordan|hvorfor|hvem|hvornår|hvilke|findes|har i|"
    r"hvor (?:tit|ofte|meget|mange|længe)|"
    r"har du|er det|er der|kan man|kan vi|kan det|skal vi|skal man|bør vi|ved du|ved i)\b"
    r"|\b(?:hvordan|hvad gør man|hvad gør vi|har i noget|har i det|hvad anbefaler i|"
    r"ved du noget om det|ved i noget om det|eller et problem)$"
    # "har bfa handel noget om sure kunder", "... ansatte. har nfa et værktøj": asked of a
    # named source; "vi kender ikke reglerne er det almindeligt", the comma left out.
    r"|(?:^|[,.;:]\s*)har (?:\S+ ){1,3}?(?:noget|nogle|et|en)\b"
    r"|\ber det (?:normalt|almindeligt|et problem|ulovligt|lovligt|nødvendigt|et krav)\b"
    # A question by its word order, the verb first: "halter sikkerhedstræningen hos små
    # firmaer", "smitter det af på kulturen", "nyt system, skal trivsel være målet", "..., kan
    # digitale ting bruges". Not "nej, er ikke sikker": the verb is followed by what it asks about.
    rf"|(?:^|[,.;:]\s*)(?:{ASKING_VERBS}) (?!{NOT_A_SUBJECT}\b)\w+"
    r"|\beller er det (?:bare|kun) (?:os|mig|her)\b"
)


def is_question(text: str) -> bool:
    """A message put as a question ("hvordan får vi nathold med?", "... hvad siger loven")."""
    return bool(QUESTION.search(" ".join((text or "").lower().split())))


def focus(text: str) -> tuple[str, bool] | None:
    """What the question asks about, and whether it was asked as a question ("hvad er ...")
    rather than just named; None when the message is neither."""
    t = " ".join(re.sub(r"[!?.,:;]+", " ", (text or "").lower()).split())
    for pattern in FOCUS_RES:
        m = pattern.match(t)
        if m and len(m.group("a").split()) <= MAX_FOCUS_WORDS:
            return m.group("a"), True
    if t and len(t.split()) <= SHORT:
        return t, (text or "").rstrip().endswith("?")  # "videns brobygger?" asks about it
    return None


def _joined(words: str) -> str:
    """A name written together: "improve job" and "h-work" as "improvejob" and "hwork"."""
    return re.sub(r"[\s-]+", "", words.lower())


@functools.lru_cache(maxsize=8)
def _vocabulary(index: KnowledgeIndex) -> tuple[list[str], dict[str, set[str]]]:
    """Every title and keyword term, and the entries it names."""
    names: dict[str, set[str]] = {}
    for entry in index.entries:
        for term in analyze(f"{entry.title} {' '.join(entry.keywords)}"):
            names.setdefault(term, set()).add(entry.id)
        # "improve job" and "improvejob", "h work" and "h-work": names written apart or together.
        for keyword in entry.keywords:
            joined = _joined(keyword)
            if len(joined) >= 4:
                names.setdefault(joined, set()).add(entry.id)
    return sorted(names), names


# Everyday words that are in some entry's title but never name it on their own: "hvad er
# næste skridt?", "hvad står der i planen?", "kan du forklare det nærmere?" are not questions
# about an entry.
EVERYDAY = (
    "plan program skridt nærmere naermere forslag resultat møde ting idé måde sted gang del hjælp"
    # "hvad går den første ud på?" is about the cards shown; "det er rigtigt" agrees.
    " første anden andet tredje sidste næste forrige rigtigt rigtig forkert svar spørgsmål råd"
    " mod"
    # The team's join code ("ny kode", "hvad er koden?"), not a close spelling of "bøde".
    " kode"
)


@functools.lru_cache(maxsize=1)
def _everyday() -> frozenset[str]:
    return frozenset(analyze(EVERYDAY))


def _near(term: str, vocabulary: list[str]) -> str | None:
    """The title or keyword term closest to a misspelled one ("safty", "bisness"), if it is
    one letter off (two in words of seven letters or more)."""
    limit = 1 if len(term) < 7 else 2
    near = process.extractOne(term, vocabulary, scorer=OSA.distance, score_cutoff=limit)
    return near[0] if near is not None else None


def _terms(phrase: str, index: KnowledgeIndex) -> list[set[str]]:
    """For each term of the phrase, the entries whose title or keywords hold it (or a close
    spelling of it); none when every term is an everyday word."""
    vocabulary, names = _vocabulary(index)
    joined = _joined(phrase)
    if joined not in names and " " in phrase.strip() and len(joined) >= 8:
        # "videns brobygger", "forebyggelses pakke": a name written apart and misspelled.
        joined = _near(joined, vocabulary) or joined
    if joined in names:
        everyday = joined in _everyday() or set(analyze(phrase)) <= _everyday()
        return [] if everyday else [names[joined]]
    found, named = [], False
    for term in analyze(phrase):
        if term in _everyday():
            continue  # "powers programmet mod stress": "program" and "mod" name nothing
        if term in names:
            found.append(names[term])
            named = named or term not in _everyday()
            continue
        near = _near(term, vocabulary)
        if near is None and term.endswith(("en", "et")) and term[:-2] in names:
            near = term[:-2]  # "appen", "skemaet": the name in its definite form
        if len(term) >= 4 and near is not None:
            found.append(names[near])
            named = named or not {term, near} & _everyday()
        else:
            return []
    return found if named else []


def named_entry(text: str, index: KnowledgeIndex) -> tuple[Entry, bool] | None:
    """The entry a message names by its title or a keyword, and whether it was asked as a
    question; None when it names none. A bare name must name one entry only."""
    found = focus(text)
    if not found:
        return None
    asked, as_question = found
    per_term = _terms(asked, index)
    if not per_term:
        return None
    common = set.intersection(*per_term)
    if not common or (not as_question and len(common) > 1):
        return None
    if len(common) == 1:
        return index.by_id[common.pop()], as_question
    # Several entries hold every term: the one whose title is most nearly just those terms
    # ("hvad er bfa": the BFA in general, not BFA Bygge og Anlæg), then the search decides.
    terms = {*analyze(asked), *analyze(_joined(asked))}  # "videns brobygger"
    scores = {h.entry.id: h.score for h in index.score_all(asked)}

    def fit(entry_id: str) -> tuple[float, float]:
        title = set(analyze(index.by_id[entry_id].title))
        return (len(terms & title) / max(len(title), 1), scores.get(entry_id, 0.0))

    return index.by_id[max(sorted(common), key=fit)], as_question
