"""Language detection for short, noisy English/Spanish chat messages."""

from __future__ import annotations

from collections.abc import Mapping

from intents.lexicon import CHAT, CHAT_ONLY_IN, LANGS, MARKERS
from intents.text import tokens

DEFAULT_LANG = "en"
_SPANISH_CHARS = frozenset("ñ¿¡áéíóúü")
# Endings that give away a language when a word is in no list (weak evidence).
_SUFFIXES = {
    "en": ("ing", "tion", "tions", "ness", "ship", "ful", "ly"),
    "es": (
        "cion",
        "ciones",
        "dad",
        "dades",
        "mente",
        "ado",
        "ada",
        "ados",
        "adas",
        "ido",
        "ida",
        "ar",
        "ir",
        "amos",
        "emos",
        "imos",
        "ando",
        "iendo",
        "ito",
        "ita",
    ),
}


def language_votes(text: str, lexicon: Mapping[str, str] | None = None) -> dict[str, float]:
    """Evidence for each language: marker words, chat spellings, Spanish letters, word endings.

    `lexicon` maps folded words to the one language they were seen in (an index's vocabulary).
    """
    votes = dict.fromkeys(LANGS, 0.0)
    lowered = text.casefold()
    if "¿" in lowered or "¡" in lowered or "ñ" in lowered:
        votes["es"] += 2.0
    votes["es"] += sum(0.5 for char in lowered if char in _SPANISH_CHARS and char not in "¿¡ñ")
    for word in tokens(text):
        votes_for = [lang for lang in LANGS if word in MARKERS[lang]]
        if not votes_for:
            votes_for = [lang for lang in LANGS if word in CHAT[lang] and word not in CHAT_ONLY_IN]
        if not votes_for and lexicon is not None and word in lexicon:
            votes_for = [lexicon[word]]
        if len(votes_for) == 1:
            votes[votes_for[0]] += 1.0
        elif not votes_for and len(word) > 3:
            for lang in LANGS:
                if word.endswith(_SUFFIXES[lang]):
                    votes[lang] += 0.5
    return votes


def detect_language(text: str, prior: str | None = None) -> str:
    """'en' or 'es': the language with more evidence; a tie goes to `prior`, else English."""
    return decide_language(language_votes(text), prior)


def decide_language(votes: Mapping[str, float], prior: str | None) -> str:
    """Pick the dominant language from votes; ties go to the prior."""
    if votes["es"] > votes["en"]:
        return "es"
    if votes["en"] > votes["es"]:
        return "en"
    return prior if prior in LANGS else DEFAULT_LANG
