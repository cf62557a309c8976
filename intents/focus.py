"""Finding the question inside a story: which words of a long message weigh fully.

People often write 40–120 words of context before asking ("My husband was picked up last week at
the car wash, they took him to…, what can we do?"). The story names many topics; the question
says which one they need. In a long message the question sentences (a "?" or "¿", or a sentence
opening with a question word) keep their full weight and the story around them counts less; a
long message without any question takes its last sentence as the question.
"""

from __future__ import annotations

import re
from functools import cache

from intents.languages import Languages, current
from intents.lexicon import word_set
from intents.text import content_words, tokens

# A message with at most this many content words is read whole: it has no story to discount.
LONG_MESSAGE_WORDS = 12
STORY_WEIGHT = 0.35  # how much a word of the story counts, next to a word of the question

_SENTENCE_END = re.compile(r"(?<=[.!?;:\n])|(?=¿)")
_QUESTION_OPENERS = {
    "en": word_set(
        """what how can could do does did is are am will would should shall where when who whom
        which why may must have has any"""
    ),
    # Not "me", "tengo", "es", "hay": Spanish stories open with them ("Me llamo…", "Tengo TPS"),
    # and Spanish questions nearly always carry "¿" or "?" anyway.
    "es": word_set(
        """que como puedo puede pueden podemos podria cual cuales donde cuando quien quienes
        cuanto cuanta cuantos debo deben existe"""
    ),
}


def weighted_words(text: str, lang: str) -> tuple[list[str], list[float]]:
    """The content words of `text` and how much each counts: 1.0 in the question, STORY_WEIGHT
    in the story around it (every word counts fully in a short message). Two flat lists, not
    pairs: a question allocates no more objects for the garbage collector than before."""
    whole = content_words(text, lang)
    split = _split(text, lang, whole)
    if split is None:
        return whole, [1.0] * len(whole)
    words: list[str] = []
    weights: list[float] = []
    for sentence, ask in split:
        found = content_words(sentence, lang)
        words.extend(found)
        weights.extend([1.0 if ask else STORY_WEIGHT] * len(found))
    return words, weights


def question_part(text: str, lang: str) -> str:
    """The question sentences of a long message, or the whole of a short one."""
    split = _split(text, lang, content_words(text, lang))
    return text if split is None else " ".join(s for s, ask in split if ask)


def _split(text: str, lang: str, whole: list[str]) -> list[tuple[str, bool]] | None:
    """A long message's sentences, each with whether it asks (the last one if none does); None
    for a message to read whole (few content words, or one sentence)."""
    if len(whole) <= LONG_MESSAGE_WORDS:  # most questions: no story, nothing to split
        return None
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) < 2:
        return None
    asks = [_asks(s, lang) for s in sentences]
    if not any(asks):
        asks[-1] = True
    return list(zip(sentences, asks, strict=True))


def _asks(sentence: str, lang: str) -> bool:
    """Whether a sentence is a question: a question mark, or a question word first."""
    if "?" in sentence or "¿" in sentence:
        return True
    first = tokens(sentence)[:1]
    return bool(first) and first[0] in _question_openers(current(), lang)


@cache
def _question_openers(langs: Languages, lang: str) -> frozenset[str]:
    """A language's question words: built in, and from its lexicon file."""
    return _QUESTION_OPENERS.get(lang, frozenset()) | langs.lexicon(lang).question_openers
