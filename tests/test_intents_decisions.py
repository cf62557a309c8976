"""Decisions: answer what is covered, refuse what is not, suggest when unsure; cross-language."""

from __future__ import annotations

import dataclasses

import pytest

from intents import Decision, Match, MatchIndex, Phrase
from intents.calibration import CALIBRATION
from intents.charview import CharView
from tests.seedkit import PROGRAM_INTENTS, load_phrases, load_programs, shipped_index


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return shipped_index()


@pytest.mark.parametrize(
    "question",
    [
        "how do I apply for a US passport",
        "green card lottery",
        "how to become a citizen",
        "quiero hacerme ciudadano americano",
        "can i sponsor my brother for a green card",
        "cuanto cuesta la visa de turista",
        "how do I renew my driver's license",
        "quiero renovar mi pasaporte",
        # USCIS's own alerts are not Puente's updates.
        "how do I get text alerts about my uscis case",
    ],
)
def test_near_domain_questions_nothing_covers_are_refused(index: MatchIndex, question: str) -> None:
    match = index.match(question)
    assert match.decision is not Decision.ANSWER
    assert match.intent is None


@pytest.mark.parametrize("question", ["", "🙂🙂🙂", "asdf qwerty zxcv", "hola", "thanks!!"])
def test_messages_without_a_known_word_fall_back_with_nothing_to_offer(
    index: MatchIndex, question: str
) -> None:
    match = index.match(question)
    assert (match.decision, match.intent, match.candidates, match.suggestions) == (
        Decision.FALLBACK,
        None,
        (),
        (),
    )


@pytest.mark.parametrize(
    "question",
    [
        "best pizza in echo park",
        "receta de pozole",
        "how do i fix my car",
        "quien gano el partido",
        "how do i turn on emergency alerts on my phone",
    ],
)
def test_everyday_questions_are_refused(index: MatchIndex, question: str) -> None:
    match = index.match(question)
    assert match.decision is not Decision.ANSWER
    assert match.intent is None


@pytest.mark.parametrize(
    ("question", "intent", "lang"),
    [
        ("ICE is knocking on my door, do I have to open?", "ice-at-door", "en"),
        ("la migra esta tocando mi puerta, tengo q abrir?", "ice-at-door", "es"),
        ("necesito un abogado gratis", "legal-help", "es"),
        ("where can I find a free immigration lawyer", "legal-help", "en"),
        ("redada en mi jale que hago", "workplace-enforcement", "es"),
        ("la migra is at my puerta", "ice-at-door", "en"),
        ("como renuevo mi daca", "daca", "es"),
        ("can you send me alerts when something changes", "subscribe-updates", "en"),
        ("quiero recibir alertas cuando haya cambios", "subscribe-updates", "es"),
    ],
)
def test_covered_questions_are_answered_in_their_language(
    index: MatchIndex, question: str, intent: str, lang: str
) -> None:
    match = index.match(question)
    assert (match.decision, match.intent, match.lang) == (Decision.ANSWER, intent, lang)
    assert match.suggestions == ()


def test_an_unsure_match_suggests_close_topics(index: MatchIndex) -> None:
    match = index.match("papeles")
    assert match.decision is Decision.SUGGEST
    assert match.intent is None
    assert 1 <= len(match.suggestions) <= 3
    assert match.suggestions == tuple(
        slug for slug, _ in match.candidates[: len(match.suggestions)]
    )


def test_thresholds_order_the_decisions(index: MatchIndex) -> None:
    questions = ["ICE at my door", "papeles", "green card lottery", "receta de pozole", "daca"]
    for match in map(index.match, questions):
        cal = index.calibration
        if match.decision is Decision.ANSWER:
            assert match.score >= cal.answer
        elif match.decision is Decision.SUGGEST:
            assert cal.suggest <= match.score < cal.answer
        else:
            assert match.score < cal.suggest


def _english_only() -> MatchIndex:
    return MatchIndex.build(
        [
            Phrase("ice-at-door", "en", "ICE is at my door, do I have to open it?"),
            Phrase("ice-at-door", "en", "immigration agents knocking on the door"),
            Phrase("legal-help", "en", "I need a free lawyer"),
            Phrase("legal-help", "en", "where can I get legal help"),
            Phrase("workplace-raid", "en", "raid at my work, what are my rights"),
            Phrase("workplace-raid", "en", "immigration raid at my job"),
        ]
    )


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("la migra esta en mi puerta", "ice-at-door"),
        ("necesito un abogado gratis", "legal-help"),
        ("redada en el jale", "workplace-raid"),
    ],
)
def test_spanish_questions_match_english_only_content(question: str, intent: str) -> None:
    match = _english_only().match(question)
    assert (match.decision, match.intent, match.lang) == (Decision.ANSWER, intent, "es")


def test_english_questions_match_spanish_only_content() -> None:
    index = MatchIndex.build(
        [
            Phrase("ice-at-door", "es", "la migra esta tocando mi puerta"),
            Phrase("ice-at-door", "es", "inmigracion en la puerta de mi casa"),
            Phrase("legal-help", "es", "necesito un abogado gratis"),
        ]
    )
    match = index.match("immigration at my door")
    assert (match.decision, match.intent, match.lang) == (Decision.ANSWER, "ice-at-door", "en")


def test_a_name_spelt_the_same_in_both_languages_is_one_word() -> None:
    # Snowball stems "homan" as "homan" in English and "hom" in Spanish; a Spanish question
    # naming him must still find the English paraphrases that do.
    index = MatchIndex.build(
        [
            Phrase("plans", "en", "who is tom homan"),
            Phrase("plans", "en", "homan deportation plans"),
            Phrase("plans", "en", "what did homan say about LA"),
            Phrase("plans", "es", "planes de deportacion"),
            Phrase("state", "es", "que dijo newsom de homan y la frontera"),
            Phrase("state", "es", "que hace california"),
            Phrase("state", "en", "what is california doing"),
        ]
    )
    match = index.match("que dice homan", prior_lang="es")
    # The word index ranks "plans" first; the character view, reading "homan" only in the
    # Spanish paraphrase of "state", prefers that one: both are offered.
    assert (match.candidates[0][0], match.lang) == ("plans", "es")
    assert match.decision is Decision.SUGGEST and match.suggestions[:2] == ("plans", "state")


def test_a_typo_still_finds_the_word() -> None:
    assert _english_only().match("imigration agents knockin on my dor").intent == "ice-at-door"


def test_the_prior_language_decides_a_neutral_message(index: MatchIndex) -> None:
    assert index.match("TPS", prior_lang="es").lang == "es"
    assert index.match("TPS", prior_lang="en").lang == "en"


def test_building_twice_gives_the_same_answers_and_accepts_any_iterable() -> None:
    phrases = load_phrases()
    first = MatchIndex.build(phrases, load_programs(), PROGRAM_INTENTS)
    second = MatchIndex.build(iter(phrases), iter(load_programs()), PROGRAM_INTENTS)
    for question in ("ice at my door", "el tps de los catrachos", "green card lottery"):
        assert first.match(question) == second.match(question)


def test_an_empty_index_falls_back() -> None:
    match = MatchIndex.build([]).match("ice at my door")
    assert match == Match(Decision.FALLBACK, None, 0.0, "en", None, (), ())


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ice", {"report-ice-activity", "rights-when-stopped"}),
        ("migra", {"report-ice-activity", "rights-when-stopped"}),
        ("abogado", {"legal-help", "notario-fraud"}),
        ("lawyer!!", {"legal-help", "notario-fraud"}),
    ],
)
def test_one_word_several_intents_use_is_offered_not_answered(
    index: MatchIndex, word: str, expected: set[str]
) -> None:
    match = index.match(word)
    assert (match.decision, match.intent) == (Decision.SUGGEST, None)
    assert expected <= set(match.suggestions)
    assert 2 <= len(match.suggestions) <= 3


@pytest.mark.parametrize("question", ["good", "is it good?", "bueno", "face"])
def test_one_word_few_paraphrases_use_is_not_answered(index: MatchIndex, question: str) -> None:
    # "good" is in two of TPS status's paraphrases ("is my TPS still good?"): alone it says
    # nothing about TPS, and a confident TPS answer to it would be a guess.
    match = index.match(question)
    assert match.decision is not Decision.ANSWER


@pytest.mark.parametrize(
    ("word", "intent"),
    [("door", "ice-at-door"), ("notario", "notario-fraud"), ("manejar", "stopped-while-driving")],
)
def test_one_word_typical_of_an_intent_is_still_answered(
    index: MatchIndex, word: str, intent: str
) -> None:
    match = index.match(word)
    assert (match.decision, match.intent) == (Decision.ANSWER, intent)


@pytest.mark.parametrize(
    ("question", "intent"),
    [("tps", "tps-status"), ("what is temporary protected status", "tps-status")],
)
def test_a_program_named_alone_is_answered_by_its_intent(
    index: MatchIndex, question: str, intent: str
) -> None:
    match = index.match(question)
    assert (match.decision, match.intent) == (Decision.ANSWER, intent)


DOOR_OR_WORK = [
    Phrase("door", "en", "ice is knocking at my door"),
    Phrase("door", "en", "agents at my house"),
    Phrase("door", "en", "do i open the door to immigration"),
    Phrase("door", "es", "la migra esta en mi puerta"),
    Phrase("work", "en", "immigration raid at my job"),
    Phrase("work", "en", "ice came to my workplace"),
    Phrase("work", "en", "agents at the factory where i work"),
    Phrase("work", "es", "redada en mi trabajo"),
]


def test_when_the_character_view_prefers_another_intent_both_are_offered() -> None:
    index = MatchIndex.build(DOOR_OR_WORK)
    clear = index.match("immigration at my job")
    assert (clear.decision, clear.intent) == (Decision.ANSWER, "work")
    # Words say "workplace" (work); letters say "house" and "agents at my" (door).
    unclear = index.match("agents at my workplace house")
    assert unclear.candidates[0][0] == "work"
    assert unclear.decision is Decision.SUGGEST and unclear.suggestions == ("work", "door")


def test_a_firm_pick_stands_when_the_character_view_prefers_another_only_narrowly() -> None:
    # "agents at my workplace house": work at confidence about 0.75; the view's nearest work
    # paraphrase scores about 0.71 of its nearest door paraphrase.
    question = "agents at my workplace house"
    lenient = dataclasses.replace(CALIBRATION, firm=0.7, overrule=0.6)
    answered = MatchIndex.build(DOOR_OR_WORK, calibration=lenient).match(question)
    assert (answered.decision, answered.intent) == (Decision.ANSWER, "work")
    not_firm = dataclasses.replace(lenient, firm=0.8)
    offered = MatchIndex.build(DOOR_OR_WORK, calibration=not_firm).match(question)
    assert offered.decision is Decision.SUGGEST and offered.suggestions == ("work", "door")


def test_the_character_view_compares_only_the_intents_asked_and_needs_the_language() -> None:
    view = CharView(DOOR_OR_WORK)
    nearness = view.closeness("agents knocking", "en", ["door", "work"])
    assert nearness.keys() == {"door", "work"} and nearness["door"] > nearness["work"]
    assert view.closeness("agents knocking", "en", ["work"]).keys() == {"work"}
    spanish = view.closeness("redada", "es", ["door", "work"])
    assert max(spanish, key=spanish.__getitem__) == "work"
    # No paraphrase in the question's language: no opinion (n-grams do not cross languages).
    assert view.closeness("agents knocking", "pt", ["door", "work"]) == {}
    assert view.closeness("zzz", "en", ["door", "work"]) == {}
