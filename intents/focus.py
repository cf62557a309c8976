"""Finding the question inside a story: which words of a long message weigh fully.

People often write 40–120 words of context before asking ("My husband was picked up last week at
the car wash, they took him to…, what can we do?"). The story names many topics; the question
says which one they need. In a long message the question sentences (a "?" or "¿", or a sentence
opening with a question word) keep their full weight and the story around them counts less; a
long message without any question takes its last sentence as the question.
"""

from __future__ import annotations

import re

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
    "es": word_set(
        """que como puedo puede pueden podemos podria hay cual cuales donde cuando quien quienes
        cuanto cuanta cuantos es son tengo tiene tienen debo deben existe sera seria me"""
    ),
}


def weighted_words(text: str, lang: str) -> list[tuple[str, float]]:
    """The content words of `text` with how much each counts: 1.0 in the question, STORY_WEIGHT
    in the story around it (every word counts fully in a short message)."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    words = [content_words(s, lang) for s in sentences]
    if len(sentences) < 2 or sum(map(len, words)) <= LONG_MESSAGE_WORDS:
        return [(word, 1.0) for sentence in words for word in sentence]
    asks = [_asks(s, lang) for s in sentences]
    if not any(asks):
        asks[-1] = True
    return [
        (word, 1.0 if ask else STORY_WEIGHT)
        for sentence, ask in zip(words, asks, strict=True)
        for word in sentence
    ]


def _asks(sentence: str, lang: str) -> bool:
    """Whether a sentence is a question: a question mark, or a question word first."""
    if "?" in sentence or "¿" in sentence:
        return True
    first = tokens(sentence)[:1]
    return bool(first) and first[0] in _QUESTION_OPENERS[lang]
