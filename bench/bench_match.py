"""Matching benchmark: per-question latency, index memory and build time, against a naive baseline.

Sizes: the shipped content (questions: the labelled dev + eval sets, then the real questions) and
20, 200, 2,000 and 20,000 synthetic intents with 10 paraphrases per language each. Synthetic
paraphrases are built from sentence frames, two topic words of their own per intent and
language, and shared words drawn with a Zipf law from the shipped content's vocabulary plus
invented words, so common words have long posting lists as in real content. Questions are
paraphrases with chat noise: a typo, a dropped word, a filler ("pls", "porfa"); one in ten is made
of shared words only (out of scope).

The baseline is rapidfuzz `process.extractOne(question, phrases, scorer=fuzz.WRatio)` over every
raw phrase (lowercased once in advance). At large sizes it runs on fewer questions (printed).

The shipped content is timed with its questions people asked (db/seed/asked/), so with the
learned view; synthetic content has none, so no learned view, except in the row "2,000 + asked":
2,000 intents with a noisy copy of one paraphrase in ten as asked questions (4,000), to show what
the learned view costs at that size (it scores every intent).

Run: .venv/bin/python -m bench.bench_match   (goals: p99 < 1 ms on the shipped content, < 5 ms
at 2,000 intents, >= 20x faster than the baseline at 2,000 intents). `--tune` instead refits the
confidence model and thresholds (intents.tuning) and prints values for intents/calibration.py;
`--tune-learned` sweeps the learned view's thresholds leave-one-set-out on the tuned real sets.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import math
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from rapidfuzz import fuzz, process

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intents import MatchIndex, Phrase, ProgramAliases, evaluate
from intents.calibration import CALIBRATION
from intents.text import content_words
from intents.tuning import Goals, tune
from tests.seedkit import (
    PROGRAM_INTENTS,
    REAL_TUNED,
    WORDS_NOT_TUNED_ON,
    index_over,
    index_without,
    load_asked,
    load_phrases,
    load_programs,
    load_rows,
    shipped_index,
    tuning_out_of_scope_rows,
)

SEED = 20260401
# (intents, questions for the engine, questions for the baseline)
SIZES = ((20, 2000, 1000), (200, 2000, 1000), (2000, 2000, 200), (20000, 1000, 20))
LEARNED_SIZE = 2000  # the synthetic size also timed with asked questions (a learned view)
# The learned view's thresholds swept by --tune-learned, one at a time around the shipped values.
SWEEP_VETO = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2)
SWEEP_FILL = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
SWEEP_FLOOR = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
SWEEP_PROMOTE = (1.0, 1.5, 2.0, 2.5, 3.0, math.inf)
SWEEP_FIRM = (0.8, 0.85, 0.88, 0.9, 0.92, 0.95, math.inf)
SWEEP_SECONDED = (0.75, 1.0, 1.25, 1.5, math.inf)
SWEEP_SECONDED_FLOOR = (0.05, 0.1, 0.15, 0.2)
FRAMES = {
    "en": (
        "what happens with {t} {w}",
        "how do i {v} my {t} {w}",
        "can they {v} {t} if i have {w}",
        "{t} {u} {w} help",
        "is {t} still {w} for {u}",
        "where do i {v} {t} {w} {u}",
        "my {u} got {t} what now",
        "{t} and {u} {w} question",
        "do i need {w} for {t}",
        "what is the {t} {w} rule",
    ),
    "es": (
        "que pasa con {t} {w}",
        "como {v} mi {t} {w}",
        "pueden {v} {t} si tengo {w}",
        "{t} {u} {w} ayuda",
        "todavia hay {t} para {u} {w}",
        "donde {v} {t} {w} {u}",
        "a mi {u} le dieron {t} que hago",
        "{t} y {u} {w} pregunta",
        "necesito {w} para {t}",
        "que es la regla de {t} {w}",
    ),
}
VERBS = {
    "en": ("renew", "report", "apply", "check", "find", "get", "file", "ask"),
    "es": ("renuevo", "reporto", "aplico", "reviso", "encuentro", "consigo", "pido", "pregunto"),
}
FILLERS = {"en": ("pls", "rn", "help", "asap"), "es": ("porfa", "xfa", "ayuda", "ahorita")}
SYLLABLES = [c + v for c in "bcdfgjlmnprstvz" for v in "aeiou"]


def invented_word(rng: random.Random, lang: str) -> str:
    """A pronounceable made-up word with a language-typical ending."""
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return stem + rng.choice(
        ("tion", "ing", "er", "") if lang == "en" else ("cion", "ado", "ar", "")
    )


@dataclass(frozen=True)
class Corpus:
    """Synthetic phrases and noisy questions for one size."""

    phrases: list[Phrase]
    questions: list[tuple[str, str]]  # (text, user's known language)


def synthetic_corpus(intents: int, questions: int, rng: random.Random) -> Corpus:
    """`intents` intents x 10 paraphrases per language, and noisy questions about them."""
    shipped = load_phrases()
    shared: dict[str, list[str]] = {}
    topics: dict[str, list[str]] = {}
    for lang in ("en", "es"):
        real = sorted({w for p in shipped if p.lang == lang for w in content_words(p.text, lang)})
        made = {invented_word(rng, lang) for _ in range(2000)}
        shared[lang] = real + sorted(made - set(real))
        rng.shuffle(shared[lang])
        own: set[str] = set()
        while len(own) < 2 * intents:
            own.add(invented_word(rng, lang) + invented_word(rng, lang)[:3])
        topics[lang] = sorted(own)
    cumulative = {
        lang: list(accumulate(1 / (r + 1) for r in range(len(shared[lang])))) for lang in shared
    }

    def zipf(lang: str) -> str:
        return rng.choices(shared[lang], cum_weights=cumulative[lang])[0]

    phrases = []
    for intent in range(intents):
        for lang in ("en", "es"):
            own_words = topics[lang][2 * intent : 2 * intent + 2]
            for frame in FRAMES[lang]:
                text = frame.format(
                    t=" ".join(own_words) if rng.random() < 0.5 else rng.choice(own_words),
                    w=zipf(lang),
                    u=zipf(lang),
                    v=rng.choice(VERBS[lang]),
                )
                phrases.append(Phrase(f"synthetic-{intent}", lang, text))
    asked = []
    for _ in range(questions):
        lang = rng.choice(("en", "es"))
        if rng.random() < 0.1:
            asked.append((" ".join(zipf(lang) for _ in range(4)), lang))
            continue
        phrase = rng.choice([p for p in rng.sample(phrases, 8) if p.lang == lang] or phrases)
        asked.append((noisy(phrase.text, lang, rng), lang))
    return Corpus(phrases, asked)


def noisy(text: str, lang: str, rng: random.Random) -> str:
    """A paraphrase as typed on a phone: maybe a typo, a dropped word, a filler."""
    words = text.split()
    if rng.random() < 0.5:
        long = [n for n, w in enumerate(words) if len(w) >= 5]
        if long:
            n = rng.choice(long)
            k = rng.randrange(1, len(words[n]) - 1)
            words[n] = words[n][:k] + rng.choice("aeioulnrst") + words[n][k + 1 :]
    if rng.random() < 0.3 and len(words) > 3:
        del words[rng.randrange(len(words))]
    if rng.random() < 0.2:
        words.append(rng.choice(FILLERS[lang]))
    return " ".join(words)


def latencies_ms(
    ask: Callable[[str, str], object], questions: Sequence[tuple[str, str]]
) -> list[float]:
    """Wall time of each question in milliseconds."""
    times = []
    for text, lang in questions:
        start = time.perf_counter_ns()
        ask(text, lang)
        times.append((time.perf_counter_ns() - start) / 1e6)
    return times


def p99(values: list[float]) -> float:
    """99th percentile (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[98]


@dataclass(frozen=True)
class Result:
    """One row of the report."""

    label: str
    phrases: int
    build_s: float
    memory_mb: float
    ours: list[float]
    baseline: list[float]

    def line(self) -> str:
        """The row, aligned with HEADER."""
        ours50, ours99 = statistics.median(self.ours), p99(self.ours)
        base50, base99 = statistics.median(self.baseline), p99(self.baseline)
        return (
            f"{self.label:>13} {self.phrases:>8,} {self.build_s:>8.2f} {self.memory_mb:>9.1f}"
            f" {ours50:>8.3f} {ours99:>8.3f} {len(self.ours):>6}"
            f" {base50:>9.2f} {base99:>9.2f} {len(self.baseline):>6}"
            f" {base50 / ours50:>7.0f}x {base99 / ours99:>7.0f}x"
        )


HEADER = (
    "       intents  phrases  build s  memory MB  p50 ms   p99 ms      n"
    "  base p50  base p99      n  p50 gain  p99 gain"
)


def measure(
    label: str,
    phrases: list[Phrase],
    programs: list[ProgramAliases],
    questions: list[tuple[str, str]],
    baseline_questions: int,
    asked: Sequence[Phrase] = (),
) -> Result:
    """Build (timed, then traced for memory), then time our matching and the baseline."""

    def build() -> MatchIndex:
        return index_over(phrases, programs, asked)

    gc.collect()
    start = time.perf_counter()
    index = build()
    build_s = time.perf_counter() - start
    del index
    gc.collect()
    tracemalloc.start()
    index = build()
    memory_mb = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    gc.collect()  # so a collection of the build's garbage does not land in a timed question
    ours = latencies_ms(index.match, questions)
    raw = [p.text.casefold() for p in phrases]
    baseline = latencies_ms(
        lambda text, _: process.extractOne(text.casefold(), raw, scorer=fuzz.WRatio),
        questions[:baseline_questions],
    )
    return Result(label, len(phrases), build_s, memory_mb, ours, baseline)


def run_bench() -> None:
    """Print the report: shipped content first, then each synthetic size."""
    began = time.perf_counter()
    rng = random.Random(SEED)
    print(HEADER)
    rows = load_rows("dev-questions") + load_rows("eval-questions")
    shipped = [(row["q"], row["lang"]) for row in rows]
    phrases, asked = load_phrases(), load_asked()
    result = measure("shipped", phrases, load_programs(), shipped, len(shipped), asked)
    print(result.line(), flush=True)
    # Real people's questions are longer (stories): the same index, timed on them.
    real = [(row["q"], row["lang"]) for name in REAL_TUNED for row in load_rows(name)]
    print(measure("real qs", phrases, load_programs(), real, len(real), asked).line(), flush=True)
    for intents, questions, baseline_questions in SIZES:
        corpus = synthetic_corpus(intents, questions, rng)
        result = measure(f"{intents:,}", corpus.phrases, [], corpus.questions, baseline_questions)
        print(result.line(), flush=True)
        if intents == LEARNED_SIZE:
            noisy_copies = [
                Phrase(p.intent, p.lang, noisy(p.text, p.lang, rng)) for p in corpus.phrases[::10]
            ]
            result = measure(
                f"{intents:,} + asked",
                corpus.phrases,
                [],
                corpus.questions,
                baseline_questions,
                noisy_copies,
            )
            print(result.line(), flush=True)
    print(
        "\nLatency per question in ms (p50/p99); n = questions timed (the baseline is sampled on"
        "\nfewer questions at large sizes). Gain = baseline / ours. Memory = bytes traced while"
        "\nbuilding the index (tracemalloc). Shipped questions: the labelled dev + eval sets;"
        "\nreal qs: the tuned real questions (db/seed/asked/), same index."
        f"\nTotal time: {time.perf_counter() - began:.0f} s"
    )


def run_tuning() -> None:
    """Refit the confidence model and thresholds; print values for intents/calibration.py."""
    # Both halves of the real questions are tuned on now; a fresh held-out set carries the claim.
    real_rows = [row for name in REAL_TUNED for row in load_rows(name)]
    result = tune(
        load_phrases(),
        load_programs(),
        PROGRAM_INTENTS,
        tuning_out_of_scope_rows(),
        [(load_rows("dev-questions"), Goals(0.95)), (real_rows, Goals(0.85))],
    )
    print("columns: dev set, then the real questions of REAL_TUNED (never eval or held-out sets)")
    print(result.format())


def run_learned_tuning() -> None:
    """Sweep the learned view's thresholds one at a time around the shipped values, each tuned
    real set scored by the matcher that left it out of the learned view's training."""
    folds = {name: (index_without(name), load_rows(name)) for name in REAL_TUNED}
    eval_index, eval_rows = shipped_index(), load_rows("eval-questions")
    replace = dataclasses.replace
    points = [
        *((f"learned_veto={v}", replace(CALIBRATION, learned_veto=v)) for v in SWEEP_VETO),
        *((f"learned_fill={v}", replace(CALIBRATION, learned_fill=v)) for v in SWEEP_FILL),
        *((f"learned_floor={v}", replace(CALIBRATION, learned_floor=v)) for v in SWEEP_FLOOR),
        *((f"learned_promote={v}", replace(CALIBRATION, learned_promote=v)) for v in SWEEP_PROMOTE),
        *((f"learned_firm={v}", replace(CALIBRATION, learned_firm=v)) for v in SWEEP_FIRM),
        *(
            (f"learned_seconded={v}", replace(CALIBRATION, learned_seconded=v))
            for v in SWEEP_SECONDED
        ),
        *(
            (f"seconded_floor={v}", replace(CALIBRATION, learned_seconded_floor=v))
            for v in SWEEP_SECONDED_FLOOR
        ),
    ]
    print(
        "right / confident wrong, leave-one-set-out: the tuned real sets whose misses shaped the"
        " word lists, then those gathered after (WORDS_NOT_TUNED_ON); then eval-questions"
    )
    for label, cal in points:
        tally = {True: [0, 0], False: [0, 0]}
        for name, (index, rows) in folds.items():
            report = evaluate(index.deciding_with(cal), rows)
            counts = tally[name in WORDS_NOT_TUNED_ON]
            counts[0] += report.correct
            counts[1] += report.confident_wrong
        ev = evaluate(eval_index.deciding_with(cal), eval_rows)
        mark = " (shipped)" if cal == CALIBRATION else ""
        (old_right, old_wrong), (new_right, new_wrong) = tally[False], tally[True]
        print(
            f"{label:<20} {old_right:>5} / {old_wrong:<4} {new_right:>4} / {new_wrong:<4}"
            f" {ev.correct:>4} / {ev.confident_wrong}{mark}"
        )


def main() -> None:
    """Parse the command line and run the benchmark or the tuning."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="refit calibration and thresholds")
    parser.add_argument(
        "--tune-learned", action="store_true", help="sweep the learned view's thresholds"
    )
    args = parser.parse_args()
    if args.tune:
        run_tuning()
    elif args.tune_learned:
        run_learned_tuning()
    else:
        run_bench()


if __name__ == "__main__":
    main()
