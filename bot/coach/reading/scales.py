"""Typed answers on the coach's scales: how much a theme fills (mapping), a pulse score 1-5,
a FIT answer (ja, delvist, nej) and how the team involves the others."""

from __future__ import annotations

import re

from bot.coach.reading import Reading
from bot.coach.reading.words import normalise, numbers, yes_no
from bot.involvement import BY_BUTTON

_NOT_MUCH = r"\b(?:ikke|ik) (?:så|særlig|saerlig|rigtig|specielt|voldsomt|sindssygt)? ?meget\b"
RATING_PATTERNS = (
    ("meget", r"\b(?:ingen|aldrig|ikke|ik) (?:nok )?tid\b"),
    ("lidt", r"^(?:lidt|en smule)\b|\bmen (?:stadig|nu|dog) (?:en )?(?:lidt|smule)\b"),
    ("meget", r"\bmassiv\w*|\ben hel del\b"),
    ("lidt", r"\bså småt\b"),
    ("meget", r"^(?:meget|rigtig meget|alt for meget)\b"),
    (
        "ikke",
        r"\bikke (?:noget |et |nogen )?problem\b|\bfylder (?:ikke|ik|intet)\b|"
        r"\bikke noget (?:vi|der|at|issue)\b|^(?:ingenting|intet|nej|næ|nope|nul)$|\bdet kører\b|"
        r"\bstyr på\b|\bikke det mindste\b|"
        r"\b(?:er der|har vi|findes der) (?:ikke|ik) (?:rigtig |rigtigt |så |særlig )?(?:nogen|noget|nogle)\b|"
        r"\b(?:der er|vi har) ingen\b(?! tid)",
    ),
    ("lidt", _NOT_MUCH),
    (
        "lidt",
        r"\b(?:lidt|smule|i perioder|perioder|nogle gange|en gang imellem|engang imellem|"
        r"af og til|ind imellem|indimellem|til tider|noget|lille|mindre|anelse|nogen der|ikke de fleste|2)\b",
    ),
    (
        "meget",
        r"\b(?:me+get|rigtig|vildt|voldsomt|galt|stor|stort|største|værste|kæmpe|fylder|eneste vi (?:snakker|taler) om|"
        r"katastrof[a-z]*|en del|enormt|3|hele tiden|konstant|altid|slemt|problem hele)\b",
    ),
    ("ikke", r"\b(?:ikke|ik|ingen|intet|nej|nope|fint|0|aldrig)\b"),
)


def read_rating(text: str) -> Reading | None:
    """How much a theme fills: "ikke", "lidt" or "meget" ("alt for meget", "en smule")."""
    t = normalise(text)
    if t in ("ikke et problem", "ikke", "lidt", "meget"):
        return Reading(t.split()[0])
    if re.search(
        r"^(?:nej|næ|nope|no|not)?\s?(?:ikke|ik|not) (?:rigtig|rigtigt|really|egentlig|særlig|"
        r"saerlig|særligt|specielt|at all)\b(?! meget)|^(?:not really|not at all|no|nah)$",
        t,
    ):
        return Reading("ikke")  # "nej ik rigtig", "not really"
    english = {"a bit": "lidt", "a little": "lidt", "a lot": "meget", "very much": "meget"}
    if t in english:
        return Reading(english[t])
    for value, pattern in RATING_PATTERNS:
        if re.search(pattern, t):
            return Reading(value)
    return None


SCORE_WORDS = (
    # The pulse's statements are agreed with or not: "helt enig" 5 ... "helt uenig" 1.
    (3, r"\bhverken (?:enig eller uenig|uenig eller enig)\b"),
    (
        1,
        r"\b(?:helt|meget|totalt|fuldstændig|strongly) (?:uenig|disagree)\b|"
        r"\b(?:slet|overhovedet|absolut) (?:ikke|ik) enig\b",
    ),
    (2, r"\b(?:ikke|ik) (?:rigtig |helt |særlig )?enig\b"),
    (5, r"\b(?:helt|meget|totalt|fuldstændig) enig\b|\bstrongly agree\b"),
    (2, r"\b(?:lidt |delvis |overvejende )?uenig\b|\bdisagree\b"),
    (4, r"\b(?:overvejende |delvis |lidt )?enig\b|\bagree\b"),
    (
        1,
        r"\b(?:meget|rigtig|virkelig|helt|super|vildt|ekstremt|totalt|rigtig rigtig) "
        r"(?:dårligt|daarligt|darligt|skidt|ringe|elendigt)\b|\b(?:elendig[a-z]*|"
        r"forfærdelig[a-z]*|katastrofal[a-z]*|håbløs[a-z]*|værst[a-z]*|helt galt|ad helvede til|"
        r"ener|1er|ettal|et ettal|bundkarakter)\b",
    ),
    (
        3,
        r"\bhverken godt eller (?:dårligt|skidt)\b|\bhverken eller\b|\b(?:midt imellem|i midten|midten|mellem|"
        r"middel|ok|okay|okej|så som så|jævnt|nogenlunde|det går|treer|3er|tretal|neutral[a-z]*|"
        r"både og|halvt|medium)\b|\bikke så (?:dårligt|skidt)\b",
    ),
    (
        2,
        r"\b(?:ikke|ik) (?:særlig[a-z]*|saerlig[a-z]*|så|rigtig|specielt)? ?godt\b|"
        r"\b(?:dårligt|daarligt|darligt|skidt|ringe|toer|2er|total|mindre godt|kunne være bedre)\b",
    ),
    (
        5,
        r"\b(?:meget|rigtig|virkelig|super|vildt|ekstremt|helt|mega) (?:godt|fint|tilfreds)\b|"
        r"\b(?:perfekt|fremragende|fantastisk|super|suverænt|femmer|5er|femtal|top|topkarakter|100)\b",
    ),
    (4, r"\b(?:godt|fint|ret godt|pænt|tilfreds|fin|firer|4er|firtal|udmærket|glad)\b"),
)


def read_score(text: str) -> Reading | None:
    """A pulse answer 1-5: "4", "fire", "en femmer", "4 ud af 5", "rigtig godt", "så som så"."""
    t = normalise((text or "").replace("/", " ud af ")).replace("'", "")
    out_of = re.search(r"\b(\w+) (?:ud )?af (?:5|fem)\b", t)
    if out_of and numbers(out_of.group(1)) and 1 <= numbers(out_of.group(1))[0] <= 5:
        return Reading(numbers(out_of.group(1))[0])
    said_last = re.search(r"\b(?:sig|så siger vi|lad os sige|skriv)\s+(\d)\b", t)
    if said_last and 1 <= int(said_last.group(1)) <= 5:
        return Reading(int(said_last.group(1)))  # "mellem 3 og 4.. sig 4"
    if t in ("én", "en", "et"):
        return Reading(1)
    digits = [n for n in numbers(t) if 1 <= n <= 5]
    if len(digits) == 1 and len(numbers(t)) == 1:
        return Reading(digits[0])
    if len(digits) > 1:
        return None  # "3-4": not one answer
    for score, pattern in SCORE_WORDS:
        if re.search(pattern, t):
            return Reading(score)
    return None


FIT_YES_WORDS = (
    r"^(?:ja+|jo+|jep+s?|jeps|yes|yep|jah|javel|jaja)\b|\b(?:absolut|helt sikkert|bestemt|"
    r"klart|det gør den|det tror jeg|passer fint|godt tidspunkt|kan vi godt|det kan vi|"
    r"det har vi|det tror vi|hænger (?:godt )?sammen|er god|er fin|god timing|"
    r"har (?:hænderne|folkene|tiden|folk|tid) til det|ka[n]? (?:vi|de|jeg) godt|det (?:kunne|kan|vil) (?:det|den|vi) godt|selvfølgelig|naturligvis|uden tvivl|fint|fin|perfekt|i høj grad|det er os|"
    r"passer til os|som fod i hose|som hånd i handske|lige i øjet|helt og holdent|fuldt ud|"
    r"er da os|lige os|burde kunne|kan godt|ka godt|plads til det|det kan lade sig gøre|"
    r"okay|ok|kernen i|rammer (?:lige )?(?:ned )?i|nu eller aldrig|kunne ikke passe bedre|"
    r"folk nok|tid nok|både tid og folk|burde gå|det skal nok gå|det går nok|jaeh?)\b|"
    r"\bja$"
)
FIT_PARTLY = (
    r"\b(?:delvis[a-z]*|til dels|ikke helt|ikke fuldt|ikke 100|ikke altid|ikke for alle|"
    r"ikke direkte|halvt|halvdelen|halvt om halvt|både og|lidt|smule|noget af det|det meste|"
    r"måske|maaske|tja|mja|mjah|på en måde|paa en maade|nogenlunde|sådan da|så som så|blandet|"
    r"for nogle|for nogen|nogle punkter|nogle steder|indirekte|kun hvis|kunne være bedre|"
    r"i nogen grad|i begrænset omfang|begrænset|mere eller mindre|ja og nej|nja|halvvejs|"
    r"ikke rigtig sikker|ved ikke|men det går|men heller ikke|til en vis (?:grad|grænse)|"
    r"et stykke af vejen|nogle områder|semi|ikke optimalt|hverken eller|halvgodt|halv\w*|"
    r"bare ikke|stramt|nedskaleret|men de andre|men tiden|men ikke så (?:mange|meget)|"
    r"en (?:lille )?del af det|i perioder|nogle gange|af og til|nogle af (?:holdene|os|dem|"
    r"folkene|afdelingerne)|på nogle|for nogle af)\b|^både$|\bja for\b.*\bikke for\b"
)
FIT_NO = (
    r"^(?:ne+j|næ+h?|nae+h?|nope|no|nix|niks|næppe|nah)\b|\b(?:overhovedet ikke|slet ikke|"
    r"ikke|ik|aldrig|intet|tvivler|værste|værst|dårligst|dårlig|dårlige|elendig|skidt|umuligt|"
    r"glem det|ingen|alt for få|for få|dårligt tidspunkt|dårligt|mangler folk|mangler hænder|not really|bad timing|"
    r"ser sort ud|grine af|griner af|mest nej|nok nej)\b|\ber bedre\b"
)


def read_fit(text: str) -> Reading | None:
    """A FIT answer: "ja", "delvist" or "nej" ("ikke helt", "det tror jeg", "næppe")."""
    t = normalise(text)
    if t in ("ja", "delvist", "nej"):
        return Reading(t)
    if re.search(r"\bbedre (?:end nu )?bliver det ikke\b|\bkunne ikke passe bedre\b|"
                 r"\bnu eller aldrig\b", t):  # fmt: skip
        return Reading("ja")
    if re.search(r"\b(?:nok|mest|vel) (?:mest )?nej\b", t):
        return Reading("nej")  # "nok mest nej"
    ending = re.search(r"\bså (?:(?:ærligt talt|helt ærligt|desværre|nok|vel) )?(ja|nej)$", t)
    if ending:
        return Reading(ending.group(1))
    if re.search(r"\bja\b.*\bnej\b|\bnej\b.*\bja\b", t):
        return Reading("delvist")  # "kontoret ja, værkstedet nej", "tid ja, folk nej"
    if re.search(r"^(?:ne+j|næ+h?|nope|ikke rigtig)\b", t) and not re.search(
        r"\b(?:ikke helt|delvis\w*|til dels)\b", t
    ):
        return Reading("nej")  # "nej, ikke nu. Måske i foråret"
    if re.search(r"\bdet (?:tror|mener|synes) (?:jeg|vi) ikke\b|\b(?:absolut|bestemt|helt "
                 r"sikkert|klart) ikke\b", t):  # fmt: skip
        return Reading("nej")
    yes, no = re.search(FIT_YES_WORDS, t), re.search(FIT_NO, t)
    if re.search(r"^(?:ja+|jo+|jep|jeps)\b", t) and not re.search(r"\bmen\b", t):
        if not re.search(FIT_PARTLY, t):
            return Reading("ja")
    if re.search(r"^(?:ja+|jo+|jep|jeps)\b.*\bmen\b", t) and not re.search(FIT_NO, t):
        return Reading("delvist")  # "ja sådan da, men juleferien ligger midt i"
    last = re.search(r"[?,.]\s*(ja|nej)\W*$", (text or "").lower())
    if last:
        return Reading(
            last.group(1)
        )  # "lige nu? nej"  # "jo, det tror jeg, der bliver gjort bedre rent når ..."
    if re.search(FIT_PARTLY, t) or (yes and no):
        return Reading("delvist")  # "ja, men ikke alle", "det passer okay, ikke i uge 51"
    if re.search(r"\bmen\b", t) and no and re.search(r"\b(?:har vi|er der|kan vi)\b", t):
        return Reading("delvist")  # "folk har vi, men tid er der ikke meget af"
    if no:
        return Reading("nej")
    if yes or yes_no(t) == "ja":
        return Reading("ja")
    return None


INVOLVEMENT_PATTERNS = (
    (
        "delte_beslutninger",
        r"\b(?:beslut[a-z]* (?:det |vi |i )?(?:sammen|i fællesskab|fælles)|"
        r"(?:sammen|fælles|i fællesskab) (?:beslut[a-z]*|bestem[a-z]*)|bestemmer (?:det )?sammen|"
        r"beslutningen (?:tager|træffer) vi|deler beslutning[a-z]*|del(?:e|er)? beslutning[a-z]*|"
        r"vi del(?:er|e)? (?:den|det|ansvaret)|(?:have|har|få|fået) (?:noget|et ord) at sige|"
        r"stemme[a-z]*|stemmer om|afstemning|håndsoprækning|flertal[a-z]*|konsensus|enige|"
        r"ingen bestemmer alene|så meget at sige|ikke kun op til mig|samarbejdsudvalg[a-z]*|"
        r"demokrati[a-z]*|decide together|alle (?:er )?med til at (?:bestemme|beslutte)|"
        r"ingen beslutter noget alene|det (?:gør|beslutter|bestemmer) vi alle sammen)\b",
    ),
    (
        "opbakning",
        r"\b(?:(?:jeg|mig|chefen|lederen|ledelsen|ledergruppen|mester|ejeren|"
        r"direktøren|vi i ledelsen)(?: der)? (?:beslutter|bestemmer|tager beslutningen|laver planen|"
        r"vælger|lægger|har besluttet)|(?:har|er) besluttet|bakke[a-z]* op|opbakning|siger ok|"
        r"sige ok|informer[a-z]*|bliver hørt|høre[a-z]* hvad de siger|hører dem|"
        r"får lov at kommentere|kommentere|forklarer|med på den|forslag frem|"
        r"lægger (?:et )?forslag|melder ud|orienter[a-z]*|godkende|godkender|hørt først|"
        r"spørger om deres mening|(?:beslutter|bestemmer) (?:chefen|lederen|ledelsen|mester|ejeren|jeg)|sidste ord|"
        r"siger (?:jeg|chefen|mester|ejeren) (?:go|ok|god|ja)|høring\w*|(?:sige|siger) deres mening|"
        r"så (?:beslutter|bestemmer|træffer) (?:hun|han|jeg|chefen|lederen|mester)|lytter til dem|"
        r"blevet spurgt|hørt dem|spørger hvad vi synes|skal høres|bliver spurgt|"
        r"(?:mig|mit|min|jeg) der (?:træffer|tager) (?:beslutningen|den)|er (?:det )?min beslutning|"
        r"jeg lytter)\b",
    ),
    (
        "faelles_loesninger",
        r"\b(?:løsning[a-z]*|loesning[a-z]*|ide[a-zé]*|idé[a-z]*|"
        r"idémøde|workshop[a-z]*|brainstorm[a-z]*|tænke løsninger|runde om bordet|forslag|bud på|"
        r"udvikler|udtænk\w*|finder på|kommer med|sammen finder|finde ud af|alle er med|"
        r"er med til at|tænker det igennem|hele holdet|inddrag[a-z]* alle|sammen|"
        r"alle(?: \w+)? (?:er|skal være|kommer|skal) med|finde (?:de )?(?:gode )?svar|"
        # "vi snakker om det på fredagsmødet", "vi tager det op på personalemødet".
        r"(?:snakker|snakke|taler|tale|drøfter|drøfte) (?:om )?(?:det|den|dem|sagen)|"
        r"(?:tager|tage|tar) (?:det|den|dem|sagen) op|på [a-zæøå]*mødet)\b",
    ),
)


def read_involvement(text: str) -> Reading | None:
    """How the others are involved: shared solutions, backing a decision, shared decision."""
    t = normalise(text)
    if t in BY_BUTTON:
        return Reading(BY_BUTTON[t])
    for value, pattern in INVOLVEMENT_PATTERNS:
        if re.search(pattern, t):
            return Reading(value)
    return None
