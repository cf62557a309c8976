"""EvalReport: what counts as right, refused, and how it is reported."""

from __future__ import annotations

from intents import Decision, MatchIndex, Phrase, ProgramAliases, evaluate

INDEX = MatchIndex.build(
    [
        Phrase("ice-at-door", "en", "ICE is at my door, do I have to open?"),
        Phrase("ice-at-door", "es", "la migra esta en mi puerta, tengo que abrir?"),
        Phrase("tps-status", "en", "is tps still valid"),
        Phrase("tps-status", "es", "sigue el tps"),
    ],
    [ProgramAliases("tps-haiti", "tps", ("Haiti", "haitian"))],
    {"tps": "tps-status"},
)


def test_counts_rates_and_misses() -> None:
    rows = [
        {"q": "ice at my door", "intent": "ice-at-door", "program": None, "lang": "en"},
        {"q": "la migra en mi puerta", "intent": "ice-at-door", "program": None, "lang": "es"},
        {"q": "haitian tps", "intent": "tps-status", "program": "tps-haiti", "lang": "en"},
        {"q": "ice at my door", "intent": "tps-status", "program": None, "lang": "en"},
        {"q": "best tacos downtown", "intent": None, "program": None, "lang": "en"},
        {"q": "la migra en la puerta", "intent": None, "program": None, "lang": "es"},
    ]
    report = evaluate(INDEX, rows)
    assert (report.in_scope, report.correct, report.out_of_scope, report.refused) == (4, 3, 2, 1)
    assert report.accuracy == 0.75
    assert report.accuracy_for("es") == 1.0
    assert report.refusal_rate == 0.5
    assert report.program_accuracy == 1.0
    assert report.language_accuracy == 1.0
    reasons = sorted(m.reason for m in report.misses)
    assert reasons == ["intent", "refusal"]
    refusal = next(m for m in report.misses if m.reason == "refusal")
    assert (refusal.question, refusal.got, refusal.decision) == (
        "la migra en la puerta",
        "ice-at-door",
        Decision.ANSWER,
    )
    # passed() needs the floor overall (75%) and in each language (English: 2 of 3).
    assert report.passed(0.6)
    assert not report.passed(0.7)
    text = report.format()
    assert "in-scope accuracy" in text and "75.0%" in text and "'la migra en la puerta'" in text


def test_a_suggestion_is_safe_but_not_accurate() -> None:
    question = "tps"  # too little to answer confidently when nothing but the word is asked
    match = INDEX.match(question)
    report = evaluate(INDEX, [{"q": question, "intent": "tps-status", "lang": match.lang}])
    assert report.correct == (1 if match.decision is Decision.ANSWER else 0)


def test_language_and_program_misses_are_listed() -> None:
    rows = [{"q": "haitian tps", "intent": "tps-status", "program": None, "lang": "es"}]
    report = evaluate(INDEX, rows)
    assert report.language_accuracy == 0.0
    assert report.program_accuracy == 0.0
    assert sorted(m.reason for m in report.misses) == ["language", "program"]
