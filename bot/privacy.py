"""Scrub personal identifiers out of a question before curators may see it."""

from __future__ import annotations

import re

# Order matters: e-mail addresses and A-numbers contain digit runs the later patterns would eat.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # Alien registration numbers: A + 8 or 9 digits, written A123456789, A-123-456-789, A# 12345678.
    (
        re.compile(r"(?<![A-Za-z0-9])A\s*[-#:.]?\s*(?:\d[\s.-]?){7,8}\d(?!\d)", re.IGNORECASE),
        "[A-number]",
    ),
    # USCIS receipt numbers: three letters and ten digits (IOE0912345678, EAC2190000001).
    (re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}[\s-]?\d{10}(?!\d)", re.IGNORECASE), "[number]"),
    # North American phone numbers: (213) 555-1234, +1 213 555 1234, 213.555.1234, 2135551234.
    (
        re.compile(r"(?<![\w+])(?:\+?1[\s.-]*)?(?:\(\d{3}\)|\d{3})[\s.-]*\d{3}[\s.-]*\d{4}(?!\d)"),
        "[phone]",
    ),
    # Other international numbers: a + followed by at least eight digits in groups.
    (re.compile(r"\+\d(?:[\s().-]*\d){7,}"), "[phone]"),
    # Any other long number (social security, case or card numbers); years and short numbers stay.
    (re.compile(r"(?<!\d)\d(?:[.-]?\d){6,}(?!\d)"), "[number]"),
)


def scrub(text: str) -> str:
    """The text with phone numbers, e-mail addresses, A-numbers and other long numbers replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
