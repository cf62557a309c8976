"""A learned reading of a question: complement naive Bayes over character and word n-grams.

The word index (intents/index.py) scores a question against hand-curated paraphrases through
stems, synonyms and word lists; it cannot learn from the questions people really asked (adding
them as paraphrases made it worse). This view can: trained on the paraphrases, the declined
topics and the labelled questions people asked (db/seed/asked/), it weighs every example of an
intent together. scikit-learn's `TfidfVectorizer` (`char_wb` 2- to 5-grams and word 1- and
2-grams, sublinear TF, smooth IDF, each part L2-normalised) and `ComplementNB` (norm off), written
out so that the matcher stays pure Python; tests/test_intents_learned.py checks the scores against
the textbook formula.

Complement naive Bayes scores class c by sum_f x_f * -log((A_f - C_cf + alpha) / Z_c), where A_f is
feature f's weight over all examples, C_cf its weight in c's and Z_c the sum over f of the
numerator. Most features occur in few classes, so the terms common to every class are dropped (they
cannot change an order or a margin) and only a feature's classes are visited.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from intents.charview import padded_ngrams
from intents.model import Phrase
from intents.text import fold

CHAR_SIZES = range(2, 6)
_WORD = re.compile(r"[a-z0-9]{2,}")  # scikit-learn's default token pattern, on folded text


def features(text: str) -> tuple[Counter[str], Counter[str]]:
    """Character n-grams of each word (padded with a space at both ends) and word 1- and
    2-grams of the accent-folded text."""
    folded = fold(text)
    words = _WORD.findall(folded)
    return (
        padded_ngrams(folded.split(), CHAR_SIZES),
        Counter([*words, *(f"{a} {b}" for a, b in pairwise(words))]),
    )


@dataclass(frozen=True)
class Verdict:
    """The class the view prefers, by how much its score leads the runner-up's, and the
    classes it weighed (those with examples in the question's language) with their scores."""

    label: str
    margin: float
    scores: Mapping[str, float]  # each weighed class's score (up to a shared constant)

    @property
    def weighed(self) -> frozenset[str]:
        """The classes with examples in the question's language."""
        return frozenset(self.scores)


class LearnedView:
    """Complement naive Bayes over TF-IDF n-grams, trained once on labelled examples."""

    def __init__(self, examples: Iterable[Phrase], alpha: float) -> None:
        """Train on labelled examples (a phrase's intent is its class); `alpha` is the additive
        smoothing."""
        examples = list(examples)
        parsed = [(features(example.text), example.intent) for example in examples]
        self._labels = tuple(dict.fromkeys(label for _, label in parsed))
        label_ids = {label: n for n, label in enumerate(self._labels)}
        written: defaultdict[str, set[str]] = defaultdict(set)
        for example in examples:
            written[example.lang].add(example.intent)
        # n-grams do not cross languages ("puerta" shares nothing with "door"): a class with no
        # example in a question's language cannot be weighed for it.
        self._written_in = {lang: frozenset(labels) for lang, labels in written.items()}
        self._idf: tuple[dict[str, float], dict[str, float]] = (
            _idf([chars for (chars, _), _ in parsed]),
            _idf([words for (_, words), _ in parsed]),
        )
        # Each n-gram's weight in each class that uses it (class ids), over all examples.
        by_feature: defaultdict[str, defaultdict[int, float]] = defaultdict(
            lambda: defaultdict(float)
        )
        for grams, label in parsed:
            for name, weight in self._vector(grams).items():
                by_feature[name][label_ids[label]] += weight
        vocabulary = len(by_feature)
        everywhere = {name: sum(weights.values()) for name, weights in by_feature.items()}
        total = sum(everywhere.values())
        in_class = [0.0] * len(self._labels)
        for weights in by_feature.values():
            for label_id, weight in weights.items():
                in_class[label_id] += weight
        # log Z_c: every class's complement mass, smoothed.
        self._log_mass = array(
            "d", (math.log(total - own + alpha * vocabulary) for own in in_class)
        )
        # Per n-gram, the classes that use it and how much that lowers their complement term.
        self._postings: dict[str, tuple[array[int], array[float]]] = {}
        for name, weights in by_feature.items():
            common = math.log(everywhere[name] + alpha)
            self._postings[name] = (
                array("i", weights.keys()),
                array(
                    "d",
                    (common - math.log(everywhere[name] - w + alpha) for w in weights.values()),
                ),
            )

    def _vector(self, grams: tuple[Counter[str], Counter[str]]) -> dict[str, float]:
        """An example's TF-IDF weights, each part L2-normalised; names tagged by part."""
        vector: dict[str, float] = {}
        for part, (counts, idf) in enumerate(zip(grams, self._idf, strict=True)):
            weights = {
                f"{part}{gram}": (1.0 + math.log(count)) * idf[gram]
                for gram, count in counts.items()
                if gram in idf
            }
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            vector.update((name, w / norm) for name, w in weights.items())
        return vector

    def scores(self, text: str) -> dict[str, float] | None:
        """Each class's score for a question, up to a constant shared by all classes; None
        when the question has no n-gram the view has seen (every class would tie)."""
        vector = self._vector(features(text))
        known = [(self._postings[name], w) for name, w in vector.items() if name in self._postings]
        if not known:
            return None
        share = sum(w for _, w in known)
        totals = [share * log_mass for log_mass in self._log_mass]
        for (labels, lifts), weight in known:
            for label, lift in zip(labels, lifts, strict=True):
                totals[label] += weight * lift
        return dict(zip(self._labels, totals, strict=True))

    def verdict(self, text: str, lang: str) -> Verdict | None:
        """The class the view prefers among those with examples in the question's language
        `lang`, and its lead over the runner-up; None when it cannot tell (no known n-gram, or
        fewer than two such classes)."""
        weighed = self._written_in.get(lang, frozenset())
        scores = self.scores(text) if len(weighed) >= 2 else None
        if scores is None:
            return None
        mine = {label: score for label, score in scores.items() if label in weighed}
        best, runner_up = heapq.nlargest(2, ((score, label) for label, score in mine.items()))
        return Verdict(best[1], best[0] - runner_up[0], mine)


def _idf(documents: list[Counter[str]]) -> dict[str, float]:
    """Smooth inverse document frequency of every n-gram: ln((1 + n) / (1 + df)) + 1."""
    frequency = Counter(gram for document in documents for gram in document)
    n = len(documents)
    return {gram: math.log((1 + n) / (1 + df)) + 1.0 for gram, df in frequency.items()}
