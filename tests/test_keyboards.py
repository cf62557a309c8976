"""Buttons: callback data within Telegram's 64 bytes and read back by the handlers' patterns."""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup

from bot import keyboards
from bot.answering import IntentContent
from bot.handlers.messages import visible_text
from bot.i18n import use_locale
from tests.contentkit import RULES

TITLES = {
    "ice-at-door": ("ICE at your door", "ICE en su puerta"),
    "legal-help": ("Finding legal help", "Cómo encontrar ayuda legal"),
    "detained-relative": ("A relative was detained", "Detuvieron a un familiar"),
}


def intent(slug: str) -> IntentContent:
    """An intent with titles in both languages (the slug itself when the test does not care)."""
    en, es = TITLES.get(slug, (slug, slug))
    return IntentContent(slug, "programs", "federal", {"en": en, "es": es}, {}, {}, (), ())


def intents(*slugs: str) -> list[IntentContent]:
    """Several intents, in order."""
    return [intent(slug) for slug in slugs]


def _data(markup: InlineKeyboardMarkup | None) -> list[str]:
    """The callback data of every button, row by row (there must be a keyboard)."""
    assert markup is not None
    return [str(button.callback_data) for row in markup.inline_keyboard for button in row]


def _labels(markup: InlineKeyboardMarkup) -> list[str]:
    """The label of every button, row by row."""
    return [button.text for row in markup.inline_keyboard for button in row]


def test_answer_keyboard_has_related_answers_then_votes_in_the_shown_language() -> None:
    """Related intents open in the language shown; 👍 👎 name the intent they rate."""
    with use_locale("es"):
        markup = keyboards.answer_keyboard(
            "ice-at-door", intents("legal-help", "detained-relative")
        )
    assert _data(markup) == [
        "a:legal-help:es",
        "a:detained-relative:es",
        "f:1:ice-at-door:es",
        "f:0:ice-at-door:es",
    ]
    assert _labels(markup) == [
        "Cómo encontrar ayuda legal",
        "Detuvieron a un familiar",
        "👍 Me ayudó",
        "👎 No me ayudó",
    ]


def test_a_vote_removes_only_the_vote_buttons() -> None:
    """After a vote the related answers stay and 👍 👎 are gone."""
    markup = keyboards.answer_keyboard("ice-at-door", intents("legal-help"))
    assert _data(keyboards.without_feedback(markup)) == ["a:legal-help:en"]
    assert _data(keyboards.without_feedback(None)) == []


def test_every_pattern_reads_what_its_builder_writes() -> None:
    """Each callback string matches exactly one handler pattern, with its parts recovered."""
    patterns = {
        "m": keyboards.patterns().menu,
        "t": keyboards.patterns().topic,
        "a": keyboards.patterns().answer,
        "d": keyboards.patterns().choice,
        "f": keyboards.patterns().feedback,
        "l": keyboards.patterns().language,
        "s": keyboards.patterns().subscribe,
    }
    markups = [
        keyboards.topic_menu(RULES.topics),
        keyboards.topic_keyboard(intents("ice-at-door")),
        keyboards.answer_keyboard("ice-at-door", intents("legal-help")),
        keyboards.suggestion_keyboard(intents("tps-status", "daca"), "tps-honduras"),
        keyboards.language_keyboard(),
        keyboards.subscribe_keyboard(RULES.topics, set()),
    ]
    for data in (d for markup in markups for d in _data(markup)):
        matching = [kind for kind, pattern in patterns.items() if pattern.match(data)]
        assert matching == [data[0]], data
    answer = keyboards.patterns().answer.match("a:tps-status:en:tps-honduras")
    assert answer is not None
    assert answer.group("slug", "lang", "program") == ("tps-status", "en", "tps-honduras")
    plain = keyboards.patterns().answer.match("a:ice-at-door")
    assert plain is not None and plain.group("lang") is None


def test_unknown_or_forged_data_matches_no_pattern() -> None:
    """Stale or odd data falls through to the polite "this button no longer works"."""
    patterns = [
        keyboards.patterns().menu,
        keyboards.patterns().topic,
        keyboards.patterns().answer,
        keyboards.patterns().choice,
        keyboards.patterns().feedback,
        keyboards.patterns().language,
        keyboards.patterns().subscribe,
    ]
    for data in ["", "x:1", "a:", "a:Ice", "f:2:ice-at-door", "l:fr", "a:ice:en:x:y", "m:de"]:
        assert not any(pattern.match(data) for pattern in patterns), data


def test_callback_data_never_exceeds_64_bytes() -> None:
    """Long slugs drop the optional parts, and a button that cannot fit is left out."""
    long_slug = "x" * 58
    with_program = keyboards.answer_button(intent(long_slug), program="tps-el-salvador")
    assert with_program is not None
    assert with_program.callback_data == f"a:{long_slug}:en"
    assert keyboards.answer_button(intent("y" * 63)) is None
    markup = keyboards.answer_keyboard("z" * 60, intents("legal-help"))
    assert _data(markup) == ["a:legal-help:en"]
    for menu in [
        keyboards.subscribe_keyboard(RULES.topics, set()),
        keyboards.topic_menu(RULES.topics),
    ]:
        assert all(len(data.encode()) <= 64 for data in _data(menu))


def test_language_and_subscription_keyboards_tick_the_current_choice() -> None:
    """The chosen language and the subscribed topics carry a tick."""
    with use_locale("es"):
        assert _labels(keyboards.language_keyboard()) == ["English", "✅ Español"]
        topics = [t for t in RULES.topics if t.slug in ("programs", "policy")]
        labels = _labels(keyboards.subscribe_keyboard(topics, {"all", "policy"}))
    assert labels == [
        "Novedades generales",
        "✅ Todo",
        RULES.topic_label("programs", "es"),
        "✅ " + RULES.topic_label("policy", "es"),
    ]


def test_suggestions_offer_at_most_three_answers_and_the_menu() -> None:
    """ "Did you mean…?" shows three intents at most, carrying the program named."""
    markup = keyboards.suggestion_keyboard(
        intents("tps-status", "daca", "legal-help", "schools"), "tps-haiti"
    )
    assert _data(markup) == [
        "d:tps-status:en:tps-haiti",
        "d:daca:en:tps-haiti",
        "d:legal-help:en:tps-haiti",
        "m:en",
    ]


def test_visible_text_drops_invisible_and_control_characters() -> None:
    """Zero-width and bidi characters vanish, control characters separate words."""
    assert visible_text("i\u200bce\u200d at\tmy\ndoor\u202e\x00") == "ice at my door"
    assert visible_text("\u200b\u200b") == ""
    assert visible_text("  😨🙏  ") == "😨🙏"
    assert re.fullmatch(r"[\w ¿?]+", visible_text("¿Qué\u2060 hago?"))
