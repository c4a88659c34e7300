"""A Rasa NLU component: the crisis lexicon (bot/safety/crisis.py) and the classifier decide
together whether a message is a crisis.

Placed after DIET in config.yml.
- The lexicon recognises the message: the intent is `crisis` with full confidence, whatever
  the model thought, so an explicit message is never missed because the model was unsure.
- The model alone says crisis: kept when it is sure (at least SURE), otherwise the next
  intent is used, so that everyday images of work stress ("den her uge tager livet af mig")
  do not get a crisis answer.
Button payloads ("/intent") are left alone.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.safety.crisis import is_crisis

CRISIS = {"name": "crisis", "confidence": 1.0}
SURE = 0.9


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisLexicon(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisLexicon:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get("text") or ""
            if text.startswith("/"):
                continue
            ranking = [r for r in message.get("intent_ranking") or [] if r["name"] != "crisis"]
            if is_crisis(text):
                message.set("intent", dict(CRISIS), add_to_output=True)
                message.set("intent_ranking", [dict(CRISIS), *ranking], add_to_output=True)
                continue
            intent = message.get("intent") or {}
            if intent.get("name") == "crisis" and intent.get("confidence", 0) < SURE and ranking:
                message.set("intent", dict(ranking[0]), add_to_output=True)
                message.set("intent_ranking", ranking, add_to_output=True)
        return messages
