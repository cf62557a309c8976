"""Whatever arrives, the engine returns a valid Match and never crashes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intents import Decision, Match, detect_language, normalize
from tests.seedkit import load_programs, shipped_index

INDEX = shipped_index()
SLUGS = set(INDEX.intents)
PROGRAMS = {p.slug for p in load_programs()}

# Text as users send it: any Unicode, plus the characters that break naive code.
AWKWARD = st.sampled_from(["\x00", "\x1f", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u202e", "🙂"])
MESSAGES = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(AWKWARD, st.sampled_from(["la migra", "ICE", "puerta", " ", "tps"]))).map(
        "".join
    ),
    st.text(min_size=4096, max_size=4096),
)


def assert_valid(match: Match) -> None:
    """Every field within its contract."""
    assert isinstance(match.decision, Decision)
    assert match.lang in ("en", "es")
    assert 0.0 <= match.score <= 1.0
    assert match.program is None or match.program in PROGRAMS
    assert len(match.candidates) <= 5
    assert all(slug in SLUGS and 0.0 <= score <= 1.0 for slug, score in match.candidates)
    scores = [score for _, score in match.candidates]
    assert scores == sorted(scores, reverse=True)
    assert len(match.suggestions) <= 3
    assert set(match.suggestions) <= SLUGS
    if match.decision is Decision.ANSWER:
        assert match.intent in SLUGS
        assert match.suggestions == ()
    else:
        assert match.intent is None
    if match.decision is Decision.SUGGEST:
        assert match.suggestions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MESSAGES, st.sampled_from([None, "en", "es", "fr"]))
@example("", None)
@example("🙂🙂🙂", "es")
@example("a" * 4096, None)
@example("la migra " * 455, "en")
@example("\x00\x01\x1f\u200b\u200c\u200d\ufeff", None)
def test_any_text_gives_a_valid_match(text: str, prior: str | None) -> None:
    match = INDEX.match(text, prior)
    assert_valid(match)
    if prior in ("en", "es") and not text.strip():
        assert match.lang == prior


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500), st.sampled_from(["en", "es"]))
def test_normalize_gives_clean_terms(text: str, lang: str) -> None:
    terms = normalize(text, lang)
    assert all(term and not any(c.isspace() for c in term) for term in terms)
    assert normalize(text, lang) == terms


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500), st.sampled_from([None, "en", "es"]))
def test_detect_language_always_answers_en_or_es(text: str, prior: str | None) -> None:
    assert detect_language(text, prior) in ("en", "es")


@pytest.mark.parametrize("text", ["", " ", "\u200b", "🙂" * 50, "?" * 4096])
def test_nothing_to_match_falls_back(text: str) -> None:
    match = INDEX.match(text)
    assert match.decision is Decision.FALLBACK
    assert_valid(match)
