"""Rasa NLU components that put the plain-Python readers of bot/ into the pipeline (config.yml).

- ThemeFinder: the themes a message names (bot/coach/themes.find_themes), as `theme` entities.
- ContextFacts: size and trade said in passing ("vi er et tømrerfirma med 12 mand"), as
  `ctx_size` and `ctx_industry` entities, so those questions are not asked again.
- KnowledgeNames: a question naming a knowledge entry ("hvad er PoWRS?") is `ask_knowledge`,
  with the entry as the `kb_id` entity, whatever the intent classifier thought.
Button payloads ("/intent{...}") never reach a component.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.coach import recommend
from bot.kb.search import CLEAR_LEAD, outright
from bot.nlu.trained import TrainedComponent

SAFETY_INTENTS = ("crisis", "harassment")
# What the suggestions offer: a request for ideas is answered by them.
SUGGESTED = (*recommend.ACTIONABLE_KINDS, recommend.MEASURE)
# A message that picks an intervention: "vi tager PRO-modellen", "lad os prøve den med ...".
CHOOSING = re.compile(
    r"\b(?:(?:vi|jeg) (?:tager|tar|vælger|går med|gaar med|kører med|koerer med|prøver|starter "
    r"med|satser på|vil have|vil gerne have|vil prøve|vil (?:gerne |hellere )?(?:vælge|tage))|"
    r"lad os (?:tage|vælge|prøve|køre med|gå med|starte med)|(?:den|dén) (?:tager|vælger|prøver) vi|vælg|vælger)\b"
)

# Suggestions asked for a problem named in the same message ("vis forslag til det med for meget
# arbejde", "nej jeg ville ha forslag til travlheden", "vi vil arbejde med de hårde besøg"):
# whatever the classifier made of the opening "nej" or the unusual words.
WANTS_SUGGESTIONS = re.compile(
    r"\b(?:forslag|ideer|idéer|tiltag|tips|råd) (?:til|om|mod|for)\b|"
    r"\b(?:hvad kan vi gøre|hvad gør vi|hvad gør man) (?:ved|med|mod)\b|"
    r"\b(?:vi vil (?:gerne |hellere )?|lad os |vi skal )(?:arbejde med|tage fat (?:i|på)|starte med|"
    r"se på|kigge på)\b|"
    # after the problem: "..., hvad gør vi?", "..., har I nogle forslag?", "har I noget om det?"
    r"\b(?:hvad (?:kan|skal) (?:vi|man|i) (?:gøre|stille op)|hvad gør (?:vi|man))"
    r"(?: (?:så|nu|her|ved det|med det))?\W*$|"
    r"\bhar (?:i|du) (?:nogle |nogen |et par )?(?:forslag|ideer|idéer|gode råd|råd|tips)\b|"
    r"\bhar (?:i|du) noget (?:om|til|mod) (?:det|dét|sådan noget)\W*$"
)
# A question to the coach itself ("hvad kan du hjælpe os med?", "hvordan virker det her?"),
# not to the knowledge base ("hvem kan hjælpe os med stress?").
ASKS_THE_COACH = re.compile(
    r"\b(?:du|dig|appen|det her|den her|coach\w*|chatbot\w*|skrive|svare|trykke)\b"
)
# A question what a measure is or means, not a request for ideas: "hvad er den der korte snak
# efter svære situationer", "hvad er tanken med at fordele de tunge opgaver".
ASKS_WHAT_IT_IS = re.compile(
    r"\bhvad (?:er|var) (?:den|det|de)(?: der| her)? |\bhvad (?:er|var) (?:tanken|ideen|idéen|"
    r"meningen) (?:med|bag)\b|\bhvad går (?:det|den)(?: \w+){0,3} ud på\b|\bhvad betyder det"
    r"(?: \w+)? at\b|\bhvad indebærer\b|\bhvad menes der med\b|\bhvad vil det sige at\b"
)
# Whether one idea is worth trying, asked of that idea: "hjælper det at rose mere", "er en
# ansvarsoversigt en idé", "kan det betale sig at sende to ud". Answered by that measure's card,
# not by three suggestions.
ASKS_IF_IT_HELPS = re.compile(
    r"\b(?:hjælper|hjælpe|virker|nytter|batter) (?:det|den|de)(?: \w+)? (?:at|med|hvis|når|\w+er)\b|"
    r"\b(?:kan|vil) det (?:betale sig|hjælpe|virke|nytte)\b|"
    r"\ber (?:det|den|\w+) (?:\w+ )?(?:en )?god(?:t)? (?:idé|ide|ting)\b|\ben (?:god )?(?:idé|ide)\s*\??$|"
    r"^(?:skal|bør) (?:vi|jeg|man) (?:aftale|have|lave|indføre|prøve|holde|sætte|give|sende|bruge)\b"
)
# One of the suggestions shown, by its place: "den første", "nummer to", "den sidste".
SHOWN_CARD = re.compile(
    r"\b(?:den|dén|det|nr\.?|nummer) (?:første|forste|anden|andet|tredje|sidste|1|2|3|to|tre)\b"
    r"(?! (?:ord|gang|stykke|skridt)\b)"  # "hvem har det sidste ord": no card
)
# One of the suggestions taken after it was named: "pauserne! dem springer vi over. den tager
# vi" (not "den tager vi op på mødet", "det tager vi senere").
TAKES_THAT_ONE = re.compile(r"\b(?:den|dén|dem) (?:tager|tar|vælger|prøver) vi\b(?! op\b)")
# A wish for what the team will do, not a report of what it did.
WISHING = re.compile(r"\b(?:lad os|vi vil|vi skal|vi kan|vi kunne|vi tager|vi prøver|vi laver|"
                     r"vi kører|vi starter|jeg vil|jeg foreslår)\b")  # fmt: skip


def _entity(name: str, value: str, text: str, extractor: str, start: int = 0) -> dict:
    return {
        "entity": name,
        "value": value,
        "start": start,
        "end": len(text),
        "confidence_entity": 1.0,
        "extractor": extractor,
    }


def _set_intent(message: Message, name: str) -> None:
    """The message means `name`, surely; the other intents keep their order below it."""
    chosen = {"name": name, "confidence": 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r["name"] != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)


def _add_entities(message: Message, found: list[dict]) -> None:
    if found:
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)


class _Component(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class ThemeFinder(TrainedComponent):
    """The cues and the theme classifier, trained with the model on the theme corpora and the
    NLU examples whose words are marked with a theme. Each entity spans the clause naming it."""

    MODEL_FILE = "theme_classifier.pkl"
    # Where a message describes a problem; elsewhere only the cues read themes ("hvad er
    # IMPROVEjob?" names no problem, whatever a classifier would guess).
    PROBLEM_INTENTS = ("describe_problem", "ask_intervention", "nlu_fallback", "manager_strain")
    # Where a message may also tell a problem ("tavlemødet kører, men vi glemmer det om
    # fredagen", "en kunde truede ahmed"): only what the classifier is sure of.
    TELLING_INTENTS = ("report_progress", "harassment", "give_context")

    @classmethod
    def from_bytes(cls, data: bytes):
        from bot.coach.themes import ThemeClassifier

        return ThemeClassifier.from_bytes(data)

    def train(self, training_data: TrainingData) -> Resource:
        from bot.coach.themes import ThemeClassifier, corpus

        items = corpus()
        for example in training_data.training_examples:
            themes = {e["value"] for e in example.get(ENTITIES) or [] if e["entity"] == "theme"}
            if themes and example.get("text"):
                items.append((example.get("text"), sorted(themes)))
        return self.keep(ThemeClassifier.train(items))

    # Words of a request for help, not of a problem: "hvordan får vi det bedre?", "har du nogle
    # forslag?" name no theme, whatever a classifier would guess from them.
    REQUEST_WORDS = "forslag ideer idé ide tips råd hjælp løsning løsninger indsats indsatser"

    @classmethod
    def has_content(cls, text: str) -> bool:
        from bot.kb.text import analyze

        return bool(set(analyze(text)) - set(analyze(cls.REQUEST_WORDS)))

    def process(self, messages: list[Message]) -> list[Message]:
        from bot.coach.themes import find_themes

        for message in messages:
            text = message.get("text") or ""
            intent = (message.get(INTENT) or {}).get("name")
            telling = intent in self.TELLING_INTENTS
            says_something = (intent in self.PROBLEM_INTENTS or telling) and self.has_content(text)
            hits = find_themes(text, self.classifier if says_something else None, sure=telling)
            found = [
                {**_entity("theme", h.theme, text, "ThemeFinder", h.start), "end": h.end}
                for h in hits
            ]
            # Replace the themes the classifier marked in training examples (none at run time).
            kept = [e for e in message.get(ENTITIES) or [] if e.get("entity") != "theme"]
            message.set(ENTITIES, kept + found, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ContextFacts(_Component):
    """ "Vi er et tømrerfirma med 12 mand" is telling the coach about the team, also when the
    intent classifier could not place it."""

    UNSURE = 0.7

    def process(self, messages: list[Message]) -> list[Message]:
        from bot.coach.reading.facts import context_facts

        for message in messages:
            text = message.get("text") or ""
            found = context_facts(text)
            _add_entities(
                message,
                [
                    _entity(f"ctx_{key}", value, text, "ContextFacts")
                    for key, value in found.items()
                ],
            )
            intent = message.get(INTENT) or {}
            if found and intent.get("confidence", 0.0) < self.UNSURE:
                _set_intent(message, "give_context")
        return messages


# "vi tager den første", "lad os vælge nummer to": one of the suggestions, by its place (not
# "vi tager den første mandag", a date).
DATE_WORDS = r"mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|gang|uge|dag|måned|maaned"
PICKS_BY_NUMBER = re.compile(
    CHOOSING.pattern
    + r"\s+(?:den |det |nummer |nr\.? ?)?(?:første|forste|anden|andet|tredje|sidste|1|2|3|to|tre)"
    rf"\b(?!\s+(?:{DATE_WORDS}))"
)
# "den første, prioritere ugens opgaver", "nummer 3 med chaufførerne": a message that opens
# with a suggestion's place (not "den anden dag", "den første mandag").
PICKED_FIRST = re.compile(
    r"^(?:den |nummer |nr\.? ?)(?:første|forste|anden|tredje|sidste|1|2|3|to|tre)\b"
    rf"(?!\s+(?:{DATE_WORDS}|år|time|halvdel|del|side|vagt|hold|handling|punkt|opgave|ting))"
    r"|^(?:det |den )?(?:første|forste|andet|anden|tredje|sidste)(?: (?:tema|problem|punkt))?\W*$"
)


# "ingen pauser", "for mange møder", "dårlig stemning": a few words that tell a problem.
TELLS_A_PROBLEM = re.compile(
    r"\b(?:ingen|ikke|ik|ikk|aldrig|altid|mangler|mangel|for (?:meget|lidt|mange|få)|dårlig\w*|"
    r"elendig\w*|skod\w*|træls\w*)\b"
)


@functools.lru_cache(maxsize=1)
def _theme_terms() -> frozenset[str]:
    """The search terms of the nine themes' labels, computed once."""
    from bot.kb.text import analyze
    from bot.themes import THEME_LABELS

    return frozenset(term for label in THEME_LABELS.values() for term in analyze(label))


def names_a_problem(text: str) -> bool:
    """Whether a short message tells a problem rather than names a topic: a problem word
    ("ingen pauser") or only the words of a theme ("konflikter", "anerkendelse")."""
    from bot.kb.text import analyze

    if TELLS_A_PROBLEM.search(text.lower()):
        return True
    terms = set(analyze(text))
    return bool(terms) and terms <= _theme_terms()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class KnowledgeNames(_Component):
    """A question naming an entry is answered by that entry. A bare name ("powrs") only when
    the classifier had nothing better: a one-word "mobning" stays harassment. And a question
    the classifier could not place ("hvorfor halter sikkerhedsoplæringen i små firmaer?") is
    answered from the knowledge base when one entry clearly answers it."""

    OPEN_INTENTS = ("ask_knowledge", "nlu_fallback", "out_of_scope", "help", "read_more")
    # A question here is answered by the best entry: all open intents but out of scope.
    ASKED = ("ask_knowledge", "nlu_fallback", "help", "read_more")
    # Intents a factual question is often mistaken for, when it is not short.
    MISTAKEN = OPEN_INTENTS + ("why", "bot_challenge", "close_pulse", "start_mapping",
                               "manager_strain", "report_progress")  # fmt: skip
    UNSURE = 0.7
    SURE = 0.9  # above this, a question the classifier placed elsewhere is not searched...
    # ... unless one entry answers it outright (a strong hit on its curated questions, title
    # or keywords): "findes der noget til ejerledere med stress?" is a question, whatever
    # problem it names. Not where a request settles the answer: plans, data, safety, and a
    # request for ideas, which the suggestions answer.
    ANSWERED_OUTRIGHT = ("describe_problem", "give_context", "manager_strain", "report_progress",
                         "schedule_followup", "edit_plan", "choose_intervention")  # fmt: skip

    # Of those, a problem told or a report given with a question about it after: answered
    # when the question matcher is sure, too. Not a change to the plan put as a question ("kan
    # vi ændre hvem der har ansvaret?").
    PROBLEM_THEN_QUESTION = ("describe_problem", "give_context", "manager_strain",
                             "report_progress")  # fmt: skip

    # Where a message is only an entry's name, intents it is mistaken for: a few words are no
    # problem told or report given ("beslutningsrammer", "omgangstone", "h-work databasen").
    TAKEN_BY_A_NAME = ("describe_problem", "report_progress", "give_context", "manager_strain",
                       "my_data")  # fmt: skip

    def __init__(self) -> None:
        self._index = None

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KnowledgeNames:
        """Loaded to answer: the index and its question matcher are built now, so that the
        first question does not wait for them."""
        names = cls()
        names.index().matcher()
        return names

    def index(self):
        if self._index is None:
            from bot.config import load_settings
            from bot.kb.loader import load_directory
            from bot.kb.search import KnowledgeIndex

            self._index = KnowledgeIndex(load_directory(load_settings().knowledge_dir))
        return self._index

    def process(self, messages: list[Message]) -> list[Message]:
        from bot.coach.facilitate import experiment_wish
        from bot.kb.questions import is_question
        from bot.safety.privacy import asks_about_privacy

        for message in messages:
            text = message.get("text") or ""
            intent = message.get(INTENT) or {}
            if not text or intent.get("name") in SAFETY_INTENTS:
                continue
            if not text.startswith("/") and is_question(text) and asks_about_privacy(text):
                _set_intent(message, "my_data")  # "kan min chef se, hvad jeg svarer i pulsen?"
                continue
            themes = [e for e in message.get(ENTITIES) or [] if e.get("entity") == "theme"]
            if themes and WANTS_SUGGESTIONS.search(text.lower()) and not text.startswith("/"):
                _set_intent(message, "ask_intervention")
                continue
            if WISHING.search(text.lower()) and experiment_wish(text) == "":
                # "lad os gøre det som et kort forsøg": the chosen measure, run as a trial.
                _add_entities(message, [_entity("plan_mode", "forsøg", text, "KnowledgeNames")])
                _set_intent(message, "make_plan")
                continue
            # "vi tager PRO-modellen" chooses it; "hvad er PRO-modellen?" asks about it.
            picked = self.picked_entry(text)
            entry = picked or self.answering_entry(text, intent)
            if entry is not None:
                _add_entities(message, [_entity("kb_id", entry.id, text, "KnowledgeNames")])
            elif (
                PICKS_BY_NUMBER.search(text.lower())
                or PICKED_FIRST.match(text.lower())
                or TAKES_THAT_ONE.search(text.lower())
            ):
                pass  # "vi tager den første": the action reads which of the suggestions
            else:
                continue
            _set_intent(
                message, "choose_intervention" if picked or entry is None else "ask_knowledge"
            )
        return messages

    def picked_entry(self, text: str):
        """The entry a message chooses by name: "vi tager PRO-modellen", "lad os prøve den
        fra BFA Velfærd"."""
        from bot.coach.facilitate import EXPERIMENT, experiment_wish
        from bot.kb.questions import is_question, named_entry

        if is_question(text):
            return None
        if WISHING.search(text.lower()) and experiment_wish(text):
            # "lad os lave et kort forsøg med faste pauser"; but "lad os gøre det som et kort
            # forsøg" after a choice runs the chosen measure as one: the classifier decides.
            return self.index().by_id.get(EXPERIMENT)
        verb = CHOOSING.search(text.lower())
        if verb is None:
            return None
        rest = re.sub(r"^\W*(?:(?:den|det|dem|dén|fra|med|om|nummer|så|bare|gerne)\W+)*", "",
                      text[verb.end() :])  # fmt: skip
        found = named_entry(rest, self.index()) if len(rest) >= 3 else None
        return found[0] if found else None

    def answering_entry(self, text: str, intent: dict):
        from bot.config import load_settings
        from bot.kb.questions import is_question, named_entry

        if SHOWN_CARD.search(text.lower()):
            return None  # "hvad går den første ud på?": one of the suggestions shown
        unsure = intent.get("confidence", 0.0) < self.UNSURE
        found = named_entry(text, self.index())
        if found is not None:
            entry, as_question = found
            if as_question or unsure or intent.get("name") in self.OPEN_INTENTS:
                return entry
            if intent.get("name") in self.TAKEN_BY_A_NAME and not names_a_problem(text):
                return entry  # "tavlemøde", "omgangstone": a topic named, not a problem told
            return None
        if not is_question(text) or len(text.split()) < 4:
            return None
        name, sure = intent.get("name"), intent.get("confidence", 0.0) >= self.SURE
        if name not in (*self.MISTAKEN, *self.ANSWERED_OUTRIGHT, "ask_intervention") and not unsure:
            return None
        hits = self.index().search(text, limit=2, min_score=load_settings().kb_min_score)
        if not hits:
            return None
        strong = outright(hits[0])
        # "hvad kan du hjælpe os med?", "hvordan foregår det helt konkret?": asked of the
        # coach itself, not the knowledge base, unless the classifier was unsure.
        of_the_coach = (
            name in ("help", "read_more") and not unsure and ASKS_THE_COACH.search(text.lower())
        )
        if of_the_coach:
            return None
        if name in self.ASKED:
            return hits[0].entry  # "hvem kan hjælpe os med stress blandt lederne?"
        # Elsewhere only a question one entry clearly answers: "hvordan laver jeg min
        # selvangivelse?" is out of scope, whatever entry its words touch.
        learnt = self.index().sure_of(text, hits[0].entry.id)  # the matcher is clearly sure
        answered = strong or learnt
        if not answered:
            return None
        if name == "ask_intervention":
            if ASKS_WHAT_IT_IS.search(text.lower()) or ASKS_IF_IT_HELPS.search(text.lower()):
                return hits[0].entry  # "hvad er tanken med at fordele de tunge opgaver"
            # "hvordan ved vi om en indsats passer til os?" asks about interventions, not
            # for one: answered by an entry that is not itself a measure to suggest.
            return self.about_interventions(text, hits[0])
        if unsure or (name in self.MISTAKEN and not sure):
            return hits[0].entry
        # A question the classifier was sure of elsewhere ("hvilken rapport henviser du til?"
        # read as why) is still that entry's when the question matcher is clearly sure of it.
        if name in self.MISTAKEN and learnt:
            return hits[0].entry
        # A problem told and then a question about it ("vi stoler ik på konsulenter. er det
        # et problem"): answered by the entry the words or the question matcher are sure of.
        if name in self.PROBLEM_THEN_QUESTION:
            return hits[0].entry
        return hits[0].entry if strong and name in self.ANSWERED_OUTRIGHT else None

    def about_interventions(self, text: str, best):
        """The entry a question about interventions asks for ("hvordan ved vi, om en indsats
        passer til os?"): one that is not itself suggested and clearly answers it better than
        any suggestion would. Otherwise the suggestions answer a request for ideas."""
        if best.entry.kind in SUGGESTED:
            return None
        suggested = self.index().search(text, limit=1, min_score=0.0, kinds=SUGGESTED)
        if suggested and best.score < CLEAR_LEAD * suggested[0].score:
            return None
        return best.entry


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class JoinCodes(_Component):
    """A team's code typed on its own ("storm-nat-lomme-90", "koden er Sol Hest Mark 42") is a
    wish to join with it, whatever the classifier made of the unknown words."""

    MAX_WORDS = 8

    def process(self, messages: list[Message]) -> list[Message]:
        from bot.coach import joincode

        for message in messages:
            text = message.get("text") or ""
            intent = message.get(INTENT) or {}
            if not text or text.startswith("/") or intent.get("name") in SAFETY_INTENTS:
                continue
            code = joincode.normalize(text) if len(text.split()) <= self.MAX_WORDS else None
            if code is None:
                continue
            _add_entities(message, [_entity("join_code", code, text, "JoinCodes")])
            _set_intent(message, "join_team")
        return messages
