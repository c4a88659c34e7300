"""A team's name as people type it: "Hmm, vi kalder os vel bare Hjemmeplejen Nord, dagvagt",
"navnet skal være Lageret", "vi hedder Tømrer Hansen" -> the name alone."""

from __future__ import annotations

import re

from bot.coach.reading import Reading

_LEAD = re.compile(
    r"^(?:(?:hmm+|øh+|tja|ok|okay|ja|nå|ups|hov|nej)\W+)*"
    r"(?:(?:så |jamen |men )?(?:vi|jeg) (?:kalder|kaldes|plejer at kalde) (?:os|det|teamet|"
    r"holdet)(?: for)?|(?:vi|teamet|holdet) hedder|(?:vi|teamet|holdet) skal hedde|"
    r"(?:navnet|vores navn|teamets navn|holdets navn)(?: skal| skulle)?(?: (?:bare|vel|nok))* "
    r"(?:er|være|blive|hedde)|(?:det|den|vi) (?:skal|skulle)(?: (?:bare|vel|nok|egentlig|"
    r"faktisk))* hedde|kald (?:os|det|teamet|holdet)(?: for)?|omdøb (?:os|teamet|holdet)? ?til|"
    r"(?:kan (?:jeg|vi|du) )?(?:skift|skifte|ændre|ændr|rette|ret) (?:navnet|navn)"
    r"(?: på (?:teamet|holdet|os))? til|(?:teamet|holdet) skal "
    r"(?:hedde|være)|(?:et )?team (?:der hedder|som hedder|med navnet))"
    r"(?:\W+(?:vel|bare|nok|bare lige|egentlig|faktisk|så|til))*\W+",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"'«»“”‘’]([^\"'«»“”‘’]{2,60})[\"'«»“”‘’]")
_NEXT_SENTENCE = re.compile(
    r"[.!?]+\s+(?=(?:kan|vil|det|og|tak|ret|er|hvad|jeg|vi|du|skal|hvordan|så)\b)", re.IGNORECASE
)
_TRAIL = re.compile(r"[\s.!,;:]+$")
# "tømrerfirma, vi er 10 mand": the size told with the name is not part of it (the context
# form reads it from the same message).
_SIZE_TOLD = re.compile(
    r"(?:,|\s+og|\s+-)\s*(?:vi er|der er|med)\s+(?:\d+|[a-zæøå]+)\s+(?:mand|ansatte|"
    r"medarbejdere|folk|kolleger|personer)\b.*$",
    re.IGNORECASE,
)


_NAMED = re.compile(
    r"\b(?:der|som|vi|teamet|holdet) (?:skal )?hedde?r?\s+|\bmed navnet\s+|\bkaldet\s+",
    re.IGNORECASE,
)


def name_in_request(text: str) -> str | None:
    """The name in a request for a team: "opret et team der hedder Værkstedet" -> Værkstedet;
    None when the request names none ("opret et team")."""
    m = _NAMED.search(text or "")
    rest = re.sub(r"\W+(?:tak|please|ikke)\W*$", "", text[m.end() :], flags=re.I) if m else ""
    reading = read_team_name(rest) if rest else None
    return str(reading.value) if reading else None


def read_team_name(text: str) -> Reading | None:
    """The name in the message; a name of 2 to 60 characters."""
    said = " ".join((text or "").split())
    if not said or said.startswith("/"):
        return None
    quoted = _QUOTED.search(said)
    name = quoted.group(1) if quoted else _LEAD.sub("", said, count=1)
    name = _NEXT_SENTENCE.split(name)[0]  # "... dagvagt. Kan du rette det?"
    name = _SIZE_TOLD.sub("", name)
    name = _TRAIL.sub("", name).strip()
    if not 2 <= len(name) <= 60:
        return None
    return Reading(name[:1].upper() + name[1:])


# "nej ikke mig, det skal være arbejdsmiljørepræsentanten, jeg har nok at lave" -> the role.
_OWNER_SAID = re.compile(
    r"\b(?:det skal (?:nok )?være|det må (?:blive|være)|det bliver|lad det være|skal være|"
    r"det kan|det er)\s+",
    re.IGNORECASE,
)
_OWNER_LEAD = re.compile(
    r"^(?:(?:nej|næ|ja|jo|øh|hmm|ok)\W+)*(?:ikke mig\W+)?(?:(?:det er )?mig\W+(?=\w+\W*$|"
    r"(?:den|det|vores|formand|leder|mester)\w*))?",
    re.IGNORECASE,
)
_OWNER_END = re.compile(r"\s*(?:[,.;:!?]|\bfordi\b|\bfor (?:jeg|han|hun|vi)\b|\bda\b|\bjeg har\b|"
                        r"\bså\b|\bmen\b).*$", re.IGNORECASE)  # fmt: skip


# "lad kontoret gøre det", "det må formanden klare", "giv den til bent" -> who.
_DOES_IT = re.compile(
    r"^(?:så )?(?:lad|giv (?:det|den) til|det må|det kan|det skal)\s+(?P<who>.+?)"
    r"(?:\s+(?:gøre det|gøre|tage (?:den|det)|stå for det|klare (?:den|det)|klare))?\W*$",
    re.IGNORECASE,
)


def read_owner(text: str) -> Reading | None:
    """Who is responsible for an action: "mig formanden" -> formanden, "nej ikke mig, det
    skal være arbejdsmiljørepræsentanten, jeg har nok at lave" -> arbejdsmiljørepræsentanten.
    None when nothing is left, so that the text is read as it stands."""
    said = " ".join((text or "").split())
    said_by = _OWNER_SAID.search(said)
    rest = said[said_by.end() :] if said_by else _OWNER_LEAD.sub("", said, count=1)
    rest = _OWNER_END.sub("", rest).strip()
    rest = re.sub(r"^(?:jo|nok|vel|bare)\s+", "", rest, flags=re.IGNORECASE)
    does = _DOES_IT.match(rest)
    rest = does.group("who") if does else rest
    if not 2 <= len(rest) <= 60 or len(rest.split()) > 6:
        return None
    return Reading(rest)


# Who people name as responsible: themselves or a role ("mig, altså chefen", "planlæggeren").
_PERSON = re.compile(
    r"\b(?:mig|jeg|alle|\w*(?:chef|leder|formand|mester|ejer|indehaver|planlægger|"
    r"koordinator|amr|repræsentant|værkfører|svend|lærling|sygeplejerske|assistent|hjælper|"
    r"kok|direktør|ansvarlig)\w*)\b",
    re.IGNORECASE,
)


def names_a_person(text: str) -> bool:
    """A short answer that names a person or a role, not a request ("vis planen")."""
    return len((text or "").split()) <= 6 and bool(_PERSON.search(text or ""))
