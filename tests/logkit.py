"""Logging as `puente run` configures it, captured for tests that read the whole log."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot import logsafety
from bot.runner import configure_logging

LIBRARIES = ("httpx", "telegram", "apscheduler")


@pytest.fixture
def production_logging(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Logging as `puente run` configures it, with everything else captured at DEBUG."""
    saved = {name: logging.getLogger(name).level for name in LIBRARIES}
    configure_logging()
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        logsafety.uninstall()
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record as formatted, with arguments and tracebacks."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)
