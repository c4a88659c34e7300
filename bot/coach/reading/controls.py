"""What people type to steer a question instead of answering it.

"stop", "afbryd", "gå tilbage", "forkert", "ikke den", "spring over", "vent": in every form
these do what they say, and none of them is ever stored as an answer. A control is read from
a short message that says it plainly ("stop for nu, vi tager resten i morgen", "gå lige
tilbage, jeg svarede for hurtigt"); a longer one is an answer that happens to use the words
("vi stopper aldrig op og holder pause").
"""

from __future__ import annotations

import re

from bot.coach.reading.words import normalise

STOP, BACK, SKIP, WAIT, WRONG = "stop", "back", "skip", "wait", "wrong"

# Messages that are nothing but a control (normalise()d: lowercase, fillers such as "lige" out).
_WHOLE = {
    STOP: r"(?:stop+|stopp?er?|afbryd|afbryde|afslut|annuller|annullér|cancel|quit|exit|"
    r"hold op|slut|"
    r"luk|luk ned|glem det|drop det|færdig|ikke mere|det er nok|nok for nu|nok for i dag)",
    BACK: r"(?:(?:hov |ups |nej )?tilbage|gå tilbage|ga tilbage|gaa tilbage|en tilbage|forrige|"
    r"forrige side|det forrige|back|go back|"
    r"et skridt tilbage|et trin tilbage|"
    r"fortryd|fortryd det)",
    SKIP: r"(?:spring over|spring det over|spring den over|spring|skip|skip den|næste|naeste|"
    r"(?:det )?ved (?:jeg|vi) (?:ikke|ik)|"
    r"videre|pas|ved ikke|aner det ikke|ingen anelse|ingen kommentar|"
    r"(?:den|det|dem) springer (?:vi|jeg) over)",
    WAIT: r"(?:vent|vent lidt|hold|hold den|øjeblik|et øjeblik|sekund|et sekund|wait|wait a sec|(?:to|2|et par) "
    r"(?:sek|sekunder|min|minutter))",
    WRONG: r"(?:forkert|fejl|ups|hov|ikke den|nej ikke den|ikke det|tastefejl|forkert svar|"
    r"forkert knap|rettelse|(?:nej )?det var (?:ikke den|ikke det|forkert)(?: (?:jeg|vi) mente)?)",
}
# Phrases that say it inside a short message. Tried in this order: a correction of the last
# answer before going back, going back before stopping, stopping before waiting or skipping.
_SAID = (
    (
        WRONG,
        r"\b(?:forkerte?|tastefejl|trykkede forkert|skrev forkert|svarede forkert|"
        r"var ikke (?:det|den) (?:jeg|vi) mente|mente noget andet|ikke det jeg mente|"
        r"(?:vi|jeg) mente (?:en|et|den|det) (?:anden|andet)|(?:det|mit) sidste svar var|"
        r"skal rettes|kom til at trykke|svar (?:er|var) (?:ikke rigtigt|forkert)|"
        r"det var ikke rigtigt|det var en fejl|ret det|misforstå\w*|misforstod)\b|^(?:nej |ups |hov )?ikke (?:den|det)(?: (?:vi|jeg) "
        r"mente\b|$)",
    ),
    (
        BACK,
        r"\b(?:gå|ga|gaa|tage|hoppe)(?: \w+){0,3} tilbage\b|\btilbage til\b|"
        r"\bforrige (?:spørgsmål|svar|tema)\b|\bdet forrige\b|\bændre det (?:sidste|forrige)\b|"
        r"\brette (?:det|mit|vores) (?:sidste|forrige|med)\b|\bsvarede for hurtigt\b|\bfortryd\b|\bden forrige\b",
    ),
    (
        STOP,
        r"\b(?:færdige? for i dag|(?:(?:jeg|vi) )?(?:gider|orker) (?:jeg |vi )?(?:ikke|ik) mere|"
        r"nok for i dag|resten i morgen|resten en anden dag|tager (?:resten|det) en anden gang|"
        r"det var det for i dag|ikke flere spørgsmål|vi (?:er )?færdige|lad os stoppe|slutte her|mødet er ovre|vi må slutte|"
        r"(?:nu|så) stopper (?:vi|jeg)|vi stopper(?: her| nu)?$|glem det hele|"
        r"(?:gider|orker) (?:ikke|ik) (?:det her|det) mere)\b",
    ),
    (
        STOP,
        r"^(?:stop|stopper|stoppe|afbryd|afbryder|afbryde|slut)\b|"
        r"\b(?:stop|stopper|stoppe|afbryd|afbryder|afbryde|slutter)\b(?=.*\b(?:for nu|for i dag|"
        r"her|nu|spørgsmål\w*|resten|kortlægningen|målingen|planen)\b)",
    ),
    (
        WAIT,
        r"\b(?:vent|venter|øjeblik|sekund|sek|minut|lige tælle|tænke over det|lad mig (?:lige )?tænke|"
        r"skal (?:lige )?tænke|tænker lige|"
        r"(?:snakke|tale|drøfte) om (?:det|først)|kigger i kalenderen|tjekke|skal lige (?:se|høre|spørge)|"
        r"ikke enige)\b",
    ),
    (
        SKIP,
        r"\b(?:spring|springe|skip|vil (?:jeg |vi )?(?:helst )?ikke (?:sige|svare|oplyse)|aner det ikke|ikke besluttet endnu|ingen holdning til|det må \w+ svare på|"
        r"ikke lyst til at svare|"
        r"vil ikke svare|tager vi en anden gang|ved (?:vi|jeg)? ?ikke|aner ikke|ingen anelse|"
        r"ikke noget at (?:skrive|sige|tilføje)|det kan vi ikke svare på|"
        r"(?:tager|tag|tage) (?:vi )?(?:den|det) næste|videre til (?:den |det )?næste|"
        r"gider (?:jeg|vi) ikke svare på|ved (?:vi|jeg) \w+ ikke|ved (?:vi|jeg) ik|\W(?:videre|næste)$|"
        r"næste (?:spørgsmål|tema))\b",
    ),
)
_WHOLE_RES = {kind: re.compile(rf"^{p}$") for kind, p in _WHOLE.items()}
_SAID_RES = [(kind, re.compile(p)) for kind, p in _SAID]
SHORT = 12  # words: a longer message is an answer, whatever words it uses
# Words that mark a message about the conversation itself, not an answer with those words.
_ABOUT_THE_TALK = re.compile(
    r"\b(?:spørgsmål\w*|svar\w*|skrev|trykkede|for nu|i dag|i morgen|en anden gang|"
    r"lige|vi skal|jeg skal|kan vi|lad os|resten|det sidste|det forrige|(?:jeg|vi) mente|"
    r"skrive noget)\b"
)


def read_control(text: str, strict: bool = False) -> str | None:
    """STOP, BACK, SKIP, WAIT, WRONG, or None when the text is not a control.

    `strict` (where any free text is an answer, such as "beskriv det med jeres egne ord"):
    only a message that is the control alone, or opens with it."""
    t = normalise(text)
    words = t.split()
    if not t:
        return None
    for kind, pattern in _WHOLE_RES.items():
        if pattern.match(t):
            return kind
    if len(words) > SHORT:
        return None
    corrected = WAIT_THEN.match(t)
    if corrected and not _asks_something_else(
        text
    ):  # "nej vent, vi er 14": not a pause but a correction with its answer
        rest = t[corrected.end() :]
        waits = (
            dict(_SAID_RES)[WAIT].search(rest)
            or _ABOUT_THE_TALK.search(rest)
            or re.search(r"\b(?:tjek\w*|kigger|ser lige|tænker)\b", rest)
        )
        if not waits:
            return WRONG
    for kind, pattern in _SAID_RES:
        found = pattern.search(t)
        if not found:
            continue
        if kind in (STOP, WAIT, SKIP) and _asks_something_else(text):
            return None  # "stop, hvad er forskellen på PRO og en retro?": answer the question
        opening = re.match(r"^(?:ups|hov|øh|nej|ok|okay|altså|jamen)\W+", t)
        start = 0 if opening and found.start() <= opening.end() else found.start()
        if strict and start > 0 and not _ABOUT_THE_TALK.search(t):
            continue
        if strict and start == 0 and len(words) > 6 and not _ABOUT_THE_TALK.search(t):
            continue
        return kind
    return None


# "vent" opening a message that goes on with an answer.
WAIT_THEN = re.compile(r"^(?:nej|hov|ups|øh)?\W*vent(?: lidt)?(?! og\b)\W+(?=\w+\W+\w)")

# A question after the control word, not about the conversation's own pace.
_QUESTION_AFTER = re.compile(
    r"^\W*\w+(?: \w+)?\W+(?:hvad|hvor|hvordan|hvorfor|hvem|hvornår|hvilke[nt]?|betyder|what|"
    r"how|why)\b|\?"
)
_OWN_PACE = re.compile(r"\b(?:resten|i morgen|en anden gang|næste gang|pause|senere|for nu)\b")


def _asks_something_else(text: str) -> bool:
    lowered = " ".join(text.lower().split())
    return bool(_QUESTION_AFTER.search(lowered)) and not _OWN_PACE.search(lowered)


def after_correction(text: str) -> str:
    """The new answer in a correction ("nej forkert, vi er 12" -> "vi er 12"), or ""."""
    parts = re.split(r"[,.;:!]|\bmen\b", text, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else strip_control(text)


_LEAD = re.compile(
    r"^\W*(?:nej|næ|hov|ups|vent|forkert|fejl|undskyld|sorry|øh|rettelse|det var forkert)"
    r"(?:\W+(?:nej|hov|ups|vent|forkert|undskyld|sorry|øh))*\W*"
)


def strip_control(text: str) -> str:
    """The text after a leading correction or pause word ("vent vi er 12" -> "vi er 12")."""
    return _LEAD.sub("", text.strip(), count=1).strip() if _LEAD.match(text.strip()) else ""
