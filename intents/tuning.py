"""Fitting the confidence model and choosing the decision thresholds from labelled questions.

The training paraphrases give labelled sets without touching any test set: k-fold (a held-out
paraphrase must find its own intent), leave-one-intent-out (the paraphrases of an intent the
index lacks must be refused: near-domain questions nothing covers), incidental words (a word
only one paraphrase uses, asked alone, must be refused) and shared words (a word several intents
use, asked alone, names none of them). With hand-written out-of-scope questions they fit the
logistic confidence model; the answer threshold is then the most accurate one that still
refuses the required share of out-of-scope questions.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from intents.calibration import CALIBRATION, Calibration
from intents.index import MatchIndex
from intents.model import Phrase, ProgramAliases
from intents.text import content_words, stem

FOLDS = 5
OUT_OF_SCOPE_WEIGHT = 3  # hand-written refusals are few; count each several times when fitting


@dataclass(frozen=True)
class Sample:
    """The best candidate's confidence features for one labelled question, and if it is right."""

    features: tuple[float, ...]
    right: bool


@dataclass(frozen=True)
class Observation:
    """One labelled question's confidence and outcome, whatever the thresholds."""

    confidence: float
    right: bool  # in scope and the best candidate is the expected intent
    in_scope: bool
    in_top3: bool  # in scope and the expected intent is among the first three candidates


@dataclass(frozen=True)
class SweepPoint:
    """Accuracy and out-of-scope refusal if answering needed `threshold`."""

    threshold: float
    accuracy: float
    refusal: float


@dataclass(frozen=True)
class Tuning:
    """A fitted calibration and the sweeps (one per labelled set) its threshold was chosen from."""

    calibration: Calibration
    sweeps: list[list[SweepPoint]]

    def format(self) -> str:
        """The fitted values and the accuracy/refusal trade-off, for docs and review."""
        cal = self.calibration
        coefficients = ", ".join(f"{c:.3f}" for c in cal.coefficients)
        lines = [
            f"bias={cal.bias:.3f} coefficients=({coefficients})",
            f"answer={cal.answer:.2f} suggest={cal.suggest:.2f}",
            "threshold" + "  accuracy  refusal" * len(self.sweeps),
        ]
        for n in range(10, 91, 5):
            cells = "".join(f"  {s[n].accuracy:8.1%}  {s[n].refusal:7.1%}" for s in self.sweeps)
            lines.append(f"{self.sweeps[0][n].threshold:9.2f}{cells}")
        return "\n".join(lines)


def content_splits(
    phrases: Sequence[Phrase], folds: int = FOLDS, leave_intents_out: bool = True
) -> Iterator[tuple[list[Phrase], list[dict]]]:
    """(training phrases, labelled rows): k-fold held-out paraphrases, then each intent left out."""
    for fold in range(folds):
        train = [p for n, p in enumerate(phrases) if n % folds != fold]
        rows = [_row(p, p.intent) for n, p in enumerate(phrases) if n % folds == fold]
        yield train, rows
    if not leave_intents_out:
        return
    for slug in dict.fromkeys(p.intent for p in phrases):
        train = [p for p in phrases if p.intent != slug]
        yield train, [_row(p, None) for p in phrases if p.intent == slug]


def incidental_word_rows(phrases: Sequence[Phrase]) -> list[dict]:
    """Out-of-scope rows made of one word that only one paraphrase uses ("real" from "is my
    lawyer real"): a lone incidental word is no question about that paraphrase's intent."""
    uses: Counter[str] = Counter()
    first: dict[str, Phrase] = {}
    for phrase in phrases:
        for word in set(content_words(phrase.text, phrase.lang)):
            uses[word] += 1
            first.setdefault(word, phrase)
    return [
        _row(first[word], None) | {"q": word}
        for word, count in uses.items()
        if count == 1 and len(word) > 3 and not word.isdigit()
    ]


def shared_word_rows(phrases: Sequence[Phrase]) -> list[dict]:
    """Out-of-scope rows made of one word that several intents use ("papeles", "city"): asked
    alone, it names none of them. One row per such term and language, with the word that
    language's paraphrases use for it most."""
    users: dict[str, set[str]] = {}  # term -> intents whose paraphrases use it
    words: dict[tuple[str, str], Counter[str]] = {}  # (term, language) -> its words, by use
    for phrase in phrases:
        for word in content_words(phrase.text, phrase.lang):
            term = stem(word, phrase.lang)
            users.setdefault(term, set()).add(phrase.intent)
            words.setdefault((term, phrase.lang), Counter())[word] += 1
    return [
        _row(Phrase("", lang, counts.most_common(1)[0][0]), None)
        for (term, lang), counts in sorted(words.items())
        if len(users[term]) > 1 and not term.isdigit()
    ]


def _row(phrase: Phrase, intent: str | None) -> dict:
    """A labelled row asking a paraphrase, with its language as the user's known language."""
    return {"q": phrase.text, "intent": intent, "prior_lang": phrase.lang}


def samples(
    index: MatchIndex, rows: Iterable[Mapping], calibration: Calibration = CALIBRATION
) -> list[Sample]:
    """Confidence-model inputs for each row's best candidate (rows without one are skipped)."""
    found = []
    for row in rows:
        ranked = index.evidence(row["q"], row.get("prior_lang"))
        if ranked:
            ranks = [calibration.rank(e) for _, e in ranked]
            lead = ranks[0] - (ranks[1] if len(ranks) > 1 else 0.0)
            found.append(Sample(ranked[0][1].features(lead), row.get("intent") == ranked[0][0]))
    return found


def fit_logistic(
    data: Sequence[Sample], l2: float = 1e-3, steps: int = 2000, rate: float = 0.5
) -> tuple[float, tuple[float, ...]]:
    """Class-balanced, L2-regularised logistic regression by gradient descent: (bias, weights)."""
    positives = sum(s.right for s in data) or 1
    negatives = (len(data) - positives) or 1
    weight = {True: len(data) / (2 * positives), False: len(data) / (2 * negatives)}
    size = len(data[0].features)
    bias, coefficients = 0.0, [0.0] * size
    for _ in range(steps):
        grad_bias, grad = 0.0, [0.0] * size
        for sample in data:
            z = bias + sum(c * x for c, x in zip(coefficients, sample.features, strict=True))
            error = (1.0 / (1.0 + math.exp(-z)) - sample.right) * weight[sample.right]
            grad_bias += error
            for k, x in enumerate(sample.features):
                grad[k] += error * x
        bias -= rate * grad_bias / len(data)
        for k in range(size):
            coefficients[k] -= rate * (grad[k] / len(data) + l2 * coefficients[k])
    return bias, tuple(coefficients)


def observe(index: MatchIndex, rows: Iterable[Mapping]) -> list[Observation]:
    """Match each row and keep what the thresholds act on."""
    observations = []
    for row in rows:
        match = index.match(row["q"], row.get("prior_lang"))
        expected = row.get("intent")
        ranked = [slug for slug, _ in match.candidates]
        best = match.intent or (ranked[0] if ranked else None)
        observations.append(
            Observation(
                match.score,
                expected is not None and best == expected,
                expected is not None,
                expected is not None and expected in ranked[:3],
            )
        )
    return observations


def sweep(observations: Sequence[Observation], steps: int = 100) -> list[SweepPoint]:
    """Accuracy and out-of-scope refusal for answer thresholds 0, 1/steps, ..., 1."""
    in_scope = [o for o in observations if o.in_scope]
    out = [o for o in observations if not o.in_scope]
    points = []
    for step in range(steps + 1):
        threshold = step / steps
        right = sum(o.right and o.confidence >= threshold for o in in_scope)
        refused = sum(o.confidence < threshold for o in out)
        points.append(
            SweepPoint(
                threshold,
                right / len(in_scope) if in_scope else 1.0,
                refused / len(out) if out else 1.0,
            )
        )
    return points


def choose_answer_threshold(
    sweeps: Sequence[Sequence[SweepPoint]], min_accuracy: float, min_refusal: float
) -> float:
    """The threshold leaving the widest margin over both goals on every set (one sweep per
    labelled set, same grid): the largest smallest margin of accuracy over `min_accuracy` and
    refusal over `min_refusal`; ties go to the higher threshold, which guesses less."""

    def margin(n: int) -> float:
        """The smallest margin over the goals, across sets, at grid point n."""
        return min(min(s[n].accuracy - min_accuracy, s[n].refusal - min_refusal) for s in sweeps)

    best = max(range(len(sweeps[0])), key=lambda n: (round(margin(n), 9), n))
    return sweeps[0][best].threshold


def choose_suggest_threshold(
    observations: Sequence[Observation], answer: float, min_hit_rate: float = 0.5, window: int = 40
) -> float:
    """The lowest confidence below `answer` where "did you mean" still mostly helps: of the
    `window` questions nearest that confidence (in scope or not), at least `min_hit_rate` would
    be offered their intent among the first three."""
    below = sorted((o for o in observations if o.confidence < answer), key=lambda o: -o.confidence)
    threshold = answer
    for start in range(max(len(below) - window + 1, 1)):
        band = below[start : start + window]
        if sum(o.in_top3 for o in band) / len(band) < min_hit_rate:
            break
        threshold = band[-1].confidence
    return round(threshold, 2)


def tune(
    phrases: Sequence[Phrase],
    programs: Sequence[ProgramAliases],
    program_intents: Mapping[str, str],
    out_of_scope: Sequence[Mapping],
    labelled: Sequence[Sequence[Mapping]],
    min_accuracy: float = 0.95,
    min_refusal: float = 0.9,
    base: Calibration = CALIBRATION,
) -> Tuning:
    """Fit the confidence model on content splits and `out_of_scope`; choose the answer threshold
    with the widest margin over the accuracy and refusal goals on `out_of_scope` and each
    `labelled` set, and the suggest threshold on held-out paraphrases plus `out_of_scope`."""
    data: list[Sample] = []
    for train, rows in content_splits(phrases):
        data.extend(samples(MatchIndex.build(train, programs, program_intents, base), rows, base))
    full = MatchIndex.build(phrases, programs, program_intents, base)
    data.extend(samples(full, out_of_scope, base) * OUT_OF_SCOPE_WEIGHT)
    data.extend(samples(full, incidental_word_rows(phrases), base))
    data.extend(samples(full, shared_word_rows(phrases), base))
    bias, coefficients = fit_logistic(data)
    fitted = dataclasses.replace(base, bias=round(bias, 3), coefficients=_rounded(coefficients))
    full = MatchIndex.build(phrases, programs, program_intents, fitted)
    sweeps = [sweep(observe(full, rows)) for rows in labelled]
    own = observe(full, out_of_scope)
    answer = choose_answer_threshold([*sweeps, sweep(own)], min_accuracy, min_refusal)
    for train, rows in content_splits(phrases, leave_intents_out=False):
        own.extend(observe(MatchIndex.build(train, programs, program_intents, fitted), rows))
    suggest = choose_suggest_threshold(own, answer)
    return Tuning(dataclasses.replace(fitted, answer=answer, suggest=suggest), sweeps)


def _rounded(values: Iterable[float]) -> tuple[float, ...]:
    """Values rounded for pasting into calibration.py."""
    return tuple(round(v, 3) for v in values)
