"""`puente broadcast`, `puente broadcasts …` and `puente organizers …` on SQLite and PostgreSQL:
what an operator types and reads; nothing is stored from a refused command."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from db.seed import seed
from tests.e2e.conftest import FIXTURE_CONTENT


@pytest.fixture
def url(database_url: str) -> str:
    """A database seeded with the fixture content."""
    asyncio.run(seed(database_url, FIXTURE_CONTENT))
    return database_url


def puente(url: str, *args: str, code: int = 0) -> str:
    """Run a command; its output (stdout and stderr)."""
    result = CliRunner().invoke(app, list(args), env={"DATABASE_URL": url})
    assert result.exit_code == code, result.output
    return result.output


def test_a_broadcast_is_checked_before_anything_is_stored(url: str) -> None:
    refusals = {
        ("--en", "Hi"): "a text in every language is required (missing: es)",
        ("--en", "Hi <b>all", "--es", "Hola"): "<b> is never closed",
        ("--en", "Hi <br/>", "--es", "Hola"): "<br/> is not accepted",
        ("--en", "a & b", "--es", "Hola"): "write <, > and & as &lt; &gt; &amp;",
        ("--en", "x" * 4096, "--es", "Hola"): "the en text is too long",
        ("--en", "Hi", "--es", "Hola", "--topic", "mars"): "unknown topic 'mars'",
        ("--en", "Hi", "--es", "Hola", "--at", "tomorrow"): "is not an ISO 8601 time",
        ("--en", "Hi", "--es", "Hola", "--at", "2099-01-01T09:00"): "needs a time zone",
        ("--en", "Hi", "--fallback-lang", "es"): "there is no es text",
    }
    for args, problem in refusals.items():
        assert problem in puente(url, "broadcast", *args, code=2), args
    assert puente(url, "broadcasts", "list") == "no broadcasts\n"


def test_broadcast_prints_its_id_and_recipients_then_list_show_cancel(url: str) -> None:
    out = puente(
        url, "broadcast", "--en", "<b>Hi</b>", "--es", "<b>Hola</b>",
        "--topic", "tps-honduras", "--topic", "policy", "--at", "2099-01-01T09:00-08:00",
    )  # fmt: skip
    assert out.splitlines() == [
        "broadcast 1: tps-honduras, policy, at 2099-01-01T09:00:00-08:00",
        "recipients now: 0 en, 0 es",
    ]
    assert "scheduled  manual    tps-honduras,policy" in puente(url, "broadcasts", "list")
    shown = puente(url, "broadcasts", "show", "1")
    assert "sent: 0  pending: 0  failed: 0" in shown and "<b>Hola</b>" in shown
    assert puente(url, "broadcasts", "cancel", "1") == "broadcast 1 cancelled (it was scheduled)\n"
    assert "already cancelled" in puente(url, "broadcasts", "cancel", "1", code=2)
    assert "no broadcast 9" in puente(url, "broadcasts", "show", "9", code=2)


def test_one_language_goes_to_everyone_only_when_said_explicitly(url: str) -> None:
    out = puente(url, "broadcast", "--es", "Solo en español", "--fallback-lang", "es")
    assert out.startswith("broadcast 1: general")


def test_every_language_puente_speaks_needs_its_text(url: str, three_languages: Path) -> None:
    """With a third language, its text is required too, given as --text LANG=TEXT."""
    assert "(missing: pt)" in puente(url, "broadcast", "--en", "Hi", "--es", "Hola", code=2)
    args = ("--en", "Hi", "--es", "Hola", "--text", "pt=<b>Olá</b>")
    refused = puente(url, "broadcast", *args, "--text", "fr=Salut", code=2)
    assert "does not speak 'fr': choose en, es or pt" in refused
    assert puente(url, "broadcast", *args).splitlines()[1] == "recipients now: 0 en, 0 es, 0 pt"
    assert "<b>Olá</b>" in puente(url, "broadcasts", "show", "1")


def test_approve_takes_only_drafts(url: str) -> None:
    puente(url, "broadcast", "--en", "Hi", "--es", "Hola")
    assert "not a draft" in puente(url, "broadcasts", "approve", "1", code=2)


def test_organizers_are_granted_and_removed_only_here(url: str) -> None:
    assert puente(url, "organizers", "list") == "no organizers\n"
    assert puente(url, "organizers", "add", "123456789") == "organizer added\n"
    assert puente(url, "organizers", "add", "123456789") == "already an organizer\n"
    assert puente(url, "organizers", "list") == "123456789\n"
    assert puente(url, "organizers", "remove", "123456789") == "organizer removed\n"
    assert "is not an organizer" in puente(url, "organizers", "remove", "123456789", code=2)


def test_an_unmigrated_database_is_one_clear_line(sqlite_url: str) -> None:
    out = puente(sqlite_url, "broadcasts", "list", code=2)
    assert out.startswith("puente: the database is not ready") and "Traceback" not in out
