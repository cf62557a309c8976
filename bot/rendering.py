"""Turn a Reply into what a person reads: Telegram HTML chunks, or plain text for the terminal.

One composer writes both forms through a small markup table, so the terminal chat volunteers use
to test content shows exactly what Telegram users get, minus the HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from babel.dates import format_date

from bot.answering import IntentContent, ProgramContent, Reply, SourceLink
from bot.i18n import _, use_locale
from bot.settings import Settings
from db.content import REVIEW_MAX_AGE_DAYS, in_language
from intents import Decision
from intents.smalltalk import SmallTalk

# Telegram refuses longer messages; counted in UTF-16 code units, like Telegram counts.
MESSAGE_LIMIT = 4096

DEFAULT_HOTLINE: str = Settings.model_fields["hotline_phone"].default


def _status_label(program: ProgramContent, lang: str) -> str:
    """A program's status in words; one the rules do not label says to check, never its code."""
    return program.status_label(lang) or _("Changing: check the latest official information")


def format_day(day: date, lang: str) -> str:
    """A date written out for the locale ("April 1, 2026", "1 de abril de 2026")."""
    return format_date(day, format="long", locale=lang)


@dataclass(frozen=True)
class Freshness:
    """When a review counts as old: content checked before `today - max_age` says so."""

    today: date
    max_age: timedelta = timedelta(days=REVIEW_MAX_AGE_DAYS)

    @classmethod
    def now(cls, max_age_days: int = REVIEW_MAX_AGE_DAYS) -> Freshness:
        """Judged against today's date (UTC)."""
        return cls(datetime.now(UTC).date(), timedelta(days=max_age_days))

    def is_stale(self, reviewed: date) -> bool:
        """Whether a review is older than the allowed age."""
        return self.today - reviewed > self.max_age


@dataclass(frozen=True)
class _Markup:
    """How the composer marks text up: Telegram HTML or plain text."""

    escape: Callable[[str], str]
    bold: Callable[[str], str]
    link: Callable[[SourceLink], str]
    # In Telegram the choices are buttons; the terminal has none, so it lists them.
    list_choices: bool


def escape(text: str) -> str:
    """Escape text for Telegram HTML (quotes only matter inside attributes)."""
    return html.escape(text, quote=False)


def bold(text: str) -> str:
    """Escaped text in bold, in Telegram HTML."""
    return f"<b>{escape(text)}</b>"


_HTML = _Markup(
    escape=escape,
    bold=bold,
    link=lambda source: f'<a href="{html.escape(source.url)}">{escape(source.title)}</a>',
    list_choices=False,
)
_TEXT = _Markup(
    escape=lambda text: text,
    bold=lambda text: text,
    link=lambda source: f"{source.title} ({source.url})",
    list_choices=True,
)


def _source_lines(sources: tuple[SourceLink, ...], m: _Markup) -> list[str]:
    """One "Source:" line, or a "Sources:" heading with one bullet per source."""
    if len(sources) == 1:
        return [m.escape(_("Source: {link}")).format(link=m.link(sources[0]))]
    return [m.escape(_("Sources:")), *("• " + m.link(source) for source in sources)]


def program_title(program: ProgramContent, lang: str) -> str:
    """ "TPS Honduras", "DACA": the program's kind and name."""
    name = in_language(program.names, lang)
    return name if program.kind.lower() in name.lower() else f"{program.kind.upper()} {name}"


def _stale_lines(
    reviewed: date, source: SourceLink | None, lang: str, m: _Markup, fresh: Freshness
) -> list[str]:
    """One line on old content: when it was last checked, and where to check now."""
    if source is None or not fresh.is_stale(reviewed):
        return []
    line = _(
        "⚠️ Last checked on {date} ({days} days ago), so this may have changed. "
        "Check the latest: {link}"
    )
    day, days = m.escape(format_day(reviewed, lang)), (fresh.today - reviewed).days
    return [m.escape(line).format(date=day, days=days, link=m.link(source))]


def _program_lines(program: ProgramContent, lang: str, m: _Markup, fresh: Freshness) -> list[str]:
    """A program's status block: status, dates, summary, source, "status as of" and age."""
    lines = [
        m.bold(program_title(program, lang)),
        m.escape(_("Status: {status}").format(status=_status_label(program, lang))),
    ]
    day = {
        "valid": program.valid_until,
        "start": program.reregistration_start,
        "end": program.reregistration_end,
    }
    shown = {key: m.escape(format_day(value, lang)) for key, value in day.items() if value}
    if "valid" in shown:
        lines.append(m.escape(_("Valid until: {date}")).format(date=shown["valid"]))
    if "start" in shown and "end" in shown:
        window = _("Re-registration: {start} to {end}")
        lines.append(m.escape(window).format(start=shown["start"], end=shown["end"]))
    elif "end" in shown:
        lines.append(m.escape(_("Re-registration ends: {date}")).format(date=shown["end"]))
    elif "start" in shown:
        lines.append(m.escape(_("Re-registration opens: {date}")).format(date=shown["start"]))
    summary = in_language(program.summary, lang)
    if summary:
        lines.append(m.escape(summary))
    lines.append(m.escape(_("Source: {link}")).format(link=m.link(program.source)))
    as_of = m.escape(format_day(program.reviewed, lang))
    lines.append(m.escape(_("Status as of {date}")).format(date=as_of))
    return lines + _stale_lines(program.reviewed, program.source, lang, m, fresh)


def program_status_html(program: ProgramContent, lang: str, fresh: Freshness) -> str:
    """A program's status block in Telegram HTML, as answers show it (for program updates)."""
    with use_locale(lang):
        return "\n".join(_program_lines(program, lang, _HTML, fresh))


def _answer_lines(
    reply: Reply, intent: IntentContent, lang: str, m: _Markup, fresh: Freshness
) -> list[str]:
    """The curated answer (first line bold), program status, sources, review date, footer.

    When the program's status stands in for the answer (tps-status for a TPS country), the
    status block is the answer: the general text would only say "name your country". Other
    answers about programs (re-registration, DACA) show the block after the answer; answers on
    other topics leave it out.
    """
    program = reply.program if intent.shows_program else None
    if program is not None and reply.status_is_answer:
        lines, body = _program_lines(program, lang, m, fresh), ""
    else:
        first, _sep, body = in_language(intent.answers, lang).strip().partition("\n")
        lines = [m.bold(first.strip())]
        if body.strip():
            lines.append(m.escape(body.strip()))
        if program is not None:
            lines += ["", *_program_lines(program, lang, m, fresh)]
        lines.append("")
        if intent.sources:
            lines += _source_lines(intent.sources, m)
        reviewed = intent.reviewed.get(lang) or max(intent.reviewed.values(), default=None)
        if reviewed:
            last = m.escape(format_day(reviewed, lang))
            lines.append(m.escape(_("Last reviewed: {date}")).format(date=last))
            # The first source is the official page to re-check.
            official = intent.sources[0] if intent.sources else None
            lines += _stale_lines(reviewed, official, lang, m, fresh)
    disclaimer = _("This is information, not legal advice.")
    # Most curated answers already end with this line; never say it twice.
    needs_disclaimer = intent.disclaimer or program is not None
    if needs_disclaimer and disclaimer.rstrip(".").lower() not in body.lower():
        lines += ["", "ℹ️ " + m.escape(disclaimer)]
    return lines


def _suggest_lines(suggestions: tuple[IntentContent, ...], lang: str, m: _Markup) -> list[str]:
    """ "Did you mean…?" with the close intents (as a list where there are no buttons)."""
    lines = [m.escape(_("I'm not sure I understood. Did you mean one of these?"))]
    if m.list_choices:
        lines += ["• " + m.escape(intent.title(lang)) for intent in suggestions[:3]]
    return lines


def _fallback_lines(hotline: str, m: _Markup) -> list[str]:
    """Say plainly that the bot does not know, and where to turn instead."""
    return [
        m.bold(_("Sorry, I don't know the answer to that, and I don't want to guess.")),
        m.escape(
            _(
                "Try asking in other words, browse the topics, or call the CHIRLA / LA Rapid "
                "Response Network hotline: {phone}"
            ).format(phone=hotline)
        ),
    ]


def _small_talk_lines(talk: SmallTalk, m: _Markup) -> list[str]:
    """Hello or "you're welcome" back, and an invitation to ask (the topics go under it)."""
    if talk is SmallTalk.THANKS:
        return [
            m.escape(
                _(
                    "You're welcome. If you have another question, type it here, or choose a "
                    "topic below."
                )
            )
        ]
    return [
        m.bold(_("Hello!")),
        m.escape(_("Type your question in your own words, or choose a topic below.")),
    ]


def _compose(reply: Reply, lang: str, m: _Markup, hotline: str, fresh: Freshness | None) -> str:
    """The whole reply as one string in the given markup."""
    with use_locale(lang):
        if reply.small_talk is not None:
            lines = _small_talk_lines(reply.small_talk, m)
        elif reply.kind is Decision.ANSWER and reply.intent is not None:
            lines = _answer_lines(reply, reply.intent, lang, m, fresh or Freshness.now())
        elif reply.kind is Decision.SUGGEST and reply.suggestions:
            lines = _suggest_lines(reply.suggestions, lang, m)
        else:
            lines = _fallback_lines(hotline, m)
        if reply.elsewhere:
            # Say why the city's or the state's rules were not given as the answer.
            lines = [
                m.escape(
                    _(
                        "Puente's answers on city and state rules are for Los Angeles and "
                        "California only."
                    )
                ),
                *lines,
            ]
    return "\n".join(lines).strip()


def render_html(
    reply: Reply, lang: str, hotline: str = DEFAULT_HOTLINE, fresh: Freshness | None = None
) -> list[str]:
    """The reply as Telegram HTML (parse_mode HTML), split into messages Telegram accepts.

    Content reviewed longer ago than `fresh` allows (default: 120 days before today) carries a
    line saying so.
    """
    return split_html(_compose(reply, lang, _HTML, hotline, fresh))


def render_text(
    reply: Reply, lang: str, hotline: str = DEFAULT_HOTLINE, fresh: Freshness | None = None
) -> str:
    """The same reply as plain text, for the terminal chat."""
    return _compose(reply, lang, _TEXT, hotline, fresh)


# --- splitting long HTML --------------------------------------------------------------------------

# Tags and entities are single tokens, so a split can never fall inside one.
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")
_TAG_NAME = re.compile(r"</?([a-zA-Z][\w-]*)")


def _size(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _after(open_tags: tuple[str, ...], piece: str) -> tuple[str, ...]:
    """The opening tags still open after `piece`, given those open before it."""
    stack = list(open_tags)
    for tag in re.findall(r"<[^>]*>", piece):
        if tag.startswith("</"):
            if stack:
                stack.pop()
        else:
            stack.append(tag)
    return tuple(stack)


def _closers(open_tags: tuple[str, ...]) -> str:
    """Closing tags for every open tag, innermost first."""
    return "".join(f"</{_tag_name(tag)}>" for tag in reversed(open_tags))


def _tag_name(tag: str) -> str:
    """The name of a tag ("<a href='…'>" → "a")."""
    match = _TAG_NAME.match(tag)
    assert match is not None, tag  # the text is HTML Puente rendered: every tag has a name
    return match.group(1)


def _fragments(word: str, step: int) -> list[str]:
    """A word too long for one message, cut every `step` code points between tags and entities.

    Opening tags stay with the text after them and closing tags with the text before them, so no
    fragment is an empty element.
    """
    fragments: list[str] = []
    pending = ""
    for token in _TOKEN.findall(word):
        if token.startswith("</") and pending:
            pending += token  # an empty element (<b></b>) stays whole and in order
        elif token.startswith("</") and fragments:
            fragments[-1] += token
        elif token.startswith("<") and len(token) > 1:
            pending += token
        elif token.startswith("&"):
            fragments.append(pending + token)
            pending = ""
        else:
            for start in range(0, len(token), step):
                fragments.append(pending + token[start : start + step])
                pending = ""
    if pending:
        fragments.append(pending)
    return fragments


def _words(line: str) -> Iterator[tuple[str, str]]:
    """(whitespace before, word) pairs; tags and entities never break a word apart."""
    space, word = "", ""
    for token in _TOKEN.findall(line):
        if not token.isspace():
            word += token
            continue
        if word:
            yield space, word
            space, word = "", ""
        space += token
    if word:
        yield space, word


def _pieces(text: str, limit: int) -> Iterator[tuple[str, str]]:
    """(separator, piece) pairs: whole lines, or words (or fragments) of lines too long to fit."""
    budget = limit - min(256, limit // 4)  # room for tags closed and reopened around a split
    for number, line in enumerate(text.split("\n")):
        line_break = "\n" if number else ""
        if _size(line) <= budget:
            yield line_break, line
            continue
        for index, (space, word) in enumerate(_words(line)):
            separator = line_break + space if index == 0 else space
            # Code points are at most two UTF-16 units each, so budget // 2 always fits.
            for part in [word] if _size(word) <= budget else _fragments(word, budget // 2):
                yield separator, part
                separator = ""


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split Telegram HTML into messages of at most `limit`, at line breaks where possible.

    A split never falls inside a tag or an entity; tags open at a split are closed at the end of
    one message and reopened at the start of the next, so every message is valid on its own.
    """
    if _size(text) <= limit:
        return [text]
    chunks: list[str] = []
    current, has_text = "", False
    open_tags: tuple[str, ...] = ()
    for separator, piece in _pieces(text, limit):
        tags_after = _after(open_tags, piece)
        candidate = current + (separator if has_text else "") + piece
        if not has_text or _size(candidate + _closers(tags_after)) <= limit:
            current, open_tags = candidate, tags_after
            has_text = has_text or bool(piece.strip())
            continue
        chunks.append(current + _closers(open_tags))
        current, open_tags = "".join(open_tags) + piece, tags_after
        has_text = bool(piece.strip())
    if has_text:
        chunks.append(current + _closers(open_tags))
    return [chunk.strip() for chunk in chunks]
