"""A third language added as data only (tests/data/third-language/): Portuguese, test-only.

Its folder holds what a new language needs and nothing else: a gettext catalog, a lexicon file
and content with a block in each language. `three_languages` points Puente at a copy of the
shipped locales with the Portuguese catalog, compiled here, beside them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from intents.languages import LOCALES_DIR, LOCALES_ENV, reload

THIRD = Path(__file__).resolve().parent / "data" / "third-language"
THIRD_CONTENT = THIRD / "content"
THIRD_LANG = "pt"


def three_language_locales(folder: Path) -> Path:
    """The shipped locales plus the fixture's language, its catalog compiled to a .mo file."""
    locales = folder / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    shutil.copytree(THIRD / "locales" / THIRD_LANG, locales / THIRD_LANG)
    po_path = locales / THIRD_LANG / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=THIRD_LANG)
    with po_path.with_suffix(".mo").open("wb") as mo_file:
        write_mo(mo_file, catalog)
    return locales


def use_locales(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Point Puente at another locales folder (call `reload()` when the test is done)."""
    monkeypatch.setenv(LOCALES_ENV, str(folder))
    reload()


@pytest.fixture
def three_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Puente configured with English, Spanish and the fixture's Portuguese."""
    locales = three_language_locales(tmp_path)
    use_locales(monkeypatch, locales)
    yield locales
    reload()  # read lazily, after the monkeypatch restores the environment
