"""Which entry a typed question asks for, learnt from how people ask.

A linear classifier over character n-grams (typos, "aa" for "å", compounds written apart) and
the search terms, trained on every entry's title, keywords, short text and curated questions,
and on questions people asked with the entry that answers them (bot/kb/data/asked_*.yml). The
search (bot/kb/search.py) lets it choose among the entries whose words a question touches; it
never answers a question on its own.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import yaml

from bot.kb.schema import Entry
from bot.kb.text import analyze, fold

ASKED = sorted((Path(__file__).parent / "data").glob("asked_*.yml"))


def asked_questions(paths: Iterable[Path] = ASKED) -> list[tuple[str, str]]:
    """(question, entry id) as people asked them."""
    pairs = []
    for path in paths:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            pairs.append((item["text"], item["entry"]))
    return pairs


def _folded(text: str) -> str:
    return " ".join(fold(word) for word in text.lower().split())


def _terms(text: str) -> list[str]:
    return list(analyze(text))


class QuestionMatcher:
    def __init__(self, features, model) -> None:
        self._features = features
        self._model = model
        # A message is looked up more than once on its way through the pipeline.
        self.ranked = functools.lru_cache(maxsize=64)(self._ranked)

    @classmethod
    def train(
        cls, entries: Iterable[Entry], asked: Iterable[tuple[str, str]] = ()
    ) -> QuestionMatcher:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.preprocessing import FunctionTransformer
        from sklearn.svm import LinearSVC

        entries = list(entries)
        known = {e.id for e in entries}
        texts, labels = [], []
        for entry in entries:
            for text in (entry.title, " ".join(entry.keywords), entry.short, *entry.questions):
                if text:
                    texts.append(text)
                    labels.append(entry.id)
        for text, entry_id in asked:
            if entry_id in known:
                texts.append(text)
                labels.append(entry_id)
        features = FeatureUnion(
            [
                (
                    "chars",
                    Pipeline(
                        [
                            ("fold", FunctionTransformer(lambda xs: [_folded(x) for x in xs])),
                            (
                                "tfidf",
                                TfidfVectorizer(
                                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True
                                ),
                            ),
                        ]
                    ),
                ),
                ("terms", TfidfVectorizer(analyzer=_terms, sublinear_tf=True)),
            ]
        )
        model = LinearSVC(C=1.0, random_state=0)
        model.fit(features.fit_transform(texts), labels)
        return cls(features, model)

    def knows(self, term: str) -> bool:
        """Whether a search term was in any text the matcher learnt from."""
        terms = dict(self._features.transformer_list)["terms"]
        return term in terms.vocabulary_

    def _ranked(self, text: str) -> tuple[tuple[str, float], ...]:
        """Every entry with the classifier's score for the question, best first."""
        scores = self._model.decision_function(self._features.transform([text]))[0]
        return tuple(sorted(zip(self._model.classes_, scores, strict=True), key=lambda p: -p[1]))
