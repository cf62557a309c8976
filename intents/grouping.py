"""Group near-duplicate questions, so curators read each unanswered need once, biggest first.

Questions are compared on the matcher's own normalisation (folded, stop words out, stemmed,
chat spellings expanded), so "como saco licencia sin papeles" and "¿Cómo sacar la licencia sin
papeles?" are the same question here as they are to the matcher. rapidfuzz's token-sort ratio
then tolerates typos and word order. Each question joins the first group whose leader is close
enough (leader clustering): one pass, linear in the number of groups, no matrix of all pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from intents.text import fold, normalize

# Token-sort ratio (0-100) at which two normalised questions count as the same question.
SAME_QUESTION = 75.0


@dataclass
class QuestionGroup:
    """Near-duplicate questions: the first one seen leads, the rest are counted with it."""

    lang: str
    leader: str
    key: str
    examples: list[str] = field(default_factory=list)
    count: int = 0
    # The answers its questions got when their askers marked them unhelpful, counted by intent.
    unhelpful: Counter[str] = field(default_factory=Counter)


def _key(text: str, lang: str) -> str:
    """What two questions are compared on: their sorted normalised terms (or folded text)."""
    terms = sorted(set(normalize(text, lang)))
    return " ".join(terms) or fold(text).strip()


def group_questions(
    questions: Iterable[tuple[str, str, str | None]], threshold: float = SAME_QUESTION
) -> list[QuestionGroup]:
    """Group (lang, text, intent answered or None) questions by language and similarity,
    biggest groups first; an intent named is an answer marked unhelpful.

    Each group keeps its distinct wordings in order of first appearance as examples.
    """
    groups: list[QuestionGroup] = []
    leaders: dict[str, list[str]] = {}
    by_lang: dict[str, list[QuestionGroup]] = {}
    for lang, text, answered in questions:
        key = _key(text, lang)
        keys = leaders.setdefault(lang, [])
        found = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold)
        if found is None:
            group = QuestionGroup(lang, text, key)
            keys.append(key)
            by_lang.setdefault(lang, []).append(group)
            groups.append(group)
        else:
            group = by_lang[lang][found[2]]
        group.count += 1
        if answered is not None:
            group.unhelpful[answered] += 1
        if text not in group.examples:
            group.examples.append(text)
    return sorted(groups, key=lambda g: (-g.count, g.lang, g.leader))
