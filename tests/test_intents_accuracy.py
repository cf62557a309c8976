"""Accuracy on the labelled sets, against the shipped content: floors that must not regress."""

from __future__ import annotations

import pytest

from intents import EvalReport, MatchIndex, evaluate
from tests.test_intents_seed import PROGRAM_INTENTS, load_phrases, load_programs, load_rows

SETS = ("dev-questions", "eval-questions")
# What the engine reaches today with the shipped content (see docs/matching.md); raise them as
# content and matching improve, never lower them to make a change pass.
FLOOR_ACCURACY = 0.90
FLOOR_REFUSAL = 0.90
FLOOR_LANGUAGE = 0.98
# The product's goals. Not reached yet: the misses are mostly questions about places and topics
# no paraphrase mentions (libraries, clinics, rec centers for city-services; see the docs).
GOAL_ACCURACY = 0.95


@pytest.fixture(scope="module")
def reports() -> dict[str, EvalReport]:
    index = MatchIndex.build(load_phrases(), load_programs(), PROGRAM_INTENTS)
    return {name: evaluate(index, load_rows(name)) for name in SETS}


@pytest.mark.parametrize("name", SETS)
def test_in_scope_questions_are_answered_right(reports: dict[str, EvalReport], name: str) -> None:
    report = reports[name]
    assert report.passed(FLOOR_ACCURACY), report.format()


@pytest.mark.parametrize("name", SETS)
def test_out_of_scope_questions_are_refused(reports: dict[str, EvalReport], name: str) -> None:
    report = reports[name]
    assert report.out_of_scope > 0
    assert report.refusal_rate >= FLOOR_REFUSAL, report.format()


@pytest.mark.parametrize("name", SETS)
def test_replies_are_in_the_questions_language(reports: dict[str, EvalReport], name: str) -> None:
    report = reports[name]
    assert report.language_accuracy >= FLOOR_LANGUAGE, report.format()


@pytest.mark.xfail(strict=True, reason="goal not reached yet: content gaps, see docs/matching.md")
@pytest.mark.parametrize("name", SETS)
def test_goal_accuracy(reports: dict[str, EvalReport], name: str) -> None:
    assert reports[name].passed(GOAL_ACCURACY)
