"""Does a message name harassment, bullying or violence at work?

The intent model proposes `harassment`; the answer (a warning with the owner's duty, the union
and Arbejdstilsynet) is only given when the message also names such behaviour here. Ordinary
friction stays a problem to map: "to seniors har en beef", "de er uenige om planen", "vi
inviterer planlæggeren til et møde". A negated word does not count: "det er ikke mobning, bare
en konflikt", "ingen bliver chikaneret her".

Patterns are matched on the text as the crisis lexicon normalises it (lowercase, æ/ø/å folded,
repeated letters collapsed), so they are written in that folded spelling through `_spell`.
"""

from __future__ import annotations

import re

from bot.safety.crisis import _spell, normalise

# The knowledge entry the answer is made from: where help is, and the rules it rests on.
ENTRY = "kraenkende_handlinger_og_vold"

# Stems that name the behaviour itself, matched at the start of a word (with GRAVE below).
BEHAVIOUR = [
    r"grænseoverskrid",
    r"ydmyg",
    r"nedgør",
    r"nedsætt",
    r"udstill",
    r"racis",
    r"sexis",
    r"upassend",
    r"uønsk",
    r"trusl",
    r"truer\b",
    r"truede\b",
    r"truet\b",
    r"røveri",
    r"spyt",
    r"drillet",
    r"driller (?:mig|ham|hende|os|dem)",
    r"ignorerer (?:mig|ham|hende|os|dem)",
    r"lægger an på",
    r"gøre ved mig",
    r"for sjov",
    r"underliv",
    r"bryst",
    r"sex",
    r"værdiløs",
    r"idiot",
    r"luder",
    r"bøsse",
    r"yelling",
]
# Phrases: exclusion, ridicule, shouting, touching and blows.
PHRASES = [
    r"fryse[rs]? (?:mig|ham|hende|os|dem)? ?ude",
    r"frøs (?:mig|ham|hende|os|dem) ude",
    r"holdt? (?:uden ?for|ude)",
    r"holdes uden ?for",
    r"(?:gør|gøre|gjorde|gjort) (?:nar|grin) (?:af|med)",
    r"gjort til grin",
    r"grine[rt]? (?:af|ad) (?:mig|ham|hende|os|dem|lærling|ny|det bagefter)",
    r"(?:kalder|kaldte|kaldt|kalde) (?:[a-z]+ ){0,3}(?:grim|idiot|dum|abe|luder|bøsse|navne|ord|tyk)[a-z]*",
    r"(?:råber|råbte|raber) (?:ad|af|på) (?:mig|ham|hende|os|dem|de |den |lærling|kolleg|medarbejd|svend|ansat|elev|pige|drenge)",
    r"(?:råber|råbte) og",
    r"(?:tager|tog|taget) fat (?:i|om) (?:mig|ham|hende|os|dem|servi)",
    r"(?:tager|tog|taget) (?:mig|hende|ham) på",
    r"hev (?:mig|ham|hende)",
    r"låst inde",
    r"(?:bed|bider|bidt) (?:mig|min|ham|hende)",
    r"(?:gemmer|gemte|sletter|slettede) (?:hans|hendes|mit|min)",
    r"(?:taler|snakker) ikke til (?:mig|ham|hende)",
    r"(?:billede|billeder) (?:af|med) (?:mig|ham|hende|sit|sin)",
    r"ellers (?:sker|skete) der noget",
    r"gå i byen med (?:ham|hende)",
    r"for gammel",
    r"(?:rører|rørte|rørt|lægger hånden|klapper|klappede|tager|tog) (?:ved|på|mig|hende|ham)",
    r"(?:slog|slår|slået|sparkede|sparker|skubbede|skubber|kastede) (?:mig|ham|hende|os|dem|min|en|ud|til|ind)(?! ihjel)",
    r"(?:sparkede|skubbede|kastede)\b",
    r"(?:blev|bliver|er blevet|er blevne) (?:slået|sparket)(?! sammen)",
    r"(?:slået|slog) af",
    r"bag (?:hans|hendes|min|deres) ryg",
    r"talt grimt",
    r"(?:grimme|ondskabsfulde|nedladende|grove|ækle) (?:ting|ord|kommentarer|beskeder|rygter) om (?:mig|ham|hende|os|dem)",
    r"beskidte billeder",
    r"nøgenbilleder",
    r"(?:kommentar|kommenterer)[a-z]* (?:[a-z]+ ){0,3}(?:krop|udseende|bryst|numse)",
    r"(?:hendes|hans|min|mit|mine|deres|sin|sit|vores|[a-z]+enes|[a-z]+ens) (?:krop|kroppe|udseende|hudfarve|bryster)",
    r"numsen",
    r"mit lår",
    r"(?:mit|hendes|hans) hår",
    r"(?:spørge|spørger) om (?:jeg|hun|han) vil med hjem",
]
# What is harassment or violence whatever the intent model reads in it (a problem, an answer
# to the pulse): sexual harassment, bullying, blows. A message that names one of these is
# answered with the routes to help and never stored as a problem the whole team sees. Shouting,
# ridicule and threats (also "kunden truer med at skifte leverandør") are not here: they take
# the intent model's harassment among its first guesses.
GRAVE = [
    r"mob(?:b|e|i)(?!l)",
    r"mobn",
    r"bully",
    r"harass",
    r"chikan",
    r"sexchikan",
    r"krænk",
    r"seksuel",
    r"sjofl",
    r"befam",
    r"beføl",
    r"gramse",
    r"nøgenbille",
    r"me ?too\b",
    r"uanstændig",
    r"liderlig",
    r"stalk(?:er|ing|e|ede|et)\b",
    r"vold(?:e|en|elig|sramt)?\b",
    r"overfal",
    r"kvælertag",
    r"knytnæv",
    r"lussing",
    r"spytte[rt]? (?:på|efter|mig|ham|hende|os)",
    r"(?:klamme?|ulækre?|ækle?|sjofle?|truende) (?:beskeder|besked|billeder|billede|kommentarer|"
    r"bemærkninger|sms|mails?|forslag|tilbud|ting|blikke)",
    r"(?:mødes|ses|ses med|mødes med (?:ham|hende)) privat",
    r"(?:kaldt|kalder (?:hende|ham|mig|os|dem)|kaldte (?:hende|ham|mig|os|dem)) (?:ting|alt muligt|"
    r"grimme|ækle|sjofle|ting og sager)",
    r"(?:følger|fulgte|følge) efter (?:hende|ham|mig|os|dem)",
    r"(?:venter|ventede|står og venter) på (?:hende|ham|mig) (?:efter|uden for|udenfor|ved)",
    r"mod (?:min|hendes|hans) vilje",
    r"(?:rører|rørte|rørt) ved (?:mig|hende|ham)",
    r"(?:blev|bliver|er blevet) (?:slået|sparket|kvalt|bidt)(?! sammen| op| fast| fra| til)",
    r"(?:slog|sparkede|sparker|skubbede) (?:ham|hende|min kollega|en kollega|en ansat|en af)",
    r"(?:sparkede|sparker|skubbede) (?:mig|os)",
    r"(?:slået|sparket|skubbet|bidt|spyttet på) af (?:en|et|de|den|vores|min)",
    r"(?:slog|slår|slået) ud (?:efter|mod)",
]  # not "det slog mig", "bed ham om at ringe"
NOT = r"(?:ikke|ik|ingen|intet|aldrig|hverken|uden)"

_BEHAVIOUR = re.compile(r"\b(?:" + "|".join(_spell(p) for p in BEHAVIOUR) + ")")
_PHRASE = re.compile(r"\b(?:" + "|".join(_spell(p) for p in PHRASES) + ")")
# A threat to the business, not to a person: "kunden truer med at skifte leverandør".
_BUSINESS = re.compile(
    _spell(
        r"(?:truer|truede|truet|trusl\w*) (?:med at |om at |med )?(?:skifte|gå til|gå over|opsige|"
        r"flytte|droppe|stoppe|lukke|fyre|fyring|sige op|finde en anden|annullere|klage|anmelde "
        r"os|aflyse|trække|tage (?:deres|sin|sine) (?:ordre|opgaver|forretning)|konkurs|lukning)"
    )
)
_GRAVE = re.compile(r"\b(?:" + "|".join(_spell(p) for p in GRAVE) + ")")
# A negation at most three words before: "ikke mobning", "ingen bliver mobbet", "ikke tale om
# chikane", "intet med vold at gøre".
_NEGATION = re.compile(r"\b" + _spell(NOT) + r"\b(?: [a-z0-9]+){0,3} ?$")
CLAUSE = re.compile(r"[,.;:!?()\n]+|\s(?:men|og|så)\s")


def says_harassment(text: str) -> bool:
    """True when a clause of the message names harassment, bullying or violence, not negated."""
    return _names(text, (_BEHAVIOUR, _PHRASE, _GRAVE))


def says_grave_harassment(text: str) -> bool:
    """True when a clause names sexual harassment, bullying or blows, not negated: the routes to
    help are the answer, whatever else the message is."""
    return _names(text, (_GRAVE,))


def _names(text: str, patterns) -> bool:
    for clause in CLAUSE.split(text):
        folded = normalise(clause)
        for pattern in patterns:
            if any(
                not _NEGATION.search(folded[: m.start()]) and not _BUSINESS.match(folded, m.start())
                for m in pattern.finditer(folded)
            ):
                return True
    return False
