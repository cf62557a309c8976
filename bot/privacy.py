"""Scrub what people say about themselves out of a question before volunteers may read it.

A question is only kept when the person said yes to keeping it (bot/handlers/consent.py), and
then only after this: phone numbers in any country's format (Google's libphonenumber, through
`phonenumbers`), US street addresses (`usaddress`, a trained address parser), and patterns for
what those libraries do not cover — e-mail addresses, A-numbers, USCIS receipt numbers, Social
Security numbers, dates of birth, ZIP codes, and names after "me llamo / my name is / soy / I am"
or a relative ("mi esposo Juan"). A named-entity model (spaCy and its models, hundreds of MB)
would find more names, but not reliably in short, lowercase, Spanglish questions; the cue words
cover how people introduce themselves, and nothing is kept without consent anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import phonenumbers
import usaddress

# Where people in Los Angeles' immigrant communities write their numbers from: the US, Mexico,
# Central America and the largest other groups. Numbers written with + and a country code are
# found whatever the region. (Nicaragua is left out: its 8-digit numbers look like year pairs.)
PHONE_REGIONS = ("US", "MX", "GT", "SV", "HN", "CO", "PE", "EC", "PH", "KR", "CN", "VN", "AM")

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre"
)
_NUMERIC_DATE = r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"
_WORDY_DATE = (
    rf"(?:\d{{1,2}}(?:\s+de)?\s+(?:{_MONTHS})\b|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?)"
    r",?(?:\s+(?:de(?:l)?\s+)?\d{4})?"
)
_DATE = rf"(?:{_NUMERIC_DATE}|{_WORDY_DATE})(?!\w)"
_BIRTH_CUES = (
    r"born(?:\s+on|\s+in)?|birthday(?:\s+is)?|date\s+of\s+birth(?:\s+is)?|d\.?o\.?b\.?:?"
    r"|nac[ií](?:\s+el)?|fecha\s+de\s+nacimiento(?:\s+es)?:?|cumplea[ñn]os(?:\s+es)?"
)
# Words that introduce a name, and those after which a capitalised word is taken for one.
_NAME_CUES = (
    r"me\s+llamo|mi\s+nombre\s+es|my\s+name\s+is|name\s+is|nombre:|name:|se\s+llama"
    r"|his\s+name\s+is|her\s+name\s+is"
)
_INTRO_CUES = (
    r"soy|i\s+am|i'm|im|this\s+is|habla"
    r"|mi\s+(?:esposo|esposa|hijo|hija|hermano|hermana|mam[aá]|pap[aá]|primo|prima|t[ií]o|t[ií]a"
    r"|novio|novia|abuelo|abuela|suegro|suegra)"
    r"|my\s+(?:husband|wife|son|daughter|brother|sister|mom|mother|dad|father|cousin|uncle|aunt"
    r"|boyfriend|girlfriend|grandmother|grandfather)"
)
_NAME_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
# Words after "soy / I am / me llamo" that describe rather than name someone, or end the name.
# (A word list reads best as words: ruff's SIM905 would make it one word per line.)
_NOT_NAMES = frozenset(
    """de del la el un una residente indocumentado indocumentada ciudadano ciudadana mexicano
    mexicana guatemalteco guatemalteca salvadoreño salvadoreña hondureño hondureña latino latina
    inmigrante estudiante dreamer daca tps from a an the in not here undocumented citizen
    resident immigrant student mexican guatemalan salvadoran honduran trying worried scared
    afraid asking looking going y e and tengo have vivo live mi my es is que what como how
    necesito need quiero want por para con with en""".split()  # noqa: SIM905
)

_Sub = Callable[[str], str]


def _pattern(pattern: str, label: str, flags: int = re.IGNORECASE) -> _Sub:
    """A substitution replacing every match of a pattern with a label."""
    compiled = re.compile(pattern, flags)
    return lambda text: compiled.sub(label, text)


def _after_cue(cues: str, label: str, value: str, flags: int = re.IGNORECASE) -> _Sub:
    """A substitution replacing what follows a cue (the cue itself stays, for context)."""
    compiled = re.compile(rf"(?<!\w)((?:{cues})(?:\s+(?:is|es))?\s*[:,#]?\s*)(?:{value})", flags)
    return lambda text: compiled.sub(lambda m: m.group(1) + label, text)


def _names_after(cues: str, *, named: bool) -> _Sub:
    """Replace up to three name words after a cue, up to a word that ends a name ("y", "and",
    "tengo"…); `named` cues ("me llamo") take them whatever their case, others ("soy", "mi
    esposo") only capitalised ones that do not describe ("Soy Ana", not "Soy residente")."""
    pattern = re.compile(
        rf"(?<!\w)((?:{cues})\s*[:,]?\s+)({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})", re.IGNORECASE
    )

    def is_name(word: str) -> bool:
        return word.lower() not in _NOT_NAMES and (named or word[0].isupper())

    def replace(match: re.Match[str]) -> str:
        words = list(re.finditer(r"\S+", match.group(2)))
        count = 0
        while count < len(words) and is_name(words[count].group()):
            count += 1
        if count == 0:
            return match.group()
        return match.group(1) + "[name]" + match.group(2)[words[count - 1].end() :]

    return lambda text: pattern.sub(replace, text)


def _phone_numbers(text: str) -> str:
    """Replace phone numbers valid in any of PHONE_REGIONS, or written with a country code."""
    spans: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            spans.add((match.start, match.end))
    return _replace_spans(text, spans, "[phone]")


def _address_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans usaddress labels as a street address: a number, a street and a street type,
    direction, city, state or ZIP (so "3 hijos de 5" is not taken for one)."""
    labelled = usaddress.parse(text)
    cursor = 0
    run: list[tuple[int, int, str]] = []  # (start, end, label) of the address being read
    for token, label in [*labelled, ("", "End")]:
        start = text.find(token, cursor) if token else len(text)
        cursor = start + len(token)
        if label in _ADDRESS_PARTS and (run or (label == "AddressNumber" and token.isdigit())):
            run.append((start, cursor, label))
            continue
        labels = {part[2] for part in run}
        if "StreetName" in labels and labels & _ADDRESS_CONFIRMING:
            # The sentence keeps its punctuation: "90006," ends the address at the 6.
            yield run[0][0], len(text[: run[-1][1]].rstrip(",;.:!?"))
        run = []
        if label == "AddressNumber" and token.isdigit():
            run.append((start, cursor, label))


_ADDRESS_PARTS = frozenset(
    """AddressNumber AddressNumberSuffix StreetNamePreDirectional StreetNamePreModifier
    StreetNamePreType StreetName StreetNamePostType StreetNamePostDirectional OccupancyType
    OccupancyIdentifier SubaddressType SubaddressIdentifier PlaceName StateName ZipCode""".split()  # noqa: SIM905
)
_ADDRESS_CONFIRMING = frozenset(
    {"StreetNamePostType", "StreetNamePreDirectional", "StreetNamePostDirectional", "ZipCode"}
)


def _addresses(text: str) -> str:
    """Replace US street addresses."""
    return _replace_spans(text, set(_address_spans(text)), "[address]")


def _replace_spans(text: str, spans: set[tuple[int, int]], label: str) -> str:
    """Replace non-overlapping spans (the first of overlapping ones wins) with a label."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    for start, end in reversed(kept):
        text = text[:start] + label + text[end:]
    return text


# Order matters: e-mail addresses, A-numbers and dates contain digit runs later steps would eat,
# and a name cue must be read before the address parser takes "me llamo" for a recipient.
_STEPS: tuple[_Sub, ...] = (
    _pattern(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "[email]"),
    # Alien registration numbers: A + 8 or 9 digits, written A123456789, A-123-456-789, A# 12345678.
    _pattern(r"(?<![A-Za-z0-9])A\s*[-#:.]?\s*(?:\d[\s.-]?){7,8}\d(?!\d)", "[A-number]"),
    # USCIS receipt numbers: three letters and ten digits (IOE0912345678, EAC2190000001).
    _pattern(r"(?<![A-Za-z0-9])[A-Z]{3}[\s-]?\d{10}(?!\d)", "[number]"),
    # Social Security numbers: 123-45-6789, or nine digits after "SSN / seguro social".
    _pattern(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", "[SSN]"),
    _after_cue(
        r"ssn|social(?:\s+security)?(?:\s+number)?|seguro\s+social",
        "[SSN]",
        r"\d{3}[\s.-]?\d{2}[\s.-]?\d{4}(?!\d)",
    ),
    _after_cue(_BIRTH_CUES, "[date of birth]", _DATE),
    # Any other full date before 2010 is taken for a date of birth; recent ones are deadlines.
    _pattern(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:19\d\d|200\d)(?![\d/.-])", "[date]"),
    _names_after(_NAME_CUES, named=True),
    _names_after(_INTRO_CUES, named=False),
    _addresses,
    # ZIP codes outside a full address: California's (9xxxx) anywhere, others after a cue.
    _pattern(r"(?<![\d-])9\d{4}(?:-\d{4})?(?![\d-])", "[ZIP]"),
    _after_cue(r"zip(?:\s+code)?|c[oó]digo\s+postal", "[ZIP]", r"\d{5}(?:-\d{4})?(?!\d)"),
    _phone_numbers,
    # Phone-shaped numbers libphonenumber does not call valid: (213) 555-1234, +503 7123 4567.
    _pattern(
        r"(?<![\w+])(?:\+?1[\s.-]*)?(?:\(\d{3}\)|\d{3})[\s.-]*\d{3}[\s.-]*\d{4}(?!\d)", "[phone]"
    ),
    _pattern(r"\+\d(?:[\s().-]*\d){7,}", "[phone]"),
    # Any other long number (case or card numbers, local phone numbers); years stay, and so
    # does a pair of years ("2025 2026"): spaces count as separators from nine digits on.
    _pattern(r"(?<!\d)\d(?:[.-]?\d){6,}(?!\d)", "[number]"),
    _pattern(r"(?<!\d)\d(?:[\s.-]?\d){8,}(?!\d)", "[number]"),
)


def scrub(text: str) -> str:
    """The text with names, phone numbers, addresses and other identifiers replaced by labels."""
    for step in _STEPS:
        text = step(text)
    return text
