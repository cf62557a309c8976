"""Logs never hold what people wrote, who they are, or a secret, whatever fails and whoever logs.

Libraries log more than Puente would: python-telegram-bot logs a whole update it cannot parse
("Received data was …", with names, user ids and message text), the body of a webhook call it
rejects, every Bot API call's parameters at DEBUG, and its base URL (which holds the token);
exception messages can quote the value that broke them, and PTB's InvalidToken quotes the token.
So every log record is redacted where it is made, by a record factory, before any handler
(stderr, pytest's capture, an operator's own) can see it:

- arguments pass only when they are numbers or short plain words (method and job names);
  containers, objects, long or odd strings become "[withheld]", exceptions their type name;
- exception messages in tracebacks lose anything quoted and every long number (ids, phones);
  the frames (file, line, code) stay, so failures can still be found;
- the bot token, anything shaped like one, and other registered secrets become "[secret]".
"""

from __future__ import annotations

import ipaddress
import logging
import re
import traceback
from collections.abc import Callable, Iterable
from enum import Enum
from types import TracebackType
from typing import Any

WITHHELD = "[withheld]"
SECRET = "[secret]"

# Method, job and logger names, hosts and the like: one short token of plain characters.
_SAFE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]{0,31}")
# A bot token (digits, a colon, a long secret), wherever it appears, registered or not.
_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
# Quoted values in exception messages: 'repr', "json" and `PTB's` quoting.
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
# Ids, phone numbers and the like: five digits or more, however separated.
_NUMBER = re.compile(r"(?<![\w])[+-]?\d(?:[\s().-]?\d){4,}(?!\w)")
# Pieces of a formatted traceback that are code locations, never data.
_FRAME_PREFIXES = ("  File ", "Traceback (most recent call last)", "  [Previous line repeated")

_secrets: set[str] = set()
_base_factory: Callable[..., logging.LogRecord] | None = None

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def add_secrets(*secrets: str | None) -> None:
    """Register values no log record may ever show (the token, the webhook secret)."""
    _secrets.update(secret for secret in secrets if secret and len(secret) >= 4)


def hide_secrets(text: str) -> str:
    """The text with registered secrets and anything shaped like a bot token replaced."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, SECRET)
    return _TOKEN.sub(SECRET, text)


def safe_arg(value: object) -> object:
    """A log argument as it may be shown: numbers and plain words pass, the rest is withheld."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, type) and issubclass(value, BaseException):
        return value.__name__
    if isinstance(value, Enum):
        return value.name
    plain = isinstance(value, str) and bool(_SAFE_WORD.fullmatch(value))
    if plain and (not _NUMBER.search(str(value)) or _is_ip_address(str(value))):
        return hide_secrets(str(value))
    return WITHHELD


def _is_ip_address(value: str) -> bool:
    """Whether a string is an IP address (the bot's own listen address; people's never reach it)."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def redact_exception_text(text: str) -> str:
    """An exception message without quoted values, long numbers or secrets."""
    text = hide_secrets(text)
    text = _QUOTED.sub(lambda m: m.group()[0] + WITHHELD + m.group()[-1], text)
    return _NUMBER.sub(WITHHELD, text)


def format_exception(exc_info: ExcInfo) -> str:
    """A traceback whose frames are kept and whose exception messages are redacted."""
    pieces = traceback.TracebackException(*exc_info).format(chain=True)
    kept = [
        piece if piece.startswith(_FRAME_PREFIXES) else redact_exception_text(piece)
        for piece in pieces
    ]
    return "".join(kept).rstrip("\n")


def _message(record: logging.LogRecord) -> str:
    """The record's message with its arguments made safe."""
    msg = record.msg if isinstance(record.msg, str) else f"{WITHHELD} {type(record.msg).__name__}"
    args = record.args
    if not args:
        return msg
    try:
        if isinstance(args, dict) and "%(" in msg:
            return msg % {key: safe_arg(value) for key, value in args.items()}
        if isinstance(args, dict):  # a single mapping argument, such as a whole update
            return msg % (WITHHELD,)
        return msg % tuple(safe_arg(value) for value in args)
    except (TypeError, ValueError, KeyError):
        return f"{msg} {WITHHELD}"


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Make a record safe to hand to any handler: message, traceback and stack all redacted."""
    record.msg = hide_secrets(_message(record))
    record.args = None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = format_exception(record.exc_info)
    elif record.exc_text:
        record.exc_text = redact_exception_text(record.exc_text)
    # Handlers format exc_info themselves when it is set; only the redacted text may remain.
    record.exc_info = None
    if record.stack_info:
        record.stack_info = hide_secrets(record.stack_info)
    return record


def _redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Make a record as before, then redact it."""
    assert _base_factory is not None
    return redact_record(_base_factory(*args, **kwargs))


def install(secrets: Iterable[str | None] = ()) -> None:
    """Redact every log record made from now on, in every logger (idempotent)."""
    global _base_factory
    add_secrets(*secrets)
    if _base_factory is None:
        _base_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_redacting_factory)


def uninstall() -> None:
    """Restore the record factory that was in place before `install` (for tests)."""
    global _base_factory
    if _base_factory is not None:
        logging.setLogRecordFactory(_base_factory)
        _base_factory = None
    _secrets.clear()
