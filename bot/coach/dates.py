"""Danish deadlines as people write them: "om to uger", "15/3", "1. marts", "næste fredag"."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date

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
    "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "fjorten": 14, "femten": 15,
    "tyve": 20, "tredive": 30, "par": 2,
}  # fmt: skip
UNITS = {"dag": 1, "dage": 1, "uge": 7, "uger": 7, "måned": 30, "måneder": 30, "maaned": 30,
         "maaneder": 30, "maned": 30, "maneder": 30, "dages": 1, "ugers": 7, "uges": 7,
         "måneds": 30}  # fmt: skip
# For reading what people type; dates are written by `danish_date` (Babel).
MONTH_NAMES = [
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
]  # fmt: skip


class DateError(ValueError):
    pass


HELP = "Skriv en dato som '15/3', '1. marts' eller 'om to uger'."
ORDINAL_DAYS = {
    "første": 1, "anden": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "syvende": 7,
    "ottende": 8, "niende": 9, "tiende": 10, "ellevte": 11, "tolvte": 12, "trettende": 13,
    "fjortende": 14, "femtende": 15, "sekstende": 16, "syttende": 17, "attende": 18,
    "nittende": 19, "tyvende": 20, "enogtyvende": 21, "toogtyvende": 22, "treogtyvende": 23,
    "fireogtyvende": 24, "femogtyvende": 25, "seksogtyvende": 26, "syvogtyvende": 27,
    "otteogtyvende": 28, "niogtyvende": 29, "tredivte": 30, "enogtredivte": 31,
}  # fmt: skip
HOLIDAYS = {"valentinsdag": (14, 2), "grundlovsdag": (5, 6), "lillejuleaften": (23, 12), "juleaften": (24, 12), "juledag": (25, 12), "nytårsaften": (31, 12),
            "nytaarsaften": (31, 12), "nytårsdag": (1, 1), "nytår": (1, 1), "nytaar": (1, 1),
            "sankthans": (23, 6), "sankt hans": (23, 6), "inden jul": (23, 12),
            "før jul": (23, 12), "til jul": (24, 12), "jul": (24, 12)}  # fmt: skip
_WEEKDAY = r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|lordag|søndag|sondag)"
_COUNT = r"(\d+|[a-zé]+)"
_UNIT = r"(dag|dage|dages|uge|uger|ugers|uges|måned|måneder|måneds|maaned|maaneder|maned|maneder)"


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


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBERS.get(word)


def _unit_days(unit: str) -> int:
    return UNITS[unit]


def _coming(today: date, weekday: int) -> date:
    """The coming weekday: "fredag" on a Tuesday is this week's Friday, on a Friday next week's."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _rules(today: date):
    """The rules that name a day of a month, and (pattern, date of a match) in the order they
    are tried; a span is read only once."""
    days = "|".join(ORDINAL_DAYS)

    def relative(m):
        count = _count(m.group(1)) if m.group(1) else 1
        if not count:
            return DateError(HELP)
        if m.group(2).startswith(("måned", "maaned", "maned")):
            return add_months(today, count)
        return today + timedelta(days=count * _unit_days(m.group(2)))

    def end_of_month(m):
        month = MONTHS[m.group(1)]
        year = today.year if month >= today.month else today.year + 1
        return add_months(date(year, month, 1), 1) - timedelta(days=1)

    def first_weekday(m):
        month = MONTHS[m.group(2)]
        first = date(today.year if month > today.month else today.year + 1, month, 1)
        return first + timedelta(days=(WEEKDAYS[m.group(1)] - first.weekday()) % 7)

    def day_of_month(m):
        day = int(m.group(1))
        this_month = _safe(day, today.month, today.year, today) if day >= today.day else None
        if isinstance(this_month, date):
            return this_month
        following = add_months(today.replace(day=1), 1)
        return _safe(day, following.month, following.year, today)

    def numeric(m):
        year = m.group(3)
        full_year = (2000 + int(year) if len(year) == 2 else int(year)) if year else None
        return _safe(int(m.group(1)), int(m.group(2)), full_year, today)

    def named_month(m):
        if m.group(2) not in MONTHS:
            return None
        day = int(m.group(1)) if m.group(1).isdigit() else ORDINAL_DAYS[m.group(1)]
        return _safe(day, MONTHS[m.group(2)], int(m.group(3)) if m.group(3) else None, today)

    def in_next_month(m):
        following = add_months(today.replace(day=1), 1)
        return _safe(int(m.group(1)), following.month, following.year, today)

    def in_week(m):
        week = int(m.group(2))
        year = today.year if week >= today.isocalendar()[1] else today.year + 1
        try:
            return date.fromisocalendar(year, week, WEEKDAYS[m.group(1)] + 1)
        except ValueError:
            return DateError(HELP)

    def next_week(m):
        monday = today + timedelta(days=7 - today.weekday())
        return monday + timedelta(days=WEEKDAYS[m.group(1)])

    def weekday_later(m):
        count = _count(m.group(2)) if m.group(2) else 1
        return _coming(today, WEEKDAYS[m.group(1)]) + timedelta(weeks=count) if count else None

    def mid_month(m):
        month = MONTHS[m.group(1)]
        return _safe(15, month, None, today)

    def start_of_month(m):
        month = MONTHS[m.group(1)]
        return _safe(1, month, None, today)

    def iso(m):
        return _safe(int(m.group(3)), int(m.group(2)), int(m.group(1)), today)

    offsets = {"i dag": 0, "idag": 0, "i morgen": 1, "imorgen": 1}
    months = "|".join(MONTH_NAMES)
    specific = {end_of_month, mid_month, start_of_month, first_weekday, numeric, named_month,
                day_of_month, iso, in_next_month, in_week}  # fmt: skip
    return specific, (
        (rf"\b(?:(?:i )?(?:udgangen|slutningen|enden) af|sidst i|ultimo|end of|slut|(?:den )?sidste dag i) ({months})\b",
         end_of_month),
        (rf"\b(?:midt i|midten af|medio|halvvejs i|mid) ({months})\b", mid_month),
        (rf"\b(?:(?:i )?(?:starten|begyndelsen) af|først i|primo|start|beginning of) ({months})\b",
         start_of_month),
        (r"\b(?:den |d\.? )?(\d{1,2})\.? i (?:næste|naeste|den kommende) måned\b", in_next_month),
        (rf"\b{_WEEKDAY} i uge (\d{{1,2}})\b", in_week),
        (rf"\bførste {_WEEKDAY} i ({'|'.join(MONTH_NAMES)})\b", first_weekday),
        (r"\b(i dag|idag|i morgen|imorgen|i overmorgen|overmorgen)\b",
         lambda m: today + timedelta(days=offsets.get(m.group(1), 2))),
        (rf"\b{_WEEKDAY} (?:i )?(?:næste|naeste) uge\b", next_week),
        (rf"\b{_WEEKDAY} om (?:(?:en|et) )?(?:{_COUNT} )?(?:uge|uger)\b", weekday_later),
        (rf"\b(?:på |paa |næste |naeste |til )?{_WEEKDAY}\b",
         lambda m: _coming(today, WEEKDAYS[m.group(1)])),
        (rf"\b(?:om )?(?:en |et )?(?:ca |cirka )?{_COUNT} {_UNIT}(?: tid)? fra (?:nu|i dag)\b",
         relative),
        (rf"\bom (?:en |et )?(?:ca |cirka )?(?:{_COUNT} )?{_UNIT}(?: tid)?\b", relative),
        (r"\b(?:næste|naeste) uge\b", lambda m: today + timedelta(days=7)),
        (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", iso),
        (r"(?<![\d-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?(?![\d-])", numeric),
        (rf"\b(\d{{1,2}}|{days})\.? ?([a-zæøå]+)\.?(?: (\d{{4}}))?\b", named_month),
        (rf"\b({'|'.join(HOLIDAYS)})\b",
         lambda m: _safe(*HOLIDAYS[m.group(1)], None, today)),
        (r"\b(?:den|d)\.? (\d{1,2})\.?(?= |$)", day_of_month),
    )  # fmt: skip


def _candidates(t: str, today: date):
    """(position, date or DateError, names a day of a month) for every date in the text.

    A day of a month ("12. januar", "12/1", "midt i januar", "den 14.") counts before a
    weekday, a holiday or "om to uger" in the same message ("12. januar i stedet, det er
    mellem jul og nytår")."""
    specific, rules = _rules(today)
    for pattern, meaning in rules:
        for m in list(re.finditer(pattern, t)):
            value = meaning(m)
            if value is not None:
                yield m.start(), value, meaning in specific
                t = t[: m.start()] + " " * (m.end() - m.start()) + t[m.end() :]


def add_months(day: date, months: int) -> date:
    """The same day `months` later ("om to måneder"), or the month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _safe(day: int, month: int, year: int | None, today: date) -> date | DateError:
    try:
        return _future(day, month, year, today)
    except DateError as exc:
        return exc


def _clean(text: str) -> str:
    return " ".join((text or "").lower().replace(",", " ").split())


def parse_deadline(text: str, today: date) -> date:
    """The date meant; when several are written, the last ("ikke 1. februar, sig 15.")."""
    t = _clean(text)
    if not t:
        raise DateError(HELP)
    found = sorted(_candidates(t, today), key=lambda c: c[0])
    if not found:
        raise DateError(HELP)
    specific = [c for c in found if c[2]]
    result = (specific or found)[-1][1]
    if isinstance(result, DateError):
        raise result
    return result


def read_days(text: str, today: date) -> int | None:
    """Days from today for "om en uge", "om 14 dage", "Om 2 uger (15. december 2026)"."""
    t = _clean(text)
    m = re.search(rf"\b(?:om )?(?:en |et )?(?:ca |cirka )?(?:{_COUNT}) {_UNIT}\b", t)
    if m and _count(m.group(1)):
        return _count(m.group(1)) * _unit_days(m.group(2))
    m = re.search(r"\b(?:om )?(?:en|et) (uge|måned|maaned|maned)\b", t)
    if m:
        return UNITS[m.group(1)]
    try:
        days = (parse_deadline(t, today) - today).days
    except DateError:
        return None
    return days if days > 0 else None


def danish_date(value: date) -> str:
    """The date as Danish readers write it, from Babel's CLDR data: "3. december 2026"."""
    return format_date(value, "d. MMMM y", locale="da_DK")


def danish_short_date(value: date) -> str:
    """Day and abbreviated month, from Babel's CLDR data: "3. dec.", "17. maj"."""
    return format_date(value, "d. MMM", locale="da_DK")


DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands stored times back naive; every one we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_day(moment: datetime) -> date:
    """The Danish calendar day of a stored time."""
    return as_utc(moment).astimezone(DANISH_TIME).date()


def local_time(moment: datetime) -> datetime:
    """A stored time on the Danish clock."""
    return as_utc(moment).astimezone(DANISH_TIME)
