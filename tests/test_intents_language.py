"""Language detection for short, noisy and mixed messages, with the user's language as prior."""

from __future__ import annotations

import pytest

from intents import MatchIndex, Phrase, detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ice at my door what do i do", "en"),
        ("la migra esta en mi puerta que hago", "es"),
        ("q hago", "es"),
        ("pls help", "en"),
        ("ayudaaaa", "es"),
        ("¿Dónde?", "es"),
        ("necesito abogado", "es"),
        ("need a lawyer", "en"),
        ("where do i report a raid", "en"),
        ("donde reporto una redada", "es"),
    ],
)
def test_short_and_noisy_messages(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    assert detect_language(text, prior="es" if lang == "en" else "en") == lang


def test_spanglish_is_answered_in_the_dominant_language() -> None:
    assert detect_language("my jefe said that the migra is coming to the job tomorrow") == "en"
    assert detect_language("oye mi boss dice que la migra viene al trabajo mañana") == "es"


def test_no_evidence_or_a_tie_goes_to_the_prior() -> None:
    for prior in ("en", "es"):
        assert detect_language("TPS?", prior) == prior
        assert detect_language("hola thanks", prior) == prior
        assert detect_language("", prior) == prior


def test_without_a_prior_an_undecided_message_is_english() -> None:
    assert detect_language("TPS DACA 2026") == "en"


def test_an_unknown_prior_is_ignored() -> None:
    assert detect_language("TPS", prior="fr") == "en"


def test_the_index_vocabulary_tells_languages_apart() -> None:
    index = MatchIndex.build(
        [
            Phrase("court-date", "es", "citatorio de la corte de inmigracion"),
            Phrase("court-date", "en", "notice to appear in immigration court"),
        ]
    )
    # "citatorio" is in no built-in word list, only in the Spanish paraphrases.
    assert index.match("citatorio", prior_lang="en").lang == "es"
