"""Writing rules `content check` enforces on answer and summary text: dates are stated as of the
review ("As of March 2026" / "A marzo de 2026"), never "Desde" (since), never later than it."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
        "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip
_MONTH_WORDS = "|".join(MONTHS["en"] + MONTHS["es"])
# "As of March 2026", "As of early 2026" is not a month; "A marzo de 2026", "A finales de marzo…"
AS_OF = re.compile(
    rf"\b(?:As of|A|Según lo verificado en) (?:(?:early|late|principios de|finales de) )?"
    rf"({_MONTH_WORDS})(?: de)? (\d{{4}})"
)
# "Desde" means "since": a snapshot written with it claims something held ever after.
DESDE = re.compile(
    rf"\bDesde (?:el )?(?:\d+ de )?(?:{'|'.join(MONTHS['es'])}|principios|mediados|finales)\b",
    re.IGNORECASE,
)


def _month_number(name: str) -> int:
    """1-12 for a month name in either language."""
    return (MONTHS["en"] + MONTHS["es"]).index(name) % 12 + 1


def date_problems(text: str, lang: str, reviewed: date) -> list[str]:
    """What is wrong with how a text dates what it says, as messages (empty when fine)."""
    problems = []
    if lang == "es" and DESDE.search(text):
        problems.append(
            "'Desde <fecha>' means 'since': write 'A <fecha>' or 'Según lo verificado en <fecha>'"
        )
    for month, year in AS_OF.findall(text):
        if (int(year), _month_number(month)) > (reviewed.year, reviewed.month):
            problems.append(
                f"says 'as of' {month} {year}, after its review date ({reviewed.isoformat()}); "
                "state only what was known when it was reviewed"
            )
    return problems
