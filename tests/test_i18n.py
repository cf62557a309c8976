"""Catalogs complete in both languages and in step with the code; the per-update locale."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import (
    _,
    current_locale,
    language_name,
    pick_locale,
    set_locale,
    translate,
    use_locale,
)
from intents.languages import languages, reload
from tests.thirdkit import use_locales

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
PLACEHOLDER = re.compile(r"\{\w*\}")
# Words that only appear when Spanish addresses the reader as tú (Puente always uses usted);
# tú imperatives such as "elige" are left out because they read like the third person.
TU_FORMS = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|eres|estás|tienes|puedes|quieres|sabes|necesitas)\b",
    re.IGNORECASE,
)


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a .po or .pot file."""
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def _messages(catalog: Catalog) -> dict[str, str]:
    """Each message id of a catalog and its translation, without the header."""
    found = {}
    for message in catalog:
        if message.id:
            # Puente has no plural forms: Babel gives those as tuples of ids and translations.
            assert isinstance(message.id, str) and isinstance(message.string, str), message.id
            found[message.id] = message.string
    return found


def _msgids(catalog: Catalog) -> set[str]:
    """The message ids of a catalog, without the header."""
    return set(_messages(catalog))


@pytest.mark.parametrize("lang", languages())
def test_every_message_is_translated(lang: str) -> None:
    """A missing or fuzzy translation would show English (or nothing) to someone."""
    catalog = _catalog(LOCALES / lang / "LC_MESSAGES" / "messages.po", lang)
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, f"{lang} catalog lacks translations for: {untranslated}"


@pytest.mark.parametrize("lang", languages())
def test_translations_keep_their_placeholders(lang: str) -> None:
    """A translation that drops or renames {name} would crash .format() at runtime."""
    catalog = _catalog(LOCALES / lang / "LC_MESSAGES" / "messages.po", lang)
    broken = [
        msgid
        for msgid, string in _messages(catalog).items()
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(string))
    ]
    assert not broken, f"{lang} translations change placeholders: {broken}"


def test_spanish_uses_usted_throughout() -> None:
    """Every Spanish interface string addresses the reader as usted, never tú."""
    catalog = _catalog(LOCALES / "es" / "LC_MESSAGES" / "messages.po", "es")
    informal = {string: TU_FORMS.findall(string) for string in _messages(catalog).values()}
    assert not {text: words for text, words in informal.items() if words}


def test_template_and_catalogs_match_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-extracting the messages gives the committed .pot, and both .po files follow it."""
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "N_",
            "-o",
            str(fresh),
            "bot",
        ]
    )
    extracted = _msgids(_catalog(fresh))
    committed = _msgids(_catalog(LOCALES / "messages.pot"))
    assert extracted == committed, (
        f"locales/messages.pot is out of date (run make i18n): "
        f"new {sorted(extracted - committed)}, gone {sorted(committed - extracted)}"
    )
    for lang in ("en", "es"):
        po_ids = _msgids(_catalog(LOCALES / lang / "LC_MESSAGES" / "messages.po", lang))
        assert po_ids == extracted, f"{lang} catalog is out of step with the template"


def test_spanish_and_english_catalogs_translate() -> None:
    """The catalogs are really used: Spanish text differs from English, English is the msgid."""
    assert translate("es", "Choose a topic:") == "Elija un tema:"
    assert translate("en", "Choose a topic:") == "Choose a topic:"
    assert translate("pt", "Choose a topic:") == "Choose a topic:"  # unsupported → English


@pytest.mark.parametrize(
    ("stored", "language_code", "expected"),
    [
        (None, None, "en"),
        (None, "es", "es"),
        (None, "es-MX", "es"),
        (None, "ES_us", "es"),
        (None, "pt-br", "en"),
        ("en", "es", "en"),
        ("es", "en", "es"),
        ("fr", "es", "es"),
    ],
)
def test_locale_is_stored_choice_then_telegram_then_english(
    stored: str | None, language_code: str | None, expected: str
) -> None:
    """The chat's stored preference wins, then Telegram's language_code, then English."""
    assert pick_locale(stored, language_code) == expected


def test_use_locale_restores_the_previous_locale() -> None:
    """A block translating for another chat (a broadcast) leaves the update's locale alone."""
    with use_locale("es"):
        assert _("Choose a topic:") == "Elija un tema:"
        with use_locale("en"):
            assert _("Choose a topic:") == "Choose a topic:"
        assert current_locale() == "es"
    assert current_locale() == "en"


async def test_concurrent_updates_keep_their_own_locale() -> None:
    """Two updates handled at once, in their own tasks, never see each other's locale."""

    async def handle(lang: str) -> str:
        set_locale(lang)
        await asyncio.sleep(0.01)  # the other update runs meanwhile
        return _("Choose a topic:")

    spanish, english = await asyncio.gather(handle("es"), handle("en"))
    assert (spanish, english) == ("Elija un tema:", "Choose a topic:")
    assert current_locale() == "en"


def test_language_names_are_written_in_their_own_language() -> None:
    """The language buttons read "English" and "Español" whatever the current locale."""
    assert [language_name("en"), language_name("es")] == ["English", "Español"]


@pytest.fixture
def locales_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the locales folder, used by the i18n module instead of the real one."""
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy, ignore=shutil.ignore_patterns("*.mo"))
    use_locales(monkeypatch, copy)
    yield copy
    reload()


def test_a_fresh_clone_without_mo_files_translates(locales_copy: Path) -> None:
    """Without compiled .mo files the .po catalogs are compiled in memory."""
    assert not list(locales_copy.rglob("*.mo"))
    assert translate("es", "Choose a topic:") == "Elija un tema:"


def test_a_stale_mo_file_is_ignored(locales_copy: Path) -> None:
    """A .mo older than its .po (someone edited a translation) does not hide the edit."""
    folder = locales_copy / "es" / "LC_MESSAGES"
    stale = Catalog(locale="es")
    stale.add("Choose a topic:", "VIEJO")
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, stale)
    po_time = (folder / "messages.po").stat().st_mtime
    os.utime(folder / "messages.mo", (po_time - 60, po_time - 60))
    assert translate("es", "Choose a topic:") == "Elija un tema:"


def test_a_current_mo_file_is_used(locales_copy: Path) -> None:
    """A compiled .mo at least as new as its .po is what the bot reads (make i18n output)."""
    folder = locales_copy / "es" / "LC_MESSAGES"
    compiled = Catalog(locale="es")
    compiled.add("Choose a topic:", "COMPILADO")
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, compiled)
    assert translate("es", "Choose a topic:") == "COMPILADO"
