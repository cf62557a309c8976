"""Measuring an index against labelled questions: right answers, confident wrong answers,
"did you mean", refusals, reply language and programs.

A labelled row has `q`, `lang`, `intent` (or null) and optionally `accept` (other intents whose
answer is also right), `kind` (`in-scope`, `near-domain` or `out-of-scope`), `proposed` (an intent
the labeller would add; right once the content has it) and `program`. The right answers of a row
are `{intent} | accept | {proposed, if the index has it}`. A row with right answers is in scope,
unless its `kind` says near-domain or out-of-scope: then no answer is right, and its `accept`
lists answers the labeller judged harmless. For rows out of scope a refusal or a "did you mean" is
safe, and so is a confident answer in `accept` and, for a near-domain question, a confident
`legal-help` answer. Any other confident answer outside the right answers is a confident wrong
answer: the harmful error, counted over all rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Required, TypedDict

from intents.index import MatchIndex
from intents.model import Decision, Match

IN_SCOPE = "in-scope"
NEAR_DOMAIN = "near-domain"
OUT_OF_SCOPE = "out-of-scope"
KINDS = (IN_SCOPE, NEAR_DOMAIN, OUT_OF_SCOPE)
# The answer that is safe for an immigration question no intent covers: where to find a lawyer.
SAFE_NEAR_DOMAIN_ANSWER = "legal-help"
# The normal quantile of a two-sided 95% interval (1.96).
Z_95 = NormalDist().inv_cdf(0.975)


class LabelledRow(TypedDict, total=False):
    """One labelled question, as a line of the JSON sets in tests/data (see above)."""

    q: Required[str]
    lang: Required[str]
    intent: str | None
    accept: list[str]
    kind: str
    proposed: str | None
    program: str | None
    prior_lang: str | None


@dataclass(frozen=True)
class Miss:
    """A labelled question the index got wrong."""

    question: str
    expected: str | None
    got: str | None
    decision: Decision
    score: float
    reason: str  # "wrong" (confident wrong answer), "missed" (in scope, not answered right),
    # "language" or "program"


@dataclass(frozen=True)
class EvalReport:
    """Counts and rates from one evaluation run."""

    total: int
    in_scope: int
    correct: int
    in_scope_by_lang: dict[str, int]
    correct_by_lang: dict[str, int]
    out_of_scope: int  # near-domain and out-of-scope rows (no right answer)
    safe: int  # of those, refused, offered "did you mean", or (near-domain) sent to legal help
    confident_wrong: int  # all rows answered confidently with an intent that is not right
    suggested: int  # in-scope rows offered "did you mean"
    suggested_right: int  # of those, offered a right intent
    suggested_first: int  # of those, offered a right intent first (the first button)
    declined: int  # all rows not answered (did you mean or I don't know)
    lang_correct: int
    program_rows: int
    program_correct: int
    # Left out of the repr: pytest prints a failing (or expected-to-fail) assertion's arguments,
    # and a held-out set's misses must not reach the log of anyone tuning the matcher.
    misses: list[Miss] = field(default_factory=list, repr=False)

    @property
    def accuracy(self) -> float:
        """In-scope right answers (only a confident answer of a right intent counts)."""
        return _rate(self.correct, self.in_scope)

    def accuracy_for(self, lang: str) -> float:
        """In-scope right answers for questions labelled with one language."""
        return _rate(self.correct_by_lang.get(lang, 0), self.in_scope_by_lang.get(lang, 0))

    @property
    def confident_wrong_rate(self) -> float:
        """Share of all questions answered confidently with an intent that is not right."""
        return self.confident_wrong / self.total if self.total else 0.0

    @property
    def safe_rate(self) -> float:
        """Share of near-domain and out-of-scope questions handled safely."""
        return _rate(self.safe, self.out_of_scope)

    @property
    def suggest_hit_rate(self) -> float:
        """Share of in-scope "did you mean" offers that include a right intent."""
        return _rate(self.suggested_right, self.suggested)

    @property
    def suggest_first_rate(self) -> float:
        """Share of in-scope "did you mean" offers whose first offer is a right intent."""
        return _rate(self.suggested_first, self.suggested)

    @property
    def declined_rate(self) -> float:
        """Share of all questions not answered confidently."""
        return _rate(self.declined, self.total)

    @property
    def language_accuracy(self) -> float:
        """Share of all questions whose reply language matches the label."""
        return _rate(self.lang_correct, self.total)

    @property
    def program_accuracy(self) -> float:
        """Share of in-scope questions whose recognised program matches the label."""
        return _rate(self.program_correct, self.program_rows)

    def passed(self, min_accuracy: float, max_confident_wrong: float = 1.0) -> bool:
        """Whether in-scope accuracy (overall and per language) reaches `min_accuracy` and the
        confident-wrong rate stays at or under `max_confident_wrong`."""
        langs = [lang for lang, n in self.in_scope_by_lang.items() if n]
        return (
            self.accuracy >= min_accuracy
            and all(self.accuracy_for(lang) >= min_accuracy for lang in langs)
            and self.confident_wrong_rate <= max_confident_wrong
        )

    def format(self) -> str:
        """A human-readable summary followed by every miss."""
        lines = [self.summary()]
        if self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            lines.extend(
                f"  [{m.reason}] {m.question!r}: expected {m.expected}, "
                f"got {m.got} ({m.decision}, {m.score:.2f})"
                for m in self.misses
            )
        return "\n".join(lines)

    def summary(self) -> str:
        """The figures alone, without a single question: what a held-out set may show."""
        lines = [
            f"questions          {self.total}",
            f"right (in scope)   {self.accuracy:6.1%}  {_spread(self.correct, self.in_scope)}",
            *(
                f"  {lang:<16} {self.accuracy_for(lang):6.1%}  "
                f"({self.correct_by_lang.get(lang, 0)}/{n})"
                for lang, n in sorted(self.in_scope_by_lang.items())
            ),
            f"confident wrong    {self.confident_wrong_rate:6.1%}  "
            + _spread(self.confident_wrong, self.total, " of all questions"),
            f"did you mean right {self.suggest_hit_rate:6.1%}  "
            f"({self.suggested_right}/{self.suggested} in-scope offers)",
            f"  offered first    {self.suggest_first_rate:6.1%}  "
            f"({self.suggested_first}/{self.suggested})",
            f"not answered       {self.declined_rate:6.1%}  ({self.declined}/{self.total})",
            f"out of scope safe  {self.safe_rate:6.1%}  {_spread(self.safe, self.out_of_scope)}",
            f"reply language     {self.language_accuracy:6.1%}  ({self.lang_correct}/{self.total})",
            f"program            {self.program_accuracy:6.1%}  "
            f"({self.program_correct}/{self.program_rows})",
        ]
        return "\n".join(lines)


def row_problems(row: object, intents: Iterable[str], langs: Iterable[str]) -> list[str]:
    """What keeps a line from being a labelled row: a question, its language, and labels naming
    only the `intents` there are (a label left out would silently count it as out of scope)."""
    if not isinstance(row, dict):
        return ["not a JSON object"]
    known, problems = set(intents), []
    if not isinstance(row.get("q"), str) or not row["q"].strip():
        problems.append("q: the question is missing")
    if row.get("lang") not in set(langs):
        problems.append(f"lang {row.get('lang')!r}: not one of {', '.join(sorted(set(langs)))}")
    kind = row.get("kind")
    if "kind" not in row and "intent" not in row:
        problems.append("no label: give intent (a slug or null) or kind")
    elif kind is not None and kind not in KINDS:
        problems.append(f"kind {kind!r}: label it {', '.join(KINDS)}")
    elif kind == IN_SCOPE and not row.get("intent"):
        problems.append("an in-scope question needs its intent")
    for slug in [row.get("intent"), *(row.get("accept") or [])]:
        if slug is not None and slug not in known:
            problems.append(f"{slug!r} is not an intent of the content")
    return problems


def interval(part: int, whole: int) -> tuple[float, float]:
    """The Wilson score 95% interval of the rate part / whole: where the rate over all such
    questions plausibly lies, given this sample (our sets are small: 24 in-scope questions leave
    29% anywhere between 15% and 49%)."""
    if whole == 0:
        return (0.0, 1.0)
    rate, z2 = part / whole, Z_95 * Z_95
    centre = (rate + z2 / (2 * whole)) / (1 + z2 / whole)
    half = Z_95 * math.sqrt(rate * (1 - rate) / whole + z2 / (4 * whole * whole))
    half /= 1 + z2 / whole
    return (max(0.0, centre - half), min(1.0, centre + half))


def _spread(part: int, whole: int, of: str = "") -> str:
    """A count with its 95% interval, as the summary prints it."""
    low, high = interval(part, whole)
    return f"({part}/{whole}{of}; 95% interval {low:.1%}–{high:.1%})"


def _rate(part: int, whole: int) -> float:
    """part / whole, with an empty whole counting as perfect."""
    return part / whole if whole else 1.0


def right_answers(row: LabelledRow, intents: Iterable[str]) -> frozenset[str]:
    """The intents whose answer is right for a row: its intent and `accept` (in scope only), and
    `proposed` if the index has it."""
    right: set[str | None] = set()
    if row.get("kind") not in (NEAR_DOMAIN, OUT_OF_SCOPE):
        right |= {row.get("intent"), *(row.get("accept") or ())}
    if row.get("proposed") in set(intents):
        right.add(row["proposed"])
    return frozenset(r for r in right if r)


def is_safe_answer(row: LabelledRow, match: Match) -> bool:
    """Whether a match is safe for a row with no right answer."""
    return (
        match.decision is not Decision.ANSWER
        or (row.get("kind") == NEAR_DOMAIN and match.intent == SAFE_NEAR_DOMAIN_ANSWER)
        or match.intent in (row.get("accept") or ())
    )


def evaluate(index: MatchIndex, rows: Iterable[LabelledRow]) -> EvalReport:
    """Match every labelled row (q, lang, intent or None; optional accept, kind, proposed,
    program, prior_lang)."""
    total = in_scope = correct = out_of_scope = safe = wrong = 0
    suggested = suggested_right = suggested_first = 0
    declined = lang_ok = program_rows = program_ok = 0
    in_by_lang: dict[str, int] = {}
    ok_by_lang: dict[str, int] = {}
    misses: list[Miss] = []
    for row in rows:
        total += 1
        question, lang = row["q"], row["lang"]
        expected = row.get("intent") or row.get("proposed")
        right = right_answers(row, index.intents)
        match = index.match(question, row.get("prior_lang"))
        answered = match.decision is Decision.ANSWER
        got = match.intent or (match.candidates[0][0] if match.candidates else None)
        declined += not answered
        if match.lang == lang:
            lang_ok += 1
        else:
            misses.append(Miss(question, lang, match.lang, match.decision, match.score, "language"))
        if not right:
            out_of_scope += 1
            if is_safe_answer(row, match):
                safe += 1
            else:
                wrong += 1
                misses.append(Miss(question, None, got, match.decision, match.score, "wrong"))
            continue
        in_scope += 1
        in_by_lang[lang] = in_by_lang.get(lang, 0) + 1
        if answered and match.intent in right:
            correct += 1
            ok_by_lang[lang] = ok_by_lang.get(lang, 0) + 1
        else:
            wrong += answered
            reason = "wrong" if answered else "missed"
            misses.append(Miss(question, expected, got, match.decision, match.score, reason))
        if match.decision is Decision.SUGGEST:
            suggested += 1
            suggested_right += bool(right & set(match.suggestions))
            suggested_first += bool(match.suggestions) and match.suggestions[0] in right
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
        total,
        in_scope,
        correct,
        in_by_lang,
        ok_by_lang,
        out_of_scope,
        safe,
        wrong,
        suggested,
        suggested_right,
        suggested_first,
        declined,
        lang_ok,
        program_rows,
        program_ok,
        misses,
    )
