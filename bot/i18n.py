"""Translations: gettext catalogs in locales/, with the current locale held in a ContextVar.

Each update sets the locale once (stored preference, else Telegram's language_code, else
English) and every `_()` call in that update's task reads it, the way aiogram's i18n middleware
works. Text sent to a chat outside an update (broadcasts) uses `translate()` or `use_locale()`.
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

from db.models import LANGS

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "en"

_locale: ContextVar[str] = ContextVar("puente_locale", default=DEFAULT_LOCALE)


def normalize(language: str | None) -> str | None:
    """The supported locale for a language tag ("es-MX" → "es"), or None if unsupported."""
    if not language:
        return None
    primary = language.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGS else None


def pick_locale(stored: str | None, language_code: str | None) -> str:
    """The locale for a chat: its stored preference, else Telegram's language_code, else English."""
    return normalize(stored) or normalize(language_code) or DEFAULT_LOCALE


@cache
def catalog(locale: str) -> gettext.NullTranslations:
    """The translations for a locale: the compiled .mo when current, else the .po compiled now."""
    folder = LOCALES_DIR / locale / "LC_MESSAGES"
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
    return _locale.get()


def set_locale(locale: str) -> None:
    """Set the locale for the rest of this task; each update runs in its own task."""
    _locale.set(normalize(locale) or DEFAULT_LOCALE)


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Translate with `locale` inside the block, then restore the previous locale."""
    token = _locale.set(normalize(locale) or DEFAULT_LOCALE)
    try:
        yield _locale.get()
    finally:
        _locale.reset(token)


def translate(locale: str, message: str) -> str:
    """Translate one message into an explicit locale (for chats outside the current update)."""
    return catalog(normalize(locale) or DEFAULT_LOCALE).gettext(message)


def _(message: str) -> str:
    """Translate a message into the current locale."""
    return catalog(_locale.get()).gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (translate it when shown)."""
    return message


def language_name(locale: str) -> str:
    """A language's own name, as shown on the language buttons ("English", "Español")."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]
