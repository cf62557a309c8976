"""What people read: answers in HTML and plain text, escaping, dates per locale, safe splitting."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

from hypothesis import example, given
from hypothesis import strategies as st

from bot.answering import IntentContent, ProgramContent, Reply, SourceLink
from bot.rendering import (
    MESSAGE_LIMIT,
    render_html,
    render_text,
    split_html,
)
from intents import Decision
from tests.contentkit import RULES, topic_flags

REVIEWED = date(2026, 4, 1)
TITLES = {
    "ice-at-door": {"en": "ICE at your door", "es": "ICE en su puerta"},
    "daca": {"en": "DACA", "es": "DACA"},
}


def intent(
    slug: str = "ice-at-door", topic: str = "know-your-rights", **answers: str
) -> IntentContent:
    """A curated intent with an answer per language."""
    return IntentContent(
        slug=slug,
        topic=topic,
        jurisdiction="federal",
        titles=TITLES.get(slug, {"en": slug, "es": slug}),
        answers=answers
        or {
            "en": "No. Do not open the door.\n• Talk through the door.",
            "es": "No. No abra la puerta.\n• Hable a través de la puerta.",
        },
        reviewed={"en": REVIEWED, "es": REVIEWED},
        sources=(SourceLink("ILRC — Red cards", "https://www.ilrc.org/red-cards?a=1&b=2"),),
        related=(),
        **topic_flags(topic),
    )


def program(status: str = "terminated", **dates: date | None) -> ProgramContent:
    """A TPS program with a status and optional dates."""
    return ProgramContent(
        slug="tps-honduras",
        kind="tps",
        names={"en": "Honduras", "es": "Honduras"},
        status=status,
        valid_until=dates.get("valid_until"),
        reregistration_start=dates.get("start"),
        reregistration_end=dates.get("end"),
        summary={"en": "As of March 2026, TPS ended.", "es": "A marzo de 2026, el TPS terminó."},
        source=SourceLink("USCIS — TPS Honduras", "https://www.uscis.gov/tps"),
        reviewed=REVIEWED,
        status_labels=RULES.program_statuses.get(status, {}),
    )


def answer(
    content: IntentContent,
    prog: ProgramContent | None = None,
    lang: str = "en",
    status_is_answer: bool = False,
) -> Reply:
    """A confident answer (about a program, if one is given)."""
    return Reply(Decision.ANSWER, lang, 0.9, content, prog, (), status_is_answer)


class _TagChecker(HTMLParser):
    """Collects tag problems: closing tags that were never opened, tags left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(chunk: str) -> str:
    """Assert a message is well-formed Telegram HTML on its own; return its visible text."""
    checker = _TagChecker()
    checker.feed(chunk)
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.stack, f"unclosed tags {checker.stack} in {chunk!r}"
    outside_tags = re.sub(r"</?(b|i|a)(\s[^>]*)?>", "", chunk)
    assert not re.search(r"[<>]|&(?!(amp|lt|gt|quot);)", outside_tags), "unescaped text"
    return "".join(checker.text)


def utf16(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


# --- answers --------------------------------------------------------------------------------------


def test_answer_first_line_bold_then_text_source_and_date() -> None:
    """The first line is bold, then the answer, its source as a link and the review date."""
    [message] = render_html(answer(intent()), "en")
    assert message.startswith("<b>No. Do not open the door.</b>\n• Talk through the door.")
    assert '<a href="https://www.ilrc.org/red-cards?a=1&amp;b=2">ILRC — Red cards</a>' in message
    assert "Last reviewed: April 1, 2026" in message
    check_html(message)


def test_spanish_answer_has_spanish_labels_and_dates() -> None:
    """In Spanish, the labels are translated and the date is written the Spanish way."""
    [message] = render_html(answer(intent(), lang="es"), "es")
    assert message.startswith("<b>No. No abra la puerta.</b>")
    assert "Fuente: <a" in message
    assert "Última revisión: 1 de abril de 2026" in message
    assert "Esto es información, no asesoría legal." in message


def test_curated_and_source_text_is_escaped() -> None:
    """HTML in content can never become markup: it is shown as the characters typed."""
    content = intent(en="Use <b>this</b> & <script>x</script>\nA > B")
    [message] = render_html(answer(content), "en")
    assert message.startswith(
        "<b>Use &lt;b&gt;this&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</b>\nA &gt; B"
    )
    text = check_html(message)
    assert "<script>x</script>" in text


def test_legal_advice_footer_where_it_matters_and_only_once() -> None:
    """Know-your-rights answers carry the footer; it is not repeated when the answer has it."""
    [with_footer] = render_html(answer(intent()), "en")
    assert with_footer.endswith("ℹ️ This is information, not legal advice.")
    already = intent(en="No.\n• Stay calm.\nThis is information, not legal advice.")
    [message] = render_html(answer(already), "en")
    assert message.count("not legal advice") == 1
    [city] = render_html(answer(intent("city-services", "local-protections")), "en")
    assert "legal advice" not in city


def test_program_status_is_the_answer_for_tps_status() -> None:
    """ "TPS Honduras": the program's status, dates, summary and source, as of its review."""
    prog = program("terminated", valid_until=date(2026, 9, 9))
    [message] = render_html(answer(intent("tps-status", "programs"), prog, "en", True), "en")
    assert message.startswith("<b>TPS Honduras</b>\nStatus: Terminated\n")
    assert "Valid until: September 9, 2026" in message
    assert "As of March 2026, TPS ended." in message
    assert '<a href="https://www.uscis.gov/tps">USCIS — TPS Honduras</a>' in message
    assert "Status as of April 1, 2026" in message
    assert "Do not open the door" not in message  # the general text only says "name a country"
    check_html(message)


def test_program_status_in_spanish() -> None:
    """Status label, dates and summary in Spanish."""
    prog = program("court-protected", start=date(2026, 1, 10), end=date(2026, 3, 11))
    [message] = render_html(answer(intent("tps-status", "programs"), prog, "es", True), "es")
    assert "Estado: Sigue vigente por una orden judicial, por ahora" in message
    assert "Reinscripción: del 10 de enero de 2026 al 11 de marzo de 2026" in message
    assert "A marzo de 2026, el TPS terminó." in message
    assert "Situación al 1 de abril de 2026" in message


def test_program_block_follows_other_answers() -> None:
    """For re-registration (or DACA) naming a program, the answer comes first, then the dates."""
    prog = program("active", end=date(2026, 3, 11))
    content = intent("tps-reregistration", "programs", en="Re-register on time.\n• File I-821.")
    [message] = render_html(answer(content, prog), "en")
    assert message.index("Re-register on time.") < message.index("<b>TPS Honduras</b>")
    assert "Re-registration ends: March 11, 2026" in message


def test_program_block_only_with_answers_about_programs() -> None:
    """ "TPS Honduras lawyer" answers about legal help without a status block."""
    [message] = render_html(answer(intent("legal-help", "getting-help"), program()), "en")
    assert "TPS Honduras" not in message


def test_unknown_status_says_to_check() -> None:
    """A status code the bot does not know is never shown raw: it says to check the latest."""
    [message] = render_html(answer(intent("tps-status", "programs"), program("paused")), "en")
    assert "Status: Changing: check the latest official information" in message


def test_every_status_is_shown_in_words() -> None:
    """Each status of the rules reads as its label, never as its code."""
    for status, labels in RULES.program_statuses.items():
        for lang, label in labels.items():
            prog = program(status)
            [message] = render_html(answer(intent("tps-status", "programs"), prog, lang), lang)
            assert html.escape(label, quote=False) in message
            assert status not in message.replace("tps-status", "")


# --- not sure, and don't know --------------------------------------------------------------------


def test_suggestions_are_buttons_in_telegram_and_a_list_in_the_terminal() -> None:
    """ "Did you mean…?": Telegram shows buttons (keyboards.py), the terminal lists titles."""
    reply = Reply(Decision.SUGGEST, "es", 0.5, suggestions=(intent(), intent("daca", "programs")))
    [message] = render_html(reply, "es")
    assert message == "No sé si le entendí bien. ¿Quiso decir alguna de estas opciones?"
    assert "ICE en su puerta" not in message
    text = render_text(reply, "es")
    assert "• ICE en su puerta\n• DACA" in text


def test_fallback_says_it_does_not_know_and_gives_the_hotline() -> None:
    """No guess: a plain "I don't know" and the hotline passed in."""
    reply = Reply(Decision.FALLBACK, "en", 0.1)
    [message] = render_html(reply, "en", hotline="800-555-0100")
    assert "I don't know the answer" in message
    assert "CHIRLA / LA Rapid Response Network hotline: 800-555-0100" in message
    assert "888-624-4752" in render_text(reply, "en")  # the settings' default
    assert "no sé la respuesta" in render_text(Reply(Decision.FALLBACK, "es", 0.1), "es")


def test_plain_text_has_the_same_content_without_html() -> None:
    """The terminal rendering: no tags, no entities, links written out."""
    content = intent(en="Use <this> & that.\n• Step one.")
    text = render_text(answer(content, program("active")), "en")
    assert text.startswith("Use <this> & that.\n• Step one.")
    assert "ILRC — Red cards (https://www.ilrc.org/red-cards?a=1&b=2)" in text
    assert "Last reviewed: April 1, 2026" in text
    assert not re.search(r"</?(b|a)\b|&amp;", text)


# --- splitting ------------------------------------------------------------------------------------


def test_short_messages_are_not_split() -> None:
    """Up to the limit, a message stays whole."""
    assert split_html("<b>x</b>\n" + "y" * 100) == ["<b>x</b>\n" + "y" * 100]


def test_long_answers_split_at_line_breaks() -> None:
    """Over 4,096 characters, messages break between lines, each within the limit."""
    lines = [f"• Line {n}: " + "word " * 30 for n in range(60)]
    content = intent(en="Title\n" + "\n".join(lines))
    chunks = render_html(answer(content), "en")
    assert len(chunks) > 1
    original_lines = {html.escape(line.strip(), quote=False) for line in lines}
    for chunk in chunks:
        assert utf16(chunk) <= MESSAGE_LIMIT
        check_html(chunk)
        body = [line.rstrip() for line in chunk.split("\n") if line.startswith("• Line")]
        assert set(body) <= original_lines, "a line was cut in two"
    assert chunks[-1].endswith("ℹ️ This is information, not legal advice.")


def test_one_overlong_line_splits_between_words_and_keeps_tags_balanced() -> None:
    """A single line longer than a message is cut between words; bold is closed and reopened."""
    text = "<b>" + " ".join(f"w{n}" for n in range(3000)) + "</b>"
    chunks = split_html(text)
    assert len(chunks) > 1
    words: list[str] = []
    for chunk in chunks:
        assert utf16(chunk) <= MESSAGE_LIMIT
        assert chunk.startswith("<b>") and chunk.endswith("</b>")
        words += check_html(chunk).split()
    assert words == [f"w{n}" for n in range(3000)]


def test_entities_and_emoji_are_never_cut() -> None:
    """Splits fall between entities, and emoji count twice, as in Telegram."""
    chunks = split_html("&amp;" * 2000, limit=1000)
    assert all(re.fullmatch(r"(&amp;)+", chunk) for chunk in chunks)
    emoji = split_html("😀" * 5000)
    assert all(utf16(chunk) <= MESSAGE_LIMIT for chunk in emoji)
    assert "".join(emoji) == "😀" * 5000


_PLAIN = st.text(alphabet=st.sampled_from("ab <>&\n😀é"), max_size=60)


@given(
    parts=st.lists(st.tuples(_PLAIN, st.booleans()), min_size=1, max_size=30),
    limit=st.integers(min_value=60, max_value=400),
)
# An empty bold element inside a word cut in fragments once came out as "</b></b>" … "<b>".
@example(parts=[("<<<<", False), ("<<<<", True), ("", True), ("<<<<", False)], limit=60)
def test_any_escaped_html_splits_into_valid_messages(
    parts: list[tuple[str, bool]], limit: int
) -> None:
    """Whatever the text, every message fits, is valid on its own and nothing is lost."""
    markup = "".join(
        f"<b>{html.escape(text, quote=False)}</b>" if bold else html.escape(text, quote=False)
        for text, bold in parts
    )
    chunks = split_html(markup, limit)
    visible = ""
    for chunk in chunks:
        assert utf16(chunk) <= limit
        visible += check_html(chunk)
    original = "".join(text for text, _bold in parts)
    assert re.sub(r"\s", "", visible) == re.sub(r"\s", "", original)
