"""The languages Puente speaks, from one place: the gettext catalogs present under locales/.

A language is supported when `locales/<code>/LC_MESSAGES` exists (the bot's interface in it);
the curated content must then cover it (db/content.py checks). The default language comes first.
`PUENTE_LOCALES_DIR` points at another locales folder (tests, or a deployment's own languages).

A language's words for the matcher are the built-in lists (intents/lexicon.py) plus, optionally,
`locales/<code>/lexicon.yaml`, so a new language needs data, not code. Every part is optional:

    stemmer: portuguese          # a Snowball algorithm; without one, words are matched as written
    stop: a o os de do da        # words that carry no topic
    markers: voce nao tenho      # words that point to this language (language detection)
    collisions: para             # other languages' stop words that are content words here
    chat: {vc: voce}             # chat spellings, expanded before anything else
    chat_only_here: vc           # chat spellings that are real words elsewhere: expanded only here
    expressions: {carteira de trabalho: workpermit}  # multi-word expressions, one token
    synonyms: {police: [policia]}  # joins the group named by its first default-language word
    suffixes: cao coes           # word endings that give the language away (weak evidence)
    sure_letters: ãõ             # letters only this language writes (strong evidence)
    hint_letters: áâê            # letters it often writes (weak evidence, one vote each)
    question_openers: como onde  # words that open a question (finding it inside a story)
    elsewhere: novayork         # places outside California, as this language names them
    elsewhere_in_state: saofrancisco  # places in California outside Los Angeles County
    contexts: {others: irmao ele, driving: carro}  # words that set a context (lexicon.CONTEXTS)
    small_talk: {greeting: ola, thanks: obrigado}  # words of small talk (lexicon.SMALL_TALK)

Words are written as `text.fold` produces them: lowercase, without accents.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import snowballstemmer
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator

from intents.lexicon import CONTEXTS, SMALL_TALK

LOCALES_ENV = "PUENTE_LOCALES_DIR"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LANGUAGE = "en"
LEXICON_FILE = "lexicon.yaml"
# Two-letter ISO 639-1 codes: what Telegram's language_code starts with and the database holds.
_CODE = re.compile(r"^[a-z]{2}$")


class LanguageError(Exception):
    """The locales folder names no language, or a lexicon file is malformed."""


def _split(value: Any) -> Any:
    """Whitespace-separated words as a list (long lists stay readable in YAML)."""
    return value.split() if isinstance(value, str) else value


Words = Annotated[frozenset[str], BeforeValidator(_split)]
WordList = Annotated[tuple[str, ...], BeforeValidator(_split)]


class LanguageLexicon(BaseModel):
    """What one language's lexicon.yaml adds to the built-in word lists."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stemmer: str | None = None
    stop: Words = frozenset()
    markers: Words = frozenset()
    collisions: Words = frozenset()
    chat: dict[str, str] = {}
    chat_only_here: Words = frozenset()
    expressions: dict[str, str] = {}
    synonyms: dict[str, WordList] = {}
    suffixes: WordList = ()
    sure_letters: str = ""
    hint_letters: str = ""
    question_openers: Words = frozenset()
    elsewhere: Words = frozenset()
    elsewhere_in_state: Words = frozenset()
    contexts: dict[str, Words] = {}
    small_talk: dict[str, Words] = {}

    @field_validator("contexts")
    @classmethod
    def _known_contexts(cls, value: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        """Contexts the matcher weighs, so a misspelt one fails on loading instead of being
        ignored."""
        return _only_known(value, CONTEXTS, "context")

    @field_validator("small_talk")
    @classmethod
    def _known_small_talk(cls, value: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        """Kinds of small talk the bot tells apart, so a misspelt one fails on loading."""
        return _only_known(value, SMALL_TALK, "kind of small talk")

    @field_validator("stemmer")
    @classmethod
    def _known_stemmer(cls, value: str | None) -> str | None:
        """A stemmer Snowball has, so a typo fails on loading and not on the first question."""
        if value is not None and value not in snowballstemmer.algorithms():
            raise ValueError(
                f"no Snowball stemmer {value!r}: {', '.join(snowballstemmer.algorithms())}"
            )
        return value


def _only_known(
    value: dict[str, frozenset[str]], known: Mapping[str, object], what: str
) -> dict[str, frozenset[str]]:
    """The groups of words unchanged if each is one of `known`, else a clear error."""
    unknown = sorted(value.keys() - known.keys())
    if unknown:
        raise ValueError(f"no {what} {', '.join(unknown)}: {', '.join(known)}")
    return value


@dataclass(frozen=True, eq=False)
class Languages:
    """The supported languages (default first) and what each one's lexicon file adds."""

    folder: Path
    codes: tuple[str, ...]
    lexicons: Mapping[str, LanguageLexicon] = field(default_factory=dict)

    def lexicon(self, lang: str) -> LanguageLexicon:
        """One language's additions (empty when it has no lexicon file)."""
        return self.lexicons.get(lang) or _EMPTY


_EMPTY = LanguageLexicon()
# The languages in use, read on first use; every question reads them, so they are not looked up
# in the environment each time (`reload` reads them again).
_active: Languages | None = None
_on_reload: list[Callable[[], None]] = []


def current() -> Languages:
    """The languages of the configured locales folder."""
    global _active
    if _active is None:
        _active = _read(os.environ.get(LOCALES_ENV) or str(LOCALES_DIR))
    return _active


def reload() -> None:
    """Read the locales folder again on next use (after PUENTE_LOCALES_DIR changed: tests)."""
    global _active
    _active = None
    _read.cache_clear()
    for forget in _on_reload:
        forget()


def on_reload(forget: Callable[[], None]) -> None:
    """Call `forget` when the languages are read again (caches keyed by word, not language set)."""
    _on_reload.append(forget)


def locales_dir() -> Path:
    """The folder holding one gettext catalog folder per language."""
    return current().folder


def languages() -> tuple[str, ...]:
    """The supported language codes, default language first."""
    return current().codes


def default_language() -> str:
    """The language used when nothing says otherwise."""
    return current().codes[0]


@cache
def _read(folder: str) -> Languages:
    """Every `<code>/LC_MESSAGES` under `folder`, with its optional lexicon file."""
    root = Path(folder)
    found = sorted(
        path.parent.name for path in root.glob("*/LC_MESSAGES") if _CODE.match(path.parent.name)
    )
    if not found:
        raise LanguageError(f"{root} has no <language>/LC_MESSAGES folder")
    codes = tuple(sorted(found, key=lambda code: code != DEFAULT_LANGUAGE))
    lexicons = {}
    for code in codes:
        path = root / code / LEXICON_FILE
        if path.exists():
            lexicons[code] = _lexicon(path)
    return Languages(root, codes, lexicons)


def _lexicon(path: Path) -> LanguageLexicon:
    """One lexicon file, validated; errors name the file and the key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return LanguageLexicon.model_validate(data)
    except yaml.YAMLError as exc:
        raise LanguageError(f"{path}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in err['loc'])}: "
            + err["msg"].removeprefix("Value error, ")
            for err in exc.errors()
        )
        raise LanguageError(f"{path}: {problems}") from exc
