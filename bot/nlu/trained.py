"""The base of a graph component that trains one classifier with the model (the theme finder,
the crisis check) and keeps it in the model's storage as MODEL_FILE."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData


class TrainedComponent(GraphComponent):
    MODEL_FILE = ""  # the classifier's file in the model's storage

    @classmethod
    def from_bytes(cls, data: bytes) -> Any:
        """The classifier from what `keep` wrote."""
        raise NotImplementedError

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        with model_storage.read_from(resource) as directory:
            data = (directory / cls.MODEL_FILE).read_bytes()
        return cls(model_storage, resource, cls.from_bytes(data))

    def __init__(self, model_storage: ModelStorage, resource: Resource, classifier=None) -> None:
        self._storage, self._resource, self.classifier = model_storage, resource, classifier

    def keep(self, classifier: Any) -> Resource:
        """Use the trained classifier and write it into the model (the end of `train`)."""
        self.classifier = classifier
        with self._storage.write_to(self._resource) as directory:
            (directory / self.MODEL_FILE).write_bytes(classifier.to_bytes())
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
