"""Typed answers to the context questions: size, industry, representative, help, time,
changes, the manager's pressure. Values are those of bot/coach/context.py."""

from __future__ import annotations

import re

from bot.coach.reading import Reading
from bot.coach.reading.trades import DECIDING, INDUSTRY_STEMS, PRECEDENCE
from bot.coach.reading.words import (
    any_phrase,
    fold,
    is_none,
    normalise,
    numbers,
    starts_like,
    yes_no,
)

SIZE_BANDS = ("1-9", "10-49", "50-249")
INFLECTIONS = ("", "e", "en", "et", "er", "erne", "ene", "s", "ens", "ets", "ne")


def _band(n: int) -> str | None:
    if n < 1:
        return None
    return "1-9" if n < 10 else "10-49" if n < 50 else "50-249"


def read_size(text: str) -> Reading | None:
    """ "vi er 12 mand", "et dusin", "mig og to svende", "knap 50", "20-25 stykker"."""
    t = normalise((text or "").replace("+", " plus "))
    # Amounts of time or money are no head count: "maybe 2 hours", "3 timer om ugen".
    t = re.sub(r"\b\d+(?:[.,]\d+)? ?(?:timer?|t|hours?|h|min\w*|dage?|uger?|måned\w*|kr|"
               r"kroner|procent|%|år)\b", " ", t)  # fmt: skip
    t = re.sub(r"\b(?:fra|i|siden) (?:19|20)\d\d\b", " ", t)  # "firmaet er fra 1987"
    now = re.search(r"\b(?:men|nu|i dag)\b.*?\b(?:er vi|vi er|nu)\b", t)
    if now and re.search(r"\bvar\b", t[: now.start()]) and numbers(t[now.start() :]):
        t = t[now.start() :]  # "vi var 11, men efter nedskæringerne er vi 7"
    if re.search(r"\b(?:enkeltmands\w*|enmands\w*|solo\w*|kun mig|bare mig|mig selv alene)\b", t):
        return Reading("1-9")
    if re.search(r"\bmig\b", t) and not numbers(t) and len(t.split()) <= 8:
        return Reading("1-9")  # "mig, min bror og en lærling"
    for band in SIZE_BANDS:
        if re.search(rf"(?<![\d-]){re.escape(band)}(?![\d-])", t):
            return Reading(band)
    found = numbers(t)
    if not found:
        return None
    tokens = t.replace("-", " ").split()
    total = found[0]
    if len(found) >= 2 and re.search(r"\b(?:plus|\+)\b", t):
        total = sum(found)
    elif re.search(r"\b(?:mig|os) og\b", t) and len(found) == 1:
        total = found[0] + 1  # "mig og to svende"
    elif re.search(r"\b(?:plus|udover|ud over|foruden|og så) mig\b", t):
        # "8 plus mig" is nine; "vi er 9 med mig" counts me already.
        total = found[0] + 1
    if re.search(r"\b(?:knap|lige under|under|næsten)\b", t) and len(found) == 1:
        total = found[0] - 1
    bands = {_band(n) for n in ([total] if total != found[0] else found)}
    bands.discard(None)
    if not bands:
        return None
    if len(bands) == 1:
        band = bands.pop()
        return Reading(band, sure=found[0] < 250 or "tal" in tokens)
    # "mellem 8 og 12": the larger band, but ask.
    return Reading(_band(max(found)), sure=False)


# A compound's parts ("busselskab" -> "bus", "cykelbude" -> "bude"): its head before a
# business word, and its tail after a known first part.
BUSINESS = ("selskab", "firma", "virksomhed", "forretning", "central", "drift", "station",
            "depot", "værksted", "butik", "kæde")  # fmt: skip
FIRST_PARTS = ("cykel", "bil", "last", "vare", "pakke", "svine", "kvæg", "mink", "kylling",
               "fiske", "tøj", "sko", "byg", "møbel")  # fmt: skip


def _compound_parts(token: str) -> list[str]:
    parts = []
    for word in BUSINESS:
        if token.endswith(word) and len(token) > len(word) + 1:
            parts.append(token[: -len(word)].rstrip("s"))
    for first in FIRST_PARTS:
        if token.startswith(first) and len(token) > len(first) + 2:
            parts.append(token[len(first) :])
    return parts


def _stem_matches(token: str, stem: str) -> bool:
    exact = stem.endswith("=") or len(stem) <= 4
    stem = stem.rstrip("=")
    if stem.endswith("-"):
        return token.startswith(stem)
    if exact:
        return any(fold(token) == fold(stem + ending) for ending in INFLECTIONS)
    return starts_like(token, stem)


def read_industry(text: str) -> Reading | None:
    """ "tømrer", "vi er et plejehjem på fyn", "elektrikker", "byggemarked"."""
    t = normalise(text)
    tokens = t.split()
    tokens += [part for token in tokens for part in _compound_parts(token)]
    for word, industry in DECIDING.items():
        if any(starts_like(token, word) for token in tokens):
            return Reading(industry)
    found = []
    for industry, stems in INDUSTRY_STEMS.items():
        for stem in stems:
            if " " in stem:
                hit = any_phrase(tokens, [stem.replace("=", "") + "*"])
            else:
                hit = any(_stem_matches(token, stem) for token in tokens)
            if hit:
                found.append(industry)
                break
    if not found:
        return None
    if len(found) == 1:
        return Reading(found[0])
    best = min(found, key=PRECEDENCE.index)
    return Reading(best, sure=False)


def read_amr(text: str) -> Reading | None:
    """ "jo, det er Bent", "nej vi er for små", "ikke endnu", "vi valgte en i foråret"."""
    t = normalise(text)
    answer = yes_no(t)
    if answer:
        return Reading(answer)
    about = re.search(
        r"\b(?:amr\w*|\w*repræsentant\w*|\w*repraesentant\w*|valg\w*|hun|han|vi har|vi havde|"
        r"har vi|ny|nyt|stopped?e?|stoppet|pension\w*|faktisk|jo|ja|nej)\b",
        t,
    )
    if len(t.split()) > 7 and not about:
        return None  # "det med ruterne, 14 stop kan ik nås": a problem told, no answer
    if re.search(r"\b(?:ikke|ingen|ik|aldrig|nej|næh?|naeh?|nope)\b", t) or re.search(
        r"\b(?:havde|har haft)\b.*\b(?:stoppet|stoppede|holdt op|gået|gik|rejst|sagt op|sagde op)\b",
        t,
    ):
        return Reading("nej")
    if re.search(
        r"\b(?:det er|det bliver|vi har (?:en|én|valgt)|vi valgte|valgt|hedder|er valgt)\b", t
    ):
        return Reading("ja")
    return None


HELP_PHRASES = {
    "brancheorganisation": (
        "brancheorg*", "branchorg*", "brancheforening*", "arbejdsgiverforening*",
        "dansk byggeri", "dansk industri", "di", "dansk erhverv", "tekniq", "horesta",
        "smvdanmark", "smv danmark", "landbrug og fødevarer", "landbrug fødevarer",
        "samvirkende købmænd", "dansk handel", "håndværksrådet", "dansk håndværk",
        "dansk arbejdsgiverforening", "malerfirma*", "danske maler*", "dansk transport",
        "itd", "dansk it", "it-branchen", "danske vognmænd", "dansk erhvervsfremme", "dtl",
        "dansk transport og logistik", "danske speditører", "dansk metal arbejdsgiver*",
        "danske advokater", "danske revisorer", "danske fysioterapeuter", "danske malermestre",
        "malermest*", "murermest*", "tømrermest*", "mesterforening*",
    ),
    "bfa": ("bfa*", "branchefællesskab*", "branchefaellesskab*", "arbejdsmiljøweb*"),
    "bambus_teksam": ("bambus*", "teksam*", "arbejdsmiljøbus*", "arbejdsmiljobus*"),
    "konsulent": (
        "konsulent*", "rådgiver*", "raadgiver*", "arbejdsmiljørådgiver*", "ekstern hjælp",
        "hr-konsulent*", "psykolog*", "coach*", "arbejdsmiljøkonsulent*", "erhvervscoach*",
    ),
    "revisor": ("revisor*", "revision*"),
    "fagforening": (
        "fagforening*", "fagforbund*", "foa", "3f", "hk", "dansk metal", "metal", "bupl",
        "dsr", "sygeplejeråd*", "serviceforbundet", "dansk el-forbund", "el-forbundet",
        "blik og rør", "krifa", "det faglige hus", "ase", "djøf", "prosa", "ida", "dm",
        "socialpædagogerne", "fødevareforbundet", "nnf", "tillidsrepræsentant*", "tr",
        "tillidsmand*", "tillidsfolk", "fællestillidsrepræsentant*", "union",
    ),
}  # fmt: skip


def _several(text: str, phrases: dict[str, tuple[str, ...]]) -> list[str]:
    tokens = normalise(text).replace("/", " ").split()
    return sorted(value for value, ps in phrases.items() if any_phrase(tokens, ps))


def read_outside_help(text: str) -> Reading | None:
    """ "dansk byggeri og så vores revisor", "bfa og en konsulent", "ingen"."""
    found = _several(text, HELP_PHRASES)
    words = normalise(text).split()
    if any(w.endswith(("forening", "foreningen")) and not w.startswith("fag") for w in words):
        found = sorted({*found, "brancheorganisation"})  # "tandlægeforeningen"
    if found:
        return Reading(found)
    if is_none(text) or re.search(
        r"\b(?:ingen|ikke nogen|ikke noget|alene med det|står alene|klarer det selv|kun os selv|"
        r"klarer vi (?:\w+ )?selv|"
        r"bare os selv)\b",
        normalise(text),
    ):
        return Reading(["ingen"])
    return None


# Spans of time named by a word; used only where no hours or minutes are given.
_MINUTES = (
    (r"(?:en |et )?par timers?", 120),
    (r"flere timer", 180),
    (r"(?:en |et )?par kvarter", 30),
    (r"(?:en )?halv(?:\s)?dag", 210),
    (r"(?:en )?hel dag|(?:en )?arbejdsdag", 450),
    (r"(?:en )?(?:formiddag|eftermiddag)", 180),
)
# Amounts: "halvanden time", "en halv time", "et kvarter", "1,5 t", "20 min", "en times møde".
_AMOUNTS = (
    (r"fra (?:kl )?(\d{1,2})(?:[.:]\d\d)? til (?:kl )?(\d{1,2})(?:[.:]\d\d)?",
     lambda m: max(0, int(m.group(2)) - int(m.group(1))) * 60 or None),
    (r"(\d+|[a-zæøå]+) gange (?:en|et|(\d+)) (timer|time|kvarter)",
     lambda m: (_count(m.group(1)) or 0) * (_count(m.group(2)) if m.group(2) else 1)
     * (15 if m.group(3) == "kvarter" else 60) or None),
    (r"(\d+(?:\.\d+)?|[a-zæøå]+) kvarter", lambda m: (_count(m.group(1)) or 0) * 15 or None),
    (r"(\d+|[a-zæøå]+) (?:møder|gange|sessioner) (?:a|af|på|med) (en|et|\d+) (timer|time)",
     lambda m: (_count(m.group(1)) or 0) * (_count(m.group(2)) or 0) * 60 or None),
    (r"(?:en |et )?(?:lille |god |godt )?times tid", lambda m: 60),
    (r"halvanden (?:time|times)", lambda m: 90),
    (r"(?:en |et )?halv (?:time|times)", lambda m: 30),
    (r"(?:et )?kvarter", lambda m: 15),
    (r"(\d+(?:\.\d+)?|[a-zæøå]+) (timer|times|time|t|min|minutter|minut)\b",
     lambda m: _amount(m.group(1), m.group(2))),
)  # fmt: skip
_PER = (
    (r"hver anden uge|hver 14\. dag|hver fjortende dag|hver 14 dag", 0.5),
    (
        r"om måneden|hver måned|månedlig[a-z]*|om maaneden|pr måned|i måneden|om mdr|om md|pr mdr",
        0.25,
    ),
    (r"om dagen|hver dag|dagligt|pr dag|hver morgen", 5.0),
)


def _amount(count: str, unit: str) -> float | None:
    n = _count(count)
    if n is None:
        return None
    return n * (60 if unit.startswith("t") else 1)


def weekly_minutes(text: str) -> float | None:
    """Minutes a week in "en time hver mandag og en halv time torsdag", "6 timer om måneden"."""
    raw = re.sub(r"(\d),(\d)", r"\1.\2", (text or "").lower())
    raw = re.sub(r"(\d+)\s*½", lambda m: f"{m.group(1)}.5", raw).replace("½", "0.5")
    t = " ".join(re.findall(r"\d+(?:\.\d+)?|[a-zæøå]+", raw))
    total, rest = 0.0, t
    for pattern, minutes in _AMOUNTS:
        for m in list(re.finditer(rf"\b{pattern}", rest)):
            found = minutes(m)
            if found is not None:
                total += found
                rest = rest.replace(m.group(0), " ", 1)
    # "1-2 timer", "en til to timer", "en time, højst to": the larger number counts.
    m = re.search(
        r"\b(\d+|[a-zæøå]+)(?: til | eller | højst | max | )(\d+|[a-zæøå]+) timer\b", t
    ) or re.search(r"\b(\d+|[a-zæøå]+) times? (?:højst|max|maks|eller|til) (\d+|to|tre|fire)\b", t)
    if re.search(r"\btime eller halvanden\b", t):
        total = max(total, 90)
    if m and _count(m.group(1)) and _count(m.group(2)):
        total = max(total, _count(m.group(2)) * 60)
    if not total:
        for pattern, minutes in _MINUTES:
            total += minutes * len(re.findall(rf"\b{pattern}\b", rest))
    if not total:
        nothing = r"\b(?:ingen|næsten ingen|ikke noget|ikke meget|ingenting|næsten ingenting)\b"
        return 0.0 if re.search(nothing, t) else None
    spread = re.search(r"\b(?:over|fordelt på|på) (?:de )?(?:næste )?(\d+|[a-zæøå]+) uger\b", t)
    if spread and _count(spread.group(1)):
        return total / _count(spread.group(1))
    for pattern, factor in _PER:
        if re.search(rf"\b(?:{pattern})\b", t):
            return total * factor
    return total


def _count(word: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    found = numbers(word)
    if found:
        return float(found[0])
    return 1.0 if word in ("en", "et", "én") else None


TIME_LABELS = {
    "under_1": ("højst en time", "under en time", "mindre end en time", "max en time"),
    "1_2": ("1-2 timer", "en til to timer", "1 2 timer"),
    "over_2": ("mere end 2 timer", "mere end to timer", "over 2 timer", "over to timer"),
}


def read_time(text: str) -> Reading | None:
    t = normalise(text)
    for value, labels in TIME_LABELS.items():
        if t in labels or t.replace("-", " ") in labels:
            return Reading(value)
    minutes = weekly_minutes(text)
    if minutes is None:
        if re.search(r"\b(?:ikke|ik) (?:ret|særlig|rigtig) meget\b|\bnæsten ingen\b", t):
            return Reading("under_1")  # "ikke ret meget, vi har pisse travlt"
        return None
    ranged = re.search(r"\b(?:højst|max|maks|eller|til) (?:\d+|to|tre|fire|halvanden)\b", t)
    if ranged and not re.match(r"^(?:max|maks|højst|hoejst)\b", t):
        pass  # "en time, højst to": the larger number counted already
    elif re.search(r"\b(?:max|maks|højst|hoejst|under|mindre end|op til|ikke mere end)\b", t):
        minutes -= 0.5  # "max en time" is at most an hour
    elif re.search(r"\b(?:over (?:\d|en|to|tre|fire|halvanden)|mere end|lidt over|godt)\b", t):
        minutes += 0.5
    if re.search(r"\btid eller (?:to|2)\b", t):
        minutes = max(minutes, 120)  # "en times tid eller to"
    if minutes <= 60:
        return Reading("under_1")
    if minutes <= 120:
        return Reading("1_2")
    return Reading("over_2")


CHANGE_PHRASES = {
    "ny_ejer": (
        "ny ejer*", "nye ejer*", "ny leder*", "ny chef*", "ny direktør*", "ny mester",
        "ny ledelse", "ny indehaver", "opkøbt", "købt op", "solgt", "overtaget", "overtager",
        "generationsskift*", "ejerskift*", "lederskift*", "ledelsesskift*", "går på pension",
        "ny daglig leder", "ny formand", "ny bestyrer", "ny afdelingsleder*", "ny teamleder*",
        "ny butikschef*", "ny køkkenchef*", "ny souschef*", "nye chef*", "ny forstander*",
    ),
    "flytning": (
        "flytning*", "flyting*", "flytter", "flytte*", "nye lokaler", "nyt værksted",
        "nyt kontor", "rykker til", "rykker ud", "rykker ind", "nyt lager", "ny lokation",
        "nyt domicil",
        "ny adresse", "nyt domicil", "ny afdeling i",
    ),
    "nyt_system": (
        "nyt system", "nye system*", "*system", "it-system*", "erp", "ny software",
        "nyt program", "nyt it", "ny app", "digitalisering*", "skifter system", "nyt værktøj",
        "nyt kassesystem", "systemskift*", "*program", "app", "appen", "en app", "robot*",
        "ipad*", "bookingside*", "hjemmeside*", "gps*", "*systemet",
        "nyt software", "software", "tablets", "tablet*", "microsoft", "365", "ny styring",
        "skifter fra", "skifte fra", "skiftet fra", "går over til", "nyt planlægningssystem",
        "nye maskiner", "papir til", "digital*",
    ),
    "andet": (
        "fyring*", "afskedigelse*", "omstrukturering*", "omorganisering*", "ny afdeling",
        "nye arbejdstider", "nye ansatte", "mange nye", "udvidelse*", "udvider",
        "nedskæring*", "besparelse*", "sparerunde*", "sammenlægning*", "ombygning*",
        "ny overenskomst", "nye kolleger", "åbner", "lukker", "nye opgaver", "ny strategi",
        "fusion*", "fusioner*", "mistet", "mister", "ny kunde*", "nye kunder", "lagt sammen",
        "bygges om", "bygge om", "spare", "sparer", "nye vagtplaner", "ny vagtplan",
        "nye ruter", "er nye", "nye folk", "lægges sammen", "lagt sammen med", "slås sammen",
        "ansætte", "ansætter", "treholdsskift*", "toholdsskift*", "skiftehold*", "nye hold",
    ),
}  # fmt: skip


def read_changes(text: str) -> Reading | None:
    """ "nyt ERP og ny ejer", "vi flytter værksted", "nej det er stille"."""
    t = normalise(text)
    tokens = t.split()
    found = set()
    for value, phrases in CHANGE_PHRASES.items():
        for phrase in phrases:
            if phrase.startswith("*"):
                if any(fold(tok).endswith(fold(phrase[1:])) and len(tok) > 6 for tok in tokens):
                    found.add(value)
            elif any_phrase(tokens, [phrase]):
                found.add(value)
    if re.search(r"\bnye? \w*(?:leder|chef|ejer|direktør|mester|formand)\w*", t):
        found.add("ny_ejer")  # "vi fik ny områdeleder"
    if found:
        return Reading(sorted(found))
    if is_none(t) or re.search(
        r"\b(?:som det plejer|som altid|ikke lige nu|ikke nu|ikke rigtig|stille|ingen|småting|"
        r"kun små ting|intet stort|ikke noget stort)\b",
        t,
    ):
        return Reading(["ingen"])
    return None


def read_pressure(text: str) -> Reading | None:
    """ "godt presset" -> høj, "det går" -> en del, "han har det fint" -> ikke særligt."""
    t = normalise((text or "").replace("/", " ud af ").replace("%", " procent"))
    exact = {"ikke særligt": "lav", "ikke særlig": "lav", "ikke saerligt": "lav",
             "en del": "middel", "meget": "hoej", "overhovedet ikke": "lav", "slet ikke": "lav",
             "lavt": "lav", "lav": "lav", "højt": "hoej", "høj": "hoej", "middel": "middel",
             "hverken eller": "middel", "jævnt": "middel", "jaevnt": "middel",
             "ret lavt": "lav", "ret højt": "hoej"}  # fmt: skip
    if t in exact:
        return Reading(exact[t])
    # "jeg vil sige en del. Der er mange sygemeldinger": the first clause is the answer.
    lead = re.sub(
        r"^(?:(?:jeg|vi) vil (?:nok |vel )?sige|vil (?:jeg|vi) sige|(?:jeg|vi) synes|"
        r"nok|vel|hmm|øh|tja)\s",
        "",
        re.split(r"[,.;:!?]| men ", text.lower())[0].strip(),
    )
    if normalise(lead) in exact:
        return Reading(exact[normalise(lead)])
    for n in (2, 1):  # "ret lavt egentlig", "højt hvis jeg skal være ærlig"
        first = " ".join(normalise(lead).split()[:n])
        if first in exact and first not in ("meget", "en del"):
            return Reading(exact[first])
    if re.search(r"\btil at leve med\b|\bop og ned\b.*\bmest (?:ok|okay|fint)\b", t):
        return Reading("middel")
    ending = re.search(r"\bså (?:en del|meget|ikke særligt)$", t)
    if ending:
        return Reading(exact[ending.group(0)[3:]])
    if re.search(r"\bså (?:mellem|midt imellem|middel)$", t):
        return Reading("middel")
    scale = re.search(
        r"\b(\d+)(?:'?er)? (?:ud af 10|på en (?:skala|10 skala)|på en skala (?:til|fra \d+ til) 10)\b|"
        r"\bskala fra 1 10 (?:en )?(?:solid |klar |god )?(\d+)\b",
        t.replace("-", " "),
    )
    if scale:
        n = int(scale.group(1) or scale.group(2))
        return Reading("hoej" if n >= 8 else "middel" if n >= 4 else "lav")
    hours = re.search(r"\b(\d+) timer om ugen\b", t)
    if hours and int(hours.group(1)) >= 50:
        return Reading("hoej")
    if re.search(r"\b1[0-9]{2} procent\b", t):
        return Reading("hoej")  # "jeg kører på 110 %"
    for value, pattern in PRESSURE_PATTERNS:
        if re.search(pattern, t):
            return Reading(value)
    return None


# Tried in order: pressure that is managed ("travlt, men jeg kan følge med"), strong words
# and images, negations ("ikke stresset"), calm words and images, then the rest.
PRESSURE_PATTERNS = (
    (
        "hoej",
        r"\bsygemeld\w*|\bkan ikke sige fra\b|\boverveje\w* at sige op\b|\bknokler\b|"
        r"\b(?:kæmpe|enormt|massivt|voldsomt|vildt) pres\b",
    ),
    ("lav", r"\bkeder (?:os|mig)\b"),
    (
        "middel",
        r"\bi (?:snit|gennemsnit) (?:middel|en del|nogenlunde)\b|\bi (?:snit|gennemsnit)\b$",
    ),
    ("middel", r"\bsådan normalt\b|^normalt$"),
    (
        "middel",
        r"\bmen (?:det går|han klarer det|hun klarer det|jeg klarer det|(?:jeg|han|hun|vi) "
        r"kan (?:godt )?(?:følge med|klare det|overskue)|ikke mere end (?:jeg|han|hun) kan klare|"
        r"det er til at overskue|(?:jeg|han|hun) har (?:overskud|styr på det)|griber dem stadig|"
        r"(?:ik|ikke) helt vildt|det er til at leve med)\b|\btil at overskue\b|\bnok at se til\b|"
        r"\bmidt imellem\b|\bet vist pres\b|\bikke ligefrem ferie\b|\b(?:kan|kunne) mærkes\b",
    ),
    ("middel", r"\b(?:lidt|noget|en del) (?:presset|stresset|travlt)\b"),
    (
        "lav",
        r"\bikke noget at lave\b|\bspiller kabale\b|\bluft i kalenderen\b|"
        r"\bfisk i vandet\b|\bblommen i et æg\b|\bfået ro på\b|\bholder mig (?:ikke )?vågen\b",
    ),
    (
        "hoej",
        r"\b(?:godt presset|meget presset|alt for|for meget|vildt|vanvittigt|voldsomt|"
        r"ekstremt|sindssygt|stresset|stressed|stress|på randen|pumperne|knækket|brænde ud|"
        r"brænder ud|braende ud|kørt ned|kørt over|brændt ud|kæmper|overbebyrdet|drukner|oppe at køre|"
        r"kritisk|rigtig presset|helt presset|sover dårligt|sover ikke|ingen søvn|"
        r"kan (?:slet )?ikke nå|(?:slet |intet |ingen )?(?:ikke )?overskud til|intet overskud|"
        r"ingen overskud|løber alt for stærkt|går på knæ|helt færdig|helt flad|på grænsen|"
        r"ned med flaget|røde felt|vand til halsen|kogt|ligger vandret|knække nakken|"
        r"lys i begge ender|hovedløs høne|aflyst sin (?:ferie|juleferie|sommerferie)|"
        r"hele tiden|også i weekenden|totally|ikke set mine børn|på overarbejde)\b",
    ),
    (
        "lav",
        r"\b(?:ikke|ik) (?:særlig[a-z]*|saerlig[a-z]*|så|rigtig|specielt|synderlig[a-z]*)?"
        r" ?(?:presset|stresset|meget|travlt|slemt|hårdt)\b|\bslet ikke\b|\bikke særligt\b|"
        r"\boverhovedet ikke\b|^egentlig ikke\b|^(?:bare )?en smule\b",
    ),
    (
        "lav",
        r"\b(?:roligt|rolig|fint|afslappet|styr på det|overskud|ok|okay|har det godt|"
        r"god tid|med ro|tid nok|stille periode|ingen problemer|masser af tid)\b|^lidt$|^nej\b",
    ),
    ("hoej", r"\b(?:meget|me+get|rigtig meget|hårdt|presset|presst|prest)\b"),
    (
        "middel",
        r"\b(?:en del|noget|middel|medium|mellem|det går|periodevis|i perioder|"
        r"op og ned|nogenlunde|til tider|af og til|lidt|moderat|mere end normalt|travlt|"
        r"under pres|pres)\b",
    ),
)
