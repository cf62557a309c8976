"""Review dates people can see: old answers and statuses say when they were checked, and where."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.answering import IntentContent, ProgramContent, Reply, SourceLink
from bot.rendering import Freshness, render_html, render_text
from bot.settings import Settings
from intents import Decision
from tests.contentkit import RULES, topic_flags

REVIEWED = date(2026, 4, 1)
OLD = Freshness(date(2026, 11, 30))  # 243 days after REVIEWED, default age of 120 days
OFFICIAL = SourceLink("USCIS — TPS", "https://www.uscis.gov/tps")


def intent(topic: str = "know-your-rights") -> IntentContent:
    """An intent reviewed on REVIEWED whose first source is the official page."""
    return IntentContent(
        slug="ice-at-door" if topic != "programs" else "tps-status",
        topic=topic,
        jurisdiction="federal",
        titles={"en": "ICE at your door", "es": "ICE en su puerta"},
        answers={"en": "No. Do not open.\n• Stay calm.", "es": "No. No abra.\n• Calma."},
        reviewed={"en": REVIEWED, "es": REVIEWED},
        sources=(OFFICIAL, SourceLink("News", "https://news.example/story")),
        related=(),
        **topic_flags(topic),
    )


def program(
    reviewed: date = REVIEWED, status: str = "check-latest", kind: str = "tps"
) -> ProgramContent:
    """A program reviewed on `reviewed`, its status labelled as the shipped rules say."""
    return ProgramContent(
        slug="tps-haiti",
        kind=kind,
        names={"en": "Haiti", "es": "Haití"},
        status=status,
        valid_until=None,
        reregistration_start=None,
        reregistration_end=None,
        summary={"en": "As of April 2026, check.", "es": "A abril de 2026, revise."},
        source=SourceLink("USCIS — TPS Haiti", "https://www.uscis.gov/tps-haiti"),
        reviewed=reviewed,
        status_labels=RULES.program_statuses[status],
    )


def answer(content: IntentContent, lang: str, prog: ProgramContent | None = None) -> Reply:
    """A confident answer; a program's status stands in for tps-status."""
    return Reply(Decision.ANSWER, lang, 1.0, content, prog, (), prog is not None)


def test_an_old_answer_says_when_it_was_checked_and_links_its_official_page() -> None:
    [message] = render_html(answer(intent(), "en"), "en", fresh=OLD)
    line = (
        "⚠️ Last checked on April 1, 2026 (243 days ago), so this may have changed. "
        'Check the latest: <a href="https://www.uscis.gov/tps">USCIS — TPS</a>'
    )
    assert line in message.split("\n")
    # Right under the review date, before the legal-advice footer.
    assert message.index("Last reviewed: April 1, 2026") < message.index(line)
    assert message.index(line) < message.index("not legal advice")


def test_the_line_is_in_the_readers_language() -> None:
    [message] = render_html(answer(intent(), "es"), "es", fresh=OLD)
    assert (
        "⚠️ Revisado por última vez el 1 de abril de 2026 (hace 243 días), así que puede haber "
        'cambiado. Consulte lo más reciente: <a href="https://www.uscis.gov/tps">USCIS — TPS</a>'
    ) in message.split("\n")


@pytest.mark.parametrize(("age", "stale"), [(119, False), (120, False), (121, True)])
def test_only_answers_older_than_the_allowed_age_carry_it(age: int, stale: bool) -> None:
    fresh = Freshness(REVIEWED + timedelta(days=age))
    text = render_text(answer(intent(), "en"), "en", fresh=fresh)
    assert ("⚠️ Last checked" in text) is stale


def test_the_age_is_configurable() -> None:
    month = Freshness(REVIEWED + timedelta(days=31), timedelta(days=30))
    text = render_text(answer(intent(), "en"), "en", fresh=month)
    assert "⚠️ Last checked on April 1, 2026 (31 days ago)" in text
    assert Settings().review_max_age_days == 120


def test_settings_read_the_age_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_MAX_AGE_DAYS", "45")
    monkeypatch.setenv("UNANSWERED_RETENTION_DAYS", "7")
    settings = Settings()
    assert (settings.review_max_age_days, settings.unanswered_retention_days) == (45, 7)


def test_an_old_program_status_says_so_with_its_own_source() -> None:
    text = render_text(answer(intent("programs"), "en", program()), "en", fresh=OLD)
    assert text.split("\n")[:2] == [
        "TPS Haiti",
        "Status: Changing: check the latest official information",
    ]
    assert (
        "⚠️ Last checked on April 1, 2026 (243 days ago), so this may have changed. "
        "Check the latest: USCIS — TPS Haiti (https://www.uscis.gov/tps-haiti)"
    ) in text.split("\n")
    assert text.index("Status as of April 1, 2026") < text.index("⚠️ Last checked")


def test_spanish_status_labels_for_changing_and_daca() -> None:
    text = render_text(answer(intent("programs"), "es", program()), "es", fresh=OLD)
    assert "Estado: " + RULES.status_label("check-latest", "es") in text
    daca = program(status="renewals-only", kind="daca")
    text = render_text(answer(intent("programs"), "es", daca), "es", fresh=OLD)
    assert "Estado: " + RULES.status_label("renewals-only", "es") in text
    english = render_text(answer(intent("programs"), "en", daca), "en", fresh=OLD)
    assert "no new applications" not in english
    assert "Status: " + RULES.status_label("renewals-only", "en") in english


def test_a_recent_status_under_an_old_answer_flags_only_the_answer() -> None:
    """The program block follows the answer; each is judged by its own review date."""
    content = IntentContent(**{**intent("programs").__dict__, "slug": "tps-reregistration"})
    recent = program(reviewed=OLD.today - timedelta(days=10))
    reply = Reply(Decision.ANSWER, "en", 1.0, content, recent, (), False)
    text = render_text(reply, "en", fresh=OLD)
    assert text.count("⚠️ Last checked") == 1
    assert "(https://www.uscis.gov/tps)" in text.split("⚠️ Last checked")[1].split("\n")[0]
