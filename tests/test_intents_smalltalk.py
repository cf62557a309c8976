"""Greetings, thanks and acknowledgements are told apart from questions."""

from __future__ import annotations

import pytest

from intents.smalltalk import MAX_WORDS, SmallTalk, small_talk


@pytest.mark.parametrize(
    "text",
    [
        "hola",
        "Holaaa!!",
        "ola",
        "Buenas tardes",
        "buenos días a todos",
        "hi there",
        "Hello 👋",
        "good morning",
        "hi, I have a question",
        "tengo una pregunta",
        "hola, ¿cómo está?",
    ],
)
def test_greetings_are_small_talk(text: str) -> None:
    assert small_talk(text) is SmallTalk.GREETING


@pytest.mark.parametrize(
    "text",
    [
        "gracias",
        "Muchas gracias!!",
        "mil gracias por la información",
        "thank you so much",
        "thx",
        "ok",
        "OK gracias",
        "bueno",
        "good",
        "perfecto",
        "adiós",
        "hola, gracias",
    ],
)
def test_thanks_and_acknowledgements_are_small_talk(text: str) -> None:
    assert small_talk(text) is SmallTalk.THANKS


@pytest.mark.parametrize(
    "text",
    [
        "hola, ¿qué hago si la migra toca mi puerta?",
        "thanks, and what about TPS?",
        "hi, can ICE come into my house",
        "good lawyer",
        "necesito ayuda",  # help is asked for: the hotline, not a greeting
        "si",  # alone it answers something ("sí"); it is also "if"
        "yes",
        "no",
        "",
        "👍",
    ],
)
def test_questions_and_bare_answers_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


def test_a_long_message_is_not_small_talk_even_of_small_talk_words() -> None:
    assert small_talk(" ".join(["hola", "muchas"] * MAX_WORDS)) is None
