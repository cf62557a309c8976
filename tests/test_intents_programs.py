"""Program recognition: names, demonyms and nicknames, with typos; program questions' intents."""

from __future__ import annotations

import pytest

from intents import Decision, MatchIndex, Phrase, ProgramAliases
from tests.seedkit import shipped_index


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return shipped_index()


@pytest.mark.parametrize(
    ("question", "program"),
    [
        ("el tps de los catrachos", "tps-honduras"),
        ("haitian tps?", "tps-haiti"),
        ("salvadorenos", "tps-el-salvador"),
        ("salvadoreños tps", "tps-el-salvador"),
        ("venezolanos todavia tienen tps", "tps-venezuela"),
        ("tps nicaragua", "tps-nicaragua"),
        ("Is TPS for Venezuela still in place?", "tps-venezuela"),
        ("is honduras still protected?", "tps-honduras"),
    ],
)
def test_a_question_that_names_a_program_gets_its_status(
    index: MatchIndex, question: str, program: str
) -> None:
    match = index.match(question)
    assert (match.decision, match.intent, match.program) == (Decision.ANSWER, "tps-status", program)
    assert match.candidates[0][0] == "tps-status"


@pytest.mark.parametrize(
    ("question", "program"),
    [
        ("catrachoz tps", "tps-honduras"),
        ("tps para venesolanos", "tps-venezuela"),
        ("haitiann tps", "tps-haiti"),
        ("tps salvadorenio", "tps-el-salvador"),
    ],
)
def test_aliases_are_recognised_with_a_typo(index: MatchIndex, question: str, program: str) -> None:
    assert index.match(question).program == program


@pytest.mark.parametrize(
    "question",
    [
        "what happens to people when TPS runs out",
        "what are the perks of TPS",
        "que pasa cuando se vence el TPS",
    ],
)
def test_a_question_naming_a_kind_of_program_and_no_country_gets_its_status(
    index: MatchIndex, question: str
) -> None:
    # TPS named, no country: the program's status intent is answered, never DACA's (the letters
    # of "se vence" are as close to DACA's paraphrases as to TPS's).
    match = index.match(question)
    assert (match.decision, match.intent, match.program) == (Decision.ANSWER, "tps-status", None)


def test_a_question_about_another_intent_keeps_it_and_still_reports_the_program(
    index: MatchIndex,
) -> None:
    match = index.match("when is the tps re-registration deadline for honduras")
    assert (match.intent, match.program) == ("tps-reregistration", "tps-honduras")


@pytest.mark.parametrize(
    "question",
    ["I'm from Honduras and need a plane ticket", "soy de honduras y busco boletos de avion"],
)
def test_a_country_named_in_passing_is_no_tps_question(index: MatchIndex, question: str) -> None:
    match = index.match(question)
    assert match.decision is not Decision.ANSWER
    assert match.candidates[0][0] not in ("tps-status", "tps-reregistration")


def test_a_country_named_in_passing_leaves_the_question_its_own_intent(index: MatchIndex) -> None:
    match = index.match("i'm from honduras and ice is at my door")
    assert (match.decision, match.intent) == (Decision.ANSWER, "ice-at-door")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_program_intent_needs_the_program_named(index: MatchIndex, lang: str) -> None:
    tps, licence = {
        "en": ("my wife needs to renew her TPS", "my wife needs to renew her driver's license"),
        "es": (
            "mi esposa tiene que renovar su TPS",
            "mi esposa tiene que renovar su licencia de manejar",
        ),
    }[lang]
    assert index.match(tps).intent == "tps-reregistration"
    assert index.match(licence).decision is not Decision.ANSWER


def test_no_program_is_reported_when_none_is_named(index: MatchIndex) -> None:
    assert index.match("what is temporary protected status").program is None
    # "salvar" (to save) is two edits from "salvador": not a typo of it.
    assert index.match("puedo salvar mi casa").program is None


def test_names_of_several_words_need_all_their_words() -> None:
    programs = [
        ProgramAliases("tps-sudan", "tps", ("Sudan", "sudanese")),
        ProgramAliases("tps-south-sudan", "tps", ("South Sudan", "south sudanese")),
    ]
    phrases = [Phrase("tps-status", "en", "is tps still valid"), Phrase("other", "en", "go south")]
    index = MatchIndex.build(phrases, programs, {"tps": "tps-status"})
    assert index.match("south sudan tps").program == "tps-south-sudan"
    assert index.match("sudan tps").program == "tps-sudan"
    assert index.match("south").program is None
