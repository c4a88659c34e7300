"""Crisis safety net: a curated Danish lexicon that works without the NLU model.

`is_crisis(text)` is true for messages about suicide, self-harm or acute danger, even when the
classifier is unsure; ordinary work stress and idioms ("deadlinen slår mig ihjel", "jeg dør af
grin") leave it false. The policy is docs/design.md section 4 and 7: no crisis message may be missed,
a false alarm is acceptable. So a message that mentions suicide or self-harm counts whether it
is negated or not ("jeg har aldrig tænkt på selvmord"), and idioms are blanked out of the text
instead of vetoing it ("deadlinen dræber mig, jeg vil ikke leve mere" is still a crisis).

1. `normalise()` lowercases, folds æ/ø/å (also written ae/oe/aa, or a/o), strips accents, turns
   punctuation into spaces and collapses repeated letters ("Ikkke!" -> "ike").
2. The idioms in `IDIOMS` are blanked out.
3. The categories of `LEXICON` are searched in order; `crisis_match()` returns the id of the
   first pattern that matches ("suicide.word"). Log that id, never the message.

Patterns are written in ordinary Danish spelling and get the same folding as messages
(`_spell`), so "skære" in a pattern matches "skære", "skaere" and "skare". Words in the
normalised text are separated by single spaces: a space in a pattern is a word boundary. Where a
stem ends in a double letter, write the whole words ("cutter|cutte"), not "cutt(?:er|e)".
"""

from __future__ import annotations

import re
import unicodedata

from bot.kb.text import fold


def gap(n: int, without: str = "") -> str:
    """Up to `n` more words; with `without`, none of them may be one of those words."""
    word = rf"(?!(?:{without})\b)[a-z0-9]+" if without else "[a-z0-9]+"
    return rf"(?: {word}){{0,{n}}}"


# --- Building blocks -----------------------------------------------------------------------

NOT = r"(?:ikke|ik|aldrig|ingen|intet|ingenting)"
SELF = r"(?:mig|sig|dig) selv"  # "mig selv", "sig selv", "dig selv"
REFLEXIVE = r"(?:(?:mig|dig|os) selv|sig(?: selv)?)"  # also the bare "sig": "tage livet af sig"
POSSESSIVE = r"(?:mit|sit|dit|hans|hendes|vores|deres)(?: eget)?"
TAKE = r"(?:ta|tage|tager|tar|tog|taget)"
SLAY = r"(?:slå|slår|slog|slået)"
# Who gets threatened or attacked.
VICTIM = (
    r"(?:mig|os|dig|ham|hende|dem|nogen|personalet|folk|kollegerne|børnene|mine børn|"
    r"vores børn|familien|min familie)"
)
WEAPON = r"(?:kniv|pistol|våben|gevær|bøsse|haglgevær|machete|økse|kølle|baseballbat|skydevåben)"
# Someone other than the writer as the subject of a threat or attack ("de" only for violence).
PERSON = (
    r"(?:han|hun|nogen|en der|der er en|mand|manden|kvinde|kvinden|fyr|fyren|kunde|kunden|"
    r"gæst|gæsten|borger|borgeren|patient|patienten|beboer|beboeren|kollega|kollegaen|chef|chefen|mester|"
    r"kæreste|kæresten|ekskæreste|ekskæresten|eks|eksen|kone|konen|far|faren|bror|broren)"
)
OTHER = rf"(?:de|{PERSON})"
# "It" as a subject: "han mener det vil skade os" is not about him.
IT = r"(?:det|den|dette|denne)"
# Words that start another clause's subject: first-person gaps may not run across them.
SUBJECT = r"(?:jeg|du|han|hun|vi|de|det|den|dette|denne|man|der)"
# Work things that "kill" people in idioms ("deadlinen slår mig ihjel"), matched inside words.
THING = (
    r"[a-z]*(?:deadline|dødlinje|opgave|møde|uge|dag|regneark|system|job|arbejde|projekt|rapport|"
    r"vagtplan|telefon|mail|larm|stress|ordre|inventur|eksamen|skema|printer|computer|kasse|"
    r"lager|kontor|travlhed|regnskab|bogføring|moms|kursus|excel|firma|butik|virksomhed|"
    r"forretning|afdeling|branche)[a-z]*"
)
# After "ikke være her mere": "... mere end to timer", "... længere i firmaet" is about work.
NOT_ABOUT_WORK = r"(?! (?:end|efter|i|idag|fra|på|til|om|når|hos|med|som|pga)\b)"


# --- Idioms, blanked out before matching -----------------------------------------------------
# Compounds and device talk need no entry, no pattern matches them: "dødtræt", "dødssyg af",
# "dødsød", "dødkedeligt", "død stemning", "dødlinje", "printeren er død", "projektet er dødt",
# "jeg dør hvis jeg skal ...", "kan ikke mere" alone, "vi killer det", "slå tiden ihjel".

IDIOMS = [
    # "jeg dør af grin", "vi dør af sult", "døde af kedsomhed".
    r"\b(?:dø|dør|døde|død) af (?:grin|grine|latter|sult|tørst|kedsomhed|kulde|varme|hede|"
    r"nysgerrighed|skam|træthed|stress|spænding|misundelse)[a-z]*",
    # Work things that kill: "deadlinen slår mig ihjel", "den her uge tager livet af mig",
    # "det er ved at tage livet af mig at sidde i telefonen", "møderne dræber mig". Not when a
    # person is nearer the verb ("det er slut, han slår mig ihjel").
    rf"\b(?:det|dette|{THING}){gap(4, without=SUBJECT + '|' + OTHER)} "
    r"(?:tager|tage|tar|taget|slår|slå|slået|dræber|dræbe|æder|slider) "
    r"(?:livet af (?:mig|os)|(?:mig|os) ihjel|(?:hele )?mit liv|mig|os)\b(?! selv ihjel\b)",
    # "kunden var ved at slå mig ihjel med blikket".
    r"\b(?:slå|slår|slog|dræbe|dræber|dræbte) (?:mig|os|ham|hende) (?:ihjel )?med "
    r"(?:blikket|et blik|øjnene|sit blik|hendes blik|hans blik)\b",
    # "chefen slår os ihjel med alle de skemaer" (not "... med en kniv").
    r"\b(?:slår|slå|dræber|dræbe) (?:mig|os) ihjel med (?:alle|al|de|den|det|sine|sin|sit|hans|"
    r"hendes|mange|flere|så mange|for mange)\b",
    # Firms and projects that die: "projektet vil nok dø", "vil butikken dø".
    rf"\b{THING}{gap(2, without=SUBJECT)} (?:at )?dø\b|\b(?:vil|ville|kan|skal) {THING} dø\b",
    # "jeg vil hellere dø end gå til det møde" (not "hellere dø end leve sådan her").
    r"\bhellere dø end\b(?! (?:at )?(?:leve|fortsætte|have det|være|vågne|blive)\b)",
    # "jeg har ikke tid til at leve" is about work-life balance.
    r"\btid til at leve\b",
    # "skyde sig selv i foden", "skyde mødet i gang", "skyder os i sænk med klager".
    r"\b(?:skyde|skyder|skød) [a-z]+(?: selv)? i (?:foden|gang|sænk)\b",
    # Burnout and burns: "har brændt mig selv af", "brændt sig ud", "brændte mig på ovnen".
    r"\b(?:brænde|brænder|brændte|brændt) (?:mig|sig|dig)(?: selv)? (?:af|ud|på)\b",
    # "ved at brænde ud", "brændt ud": burnout, the manager's strain, not a crisis.
    r"\b(?:brænde|brænder|brændte|brændt) ud\b",
    # Efforts that fade: "indsatsen dør ud", "det døde ud efter en måned".
    r"\b(?:dør|døde|dø) ud\b",
    # Taking charge of one's life: "tage mit liv i egen hånd", "tage mit liv tilbage".
    rf"\b{TAKE} {POSSESSIVE} liv (?:i (?:egen|egne|mine|sine|hans|hendes|hånden|hænderne)|"
    r"tilbage|seriøst|alvorligt)\b",
    # Cutlery: "kniv og gaffel".
    r"\bkniv og gaffel\b",
    # "jeg kunne slå mig selv i hovedet" over a mistake.
    r"\bkunne (?:have )?(?:slå|slået|sparke|sparket) (?:mig|sig|dig) selv(?: i [a-z]+)?",
    # Work injuries: "kom til at skære mig", "skadede mig i ryggen", "... ved et uheld".
    rf"\b(?:ved et uheld|kom til at|kommet til at){gap(2)} (?:skade|skadet|skadede|skære|skar|"
    r"skåret|slå|slog|slået|brænde|brændte|brændt) (?:mig|sig|dig)(?: selv)?",
    r"\b(?:skade|skader|skadede|skadet|skære|skar|skåret|brændte|brændt|slog|slået) "
    rf"(?:mig|sig|dig)(?: selv)?{gap(3)} ved et uheld\b",
    r"\b(?:skade|skader|skadede|skadet) (?:mig|sig|dig)(?: selv)? (?:i|på) (?:ryggen|knæet|"
    r"nakken|skulderen|foden|hånden|fingeren|hovedet)\b",
    # "kan ikke leve op til kravene", "leve af/på lønnen", "leve med den beslutning".
    r"\bleve (?:op til|af|på)\b",
    r"\bleve med (?:den|de|dem|denne|disse|det nye|vores|jeres|deres|hans|hendes|beslutning|"
    r"larm|støj|lugt)[a-z]*",
    # Self-care advice: "gør dig selv noget godt".
    r"\bgør(?:e)? (?:mig|sig|dig) selv (?:noget|en) (?:godt|rart|tjeneste)\b",
    # "det ville være karrieremæssigt selvmord", "et kommercielt selvmord for butikken".
    r"\b(?:karrieremæssigt|karrieremæssig|politisk|politiske|socialt|sociale|økonomisk|"
    r"økonomiske|kommercielt|kommercielle|forretningsmæssigt|faglig|fagligt)(?: set)? selvmord\b",
    # "chefen slår mig ihjel, hvis han opdager, at jeg glemte bestillingen": a slip, not a threat.
    r"\b(?:slår|slå|dræber|æder) (?:mig|os) (?:ihjel|råt)? ?hvis (?:han|hun|de|[a-z]+en) "
    r"(?:opdager|finder ud af|ser|hører|får at vide)(?: at)? (?:jeg|vi) (?:har )?(?:glemt|glemte|"
    r"kom for sent|kommer for sent|tabte|tabt|ødelagde|ødelagt|har lavet en fejl|lavede en fejl|"
    r"brændte|brændt|spildte|spildt|sov over|overså|overset|sagt op|købt|brugt)\b",
    r"\b(?:slår|slå|dræber|æder) (?:mig|os) (?:ihjel|råt)? ?(?:hvis|når) (?:han|hun|de|[a-z]+en|min "
    r"[a-z]+) (?:opdager|finder ud af|ser|hører|får at vide)\b(?=.*\b(?:haha|hehe|lol|sagt op|"
    r"glemt|glemte|for sent|fejl|regning)\b)",
    # "jeg skyder mig selv, hvis jeg skal til et møde mere i dag".
    r"\b(?:skyder|skyde|hænger|hænge) (?:mig|os)(?: selv)? hvis (?:jeg|vi) (?:skal|får)"
    r"(?: [a-z]+){0,5} (?:møde|mail|opgave|skema|kunde|vagt|excel|regneark|overarbejde|"
    r"powerpoint|tale|rapport)[a-z]*\b",
    # "chefen slår mig ihjel, hvis jeg glemmer nøglerne igen": a slip at work.
    r"\b(?:slår|slå|dræber|æder) (?:mig|os) (?:ihjel|råt) hvis (?:jeg|vi) (?:glemmer|glemte|"
    r"kommer for sent|taber|ødelægger|laver (?:en|flere|den) fejl|spilder|sover over|brænder|"
    r"smadrer|mister|roder|roder med|igen glemmer)\b",
    # "jeg hænger mig altid i detaljerne", "så kan man jo skyde sig en kugle for panden".
    r"\bhæng[a-z]* (?:mig|sig|os)(?: altid| tit| meget| for meget| lidt)? i (?:detalje|småting|"
    r"ord|formalia|kommaer|regler|sådan)[a-z]*",
    r"\bkan (?:man|jeg|vi)(?: jo| lige så godt| godt| da)? skyde (?:sig|mig|os) en kugle for "
    r"panden\b",
    # Accidents at work: "båndet kører for hurtigt, folk skærer sig".
    r"\b(?:folk|flere|mange|de nye|kollegerne) skærer sig\b",
    # "det er snart slut med mig på det her lager" is about the job.
    r"\bslut med (?:mig|os) (?:på|i|hos) (?:det her |den her |dette |denne )?[a-z]+",
]


# --- The lexicon -----------------------------------------------------------------------------
# Each category lists (pattern id, alternatives); the alternatives are joined with "|".

SUICIDE = [
    # The word, inflected, compounded, split and misspelled: selvmord, selvmordstanker,
    # selvmors tanker, selv mord, selvmor, selmord, sevlmord, selfmord; suicid(al); selvdrab.
    (
        "word",
        [
            r"\bselvmor",
            r"\bselv ?mord",
            r"\bselv mors? ?tank",
            r"\bse(?:vl|lf|l)mor[dt]",
            r"\bselvmodr",
            r"\bsuicid",
            r"\bselvdrab",
            r"\bdødsønske",
            r"\blivstræt",
        ],
    ),
    # "tage mit eget liv", "tog sit liv", "ta mit liv", "i aften tager jeg mit liv".
    ("own_life", [rf"\b{TAKE}(?: (?:jeg|han|hun))? {POSSESSIVE} liv\b"]),
    # "tage livet af mig selv", "han vil tage livet af sig".
    ("take_life", [rf"\b{TAKE} livet af {REFLEXIVE}\b"]),
    # "jeg vil tage livet af mig" (but "ugen tager livet af mig" is an idiom).
    (
        "take_life_me",
        [
            rf"\bjeg{gap(6, without=SUBJECT)} (?:at )?{TAKE} livet af mig\b",
            rf"\b(?:lyst|tænk|tanke|overvej|plan)[a-z]*{gap(2)} at {TAKE} livet af mig\b",
        ],
    ),
    # "slå mig selv ihjel", "han vil slå sig ihjel", "dræbe sig selv", "gøre det af med mig selv".
    (
        "kill_self",
        [
            rf"\b{SLAY} {REFLEXIVE} ihjel\b",
            rf"\b(?:dræbe|dræber|dræbte|dræbt) {REFLEXIVE}\b",
            r"\b(?:gøre|gør|gjorde|gjort) det af med (?:mig|sig|dig)(?: selv)?\b",
        ],
    ),
    # "jeg har tanker om at slå mig ihjel" (but "opgaven slår mig ihjel" is an idiom).
    (
        "kill_self_me",
        [
            rf"\bjeg{gap(6, without=SUBJECT)} (?:at )?(?:slå|slår) mig ihjel\b",
            rf"\bjeg{gap(6, without=SUBJECT)} (?:at )?(?:dræbe|dræber) mig\b",
        ],
    ),
    # "ende mit liv", "afslutte mit liv", "gøre en ende på det hele", "se en ende på det hele",
    # "for at ende det hele", "jeg vil ende det".
    (
        "end_life",
        [
            rf"\b(?:ende|ender|endte|endt|slutte|afslutte|afsluttede|afsluttet) {POSSESSIVE} liv\b",
            rf"\ben ende på (?:{POSSESSIVE} liv|livet|det hele|tilværelsen)\b",
            r"\b(?:at|vil|skal|må|kan) ende (?:livet|det hele|tilværelsen)\b",
            r"\b(?:jeg|han|hun) ender (?:livet|det hele)\b",
            r"\b(?:vil|at|skal) ende det$",
            rf"\b(?:jeg|han|hun){gap(4)} gøre en ende på det"
            r"(?: (?:i aften|i nat|i dag|i morgen|nu|snart|for altid))?$",
        ],
    ),
    # Inverted word order: "så tager jeg livet af mig", "i aften slår jeg mig selv ihjel".
    (
        "inverted",
        [
            rf"\b{TAKE} (?:jeg|han|hun) livet af (?:mig|sig)\b",
            rf"\b{SLAY} (?:jeg|han|hun) (?:mig|sig)(?: selv)? ihjel\b",
            r"\b(?:slå|slår) (?:mig|sig) selv ihjel (?:jeg|han|hun)\b",
            r"\b(?:dræber|dræbe) (?:jeg|han|hun) (?:mig|sig) selv\b",
        ],
    ),
    # A method on purpose: "køre lastbilen ind i en bropille med vilje", "springe ud fra
    # stilladset med vilje", "få det til at ligne en ulykke".
    (
        "on_purpose",
        [
            rf"\b(?:køre|kører|kørte|springe|springer|hoppe|hopper|kaste (?:mig|sig)|styrte|"
            rf"falde|smide (?:mig|sig)){gap(6)} med vilje\b",
            r"\bligne (?:en )?ulykke\b",
            r"\b(?:lade være med at|undlade at) (?:dreje|bremse|styre)\b",
        ],
    ),
    # A weapon against oneself: "stod med en kniv mod min egen hals".
    (
        "weapon_self",
        [
            rf"\b(?:kniv|kniven|pistol|pistolen|våben|våbnet|gevær|geværet|reb|rebet|"
            rf"barberblad)[a-z]*{gap(2)} (?:mod|om|for|ind i) (?:min|mit|sin|sit)(?: egen| eget)? "
            r"(?:hals|hoved|tinding|håndled|håndleddet|pulsåre|bryst|hjerte|mund)\b",
        ],
    ),
    # "hoppe ud foran toget", "kaste mig ud fra broen".
    (
        "jump",
        [
            r"\b(?:hoppe|hopper|springe|springer|kaste (?:mig|sig)|smide (?:mig|sig)|lægge (?:mig|sig))"
            r" (?:ud |ned )?(?:foran|på skinnerne)\b",
            r"\b(?:hoppe|springe|kaste (?:mig|sig)) (?:ud|ned) (?:fra|over) "
            r"(?:broen|altanen|vinduet|kanten|taget)\b",
        ],
    ),
    # "drukne mig" (not "drukne mig i arbejde").
    (
        "drown",
        [
            r"\b(?:drukne|drukner|druknede) (?:mig|sig)(?: selv)?\b"
            r"(?! i [a-z]*(?:arbejde|opgaver|mails|papir|dokumenter|sager))",
        ],
    ),
    # "jeg har overvejet at køre ind i en lastbil med vilje".
    (
        "crash",
        [
            rf"\bkøre (?:ind )?i{gap(2)} (?:lastbil|bus|tog|mur|træ|modkørende|autoværn|brofag)"
            rf"[a-z]*{gap(3)} med vilje\b",
            rf"\b(?:overvej|tænk|tanke|lyst|plan)[a-z]*{gap(3)} at køre (?:galt|ind i)\b",
            # "jeg tænker på at køre ud over broen" (not "vi skal køre over broen til Fyn").
            rf"\b(?:overvej|tænk|tanke|lyst|plan)[a-z]*{gap(3)} at køre (?:ud )?(?:over|fra) "
            r"(?:broen|kanten|kajen|havnen|klinten|skrænten)\b",
        ],
    ),
    # "hænge mig", "hun hængte sig" (not "hænge mig i detaljer", "hænge sig op i småting").
    (
        "hang",
        [
            r"\b(?:hænge|hænger|hængte|hængt) (?:mig|sig|dig)\b(?! (?:op|i|fast|på|ud|ved|med|over)\b)",
            r"\b(?:hænge|hænger|hængte|hængt) (?:mig|sig|dig) i (?:et træ|træet|garagen|loftet|et reb|"
            r"skoven|kælderen|skuret|bjælken|en bjælke)\b",
        ],
    ),
    # "skyde mig selv", "han skød sig" (not "skyde sig ind på et tal").
    (
        "shoot",
        [r"\b(?:skyde|skyder|skød) (?:(?:mig|dig) selv|sig selv|sig)\b(?! (?:ind|frem|op)\b)"],
    ),
    # "tage en overdosis", "har samlet piller sammen" (not "en overdosis af møder").
    (
        "pills",
        [
            rf"\b(?:{TAKE}|fik|får) (?:en )?overdosis\b",
            r"\boverdoser",
            r"\boverdosis (?:af|med) (?:piller|tabletter|sovepiller|medicin|pamol|panodil)\b",
            r"\b(?:samle|samler|samlet) (?:(?:piller|tabletter|sovepiller) sammen|"
            r"på (?:piller|tabletter|sovepiller))\b",
            rf"\b(?:samlet|samler|samle|gemt|gemmer|gemme|sparet|sparer|spare|hamstret|hamstrer)"
            rf"{gap(4)} (?:piller|pillerne|sovepiller|sovepillerne|tabletter|tabletterne|medicin|"
            r"medicinen)\b(?! (?:til|for) (?:min|mit|mine|sin|sine|hans|hendes) (?:mor|far|"
            r"bedstemor|bedstefar|hund|kat|barn|børn))",
            r"\bpiller for at (?:dø|ende|slippe)\b",
            # "jeg har taget en masse piller" (the writer; not a resident's medicine round).
            rf"\bjeg{gap(3)} {TAKE} (?:en (?:hel )?masse|mange|alle|alle mine|for mange|en "
            r"håndfuld|en bunke) (?:piller|pillerne|sovepiller|tabletter|panodiler|pamoler)\b"
            r"(?! (?:for|mod) (?:hovedpine|smerter|smerterne|ryggen|feber|migræne|allergi)\b)",
            # "jeg har pillerne liggende klar" (not "pillerne klar til fru hansen").
            r"\b(?:har|ha|fået) (?:alle )?(?:pillerne|sovepillerne|tabletterne|piller|sovepiller)"
            r" (?:\w+ )?(?:liggende |stående )?(?:klar|parat|fremme)\b(?! til\b)",
        ],
    ),
    # "jeg har stillet mig op på taget", "står oppe på broen" (not "står på taget": roofers).
    (
        "ledge",
        [
            r"\b(?:stillet|stiller|stille|stod|står) (?:mig|sig) (?:op )?(?:på|ud på) "
            r"(?:taget|broen|kanten|altanen|skinnerne|rækværket)\b",
            r"\b(?:står|stod|sidder|sad) (?:oppe |ude )?på (?:broen|brokanten|rækværket|perronkanten|"
            r"skinnerne|kanten af (?:broen|taget|altanen|perronen))\b",
        ],
    ),
    # "har sendt en afskedsbesked og svarer ikke", "skrevet et afskedsbrev", "taget afsked med
    # min familie" (not a farewell card for a colleague who retires).
    (
        "farewell",
        [
            r"^(?!.*\b(?:pension|nyt job|nye job|sidste arbejdsdag|fratræd|reception|stopper|opsagt|"
            r"sagt op|jubilæ)).*\b(?:sendt|sendte|skrevet|skrev|efterladt|efterlod|lagt|fundet|fandt|"
            rf"fået|fik|modtaget)\b{gap(3)} afskeds(?:brev|besked|sms|video)",
            r"\b(?:taget|tog|tage|sagt|sagde) (?:afsked med|farvel til) (?:min|sin|mine|sine) "
            r"(?:familie|børn|kone|mand|kæreste|mor|far|forældre)\b",
            # Affairs put in order with no need for anything after: "jeg har ryddet op i alt og
            # sat hunden i pleje. jeg får ikke brug for noget mere".
            r"^(?=.*\b(?:ryddet op i (?:alt|det hele|mine ting)|ordnet (?:alt|det hele|mine "
            r"papirer|papirerne)|givet (?:mine ting|alle mine ting|mit tøj) væk|sat (?:hunden|katten|"
            r"min hund|min kat|dyrene) i pleje|skrevet (?:et )?testamente|givet (?:hunden|katten|min "
            r"hund|min kat) væk)\b)(?=.*\b(?:ikke|ik|ikk) (?:få|får|have|har) brug for (?:noget|"
            r"nogen ting|det|mere|mine ting)|\bfarvel\b|\bfor altid\b|\bsidste gang\b|\bikke være "
            r"her\b|\bikke (?:mere|længere)\W*$)",
            r"\bjeg (?:får|kommer (?:ikke|ik) til at få|skal) (?:ikke|ik|ikk)? ?(?:have )?brug for "
            r"(?:noget|nogen ting|mine ting|det hele) (?:mere|længere|efter i (?:morgen|aften|nat))"
            r"\W*$",
        ],
    ),
    # Goodbyes and a life put in order: "farvelbrevene ligger klar", "planlægger min egen
    # begravelse", "gjort mig klar til at tage afsked med det hele", "skrevet ned hvem der skal
    # ha hvad og lagt koden til min telefon", "foræret min cykel væk, de skal ikke vide hvorfor",
    # "det sidste de får fra mig", "hvorfor far ikke kommer hjem mere", "når jeg er væk".
    (
        "goodbye",
        [
            r"^(?!.*\b(?:pension|nyt job|nye job|sidste arbejdsdag|fratræd|reception|jubilæ|"
            r"kunder|kunderne|lukker butikken)).*\b(?:farvelbrev|farvelbreve|farvelbesked|"
            r"afskedsbrev|afskedsbreve)[a-z]*\b",
            r"\b(?:planlægger|planlagt|planlægge|planlagde)(?: jeg| han| hun)? (?:min|sin) "
            r"(?:egen )?begravelse\b",
            r"\b(?:tage|tag|ta|tager|taget|tog) afsked med (?:det hele|livet|alt|alting|verden|"
            r"jer alle|jer allesammen)\b",
            r"^(?=.*\b(?:hvem der skal (?:ha|have) hvad|koden til (?:min|mit) (?:tlf|telefon|mobil|"
            r"computer|pc|netbank))\b)(?=.*\b(?:lagt|skrevet|efterladt|ligger)\b)",
            r"^(?=.*\b(?:foræret|forærede|givet|gav|delt)\b.{0,60}\b(?:min|mine|mit)\b)"
            r"(?=.*\b(?:skal (?:ikke|ik) vide hvorfor|finder ud af det|(?:ikke|ik) får brug for|"
            r"får (?:ikke|ik) brug for|(?:ikke|ik) skal bruge (?:dem|det|den) mere)\b)",
            # "ryddet op i papirerne, så min kone ikke skal stå med noget bagefter".
            r"\bså [a-z]+(?: [a-z]+)? (?:ikke|ik) skal (?:stå med|rydde op i|ordne|tage sig af) "
            r"(?:noget|det|alt|det hele)(?: [a-z]+){0,2} (?:bagefter|efter mig|når jeg er væk)\b",
            r"\bdet sidste (?:de|han|hun|i|du|mine [a-z]+|min [a-z]+) (?:får|hører|ser) fra mig\b",
            r"\b(?:far|mor|jeg) (?:ikke|ik|aldrig) kommer hjem (?:mere|igen)\b",
            r"^(?=.*\btestamente\b)(?=.*\b(?:inden|før) (?:jeg|han|hun) (?:går|dør|er væk)\b)",
            r"^(?=.*\b(?:takke[a-z]* for alt|pas(?:se)? på hinanden|farvel)\b)"
            r"(?=.*\b(?:når|nu hvor) (?:jeg|han|hun) er (?:væk|borte)\b)",
            r"^(?=.*\b(?:byrde|klods om benet|til besvær for alle|til last)\b)(?=.*\b(?:(?:snart|så|"
            r"nu) er det (?:ordnet|overstået|slut|løst)|for good|for altid)\b)",
            r"^(?=.*\bsidste dag\b)(?=.*\b(?:har|er) (?:bestemt|besluttet)(?: mig)?\b)"
            r"(?=.*\b(?:roligt|rolig|lettet|fred)\b)",
        ],
    ),
    # Asking for the suicide helpline: "hvad er nummeret til Livslinien".
    ("helpline", [r"\blivslinie"]),
    # "i want to end my life", "i feel like killing myself", "i dont want to live anymore".
    (
        "english",
        [
            r"\b(?:kill|killing|killed) (?:myself|himself|herself|themselves|my self)\b",
            r"\b(?:end|ending) (?:my|his|her|their) (?:own )?life\b",
            r"\bend it all\b",
            r"\b(?:want|wants|wanna) (?:to )?die\b",
            r"\b(?:don t|dont|do not) want to (?:live|be alive|exist)\b",
            r"\bself ?harm",
            r"\bkms\b",  # "kill myself"
            r"\bunalive",
            r"\b(?:hurt|hurting|cut|cutting) (?:myself|himself|herself)\b",
        ],
    ),
]

SELF_HARM = [
    # "selvskade", "selvskadende adfærd".
    ("word", [r"\bselvskad"]),
    # "friske snitsår på håndleddene".
    ("cuts", [r"\bsnitsår (?:på|i) (?:håndled|armen|armene|lår|maven|halsen)[a-z]*\b"]),
    # "skade mig selv", "gør skade på sig selv", "gøre mig selv fortræd", "jeg vil skade mig".
    (
        "harm_self",
        [
            rf"\b(?:skade|skader|skadede|skadet) {SELF}\b",
            rf"\bskade på {SELF}\b",
            rf"\b(?:gøre|gør|gjorde|gjort) {SELF} (?:fortræd|ondt|skade|noget)\b",
            r"\bgøre (?:mig|sig) fortræd\b",
            rf"\bjeg{gap(4, without=SUBJECT)} skade mig\b",
            rf"\b(?:han|hun){gap(4, without=SUBJECT)} skade sig\b",
        ],
    ),
    # "skærer i mig selv", "skåret i mine arme", "har skåret mig igen" (not "skar mig på
    # kniven"), "hun cutter", "begyndt at cutte" (not "en cutter", the knife).
    (
        "cutting",
        [
            rf"\b(?:skære|skærer|skar|skåret) i {SELF}\b",
            r"\b(?:skære|skærer|skar|skåret)(?: i (?:mine |sine |min |sin |hans |hendes )?| "
            r"(?:mine|sine|min|sin|hans|hendes) )(?:arme|armene|arm|armen|håndled[a-z]*|ben|benene|"
            r"lår|lårene|hud|huden)\b",
            r"\b(?:skære|skærer|skåret) (?:mig|sig)\b"
            r"(?! (?:på|ved|med|i (?:fingeren|fingrene|tommelfingeren|hånden))\b)",
            r"\b(?:jeg|han|hun|du|de)(?: (?:har|er|begyndt|begynder|at|igen|stadig|tit|ofte|også|"
            r"nogle|gange|til|plejer|plejede|nok|vist|måske))* (?:cutter|cutte|cuttede|cuttet|cutting)\b",
            r"\b(?:begyndt|begynder|plejer|plejede|startet med) at cutte\b",
            r"\b(?:cutter|cutte|cuttede|cuttet|cut) (?:mig|sig)\b",
        ],
    ),
    # "brænder mig selv med cigaretter", "har slået mig selv", "ridser mig i armene".
    (
        "burn_hit_self",
        [
            rf"\b(?:brænde|brænder|brændte|brændt) {SELF}\b",
            rf"\b{SLAY} {SELF}\b",
            rf"\b(?:ridse|ridser|ridsede|ridset) (?:{SELF}|(?:mig|sig) i (?:armene|armen|huden|benene))\b",
        ],
    ),
]

DEATH_WISH = [
    # "vil dø", "ønsker at dø", "har lyst til at dø", "vil bare do nu", "hellere dø".
    (
        "want_to_die",
        [
            rf"\b(?:vil|ville|ønsker|ønske|ønskede|lyst|hellere|klar|parat|længes){gap(2)} (?:at )?dø\b",
        ],
    ),
    # "har tænkt på at dø", "tanker om døden".
    (
        "think_of_dying",
        [
            rf"\b(?:tænk|tanke|overvej|drøm|fantaser)[a-z]*{gap(1)} (?:på|om) (?:at dø|døden)\b",
        ],
    ),
    # "hellere være død", "ønsker jeg var død", "bedre stillet hvis jeg var død".
    (
        "wish_dead",
        [
            rf"\b(?:vil|ville|hellere|ønsker|ønske|bare|gid){gap(1)} (?:være|blive) død\b",
            rf"\b(?:ønsk[a-z]*|bedre|bedste|hellere|bare|gid|nemmere|lettere|savne[a-z]*)"
            rf"{gap(6)} (?:jeg|han|hun){gap(1)} (?:var død|døde|var væk for altid)\b",
            r"\bdet (?:bedste|nemmeste|letteste) (?:ville|vil) være (?:at|hvis) (?:jeg|han|hun)? ?"
            r"(?:døde|dø|var død|ikke var her|forsvandt)\b",
        ],
    ),
    # "vil ikke leve mere", "orker ikke at leve", "har ikke lyst til at leve længere",
    # "ikke mere at leve for", "ikke lyst til at eksistere", "vil bare ikke være til mere".
    (
        "not_live",
        [
            rf"\b{NOT}{gap(5)} (?:at )?(?:leve|eksistere|være i live)\b",
            rf"\b{NOT}{gap(5)} (?:at )?være til(?= mere\b| længere\b|$)",
        ],
    ),
    # "kan ikke se nogen grund til at fortsætte med at leve", "hvad er meningen med at leve",
    # "hvorfor overhovedet leve videre", "livet giver ingen mening".
    (
        "no_reason",
        [
            rf"\b(?:{NOT}|hvad|hvor|hvilken|hvilket){gap(3)} (?:grund|grunde|mening|meningen|formål|"
            rf"værd|pointe|pointen)\b{gap(4)} (?:at )?(?:leve|eksistere)\b",
            rf"\bhvorfor{gap(2)} (?:leve|eksistere)\b",
            r"\blivet (?:giver|har) (?:ingen|ikke nogen|ik nogen|ikke længere nogen) mening\b",
            r"\b(?:ingen|ikke nogen) mening (?:i|med) livet\b",
        ],
    ),
    # "givet op på livet", "færdig med livet", "fået nok af livet", "træt af at leve".
    (
        "given_up",
        [
            r"\b(?:giv|gav|opgiv)[a-z]* op på livet\b",
            r"\bopgiv[a-z]* livet\b",
            r"\b(?:færdig|færdige|træt|trætte|nok|led|ked) (?:med|af) (?:livet|at leve|det her liv|"
            r"tilværelsen)\b",
        ],
    ),
    # "skal ikke være her mere", "i morgen er jeg her ikke mere", "ikke være her så længe endnu"
    # (not "ikke være her mere end to timer").
    (
        "not_be_here",
        [
            rf"\b{NOT}{gap(3)} (?:være|vær) her{gap(2)} (?:mere|længere|længe)\b{NOT_ABOUT_WORK}",
            rf"\b(?:er|være) (?:jeg |han |hun )?her (?:ikke|ik) (?:mere|længere)\b{NOT_ABOUT_WORK}",
        ],
    ),
    # "vil bare ikke vågne op igen", "aldrig vågne igen", "orker ikke at vågne i morgen".
    (
        "never_wake",
        [
            rf"\b{NOT}{gap(2)} (?:vågne|vågner)(?: op)? (?:igen|mere|nogensinde|i morgen)\b",
            rf"\b(?:håber|ønsker|beder om){gap(3)} (?:ikke|aldrig) (?:vågne|vågner)\b",
            rf"\baldrig{gap(1)} vågne(?: op)?$",
        ],
    ),
    # "vil bare forsvinde for altid", "væk fra det hele for altid" (not "filen er væk for altid").
    (
        "disappear",
        [
            rf"\b(?:jeg|han|hun){gap(5, without='det|den|de|dette|denne')} "
            rf"(?:forsvinde|forsvinder|sove|væk|borte|dø|død){gap(4)} for altid\b",
        ],
    ),
    # "alle ville have det bedre uden mig", "ingen ville savne mig", "jeg er bare en byrde",
    # "det ville være nemmere hvis jeg ikke var her".
    (
        "without_me",
        [
            r"\bbedre(?: stillet| af)? uden mig\b",
            # "snart slipper i for mig allesammen", "så slipper de for mig for altid".
            r"\bsnart slipper [a-z]+(?: [a-z]+)? for mig\b",
            r"\bslipper [a-z]+(?: [a-z]+)? for mig for (?:altid|godt)\b",
            rf"\bingen{gap(2)} (?:savne|savner|mangle|mangler|opdage) (?:mig|ham|hende)\b",
            r"\b(?:ville|vil|kommer til at) (?:ikke|ingen) (?:savne|mangle) (?:mig|ham|hende)\b",
            rf"\bingen{gap(3)} (?:bekymre sig|tænke|tænker) (?:om|på) (?:mig|ham|hende)"
            r"(?: mere| længere)\b",
            rf"\b(?:jeg|han|hun){gap(2)} (?:er|føler mig som|føler sig som)(?: bare| kun)? en byrde\b",
            rf"\b(?:bedre|nemmere|lettere|nemmest|lettest|bedst){gap(4)} hvis (?:jeg|han|hun) "
            r"(?:ikke|ik|aldrig) (?:fandtes|eksisterede|levede|var født|var her|var til|var i live|"
            r"er her|vågnede|vågner|vågnede op|vågner op)\b",
        ],
    ),
    # "lige meget om jeg er her eller ej", "om jeg er i live eller ej betyder ingenting".
    (
        "indifferent",
        [
            r"\bom (?:jeg|han|hun) (?:er|var) (?:her|i live|til) eller (?:ej|ikke|ik)\b",
            # "det gør ik noget, hvis jeg ikke er her næste måned", "hvis jeg kørte galt, ville
            # det ikke gøre så meget", "hvis jeg er død i morgen, så er det derfor".
            r"\b(?:gør|gøre|betyder|betyde) (?:ikke|ik|ingenting|intet)(?: [a-z]+){0,2} hvis "
            r"(?:jeg|han|hun) (?:ikke er her|ikke var her|er væk|var væk|forsvinder|forsvandt|dør|"
            r"døde|kører galt|kørte galt)\b",
            r"\bhvis (?:jeg|han|hun) (?:dør|døde|forsvandt|forsvinder|kørte galt|kører galt|ikke "
            r"var her|ikke er her)(?: [a-z]+){0,5} (?:ville|vil) det(?: [a-z]+)? (?:ikke|ik) "
            r"(?:gøre|betyde) (?:noget|så meget|det store)\b",
            r"\bhvis (?:jeg|han|hun) er (?:død|d) (?:i morgen|imorgen|i aften|i nat)\b",
            r"\bom (?:jeg|han|hun) (?:lever|dør|eksisterer) eller (?:ej|ikke|ik|dør)\b",
            r"\b(?:lige meget|ligegyldigt|ligegyldig|betyder ingenting|betyder intet|ingen forskel)"
            rf"{gap(2)} om (?:jeg|han|hun) (?:er her|lever|er i live|dør|eksisterer|er til)\b",
        ],
    ),
    # "der er ingen vej ud", "ingen vej ud af det her" (not "ingen vej ud af kontrakten").
    (
        "no_way_out",
        [
            r"\bingen (?:vej ud|udvej)\b(?! (?:af|fra|på) (?!det hele\b|livet\b|mit liv\b|mig\b|det(?: her)?$))",
            r"\bingen vej tilbage for (?:mig|ham|hende)\b",
        ],
    ),
    # "jeg vil ikke mere" as a whole clause; "kan ikke mere" only together with life, death or
    # hopelessness ("kan ikke mere, det hele er ligegyldigt"): alone it is ordinary stress.
    (
        "cannot_go_on",
        [
            r"\b(?:jeg|han|hun)(?: (?:bare|simpelthen|altså|virkelig|og))* "
            r"vil(?: (?:bare|simpelthen|altså|virkelig))? (?:ikke|ik) mere"
            r"(?:$| (?:og|jeg|nu|hjælp|overhovedet|bare|det hele|leve)\b)",
            r"^(?=.*\b(?:kan|orker|gider|magter) (?:ikke|ik) mere\b)"
            r"(?=.*\b(?:vil (?:ikke|ik) mere|leve|livet|dø|død|døden|forsvinde|ligegyldigt om|"
            r"(?:det hele|alt|alting|livet|tilværelsen|ingenting|intet) (?:er|virker) "
            r"(?:ligegyldigt|håbløst|meningsløst|sort)|(?:intet|ingenting) giver mening|ingen udvej|"
            r"ingen vej ud)\b)",
        ],
    ),
]

DANGER = [
    # Lives at stake now: "det brænder, og der er stadig to inde", "min kollega har fået strøm
    # og ligger helt stille", "gik ud i havnen og er ikke kommet op igen".
    (
        "emergency",
        [
            r"^(?=.*\b(?:brænder|brand|ild i)\b)(?=.*\b(?:stadig|fanget|nogen|folk|to|tre|en) "
            r"(?:inde|indenfor|derinde)\b)",
            r"^(?=.*\b(?:fået strøm|faldet ned|styrtet ned|ramt af|klemt|druknet|faldet i)\b)"
            r"(?=.*\b(?:ligger (?:helt )?stille|bevæger sig (?:ikke|ik)|trækker (?:ikke|ik) vejret|"
            r"svarer (?:ikke|ik)|er bevidstløs|er livløs)\b)",
            r"\b(?:gik|faldt|sprang|hoppede|røg) (?:ud )?i (?:havnen|vandet|søen|åen|kanalen|"
            r"gyllebeholderen)\b.*\b(?:ikke|ik) (?:kommet op|set siden|kommet tilbage)\b",
        ],
    ),
    # "truer med at slå", "truet med at tæske mig", "truer med en kniv", "en kunde ... truer
    # personalet", "jeg bliver truet" (not "truer med fyring"), "dødstrusler".
    (
        "threat",
        [
            r"\b(?:truer|truede|truet|true|truende) med at (?:slå|tæske|banke|skyde|dræbe|stikke|"
            r"kvæle|voldtage|skade|smadre|brænde|tage livet af)\b",
            r"\b(?:truer|truede|truet|true) (?:med )?(?:en |et |sin |sit )?(?:kniv|pistol|våben|"
            r"gevær|økse|machete|kølle|bat)\b",
            rf"\b{OTHER}{gap(4, without=IT)} (?:truer|truede|truet|true) {VICTIM}\b(?! med\b)",
            r"\b(?:jeg|vi|han|hun|de) (?:bliver|blev|er blevet) truet\b(?! (?:med (?:fyring|lukning|"
            r"opsigelse|en advarsel|advarsel)|af (?:lukning|konkurs|konkurrence[a-z]*))\b)",
            r"\bdødstrus",
            r"\btrue[rt] på livet\b",
        ],
    ),
    # "han har en kniv", "en mand med kniv", "der står en mand i butikken med en kniv" (not
    # "han skærer brødet med en kniv").
    (
        "weapon",
        [
            rf"\b{OTHER}{gap(3)} (?:har|havde|trak|trækker|trukket|vifter med|viftede med|holder|"
            rf"står med|stod med|gemmer) (?:en |et |sin |sit |hans |en stor )?{WEAPON}\b",
            rf"\b{OTHER}(?: (?:i|på|ved|foran|ude|inde|udenfor|nede|oppe)(?: [a-z]+)?)? med "
            rf"(?:en |et |sin |sit )?{WEAPON}\b",
            rf"\bblev trukket (?:en )?{WEAPON}\b",
        ],
    ),
    # "han siger at han slår mig ihjel", "bange for at han slår mig igen", "han har lige slået
    # hende", "han vil komme og skade mine børn", "skyde os" (not "de slår os på pris",
    # "chefen kvæler os i papirarbejde", "de nye regler vil skade os").
    (
        "attack",
        [
            rf"\b{OTHER}{gap(4, without=IT)} (?:slå|slår|dræbe|dræber|tæske|tæsker|banke|banker|"
            r"stikke|stikker|kvæle|kvæler|voldtage|voldtager|skyde|skyder|har lige slået|lige slog) "
            rf"{VICTIM}\b(?!(?: altid| tit| hver gang)? (?:på pris|i pris|ud|i skak|i kortspil|"
            r"i konkurrencen|med længder|i bordtennis|i tennis|i fodbold|i sænk|"
            r"i [a-z]*(?:arbejde|opgaver|papir|mails|regler|krav)[a-z]*|"
            r"med (?:de|deres|sine|priser|priserne|tilbud|tilbuddene))\b)",
            rf"\b{PERSON}{gap(4, without=IT)} (?:skade|skader) {VICTIM}\b",
            r"\b(?:skyde|skyder|skød) (?:os|dig|ham|hende|dem|folk|alle|personalet)\b",
        ],
    ),
    # "gør ham noget", "gøre os noget", "vil gøre mig fortræd" (not "gøre dig noget, hvis ...").
    (
        "harm_others",
        [
            rf"\b(?:gøre|gør) {VICTIM} (?:noget|fortræd)\b"
            r"(?! (?:hvis|at|om|godt|sjovt|ekstra|rart|mad|kaffe|te)\b)",
        ],
    ),
    # "jeg er i fare", "er vi i fare" (not "vores job er i fare", "i fare for at ..."), "ring 112".
    (
        "in_danger",
        [
            r"\b(?:jeg|vi|han|hun|du|de|børnene|personalet|nogen)(?: [a-z]+)? (?:er|er nu|er stadig) "
            r"i (?:akut |livs)?fare\b(?! for\b)",
            r"\ber (?:jeg|vi|han|hun|du|de) i (?:akut |livs)?fare\b",
            r"\blivsfare\b",
            r"\b(?:ring|ringe|ringer|ringet|kontakt|kontakte|tilkald|tilkalde)"
            r"(?: (?:til|på|efter|lige|nu))? 112\b",
            # Violence under way: "en er blevet stukket", "han er gået amok med en kniv".
            r"\b(?:er|blev) (?:blevet )?(?:stukket|stukket ned|skudt|knivstukket)\b",
            r"\b(?:gået|går) amok\b",
        ],
    ),
    # Violence announced or under way: "han vil skyde løs på skolen", "han vil komme og sprænge
    # kontoret i luften", "han vil dræbe sin kone", "siger han stikker jens", "en fyr tæsker løs
    # på en af de nye", "truer personalet med en hammer".
    (
        "violence",
        [
            r"\bsiger (?:at )?(?:han|hun|de) (?:vil |skal )?(?:stikke|stikker|skyde|skyder|dræbe|"
            r"dræber|tæske|tæsker|kvæle|kvæler) (?:ham|hende|dem|os|mig|dig|[a-z]+)\b"
            r"(?! (?:på pris|af|til|ud|op|hul|i sænk)\b)",
            rf"^(?=.*\b{WEAPON}\b)(?=.*\b(?:truer|truede|stikke|stikker|stikker ned|skyde|"
            r"skyder|dræbe|dræber|ihjel)\b)",
            r"\b(?:står|stod|sidder|sad) (?:oppe |ude )?på (?:taget|broen|altanen|kanten|"
            r"stilladset|rækværket)\b.*\b(?:vil|skal|ville|truer med at) (?:springe|hoppe|kaste "
            r"mig|kaste sig)\b(?! (?:over|op|ind|til|ned på|ned i|med)\b)",
            r"\b(?:står|stod|sidder|sad) (?:oppe |ude )?på (?:taget|broen|altanen|kanten|"
            r"stilladset|rækværket)\b.*\b(?:springe|hoppe|kaste mig|kaste sig) (?:ud|ned)\b"
            r"(?! (?:på|i) (?:stilladset|liften|containeren|ladet|jorden)\b)",
            rf"\b(?:han|hun|de|nogen|{PERSON}){gap(4, without=IT)} (?:vil|skal|ville|kommer og|"
            rf"komme og|truer med at|siger (?:at )?(?:han|hun|de)(?: vil| skal)?){gap(2)} "
            r"(?:skyde|dræbe|stikke|stikker|tæske|kvæle|slå (?:ihjel|[a-z]+ ihjel)|"
            r"sprænge [a-z ]{0,30}i luften|skyde løs|brænde [a-z ]{0,20}ned|"
            r"skyder|dræber|slår (?:ham|hende|dem|os|mig|[a-z]+) ihjel)\b(?! (?:projektet|tiden|"
            r"budgettet|ordren|aftalen|ideen|idéen|forslaget|den af|det af|hul|af)\b)",
            r"\b(?:tæsker|tæskede|banker|bankede|slår|sparker|sparkede|hamrer) løs på\b",
            r"\b(?:overfalder|overfaldt|overfaldet|angriber|angrebet|angreb) "
            r"(?:mig|os|ham|hende|dem|en|personalet|kunden|en kollega|[a-z]+)\b"
            r"(?! (?:på pris|i pressen|i medierne|i avisen|på facebook|med argumenter)\b)",
            r"\b(?:truer|truede|truet) (?:[a-z]+ ){0,2}med (?:en |et |sin |sit )?(?:hammer|riffel|"
            r"jernstang|kølle|flaske|stol|bat|skruetrækker|sprøjte|kanyle|kniven|pistolen)\b",
            r"\b(?:riffel|pistol|gevær|våben)[a-z]*\b.*\bskyde\b",
            r"\bbombe(?:trussel|true)",
        ],
    ),
]

LEXICON = {
    "suicide": SUICIDE,
    "self_harm": SELF_HARM,
    "death_wish": DEATH_WISH,
    "danger": DANGER,
}


# --- Normalisation and matching --------------------------------------------------------------

_REPEAT = re.compile(r"(?<!\\)([a-z])\1+")  # not after a backslash: keeps "\bbe" intact
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _spell(text: str) -> str:
    """Fold æ/ø/å (also ae/oe/aa), strip accents and collapse repeated letters."""
    return _REPEAT.sub(r"\1", _strip_marks(fold(unicodedata.normalize("NFC", text))))


def normalise(text: str) -> str:
    """Text as the patterns see it: "Jeg tænker på SELVMORD!!" -> "jeg tanker pa selvmord"."""
    return " ".join(_NON_WORD.sub(" ", _spell(text)).split())


def _compile(patterns: list[tuple[str, list[str]]]) -> tuple[re.Pattern[str], list[str]]:
    """One alternation per category; the named group gN tells which pattern id matched."""
    groups = (
        f"(?P<g{i}>{'|'.join(_spell(alternative) for alternative in alternatives)})"
        for i, (_, alternatives) in enumerate(patterns)
    )
    return re.compile("|".join(groups)), [pattern_id for pattern_id, _ in patterns]


_IDIOMS = re.compile("|".join(f"(?:{_spell(pattern)})" for pattern in IDIOMS))
_CATEGORIES = [(name, *_compile(patterns)) for name, patterns in LEXICON.items()]


# Words people put between the words of a pattern: "jeg har sådan set faktisk tænkt på at ...".
FILLERS = re.compile(
    r"\b(?:sådan set|helt ærligt|ærligt talt|sådan|faktisk|bare|lige|helt|egentlig|altså|"
    r"simpelthen|jo|nok|vel|virkelig|også|snart|måske|nærmest|efterhånden|stadig|tit|ofte|"
    r"nogle gange|somme tider|hver dag|hele tiden|igen|lidt|meget|så)\b"
)
SENTENCE_END = re.compile(r"[.!?;:\n]+|\s(?:men|og så|og)\s")


def _variants(text: str) -> list[str]:
    """The message as typed, with typos corrected, and without filler words; each whole and
    sentence by sentence, so that a crisis sentence inside a long message is checked alone."""
    from bot.safety.typos import correct, split_run_together

    lowered = unicodedata.normalize("NFC", text).lower()
    corrected = correct(split_run_together(lowered))
    variants = [lowered, corrected, " ".join(FILLERS.sub(" ", corrected).split())]
    parts = [p for v in variants[1:] for p in SENTENCE_END.split(v) if len(p.split()) >= 2]
    return list(dict.fromkeys(variants + parts))


def crisis_match(text: str) -> str | None:
    """Id of the first crisis pattern the message matches ("suicide.word"), or None.

    The id is safe to log; the message is not.
    """
    if not text or not text.strip():
        return None
    over = bool(_OVER.search(normalise(text)))
    for variant in _variants(text):
        found = _match(variant, danger=not over)
        if found:
            return found
    return None


# Danger told as over: "sidste uge truede en borger min kollega med en kniv ... politiet kom,
# og ingen kom til skade", "han brækkede armen, men er allerede udskrevet". What is over needs
# no 112; thoughts of suicide or self-harm are answered whenever they are told.
_OVER = re.compile(
    _spell(
        r"^(?=.*\b(?:i går|i forgårs|sidste uge|sidste måned|i søndags|i lørdags|i fredags|"
        r"i torsdags|i onsdags|i tirsdags|i mandags|for [a-z0-9]+ (?:dage|uger|måneder|år) siden|"
        r"i sidste uge|i foråret|i sommer|i efteråret|i vinter|sidste år)\b)"
        r"(?=.*\b(?:ingen kom til skade|politiet (?:kom|har fanget|fangede|tog)|er (?:ellers )?ok|"
        r"er (?:allerede )?udskrevet|er overstået|har fået (?:et )?(?:polititilhold|tilhold)|"
        r"krisepsykolog|tid hos en psykolog|kom hurtigt)\b)"
    )
)


def blank_idioms(normalised: str) -> str:
    """A normalised text with its idioms ("dør af grin", "tager livet af mig") blanked out."""
    return " ".join(_IDIOMS.sub(" | ", normalised).split())


def _match(text: str, danger: bool = True) -> str | None:
    normalised = blank_idioms(normalise(text))
    for category, regex, ids in _CATEGORIES:
        if category == "danger" and not danger:
            continue
        match = regex.search(normalised)
        if match:
            return f"{category}.{ids[int(match.lastgroup[1:])]}"
    return None


def is_crisis(text: str) -> bool:
    """True when the message needs the crisis answer, whatever the NLU model says."""
    return crisis_match(text) is not None
