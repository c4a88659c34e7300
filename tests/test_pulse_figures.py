"""The figures a team sees for one pulse theme, attacked by brute force (docs/design.md section 4).

The attacker knows the rules (this code is no secret), n and the figure as shown, and, as a
respondent, their own answer. They list every set of n answers (scores 1-5) that the coach
would show exactly the same way, and from it every set of the others' answers. One
possibility left means the others' answers are known. That must never happen: not for a
respondent, not for someone who answered nothing, and unanimity must never be readable.

Exhaustive for 3-20 answers and around the switch at EXACT_UP_TO; randomised over realistic
answer patterns; and the numbers shown are checked against exact arithmetic.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal, getcontext
from fractions import Fraction

import pytest

from bot.coach import pulse_figures as pf

Multiset = tuple[int, ...]  # sorted answers


def all_sets(n: int) -> list[Multiset]:
    return list(itertools.combinations_with_replacement(pf.SCORES, n))


def without(answers: Multiset, own: int) -> Multiset:
    i = answers.index(own)
    return answers[:i] + answers[i + 1 :]


def shown(answers: Multiset) -> str:
    """Exactly what the team reads for the theme (the form is part of it)."""
    return pf.figure(answers).text()


def groups(n: int) -> dict[str, list[Multiset]]:
    found: dict[str, list[Multiset]] = defaultdict(list)
    for answers in all_sets(n):
        found[shown(answers)].append(answers)
    return found


def leaks(group: list[Multiset]) -> list[str]:
    """What the sets shown as one figure let someone pin down (empty when nothing)."""
    problems = []
    if len(group) < 2:
        problems.append(f"an outsider knows all answers: {group[0]}")
    elif all(len(set(g)) == 1 for g in group):
        problems.append(f"an outsider knows that all answered alike: {group}")
    others: dict[int, set[Multiset]] = defaultdict(set)
    for answers in group:
        for own in set(answers):
            others[own].add(without(answers, own))
    for own, possible in others.items():
        if len(possible) == 1:
            problems.append(f"who answered {own} knows the others answered {possible.pop()}")
    return problems


@pytest.mark.parametrize("n", range(3, 21))
def test_no_figure_for_3_to_20_answers_pins_down_the_others(n):
    found = groups(n)
    for figure, group in found.items():
        assert not leaks(group), f"{n} answers shown as {figure!r}: {leaks(group)}"
    assert sum(len(g) for g in found.values()) == len(all_sets(n))


@pytest.mark.parametrize("n", [pf.EXACT_UP_TO, pf.EXACT_UP_TO + 1, pf.EXACT_UP_TO + 3])
def test_no_figure_pins_down_the_others_around_the_switch_to_sums(n):
    """Above EXACT_UP_TO the forms are settled from counts of sums, not by enumerating: the
    enumeration here checks that path too."""
    for figure, group in groups(n).items():
        assert not leaks(group), f"{n} answers shown as {figure!r}: {leaks(group)[:3]}"


def realistic(rng: random.Random, n: int) -> Multiset:
    """Answers as teams give them: mostly near a common view, sometimes one or two apart."""
    centre = rng.choice(pf.SCORES)
    spread = rng.choice([0, 0, 1, 1, 2, 4])
    values = [min(5, max(1, centre + rng.randint(-spread, spread))) for _ in range(n)]
    for _ in range(rng.choice([0, 0, 1, 2])):
        values[rng.randrange(n)] = rng.choice(pf.SCORES)  # an outlier
    return tuple(sorted(values))


@pytest.mark.parametrize("seed", range(60))
def test_randomised_rounds_never_let_a_respondent_infer_the_others(seed):
    rng = random.Random(seed)
    cache: dict[int, dict[str, list[Multiset]]] = {}
    for _ in range(20):
        n = rng.randint(3, 12)
        answers = realistic(rng, n)
        by_figure = cache.setdefault(n, groups(n))
        group = by_figure[shown(answers)]
        assert answers in group
        for own in set(answers):  # every respondent
            possible = {without(g, own) for g in group if own in g}
            assert (
                len(possible) >= 2
            ), f"{answers} shown as {shown(answers)!r}: who answered {own} knows the others"
        assert len(group) >= 2 and any(len(set(g)) > 1 for g in group)  # someone outside


@pytest.mark.parametrize("n", [21, 24, 27, 30, 33, 36, 40, *range(41, 61)])
def test_unanimous_answers_are_never_readable(n):
    """Beyond the exhaustive test above (up to 20 answers): whatever a team that answered
    alike is shown, some set that is not unanimous is shown exactly the same way (every set
    is looked at up to EXACT_UP_TO; above, where only the sum counts, a few changed answers)."""
    if n <= pf.EXACT_UP_TO:
        candidates = (a for a in all_sets(n) if a[0] != a[-1])
    else:
        candidates = (
            tuple(sorted((score,) * (n - k) + changed))
            for score in pf.SCORES
            for k in (1, 2, 3)
            for changed in itertools.product(pf.SCORES, repeat=k)
        )
    alike = {shown((score,) * n): score for score in pf.SCORES}
    for answers in candidates:
        if answers[0] != answers[-1]:
            alike.pop(shown(answers), None)
        if not alike:
            break
    assert not alike, f"{n} answers: {alike} shown as no set that is not unanimous"


@pytest.mark.parametrize("n", [3, 4])
def test_no_spread_below_five_answers(n):
    assert {pf.figure(a).kind for a in all_sets(n)} <= {pf.MEAN, pf.BAND, pf.HIDDEN}
    assert all("spredning" not in shown(a) for a in all_sets(n))


def test_three_answers_show_little_and_spread_appears_with_more():
    """The issue's case: with 3 answers, mean and spread pinned the set in 33 of 35 cases.
    Now 3 answers show a number only when the mean is 3,0 (the 5 sets with sum 9)."""
    kinds = Counter(pf.figure(a).kind for a in all_sets(3))
    assert kinds == {pf.MEAN: 5, pf.BAND: 8, pf.HIDDEN: 22}
    assert {shown(a) for a in all_sets(3) if pf.figure(a).kind == pf.MEAN} == {"3,0"}
    assert any(pf.figure(a).kind == pf.SPREAD for a in all_sets(6))


def tenth(value: Fraction | Decimal) -> Decimal:
    """Rounded half up to one decimal (60 digits: ties are exact, other values far off)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8, 10, 12, 41, 50])
def test_the_figures_are_the_answers_rounded_half_up(n):
    """Mean and spread as exact arithmetic rounds them; bands by the exact mean."""
    getcontext().prec = 60
    rng = random.Random(n)
    samples = all_sets(n) if n <= 8 else [realistic(rng, n) for _ in range(300)]
    for answers in samples:
        figure = pf.figure(answers)
        mean = Fraction(sum(answers), n)
        if figure.mean is not None:
            assert Decimal(f"{figure.mean:.1f}") == tenth(mean), answers
        if figure.spread is not None:
            variance = Fraction(n * sum(v * v for v in answers) - sum(answers) ** 2, n * n)
            sd = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
            assert Decimal(f"{figure.spread:.1f}") == tenth(sd), answers
        if figure.band is not None:
            want = "under" if mean < 2.5 else "over" if mean > 3.5 else "midt"
            assert figure.band == want, answers
        text = figure.text()
        assert "." not in text and "  " not in text  # decimal comma, as the team reads it


def test_danish_texts():
    assert pf.Figure(pf.SPREAD, 6, 3.4, 0.9).text() == "3,4 (spredning 0,9)"
    assert pf.Figure(pf.MEAN, 4, 2.0).text() == "2,0"
    assert pf.Figure(pf.BAND, 4, band="under").text() == "under 2,5"
    assert pf.Figure(pf.BAND, 4, band="midt").text() == "mellem 2,5 og 3,5"
    assert pf.Figure(pf.BAND, 4, band="over").text() == "over 3,5"
    assert pf.Figure(pf.HIDDEN, 3).text() == "for få forskellige svar til at vise"


def test_fewer_than_three_answers_get_no_figure():
    for values in ([], [3], [2, 4]):
        with pytest.raises(ValueError):
            pf.figure(values)
    with pytest.raises(ValueError):
        pf.figure([1, 2, 6])


def test_counting_sets_by_sum_agrees_with_enumerating():
    for k in range(1, 9):
        counted = Counter(sum(a) for a in all_sets(k))
        for total in range(0, 5 * k + 3):
            assert pf.sets_with_sum(k, total) == counted.get(total, 0), (k, total)


def test_frozen_rows_keep_only_what_is_shown():
    rows = {
        row["theme"]: row
        for row in pf.frozen_rows(
            {"ledelse": [2, 3, 4], "samarbejde": [1, 1, 1], "konflikter": [5, 5]}, 3
        )
    }
    assert rows["ledelse"] == {
        "theme": "ledelse", "shown_as": "gennemsnit", "answers": 3, "mean_tenths": 30,
        "spread_tenths": None, "band": None,
    }  # fmt: skip
    assert rows["samarbejde"] == {
        "theme": "samarbejde", "shown_as": pf.HIDDEN, "answers": 3, "mean_tenths": None,
        "spread_tenths": None, "band": None,
    }  # fmt: skip
    assert rows["konflikter"] == {
        "theme": "konflikter", "shown_as": pf.TOO_FEW, "answers": None, "mean_tenths": None,
        "spread_tenths": None, "band": None,
    }  # fmt: skip
    (row,) = pf.frozen_rows({"ledelse": [2, 3, 4, 3]}, 5)
    assert row["shown_as"] == pf.TOO_FEW  # the configured threshold counts
