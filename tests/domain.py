"""The assistant's domain (domain/*.yml) merged into one dict, as Rasa sends it to actions."""

from __future__ import annotations

from bot.wording import domain

DOMAIN = domain()


def rendered(messages: list[dict]) -> list[dict]:
    """The messages an action sent (CollectingDispatcher.messages) as the user sees them: a
    message naming a response gets that response's text and buttons from the domain, filled
    with the values the action passed, as Rasa's server does (rasa.core.nlg)."""
    from rasa.core.nlg.interpolator import interpolate

    shown = []
    for message in messages:
        name = message.get("response")
        if not name:
            shown.append(message)
            continue
        variation = dict(DOMAIN["responses"][name][0])
        values = {k: v for k, v in message.items() if k != "response" and v is not None}
        filled = interpolate(variation, values)
        filled["buttons"] = list(filled.get("buttons") or []) + list(message.get("buttons") or [])
        filled["response"] = name
        shown.append({**message, **filled})
    return shown


def texts_of(messages: list[dict]) -> list[str]:
    """The text of each message as the user sees it (see `rendered`)."""
    return [m.get("text") or "" for m in rendered(messages)]
