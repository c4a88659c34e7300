"""The crisis check in the NLU pipeline, placed last in config.yml so nothing overrides it.

A message is a crisis when either of these says so, sentence by sentence, whatever the intent
model thought:
- the Danish lexicon (bot/safety/crisis.py: patterns with typos corrected and filler words
  dropped);
- the crisis classifier beside it (bot/safety/classifier.py), trained with the model on the
  crisis corpus and its look-alikes.
The intent model alone never decides: when it says crisis and neither check agrees, the next
intent is used, so that everyday images of work stress ("den her uge tager livet af mig") get
no crisis answer. Likewise harassment: the intent model's `harassment` stands only when the
message names such behaviour (bot/safety/harassment.py), so that "to seniors har en beef" or
"vi inviterer planlæggeren" stay problems and plans; and a message that names it is
harassment when the model was unsure or had harassment near the top.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.trained import TrainedComponent
from bot.safety.classifier import THRESHOLD, CrisisClassifier, corpus
from bot.safety.crisis import is_crisis
from bot.safety.harassment import says_grave_harassment, says_harassment

CRISIS = {"name": "crisis", "confidence": 1.0}
HARASSMENT_THRESHOLD = 0.85
FIRST_PERSON = re.compile(r"\b(?:jeg|mig|mit|min|mine)\b")
# A danger now or announced: "bliver slået lige nu", "truer med at skyde chefen i morgen".
ACUTE = re.compile(
    r"\b(?:nu|lige nu|i aften|i nat|i morgen|skyde|skyder|dræbe|dræber|ihjel|stikke ned|"
    r"kommer tilbage|er på vej)\b"
)
THREAT = re.compile(
    r"\b(?:kniv\w*|truet|truede|truer|true|trussel\w*|vold\w*|slå|slog|slået|sparke\w*|"
    r"pistol\w*|våben|gevær\w*|hammer\w*|økse\w*|tæske\w*|banke\w*)\b"
)
HARASSMENT_NEAR = 0.2  # the model's harassment among its first three, this sure at least
# A question about harassment ("hvad siger reglerne om mobning?", "har BFA noget om vold?") is
# answered from the knowledge base, which has the routes too.
ASKED_ABOUT = {"ask_knowledge", "ask_intervention", "read_more", "why"}
FALLBACK_THRESHOLD = 0.45  # as the FallbackClassifier in config.yml


def _settle(message: Message, intent: dict, ranking: list[dict]) -> None:
    message.set("intent", intent, add_to_output=True)
    message.set("intent_ranking", ranking, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CrisisCheck(TrainedComponent):
    MODEL_FILE = "crisis_classifier.pkl"

    @classmethod
    def from_bytes(cls, data: bytes) -> CrisisClassifier:
        return CrisisClassifier.from_bytes(data)

    def train(self, training_data: TrainingData) -> Resource:
        crisis, lookalikes = corpus()
        other = []
        for example in training_data.intent_examples:
            text, intent = example.get("text"), example.get("intent")
            if intent == "crisis":
                crisis.append(text)
            elif intent != "harassment" or not is_crisis(text):
                other.append(text)  # harassment has its own route; danger in it is a crisis
        return self.keep(CrisisClassifier.train(crisis, other, lookalikes))

    def says_crisis(self, text: str, intent: str | None = None) -> bool:
        """The lexicon, or the classifier. A message the intent model reads as harassment
        (whose answer names 112 too) takes a surer classifier to become a crisis."""
        if is_crisis(text):
            return True
        if self.classifier is None:
            return False
        threshold = HARASSMENT_THRESHOLD if intent == "harassment" else THRESHOLD
        # "en borger har truet os med en kniv": violence or threats told without the words
        # of a danger now are answered by the routes for harassment and violence, which name
        # 112 for anyone in danger; the classifier alone does not make such a sentence a
        # crisis. Any other alarming sentence of the message does.
        alarming = self.classifier.alarming(text, threshold)
        if says_harassment(text):
            # In a message about harassment or violence, not a sentence about the others'
            # threats ("han sagde, han ville tage kniven frem"); any other alarming sentence,
            # and any about the writer ("de mobber mig, og jeg orker ikke at være her").
            alarming = [
                s
                for s in alarming
                if FIRST_PERSON.search(s.lower())
                or ACUTE.search(s.lower())
                or not THREAT.search(s.lower())
            ]
        return bool(alarming)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get("text") or ""
            if not text.strip() or text.startswith("/"):
                continue
            ranking = [r for r in message.get("intent_ranking") or [] if r["name"] != "crisis"]
            named = (message.get("intent") or {}).get("name")
            top = ranking[0]["name"] if ranking else None
            if self.says_crisis(text, named if named != "crisis" else top):
                _settle(message, dict(CRISIS), [dict(CRISIS), *ranking])
                continue
            if not says_harassment(text):
                ranking = [r for r in ranking if r["name"] != "harassment"]
            elif (
                named in ("nlu_fallback", "crisis")
                or any(
                    r["name"] == "harassment" and r["confidence"] >= HARASSMENT_NEAR
                    for r in ranking[:3]
                )
                or (says_grave_harassment(text) and named not in ASKED_ABOUT)
            ):
                # "min chef rører ved mig", "en bruger kastede en stol efter mig": the model
                # was unsure, the words name the behaviour; the safe answer is the routes.
                # "en kunde sender klamme beskeder til vores supporter" read as a problem or
                # an answer to the pulse: the routes too, and nothing stored for all to see.
                chosen = {"name": "harassment", "confidence": 1.0}
                _settle(
                    message, chosen, [chosen, *(r for r in ranking if r["name"] != "harassment")]
                )
                continue
            if named in ("crisis", "harassment") and (not ranking or ranking[0]["name"] != named):
                _settle(message, self._instead(message, ranking), ranking)
        return messages

    @staticmethod
    def _instead(message: Message, ranking: list[dict]) -> dict:
        """The intent for a message the intent model took for crisis or harassment wrongly: a
        problem when it names a theme ("to seniors har en beef"), else the next intent if the
        model was fairly sure of it, else "not understood"."""
        if any(e.get("entity") == "theme" for e in message.get("entities") or []):
            return {"name": "describe_problem", "confidence": 1.0}
        if ranking and ranking[0]["confidence"] >= FALLBACK_THRESHOLD:
            return dict(ranking[0])
        return {"name": "nlu_fallback", "confidence": 1.0}
