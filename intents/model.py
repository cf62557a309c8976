"""The engine's value types: training phrases, program aliases, and match results."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Phrase:
    """One training paraphrase of an intent."""

    intent: str
    lang: str
    text: str


@dataclass(frozen=True)
class ProgramAliases:
    """What people call one program: country names in both languages, demonyms, nicknames."""

    slug: str
    kind: str
    names: tuple[str, ...]


class Decision(StrEnum):
    """What the bot should do with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Match:
    """The outcome of matching one question."""

    decision: Decision
    intent: str | None
    score: float
    lang: str
    program: str | None
    candidates: tuple[tuple[str, float], ...]
    suggestions: tuple[str, ...]
    # Not answered because the question asks about a place outside California and the best
    # answer holds only in Los Angeles or California.
    elsewhere: bool = False
