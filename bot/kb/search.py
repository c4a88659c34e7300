"""BM25 search over the knowledge base, with title and keywords weighted above body text.

`search` returns entries with a score, best first, and an empty list when nothing fits
well enough: the caller then says so instead of offering the least bad entry.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.kb.schema import Entry
from bot.kb.text import analyze, stem

FIELD_WEIGHTS = {"title": 3, "keywords": 3, "questions": 2, "insight": 2, "short": 2, "body": 1}
K1, B = 1.2, 0.75
MIN_COVERAGE = 0.6
MIN_PART = 4  # shortest part of a compound word that counts ("bygge|virksomhed")
COMPOUND_WEIGHT = 0.7
STRONG_SCORE = 8.0
QUESTION_BOOST = 1.5  # the query is, word for word, one of the entry's curated questions
CLEAR_LEAD = 1.25  # how far the best hit must lead the next to be the one asked for
# The question matcher chooses among the first three the words find, or, in a question of at
# least three words and this much surer of its first choice than of its second (a margin of
# its decision scores), among all the words touch. Measured by training on five development
# sets and answering the sixth, each in turn: 926 of 979 answered right (the words alone 862),
# and 3 more of 211 everyday messages ("hvad koster en ny varebil") answered at all.
LEARNT_AMONG = 3
LEARNT_SURE = 0.5
LEARNT_WORDS = 3


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    matched: tuple[str, ...]
    coverage: float  # share of the query's search terms that the entry contains


def _fields(entry: Entry) -> dict[str, str]:
    return {
        "title": entry.title,
        "keywords": " ".join(entry.keywords),
        "questions": " ".join(entry.questions),
        "insight": entry.table_row.insight if entry.table_row else "",
        "short": entry.short,
        "body": " ".join((entry.explanation, *entry.steps)),
    }


class KnowledgeIndex:
    def __init__(self, entries: Iterable[Entry], learn: bool = True):
        """`learn`: let the question matcher (bot/kb/matcher.py), trained on first use on the
        entries and the questions people asked, choose among the entries a question touches."""
        self.entries: list[Entry] = list(entries)
        self._learn = learn
        self._matcher = None
        self.by_id = {e.id: e for e in self.entries}
        self._bags: list[Counter] = []
        self._title_terms: list[set[str]] = []
        # Each curated question's terms: a query that is one of them is what the entry answers.
        self._asked: list[set[frozenset[str]]] = []
        df: Counter = Counter()
        for entry in self.entries:
            bag: Counter = Counter()
            for name, text in _fields(entry).items():
                for term in analyze(text):
                    bag[term] += FIELD_WEIGHTS[name]
            self._bags.append(bag)
            self._title_terms.append(set(analyze(f"{entry.title} {' '.join(entry.keywords)}")))
            self._asked.append({frozenset(analyze(q)) for q in entry.questions})
            df.update(bag.keys())
        n = max(len(self.entries), 1)
        self._idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        lengths = [sum(bag.values()) for bag in self._bags]
        self._avg_len = (sum(lengths) / len(lengths)) if lengths else 1.0
        self._lengths = lengths

    def __len__(self) -> int:
        return len(self.entries)

    def hit(self, entry_id: str) -> Hit:
        """An entry named outright (by its title or a keyword), as a search hit."""
        return Hit(self.by_id[entry_id], STRONG_SCORE, (), 1.0)

    def expand(self, term: str) -> list[tuple[str, float]]:
        """Index terms a query term stands for: itself, or the parts of a Danish compound."""
        if term in self._idf:
            return [(term, 1.0)]
        parts: dict[str, float] = {}
        for i in range(MIN_PART, len(term) - MIN_PART + 1):
            left, right = term[:i], term[i:]
            for head in {left, left.rstrip("s"), stem(left)}:
                if len(head) >= MIN_PART and head in self._idf:
                    parts[head] = max(parts.get(head, 0.0), COMPOUND_WEIGHT)
            for tail in {right, stem(right)}:
                if len(tail) >= MIN_PART and tail in self._idf:
                    parts[tail] = max(parts.get(tail, 0.0), COMPOUND_WEIGHT)
        return sorted(parts.items())

    def score_all(self, query: str) -> list[Hit]:
        query_terms = _query_terms(query)
        expanded = {t: self.expand(t) for t in query_terms}
        hits = []
        asked = frozenset(query_terms)
        for entry, bag, length, heads, questions in zip(
            self.entries, self._bags, self._lengths, self._title_terms, self._asked, strict=True
        ):
            score, matched = 0.0, []
            for term, variants in expanded.items():
                best = 0.0
                for variant, weight in variants:
                    tf = bag.get(variant, 0)
                    if tf:
                        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self._avg_len))
                        best = max(best, weight * self._idf[variant] * norm)
                if best:
                    score += best
                    matched.append(term)
            if matched:
                # A hit in the title or keywords is what a curator meant the entry to answer.
                if heads.intersection(matched):
                    score *= 1.25
                if asked in questions:
                    score *= QUESTION_BOOST
                coverage = len(matched) / len(query_terms)
                hits.append(Hit(entry, round(score, 3), tuple(matched), round(coverage, 3)))
        hits.sort(key=lambda h: (-h.score, h.entry.id))
        return hits

    def search(
        self,
        query: str,
        limit: int = 3,
        min_score: float = 2.0,
        kinds: Iterable[str] | None = None,
    ) -> list[Hit]:
        """Entries that answer the query, best first; [] when nothing fits well enough.

        An entry fits when it scores at least `min_score` and either covers most of the
        question's words or scores so high that a few strong words settle it.
        """
        wanted = set(kinds) if kinds else None
        scored = [h for h in self.score_all(query) if wanted is None or h.entry.kind in wanted]
        hits = [
            h
            for h in scored
            if h.score >= min_score and (h.coverage >= MIN_COVERAGE or h.score >= STRONG_SCORE)
        ]
        # Keep only answers in the same league as the best one.
        hits = [h for h in hits if h.score >= hits[0].score * 0.5] if hits else []
        learnt = self._learnt_choice(query, scored, hits, min_score)
        if learnt is not None:
            hits = [learnt, *(h for h in hits if h is not learnt)]
        return hits[:limit]

    def _learnt_choice(
        self, query: str, scored: list[Hit], hits: list[Hit], min_score: float
    ) -> Hit | None:
        """The entry the question matcher chooses: among the first few the words find, or,
        when it is clearly sure, one whose words the question touches less."""
        if not self._learn or not scored:
            return None
        guess, sure = self._guess(query)
        if any(h.entry.id == guess for h in hits[:LEARNT_AMONG]):
            return next(h for h in hits if h.entry.id == guess)
        if not sure:
            return None
        touched = next((h for h in scored if h.entry.id == guess), None)
        if touched is None or touched.score < min_score:
            return None
        # "hvad koster en ny laptop": a word no entry and no question ever had is what the
        # question is about; the few words it shares with an entry do not make it that entry's.
        unknown = [t for t in _query_terms(query) if not self.expand(t)]
        if touched.coverage < MIN_COVERAGE and any(not self.matcher().knows(t) for t in unknown):
            return None
        return touched

    def sure_of(self, query: str, entry_id: str) -> bool:
        """Whether the question matcher is clearly sure the question asks for this entry."""
        return self._learn and self._guess(query) == (entry_id, True)

    def _guess(self, query: str) -> tuple[str, bool]:
        """The question matcher's first choice, and whether it is clearly sure of it: in a
        question of at least LEARNT_WORDS words, a positive score LEARNT_SURE above the next."""
        (guess, first), (_, second) = self.matcher().ranked(query)[:2]
        long_enough = len(query.split()) >= LEARNT_WORDS
        return guess, long_enough and first >= 0 and first - second >= LEARNT_SURE

    def matcher(self):
        if self._matcher is None:
            from bot.kb.matcher import QuestionMatcher, asked_questions

            self._matcher = QuestionMatcher.train(self.entries, asked_questions())
        return self._matcher


def _query_terms(query: str) -> list[str]:
    """The query's search terms, each once, in the order written."""
    return list(dict.fromkeys(analyze(query)))


def clear_answer(hits: list[Hit]) -> Hit | None:
    """The best hit when it answers outright (strong, covering the question) and clearly leads
    the next one: the one entry a question asks for."""
    if not hits:
        return None
    best = hits[0]
    ahead = len(hits) == 1 or best.score >= CLEAR_LEAD * hits[1].score
    return best if outright(best) and ahead else None


def outright(hit: Hit) -> bool:
    """A hit that answers a question outright: strong, and covering most of its words."""
    return hit.score >= STRONG_SCORE and hit.coverage >= MIN_COVERAGE
