"""Danish deadlines as people write them: "om to uger", "15/3", "1. marts", "næste fredag"."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5,
    "lordag": 5, "søndag": 6, "sondag": 6,
}  # fmt: skip
NUMBERS = {
    "en": 1, "et": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
    "otte": 8, "ni": 9, "ti": 10, "tolv": 12, "par": 2,
}  # fmt: skip
UNITS = {"dag": 1, "dage": 1, "uge": 7, "uger": 7, "måned": 30, "måneder": 30, "maaned": 30,
         "maaneder": 30, "maned": 30, "maneder": 30}  # fmt: skip
MONTH_NAMES = [
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
]  # fmt: skip


class DateError(ValueError):
    pass


HELP = "Skriv en dato som '15/3', '1. marts' eller 'om to uger'."


def _future(day: int, month: int, year: int | None, today: date) -> date:
    try:
        result = date(year or today.year, month, day)
    except ValueError:
        raise DateError(f"Den dato findes ikke. {HELP}") from None
    if result < today:
        if year is not None:
            raise DateError("Den dato er allerede passeret. Vælg en dato frem i tiden.")
        result = date(today.year + 1, month, day)
    return result


def parse_deadline(text: str, today: date) -> date:
    t = " ".join((text or "").lower().replace(",", " ").split())
    if not t:
        raise DateError(HELP)
    if t in ("i dag", "idag"):
        return today
    if t in ("i morgen", "imorgen"):
        return today + timedelta(days=1)
    if t in ("næste uge", "naeste uge", "om en uge"):
        return today + timedelta(days=7)
    m = re.search(
        r"om (?:et |en )?(\d+|[a-zé]+) (dag|dage|uge|uger|måned|måneder|maaned|maaneder|maned|maneder)\b",
        t,
    )
    if m:
        count = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.get(m.group(1))
        if not count:
            raise DateError(HELP)
        return today + timedelta(days=count * UNITS[m.group(2)])
    m = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", t)
    if m:
        return _future(int(m.group(3)), int(m.group(2)), int(m.group(1)), today)
    m = re.search(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\b", t)
    if m:
        year = m.group(3)
        full_year = (2000 + int(year) if len(year) == 2 else int(year)) if year else None
        return _future(int(m.group(1)), int(m.group(2)), full_year, today)
    m = re.search(r"\b(\d{1,2})\.? ?([a-zæøå]+)(?: (\d{4}))?\b", t)
    if m and m.group(2) in MONTHS:
        year = int(m.group(3)) if m.group(3) else None
        return _future(int(m.group(1)), MONTHS[m.group(2)], year, today)
    m = re.search(
        r"\b(?:på |næste |naeste )?(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|lordag|søndag|sondag)\b",
        t,
    )
    if m:
        # "fredag" and "næste fredag" both mean the coming Friday.
        return today + timedelta(days=(WEEKDAYS[m.group(1)] - today.weekday()) % 7 or 7)
    raise DateError(HELP)


def danish_date(value: date) -> str:
    return f"{value.day}. {MONTH_NAMES[value.month - 1]} {value.year}"


DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands stored times back naive; every one we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_day(moment: datetime) -> date:
    """The Danish calendar day of a stored time."""
    return as_utc(moment).astimezone(DANISH_TIME).date()
