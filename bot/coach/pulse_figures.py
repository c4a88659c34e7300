"""Which figure a team may see for one theme of a closed pulse round, so that no member who
knows their own answer can work out the others' answers (docs/design.md section 4).

A theme answered by n people (n >= 3) is shown in the finest form that is safe:

1. the mean and the spread (standard deviation), from 5 answers on;
2. the mean alone;
3. the mean as a band: "under 2,5", "mellem 2,5 og 3,5" or "over 3,5";
4. not at all ("for få forskellige svar til at vise").

Numbers are rounded half up to one decimal and written with a decimal comma, exactly as the
team reads them. A form is safe for a set of answers when, among every set of n answers
(scores 1-5) that would be shown exactly the same way:

- each respondent, who knows their own answer, still has at least two possible sets of the
  others' answers;
- someone who answered nothing still has at least two possible sets, not all of them
  unanimous (that everybody gave the same answer is never readable).

"Shown the same way" includes the form itself: that a theme is shown as a band tells that its
mean was not safe to show. So the forms are settled for every possible set of n answers at
once, finest first, a whole group of sets with the same figure at a time (see `_levels`):
whether a finer figure is shown depends only on that figure, and each coarser group is
exactly the sets an observer still has to consider. The hidden sets pass the same test. The
result depends on n and the answers only, is computed once per n and cached, and is checked
by brute force in tests/test_pulse_figures.py.

Pure Python, no database: bot/coach/pulse.py stores what comes out when a round closes.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from bot.coach.numbers import one_decimal

SCORES = (1, 2, 3, 4, 5)
MIN_ANSWERS = 3  # never any figure below this, whatever is configured
SPREAD_FROM = 5  # no spread below 5 answers
EXACT_UP_TO = 40  # up to this many answers, every set of answers is enumerated (spread too)

SPREAD, MEAN, BAND, HIDDEN = "spredning", "gennemsnit", "interval", "skjult"
KINDS = (SPREAD, MEAN, BAND, HIDDEN)
UNDER, MIDDLE, OVER = "under", "midt", "over"
BAND_TEXT = {UNDER: "under 2,5", MIDDLE: "mellem 2,5 og 3,5", OVER: "over 3,5"}
HIDDEN_TEXT = "for få forskellige svar til at vise"


@dataclass(frozen=True)
class Figure:
    """What is shown for one theme. `mean` and `spread` are already rounded to one decimal
    and are None when not shown; `band` is set only for a band."""

    kind: str
    answers: int
    mean: float | None = None
    spread: float | None = None
    band: str | None = None

    def text(self) -> str:
        """The figure as the team reads it, e.g. '2,3', '3,4 (spredning 0,9)', 'under 2,5'."""
        if self.kind == SPREAD:
            return f"{one_decimal(self.mean)} (spredning {one_decimal(self.spread)})"
        if self.kind == MEAN:
            return one_decimal(self.mean)
        if self.kind == BAND:
            return BAND_TEXT[self.band]
        return HIDDEN_TEXT


decimal = one_decimal  # the name tests/test_anonymity.py imports


def mean_tenths(total: int, n: int) -> int:
    """total / n in tenths, rounded half up (exact: integers only)."""
    return (20 * total + n) // (2 * n)


def spread_tenths(total: int, squares: int, n: int) -> int:
    """The population standard deviation in tenths, rounded half up (exact: integers only).

    10·sd = sqrt(100·(n·squares − total²)) / n; half up is floor((sqrt(X) + n) / 2n) with
    X = 400·(n·squares − total²), and floor(sqrt(X)) may stand in for sqrt(X)."""
    return (math.isqrt(400 * (n * squares - total * total)) + n) // (2 * n)


def band_of(total: int, n: int) -> str:
    if 2 * total < 5 * n:
        return UNDER
    if 2 * total > 7 * n:
        return OVER
    return MIDDLE


def figure(scores: Iterable[int]) -> Figure:
    """The figure to show for these answers (one per respondent) of one theme."""
    values = list(scores)
    n = len(values)
    if n < MIN_ANSWERS:
        raise ValueError(f"a figure needs at least {MIN_ANSWERS} answers, not {n}")
    if any(v not in SCORES for v in values):
        raise ValueError("answers are whole scores from 1 to 5")
    total, squares = sum(values), sum(v * v for v in values)
    return figure_of(_levels(n)[_key(n, total, squares)], n, total, squares)


def figure_of(kind: str, n: int, total: int, squares: int) -> Figure:
    """The figure of the given kind for answers with this sum and sum of squares."""
    if kind == SPREAD:
        return Figure(SPREAD, n, mean_tenths(total, n) / 10, spread_tenths(total, squares, n) / 10)
    if kind == MEAN:
        return Figure(MEAN, n, mean_tenths(total, n) / 10)
    if kind == BAND:
        return Figure(BAND, n, band=band_of(total, n))
    return Figure(HIDDEN, n)


def _key(n: int, total: int, squares: int) -> tuple[int, ...]:
    return (total, squares) if n <= EXACT_UP_TO else (total,)


# The sets of n answers fall into classes that every form shows alike: (sum, sum of squares)
# up to EXACT_UP_TO answers (the spread needs both), the sum alone above (no spread is shown
# there, and the counts come from `sets_with_sum` instead of enumerating). For each class:
# how many sets it holds, how many hold each score, and how many are not unanimous. A
# respondent who answered s and sees a group's figure has as many possible sets of the
# others' answers as the group has sets holding an s (take one s away from each).


@dataclass
class _Class:
    key: tuple[int, ...]
    total: int
    squares: int
    size: int
    holding: list[int]  # holding[s - 1]: sets in the class with at least one answer s
    mixed: int  # sets in the class whose answers are not all equal


def _exact_classes(n: int) -> list[_Class]:
    classes: dict[tuple[int, int], _Class] = {}
    for combo in itertools.combinations_with_replacement(SCORES, n):
        total, squares = sum(combo), sum(v * v for v in combo)
        found = classes.get((total, squares))
        if found is None:
            found = classes[(total, squares)] = _Class(
                (total, squares), total, squares, 0, [0] * 5, 0
            )
        found.size += 1
        for score in set(combo):
            found.holding[score - 1] += 1
        found.mixed += combo[0] != combo[-1]
    return list(classes.values())


@functools.lru_cache(maxsize=256)
def _box(k: int) -> tuple[int, ...]:
    """Coefficients of the Gaussian binomial [k+4 over 4]: entry m counts the partitions of m
    into at most k parts of at most 4, i.e. the sets of k scores 1-5 with sum k + m."""
    poly = [1]
    for i in range(1, 5):
        grown = poly + [0] * (k + i)
        for j, c in enumerate(poly):
            grown[j + k + i] -= c
        for j in range(i, len(grown)):
            grown[j] += grown[j - i]
        poly = grown
    return tuple(poly[: 4 * k + 1])


def sets_with_sum(k: int, total: int) -> int:
    """How many sets of k answers (scores 1-5, order not counted) have this sum."""
    if k == 0:
        return int(total == 0)
    m = total - k
    return _box(k)[m] if 0 <= m <= 4 * k else 0


def _sum_classes(n: int) -> list[_Class]:
    classes = []
    for total in range(n, 5 * n + 1):
        holding = [sets_with_sum(n - 1, total - s) for s in SCORES]
        size = sets_with_sum(n, total)
        unanimous = int(total % n == 0)
        classes.append(_Class((total,), total, 0, size, holding, size - unanimous))
    return classes


def _figure_key(kind: str, n: int, c: _Class) -> tuple:
    if kind == SPREAD:
        return (SPREAD, mean_tenths(c.total, n), spread_tenths(c.total, c.squares, n))
    if kind == MEAN:
        return (MEAN, mean_tenths(c.total, n))
    if kind == BAND:
        return (BAND, band_of(c.total, n))
    return (HIDDEN,)


class _Group:
    """Classes shown as one and the same figure, with their counts summed."""

    def __init__(self) -> None:
        self.members: set[int] = set()
        self.size = 0
        self.holding = [0] * 5
        self.mixed = 0

    def add(self, i: int, c: _Class) -> None:
        self.members.add(i)
        self.size += c.size
        self.mixed += c.mixed
        for s in range(5):
            self.holding[s] += c.holding[s]

    def missing(self, classes: list[_Class]) -> int | None:
        """0 when someone who answered nothing could pin the answers down (one possible set,
        or only unanimous ones); a score s when a respondent who answered s would have only
        one possible set of the others' answers; None when nothing is given away."""
        if self.size < 2 or self.mixed < 1:
            return 0
        held = [any(classes[i].holding[s - 1] for i in self.members) for s in SCORES]
        for s in SCORES:
            if held[s - 1] and self.holding[s - 1] < 2:
                return s
        return None

    def safe(self, classes: list[_Class]) -> bool:
        return self.missing(classes) is None

    def supplies(self, need: int) -> bool:
        """Whether adding this group helps with what `missing` found."""
        return bool(self.mixed) if need == 0 else self.holding[need - 1] > 0


@functools.lru_cache(maxsize=64)
def _levels(n: int) -> dict[tuple[int, ...], str]:
    """For every class of n answers, the kind of figure shown (see the module docstring).

    Finest form first: the sets not yet placed are grouped by the figure of that form, and a
    group is shown in that form when it is safe, as a whole. So whether a finer figure was
    shown depends only on that figure, and each coarser group is exactly the sets an observer
    must still consider. What is left at the end is hidden; while the hidden sets give
    something away, a whole shown group (coarsest, smallest first) joins them."""
    classes = [c for c in (_exact_classes(n) if n <= EXACT_UP_TO else _sum_classes(n)) if c.size]
    kinds = KINDS if SPREAD_FROM <= n <= EXACT_UP_TO else KINDS[1:]
    kind_of: dict[int, str] = {}
    shown: list[tuple[int, _Group]] = []  # (rank of the form, group)
    remaining = list(range(len(classes)))
    for rank, kind in enumerate(kinds[:-1]):
        groups: dict[tuple, _Group] = {}
        for i in remaining:
            groups.setdefault(_figure_key(kind, n, classes[i]), _Group()).add(i, classes[i])
        for group in groups.values():
            if group.safe(classes):
                shown.append((rank, group))
                for i in group.members:
                    kind_of[i] = kind
        remaining = [i for i in remaining if i not in kind_of]
    hidden = _Group()
    for i in remaining:
        hidden.add(i, classes[i])
    while hidden.members and not hidden.safe(classes):
        need = hidden.missing(classes)
        joining = [(rank, g) for rank, g in shown if g.supplies(need)]
        if not joining:  # cannot happen for n >= 3: hiding everything is safe
            raise AssertionError(f"no safe figures for {n} answers")
        rank, group = max(joining, key=lambda rg: (rg[0], -rg[1].size))
        shown.remove((rank, group))
        for i in group.members:
            hidden.add(i, classes[i])
            del kind_of[i]
    return {c.key: kind_of.get(i, HIDDEN) for i, c in enumerate(classes)}


TOO_FEW = "for_faa"  # fewer than the threshold answered: no figure at all


def frozen_rows(scores: dict[str, list[int]], min_answers: int) -> list[dict]:
    """The rows of pulse_theme_results for a closing round: theme -> the answers of distinct
    respondents. Only what is shown is kept, and how many answered a theme with enough answers
    (so that a higher threshold later hides it as too few); nothing for one with too few."""
    threshold = max(MIN_ANSWERS, min_answers)
    rows = []
    for theme, values in scores.items():
        if not values:
            continue
        shown = figure(values) if len(values) >= threshold else None
        kind = shown.kind if shown else TOO_FEW
        rows.append(
            {
                "theme": theme,
                "shown_as": kind,
                "answers": shown.answers if shown else None,
                "mean_tenths": round(shown.mean * 10) if shown and shown.mean is not None else None,
                "spread_tenths": (
                    round(shown.spread * 10) if shown and shown.spread is not None else None
                ),
                "band": shown.band if shown else None,
            }
        )
    return rows
