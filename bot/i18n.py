"""Translations: gettext catalogs in locales/, with the current locale held in a ContextVar.

The locales are the languages of intents/languages.py: one catalog folder per language, found
under its locales folder. Each update sets the locale once (stored preference, else Telegram's
language_code, else the default language) and every `_()` call in that update's task reads it,
the way aiogram's i18n middleware works. Text sent to a chat outside an update (broadcasts) uses
`translate()` or `use_locale()`.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from intents.languages import default_language, languages, locales_dir

DOMAIN = "messages"

# None until an update (or block) chooses: the default language.
_locale: ContextVar[str | None] = ContextVar("puente_locale", default=None)


def normalize(language: str | None) -> str | None:
    """The supported locale for a language tag ("es-MX" → "es"), or None if unsupported."""
    if not language:
        return None
    primary = language.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in languages() else None


def pick_locale(stored: str | None, language_code: str | None) -> str:
    """The locale for a chat: its stored preference, else Telegram's language_code, else the
    default language."""
    return normalize(stored) or normalize(language_code) or default_language()


def catalog(locale: str) -> gettext.NullTranslations:
    """The translations for a locale: the compiled .mo when current, else the .po compiled now."""
    return _catalog(locales_dir(), locale)


@cache
def _catalog(root: Path, locale: str) -> gettext.NullTranslations:
    """`catalog` in one locales folder (read once)."""
    folder = root / locale / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as mo_file:
            return gettext.GNUTranslations(mo_file)
    if not po_path.exists():
        return gettext.NullTranslations()
    # A fresh clone has no .mo files (they are build output), so compile the .po in memory.
    with po_path.open("rb") as po_file:
        messages = read_po(po_file, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, messages)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def current_locale() -> str:
    """The locale of the update (or block) being handled."""
    return _locale.get() or default_language()


def set_locale(locale: str) -> None:
    """Set the locale for the rest of this task; each update runs in its own task."""
    _locale.set(normalize(locale) or default_language())


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Translate with `locale` inside the block, then restore the previous locale."""
    token = _locale.set(normalize(locale) or default_language())
    try:
        yield current_locale()
    finally:
        _locale.reset(token)


def translate(locale: str, message: str) -> str:
    """Translate one message into an explicit locale (for chats outside the current update)."""
    return catalog(normalize(locale) or default_language()).gettext(message)


def _(message: str) -> str:
    """Translate a message into the current locale."""
    return catalog(current_locale()).gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (translate it when shown)."""
    return message


def language_choices() -> str:
    """The language codes as a choice, for operators' messages: "en or es", "en, es or pt"."""
    *others, last = languages()
    return f"{', '.join(others)} or {last}" if others else last


def language_called(locale: str) -> str:
    """A language's name in the current locale ("Spanish", "inglés"), for sentences."""
    return Locale.parse(locale).get_display_name(current_locale()) or locale


def language_name(locale: str) -> str:
    """A language's own name, as shown on the language buttons ("English", "Español")."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]
