"""Danish dates and numbers as the team reads them, written by Babel (CLDR, locale da_DK).

Pinned to the exact texts the coach has always shown: a change in Babel's data, the locale or
the pattern must show up here, not in a team's messages."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Context, localcontext

import pytest

from bot.coach.dates import danish_date, danish_short_date, parse_deadline
from bot.coach.numbers import one_decimal

MONTHS = [
    ("januar", "jan."), ("februar", "feb."), ("marts", "mar."), ("april", "apr."),
    ("maj", "maj"), ("juni", "jun."), ("juli", "jul."), ("august", "aug."),
    ("september", "sep."), ("oktober", "okt."), ("november", "nov."), ("december", "dec."),
]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_is_written_in_danish(month):
    name, short = MONTHS[month - 1]
    assert danish_date(date(2026, month, 3)) == f"3. {name} 2026"
    assert danish_short_date(date(2026, month, 17)) == f"17. {short}"


def test_day_and_year_are_not_padded():
    assert danish_date(date(2027, 3, 1)) == "1. marts 2027"
    assert danish_date(date(2026, 12, 31)) == "31. december 2026"
    assert danish_short_date(date(2025, 5, 7)) == "7. maj"


@pytest.mark.parametrize("month", range(1, 13))
def test_a_written_date_reads_back(month):
    """What the coach writes ("15. marts 2027") is a deadline the team can type back."""
    day = date(2027, month, 15)
    assert parse_deadline(danish_date(day), date(2026, 6, 1)) == day


@pytest.mark.parametrize(
    "value, text",
    [
        (3.0, "3,0"),
        (3, "3,0"),
        (0.0, "0,0"),
        (5.0, "5,0"),
        (3.44, "3,4"),
        (0.96, "1,0"),
        # Ties as floats hold them: 2.25 and 2.45 are exact / a hair above, 0.05 a hair above,
        # 0.15 and 0.95 a hair below. Rounded like f"{value:.1f}", not like the written digits.
        (2.25, "2,2"),
        (2.35, "2,4"),
        (2.45, "2,5"),
        (0.05, "0,1"),
        (0.15, "0,1"),
        (0.95, "0,9"),
        (-0.5, "-0,5"),
        (-0.04, "-0,0"),
        (1234.5, "1234,5"),  # no thousands separator: nothing shown reaches 1000
    ],
)
def test_one_decimal_with_a_decimal_comma(value, text):
    assert one_decimal(value) == text


def test_one_decimal_is_what_was_written_by_hand():
    """Every figure the coach can show (means t/n of 3-60 answers, spreads, tenths) and then
    some, exactly as f"{value:.1f}" with a comma."""
    values = [t / n for n in range(1, 61) for t in range(0, 5 * n + 1)]
    values += [k / 1000 for k in range(-6000, 6001)]
    for value in values:
        assert one_decimal(value) == f"{value:.1f}".replace(".", ","), value


def test_one_decimal_ignores_the_callers_decimal_context():
    """Values no other test formats, so that none is already cached."""
    with localcontext(Context(prec=3, rounding=ROUND_HALF_UP)):
        assert one_decimal(7.25) == "7,2"  # half up would give 7,3
        assert one_decimal(7.35) == "7,3"  # a hair below the tie: 3 digits would give 7,4
        assert one_decimal(7.45) == "7,5"
        assert one_decimal(98765.5) == "98765,5"


def test_zero_keeps_its_sign():
    assert [one_decimal(v) for v in (0.0, -0.0, 0, -0.0, 0.0)] == [
        "0,0",
        "-0,0",
        "0,0",
        "-0,0",
        "0,0",
    ]


def test_one_decimal_needs_a_number():
    with pytest.raises(TypeError):
        one_decimal(None)
