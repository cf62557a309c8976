"""Normalisation: accents, punctuation, emoji, repeated letters, chat spellings, stems, synonyms."""

from __future__ import annotations

import pytest

from intents import normalize
from intents.text import fold, tokens


def test_accents_and_case_do_not_matter() -> None:
    assert normalize("INMIGRACIÓN", "es") == normalize("inmigracion", "es")
    assert normalize("¿Está vigente la ordenanza?", "es") == normalize(
        "esta vigente la ordenanza", "es"
    )
    assert fold("Ñandú") == "nandu"


def test_punctuation_and_emoji_are_ignored() -> None:
    assert normalize("¡¡La migra en mi puerta!! 🚪😱", "es") == normalize(
        "la migra en mi puerta", "es"
    )
    assert normalize("🙏🙏🙏", "es") == []


def test_zero_width_and_control_characters_do_not_split_or_leak() -> None:
    assert normalize("la mi\u200bgra\u00ad en mi pu\u200derta", "es") == normalize(
        "la migra en mi puerta", "es"
    )
    assert normalize("door\x00\x1fopen", "en") == normalize("door open", "en")


def test_repeated_letters_are_squeezed_but_real_double_letters_stay() -> None:
    assert tokens("holaaaa ayudaaaa") == ["hola", "ayuda"]
    assert tokens("door llamar") == ["door", "llamar"]
    assert normalize("ayudaaaa con la migraaa", "es") == normalize("ayuda con la migra", "es")


@pytest.mark.parametrize(
    ("chat", "plain", "lang"),
    [
        ("q hago xq la migra esta aki", "que hago porque la migra esta aqui", "es"),
        ("porfa k hago, porq tmb me paso", "por favor que hago porque tambien me paso", "es"),
        ("permiso pa trabajar", "permiso para trabajar", "es"),
        ("can u help me rn pls", "can you help me right now please", "en"),
        ("aunq no tenga papeles", "aunque no tenga papeles", "es"),
        ("ice at my door pls help asap", "ice at my door please help as soon as possible", "en"),
    ],
)
def test_chat_spellings_mean_the_words_they_stand_for(chat: str, plain: str, lang: str) -> None:
    assert normalize(chat, lang) == normalize(plain, lang)


def test_stop_words_are_dropped_in_both_languages() -> None:
    assert normalize("what is the", "en") == []
    assert normalize("que es lo de la", "es") == []
    assert normalize("what is the ordenanza", "es") == normalize("ordenanza", "es")


def test_stemming_joins_inflections() -> None:
    assert normalize("deportations", "en") == normalize("deported", "en")
    assert normalize("redadas", "es") == normalize("redada", "es")
    # Stem-changing verbs: "renuevo" is a form of "renovar".
    assert normalize("renuevo", "es") == normalize("renovar", "es")


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("puerta", "door"),
        ("abogado", "lawyer"),
        ("redada", "raid"),
        ("papeles", "documents"),
        ("jale", "work"),
        ("migra", "ICE"),
        ("inmigración", "immigration"),
        ("mi tía", "my aunt"),
        ("mi mamá", "my mother"),
        ("carro", "car"),
        ("firmar", "sign"),
        ("multa", "ticket"),
        ("cobran", "fees"),
        ("barato", "affordable"),
        ("alberca", "pool"),
        ("políticas", "policies"),
    ],
)
def test_curated_synonyms_cross_languages(spanish: str, english: str) -> None:
    assert normalize(spanish, "es") == normalize(english, "en")


def test_multi_word_expressions_match_as_one_term() -> None:
    assert normalize("tarjeta verde", "es") == normalize("green card", "en")
    assert normalize("re-registration", "en") == normalize("reregistration", "en")
    assert tokens("Form I-205") == ["form", "i205"]


def test_a_power_of_attorney_is_paperwork_not_a_lawyer() -> None:
    assert normalize("poder notarial", "es") == normalize("power of attorney", "en")
    assert normalize("power of attorney", "en") != normalize("attorney", "en")


def test_official_is_not_an_officer_unless_it_is_an_immigration_one() -> None:
    assert normalize("oficialmente", "es") != normalize("agentes", "es")
    assert normalize("oficial de inmigración", "es") == normalize("agente de inmigración", "es")
