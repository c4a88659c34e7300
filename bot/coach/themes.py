"""The nine mapping themes (docs/design.md section 3) and how the coach names them in Danish."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.themes import THEME_LABELS

THEME_QUESTIONS = {
    "arbejdsmaengde": "Har I tid nok til opgaverne, eller løber I stærkt det meste af tiden?",
    "rolleklarhed": "Ved alle, hvad der forventes, og hvem der gør hvad?",
    "foelelsesmaessige_krav": "Møder I vrede, triste eller krævende kunder, borgere eller patienter?",
    "indflydelse": "Har I noget at skulle have sagt om, hvordan og hvornår arbejdet gøres?",
    "samarbejde": "Hjælper I hinanden, og går informationen videre, som den skal?",
    "ledelse": "Får I den støtte og de klare meldinger fra ledelsen, som I har brug for?",
    "anerkendelse": "Bliver det gode arbejde set og sagt højt?",
    "konflikter": "Er der uenigheder eller dårlig stemning, som ikke bliver taget op?",
    "forandringer": "Er der store forandringer i gang, fx ny ejer, flytning eller nyt system?",
}


# What a theme covers, said when a team asks ("hvad betyder indflydelse her?"). The coach's
# own explanation, with everyday examples.
THEME_MEANINGS = {
    "arbejdsmaengde": "hvor meget der skal nås på den tid, I har: fx opgaver, der hober sig "
    "op, pauser, der springes over, eller overarbejde, der er blevet normalt.",
    "rolleklarhed": "at alle ved, hvad de skal, hvem der bestemmer hvad, og hvad der "
    "forventes: fx to chefer, der siger forskellige ting.",
    "foelelsesmaessige_krav": "det, arbejdet kræver af jer følelsesmæssigt: fx vrede kunder, "
    "syge eller triste borgere, pårørende, eller at skulle holde facaden.",
    "indflydelse": "hvor meget I selv bestemmer over, hvordan, hvornår og i hvilken "
    "rækkefølge arbejdet gøres. Bestemmer I selv jeres opgaver, fylder det måske ikke.",
    "samarbejde": "hvordan I hjælper hinanden og får den information, I skal bruge, i tide: "
    "fx beskeder fra kontoret, der kommer for sent.",
    "ledelse": "den støtte, de klare meldinger og den retning, I får fra ledelsen: fx en "
    "leder, der sjældent er der, eller beslutninger, der skifter.",
    "anerkendelse": "om det gode arbejde bliver set og sagt højt, af ledelsen, kolleger og "
    "kunder.",
    "konflikter": "uenigheder og dårlig stemning, som ikke bliver taget op: fx to kolleger, "
    "der ikke længere taler sammen.",
    "forandringer": "store ændringer i hverdagen: ny ejer eller leder, flytning, nyt system "
    "eller nye arbejdsgange.",
}
# "hvad betyder indflydelse her?", "hvad mener du med kerneopgaven?", "forstår ikke".
ASKS_MEANING = re.compile(
    r"\b(?:hvad (?:betyder|menes der med|mener du med|mener i med|er) |hvad går .{0,30}ud på|"
    r"forstår (?:ikke|ik) (?:spørgsmålet|hvad)|hvad (?:skal|vil) det sige|what does)"
)


def meaning(theme: str) -> str:
    return f"{label(theme).capitalize()} handler om {THEME_MEANINGS[theme]}"


def label(theme: str | None) -> str:
    return THEME_LABELS.get(theme or "", "")


def canonical(value: object) -> str | None:
    """The canonical theme of an entity value, or None if it is not one of the nine."""
    if isinstance(value, list):
        value = next((v for v in value if v in THEME_LABELS), None)
    return value if isinstance(value, str) and value in THEME_LABELS else None


@dataclass(frozen=True)
class ThemeHit:
    """A theme found in a message, and where in the message it is named."""

    theme: str
    start: int
    end: int
    words: str


CLAUSE = re.compile(r"\s*(?:[,.;:!?]+|\bog så\b|\bog\b|\bmen\b|\bsamtidig\b|\bplus\b)\s*", re.I)


@functools.lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern[str]]]:
    from bot.coach.reading.words import fold
    from bot.coach.theme_cues import THEME_CUES

    return [
        (theme, re.compile("|".join(f"(?:{fold(p)})" for p in patterns)))
        for theme, patterns in THEME_CUES.items()
    ]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Where the clauses of a message start and end ("alt for travlt | og | ingen ved ...")."""
    spans, start = [], 0
    for m in CLAUSE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()] or [(0, len(text))]


def folded(text: str) -> str:
    """Lowercase words, æ/ø/å folded, as the cues and the classifier see a text."""
    from bot.coach.reading.words import WORD, fold

    return " ".join(fold(w) for w in WORD.findall((text or "").lower()))


_SENTENCE_END = re.compile(r"[.!?\n]+\s*")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of `text` holding the span: a problem in the team's own words, not a
    clause torn from it ("er de svære besøg")."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= start]
    a = starts[-1]
    after = next((m.start() for m in _SENTENCE_END.finditer(text) if m.start() >= end), len(text))
    return text[a:after].strip()


def find_themes(
    text: str, classifier: ThemeClassifier | None = None, sure: bool = False
) -> list[ThemeHit]:
    """Every theme a message names, once each, in the order named, with the clause naming it
    in the team's own words: the cues of bot/coach/theme_cues.py, and the theme classifier
    where one is given.

    "alt for travlt og ingen ved hvem der bestemmer" gives arbejdsmængde ("alt for travlt")
    and rolleklarhed ("ingen ved hvem der bestemmer"). `sure`: only what the classifier is
    sure of, where the message may not be about a problem at all."""
    text = text or ""
    said = folded(text)
    spans = clause_spans(text)
    clauses = [folded(text[a:b]) for a, b in spans]
    hits: dict[str, ThemeHit] = {}
    for theme, pattern in _cues():
        if pattern.search(said):
            place = next((i for i, c in enumerate(clauses) if pattern.search(c)), None)
            a, b = spans[place] if place is not None else (0, len(text))
            hits[theme] = ThemeHit(theme, a, b, text[a:b].strip())
    if classifier is not None:
        # The classifier names what the cues missed.
        for theme, place in classifier.themes(said, clauses, sure=sure).items():
            span = spans[place] if place is not None else (0, len(text))
            if theme in hits:
                continue
            hits[theme] = ThemeHit(theme, *span, text[span[0] : span[1]].strip())
    return sorted(hits.values(), key=lambda h: (h.start, h.theme))


class ThemeClassifier:
    """The themes of a problem in words no cue foresaw, learnt from bot/coach/data/*.yml.

    One logistic regression per theme over word and character n-grams. The most likely
    theme of the whole message counts from MAIN; another theme, or one found in a single
    clause, only from SECOND, so that one problem is not read as three."""

    MAIN, SECOND = 0.3, 0.75

    def __init__(self, model, classes: list[str]) -> None:
        self.model, self.classes = model, classes

    @classmethod
    def train(cls, items: list[tuple[str, list[str]]]) -> ThemeClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.preprocessing import MultiLabelBinarizer

        labels = MultiLabelBinarizer(classes=list(THEME_LABELS))
        y = labels.fit_transform([themes for _, themes in items])
        model = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
            ),
            OneVsRestClassifier(LogisticRegression(C=8.0, class_weight="balanced", max_iter=2000)),
        )
        model.fit([folded(text) for text, _ in items], y)
        return cls(model, list(labels.classes_))

    def themes(self, said: str, clauses: list[str], sure: bool = False) -> dict[str, int | None]:
        """{theme: index of the clause that names it most clearly, or None for the whole};
        with `sure`, only themes at least SECOND likely."""
        parts = [said] + [c for c in clauses if len(c.split()) >= 3]
        where = [None] + [i for i, c in enumerate(clauses) if len(c.split()) >= 3]
        probabilities = self.model.predict_proba(parts)
        whole = probabilities[0]
        found: dict[str, int | None] = {}
        best = int(whole.argmax())
        if whole[best] >= (self.SECOND if sure else self.MAIN):
            found[self.classes[best]] = None
        for j, theme in enumerate(self.classes):
            column = probabilities[:, j]
            k = int(column.argmax())
            if column[k] >= self.SECOND:
                found[theme] = where[k] if k else found.get(theme)
        return found

    def to_bytes(self) -> bytes:
        import pickle

        return pickle.dumps((self.model, self.classes))

    @classmethod
    def from_bytes(cls, data: bytes) -> ThemeClassifier:
        import pickle

        return cls(*pickle.loads(data))  # noqa: S301 - our own model file, written at training


def corpus() -> list[tuple[str, list[str]]]:
    """The theme corpora (bot/coach/data/theme_corpus_*.yml): (text, themes)."""
    from pathlib import Path

    import yaml

    items = []
    for path in sorted((Path(__file__).parent / "data").glob("theme_corpus_*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items += [(i["text"], list(i["themes"])) for i in data["items"]]
    return items
