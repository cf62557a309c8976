"""Tuning: the confidence model fit, the threshold sweep and how thresholds are chosen."""

from __future__ import annotations

import math

from intents import MatchIndex, Phrase
from intents.tuning import (
    Goals,
    Observation,
    Sample,
    choose_answer_threshold,
    choose_suggest_threshold,
    content_splits,
    fit_logistic,
    incidental_word_rows,
    shared_word_rows,
    sweep,
)


def _probability(bias: float, weights: tuple[float, ...], x: float) -> float:
    return 1 / (1 + math.exp(-(bias + weights[0] * x)))


def test_logistic_fit_separates_right_from_wrong() -> None:
    data = [Sample((x / 20,), x > 10) for x in range(21)]
    bias, weights = fit_logistic(data)
    assert _probability(bias, weights, 0.9) > 0.8
    assert _probability(bias, weights, 0.1) < 0.2


def test_sweep_counts_answers_refusals_and_wrong_answers_per_threshold() -> None:
    observations = [
        Observation(0.9, right=True, in_scope=True, in_top3=True),
        Observation(0.4, right=True, in_scope=True, in_top3=True),
        Observation(0.5, right=False, in_scope=False, in_top3=False),
        Observation(0.2, right=False, in_scope=False, in_top3=False),
    ]
    points = {round(p.threshold, 2): p for p in sweep(observations, steps=10)}
    assert (points[0.3].accuracy, points[0.3].refusal, points[0.3].wrong) == (1.0, 0.5, 0.25)
    assert (points[0.6].accuracy, points[0.6].refusal, points[0.6].wrong) == (0.5, 1.0, 0.0)


def test_a_safe_answer_is_no_wrong_answer_and_a_declined_question_is_never_answered() -> None:
    observations = [
        Observation(0.9, right=False, in_scope=False, in_top3=False, safe=True),
        Observation(0.9, right=False, in_scope=False, in_top3=False, answerable=False),
    ]
    [point] = [p for p in sweep(observations, steps=10) if p.threshold == 0.5]
    assert (point.refusal, point.wrong) == (1.0, 0.0)


def test_stories_and_close_calls_need_more_to_be_answered() -> None:
    story = Observation(0.45, right=False, in_scope=False, in_top3=False, story=True)
    close = Observation(0.8, right=False, in_scope=False, in_top3=False, gap=0.02)
    points = sweep([story, close], steps=10, margins=(0.0, 0.05), stories=(0.0, 0.5))
    at = {(round(p.threshold, 2), p.margin, p.story): p.wrong for p in points}
    assert at[(0.3, 0.0, 0.0)] == 1.0  # both answered
    assert at[(0.3, 0.0, 0.5)] == 0.5  # the story needs 0.5
    assert at[(0.3, 0.05, 0.5)] == 0.0  # and the close call is offered as "did you mean"


def test_the_thresholds_leave_the_widest_margin_over_the_goals() -> None:
    right = [Observation(c, right=True, in_scope=True, in_top3=True) for c in (0.9, 0.8, 0.7, 0.45)]
    out = [Observation(c, right=False, in_scope=False, in_top3=False) for c in (0.5, 0.3, 0.2, 0.1)]
    points = sweep(right + out, steps=10)
    lenient = Goals(accuracy=0.5, safe=0.5, wrong=1.0)
    # 0.4 to 0.7 each keep 25 points over both 50% goals; the highest guesses least.
    assert choose_answer_threshold([points], [lenient]) == (0.7, 0.0, 0.0)
    # Refusing everything leaves no margin anywhere; 0.8 is the highest that still meets both.
    assert choose_answer_threshold([points], [Goals(0.5, 1.0, 1.0)]) == (0.8, 0.0, 0.0)
    # Over two sets the worse one decides: a set leaking at 0.65 pulls the choice above it.
    leaky = sweep([*right, Observation(0.65, right=False, in_scope=False, in_top3=False)], 10)
    assert choose_answer_threshold([points, leaky], [lenient, lenient]) == (0.7, 0.0, 0.0)
    assert choose_answer_threshold([leaky], [Goals(0.75, 1.0, 1.0)]) == (0.7, 0.0, 0.0)
    # A confident-wrong goal weighs too: 1 wrong answer in 5 is over a 10% goal below 0.7.
    assert choose_answer_threshold([leaky], [Goals(0.5, 0.0, 0.1)])[0] >= 0.66


def test_suggestions_stop_where_they_stop_helping() -> None:
    helpful = [Observation(0.3 - n / 100, False, True, True) for n in range(10)]
    useless = [Observation(0.1 - n / 1000, False, False, False) for n in range(10)]
    threshold = choose_suggest_threshold(helpful + useless, answer=0.5, window=4)
    # The last window still half helpful ends just inside the useless ones.
    assert 0.095 < threshold <= 0.21


def test_content_splits_hold_out_paraphrases_then_whole_intents() -> None:
    phrases = [Phrase(f"intent-{i % 3}", "en", f"question {i}") for i in range(10)]
    splits = list(content_splits(phrases, folds=5))
    assert len(splits) == 5 + 3
    for train, rows in splits[:5]:
        asked = {row["q"] for row in rows}
        assert asked and not asked & {p.text for p in train}
        assert all(row["intent"] for row in rows)
    for train, rows in splits[5:]:
        assert all(row["intent"] is None for row in rows)
        left_out = {p.intent for p in phrases if p.text == rows[0]["q"]}
        assert not left_out & {p.intent for p in train}
    MatchIndex.build(splits[0][0])  # a split is a valid training set


def test_incidental_words_are_words_only_one_paraphrase_uses() -> None:
    phrases = [
        Phrase("legal-help", "en", "free lawyer near me"),
        Phrase("legal-help", "en", "free lawyer for my brother"),
        Phrase("notario-fraud", "es", "el notario es real?"),
    ]
    rows = incidental_word_rows(phrases)
    assert {row["q"] for row in rows} == {"near", "brother", "notario", "real"}
    assert all(row["intent"] is None for row in rows)
    assert next(row for row in rows if row["q"] == "real")["prior_lang"] == "es"


def test_shared_words_are_words_several_intents_use() -> None:
    phrases = [
        Phrase("legal-help", "en", "free lawyer near me"),
        Phrase("notario-fraud", "en", "is my lawyer real"),
        Phrase("notario-fraud", "es", "el abogado es falso"),
        Phrase("legal-help", "es", "abogado gratis"),
        Phrase("legal-help", "es", "abogados gratis"),
    ]
    rows = shared_word_rows(phrases)
    # "lawyer"/"abogado" are one term used by both intents; "abogado" is its most used Spanish
    # word; "free"/"gratis" belong to legal-help alone.
    assert {(row["q"], row["prior_lang"]) for row in rows} == {("lawyer", "en"), ("abogado", "es")}
    assert all(row["intent"] is None for row in rows)
