"""Language detection for short, noisy chat messages, in every supported language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from intents.languages import Languages, current
from intents.lexicon import CHAT, CHAT_ONLY_IN, MARKERS
from intents.text import tokens

# Letters that give a language away: one of the first kind is strong evidence (2 votes once),
# each of the second kind weak evidence (half a vote each).
_SURE_LETTERS = {"es": "¿¡ñ"}
_HINT_LETTERS = {"es": "áéíóúü"}
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


@dataclass(frozen=True, eq=False)
class _Evidence:
    """What detection looks for, per language, for one set of languages."""

    codes: tuple[str, ...]
    markers: dict[str, frozenset[str]]
    chat: dict[str, frozenset[str]]
    suffixes: dict[str, tuple[str, ...]]
    sure_letters: dict[str, str]
    hint_letters: dict[str, str]


@cache
def _evidence_for(langs: Languages) -> _Evidence:
    """Built-in lists joined with each language's lexicon file."""
    lexicons = {lang: langs.lexicon(lang) for lang in langs.codes}
    only_in = CHAT_ONLY_IN.union(*(lex.chat_only_here for lex in lexicons.values()))
    return _Evidence(
        codes=langs.codes,
        markers={
            lang: MARKERS.get(lang, frozenset()) | lex.markers for lang, lex in lexicons.items()
        },
        chat={
            lang: frozenset({*CHAT.get(lang, {}), *lex.chat}) - only_in
            for lang, lex in lexicons.items()
        },
        suffixes={
            lang: (*_SUFFIXES.get(lang, ()), *lex.suffixes) for lang, lex in lexicons.items()
        },
        sure_letters={
            lang: _SURE_LETTERS.get(lang, "") + lex.sure_letters for lang, lex in lexicons.items()
        },
        hint_letters={
            lang: _HINT_LETTERS.get(lang, "") + lex.hint_letters for lang, lex in lexicons.items()
        },
    )


def language_votes(text: str, lexicon: Mapping[str, str] | None = None) -> dict[str, float]:
    """Evidence for each language: marker words, chat spellings, telltale letters, word endings.

    `lexicon` maps folded words to the one language they were seen in (an index's vocabulary).
    """
    evidence = _evidence_for(current())
    votes = dict.fromkeys(evidence.codes, 0.0)
    lowered = text.casefold()
    for lang in evidence.codes:
        if any(char in lowered for char in evidence.sure_letters[lang]):
            votes[lang] += 2.0
        hints = evidence.hint_letters[lang]
        if hints:
            votes[lang] += sum(0.5 for char in lowered if char in hints)
    for word in tokens(text):
        votes_for = [lang for lang in evidence.codes if word in evidence.markers[lang]]
        if not votes_for:
            votes_for = [lang for lang in evidence.codes if word in evidence.chat[lang]]
        if not votes_for and lexicon is not None and word in lexicon:
            votes_for = [lexicon[word]]
        if len(votes_for) == 1:
            votes[votes_for[0]] += 1.0
        elif not votes_for and len(word) > 3:
            for lang in evidence.codes:
                if word.endswith(evidence.suffixes[lang]):
                    votes[lang] += 0.5
    return votes


def detect_language(text: str, prior: str | None = None) -> str:
    """The language with the most evidence; a tie goes to `prior`, else the default language."""
    return decide_language(language_votes(text), prior)


def decide_language(votes: Mapping[str, float], prior: str | None) -> str:
    """Pick the dominant language from votes; a tie goes to the prior if it is among the
    leaders, else to the first leader in the languages' order (the default language first)."""
    best = max(votes.values())
    leaders = [lang for lang, count in votes.items() if count == best]
    return prior if prior in leaders else leaders[0]
