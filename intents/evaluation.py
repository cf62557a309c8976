"""Measuring an index against labelled questions: accuracy, refusals, reply language, programs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from intents.index import MatchIndex
from intents.model import Decision


@dataclass(frozen=True)
class Miss:
    """A labelled question the index got wrong."""

    question: str
    expected: str | None
    got: str | None
    decision: Decision
    score: float
    reason: str  # "intent", "refusal", "language" or "program"


@dataclass(frozen=True)
class EvalReport:
    """Counts and rates from one evaluation run."""

    in_scope: int
    correct: int
    in_scope_by_lang: dict[str, int]
    correct_by_lang: dict[str, int]
    out_of_scope: int
    refused: int
    lang_correct: int
    program_rows: int
    program_correct: int
    total: int
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Top-1 accuracy on in-scope questions (only an ANSWER of the right intent counts)."""
        return _rate(self.correct, self.in_scope)

    def accuracy_for(self, lang: str) -> float:
        """In-scope top-1 accuracy for questions labelled with one language."""
        return _rate(self.correct_by_lang.get(lang, 0), self.in_scope_by_lang.get(lang, 0))

    @property
    def refusal_rate(self) -> float:
        """Share of out-of-scope questions not answered (SUGGEST or FALLBACK)."""
        return _rate(self.refused, self.out_of_scope)

    @property
    def language_accuracy(self) -> float:
        """Share of all questions whose reply language matches the label."""
        return _rate(self.lang_correct, self.total)

    @property
    def program_accuracy(self) -> float:
        """Share of in-scope questions whose recognised program matches the label."""
        return _rate(self.program_correct, self.program_rows)

    def passed(self, min_accuracy: float) -> bool:
        """Whether in-scope accuracy (overall and per language) reaches `min_accuracy`."""
        langs = [lang for lang, n in self.in_scope_by_lang.items() if n]
        return self.accuracy >= min_accuracy and all(
            self.accuracy_for(lang) >= min_accuracy for lang in langs
        )

    def format(self) -> str:
        """A human-readable summary followed by every miss."""
        lines = [
            f"in-scope accuracy  {self.accuracy:6.1%}  ({self.correct}/{self.in_scope})",
            *(
                f"  {lang:<16} {self.accuracy_for(lang):6.1%}  "
                f"({self.correct_by_lang.get(lang, 0)}/{n})"
                for lang, n in sorted(self.in_scope_by_lang.items())
            ),
            f"out-of-scope refused {self.refusal_rate:6.1%}  ({self.refused}/{self.out_of_scope})",
            f"reply language     {self.language_accuracy:6.1%}  ({self.lang_correct}/{self.total})",
            f"program            {self.program_accuracy:6.1%}  "
            f"({self.program_correct}/{self.program_rows})",
        ]
        if self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            lines.extend(
                f"  [{m.reason}] {m.question!r}: expected {m.expected}, "
                f"got {m.got} ({m.decision}, {m.score:.2f})"
                for m in self.misses
            )
        return "\n".join(lines)


def _rate(part: int, whole: int) -> float:
    """part / whole, with an empty whole counting as perfect."""
    return part / whole if whole else 1.0


def evaluate(index: MatchIndex, rows: Iterable[Mapping]) -> EvalReport:
    """Match every labelled row (q, intent or None, program, lang; optional prior_lang)."""
    in_scope = correct = out_of_scope = refused = lang_ok = program_rows = program_ok = total = 0
    in_by_lang: dict[str, int] = {}
    ok_by_lang: dict[str, int] = {}
    misses: list[Miss] = []
    for row in rows:
        total += 1
        question, expected, lang = row["q"], row.get("intent"), row.get("lang")
        match = index.match(question, row.get("prior_lang"))
        if match.lang == lang:
            lang_ok += 1
        else:
            misses.append(Miss(question, lang, match.lang, match.decision, match.score, "language"))
        if expected is None:
            out_of_scope += 1
            if match.decision is not Decision.ANSWER:
                refused += 1
            else:
                misses.append(
                    Miss(question, None, match.intent, match.decision, match.score, "refusal")
                )
            continue
        in_scope += 1
        in_by_lang[lang] = in_by_lang.get(lang, 0) + 1
        if match.decision is Decision.ANSWER and match.intent == expected:
            correct += 1
            ok_by_lang[lang] = ok_by_lang.get(lang, 0) + 1
        else:
            got = match.intent or (match.candidates[0][0] if match.candidates else None)
            misses.append(Miss(question, expected, got, match.decision, match.score, "intent"))
        program_rows += 1
        if match.program == row.get("program"):
            program_ok += 1
        else:
            misses.append(
                Miss(
                    question,
                    row.get("program"),
                    match.program,
                    match.decision,
                    match.score,
                    "program",
                )
            )
    return EvalReport(
        in_scope,
        correct,
        in_by_lang,
        ok_by_lang,
        out_of_scope,
        refused,
        lang_ok,
        program_rows,
        program_ok,
        total,
        misses,
    )
