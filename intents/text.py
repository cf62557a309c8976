"""Text normalisation for English and Spanish: folding, chat spellings, stop words, stemming."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

from intents.lexicon import CHAT, CHAT_ONLY_IN, COLLISIONS, EXPRESSIONS, LANGS, STOP, SYNONYMS

_STEMMERS = {"en": snowballstemmer.stemmer("english"), "es": snowballstemmer.stemmer("spanish")}
# Snowball stemmer objects keep per-call state, so concurrent callers must take turns.
_STEM_LOCK = threading.Lock()

_APOSTROPHE_S = re.compile(r"(?<=[a-z])'s\b")
_APOSTROPHES = re.compile(r"['’`´]")
_FORM_NUMBER = re.compile(r"\b([a-z])-(\d+)\b")  # "I-205" stays one token: "i205"
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "holaaa" -> "hola"; two letters ("door", "llamar") stay
_DIPHTHONG_UE = re.compile(r"(?<![qg])ue")  # not in "que", "gue": no diphthong there
_TOKEN = re.compile(r"[a-z0-9]+")
_EXPRESSION = re.compile(r"\b(" + "|".join(sorted(EXPRESSIONS, key=len, reverse=True)) + r")\b")


def other(lang: str) -> str:
    """The other supported language."""
    return "es" if lang == "en" else "en"


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


def _chat_map(lang: str) -> dict[str, str]:
    """Chat spellings for `lang`, plus the other language's that cannot be a word in `lang`."""
    foreign = {
        key: value
        for key, value in CHAT[other(lang)].items()
        if key not in CHAT[lang] and key not in STOP[lang] and key not in CHAT_ONLY_IN
    }
    return {**foreign, **CHAT[lang]}


def _stop_words(lang: str) -> frozenset[str]:
    """Stop words for a question in `lang`; Spanglish drops the other language's too."""
    return STOP[lang] | (STOP[other(lang)] - COLLISIONS[lang])


_CHAT_MAPS = {lang: _chat_map(lang) for lang in LANGS}
_STOP_WORDS = {lang: _stop_words(lang) for lang in LANGS}


def expand(words: list[str], lang: str) -> list[str]:
    """Expand chat spellings and join multi-word expressions into single tokens."""
    chat = _CHAT_MAPS[lang]
    text = " ".join(chat.get(word, word) for word in words)
    return _EXPRESSION.sub(lambda m: EXPRESSIONS[m.group(1)], text).split()


def content_words(text: str, lang: str) -> list[str]:
    """The folded, expanded words of `text` that can carry a topic (stop words removed)."""
    stop = _STOP_WORDS[lang]
    return [word for word in expand(tokens(text), lang) if word not in stop]


def _raw_stem(word: str, lang: str) -> str:
    """Snowball stem of one folded word; Spanish stems lose their stem-changing diphthongs."""
    if lang == "es" and word.endswith("nme"):
        word = word[:-2]  # "mandenme", "ayudenme": Snowball leaves these enclitics on
    with _STEM_LOCK:
        stemmed: str = _STEMMERS[lang].stemWord(word)
    if lang == "es":
        # "renuevo"/"renovar", "encuentro"/"encontrar", "quiero"/"querer" share one stem.
        stemmed = _DIPHTHONG_UE.sub("o", stemmed).replace("ie", "e")
    return stemmed


def _concepts() -> dict[tuple[str, str], str]:
    """(language, stem) -> shared concept token for every curated synonym."""
    table: dict[tuple[str, str], str] = {}
    for group in SYNONYMS:
        concept = "~" + group["en"][0]
        for lang in LANGS:
            for word in group[lang]:
                table[(lang, _raw_stem(word, lang))] = concept
                table.setdefault((other(lang), word), concept)
    return table


_CONCEPTS = _concepts()


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The index term for one folded word: its stem, or the concept shared by its synonyms."""
    if word.isdigit():
        return word
    stemmed = _raw_stem(word, lang)
    return _CONCEPTS.get((lang, stemmed)) or _CONCEPTS.get((lang, word)) or stemmed


def normalize(text: str, lang: str) -> list[str]:
    """Normalised terms of `text` read as `lang`: folded, expanded, stop words out, stemmed."""
    return [stem(word, lang) for word in content_words(text, lang)]
