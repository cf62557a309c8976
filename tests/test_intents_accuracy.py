"""Accuracy on the labelled sets, against the shipped content: the product's goals.

Goals are asserted only where the figure is honest: on sets nothing was tuned on. `eval-questions`
(our own, written without sight of the content) and `real-test` (the held-out half of questions
real people asked; scored once, at the end) are held out. `dev-questions` and `real-dev` chose the
thresholds (intents.tuning), so on them the test only guards against regressions: the floors below
sit under today's figures and are not goals. Never lower a goal to make a change pass.
"""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from intents import EvalReport, MatchIndex, evaluate
from intents.declined import DECLINED_PHRASES
from intents.text import fold
from intents.tuning import Goals
from tests.seedkit import DATA, PROGRAM_INTENTS, load_phrases, load_programs, load_rows

GOAL_LANGUAGE = 0.98
HELD_OUT = {
    # Our own eval set: in-scope right in each language, out-of-scope refused. The issue sets no
    # confident-wrong goal here (it was 2.9% before issue 7): a ceiling keeps it from growing.
    "eval-questions": Goals(accuracy=0.95, safe=0.90, wrong=0.04),
    # Questions people really asked (issue 7): in-scope right overall, near-domain and
    # out-of-scope handled safely, confident wrong answers at most 3% of all questions.
    "real-test": Goals(accuracy=0.85, safe=0.90, wrong=0.03),
}
TUNED_ON = {
    "dev-questions": Goals(accuracy=0.95, safe=0.90, wrong=0.03),
    "real-dev": Goals(accuracy=0.65, safe=0.90, wrong=0.07),  # a regression floor, not the goal
}
PER_LANGUAGE = {"eval-questions", "dev-questions"}  # sets with enough rows in each language
# Labelled questions whose nearest paraphrase is close in letters but asks something else.
KNOWN_LOOKALIKES = {"can ice come into my job without a warrant", "subscribe"}
# A real question that a paraphrase of the first content pack (commit dd540b7, written before any
# real question was gathered) happens to match: a coincidence, not a copy.
INDEPENDENT_TWINS = {fold('¿Quién es Tom Homan, el "zar de la frontera"?')}


def _present(names: dict[str, Goals]) -> list[str]:
    """The sets whose file exists."""
    return [name for name in names if (DATA / f"{name}.jsonl").exists()]


SETS = {**HELD_OUT, **TUNED_ON}


@pytest.fixture(scope="module")
def reports() -> dict[str, EvalReport]:
    index = MatchIndex.build(load_phrases(), load_programs(), PROGRAM_INTENTS)
    return {name: evaluate(index, load_rows(name)) for name in _present(SETS)}


def _check(report: EvalReport, name: str) -> None:
    """Assert a set's goals (or floors), with the full report on failure."""
    goals = SETS[name]
    text = report.format()
    assert report.in_scope > 0 and report.out_of_scope > 0, text
    if name in PER_LANGUAGE:
        assert report.passed(goals.accuracy), text
    else:
        assert report.accuracy >= goals.accuracy, text
    assert report.confident_wrong_rate <= goals.wrong, text
    assert report.safe_rate >= goals.safe, text
    assert report.language_accuracy >= GOAL_LANGUAGE, text


# Scored once, on Nov 30 2026: 64.4% right, 13.5% confident wrong, 84.8% safe, 100% language.
# The goals are not met yet; strict, so this turns red the day they are and the marker comes off.
NOT_YET_MET = pytest.mark.xfail(
    strict=True, reason="issue 7's real-question goals are not met yet (see README)"
)


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=NOT_YET_MET) if n == "real-test" else n for n in HELD_OUT],
)
def test_held_out_sets_reach_the_goals(reports: dict[str, EvalReport], name: str) -> None:
    _check(reports[name], name)


@pytest.mark.parametrize("name", list(TUNED_ON))
def test_tuned_on_sets_do_not_regress(reports: dict[str, EvalReport], name: str) -> None:
    _check(reports[name], name)


def test_no_paraphrase_copies_a_labelled_question() -> None:
    """Content must generalise: a paraphrase (or declined topic) almost identical to a labelled
    question would make that question's score say nothing."""
    phrases = [fold(p.text) for p in (*load_phrases(), *DECLINED_PHRASES)]
    copies = []
    for name in _present(SETS):
        for row in load_rows(name):
            question = fold(row["q"])
            _, score, _ = process.extractOne(question, phrases, scorer=fuzz.ratio)
            if score >= 90 and question not in KNOWN_LOOKALIKES | INDEPENDENT_TWINS:
                copies.append((name, row["q"]))
    assert copies == []
