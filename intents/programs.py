"""Recognising program mentions (countries, demonyms, nicknames) in a question, typos included."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from intents.languages import languages
from intents.model import ProgramAliases
from intents.text import content_words, stem


def typo_budget(word: str) -> int:
    """How many edits a word of this length may carry and still be recognised."""
    if len(word) < 5:
        return 0
    return 1 if len(word) < 10 else 2


@dataclass(frozen=True)
class ProgramMention:
    """A program named in a question and which of its words named it."""

    slug: str
    kind: str
    positions: frozenset[int]


class ProgramFinder:
    """Finds program aliases among a question's content words."""

    def __init__(self, programs: Iterable[ProgramAliases]) -> None:
        self._by_word: dict[str, ProgramAliases] = {}
        self._by_stem: dict[str, ProgramAliases] = {}
        # Names of several words ("South Sudan") only count when all their words are there.
        self._multi: list[tuple[frozenset[str], ProgramAliases]] = []
        kinds: set[str] = set()
        for program in programs:
            kinds.add(program.kind)
            for name in program.names:
                for lang in languages():
                    words = content_words(name, lang)
                    if len(words) > 1:
                        self._multi.append((frozenset(words), program))
                    elif words:
                        self._by_word.setdefault(words[0], program)
                        self._by_stem.setdefault(stem(words[0], lang), program)
        self._multi.sort(key=lambda entry: -len(entry[0]))
        self._words = sorted(self._by_word)
        self.kinds = frozenset(kinds)  # the kinds of program it knows ("tps", "daca")

    def _lookup(
        self, word: str, lang: str, is_known: Callable[[str], bool]
    ) -> ProgramAliases | None:
        """The program one word names: exactly, by stem, or with a typo if it is no known word."""
        program = self._by_word.get(word) or self._by_stem.get(stem(word, lang))
        budget = typo_budget(word)
        if program is not None or budget == 0 or is_known(word):
            return program
        found = process.extractOne(
            word, self._words, scorer=Levenshtein.distance, score_cutoff=budget
        )
        return self._by_word[found[0]] if found else None

    def find(
        self, words: list[str], lang: str, is_known: Callable[[str], bool]
    ) -> ProgramMention | None:
        """The first program named in `words` and every position naming it."""
        if not self._words and not self._multi:
            return None
        present = set(words)
        for name_words, program in self._multi:
            if name_words <= present:
                positions = frozenset(i for i, word in enumerate(words) if word in name_words)
                return ProgramMention(program.slug, program.kind, positions)
        first: ProgramAliases | None = None
        found = set()
        for position, word in enumerate(words):
            named = self._lookup(word, lang, is_known)
            if named is not None and (first is None or named.slug == first.slug):
                first = named
                found.add(position)
        if first is None:
            return None
        return ProgramMention(first.slug, first.kind, frozenset(found))
