"""What subscribers read: a broadcast's text checked as Telegram HTML, with its footer; the
texts of deadline reminders and program updates, written from the programs table."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

from bot.answering import ProgramContent
from bot.i18n import _, language_choices, use_locale
from bot.rendering import (
    MESSAGE_LIMIT,
    Freshness,
    bold,
    escape,
    format_day,
    program_status_html,
    program_title,
)
from intents.languages import languages

# Telegram's HTML parse mode: these tags only, and entities &lt; &gt; &amp; &quot; or numeric.
TELEGRAM_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    ]
)


class BroadcastTextError(ValueError):
    """A broadcast text Telegram would refuse, said in one line."""


class _Checker(HTMLParser):
    """Walk the text as Telegram would, remembering the first problem."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problem: str | None = None
        self.visible = 0

    def _refuse(self, problem: str) -> None:
        self.problem = self.problem or problem

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self._refuse(f"<{tag}> is not a tag Telegram accepts")
        elif tag == "a" and not dict(attrs).get("href"):
            self._refuse("<a> needs an href")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._refuse(f"<{tag}/> is not accepted (use a new line)")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self._refuse(f"</{tag}> does not close the last open tag")

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data or "&" in data:
            self._refuse("write <, > and & as &lt; &gt; &amp;")
        self.visible += len(data.encode("utf-16-le")) // 2

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self._refuse(f"&{name}; is not an entity Telegram accepts")
        self.visible += 1

    def handle_charref(self, name: str) -> None:
        self.visible += 1


def footer(lang: str) -> str:
    """The line under every broadcast: why the person gets it and how to stop."""
    with use_locale(lang):
        line = _("You get this because you subscribed to Puente updates. /unsubscribe to stop.")
    return "<i>" + escape(line) + "</i>"


def compose(text: str, lang: str) -> str:
    """A broadcast exactly as a subscriber in `lang` receives it."""
    return text.strip() + "\n\n" + footer(lang)


def check(text: str, lang: str) -> None:
    """Raise BroadcastTextError unless Telegram would accept the composed message."""
    if not text.strip():
        raise BroadcastTextError(f"the {lang} text is empty")
    checker = _Checker()
    checker.feed(compose(text, lang))
    checker.close()
    if checker.problem is None and checker.open:
        checker.problem = f"<{checker.open[-1]}> is never closed"
    if checker.problem:
        raise BroadcastTextError(f"the {lang} text is not valid Telegram HTML: {checker.problem}")
    if checker.visible > MESSAGE_LIMIT:
        raise BroadcastTextError(
            f"the {lang} text is too long: {checker.visible} characters with the footer, "
            f"Telegram allows {MESSAGE_LIMIT}"
        )


def check_texts(texts: dict[str, str], fallback_lang: str | None) -> dict[str, str]:
    """The texts to store: every language, or some and an explicit fallback; all checked."""
    given = {lang: text for lang, text in texts.items() if text and text.strip()}
    unknown = [lang for lang in given if lang not in languages()]
    if unknown:
        raise BroadcastTextError(
            f"Puente does not speak {unknown[0]!r}: choose {language_choices()}"
        )
    missing = [lang for lang in languages() if lang not in given]
    if missing and fallback_lang is None:
        raise BroadcastTextError(
            f"a text in every language is required (missing: {', '.join(missing)}); to send "
            "one language to everyone, say so with --fallback-lang"
        )
    if fallback_lang is not None and fallback_lang not in given:
        raise BroadcastTextError(
            f"--fallback-lang {fallback_lang}: there is no {fallback_lang} text"
        )
    for lang, text in given.items():
        check(text, lang)
    return given


def text_for(texts: dict[str, str], fallback_lang: str | None, lang: str) -> tuple[str, str]:
    """(text, language it is in) for a chat in `lang`."""
    if lang in texts:
        return texts[lang], lang
    chosen = fallback_lang if fallback_lang in texts else next(iter(texts))
    return texts[chosen], chosen


# --- texts written from the programs table ------------------------------------------------------


def reminder_texts(
    program: ProgramContent, days: int, end: date, fresh: Freshness
) -> dict[str, str]:
    """A deadline reminder in every language (`fresh`: judged on the day it goes out)."""
    texts = {}
    for lang in languages():
        with use_locale(lang):
            fields = {"program": program_title(program, lang), "date": format_day(end, lang)}
            if days == 1:
                head = _("Tomorrow, {date}, is the last day to re-register for {program}.")
            else:
                head = _("{days} days left to re-register for {program}: it ends on {date}.")
                fields["days"] = str(days)
            texts[lang] = (
                "🔔 "
                + bold(head.format(**fields))
                + "\n\n"
                + program_status_html(program, lang, fresh)
            )
    return texts


def update_texts(program: ProgramContent, fresh: Freshness) -> dict[str, str]:
    """A program update (its status or dates changed) in every language, for approval."""
    texts = {}
    for lang in languages():
        with use_locale(lang):
            head = _("Update on {program}").format(program=program_title(program, lang))
        texts[lang] = "📣 " + bold(head) + "\n\n" + program_status_html(program, lang, fresh)
    return texts
