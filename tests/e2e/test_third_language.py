"""A third language added with data only: the real bot answers, greets, offers its menus and
registers its commands in it (Portuguese, test-only, from tests/data/third-language/)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from db.seed import seed
from tests.e2e.conftest import BotHarness, bot_on
from tests.fakebotapi import Call
from tests.thirdkit import THIRD_CONTENT

READER, SWITCHER, VISITOR = 3101, 3102, 3103


@pytest.fixture
async def bot(three_languages: Path, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot answering from the three-language fixture content."""
    url = f"sqlite:///{tmp_path / 'puente.db'}"
    await seed(url, THIRD_CONTENT)
    async with bot_on(url) as harness:
        yield harness


def labels(call: Call) -> list[str]:
    """The text of every button under a message."""
    return [button["text"] for button in call.buttons]


async def test_a_portuguese_telegram_gets_the_greeting_and_menu_in_portuguese(
    bot: BotHarness,
) -> None:
    hello = await bot.command(READER, "start", lang="pt-BR")
    assert hello.plain.startswith("Olá, Ana!")
    assert "Escreva sua pergunta com suas palavras" in hello.plain
    assert labels(hello) == ["Conheça seus direitos", "Onde buscar ajuda"]
    topic = await bot.press_for_keyboard(READER, hello, label="Onde buscar ajuda")
    assert labels(topic) == ["Encontrar um advogado (teste)", "« Todos os temas"]


async def test_a_portuguese_question_is_answered_in_portuguese(bot: BotHarness) -> None:
    reply = await bot.say(READER, "tenho que abrir a porta para os agentes?", lang="pt")
    assert reply.plain.startswith("Resposta de teste sobre agentes na porta.")
    assert "Fonte: Test fixture source" in reply.plain
    assert "Isto é informação, não orientação jurídica." in reply.plain
    assert labels(reply) == ["👍 Útil", "👎 Não foi útil"]
    # Written in Portuguese by someone whose Telegram is in English: the words decide.
    reply = await bot.say(VISITOR, "vc sabe onde encontro um advogado gratuito?", lang="en")
    assert reply.plain.startswith("Resposta de teste sobre encontrar um advogado.")
    assert labels(reply)[0] == "Agentes na porta (teste)"
    # English and Spanish are answered as before.
    reply = await bot.say(VISITOR, "do I have to open the door to immigration agents?")
    assert reply.plain.startswith("Test answer about agents at the door.")
    reply = await bot.say(VISITOR, "necesito un abogado", lang="es")
    assert reply.plain.startswith("Respuesta de prueba sobre encontrar abogado.")


async def test_the_language_menu_offers_and_keeps_the_third_language(bot: BotHarness) -> None:
    menu = await bot.command(SWITCHER, "language", lang="en")
    assert labels(menu) == ["✅ English", "Español", "Português"]
    done = await bot.press(SWITCHER, menu, label="Português")
    assert done.plain == "Pronto: a partir de agora vou responder em português."
    # The stored choice outranks Telegram's language from now on.
    menu = await bot.command(SWITCHER, "language", lang="en")
    assert menu.plain == "Escolha seu idioma:"
    assert labels(menu) == ["English", "Español", "✅ Português"]
    # A question with no evidence of a language is read in the chat's: its menu is Portuguese.
    reply = await bot.say(SWITCHER, "TPS?", lang="en")
    assert labels(reply)[-2:] == ["Conheça seus direitos", "Onde buscar ajuda"]


async def test_the_command_menu_is_registered_in_the_third_language(bot: BotHarness) -> None:
    portuguese = {c["command"]: c["description"] for c in bot.api.commands[("default", "pt")]}
    english = {c["command"]: c["description"] for c in bot.api.commands[("default", "")]}
    assert portuguese.keys() == english.keys()
    assert portuguese["topics"] == "Ver respostas por tema"
    assert portuguese["language"] == "Mudar o idioma"
    reply = await bot.command(READER, "help", lang="pt")
    assert reply.plain.startswith("Como usar o Puente")
    assert "/topics — Ver respostas por tema" in reply.plain
