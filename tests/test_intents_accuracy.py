"""Accuracy on the labelled sets, against the shipped content: the product's goals.

Goals are asserted where the figure is honest: on the real questions listed in
`tests.seedkit.REAL_HELD_OUT` (asked by real people, never seen while the matcher changed), and on
`eval-questions` (our own, written without sight of the content; looked at when a decision rule was
chosen on Dec 1 2026, so no longer strictly held out: README). `dev-questions` and the real
questions in `tests.seedkit.REAL_TUNED` were studied and chose the thresholds (intents.tuning), so
on them the test only guards against regressions: the floors below sit under today's figures and
are not goals. The learned view trains on those real sets (they are content, db/seed/asked/), so
each is scored by a matcher that left it out of that training (`seedkit.index_without`). Never
lower a goal to make a change pass.
"""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from intents import EvalReport, evaluate
from intents.declined import DECLINED_PHRASES
from intents.text import fold
from intents.tuning import Goals
from tests.seedkit import (
    REAL_HELD_OUT,
    REAL_TUNED,
    index_without,
    load_phrases,
    load_rows,
    shipped_index,
)

GOAL_LANGUAGE = 0.98
# Issue 7's goals for questions people really asked: in-scope right overall, near-domain and
# out-of-scope handled safely, confident wrong answers at most 3% of all questions.
REAL_GOALS = Goals(accuracy=0.85, safe=0.90, wrong=0.03)
HELD_OUT = {
    # Our own eval set: in-scope right in each language, out-of-scope refused. The issue sets no
    # confident-wrong goal here (it was 2.9% before issue 7): a ceiling keeps it from growing. Not
    # truly held out since Dec 1 2026 (the firm-pick rule was chosen looking at it too).
    "eval-questions": Goals(accuracy=0.95, safe=0.90, wrong=0.04),
    **dict.fromkeys(REAL_HELD_OUT, REAL_GOALS),
}
# Regression floors, a little under the figures reached on Dec 1 2026 (docs/matching.md), each
# tuned real set scored leave-one-set-out. Since the character view's second opinion, a question
# the two views clearly disagree on is offered as "did you mean" rather than answered; since the
# learned view, one it clearly reads otherwise is too, and a "did you mean" it clearly confirms is
# answered.
TUNED_ON = {
    "dev-questions": Goals(accuracy=0.90, safe=0.90, wrong=0.03),
    # Two questions lower since the family plan became a context intent and the rights when
    # stopped gained paraphrases about being detained (docs/matching.md).
    "real-dev": Goals(accuracy=0.56, safe=0.97, wrong=0.02),
    "real-test": Goals(accuracy=0.62, safe=0.93, wrong=0.03),
    "real-holdout": Goals(accuracy=0.67, safe=0.93, wrong=0.04),
    # One question lower since the seventeenth and eighteenth gatherings joined the learned view's
    # training.
    "real-holdout2": Goals(accuracy=0.57, safe=0.95, wrong=0.04),
    "real-holdout3": Goals(accuracy=0.55, safe=0.96, wrong=0.04),
    "real-holdout4": Goals(accuracy=0.61, safe=0.92, wrong=0.04),
    "real-holdout5": Goals(accuracy=0.51, safe=0.95, wrong=0.02),
    "real-holdout6": Goals(accuracy=0.47, safe=0.96, wrong=0.03),
    "real-holdout7": Goals(accuracy=0.60, safe=0.94, wrong=0.06),
    # Lower (one and five questions) since the nineteenth gathering, 262 of whose 388 questions are
    # near-domain, joined the learned view's training: it turns more answers into "did you mean".
    "real-holdout8": Goals(accuracy=0.69, safe=0.96, wrong=0.03),
    "real-holdout9": Goals(accuracy=0.64, safe=0.93, wrong=0.04),
    # One question lower since the sixteenth gathering joined the learned view's training.
    "real-holdout10": Goals(accuracy=0.68, safe=0.94, wrong=0.04),
    "real-holdout11": Goals(accuracy=0.56, safe=0.86, wrong=0.09),
    "real-holdout12": Goals(accuracy=0.54, safe=0.87, wrong=0.09),
    "real-holdout13": Goals(accuracy=0.65, safe=0.82, wrong=0.12),
    "real-holdout14": Goals(accuracy=0.59, safe=0.92, wrong=0.05),
    "real-holdout15": Goals(accuracy=0.46, safe=0.91, wrong=0.07),
    "real-holdout16": Goals(accuracy=0.81, safe=0.93, wrong=0.06),
    # Two questions lower since the nineteenth gathering joined the learned view's training.
    "real-holdout17": Goals(accuracy=0.39, safe=0.95, wrong=0.04),
    "real-holdout18": Goals(accuracy=0.63, safe=0.95, wrong=0.04),
}
assert set(REAL_TUNED) <= set(TUNED_ON), "every tuned-on real set has a regression floor"
PER_LANGUAGE = {"eval-questions", "dev-questions"}  # sets with enough rows in each language
# Labelled questions whose nearest paraphrase is close in letters but asks something else.
KNOWN_LOOKALIKES = {"can ice come into my job without a warrant", "subscribe"}
# Real questions that a paraphrase or declined topic written before they were gathered happens to
# match (the first content pack, commit dd540b7; the declined own-case topic, Nov 30 2026, before
# the eighth gathering): a coincidence, not a copy.
INDEPENDENT_TWINS = {
    fold('¿Quién es Tom Homan, el "zar de la frontera"?'),
    fold("¿Qué es el TPS?"),
    fold("¿Cómo saber si tengo una orden de deportación?"),
    fold("What is TPS?"),
    fold("6. How do I stop the alerts?"),
    fold("Who can help me with my immigration case?"),
    fold("How do I re-register for TPS?"),  # the twenty-first gathering; a paraphrase since dd540b7
}
SETS = {**HELD_OUT, **TUNED_ON}
MEASURES = ("accuracy", "wrong", "safe", "language")
# Issue 7's goals not met yet on a held-out set (README, "How well it works"). Each is a strict
# expected failure: once it is met the test fails until its line here goes.
NOT_MET = {
    ("eval-questions", "accuracy"),  # 93.7% right in scope, against 95%
    # Scored three times: first before the nineteenth gathering joined the learned view's training
    # (41.7%, 40 of 96), then after it joined (40.6%), then with the firm answer and the two
    # views' agreement (Dec 1 2026, a new session).
    ("real-holdout19", "accuracy"),  # 41.7% right in scope (40 of 96), against 85%
    ("real-holdout19", "wrong"),  # 7.5% confident wrong (11 of 146), against 3%
    ("real-holdout19", "safe"),  # 86.0% of near-domain and out of scope safe (43 of 50), not 90%
    # Scored once, after the last matcher change.
    ("real-holdout20", "accuracy"),  # 67.3% right in scope (76 of 113), against 85%
    ("real-holdout20", "wrong"),  # 3.6% confident wrong (12 of 332), against 3%
    # Scored once (Dec 2 2026), with the matcher the twenty-first was scored with.
    ("real-holdout21", "accuracy"),  # 29.2% right in scope (7 of 24), against 85%
    ("real-holdout21", "wrong"),  # 4.5% confident wrong (4 of 88), against 3%
}
assert {name for name, _ in NOT_MET} <= set(HELD_OUT), "NOT_MET names held-out sets only"


@pytest.fixture(scope="module")
def reports() -> dict[str, EvalReport]:
    """Every listed set scored once (a tuned real set by the matcher that left it out of its
    learned view); a listed file that is missing is an error, not a skip."""
    return {
        name: evaluate(
            index_without(name) if name in REAL_TUNED else shipped_index(), load_rows(name)
        )
        for name in SETS
    }


def _meets(report: EvalReport, name: str, measure: str) -> bool:
    """Whether a set's report meets its goal (or floor) on one measure."""
    goals = SETS[name]
    if measure == "accuracy" and name in PER_LANGUAGE:
        return report.passed(goals.accuracy)
    return {
        "accuracy": report.accuracy >= goals.accuracy,
        "wrong": report.confident_wrong_rate <= goals.wrong,
        "safe": report.safe_rate >= goals.safe,
        "language": report.language_accuracy >= GOAL_LANGUAGE,
    }[measure]


def _check(report: EvalReport, name: str) -> None:
    """Assert a set's goals (or floors) on every measure, with the full report on failure."""
    assert report.in_scope > 0 and report.out_of_scope > 0, report.format()
    for measure in MEASURES:
        assert _meets(report, name, measure), f"{measure}\n{report.format()}"


def _held_out_cases() -> list[object]:
    """(set, measure) for every held-out set, goals not met yet as strict expected failures."""
    return [
        pytest.param(
            name,
            measure,
            id=f"{name}-{measure}",
            marks=[pytest.mark.xfail(strict=True, reason="issue 7's goal is not met yet")]
            if (name, measure) in NOT_MET
            else [],
        )
        for name in HELD_OUT
        for measure in MEASURES
    ]


@pytest.mark.parametrize(("name", "measure"), _held_out_cases())
def test_held_out_sets_reach_the_goals(
    reports: dict[str, EvalReport], name: str, measure: str
) -> None:
    report = reports[name]
    # Figures only: a held-out set's misses must not reach anyone tuning the matcher, and a test
    # that fails or fails as expected prints its message into every log.
    assert report.in_scope > 0 and report.out_of_scope > 0, report.summary()
    assert _meets(report, name, measure), report.summary()


@pytest.mark.parametrize("name", list(TUNED_ON))
def test_tuned_on_sets_do_not_regress(reports: dict[str, EvalReport], name: str) -> None:
    _check(reports[name], name)


def test_no_paraphrase_copies_a_labelled_question() -> None:
    """Content must generalise: a paraphrase (or declined topic) almost identical to a labelled
    question would make that question's score say nothing."""
    phrases = [fold(p.text) for p in (*load_phrases(), *DECLINED_PHRASES)]
    copies = []
    for name in SETS:
        for row in load_rows(name):
            question = fold(row["q"])
            _, score, _ = process.extractOne(question, phrases, scorer=fuzz.ratio)
            if score >= 90 and question not in KNOWN_LOOKALIKES | INDEPENDENT_TWINS:
                copies.append((name, row["q"]))
    assert copies == []
