"""A second opinion on a question: the nearest paraphrase by character n-grams.

The word index (intents/index.py) reads a question through stems, synonyms and curated word
lists, and those were tuned on the questions we had; on questions nobody had seen it answered one
in four confidently wrong. Character 3- and 4-grams of each word, weighted by TF-IDF and compared
by cosine (scikit-learn's `char_wb` analyser, written out in a few lines), share none of that
curation: where the two views prefer different intents, the question is not as clear as the word
index thinks, and "did you mean" with both is the safe reply.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from intents.model import Phrase
from intents.text import fold

# No 2-grams: shared by nearly every paraphrase, their long postings took half the time and
# changed no more than a question or two per set (docs/matching.md, section 8).
NGRAM_SIZES = (3, 4)
_WORD = re.compile(r"[a-z0-9]+")


def padded_ngrams(words: Iterable[str], sizes: Iterable[int]) -> Counter[str]:
    """Character n-grams of each word padded with a space at both ends, as scikit-learn's
    `char_wb` analyser makes them: a word no longer than a size counts once, whole."""
    grams: Counter[str] = Counter()
    for word in words:
        padded = f" {word} "
        for size in sizes:
            if len(padded) <= size:
                grams[padded] += 1
                break
            grams.update(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def char_ngrams(text: str) -> Counter[str]:
    """Character n-grams of each accent-folded word, padded with a space at both ends."""
    return padded_ngrams(_WORD.findall(fold(text)), NGRAM_SIZES)


def _tf(count: int) -> float:
    """Sublinear term frequency: a repeated n-gram counts a little more, not many times more."""
    return 1.0 + math.log(count)


class _Postings(NamedTuple):
    """One intent's postings, packed: its n-gram ids in order, where each one's postings start
    (one more entry at the end), and the postings (paraphrase, weight in its L2-normalised
    vector). Arrays, not dictionaries of lists: a large content would otherwise need gigabytes."""

    grams: array[int]
    starts: array[int]
    docs: array[int]
    weights: array[float]


class CharView:
    """Character n-gram TF-IDF over paraphrases: which of some intents is nearest a question?"""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        counts = [char_ngrams(p.text) for p in phrases]
        documents = Counter(gram for grams in counts for gram in grams)
        total = len(counts)
        self._ids = {gram: n for n, gram in enumerate(documents)}
        self._idf = array(
            "d", (math.log((1 + total) / (1 + df)) + 1.0 for df in documents.values())
        )
        self._paraphrases = len(phrases)
        self._written_in = {(p.intent, p.lang) for p in phrases}
        by_intent: defaultdict[str, list[int]] = defaultdict(list)
        for doc, phrase in enumerate(phrases):
            by_intent[phrase.intent].append(doc)
        self._docs_of = {intent: tuple(docs) for intent, docs in by_intent.items()}
        # A question is compared with a few intents' paraphrases only, so postings are per intent.
        self._postings = {
            intent: self._pack([(doc, counts[doc]) for doc in docs])
            for intent, docs in by_intent.items()
        }

    def _pack(self, docs: list[tuple[int, Counter[str]]]) -> _Postings:
        """The postings of some paraphrases (one intent's), packed."""
        lists: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
        for doc, grams in docs:
            vector = {self._ids[g]: _tf(c) * self._idf[self._ids[g]] for g, c in grams.items()}
            norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
            for gram, weight in vector.items():
                lists[gram].append((doc, weight / norm))
        packed = _Postings(array("i"), array("i"), array("i"), array("d"))
        for gram in sorted(lists):
            packed.grams.append(gram)
            packed.starts.append(len(packed.docs))
            for doc, weight in lists[gram]:
                packed.docs.append(doc)
                packed.weights.append(weight)
        packed.starts.append(len(packed.docs))
        return packed

    def closeness(self, text: str, lang: str, among: Collection[str]) -> dict[str, float]:
        """How near each of the intents `among` comes to `text`: the cosine of its nearest
        paraphrase, in any language (Spanglish takes words from both). Empty when they have no
        paraphrase in the question's language `lang` (n-grams do not cross languages: "puerta"
        shares nothing with "door") or share no n-gram with it; intents sharing none are left out.

        The question's own norm is left out: it scales every cosine alike."""
        if not any((intent, lang) in self._written_in for intent in among):
            return {}
        query = [
            (gram, _tf(count) * self._idf[gram])
            for gram, count in ((self._ids.get(g), c) for g, c in char_ngrams(text).items())
            if gram is not None
        ]
        # A list indexed by paraphrase: the inner loop is the matcher's hottest, and a list
        # index is cheaper than a dictionary's.
        scores = [0.0] * self._paraphrases
        nearest: dict[str, float] = {}
        for intent in among:
            postings = self._postings.get(intent)
            if postings is None:
                continue
            grams, starts, docs, weights = postings
            touched = False
            for gram, weight in query:
                at = bisect_left(grams, gram)
                if at < len(grams) and grams[at] == gram:
                    touched = True
                    start, end = starts[at], starts[at + 1]
                    for doc, share in zip(docs[start:end], weights[start:end], strict=True):
                        scores[doc] += weight * share
            if touched:
                nearest[intent] = max(scores[doc] for doc in self._docs_of[intent])
        return nearest
