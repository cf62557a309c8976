"""Log records are redacted where they are made: whatever a library logs, no text, name, id or
secret reaches a handler."""

from __future__ import annotations

import io
import logging
import logging.handlers
from collections.abc import Iterator

import pytest

from bot import logsafety

TOKEN = "123456789:AAHsecretTokenValue_abcdefghijklmnop"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger whose records go through the redacting factory into a string."""
    logsafety.install([TOKEN, "webhook-secret-value"])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.logsafety")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)
        logsafety.uninstall()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (100042, 100042),
        (2.5, 2.5),
        (None, None),
        ("sendMessage", "sendMessage"),
        ("refresh-content", "refresh-content"),
        ("0.0.0.0", "0.0.0.0"),
        ("127.0.0.1", "127.0.0.1"),
        ("213.555.1234", "[withheld]"),
        (KeyError("Ana"), "KeyError"),
        ({"text": "me llamo Ana"}, "[withheld]"),
        (["Ana", 5550001234], "[withheld]"),
        ("me llamo Ana", "[withheld]"),
        ("5550001234", "[withheld]"),
        ("a" * 40, "[withheld]"),
        (b"bytes", "[withheld]"),
        (object(), "[withheld]"),
    ],
)
def test_only_numbers_and_plain_words_pass_as_arguments(value: object, shown: object) -> None:
    assert logsafety.safe_arg(value) == shown


@pytest.mark.parametrize(
    ("message", "redacted"),
    [
        (
            "invalid literal for int() with base 10: 'me llamo Ana'",
            "invalid literal for int() with base 10: '[withheld]'",
        ),
        (
            f"The token `{TOKEN}` was rejected by the server.",
            "The token `[withheld]` was rejected by the server.",
        ),
        ("chat 5550001234 not found", "chat [withheld] not found"),
        ('relation "chats" does not exist', 'relation "[withheld]" does not exist'),
        ("call +52 55 1234 5678 now", "call [withheld] now"),
        ("Connection refused", "Connection refused"),
    ],
)
def test_exception_messages_lose_quoted_values_numbers_and_secrets(
    message: str, redacted: str
) -> None:
    assert logsafety.redact_exception_text(message) == redacted


def test_a_record_with_an_update_and_a_traceback_is_redacted_before_any_handler(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    update = {"update_id": 7, "message": {"from": {"first_name": "Xochitl", "id": 5550001234}}}
    try:
        int("me llamo Xochitl")
    except ValueError:
        logger.critical("Received data was %r", update, exc_info=True)
    logger.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{TOKEN}")
    logger.debug(f"wrong secret webhook-secret-value from {TOKEN}")
    logger.info({"text": "dict as message"})

    out = stream.getvalue()
    assert "CRITICAL Received data was '[withheld]'" in out
    assert "ValueError: invalid literal for int() with base 10: '[withheld]'" in out
    assert 'File "' in out and 'int("me llamo Xochitl")' in out  # the code line, not data
    assert "Set Bot API URL: [withheld]" in out
    assert "wrong secret [secret] from [secret]" in out
    assert "INFO [withheld] dict" in out
    for secret in ("5550001234", TOKEN, "webhook-secret-value", "dict as message"):
        assert secret not in out


def test_handlers_never_get_the_exception_object_to_format_themselves(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, _stream = captured
    handler = logging.handlers.BufferingHandler(capacity=10)  # keeps the records it gets
    records = handler.buffer
    logger.addHandler(handler)
    try:
        raise RuntimeError("chat 5550001234 failed")
    except RuntimeError:
        logger.exception("failed")
    logger.removeHandler(handler)

    assert records[0].exc_info is None
    assert "RuntimeError: chat [withheld] failed" in str(records[0].exc_text)
