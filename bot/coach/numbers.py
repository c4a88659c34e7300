"""Numbers as Danish readers write them, from Babel's CLDR data: "3,4", not "3.4"."""

from __future__ import annotations

import functools
import math
from decimal import DefaultContext, localcontext

from babel.numbers import format_decimal


def one_decimal(value: float) -> str:
    """The value with one decimal and a decimal comma: 3.0 -> "3,0", -0.5 -> "-0,5".

    Rounded as Python rounds the float (2.25 -> "2,2", 0.05 -> "0,1"). No thousands separator
    (1234.5 -> "1234,5"): the figures shown are means and spreads of scores 1-5, and "1.234,5"
    would read as a decimal point."""
    rounded = round(value, 1)
    # The sign is part of the cache key, as 0.0 == -0.0 ("0,0" and "-0,0").
    return _formatted(rounded, math.copysign(1.0, rounded))


@functools.lru_cache(maxsize=1024)
def _formatted(rounded: float, _sign: float) -> str:
    # Cached: the figures are few (tenths from 0 to 5) and the pulse tests format millions.
    # Babel rounds in the current decimal context: Python's default, whatever a caller set.
    with localcontext(DefaultContext):
        return format_decimal(rounded, format="0.0", locale="da_DK", group_separator=False)
