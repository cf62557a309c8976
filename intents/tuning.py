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
import functools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from intents.calibration import CALIBRATION, Calibration, relative_lead
from intents.declined import is_declined
from intents.evaluation import LabelledRow, is_safe_answer, right_answers
from intents.index import MatchIndex
from intents.model import Decision, Phrase, ProgramAliases
from intents.text import content_words, stem

FOLDS = 5
OUT_OF_SCOPE_WEIGHT = 6  # hand-written refusals are few; count each several times when fitting
LABELLED_WEIGHT = 8  # so are real questions, the kind the model must be calibrated for


@dataclass(frozen=True)
class Sample:
    """The best candidate's confidence features for one labelled question, and if it is right."""

    features: tuple[float, ...]
    right: bool


@dataclass(frozen=True)
class Observation:
    """One labelled question's confidence and outcome, whatever the thresholds."""

    confidence: float
    right: bool  # in scope and the best candidate is a right answer
    in_scope: bool
    in_top3: bool  # in scope and a right answer is among the first three candidates
    gap: float = 1.0  # the best candidate's relative lead over the runner-up (calibration)
    answerable: bool = True  # not refused whatever the thresholds (a declined topic, one word)
    safe: bool = False  # out of scope, but answering the best candidate would be safe
    story: bool = False  # a long message with a story around its question


@dataclass(frozen=True)
class SweepPoint:
    """Outcomes if answering needed `threshold` and a lead of `margin` over the runner-up."""

    threshold: float
    accuracy: float  # in-scope questions answered right
    refusal: float  # out-of-scope questions handled safely
    wrong: float = 0.0  # all questions answered with a wrong intent
    margin: float = 0.0
    story: float = 0.0  # confidence a message with a story needs (if above `threshold`)


@dataclass(frozen=True)
class Goals:
    """What the thresholds must reach on one labelled set."""

    accuracy: float
    safe: float = 0.9
    wrong: float = 0.03


# A confident wrong answer is the worst outcome: in the margin a threshold leaves over the goals,
# one point of confident-wrong rate counts as much as this many points of accuracy or refusal.
# 4, not the 2 of before Dec 1 2026: a question not answered is now offered as "did you mean"
# with the right topic among the buttons about four times in five, so a right answer lost costs
# a tap, while a wrong one can cost a person their safety.
WRONG_WEIGHT = 4.0
# Held-out paraphrases (each asked of an index without it) are questions in our own words: the
# thresholds must keep answering most of them, or they serve only the sets they were chosen on.
HELD_OUT_GOALS = Goals(accuracy=0.8, safe=0.0, wrong=1.0)
CLOSE_MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4)
STORY_THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class Tuning:
    """A fitted calibration and the sweeps (one per labelled set) it was chosen from."""

    calibration: Calibration
    sweeps: list[list[SweepPoint]]

    def format(self) -> str:
        """The fitted values and the accuracy/refusal/wrong trade-off, for docs and review."""
        cal = self.calibration
        coefficients = ", ".join(f"{c:.3f}" for c in cal.coefficients)
        lines = [
            f"bias={cal.bias:.3f} coefficients=({coefficients})",
            f"answer={cal.answer:.2f} close={cal.close:.2f} story={cal.story_answer:.2f} "
            f"suggest={cal.suggest:.2f}",
            f"at close={cal.close:.2f}, story={cal.story_answer:.2f}:",
            "threshold" + "  right   safe  wrong" * len(self.sweeps),
        ]
        for n in range(5, 91, 5):
            points = [_at(s, n / 100, cal.close, cal.story_answer) for s in self.sweeps]
            cells = "".join(f"  {p.accuracy:5.1%} {p.refusal:6.1%} {p.wrong:5.1%}" for p in points)
            lines.append(f"{n / 100:9.2f}{cells}")
        return "\n".join(lines)


def _at(points: Sequence[SweepPoint], threshold: float, margin: float, story: float) -> SweepPoint:
    """The sweep point nearest (threshold, margin, story)."""
    return min(
        points,
        key=lambda p: abs(p.threshold - threshold) + abs(p.margin - margin) + abs(p.story - story),
    )


def content_splits(
    phrases: Sequence[Phrase], folds: int = FOLDS, leave_intents_out: bool = True
) -> Iterator[tuple[list[Phrase], list[LabelledRow]]]:
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


def incidental_word_rows(phrases: Sequence[Phrase]) -> list[LabelledRow]:
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


def shared_word_rows(phrases: Sequence[Phrase]) -> list[LabelledRow]:
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


def _row(phrase: Phrase, intent: str | None) -> LabelledRow:
    """A labelled row asking a paraphrase, with its language as the user's known language."""
    return {"q": phrase.text, "lang": phrase.lang, "intent": intent, "prior_lang": phrase.lang}


def samples(
    index: MatchIndex, rows: Iterable[LabelledRow], calibration: Calibration = CALIBRATION
) -> list[Sample]:
    """Confidence-model inputs for each row's best candidate (rows without one, or whose best
    match is a declined topic, are refused whatever the model says, and are skipped)."""
    found = []
    for row in rows:
        ranked = index.evidence(row["q"], row.get("prior_lang"))
        if ranked and not is_declined(ranked[0][0]):
            ranks = [calibration.rank(e) for _, e in ranked]
            lead = ranks[0] - (ranks[1] if len(ranks) > 1 else 0.0)
            right = ranked[0][0] in right_answers(row, index.intents)
            found.append(Sample(ranked[0][1].features(lead), right))
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


def observe(index: MatchIndex, rows: Iterable[LabelledRow]) -> list[Observation]:
    """Match each row and keep what the thresholds act on (the index should answer whenever it
    can: build it with `answer=0` and `close=0`)."""
    observations = []
    for row in rows:
        match = index.match(row["q"], row.get("prior_lang"))
        right = right_answers(row, index.intents)
        ranked = [slug for slug, _ in match.candidates]
        best = match.intent or (ranked[0] if ranked else None)
        scores = [score for _, score in match.candidates]
        observations.append(
            Observation(
                match.score,
                best in right,
                bool(right),
                bool(right & set(ranked[:3])),
                relative_lead(scores[0], scores[1] if len(scores) > 1 else 0.0) if scores else 0.0,
                match.decision is Decision.ANSWER,
                not right and match.intent is not None and is_safe_answer(row, match),
                index.has_story(row["q"], row.get("prior_lang")),
            )
        )
    return observations


def sweep(
    observations: Sequence[Observation],
    steps: int = 100,
    margins: Sequence[float] = (0.0,),
    stories: Sequence[float] = (0.0,),
) -> list[SweepPoint]:
    """Outcomes for answer thresholds 0, 1/steps, ..., 1, at each close margin and each
    threshold for messages with a story."""
    in_scope = sum(o.in_scope for o in observations)
    out = len(observations) - in_scope
    points = []
    for margin in margins:
        for story in stories:
            for step in range(steps + 1):
                threshold = step / steps
                right = refused = wrong = 0
                for o in observations:
                    needed = max(threshold, story) if o.story else threshold
                    answered = o.answerable and o.confidence >= needed and o.gap >= margin
                    right += o.in_scope and o.right and answered
                    refused += not o.in_scope and (o.safe or not answered)
                    wrong += answered and not o.right and not o.safe
                points.append(
                    SweepPoint(
                        threshold,
                        right / in_scope if in_scope else 1.0,
                        refused / out if out else 1.0,
                        wrong / len(observations) if observations else 0.0,
                        margin,
                        story,
                    )
                )
    return points


def choose_answer_threshold(
    sweeps: Sequence[Sequence[SweepPoint]], goals: Sequence[Goals]
) -> tuple[float, float, float]:
    """(threshold, close margin, story threshold) on the sweeps' common grid (one sweep per
    labelled set): the smallest total shortfall under every goal of every set, then the widest
    smallest margin over them. The margins are accuracy and refusal over their goals and the
    confident-wrong rate under its goal (weighted by WRONG_WEIGHT). Ties go to the higher
    threshold, margin and story threshold, which guess less."""

    def margins(n: int) -> list[float]:
        """Every set's margin over each of its goals at grid point n."""
        return [
            margin
            for s, g in zip(sweeps, goals, strict=True)
            for margin in (
                s[n].accuracy - g.accuracy,
                s[n].refusal - g.safe,
                WRONG_WEIGHT * (g.wrong - s[n].wrong),
            )
        ]

    def key(n: int) -> tuple[float, ...]:
        """Less shortfall, then a wider smallest margin, then guessing less."""
        found = margins(n)
        shortfall = sum(min(m, 0.0) for m in found)
        point = sweeps[0][n]
        return (
            round(shortfall, 9),
            round(min(found), 9),
            point.threshold,
            point.margin,
            point.story,
        )

    best = sweeps[0][max(range(len(sweeps[0])), key=key)]
    return best.threshold, best.margin, best.story


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
    out_of_scope: Sequence[LabelledRow],
    labelled: Sequence[tuple[Sequence[LabelledRow], Goals]],
    base: Calibration = CALIBRATION,
) -> Tuning:
    """Fit the confidence model on content splits, `out_of_scope` and the `labelled` rows; choose
    the answer threshold and close margin with the widest margin over each labelled set's goals
    (and the refusal goal on `out_of_scope`), and the suggest threshold on held-out paraphrases
    plus `out_of_scope`. Never pass a held-out test set here."""
    data: list[Sample] = []
    for train, rows in content_splits(phrases):
        data.extend(samples(MatchIndex.build(train, programs, program_intents, base), rows, base))
    full = MatchIndex.build(phrases, programs, program_intents, base)
    data.extend(samples(full, out_of_scope, base) * OUT_OF_SCOPE_WEIGHT)
    data.extend(samples(full, incidental_word_rows(phrases), base))
    data.extend(samples(full, shared_word_rows(phrases), base))
    for labelled_rows, _ in labelled:
        data.extend(samples(full, labelled_rows, base) * LABELLED_WEIGHT)
    bias, coefficients = fit_logistic(data)
    fitted = dataclasses.replace(base, bias=round(bias, 3), coefficients=_rounded(coefficients))
    eager = dataclasses.replace(fitted, answer=0.0, close=0.0, story_answer=0.0)
    full = MatchIndex.build(phrases, programs, program_intents, eager)
    grid = functools.partial(sweep, margins=CLOSE_MARGINS, stories=STORY_THRESHOLDS)
    sweeps = [grid(observe(full, rows)) for rows, _ in labelled]
    own = observe(full, out_of_scope)
    held_out = [
        observation
        for train, rows in content_splits(phrases, leave_intents_out=False)
        for observation in observe(MatchIndex.build(train, programs, program_intents, eager), rows)
    ]
    answer, close, story = choose_answer_threshold(
        [*sweeps, grid(own), grid(held_out)],
        [*(goals for _, goals in labelled), Goals(0.0, 0.9, 1.0), HELD_OUT_GOALS],
    )
    # Below the offer floor nothing would be offered, so "did you mean" starts there at least.
    suggest = max(choose_suggest_threshold(own + held_out, answer), base.offer_floor)
    chosen = dataclasses.replace(
        fitted, answer=answer, close=close, story_answer=story, suggest=suggest
    )
    return Tuning(chosen, sweeps)


def _rounded(values: Iterable[float]) -> tuple[float, ...]:
    """Values rounded for pasting into calibration.py."""
    return tuple(round(v, 3) for v in values)
