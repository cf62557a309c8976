"""Questions kept for curators lose phone numbers, e-mail addresses and A-numbers."""

from __future__ import annotations

import pytest

from bot.privacy import scrub


@pytest.mark.parametrize(
    "phone",
    [
        "(213) 555-1234",
        "(213)555-1234",
        "213-555-1234",
        "213.555.1234",
        "213 555 1234",
        "2135551234",
        "+1 213 555 1234",
        "+1 (213) 555-1234",
        "1-213-555-1234",
        "+12135551234",
        "+52 55 1234 5678",
        "+503 7123 4567",
        "555-1234",
    ],
)
def test_phone_numbers_are_removed(phone: str) -> None:
    """Every common way of writing a phone number."""
    scrubbed = scrub(f"llamenme al {phone} por favor")
    assert scrubbed.startswith("llamenme al [")
    assert scrubbed.endswith("] por favor")
    assert not any(char.isdigit() for char in scrubbed)


@pytest.mark.parametrize(
    "a_number",
    ["A123456789", "A12345678", "a123456789", "A-123-456-789", "A 123 456 789", "A#123456789"],
)
def test_a_numbers_are_removed(a_number: str) -> None:
    """Alien registration numbers, with or without dashes and spaces."""
    assert scrub(f"my A number is {a_number}, is my case ok?") == (
        "my A number is [A-number], is my case ok?"
    )


@pytest.mark.parametrize(
    "email",
    ["juan@example.com", "Juan.Perez+tps@mail.example.org", "MARIA_G@EJEMPLO.COM.MX"],
)
def test_email_addresses_are_removed(email: str) -> None:
    """E-mail addresses, whatever their case and punctuation."""
    assert scrub(f"escribanme a {email} gracias") == "escribanme a [email] gracias"


def test_other_long_numbers_are_removed() -> None:
    """Social security, receipt and case numbers are identifiers too."""
    assert scrub("ssn 123-45-6789 receipt IOE0912345678") == "ssn [number] receipt [number]"


def test_everything_in_one_message() -> None:
    """Several identifiers in one question, the words around them kept."""
    question = "Soy Ana, A-123-456-789, tel (213) 555-1234, ana@example.com: que pasa con mi TPS?"
    assert scrub(question) == "Soy Ana, [A-number], tel [phone], [email]: que pasa con mi TPS?"


@pytest.mark.parametrize(
    "text",
    [
        "Is TPS for Honduras valid in 2026?",
        "form I-821 and I-765",
        "SB 54 and Special Order 40",
        "the council voted 13-0 on 11/19/2024",
        "tengo 3 hijos de 5 y 7 años",
        "ICE at my door!!! 😨",
    ],
)
def test_ordinary_questions_are_unchanged(text: str) -> None:
    """Years, form names, law numbers and small numbers are what curators need to read."""
    assert scrub(text) == text
