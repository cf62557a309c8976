"""EvalReport: what counts as right, refused, and how it is reported."""

from __future__ import annotations

import dataclasses

import pytest

from intents import Decision, MatchIndex, Phrase, ProgramAliases, evaluate
from intents.calibration import CALIBRATION
from intents.evaluation import LabelledRow, interval, row_problems

INDEX_PHRASES = (
    Phrase("ice-at-door", "en", "ICE is at my door, do I have to open?"),
    Phrase("ice-at-door", "es", "la migra esta en mi puerta, tengo que abrir?"),
    Phrase("tps-status", "en", "is tps still valid"),
    Phrase("tps-status", "es", "sigue el tps"),
)
INDEX = MatchIndex.build(
    INDEX_PHRASES,
    [ProgramAliases("tps-haiti", "tps", ("Haiti", "haitian"))],
    {"tps": "tps-status"},
)


def test_counts_rates_and_misses() -> None:
    rows: list[LabelledRow] = [
        {"q": "ice at my door", "intent": "ice-at-door", "program": None, "lang": "en"},
        {"q": "la migra en mi puerta", "intent": "ice-at-door", "program": None, "lang": "es"},
        {"q": "haitian tps", "intent": "tps-status", "program": "tps-haiti", "lang": "en"},
        {"q": "ice at my door", "intent": "tps-status", "program": None, "lang": "en"},
        {"q": "best tacos downtown", "intent": None, "program": None, "lang": "en"},
        {"q": "la migra en la puerta", "intent": None, "program": None, "lang": "es"},
    ]
    report = evaluate(INDEX, rows)
    assert (report.in_scope, report.correct, report.out_of_scope, report.safe) == (4, 3, 2, 1)
    assert report.accuracy == 0.75
    assert report.accuracy_for("es") == 1.0
    assert report.safe_rate == 0.5
    # Two confident answers outside the labels: one in scope, one out of scope; over all 6 rows.
    assert report.confident_wrong == 2
    assert report.confident_wrong_rate == 2 / 6
    assert report.program_accuracy == 1.0
    assert report.language_accuracy == 1.0
    reasons = sorted(m.reason for m in report.misses)
    assert reasons == ["wrong", "wrong"]
    refusal = next(m for m in report.misses if m.expected is None)
    assert (refusal.question, refusal.got, refusal.decision) == (
        "la migra en la puerta",
        "ice-at-door",
        Decision.ANSWER,
    )
    # passed() needs the floor overall (75%) and in each language (English: 2 of 3).
    assert report.passed(0.6)
    assert not report.passed(0.7)
    assert not report.passed(0.6, max_confident_wrong=0.3)
    text = report.format()
    assert "right (in scope)    75.0%  (3/4; 95% interval 30.1%–95.4%)" in text
    assert "'la migra en la puerta'" in text
    assert "confident wrong     33.3%  (2/6 of all questions; 95% interval 9.7%–70.0%)" in text
    assert "out of scope safe   50.0%  (1/2; 95% interval 9.5%–90.5%)" in text
    # The figures alone, for held-out sets: no question people asked appears.
    figures = report.summary()
    assert text.startswith(figures) and "confident wrong     33.3%" in figures
    assert not any(row["q"] in figures for row in rows)
    # Nor in the report's repr, which pytest prints for the arguments of a failing assertion.
    assert report.misses and not any(row["q"] in repr(report) for row in rows)


def test_a_rate_comes_with_the_range_its_sample_allows() -> None:
    # Wilson score intervals, each worked out by hand from the formula: the fewer the questions,
    # the wider the range; none reaches outside 0..1.
    assert interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    assert interval(3, 4) == pytest.approx((0.3006, 0.9544), abs=1e-4)
    assert interval(76, 113) == pytest.approx((0.5816, 0.7522), abs=1e-4)
    assert interval(0, 0) == (0.0, 1.0)


def test_accept_and_proposed_widen_the_right_answers() -> None:
    door: LabelledRow = {"q": "ice at my door", "lang": "en"}
    rows: list[LabelledRow] = [
        door | {"intent": "tps-status", "accept": ["ice-at-door"]},
        # A proposed intent the content has counts as right; one it lacks does not.
        door | {"intent": None, "kind": "near-domain", "proposed": "ice-at-door"},
        door | {"intent": None, "kind": "near-domain", "proposed": "warrants"},
    ]
    report = evaluate(INDEX, rows)
    assert (report.in_scope, report.correct, report.out_of_scope, report.safe) == (2, 2, 1, 0)
    assert report.confident_wrong == 1


def test_accept_on_a_question_out_of_scope_marks_harmless_answers_not_right_ones() -> None:
    # A near-domain question stays out of scope: refusing it is safe, an accepted answer is
    # harmless, and any other confident answer is wrong.
    door: LabelledRow = {"q": "ice at my door", "lang": "en", "intent": None}
    rows: list[LabelledRow] = [
        door | {"kind": "near-domain", "accept": ["ice-at-door"]},
        door | {"kind": "out-of-scope", "accept": ["tps-status"]},
    ]
    report = evaluate(INDEX, rows)
    assert (report.in_scope, report.out_of_scope, report.safe) == (0, 2, 1)
    assert report.confident_wrong == 1


def test_legal_help_is_safe_only_for_near_domain_questions() -> None:
    index = MatchIndex.build(
        [
            Phrase("legal-help", "en", "where do i find an immigration lawyer"),
            Phrase("legal-help", "es", "donde encuentro un abogado de inmigracion"),
            *INDEX_PHRASES,
        ]
    )
    asked: LabelledRow = {"q": "i need an immigration lawyer", "intent": None, "lang": "en"}
    assert index.match(asked["q"]).intent == "legal-help"
    near = evaluate(index, [asked | {"kind": "near-domain"}])
    out = evaluate(index, [asked | {"kind": "out-of-scope"}])
    assert (near.safe, near.confident_wrong) == (1, 0)
    assert (out.safe, out.confident_wrong) == (0, 1)


def test_did_you_mean_is_safe_and_reported() -> None:
    # Thresholds that never answer and always offer: every question gets "did you mean".
    cautious = dataclasses.replace(CALIBRATION, answer=1.01, suggest=0.0, offer_floor=0.0)
    index = MatchIndex.build(INDEX_PHRASES, calibration=cautious)
    rows: list[LabelledRow] = [
        {"q": "ice at my door", "intent": "ice-at-door", "lang": "en"},
        {"q": "ice at my door", "intent": "schools", "lang": "en"},
    ]
    report = evaluate(index, rows)
    assert (report.correct, report.confident_wrong, report.declined) == (0, 0, 2)
    assert (report.suggested, report.suggested_right, report.suggested_first) == (2, 1, 1)
    assert "did you mean right  50.0%  (1/2" in report.format()
    assert "offered first     50.0%  (1/2)" in report.format()


def test_a_suggestion_is_safe_but_not_accurate() -> None:
    question = "tps"  # too little to answer confidently when nothing but the word is asked
    match = INDEX.match(question)
    report = evaluate(INDEX, [{"q": question, "intent": "tps-status", "lang": match.lang}])
    assert report.correct == (1 if match.decision is Decision.ANSWER else 0)


def test_language_and_program_misses_are_listed() -> None:
    rows: list[LabelledRow] = [
        {"q": "haitian tps", "intent": "tps-status", "program": None, "lang": "es"}
    ]
    report = evaluate(INDEX, rows)
    assert report.language_accuracy == 0.0
    assert report.program_accuracy == 0.0
    assert sorted(m.reason for m in report.misses) == ["language", "program"]


def test_a_line_with_no_label_or_not_an_object_is_no_labelled_row() -> None:
    intents, langs = INDEX.intents, ("en", "es")

    assert row_problems({"q": "is tps still valid", "lang": "en"}, intents, langs) == [
        "no label: give intent (a slug or null) or kind"
    ]
    assert row_problems(["is tps still valid"], intents, langs) == ["not a JSON object"]
    assert row_problems({"q": "sigue el tps", "lang": "es", "intent": None}, intents, langs) == []
    near = {"q": "my asylum case", "lang": "en", "kind": "near-domain", "accept": ["tps-x"]}
    assert row_problems(near, intents, langs) == ["'tps-x' is not an intent of the content"]
