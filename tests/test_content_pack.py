"""The shipped content pack: every required intent and program, complete in both languages."""

from __future__ import annotations

import re

import pytest

from db.content import load_content
from db.seed import seed
from intents.languages import languages

# ICE's own line for reporting immigrants must never be handed to the people Puente serves.
FORBIDDEN = re.compile(r"DHS-?2-?ICE|347-2423", re.IGNORECASE)
TU_FORMS = re.compile(r"\b(tú|tienes|puedes|debes|llama|llámanos|pregúntale|tu abogado)\b", re.I)

PACK = load_content()


def test_pack_has_no_errors() -> None:
    assert [str(p) for p in PACK.errors] == []


def test_every_intent_the_rules_name_exists() -> None:
    """The bot answers a named program with its kind's intent; those intents must be there."""
    assert PACK.rules is not None
    slugs = {intent.slug for intent in PACK.intents}
    assert set(PACK.rules.program_intents().values()) <= slugs


@pytest.mark.parametrize("intent", PACK.intents, ids=lambda i: i.slug)
def test_intent_is_complete_in_both_languages(intent) -> None:
    for lang in languages():
        block = intent.block(lang)
        assert len(set(block.questions)) >= 8, f"{intent.slug} {lang}: fewer than 8 paraphrases"
        assert block.answer.strip()
        assert not FORBIDDEN.search(block.answer)
    assert intent.sources and all(s.url.startswith("https://") for s in intent.sources)
    assert not TU_FORMS.search(intent.es.answer), "Spanish answers use usted, never tú"


@pytest.mark.parametrize("program", PACK.programs, ids=lambda p: p.slug)
def test_program_is_complete_in_both_languages(program) -> None:
    assert set(program.names) == set(languages()) and set(program.summary) == set(languages())
    assert program.aliases, "people call programs by demonyms and slang; list them"
    assert program.source.url.startswith("https://")


async def test_shipped_pack_seeds(database_url: str) -> None:
    report = await seed(database_url)
    assert len(report.added) == len(PACK.intents) + len(PACK.programs)
    assert not (await seed(database_url)).has_changes


def test_the_seed_length_check_holds_for_the_rendered_message() -> None:
    """The seed's length estimate is never below what the bot actually sends (visible text)."""
    from html import unescape

    from bot.answering import Answerer, Reply
    from bot.rendering import render_html
    from db.content import rendered_length
    from intents import Decision

    answerer = Answerer.build(PACK)
    for spec in PACK.intents:
        content = answerer.intents[spec.slug]
        for lang in languages():
            [message] = render_html(Reply(Decision.ANSWER, lang, 1.0, content), lang)
            visible = unescape(re.sub(r"<[^>]+>", "", message))
            assert len(visible) <= rendered_length(spec.block(lang).answer, spec.sources)
