"""What the servers may write to their logs: no message text, no chat ids, no tokens, one
line per record.

Rasa logs a user's text in a few places at the default level: the warning "Failed to parse
arguments in line '/…'" for a message that starts with "/", structlog's
"message.parsing.failed" and the local variables of a structured traceback. Chat and
conversation ids appear in warnings such as "Circuit breaker tripped … for sender '…'", and
Sanic names a request's URL, query token included, when a handler fails. `install()` puts
one filter on every way out (the root logger's handlers, Python's last-resort handler and
Sanic's own loggers, which do not propagate) and takes the text out of structlog's events.
"""

from __future__ import annotations

import logging
import re
import warnings

HIDDEN = "[skjult]"
# Rasa's warnings that quote the whole message, replaced by one fixed line.
QUOTES_TEXT = ("Failed to parse arguments in line", "message.parsing.failed")
TEXT_OMITTED = (
    "En besked, der begynder med '/', kunne ikke læses som kommando (teksten er udeladt)."
)
# structlog keys that hold message text or conversation content (Rasa's own anonymiser list).
TEXT_KEYS = frozenset(
    (
        "text response_text user_text slot_values parse_data_text parse_data_entities "
        "prediction_events tracker_latest_message prefilled_slots message response "
        "slot_candidates rasa_event rasa_events tracker_states current_states old_states "
        "successes current_entity next_entity states entity token_text user_message "
        "json_message sender_id conversation_id"
    ).split()
)
IDS = [
    # "conversation ID 'abc'", "sender 'abc'", "conversation_id 'abc'", "sender id 'abc'"
    (
        re.compile(r"(?i)\b(sender(?: id)?|conversation(?:[ _]id)?)(\s*[:=]?\s*)'[^']*'"),
        r"\1\2'[skjult]'",
    ),
    # "/conversations/<id>/..." in a request URL
    (re.compile(r"(/conversations/)[^/\s'\"?]+"), r"\1[skjult]"),
    # "(chat 123456)", "chat_id=-100123", "chat id: 42"
    (re.compile(r"(?i)\b(chat(?:[ _]?id)?)(\s*[:=]?\s*)-?\d+"), r"\1\2[skjult]"),
    # tokens in query strings and headers
    (re.compile(r"(?i)\b(token=)[^&\s'\"]+"), r"\1[skjult]"),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[skjult]"),
]
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": " "}.get(char, f"\\x{ord(char):02x}")


def hide_ids(text: str) -> str:
    for pattern, replacement in IDS:
        text = pattern.sub(replacement, text)
    return text


def redact(message: str) -> str:
    """The message as it may be logged."""
    if any(marker in message for marker in QUOTES_TEXT):
        return TEXT_OMITTED
    # One record, one line: a newline in what someone sent cannot forge a log line.
    return CONTROL.sub(_escape, hide_ids(message))


def redact_traceback(text: str) -> str:
    """A traceback keeps its lines, each marked as part of it, so that none reads as a record
    of its own; ids and tokens in exception messages are hidden."""
    lines = hide_ids(text).splitlines()
    return "\n".join("  | " + CONTROL.sub(_escape, line) for line in lines)


FORMATTER = logging.Formatter()


class Redact(logging.Filter):
    """Rewrites each record's message (never drops a record, so errors stay visible)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_trivsel_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log what we can
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact_traceback(FORMATTER.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact_traceback(record.stack_info)
        record._trivsel_redacted = True
        return True


def _structlog_text_out(_logger, _name, event_dict: dict) -> dict:
    for key in TEXT_KEYS.intersection(event_dict):
        event_dict[key] = HIDDEN
    return event_dict


def quiet_structlog() -> None:
    """Rasa's structlog events without message text, and tracebacks without local variables
    (Rasa's JSON renderer prints each frame's locals, the message among them)."""
    import structlog
    from structlog.processors import ExceptionRenderer
    from structlog.tracebacks import ExceptionDictTransformer

    processors = list(structlog.get_config().get("processors", []))
    processors = [
        ExceptionRenderer(ExceptionDictTransformer(show_locals=False))
        if isinstance(p, ExceptionRenderer)
        else p
        for p in processors
        if p is not _structlog_text_out
    ]
    structlog.configure(processors=[_structlog_text_out, *processors])


FILTER = Redact()
QUIET_LOGGERS = ("sanic.root", "sanic.error", "sanic.access", "py.warnings")


def install() -> None:
    """Call after Rasa (or rasa_sdk) has set up its logging, before the server starts."""
    logging.captureWarnings(True)  # Rasa's warnings go through logging, and so the filter
    warnings.filterwarnings("ignore", message=".*Failed to parse arguments in line")
    handlers = list(logging.getLogger().handlers)
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        logger.addFilter(FILTER)
        handlers.extend(logger.handlers)
    for handler in handlers:
        if FILTER not in handler.filters:
            handler.addFilter(FILTER)
    try:
        quiet_structlog()
    except ImportError:  # the action server has no structlog: nothing to quiet
        pass
