"""The action server's answers are still checked against Rasa's schema, now compiled once
(bot/launch/action_results.py)."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.launch import action_results


def test_a_valid_answer_passes_and_a_broken_one_is_refused_as_rasa_refuses_it(monkeypatch):
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    action_results.install()
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "Hej"}]}
    assert action._validate_action_result(good) is True
    with pytest.raises(jsonschema.ValidationError) as refused:
        action._validate_action_result({"events": "ikke en liste"})
    assert "Failed to validate Action server response" in refused.value.message


def test_the_schema_is_checked_once_not_at_every_answer(monkeypatch):
    checked = []
    cls = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, s, **k: checked.append(s)))
    action_results._validator.cache_clear()
    for _ in range(5):
        action_results.validate(None, {"events": [], "responses": []})
    assert checked == []  # compiled once, never checked again
    jsonschema.validate({"events": []}, RemoteAction.action_response_format_spec())
    assert len(checked) == 1  # what Rasa's own way does each time
