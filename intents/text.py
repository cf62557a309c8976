"""Text normalisation in every supported language: folding, chat spellings, stop words, stemming."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Protocol

import snowballstemmer

from intents.languages import Languages, current, on_reload
from intents.lexicon import (
    CHAT,
    CHAT_ONLY_IN,
    COLLISIONS,
    CONTEXTS,
    ELSEWHERE,
    ELSEWHERE_IN_CALIFORNIA,
    EXPRESSIONS,
    SMALL_TALK,
    STOP,
    SYNONYMS,
)

# Snowball algorithms of the built-in languages; another language names its own in lexicon.yaml.
_ALGORITHMS = {"en": "english", "es": "spanish"}
# Snowball stemmer objects keep per-call state, so concurrent callers must take turns.
_STEM_LOCK = threading.Lock()

_APOSTROPHE_S = re.compile(r"(?<=[a-z])'s\b")
_APOSTROPHES = re.compile(r"['’`´]")
_FORM_NUMBER = re.compile(r"\b([a-z])-(\d+)\b")  # "I-205" stays one token: "i205"
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "holaaa" -> "hola"; two letters ("door", "llamar") stay
_DIPHTHONG_UE = re.compile(r"(?<![qg])ue")  # not in "que", "gue": no diphthong there
_TOKEN = re.compile(r"[a-z0-9]+")


def _ascii_fold_table() -> dict[int, str]:
    """ASCII control characters and symbols become spaces; letters are lowercased."""
    table = {code: " " for code in range(128) if unicodedata.category(chr(code))[0] in "CSZ"}
    table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return table


_ASCII_FOLD = _ascii_fold_table()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One non-ASCII character folded: accents and invisible format characters (zero-width
    space, joiner, soft hyphen) dropped, other symbols and controls to a space."""
    kept = []
    for part in unicodedata.normalize("NFKD", char.casefold()):
        category = unicodedata.category(part)
        if category not in ("Mn", "Cf"):
            kept.append(" " if category[0] in "CSZ" else part)
    return "".join(kept)


def fold(text: str) -> str:
    """Lowercase, strip accents (ñ -> n), turn control, format and symbol characters to spaces."""
    if text.isascii():
        return text.translate(_ASCII_FOLD)
    return "".join(
        char.translate(_ASCII_FOLD) if char.isascii() else _fold_char(char) for char in text
    )


def tokens(text: str) -> list[str]:
    """Folded word tokens with repeated letters squeezed and form numbers kept whole."""
    text = fold(text)
    text = _APOSTROPHE_S.sub("", text)
    text = _APOSTROPHES.sub("", text)
    text = _FORM_NUMBER.sub(r"\1\2", text)
    text = _REPEATS.sub(r"\1", text)
    return _TOKEN.findall(text)


class _Stemmer(Protocol):
    """A Snowball stemmer."""

    def stemWord(self, word: str) -> str:
        """The stem of one word."""


@dataclass(frozen=True, eq=False)
class _Tables:
    """Everything text normalisation looks up, built once for a set of languages."""

    chat: dict[str, dict[str, str]]
    stop: dict[str, frozenset[str]]
    expressions: dict[str, str]
    expression: re.Pattern[str]
    stemmers: dict[str, _Stemmer | None]
    concepts: dict[tuple[str, str], str]
    elsewhere: frozenset[str]
    elsewhere_in_state: frozenset[str]
    contexts: dict[str, frozenset[str]]
    small_talk: dict[str, frozenset[str]]


def _chat_map(langs: Languages, lang: str) -> dict[str, str]:
    """Chat spellings for `lang`, plus other languages' that cannot be a word in `lang`."""
    own, stop, only_in = _chat(langs, lang), _stop(langs, lang), _chat_only_in(langs)
    foreign: dict[str, str] = {}
    for other in langs.codes:
        if other != lang:
            for key, value in _chat(langs, other).items():
                if key not in own and key not in stop and key not in only_in:
                    foreign.setdefault(key, value)
    return {**foreign, **own}


def _chat(langs: Languages, lang: str) -> dict[str, str]:
    """One language's chat spellings: built in and from its lexicon file."""
    return {**CHAT.get(lang, {}), **langs.lexicon(lang).chat}


def _chat_only_in(langs: Languages) -> frozenset[str]:
    """Chat spellings never expanded outside their own language."""
    return CHAT_ONLY_IN.union(*(langs.lexicon(lang).chat_only_here for lang in langs.codes))


def _stop(langs: Languages, lang: str) -> frozenset[str]:
    """One language's own stop words."""
    return STOP.get(lang, frozenset()) | langs.lexicon(lang).stop


def _stop_words(langs: Languages, lang: str) -> frozenset[str]:
    """Stop words for a question in `lang`; mixed-language questions (Spanglish) drop the other
    languages' too, except those that are content words in `lang`."""
    collisions = COLLISIONS.get(lang, frozenset()) | langs.lexicon(lang).collisions
    others = (_stop(langs, other) - collisions for other in langs.codes if other != lang)
    return _stop(langs, lang).union(*others)


def _stemmer(langs: Languages, lang: str) -> _Stemmer | None:
    """The Snowball stemmer of a language, or None to match its words as written."""
    algorithm = langs.lexicon(lang).stemmer or _ALGORITHMS.get(lang)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


def _synonym_groups(langs: Languages) -> dict[str, dict[str, tuple[str, ...]]]:
    """Synonym groups by name (their first word in the default language, else the first
    language they have), with each lexicon file's words joined to the group they name."""
    groups: dict[str, dict[str, tuple[str, ...]]] = {}

    def join(name: str, lang: str, words: tuple[str, ...]) -> None:
        """Add one language's words to a group, making the group if it is new."""
        group = groups.setdefault(name, {})
        group[lang] = (*group.get(lang, ()), *words)

    for builtin in SYNONYMS:
        names = [builtin[lang][0] for lang in (langs.codes[0], *builtin) if builtin.get(lang)]
        for lang, words in builtin.items():
            if names:
                join(names[0], lang, words)
    for lang in langs.codes:
        for name, words in langs.lexicon(lang).synonyms.items():
            join(name, lang, words)
    return groups


def _concepts(langs: Languages, stemmers: dict[str, _Stemmer | None]) -> dict[tuple[str, str], str]:
    """(language, stem) -> shared concept token for every curated synonym."""
    table: dict[tuple[str, str], str] = {}
    for name, group in _synonym_groups(langs).items():
        concept = "~" + name
        for lang in langs.codes:
            for word in group.get(lang, ()):
                table[(lang, _raw_stem(word, lang, stemmers[lang]))] = concept
                for other in langs.codes:
                    if other != lang:
                        table.setdefault((other, word), concept)
    return table


@cache
def _tables_for(langs: Languages) -> _Tables:
    """The lookup tables of one set of languages."""
    expressions = {**EXPRESSIONS}
    for lang in langs.codes:
        expressions.update(langs.lexicon(lang).expressions)
    alternatives = "|".join(re.escape(e) for e in sorted(expressions, key=len, reverse=True))
    stemmers = {lang: _stemmer(langs, lang) for lang in langs.codes}
    return _Tables(
        chat={lang: _chat_map(langs, lang) for lang in langs.codes},
        stop={lang: _stop_words(langs, lang) for lang in langs.codes},
        expressions=expressions,
        expression=re.compile(r"\b(" + alternatives + r")\b"),
        stemmers=stemmers,
        concepts=_concepts(langs, stemmers),
        elsewhere=ELSEWHERE.union(*(langs.lexicon(lang).elsewhere for lang in langs.codes)),
        elsewhere_in_state=ELSEWHERE_IN_CALIFORNIA.union(
            *(langs.lexicon(lang).elsewhere_in_state for lang in langs.codes)
        ),
        contexts={
            name: words.union(*(langs.lexicon(lang).contexts.get(name, ()) for lang in langs.codes))
            for name, words in CONTEXTS.items()
        },
        small_talk={
            kind: words.union(
                *(langs.lexicon(lang).small_talk.get(kind, ()) for lang in langs.codes)
            )
            for kind, words in SMALL_TALK.items()
        },
    )


def _tables() -> _Tables:
    """The lookup tables of the configured languages."""
    return _tables_for(current())


def places_elsewhere() -> frozenset[str]:
    """Places outside California as folded words, in every configured language (ELSEWHERE)."""
    return _tables().elsewhere


def places_elsewhere_in_state() -> frozenset[str]:
    """Places in California outside Los Angeles County as folded words, in every configured
    language (ELSEWHERE_IN_CALIFORNIA)."""
    return _tables().elsewhere_in_state


def small_talk_words() -> dict[str, frozenset[str]]:
    """The words of small talk by kind (greeting, thanks, ok, filler, thanked_for) as folded
    words, in every configured language (lexicon.SMALL_TALK)."""
    return _tables().small_talk


def contexts_named(text: str, lang: str) -> frozenset[str]:
    """The contexts (lexicon.CONTEXTS) whose words `text` names: "others" for a relative, a
    friend, "someone" or "him" (stop words count), "driving" for a car or being pulled over,
    "planning" for a plan, getting ready or the children left behind."""
    raw = tokens(text)
    words = {*raw, *expand(raw, lang)}
    return frozenset(
        name for name, named in _tables().contexts.items() if not named.isdisjoint(words)
    )


def expand(words: list[str], lang: str) -> list[str]:
    """Expand chat spellings and join multi-word expressions into single tokens."""
    tables = _tables()
    chat = tables.chat[lang]
    text = " ".join(chat.get(word, word) for word in words)
    return tables.expression.sub(lambda m: tables.expressions[m.group(1)], text).split()


def content_words(text: str, lang: str) -> list[str]:
    """The folded, expanded words of `text` that can carry a topic (stop words removed)."""
    stop = _tables().stop[lang]
    return [word for word in expand(tokens(text), lang) if word not in stop]


def _raw_stem(word: str, lang: str, stemmer: _Stemmer | None) -> str:
    """Snowball stem of one folded word; Spanish stems lose their stem-changing diphthongs."""
    if stemmer is None:
        return word
    if lang == "es" and word.endswith("nme"):
        word = word[:-2]  # "mandenme", "ayudenme": Snowball leaves these enclitics on
    with _STEM_LOCK:
        stemmed: str = stemmer.stemWord(word)
    if lang == "es":
        # "renuevo"/"renovar", "encuentro"/"encontrar", "quiero"/"querer" share one stem.
        stemmed = _DIPHTHONG_UE.sub("o", stemmed).replace("ie", "e")
    return stemmed


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The index term for one folded word: its stem, or the concept shared by its synonyms."""
    if word.isdigit():
        return word
    tables = _tables()
    stemmer = tables.stemmers[lang]
    stemmed = _raw_stem(word, lang, stemmer)
    concepts = tables.concepts
    found = concepts.get((lang, stemmed)) or concepts.get((lang, word))
    if found is None and word.endswith("s"):
        # A plural whose stem is not its singular's ("ciudades" -> "ciudad", "ciudad" -> "ciud")
        # still names the singular's synonym group.
        singulars = (word[:-2], word[:-1]) if word.endswith("es") else (word[:-1],)
        found = next(
            (c for w in singulars if (c := concepts.get((lang, _raw_stem(w, lang, stemmer))))),
            None,
        )
    return found or stemmed


def normalize(text: str, lang: str) -> list[str]:
    """Normalised terms of `text` read as `lang`: folded, expanded, stop words out, stemmed."""
    return [stem(word, lang) for word in content_words(text, lang)]


on_reload(stem.cache_clear)  # stems are cached by word: other languages may stem it otherwise
