"""Rules every shipped answer and program summary keeps, read from the content files themselves:
sourced addresses, dates stated as of their review, status wording that matches the status, and
the caveats the facts require (shared/facts.md §12, the audit of November 2026)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from db.content import IntentFile, ProgramEntry, load_content
from db.content_rules import MONTHS, date_problems
from intents.languages import languages

PACK = load_content()

# Addresses shared/facts.md names, so an answer may point people to them without listing them as
# a source (copied here: the tests must not depend on /work/shared).
FACTS_ADDRESSES = {
    "uscis.gov/tps",
    "locator.ice.gov",
    "acis.eoir.justice.gov",
    "calbar.ca.gov",
    "ftc.gov/complaint",
    "211la.org",
    "representla.org",
    "oia.lacounty.gov",
    "justice.gov/eoir/customer-service-initiatives",
    "icor.eoir.justice.gov/es/faq",
    "aclum.org/en/know-your-rights/know-your-rights-if-you-are-questioned-about-your-immigration-status",
}
ADDRESS = re.compile(
    r"\b(?:https?://)?(?:[a-z0-9-]+\.)+(?:gov|org|com|net|us|news|app|info)\b(?:/[^\s,;)\"]*)?",
    re.IGNORECASE,
)
MONTHS_EN, MONTHS_ES = MONTHS["en"], MONTHS["es"]
DAY_EN = re.compile(rf"\b({'|'.join(MONTHS_EN)}) (\d{{1,2}}), (\d{{4}})")
DAY_ES = re.compile(rf"\b(\d{{1,2}}) de ({'|'.join(MONTHS_ES)}) de (\d{{4}})")
PASSED = re.compile(r"has passed|have passed|expired|ya pasó|venci[óo]|vencieron", re.IGNORECASE)
STILL_IN_PLACE = re.compile(r"remains in place|still in place|sigue vigente|sigue en pie", re.I)


def _normal(address: str) -> str:
    """An address without scheme, www., case or trailing punctuation."""
    address = re.sub(r"^https?://", "", address.lower().rstrip(".:/"))
    return address.removeprefix("www.")


def texts() -> Iterator[tuple[str, str, str, date, set[str]]]:
    """(where, lang, text, reviewed, source addresses) for every answer and program summary."""
    for intent in PACK.intents:
        sources = {_normal(s.url) for s in intent.sources}
        for lang in languages():
            yield intent.slug, lang, intent.block(lang).answer, intent.reviewed_in(lang), sources
    for program in PACK.programs:
        for lang in languages():
            sources = {_normal(program.source.url)}
            yield program.slug, lang, program.summary[lang], program.reviewed, sources


TEXTS = list(texts())
IDS = [f"{where}-{lang}" for where, lang, *_rest in TEXTS]


def _dates(sentence: str) -> list[date]:
    """Every full date written in a sentence, in English or Spanish."""
    found = [
        date(int(y), MONTHS_EN.index(m) + 1, int(d)) for m, d, y in DAY_EN.findall(sentence)
    ] + [date(int(y), MONTHS_ES.index(m) + 1, int(d)) for d, m, y in DAY_ES.findall(sentence)]
    return found


@pytest.mark.parametrize(("where", "lang", "text", "reviewed", "sources"), TEXTS, ids=IDS)
def test_every_address_is_a_source_or_in_the_facts(
    where: str, lang: str, text: str, reviewed: date, sources: set[str]
) -> None:
    unsourced = {
        _normal(a) for a in ADDRESS.findall(text) if _normal(a) not in sources | FACTS_ADDRESSES
    }
    assert not unsourced, f"{where} ({lang}) points to pages it does not cite: {unsourced}"


@pytest.mark.parametrize(("where", "lang", "text", "reviewed", "sources"), TEXTS, ids=IDS)
def test_dates_are_stated_as_of_their_review(
    where: str, lang: str, text: str, reviewed: date, sources: set[str]
) -> None:
    """Nothing is "as of" a month after the review, nor "passed" before the review saw it pass;
    and Spanish never says "Desde" (since) for "as of"."""
    assert date_problems(text, lang, reviewed) == [], where
    sentences = re.split(r"(?<=[.;:])\s+", text)
    for before, sentence in zip(["", *sentences], sentences, strict=False):
        if PASSED.search(sentence):
            # "That date has passed" refers to the date of the sentence before.
            later = [d for d in _dates(before + " " + sentence) if d > reviewed]
            assert not later, f"{where} ({lang}) calls {later} past under a review of {reviewed}"


@pytest.mark.parametrize("program", PACK.programs, ids=lambda p: p.slug)
def test_only_a_standing_status_says_it_remains_in_place(program: ProgramEntry) -> None:
    for lang in languages():
        if STILL_IN_PLACE.search(program.summary[lang]):
            assert program.status in ("active", "court-protected"), program.slug


def _answers(intent: IntentFile) -> dict[str, str]:
    """An intent's answers by language."""
    return {lang: intent.block(lang).answer for lang in languages()}


@pytest.mark.parametrize("intent", PACK.intents, ids=lambda i: i.slug)
def test_advice_about_stops_carries_the_caveats(intent: IntentFile) -> None:
    """Silence has limits: papers for an immigration agent, a driver's documents, borders."""
    en, es = _answers(intent)["en"], _answers(intent)["es"]
    if re.search(r"free to leave|pulled over|if you are stopped", en, re.I):
        for needed in ("papers", "license", "insurance", "border", "airport"):
            assert needed in en.lower(), f"{intent.slug} (en) lacks the caveat on {needed}"
    if re.search(r"me puedo ir|lo detienen|lo paran", es, re.I):
        for needed in ("documentos migratorios", "licencia", "seguro", "frontera", "aeropuerto"):
            assert needed in es.lower(), f"{intent.slug} (es) lacks the caveat on {needed}"


@pytest.mark.parametrize("intent", PACK.intents, ids=lambda i: i.slug)
def test_school_clearance_is_never_presented_as_a_limit_on_ice(intent: IntentFile) -> None:
    en, es = _answers(intent)["en"], _answers(intent)["es"]
    if "superintendent" in en.lower():
        assert "binds district staff, not ICE" in en and '"protected areas"' in en
    if "superintendente" in es.lower():
        assert "obliga al personal del distrito, no a ICE" in es and '"áreas protegidas"' in es


def test_the_ordinance_is_said_to_be_in_force_with_its_court_case() -> None:
    """Whoever asks whether the ordinance is in effect reads that it is, and about the suit."""
    [intent] = [i for i in PACK.intents if "in effect" in i.block("en").title.lower()]
    en, es = _answers(intent)["en"], _answers(intent)["es"]
    assert en.startswith("Yes. LA's sanctuary ordinance is in force.")
    assert es.startswith("Sí. La ordenanza santuario de LA está vigente.")
    for text, filed, dismissed, continues in (
        (en, "June 30, 2025", "June 20, 2026", "may continue"),
        (es, "30 de junio de 2025", "20 de junio de 2026", "puede continuar"),
    ):
        assert filed in text and dismissed in text and continues in text
