"""Duties and help: what the law asks of the team's firm, the five APV phases, outside help.

Plain Python, testable without Rasa or a database. Every statement rests on a named source:
an entry of the knowledge base (knowledge/lovgivning.yaml, hjaelp.yaml, raadgivning.yaml) or
a public page (publisher, title and address, as found). Nothing here is a rule, a number or an
address of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.coach.context import SKIPPED, Context
from bot.kb.schema import Entry


@dataclass(frozen=True)
class Source:
    authors: str
    title: str
    url: str | None = None

    def cite(self) -> str:
        """'Arbejdstilsynet: "Kom i mål med APV-arbejdet"', with the address when there is one."""
        text = f'{self.authors}: "{self.title}"'
        return f"{text}, {self.url}" if self.url else text


AT_AMO_COUNT = Source(
    "Arbejdstilsynet",
    "Sådan opgøres antallet af ansatte ved etablering af AMO",
    "https://at.dk/arbejdsmiljoearbejdet/arbejdsmiljoeorganisation/"
    "saadan-opgoeres-antallet-af-ansatte-ved-etablering-af-amo/",
)
AT_F31 = Source(
    "Arbejdstilsynet",
    "AT-vejledning F.3.1-1: Samarbejde om arbejdsmiljø i virksomheder med højst ni ansatte",
    "https://at.dk/regler/at-vejledninger/samarbejde-virksomheder-hoejst-ni-ansatte-f-3-1/",
)
AT_F33 = Source(
    "Arbejdstilsynet",
    "AT-vejledning F.3.3-1: Samarbejde om arbejdsmiljø i virksomheder med mindst 35 ansatte",
    "https://at.dk/regler/at-vejledninger/samarbejde-virksomheder-mindst-35-ansatte-f-3-3/",
)
LAW_6 = Source(
    "danskelove.dk (gengivelse af arbejdsmiljøloven)",
    "Arbejdsmiljøloven § 6",
    "https://danskelove.dk/arbejdsmilj%C3%B8loven/6",
)
THREE_F_AMO = Source(
    "3F",
    "Arbejdsmiljøorganisationen",
    "https://www.3f.dk/fagforening/arbejdsmiljoe/arbejdsmiljoeorganisationen",
)
AT_APV = Source("Arbejdstilsynet", "Kom i mål med APV-arbejdet")  # knowledge entries apv, apv_faser
ABSENCE_IN_APV = Source(
    "Arbejdsmiljøweb",
    "Sygefravær og APV",
    "https://www.arbejdsmiljoweb.dk/arbejdsmiljoearbejdet/apv/sygefravaer",
)
ABSENCE_NOT_PERSONAL = Source(
    "APV-portalen",
    "Vurdering af sygefravær med årsag i arbejdsmiljøet",
    "https://www.apvportalen.dk/faengsler-og-vagt/apv-kom-godt-i-gang/vurdering-af-sygefravaer",
)


@dataclass(frozen=True)
class Duty:
    """One plain statement of what the law asks, with what it rests on."""

    text: str
    sources: tuple[Source, ...] = ()
    kb_ids: tuple[str, ...] = ()  # knowledge entries that say the same
    extra: str = ""  # a detail for the printed plan, left out of the short chat message
    in_chat: bool = True  # said in the conversation, or only in the printed plan

    def full(self) -> str:
        return f"{self.text} {self.extra}".strip()


SIZES_FROM_TEN = ("10-49", "50-249")


def organisation_duty(context: Context) -> Duty:
    """From 10 employees an arbejdsmiljøorganisation; below, direct cooperation."""
    if context.size in SIZES_FROM_TEN:
        text = (
            "Med 10 eller flere ansatte skal jeres samarbejde om arbejdsmiljøet foregå i en "
            "arbejdsmiljøorganisation (AMO). Det betyder, at valgte arbejdsmiljørepræsentanter "
            "og arbejdsledere sammen med ledelsen planlægger og koordinerer arbejdsmiljøarbejdet, "
            "også APV'en."
        )
        extra = (
            "Med 35 eller flere ansatte skal AMO'en have to niveauer."
            if context.size == "50-249"
            else "Når I når 35 ansatte, skal den have to niveauer."
        )
        sources = (AT_AMO_COUNT, THREE_F_AMO, ABSENCE_IN_APV, AT_F33)
        return Duty(text, sources, ("arbejdsmiljoerepraesentant",), extra)
    if context.size == "1-9":
        text = (
            "Med under 10 ansatte skal I ikke have en arbejdsmiljøorganisation (AMO). I stedet "
            "samarbejder arbejdsgiveren og de ansatte direkte om arbejdsmiljøet, løbende og ved "
            "den årlige arbejdsmiljødrøftelse. Deltidsansatte, lærlinge og vikarer tæller med, "
            "når I tæller."
        )
        return Duty(
            text,
            (AT_F31, LAW_6, AT_AMO_COUNT),
            ("arbejdsmiljoerepraesentant", "aarlig_arbejdsmiljoedroeftelse"),
        )
    return Duty(
        "Fra 10 ansatte skal samarbejdet om arbejdsmiljøet foregå i en "
        "arbejdsmiljøorganisation (AMO). Med færre samarbejder arbejdsgiveren og de ansatte "
        "direkte.",
        (AT_AMO_COUNT, AT_F31),
        ("arbejdsmiljoerepraesentant",),
    )


def duties(context: Context) -> list[Duty]:
    """What the law asks of this team's firm, most particular first."""
    found = [organisation_duty(context)]
    if context.size in SIZES_FROM_TEN and context.amr == "nej":
        found.append(
            Duty(
                "I har ingen arbejdsmiljørepræsentant endnu. Med 10 eller flere ansatte skal I "
                "vælge en.",
                (AT_AMO_COUNT,),
                ("arbejdsmiljoerepraesentant",),
            )
        )
    if context.industry == "byggeri":
        found.append(
            Duty(
                "På byggepladser gælder særlige regler for, hvordan samarbejdet om "
                "arbejdsmiljøet organiseres.",
                (AT_F31,),
                in_chat=False,
            )
        )
    found.append(APV_DUTY)
    return found


APV_DUTY = Duty(
    "APV'en skal også dække det psykiske arbejdsmiljø. Planen, I laver her, kan være "
    "handlingsplanen i jeres APV.",
    (AT_APV,),
    ("apv", "apv_faser"),
)
# Said when the mapping is done and when the plan is exported: one short sentence.
# Said once, when the team saves its first action.
PLAN_IS_APV = (
    "Planen kan være handlingsplanen i jeres APV, som også skal dække det psykiske arbejdsmiljø."
)

APV_SENTENCE = (
    "Kortlægningen er første fase i jeres APV, som også skal dække det psykiske arbejdsmiljø. "
    "Planen, I laver her, kan være APV'ens handlingsplan."
)


# --- The sickness-absence phase ------------------------------------------------------------

ABSENCE = {"ja": "Ja", "lidt": "Lidt", "nej": "Nej", "ved_ikke": "Ved ikke"}
ABSENCE_SAID = {
    "ja": "sygefraværet kan pege på noget i arbejdsmiljøet",
    "lidt": "sygefraværet kan pege lidt på noget i arbejdsmiljøet",
    "nej": "sygefraværet peger ikke på arbejdsmiljøet",
    "ved_ikke": "I ved ikke, om sygefraværet peger på arbejdsmiljøet",
}
ABSENCE_REPLY = {
    "ja": "Noteret: {said}. Det hører med i APV'en, så tag det med, når I vælger, hvad I vil "
    "tage fat på først.",
    "lidt": "Noteret: {said}. Se efter, om fraværet følger bestemte opgaver eller dele af "
    "arbejdet, og tag det med i APV'en.",
    "nej": "Noteret: {said}. Det står i jeres APV som jeres vurdering.",
    "ved_ikke": "Noteret: {said}. Lederen kan se på fraværet samlet, uden at se på den "
    "enkelte, og I kan tage det op igen senere.",
}
ABSENCE_SOURCES = (AT_APV, ABSENCE_IN_APV, ABSENCE_NOT_PERSONAL)


def absence_reply(value: str) -> str:
    """What the coach says to the team's answer; ValueError for a value it does not know."""
    if value not in ABSENCE:
        raise ValueError(f"Ukendt svar om sygefravær: {value}")
    return ABSENCE_REPLY[value].format(said=ABSENCE_SAID[value])


# --- Outside help that fits the trade ------------------------------------------------------

# Knowledge entries (hjaelp.yaml, raadgivning.yaml) for each industry of bot/coach/context.py.
HELP_BY_INDUSTRY: dict[str, tuple[str, ...]] = {
    "byggeri": ("bfa_bygge_anlaeg", "bambus"),
    "industri": ("bfa_industri", "teksam"),
    "detail": ("bfa_handel",),
    "omsorg": ("bfa_velfaerd_offentlig",),
    "service": ("bfa_service",),
}
GENERAL_HELP = ("bfa_branchefaellesskaber", "brancheorganisationer_netvaerk")
SHORT_NAMES = {
    "bfa_bygge_anlaeg": "BFA Bygge og Anlæg",
    "bambus": "BAMBUS",
    "bfa_industri": "BFA Industri",
    "teksam": "TekSam",
    "bfa_handel": "BFA Handel",
    "bfa_velfaerd_offentlig": "BFA Velfærd og Offentlig administration",
    "bfa_service": "BFA Service",
    "bfa_branchefaellesskaber": "branchefællesskabet for jeres branche (BFA)",
    "brancheorganisationer_netvaerk": "jeres brancheorganisation",
}


def help_for(context: Context, entries: Mapping[str, Entry]) -> list[Entry]:
    """The knowledge entries on outside help for the team's trade (and size, where an entry
    says which sizes it is for); the general BFA and branch organisation for other trades."""
    ids = HELP_BY_INDUSTRY.get(context.industry, GENERAL_HELP)
    found = []
    for kb_id in ids:
        entry = entries.get(kb_id)
        if entry is None:
            continue
        if context.size != SKIPPED and context.size not in entry.fits.size:
            continue  # TekSam is for firms from 10 employees
        found.append(entry)
    if not found:
        found = [entries[k] for k in GENERAL_HELP if k in entries]
    return found


def help_sentence(helpers: list[Entry]) -> str:
    """'Hjælp udefra, der passer til jeres branche: BFA Bygge og Anlæg og BAMBUS.'"""
    names = [SHORT_NAMES.get(e.id, e.title) for e in helpers]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    return f"Hjælp udefra, der passer til jeres branche: {listed}."


def help_sources(entry: Entry) -> list[Source]:
    """The entry's own sources that have an address, as Source."""
    return [Source(s.authors, s.title, s.link()) for s in entry.sources if s.link()]


def context_note(context: Context, entries: Mapping[str, Entry]) -> tuple[str, list[Entry]]:
    """The short message after the context is saved: the organisation duty (and a missing
    representative), the help for the trade; and the help entries, for 'Læs mere' buttons."""
    said = [d.text for d in duties(context) if d.in_chat and d is not APV_DUTY]
    helpers = help_for(context, entries)
    if context.industry not in (SKIPPED, "andet") or context.outside_help:
        said.append(help_sentence(helpers))
    return " ".join(s for s in said if s), helpers


# --- The five APV phases -------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseFacts:
    """What the team has done, counted from its data (bot/coach/export.py builds it)."""

    problems: int = 0
    described: int = 0  # problems with the team's own words
    pulse_closed: bool = False
    absence: str | None = None
    chosen: int = 0  # problems with a chosen intervention
    actions: int = 0  # actions in the plan, not dropped (each has an owner)
    dated: int = 0  # ... with a deadline
    checkins: int = 0  # follow-ups held
    next_followup: date | None = None


@dataclass(frozen=True)
class Phase:
    number: int
    title: str
    done: list[str] = field(default_factory=list)
    missing: str | None = None


PHASE_TITLES = (
    "Identifikation og kortlægning",
    "Beskrivelse og vurdering",
    "Inddragelse af sygefravær",
    "Prioritering og handlingsplan",
    "Opfølgning",
)


def _count(n: int, one: str, many: str) -> str:
    words = {1: "et" if one.startswith(("problem",)) else "en", 2: "to", 3: "tre", 4: "fire"}
    return f"{words.get(n, str(n))} {one if n == 1 else many}"


def phases(facts: PhaseFacts, when: str | None = None) -> list[Phase]:
    """The five phases (Arbejdstilsynet, "Kom i mål med APV-arbejdet"), each with what the
    team has done and what is missing. `when` names the date of the next follow-up."""
    mapped = []
    if facts.problems:
        mapped.append(f"I har peget på {_count(facts.problems, 'problem', 'problemer')}.")
    if facts.pulse_closed:
        mapped.append("I har lukket en anonym pulsmåling.")
    one = Phase(
        1,
        PHASE_TITLES[0],
        mapped,
        None if mapped else "Kortlæg, hvad der fylder i jeres arbejdsmiljø, også det psykiske.",
    )
    described = []
    if facts.described:
        described.append(
            f"{_count(facts.described, 'problem', 'problemer').capitalize()} er beskrevet med "
            "jeres egne ord og vurderet efter, hvor meget det betyder."
        )
    lacking = facts.problems - facts.described
    two = Phase(
        2,
        PHASE_TITLES[1],
        described,
        None
        if facts.problems and not lacking
        else (
            f"Beskriv {_count(lacking, 'problem', 'problemer')} mere med jeres egne ord."
            if facts.described
            else "Beskriv problemerne med jeres egne ord: hvad sker der, og hvor meget fylder det?"
        ),
    )
    three = Phase(
        3,
        PHASE_TITLES[2],
        ["I har svaret 'ved ikke'."]
        if facts.absence == "ved_ikke"
        else [f"I har vurderet, at {ABSENCE_SAID[facts.absence]}."]
        if facts.absence in ABSENCE_SAID
        else [],
        None
        if facts.absence in ("ja", "lidt", "nej")
        else "Vurdér sammen, om sygefraværet i teamet peger på noget i arbejdsmiljøet (uden at "
        "se på den enkelte).",
    )
    planned = []
    if facts.chosen:
        planned.append(
            f"I har valgt en indsats til {_count(facts.chosen, 'problem', 'problemer')}."
        )
    if facts.actions:
        listed = _count(facts.actions, "handling", "handlinger")
        if facts.dated == facts.actions:
            every = " med" if facts.actions == 1 else ", alle med"
            planned.append(f"Planen har {listed}{every} ansvarlig og frist.")
        else:
            planned.append(f"Planen har {listed} med ansvarlig, {facts.dated} med frist.")
    four = Phase(
        4,
        PHASE_TITLES[3],
        planned,
        (
            "Læg en plan: hvem gør hvad, og hvornår."
            if not facts.actions
            else "Giv hver handling en frist."
            if facts.dated < facts.actions
            else None
        ),
    )
    followed = []
    if facts.checkins:
        followed.append(f"I har holdt {_count(facts.checkins, 'opfølgning', 'opfølgninger')}.")
    if when:
        followed.append(f"Næste opfølgning er {when}.")
    five = Phase(
        5,
        PHASE_TITLES[4],
        followed,
        None if when else "Aftal, hvornår og hvordan I følger op på planen.",
    )
    return [one, two, three, four, five]
