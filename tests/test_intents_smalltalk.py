"""Greetings, thanks and acknowledgements are told apart from questions."""

from __future__ import annotations

import pytest

from intents.smalltalk import MAX_WORDS, SmallTalk, small_talk

GREETINGS = ["hola", "Holaaa!!", "ola", "Buenas tardes", "buenos días a todos", "hi there"]
GREETINGS += ["Hello 👋", "good morning", "hi, I have a question", "tengo una pregunta"]
GREETINGS += ["hola, ¿cómo está?"]
THANKS = ["gracias", "Muchas gracias!!", "mil gracias por la información", "thank you so much"]
THANKS += ["thx", "ok", "OK gracias", "bueno", "good", "perfecto", "adiós", "hola, gracias"]
THANKS += ["thanks for the help", "gracias por la ayuda"]
NOT_SMALL_TALK = [
    "hola, ¿qué hago si la migra toca mi puerta?",
    "thanks, and what about TPS?",
    "hi, can ICE come into my house",
    "good lawyer",
    "necesito ayuda",  # help is asked for: the hotline, not a greeting
    "hola, ayuda",
    "help",
    "si",  # alone it answers something ("sí"); it is also "if"
    "yes",
    "no",
    "",
    "👍",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *((text, SmallTalk.GREETING) for text in GREETINGS),
        *((text, SmallTalk.THANKS) for text in THANKS),
        *((text, None) for text in NOT_SMALL_TALK),
    ],
)
def test_greetings_thanks_and_questions_are_told_apart(
    text: str, expected: SmallTalk | None
) -> None:
    assert small_talk(text) is expected


def test_a_long_message_is_not_small_talk_even_of_small_talk_words() -> None:
    assert small_talk(" ".join(["hola", "muchas"] * MAX_WORDS)) is None
