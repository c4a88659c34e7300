"""The knowledge-base schema (knowledge/SCHEMA.md), enforced when entries are loaded.

A malformed entry raises KnowledgeError naming the file, the entry and the field. An entry is a
frozen pydantic (v1) model, Entry, whose validators are the schema's rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import (
    BaseModel,
    Extra,
    Field,
    PrivateAttr,
    ValidationError,
    root_validator,
    validator,
)

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


class _Problem(ValueError):
    """A rule's Danish message. `at` continues the field's location: keys, or 0-based indexes."""

    def __init__(self, problem: str, *at: str | int):
        super().__init__(problem)
        self.at = at  # pydantic hands it on as the error's ctx


def _rule(check: Callable[[Any], Any], *fields: str, always: bool = False) -> Any:
    """A pydantic validator that runs `check` on the raw value, before pydantic coerces it."""
    return validator(*fields, pre=True, always=always, allow_reuse=True)(check)


def _text(value: Any, min_len: int, max_len: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Problem("skal være en tekst, der ikke er tom")
    value = " ".join(value.split())
    if not min_len <= len(value) <= max_len:
        raise _Problem(f"skal være mellem {min_len} og {max_len} tegn, er {len(value)}")
    return value


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _Problem(f"{value!r} er ikke en af {', '.join(allowed)}")
    return value


def _texts(
    value: Any, min_items: int, max_items: int, allowed: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Problem("skal være en liste")
    if not min_items <= len(value) <= max_items:
        raise _Problem(f"skal have {min_items}-{max_items} punkter, har {len(value)}")
    items = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _Problem(f"{item!r} er ikke en tekst")
        if allowed is not None and item not in allowed:
            raise _Problem(f"{item!r} er ikke en af {', '.join(allowed)}")
        items.append(" ".join(item.split()))
    if len(set(items)) != len(items):
        raise _Problem("indeholder det samme punkt flere gange")
    return tuple(items)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Problem("skal være true eller false")
    return value


def _mapping(value: Any, problem: str, *at: str | int) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Problem(problem, *at)
    return {str(key): item for key, item in value.items()}


def _sentences(text: str) -> int:
    return len([s for s in SENTENCE_END.split(text) if s.strip()])


def _check_id(value: Any) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise _Problem("skal bestå af små bogstaver a-z, tal og _ (2-80 tegn)")
    return value


def _check_short(value: Any) -> str:
    short = _text(value, 40, 900)
    if not 1 <= _sentences(short) <= 4:
        raise _Problem(f"skal være 2-4 sætninger, har {_sentences(short)}")
    return short


def _check_section(value: Any) -> str:
    section = str(value) if isinstance(value, (str, int, float)) else ""
    if not SECTION_PATTERN.match(section):
        raise _Problem("skal være et afsnitsnummer som '5.1', 'lovgivning' eller 'vejledning'")
    return section


def _check_sources(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise _Problem("skal være en liste med mindst én kilde")
    return [_mapping(source, "skal være en mapping", i) for i, source in enumerate(value)]


def _check_first_action(value: Any) -> str:
    """One short Danish sentence a team can accept as its first plan item."""
    value = _text(value, 15, 240)
    if _sentences(value) != 1:
        raise _Problem(f"skal være én sætning, har {_sentences(value)}")
    if value[-1] not in ".?!":
        raise _Problem("skal slutte med punktum, spørgsmålstegn eller udråbstegn")
    words = len(value.split())
    if words > FIRST_ACTION_MAX_WORDS:
        raise _Problem(
            f"skal være højst ca. 25 ord (grænsen er {FIRST_ACTION_MAX_WORDS}), har {words}"
        )
    return value


def _hours(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HOURS:
        raise _Problem(f"skal være et helt antal timer mellem 0 og {MAX_HOURS}")
    return value


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid
        frozen = True  # immutable and hashable, as an entry is shared by every conversation
        # pydantic words the errors of nested models with the outermost model's templates
        error_msg_templates = {
            "value_error.missing": "mangler",
            "value_error.extra": "er ikke et kendt felt",
        }


class _NoYear:
    """Stands in for an absent year, which is refused; null (an undated source) is allowed."""


class Source(_Model):
    # Checked in this order. An absent authors or title is refused as an empty text.
    authors: str = None
    title: str = None
    year: int | None = Field(default_factory=_NoYear)
    doi: str | None = None
    url: str | None = None

    _names = _rule(lambda v: _text(v, 2, 600), "authors", "title", always=True)

    @validator("year", pre=True, always=True)
    def _year(cls, value: Any) -> int | None:
        if isinstance(value, _NoYear):
            raise _Problem("mangler (skriv null, hvis kilden ikke har et år)")
        if value is not None and (not isinstance(value, int) or not 1900 <= value <= 2100):
            raise _Problem("skal være et årstal eller null")
        return value

    @validator("doi", pre=True)
    def _doi(cls, value: Any) -> str | None:
        if value is not None and (not isinstance(value, str) or not value.startswith("10.")):
            raise _Problem("skal begynde med '10.' (uden https://doi.org/)")
        return value

    @validator("url", pre=True)
    def _url(cls, value: Any) -> str | None:
        if value is not None and (not isinstance(value, str) or not value.startswith("http")):
            raise _Problem("skal være en http(s)-adresse")
        return value

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


class Fits(_Model):
    size: tuple[str, ...]
    industries: tuple[str, ...]
    resources: str
    outside_help: bool

    class Config:
        extra = Extra.ignore  # other keys were never refused here

    _size = _rule(lambda v: _texts(v, 1, 3, SIZES), "size")
    _industries = _rule(lambda v: _texts(v, 1, 15), "industries")
    _resources = _rule(lambda v: _choice(v, RESOURCES), "resources")
    _outside_help = _rule(_flag, "outside_help")


class TableRow(_Model):
    # An absent key is refused by its rule (not a valid table, an empty text).
    table: str = None
    insight: str = None
    barrier: str = None
    action: str = None

    class Config:
        extra = Extra.ignore  # other keys were never refused here

    _table = _rule(lambda v: _choice(v, TABLES), "table", always=True)
    _insight = _rule(lambda v: _text(v, 5, 200), "insight", always=True)
    _barrier = _rule(lambda v: _text(v, 10, 800), "barrier", always=True)
    _action = _rule(lambda v: _text(v, 10, 1200), "action", always=True)


class Demands(_Model):
    group: bool
    facilitator: bool
    hours: int

    _flags = _rule(_flag, "group", "facilitator")
    _hours = _rule(_hours, "hours")


class Entry(_Model):
    """One entry as SCHEMA.md describes it: the required fields first, then the optional ones."""

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
    # The file the entry was read from: not a field, so not compared or stored in the entry.
    _source_file: str = PrivateAttr("")

    @root_validator(pre=True)
    def _known_fields(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Which fields must be there and which may, checked before any field's value."""
        for name, model_field in cls.__fields__.items():
            if model_field.required and name not in values:
                raise _Problem("mangler", name)
        unknown = sorted(set(values) - set(cls.__fields__))
        if unknown:
            raise _Problem("er ikke et kendt felt (se knowledge/SCHEMA.md)", unknown[0])
        for name in REQUIRED_FOR_TILTAG:
            if values["kind"] == "tiltag" and name not in values:
                raise _Problem("mangler (kræves for et tiltag)", name)
        return values

    _id = _rule(_check_id, "id")
    _title = _rule(lambda v: _text(v, 3, 200), "title")
    _kind = _rule(lambda v: _choice(v, KINDS), "kind")
    _area = _rule(lambda v: _choice(v, AREAS), "area")
    _short = _rule(_check_short, "short")
    _explanation = _rule(lambda v: _text(v, 80, 6000), "explanation")
    _keywords = _rule(lambda v: _texts(v, 3, 25), "keywords")
    _themes = _rule(lambda v: _texts(v, 0, len(THEMES), THEMES), "themes")
    _fits = _rule(
        lambda v: _mapping(v, "skal være en mapping med size, industries, resources, outside_help"),
        "fits",
    )
    _report_section = _rule(_check_section, "report_section")
    _sources = _rule(_check_sources, "sources")
    _evidence = _rule(lambda v: _choice(v, EVIDENCE), "evidence")
    _evidence_note = _rule(lambda v: _text(v, 10, 600), "evidence_note")
    _lists = _rule(lambda v: _texts(v, 1, 12), "steps", "questions")
    _effort = _rule(lambda v: _text(v, 5, 400), "effort")
    _involvement = _rule(lambda v: _choice(v, INVOLVEMENT), "involvement")
    _table_row = _rule(
        lambda v: _mapping(v, "skal være en mapping med table, insight, barrier, action"),
        "table_row",
    )
    _first_action = _rule(_check_first_action, "first_action")
    _methods = _rule(lambda v: _texts(v, 1, len(METHOD_IDS), METHOD_IDS), "methods")
    _demands = _rule(
        lambda v: _mapping(v, "skal være en mapping med group, facilitator, hours"), "demands"
    )

    @validator("first_action_by_industry", pre=True)
    def _first_action_by_industry(
        cls, value: Any, values: dict[str, Any]
    ) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict) or not value:
            raise _Problem("skal være en mapping branche -> sætning")
        if values.get("first_action") is None:  # absent (or refused already, and named first)
            raise _Problem("kræver også et generelt first_action")
        pairs = []
        for industry, sentence in value.items():
            if industry not in INDUSTRIES:
                raise _Problem(f"{industry!r} er ikke en af {', '.join(INDUSTRIES)}", str(industry))
            try:
                pairs.append((industry, _check_first_action(sentence)))
            except _Problem as exc:
                raise _Problem(str(exc), industry) from None
        return tuple(pairs)

    @root_validator(skip_on_failure=True)
    def _together(cls, values: dict[str, Any]) -> dict[str, Any]:
        """The rules that tie fields together, once every field is valid on its own."""
        note = values["evidence_note"].lower()
        if values["evidence"] == "coachens_raad" and "coachens" not in note:
            raise _Problem("skal sige ligeud, at det er coachens eget råd", "evidence_note")
        if values["report_section"] == "vejledning" and not any(s.url for s in values["sources"]):
            raise _Problem(
                "et opslag om offentlig vejledning skal have mindst én kilde med url", "sources"
            )
        themes = values["themes"]
        if values["kind"] == "tiltag" and not 1 <= len(themes) <= 2:
            raise _Problem(f"et tiltag skal have et eller to temaer, har {len(themes)}", "themes")
        return values

    @property
    def source_file(self) -> str:
        return self._source_file

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


# The fields an entry must have and those it may have, in the order of SCHEMA.md's table.
REQUIRED = tuple(name for name, f in Entry.__fields__.items() if f.required)
OPTIONAL = tuple(name for name, f in Entry.__fields__.items() if not f.required)


def _field_name(error: dict[str, Any]) -> str | None:
    """pydantic's location as the schema names a field: ('sources', 0, 'year') is sources[1].year."""
    name = ""
    for part in (*error["loc"], *error.get("ctx", {}).get("at", ())):
        if isinstance(part, int):
            name += f"[{part + 1}]"
        elif part != "__root__":
            name += f".{part}" if name else part
    return name or None


def validate_entry(data: Any, file: str, position: int) -> Entry:
    """Check one raw entry (a dict from YAML) and return it as an Entry."""
    if not isinstance(data, dict):
        raise KnowledgeError(file, f"nr. {position + 1}", None, "et opslag skal være en mapping")
    entry_id = data["id"] if isinstance(data.get("id"), str) else f"nr. {position + 1}"
    try:
        entry = Entry(**{str(key): value for key, value in data.items()})
    except ValidationError as exc:
        error = exc.errors()[0]
        raise KnowledgeError(file, entry_id, _field_name(error), error["msg"]) from None
    entry._source_file = file
    return entry
