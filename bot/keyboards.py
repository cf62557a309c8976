"""Inline keyboards and the callback data their buttons carry.

Callback data are short plain strings, so buttons keep working after a restart and stay under
Telegram's 64-byte limit. Each pattern below sits next to the function that writes it:

    m[:<lang>]                          the topic menu
    t:<topic>[:<lang>]                  the intents of one topic
    a:<slug>[:<lang>[:<program>]]       an answer (program: the country a TPS answer is about)
    d:<slug>[:<lang>[:<program>]]       the same, chosen from "did you mean…?" (counted per intent)
    f:<1|0>:<slug>[:<lang>]             a 👍 or 👎 on an answer
    l:<lang>                            choose the language
    s:<topic|all|general|program>       subscribe to / unsubscribe from a topic or program
    r:<program>                         "Remind me" under a program's status: subscribe to it
    k:<1|0>:<lang>                      keep (or not) an unanswered question for volunteers

Buttons that open content carry the language they were shown in, so a Spanish answer's buttons
open Spanish answers even for a person whose Telegram is set to English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answering import Answerer, IntentContent, ProgramContent, Reply
from bot.i18n import _, current_locale, language_name
from bot.rendering import program_title
from db.broadcasts import GENERAL
from db.chats import ALL_TOPICS
from db.content import Topic
from intents import Decision
from intents.languages import languages

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit
# "Did you mean…?" offers at most this many intents.
SUGGESTIONS_SHOWN = 3

_SLUG = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True)
class Patterns:
    """The callback data each button handler accepts, for one set of languages (a button in a
    language Puente no longer speaks matches none, and is answered as stale)."""

    menu: re.Pattern[str]
    topic: re.Pattern[str]
    answer: re.Pattern[str]
    choice: re.Pattern[str]
    feedback: re.Pattern[str]
    language: re.Pattern[str]
    subscribe: re.Pattern[str]
    remind: re.Pattern[str]
    consent: re.Pattern[str]


def patterns() -> Patterns:
    """The callback data patterns for the languages Puente speaks."""
    return _patterns_for(languages())


@cache
def _patterns_for(langs: tuple[str, ...]) -> Patterns:
    """`patterns` for one set of languages."""
    lang = "|".join(langs)
    return Patterns(
        menu=re.compile(rf"^m(?::(?P<lang>{lang}))?$"),
        topic=re.compile(rf"^t:(?P<topic>{_SLUG})(?::(?P<lang>{lang}))?$"),
        answer=re.compile(
            rf"^a:(?P<slug>{_SLUG})(?::(?P<lang>{lang})(?::(?P<program>{_SLUG}))?)?$"
        ),
        choice=re.compile(
            rf"^d:(?P<slug>{_SLUG})(?::(?P<lang>{lang})(?::(?P<program>{_SLUG}))?)?$"
        ),
        feedback=re.compile(rf"^f:(?P<helpful>[01]):(?P<slug>{_SLUG})(?::(?P<lang>{lang}))?$"),
        language=re.compile(rf"^l:(?P<lang>{lang})$"),
        subscribe=re.compile(rf"^s:(?P<topic>{_SLUG})$"),
        remind=re.compile(rf"^r:(?P<slug>{_SLUG})$"),
        consent=re.compile(rf"^k:(?P<keep>[01]):(?P<lang>{lang})(?::(?P<answered>{_SLUG}))?$"),
    )


CONSENT_DATA = "k:"
FEEDBACK_DATA = "f:"


def _data(*parts: str) -> str | None:
    """Join callback data parts, or None when Telegram would refuse them as too long."""
    data = ":".join(parts)
    return data if len(data.encode()) <= CALLBACK_DATA_LIMIT else None


def _button(text: str, *parts: str) -> InlineKeyboardButton | None:
    """A callback button, or None when its data would not fit."""
    data = _data(*parts)
    return InlineKeyboardButton(text, callback_data=data) if data else None


def _column(buttons: Iterable[InlineKeyboardButton | None]) -> list[list[InlineKeyboardButton]]:
    """One button per row (labels are long phrases), skipping buttons that could not be made."""
    return [[button] for button in buttons if button is not None]


def answer_button(
    intent: IntentContent, program: str | None = None, kind: str = "a"
) -> InlineKeyboardButton | None:
    """A button opening an intent's answer (for a program, if the data has room for it);
    kind "d" marks a "did you mean" choice."""
    lang = current_locale()
    title = intent.title(lang)
    with_program = _button(title, kind, intent.slug, lang, program) if program else None
    return with_program or _button(title, kind, intent.slug, lang)


def topic_menu(topics: Iterable[Topic]) -> InlineKeyboardMarkup | None:
    """The topic menu: one button per topic that has answers; None when no topic has any
    (Telegram refuses a message with an empty keyboard, and the hotline must still go out)."""
    lang = current_locale()
    rows = _column(_button(t.label(lang), "t", t.slug, lang) for t in topics)
    return InlineKeyboardMarkup(rows) if rows else None


def topic_keyboard(intents: Iterable[IntentContent]) -> InlineKeyboardMarkup:
    """The intents of one topic, and a way back to the menu."""
    rows = _column(answer_button(intent) for intent in intents)
    back = _button("« " + _("All topics"), "m", current_locale())
    return InlineKeyboardMarkup([*rows, *_column([back])])


def answer_keyboard(slug: str, related: Iterable[IntentContent]) -> InlineKeyboardMarkup:
    """Buttons under an answer: related intents, then "Was this helpful? 👍 👎"."""
    lang = current_locale()
    feedback = [
        _button("👍 " + _("Helpful"), "f", "1", slug, lang),
        _button("👎 " + _("Not helpful"), "f", "0", slug, lang),
    ]
    rows = _column(answer_button(other) for other in related)
    votes = [button for button in feedback if button is not None]
    return InlineKeyboardMarkup([*rows, votes] if votes else rows)


def without_buttons(markup: InlineKeyboardMarkup | None, prefix: str) -> InlineKeyboardMarkup:
    """The keyboard without the buttons whose data starts with `prefix` (and rows left empty)."""
    rows = [
        [b for b in row if not _tagged(b, prefix)]
        for row in (markup.inline_keyboard if markup else ())
    ]
    return InlineKeyboardMarkup([row for row in rows if row])


def _tagged(button: InlineKeyboardButton, prefix: str) -> bool:
    """Whether a button's callback data starts with `prefix` (the kind of button it is)."""
    return str(button.callback_data or "").startswith(prefix)


def has_feedback(markup: InlineKeyboardMarkup | None) -> bool:
    """Whether a keyboard still has its 👍 👎 row (a vote on it was not counted yet)."""
    rows = markup.inline_keyboard if markup else ()
    return any(_tagged(b, FEEDBACK_DATA) for row in rows for b in row)


def without_feedback(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup:
    """The same keyboard with the 👍 👎 row taken away, so a vote cannot be counted twice."""
    return without_buttons(markup, FEEDBACK_DATA)


def consent_keyboard(
    lang: str, menu: InlineKeyboardMarkup | None, answered: str | None = None
) -> InlineKeyboardMarkup | None:
    """ "Yes" / "No" to keeping a question, above the topic menu or the rest of an answer's
    buttons (if any); `answered` names the answer marked unhelpful. None when the buttons would
    not fit in Telegram's callback data."""
    extra = (answered,) if answered else ()
    answers = [
        _button(_("Yes, share it"), "k", "1", lang, *extra),
        _button(_("No, thanks"), "k", "0", lang, *extra),
    ]
    if None in answers:
        return None
    rows = menu.inline_keyboard if menu else ()
    return InlineKeyboardMarkup([[b for b in answers if b is not None], *rows])


def suggestion_keyboard(
    intents: Iterable[IntentContent], program: str | None
) -> InlineKeyboardMarkup:
    """ "Did you mean…?": up to three intents, and the topic menu for anything else."""
    shown = list(intents)[:SUGGESTIONS_SHOWN]
    rows = _column(answer_button(intent, program, kind="d") for intent in shown)
    menu = _button(_("Something else: browse topics"), "m", current_locale())
    return InlineKeyboardMarkup([*rows, *_column([menu])])


def remind_button(program: ProgramContent) -> InlineKeyboardButton | None:
    """ "🔔 Remind me…" under a program's status: one tap subscribes to that program."""
    title = program_title(program, current_locale())
    label = _("Remind me about deadlines and changes for {program}").format(program=title)
    return _button("🔔 " + label, "r", program.slug)


def reply_keyboard(reply: Reply, answerer: Answerer) -> InlineKeyboardMarkup | None:
    """The buttons under a reply: related answers and 👍 👎, close intents, or the topic menu
    (None when there is no topic to offer); under a program's status, "Remind me" first."""
    if reply.kind is Decision.ANSWER and reply.intent is not None:
        related = [answerer.intents[s] for s in reply.intent.related if s in answerer.intents]
        keyboard = answer_keyboard(reply.intent.slug, related)
        if reply.program is None or not reply.intent.shows_program:
            return keyboard
        remind = _column([remind_button(reply.program)])
        return InlineKeyboardMarkup([*remind, *keyboard.inline_keyboard])
    if reply.kind is Decision.SUGGEST and reply.suggestions:
        program = reply.program.slug if reply.program else None
        return suggestion_keyboard(reply.suggestions, program)
    return topic_menu(answerer.topics())


def language_keyboard() -> InlineKeyboardMarkup:
    """Every language, each named in itself, the current one ticked."""
    current = current_locale()
    return InlineKeyboardMarkup(
        _column(
            _button(("✅ " if lang == current else "") + language_name(lang), "l", lang)
            for lang in languages()
        )
    )


def subscribe_keyboard(
    topics: Iterable[Topic], subscribed: set[str], programs: Iterable[ProgramContent] = ()
) -> InlineKeyboardMarkup:
    """General updates, everything, every topic and program, ticked where the chat is
    subscribed; a tap toggles."""
    lang = current_locale()
    labels = [
        (GENERAL, _("General updates")),
        (ALL_TOPICS, _("Everything")),
        *((topic.slug, topic.label(lang)) for topic in topics),
        *((program.slug, program_title(program, lang)) for program in programs),
    ]
    return InlineKeyboardMarkup(
        _column(
            _button(("✅ " if topic in subscribed else "") + label, "s", topic)
            for topic, label in labels
        )
    )
