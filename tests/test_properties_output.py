"""Whatever the content and whatever people type: no exception, always HTML Telegram accepts,
never over 4,096 characters, and nothing long and numeric left in what is kept."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.answering import IntentContent, ProgramContent, Reply, SourceLink
from bot.privacy import scrub
from bot.rendering import render_html
from intents import Decision
from tests.contentkit import topic_flags
from tests.fakebotapi import MAX_TEXT_UNITS, parse_text, utf16_len

# Any Unicode Telegram can carry (no lone surrogates), with the characters HTML and splitting
# care about made likely.
TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from("<>&\"'\n ;#/")),
    max_size=1500,
)
SHORT = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=120)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def intents(draw: st.DrawFn) -> IntentContent:
    """A curated intent whose every text field is arbitrary."""
    return IntentContent(
        slug="any-slug",
        topic="know-your-rights",
        jurisdiction="federal",
        titles={"en": draw(SHORT), "es": draw(SHORT)},
        answers={"en": draw(TEXT), "es": draw(TEXT)},
        reviewed={"en": draw(DAYS), "es": draw(DAYS)},
        sources=tuple(
            SourceLink(draw(SHORT), "https://example.org/" + draw(SHORT))
            for _ in range(draw(st.integers(0, 3)))
        ),
        related=(),
        **topic_flags("know-your-rights"),
    )


@st.composite
def programs(draw: st.DrawFn) -> ProgramContent:
    """A program whose names, summary, status and dates are arbitrary."""
    return ProgramContent(
        slug="tps-any",
        kind="tps",
        names={"en": draw(SHORT), "es": draw(SHORT)},
        status=draw(st.sampled_from(["active", "terminated", "extended", draw(SHORT)])),
        valid_until=draw(st.none() | DAYS),
        reregistration_start=draw(st.none() | DAYS),
        reregistration_end=draw(st.none() | DAYS),
        summary={"en": draw(TEXT), "es": draw(TEXT)},
        source=SourceLink(draw(SHORT), "https://example.org/tps"),
        reviewed=draw(DAYS),
        status_labels=draw(st.sampled_from([{}, {"en": draw(SHORT), "es": draw(SHORT)}])),
    )


@st.composite
def replies(draw: st.DrawFn) -> Reply:
    """Any reply the bot can decide on, built from arbitrary content."""
    kind = draw(st.sampled_from(list(Decision)))
    intent = draw(intents()) if kind is Decision.ANSWER else None
    return Reply(
        kind=kind,
        lang=draw(st.sampled_from(["en", "es"])),
        score=draw(st.floats(0, 1)),
        intent=intent,
        program=draw(st.none() | programs()),
        suggestions=tuple(draw(st.lists(intents(), max_size=3)))
        if kind is Decision.SUGGEST
        else (),
        status_is_answer=draw(st.booleans()),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=replies(), hotline=SHORT)
def test_any_reply_renders_to_messages_telegram_accepts(reply: Reply, hotline: str) -> None:
    chunks = render_html(reply, reply.lang, hotline=hotline)

    assert chunks
    for chunk in chunks:
        parse_text(chunk, "HTML")  # raises where Telegram would refuse: tags, entities, length
        assert utf16_len(chunk) <= MAX_TEXT_UNITS


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=600)
    | st.from_regex(r"[A-Za-z ]{0,20}(\+?\d[\d ()./-]{6,20}\d)[A-Za-z ]{0,20}", fullmatch=True)
)
@example(text="me llamo 🙂 y mi A# 1234 5678 9")
@example(text="Soy  \u200b Ana\u0301 de 90011-1234")
def test_scrub_never_fails_and_leaves_no_long_number(text: str) -> None:
    scrubbed = scrub(text)

    assert isinstance(scrubbed, str)
    assert not re.search(r"\d(?:[.-]?\d){6,}", scrubbed), scrubbed
