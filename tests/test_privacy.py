"""Questions kept for volunteers lose what people say about themselves, in English and Spanish."""

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
    """Social security, receipt and case numbers are identifiers too, as are numbers in shapes
    libphonenumber no longer accepts (Mexico's 044 prefix ended in 2019)."""
    assert scrub("ssn 123-45-6789 receipt IOE0912345678") == "ssn [SSN] receipt [number]"
    assert scrub("tel 044 55 1234 5678 ok") == "tel [number] ok"


def test_everything_in_one_message() -> None:
    """Several identifiers in one question, the words around them kept."""
    question = "Soy Ana, A-123-456-789, tel (213) 555-1234, ana@example.com: que pasa con mi TPS?"
    assert scrub(question) == "Soy [name], [A-number], tel [phone], [email]: que pasa con mi TPS?"


@pytest.mark.parametrize(
    ("phone", "country"),
    [
        ("55 1234 5678", "Mexico City, no country code"),
        ("33 1234 5678", "Guadalajara"),
        ("+52 1 55 1234 5678", "Mexican mobile, old 1 prefix"),
        ("5123-4567", "Guatemala"),
        ("7123 4567", "El Salvador"),
        ("9123-4567", "Honduras"),
        ("(323) 206-9876", "Los Angeles"),
        ("+63 917 123 4567", "the Philippines"),
        ("010-1234-5678", "Korea"),
    ],
)
def test_phone_numbers_of_other_countries_are_removed(phone: str, country: str) -> None:
    """libphonenumber knows each country's shapes, with or without the country code."""
    assert scrub(f"mi familia en {country} tiene el {phone} ok") == (
        f"mi familia en {country} tiene el [phone] ok"
    )


@pytest.mark.parametrize(
    ("question", "scrubbed"),
    [
        ("Hola me llamo Xochitl Ramirez y tengo TPS", "Hola me llamo [name] y tengo TPS"),
        ("me llamo xochitl, que hago", "me llamo [name], que hago"),
        ("me llamo ana lopez garcia necesito ayuda", "me llamo [name] necesito ayuda"),
        ("me llamo  ana\n lopez   y tengo miedo", "me llamo  [name]   y tengo miedo"),
        ("my name is john smith and i need help", "my name is [name] and i need help"),
        ("Mi nombre es María José López, ayuda", "Mi nombre es [name], ayuda"),
        ("Soy Ana y vivo en LA", "Soy [name] y vivo en LA"),
        ("soy de Guatemala y tengo miedo", "soy de Guatemala y tengo miedo"),
        ("Soy residente, puedo votar?", "Soy residente, puedo votar?"),
        ("mi esposo Juan Carlos fue detenido", "mi esposo [name] fue detenido"),
        ("My name is John Smith and I have DACA", "My name is [name] and I have DACA"),
        ("Hi, I'm Maria. Can ICE enter?", "Hi, I'm [name]. Can ICE enter?"),
        ("I am undocumented, can I work?", "I am undocumented, can I work?"),
        ("my wife Rosa was stopped", "my wife [name] was stopped"),
    ],
)
def test_names_after_introductions_are_removed(question: str, scrubbed: str) -> None:
    """Names after "me llamo / my name is / soy / I am" and after a relative, in both languages;
    words that describe a person stay."""
    assert scrub(question) == scrubbed


@pytest.mark.parametrize(
    ("question", "scrubbed"),
    [
        (
            "I live at 1234 W Olympic Blvd Apt 5, Los Angeles, CA 90006 and ICE came",
            "I live at [address] and ICE came",
        ),
        (
            "vivo en 456 S Broadway, LA 90013, me van a deportar?",
            "vivo en [address], me van a deportar?",
        ),
        ("my address is 789 East 3rd Street", "my address is [address]"),
        ("tengo 3 hijos de 5 y 7 años", "tengo 3 hijos de 5 y 7 años"),
    ],
)
def test_us_street_addresses_are_removed(question: str, scrubbed: str) -> None:
    """usaddress finds street addresses; small numbers in a sentence are not taken for one."""
    assert scrub(question) == scrubbed


@pytest.mark.parametrize(
    ("question", "scrubbed"),
    [
        ("my zip is 90011, is there a clinic?", "my zip is [ZIP], is there a clinic?"),
        ("codigo postal 90011-1234", "codigo postal [ZIP]"),
        ("my SSN is 123456789", "my SSN is [SSN]"),
        ("mi seguro social 123 45 6789", "mi seguro social [SSN]"),
        ("I was born on 03/14/1990 in Mexico", "I was born on [date of birth] in Mexico"),
        ("born March 14, 1990", "born [date of birth]"),
        ("naci el 14 de marzo de 1990 en Oaxaca", "naci el [date of birth] en Oaxaca"),
        ("fecha de nacimiento: 14/03/1990", "fecha de nacimiento: [date of birth]"),
        ("DOB 1990-03-14", "DOB [date of birth]"),
        ("mi hijo 05/06/2004 tiene DACA?", "mi hijo [date] tiene DACA?"),
        ("A# 12345678 y A-098-765-432", "[A-number] y [A-number]"),
    ],
)
def test_zip_codes_ssns_dates_of_birth_and_a_numbers_are_removed(
    question: str, scrubbed: str
) -> None:
    """Each kind of identifier, in English and Spanish."""
    assert scrub(question) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Is TPS for Honduras valid in 2026?",
        "form I-821 and I-765",
        "SB 54 and Special Order 40",
        "the council voted 13-0 on 11/19/2024",
        "tengo 3 hijos de 5 y 7 años",
        "ICE at my door!!! 😨",
        "TPS 2025 2026 extension 18 months",
        "la audiencia es el 12/01/2026, que hago?",
        "soy de El Salvador, mi TPS vence?",
        "Executive Order 14159 of January 20, 2025",
    ],
)
def test_ordinary_questions_are_unchanged(text: str) -> None:
    """Years, form names, law numbers and small numbers are what curators need to read."""
    assert scrub(text) == text
