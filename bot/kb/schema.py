"""The knowledge-base schema (knowledge/SCHEMA.md), enforced when entries are loaded.

A malformed entry raises KnowledgeError naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.themes import THEMES

KINDS = (
    "indsats",
    "metode",
    "program",
    "indsigt",
    "implementering",
    "baggrund",
    "mekanisme",
    "lovgivning",
    "hjaelp",
    "tiltag",
)
AREAS = (
    "raadgivning",
    "medarbejderinddragelse",
    "ledelse",
    "teknologi",
    "implementering",
    "baggrund",
    "samfund",
    "lovgivning",
    "tiltag",
)
SIZES = ("1-9", "10-49", "50-249")
RESOURCES = ("lav", "middel", "hoej")
INVOLVEMENT = ("faelles_loesninger", "opbakning", "delte_beslutninger")
EVIDENCE = (
    "kontrolleret",
    "kvasi_eksperimentel",
    "uden_kontrolgruppe",
    "kvalitativ",
    "protokol",
    "review",
    "praksiserfaring",
    "lovgivning",
    "ikke_angivet",
    "coachens_raad",
)
TABLES = ("raadgivning", "medarbejderinddragelse", "ledelse", "teknologi")
# Authors as the report lists them: "Gensby, U., Limborg, H. J., & Helgesen, A."
AUTHOR_SPLIT = re.compile(r",?\s*&\s*|(?<=\.),\s+")
# A sentence ends at . ! or ? followed by a capital, unless the dot ends a number or an
# abbreviation ("nr. 1406", "26. september", "fx. ").
SENTENCE_END = re.compile(
    r"(?<!\bnr)(?<!\bfx)(?<!\bca)(?<!\bjf)(?<!\bbl\.a)(?<!\bdvs)(?<![0-9])[.!?]\s+(?=[A-ZÆØÅ])"
)
ID_PATTERN = re.compile(r"^[a-z0-9_]{2,80}$")
SECTION_PATTERN = re.compile(r"^(\d+(\.\d+)*|lovgivning|vejledning)$")
# The industries a first action can be worded for (the coach's industry question, minus "andet").
INDUSTRIES = ("byggeri", "industri", "detail", "omsorg", "service", "transport", "landbrug", "it")
# The NECTO process methods a concrete measure (kind "tiltag") can name in `methods`.
METHOD_IDS = (
    "korte_eksperimenter",
    "fishbone_workshop",
    "pro_modellen",
    "tre_former_inddragelse",
    "worm_risikovurdering",
    "trivselsapps_korte_maalinger",
)
FIRST_ACTION_MAX_WORDS = 30  # SCHEMA.md asks for about 25; longer than 30 is refused
MAX_HOURS = 200

REQUIRED = (
    "id",
    "title",
    "kind",
    "area",
    "short",
    "explanation",
    "keywords",
    "themes",
    "fits",
    "report_section",
    "sources",
    "evidence",
    "evidence_note",
)
OPTIONAL = (
    "steps",
    "questions",
    "effort",
    "involvement",
    "table_row",
    "first_action",
    "first_action_by_industry",
    "methods",
    "demands",
)
# Required only for concrete measures (kind "tiltag").
REQUIRED_FOR_TILTAG = ("first_action", "demands")


class KnowledgeError(ValueError):
    """A knowledge file or entry that does not follow the schema."""

    def __init__(self, file: str, entry: str | None, field_name: str | None, problem: str):
        self.file, self.entry, self.field, self.problem = file, entry, field_name, problem
        where = file
        if entry:
            where += f", opslag '{entry}'"
        if field_name:
            where += f", felt '{field_name}'"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Source:
    authors: str
    year: int | None  # None: the source carries no date ("u.å.")
    title: str
    doi: str | None = None
    url: str | None = None

    def citation(self) -> str:
        """Short form for chat: 'Gensby m.fl. (2021)', 'Grosen og Edwards (2024)'."""
        people = [p for p in AUTHOR_SPLIT.split(self.authors.split("(")[0]) if p.strip()]
        names = [p.split(",")[0].strip() for p in people] or [self.authors.strip()]
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} og {names[1]}"
        else:
            who = f"{names[0]} m.fl."
        return f"{who} ({self.year or 'u.å.'})"

    def link(self) -> str | None:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


@dataclass(frozen=True)
class Fits:
    size: tuple[str, ...]
    industries: tuple[str, ...]
    resources: str
    outside_help: bool


@dataclass(frozen=True)
class TableRow:
    table: str
    insight: str
    barrier: str
    action: str


@dataclass(frozen=True)
class Demands:
    group: bool  # needs a project or working group
    facilitator: bool  # needs someone to facilitate, internal or external
    hours: int  # rough total team hours to get started


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    kind: str
    area: str
    short: str
    explanation: str
    keywords: tuple[str, ...]
    themes: tuple[str, ...]
    fits: Fits
    report_section: str
    sources: tuple[Source, ...]
    evidence: str
    evidence_note: str
    steps: tuple[str, ...] = ()
    # Questions a team would type that this entry answers, in their words ("skal vi have en
    # amr, når vi kun er 6?"): searched beside title and keywords, never shown.
    questions: tuple[str, ...] = ()
    effort: str | None = None
    involvement: str | None = None
    table_row: TableRow | None = None
    first_action: str | None = None
    # (industry, sentence) pairs, in file order; a tuple so the entry stays hashable
    first_action_by_industry: tuple[tuple[str, str], ...] = ()
    methods: tuple[str, ...] = ()
    demands: Demands | None = None
    source_file: str = field(default="", compare=False)

    def first_action_for(self, industry: str | None) -> str | None:
        """The first action worded for this industry, or the general one."""
        return dict(self.first_action_by_industry).get(industry or "", self.first_action)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as stored in the database and accepted back by validate_entry."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "area": self.area,
            "short": self.short,
            "explanation": self.explanation,
            "keywords": list(self.keywords),
            "themes": list(self.themes),
            "fits": {
                "size": list(self.fits.size),
                "industries": list(self.fits.industries),
                "resources": self.fits.resources,
                "outside_help": self.fits.outside_help,
            },
            "report_section": self.report_section,
            "sources": [
                {k: v for k, v in vars(s).items() if v is not None or k == "year"}
                for s in self.sources
            ],
            "evidence": self.evidence,
            "evidence_note": self.evidence_note,
        }
        if self.steps:
            data["steps"] = list(self.steps)
        if self.questions:
            data["questions"] = list(self.questions)
        if self.effort:
            data["effort"] = self.effort
        if self.involvement:
            data["involvement"] = self.involvement
        if self.table_row:
            data["table_row"] = dict(vars(self.table_row))
        if self.first_action:
            data["first_action"] = self.first_action
        if self.first_action_by_industry:
            data["first_action_by_industry"] = dict(self.first_action_by_industry)
        if self.methods:
            data["methods"] = list(self.methods)
        if self.demands:
            data["demands"] = dict(vars(self.demands))
        return data


class _Checker:
    def __init__(self, file: str, entry_id: str | None):
        self.file, self.entry_id = file, entry_id

    def fail(self, field_name: str | None, problem: str) -> KnowledgeError:
        return KnowledgeError(self.file, self.entry_id, field_name, problem)

    def text(self, data: dict, name: str, min_len: int = 1, max_len: int = 5000) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, "skal være en tekst, der ikke er tom")
        value = " ".join(value.split())
        if not min_len <= len(value) <= max_len:
            raise self.fail(name, f"skal være mellem {min_len} og {max_len} tegn, er {len(value)}")
        return value

    def choice(self, data: dict, name: str, allowed: tuple[str, ...]) -> str:
        value = data.get(name)
        if value not in allowed:
            raise self.fail(name, f"{value!r} er ikke en af {', '.join(allowed)}")
        return value

    def text_list(
        self, data: dict, name: str, min_items: int, max_items: int, allowed=None
    ) -> tuple[str, ...]:
        value = data.get(name)
        if not isinstance(value, list):
            raise self.fail(name, "skal være en liste")
        if not min_items <= len(value) <= max_items:
            raise self.fail(name, f"skal have {min_items}-{max_items} punkter, har {len(value)}")
        items = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(name, f"{item!r} er ikke en tekst")
            if allowed is not None and item not in allowed:
                raise self.fail(name, f"{item!r} er ikke en af {', '.join(allowed)}")
            items.append(" ".join(item.split()))
        if len(set(items)) != len(items):
            raise self.fail(name, "indeholder det samme punkt flere gange")
        return tuple(items)


def _sentences(text: str) -> int:
    return len([s for s in SENTENCE_END.split(text) if s.strip()])


def _first_action(c: _Checker, data: dict, name: str, label: str) -> str:
    """One short Danish sentence a team can accept as its first plan item."""
    try:
        value = c.text(data, name, 15, 240)
    except KnowledgeError as exc:
        raise c.fail(label, exc.problem) from None
    if _sentences(value) != 1:
        raise c.fail(label, f"skal være én sætning, har {_sentences(value)}")
    if value[-1] not in ".?!":
        raise c.fail(label, "skal slutte med punktum, spørgsmålstegn eller udråbstegn")
    words = len(value.split())
    if words > FIRST_ACTION_MAX_WORDS:
        raise c.fail(
            label, f"skal være højst ca. 25 ord (grænsen er {FIRST_ACTION_MAX_WORDS}), har {words}"
        )
    return value


def _demands(c: _Checker, raw: Any) -> Demands:
    if not isinstance(raw, dict):
        raise c.fail("demands", "skal være en mapping med group, facilitator, hours")
    for name in ("group", "facilitator", "hours"):
        if name not in raw:
            raise c.fail(f"demands.{name}", "mangler")
    extra = set(raw) - {"group", "facilitator", "hours"}
    if extra:
        raise c.fail(f"demands.{sorted(extra)[0]}", "er ikke et kendt felt")
    for name in ("group", "facilitator"):
        if not isinstance(raw[name], bool):
            raise c.fail(f"demands.{name}", "skal være true eller false")
    hours = raw["hours"]
    if isinstance(hours, bool) or not isinstance(hours, int) or not 0 <= hours <= MAX_HOURS:
        raise c.fail("demands.hours", f"skal være et helt antal timer mellem 0 og {MAX_HOURS}")
    return Demands(raw["group"], raw["facilitator"], hours)


def validate_entry(data: Any, file: str, position: int) -> Entry:
    """Check one raw entry (a dict from YAML) and return it as an Entry."""
    if not isinstance(data, dict):
        raise KnowledgeError(file, f"nr. {position + 1}", None, "et opslag skal være en mapping")
    raw_id = data.get("id")
    entry_id = raw_id if isinstance(raw_id, str) else f"nr. {position + 1}"
    c = _Checker(file, entry_id)
    for name in REQUIRED:
        if name not in data:
            raise c.fail(name, "mangler")
    unknown = set(data) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise c.fail(sorted(unknown)[0], "er ikke et kendt felt (se knowledge/SCHEMA.md)")
    if not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
        raise c.fail("id", "skal bestå af små bogstaver a-z, tal og _ (2-80 tegn)")

    short = c.text(data, "short", 40, 900)
    if not 1 <= _sentences(short) <= 4:
        raise c.fail("short", f"skal være 2-4 sætninger, har {_sentences(short)}")

    fits_raw = data["fits"]
    if not isinstance(fits_raw, dict):
        raise c.fail("fits", "skal være en mapping med size, industries, resources, outside_help")
    for name in ("size", "industries", "resources", "outside_help"):
        if name not in fits_raw:
            raise c.fail(f"fits.{name}", "mangler")
    fc = _Checker(file, entry_id)
    try:
        size = fc.text_list(fits_raw, "size", 1, 3, SIZES)
        industries = fc.text_list(fits_raw, "industries", 1, 15)
        resources = fc.choice(fits_raw, "resources", RESOURCES)
    except KnowledgeError as exc:
        raise c.fail(f"fits.{exc.field}", exc.problem) from None
    if not isinstance(fits_raw["outside_help"], bool):
        raise c.fail("fits.outside_help", "skal være true eller false")

    sources_raw = data["sources"]
    if not isinstance(sources_raw, list) or not sources_raw:
        raise c.fail("sources", "skal være en liste med mindst én kilde")
    sources = []
    for i, src in enumerate(sources_raw, 1):
        if not isinstance(src, dict):
            raise c.fail(f"sources[{i}]", "skal være en mapping")
        extra = set(src) - {"authors", "year", "title", "doi", "url"}
        if extra:
            raise c.fail(f"sources[{i}].{sorted(extra)[0]}", "er ikke et kendt felt")
        sc = _Checker(file, entry_id)
        try:
            authors = sc.text(src, "authors", 2, 600)
            title = sc.text(src, "title", 2, 600)
        except KnowledgeError as exc:
            raise c.fail(f"sources[{i}].{exc.field}", exc.problem) from None
        if "year" not in src:
            raise c.fail(f"sources[{i}].year", "mangler (skriv null, hvis kilden ikke har et år)")
        year = src["year"]
        if year is not None and (not isinstance(year, int) or not 1900 <= year <= 2100):
            raise c.fail(f"sources[{i}].year", "skal være et årstal eller null")
        doi, url = src.get("doi"), src.get("url")
        if doi is not None and (not isinstance(doi, str) or not doi.startswith("10.")):
            raise c.fail(f"sources[{i}].doi", "skal begynde med '10.' (uden https://doi.org/)")
        if url is not None and (not isinstance(url, str) or not url.startswith("http")):
            raise c.fail(f"sources[{i}].url", "skal være en http(s)-adresse")
        sources.append(Source(authors=authors, year=year, title=title, doi=doi, url=url))

    section = data["report_section"]
    section = str(section) if isinstance(section, (str, int, float)) else ""
    if not SECTION_PATTERN.match(section):
        raise c.fail(
            "report_section",
            "skal være et afsnitsnummer som '5.1', 'lovgivning' eller 'vejledning'",
        )

    steps = c.text_list(data, "steps", 1, 12) if "steps" in data else ()
    questions = c.text_list(data, "questions", 1, 12) if "questions" in data else ()
    involvement = c.choice(data, "involvement", INVOLVEMENT) if "involvement" in data else None
    effort = c.text(data, "effort", 5, 400) if "effort" in data else None

    table_row = None
    if "table_row" in data:
        row = data["table_row"]
        if not isinstance(row, dict):
            raise c.fail("table_row", "skal være en mapping med table, insight, barrier, action")
        rc = _Checker(file, entry_id)
        try:
            table_row = TableRow(
                table=rc.choice(row, "table", TABLES),
                insight=rc.text(row, "insight", 5, 200),
                barrier=rc.text(row, "barrier", 10, 800),
                action=rc.text(row, "action", 10, 1200),
            )
        except KnowledgeError as exc:
            raise c.fail(f"table_row.{exc.field}", exc.problem) from None

    kind = c.choice(data, "kind", KINDS)
    if kind == "tiltag":
        for name in REQUIRED_FOR_TILTAG:
            if name not in data:
                raise c.fail(name, "mangler (kræves for et tiltag)")

    first_action = None
    if "first_action" in data:
        first_action = _first_action(c, data, "first_action", "first_action")
    by_industry: tuple[tuple[str, str], ...] = ()
    if "first_action_by_industry" in data:
        raw = data["first_action_by_industry"]
        if not isinstance(raw, dict) or not raw:
            raise c.fail("first_action_by_industry", "skal være en mapping branche -> sætning")
        if first_action is None:
            raise c.fail("first_action_by_industry", "kræver også et generelt first_action")
        pairs = []
        for industry, _sentence in raw.items():
            label = f"first_action_by_industry.{industry}"
            if industry not in INDUSTRIES:
                raise c.fail(label, f"{industry!r} er ikke en af {', '.join(INDUSTRIES)}")
            pairs.append((industry, _first_action(c, raw, industry, label)))
        by_industry = tuple(pairs)

    methods = (
        c.text_list(data, "methods", 1, len(METHOD_IDS), METHOD_IDS) if "methods" in data else ()
    )
    demands = _demands(c, data["demands"]) if "demands" in data else None

    evidence = c.choice(data, "evidence", EVIDENCE)
    evidence_note = c.text(data, "evidence_note", 10, 600)
    if evidence == "coachens_raad" and "coachens" not in evidence_note.lower():
        raise c.fail("evidence_note", "skal sige ligeud, at det er coachens eget råd")
    if section == "vejledning" and not any(src.url for src in sources):
        raise c.fail(
            "sources", "et opslag om offentlig vejledning skal have mindst én kilde med url"
        )

    themes = c.text_list(data, "themes", 0, len(THEMES), THEMES)
    if kind == "tiltag" and not 1 <= len(themes) <= 2:
        raise c.fail("themes", f"et tiltag skal have et eller to temaer, har {len(themes)}")

    return Entry(
        id=raw_id,
        title=c.text(data, "title", 3, 200),
        kind=kind,
        area=c.choice(data, "area", AREAS),
        short=short,
        explanation=c.text(data, "explanation", 80, 6000),
        keywords=c.text_list(data, "keywords", 3, 25),
        themes=themes,
        fits=Fits(size, industries, resources, fits_raw["outside_help"]),
        report_section=section,
        sources=tuple(sources),
        evidence=evidence,
        evidence_note=evidence_note,
        steps=steps,
        questions=questions,
        effort=effort,
        involvement=involvement,
        table_row=table_row,
        first_action=first_action,
        first_action_by_industry=by_industry,
        methods=methods,
        demands=demands,
        source_file=file,
    )
