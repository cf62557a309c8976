"""The learned view (intents/learned.py) and what it changes in the matcher's decisions."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter

import pytest

from intents import Decision, MatchIndex, Phrase
from intents.calibration import CALIBRATION
from intents.declined import ASKED_NEAR_DOMAIN
from intents.learned import LearnedView, features
from tests.seedkit import shipped_index

ALPHA = 0.3
EXAMPLES = [
    Phrase("ice-at-door", "en", "ICE is knocking at my door"),
    Phrase("ice-at-door", "en", "do I have to open the door to immigration"),
    Phrase("schools", "en", "can my kids go to school without papers"),
    Phrase("schools", "en", "does the school ask about immigration status"),
    Phrase("schools", "es", "mis hijos pueden ir a la escuela sin papeles"),
    Phrase(ASKED_NEAR_DOMAIN, "en", "how do I renew my green card"),
]


def _textbook_scores(examples: list[Phrase], question: str) -> dict[str, float]:
    """Complement naive Bayes as its definition reads, over the whole vocabulary: each class
    scores sum_f x_f * -log(complement count of f, smoothed, over the class's complement total).
    The TF-IDF vectors are the view's own; `test_features_are_word_and_character_ngrams` and
    `test_tfidf_vectors_are_unit_length_per_part` check those."""
    view = LearnedView(examples, ALPHA)
    vectors = [(view._vector(features(e.text)), e.intent) for e in examples]
    vocabulary = sorted({name for vector, _ in vectors for name in vector})
    labels = list(dict.fromkeys(e.intent for e in examples))
    count = {label: Counter[str]() for label in labels}
    for vector, label in vectors:
        count[label].update(vector)
    everywhere = Counter[str]()
    for label in labels:
        everywhere.update(count[label])
    query = view._vector(features(question))
    scores = {}
    for label in labels:
        complement = {f: everywhere[f] - count[label][f] + ALPHA for f in vocabulary}
        total = sum(complement.values())
        scores[label] = sum(
            w * -math.log(complement[f] / total) for f, w in query.items() if f in complement
        )
    return scores


def test_features_are_word_and_character_ngrams() -> None:
    chars, words = features("Mi niño")
    assert words == Counter({"mi": 1, "nino": 1, "mi nino": 1})
    assert {" m", "mi", "i ", " mi ", " n", "nin", "nino", " nino", "ino "} <= set(chars)
    assert " nino " not in chars  # 2- to 5-grams: a longer word is never whole
    assert not any(" " in gram.strip() for gram in chars)  # nor does one cross between words


def test_tfidf_vectors_are_unit_length_per_part() -> None:
    view = LearnedView(EXAMPLES, ALPHA)
    vector = view._vector(features("ICE at the school door"))
    for part in "01":
        weights = [w for name, w in vector.items() if name.startswith(part)]
        assert math.isclose(sum(w * w for w in weights), 1.0)


@pytest.mark.parametrize(
    "question", ["agents at my door", "is school safe for my kids", "green card renewal fee"]
)
def test_scores_are_complement_naive_bayes(question: str) -> None:
    """The view's sparse scoring leaves out a term every class shares: the differences between
    classes, all a decision reads, are the textbook model's."""
    scores = LearnedView(EXAMPLES, ALPHA).scores(question)
    assert scores is not None
    textbook = _textbook_scores(EXAMPLES, question)
    first = next(iter(scores))
    for label in scores:
        assert math.isclose(
            scores[label] - scores[first], textbook[label] - textbook[first], abs_tol=1e-9
        )


def test_the_verdict_is_the_best_class_and_its_lead() -> None:
    view = LearnedView(EXAMPLES, ALPHA)
    verdict = view.verdict("they are knocking on the door", "en")
    assert verdict is not None
    scores = view.scores("they are knocking on the door")
    assert scores is not None
    ranked = sorted(scores.values(), reverse=True)
    assert (verdict.label, verdict.margin) == ("ice-at-door", ranked[0] - ranked[1])


def test_a_question_with_nothing_known_gets_no_verdict() -> None:
    assert LearnedView(EXAMPLES, ALPHA).verdict("¿¿??", "en") is None


def test_only_classes_written_in_the_question_language_are_weighed() -> None:
    verdict = LearnedView(EXAMPLES, ALPHA).verdict("la escuela de mis hijos", "es")
    # Spanish examples exist for one class only: nothing to weigh it against.
    assert verdict is None
    verdict = LearnedView(EXAMPLES, ALPHA).verdict("la escuela de mis hijos", "en")
    assert verdict is not None and "schools" in verdict.weighed


# --- in the matcher ---------------------------------------------------------------------------

# Paraphrases that leave "is the school safe from immigration raids" between two intents: the
# word index can only offer both.
PHRASES = [
    Phrase("schools", "en", "can my children go to school without papers"),
    Phrase("schools", "en", "school enrollment for immigrant kids"),
    Phrase("schools", "en", "does the school share student records"),
    Phrase("workplace-enforcement", "en", "immigration raids at my job"),
    Phrase("workplace-enforcement", "en", "what to do in a raid at work"),
    Phrase("workplace-enforcement", "en", "ICE raid at the factory"),
]
# Questions people asked, labelled: what the learned view learns from.
ASKED = [
    Phrase("schools", "en", "is it safe to send my kids to school with the raids"),
    Phrase("schools", "en", "can immigration agents come into my kid's school"),
    Phrase("schools", "en", "will ICE raid the elementary school"),
    Phrase("schools", "en", "are schools safe from immigration"),
]
QUESTION = "is the school safe from immigration raids"
# The word index answers at any confidence; the learned view is the only caution left.
EAGER = dataclasses.replace(CALIBRATION, answer=0.0, close=0.0, firm=0.0)


def test_without_questions_people_asked_there_is_no_learned_view() -> None:
    index = MatchIndex.build(PHRASES)
    assert index.match(QUESTION) == MatchIndex.build(PHRASES, asked=[]).match(QUESTION)
    assert index._learned is None


def test_a_did_you_mean_whose_first_candidate_the_learned_view_confirms_is_answered() -> None:
    # The word index only offers; the learned view answers only by confirming.
    cautious = dataclasses.replace(CALIBRATION, answer=0.99, learned_promote=math.inf)
    question = "is the school safe from immigration"
    alone = MatchIndex.build(PHRASES, calibration=cautious).match(question)
    assert alone.decision is Decision.SUGGEST
    assert alone.suggestions[0] == "schools"

    learned = MatchIndex.build(PHRASES, calibration=cautious, asked=ASKED).match(question)
    assert (learned.decision, learned.intent) == (Decision.ANSWER, "schools")

    unsure = dataclasses.replace(cautious, learned_fill=math.inf)
    kept = MatchIndex.build(PHRASES, calibration=unsure, asked=ASKED).match(question)
    assert kept.decision is Decision.SUGGEST

    barely = dataclasses.replace(cautious, learned_floor=dict(alone.candidates)["schools"] + 0.01)
    kept = MatchIndex.build(PHRASES, calibration=barely, asked=ASKED).match(question)
    assert kept.decision is Decision.SUGGEST


def test_a_later_candidate_the_learned_view_reads_very_clearly_is_answered() -> None:
    cautious = dataclasses.replace(CALIBRATION, answer=0.99)
    alone = MatchIndex.build(PHRASES, calibration=cautious).match(QUESTION)
    assert alone.suggestions[:2] == ("workplace-enforcement", "schools")
    learned = MatchIndex.build(PHRASES, calibration=cautious, asked=ASKED)
    assert learned._learned is not None
    verdict = learned._learned.verdict(QUESTION, "en")
    assert verdict is not None and verdict.label == "schools"  # it clearly prefers the second
    assert verdict.margin >= cautious.learned_promote
    match = learned.match(QUESTION)
    assert (match.decision, match.intent) == (Decision.ANSWER, "schools")
    assert match.score == dict(alone.candidates)["schools"]


def test_a_later_candidate_both_other_views_prefer_is_answered_at_a_lesser_lead() -> None:
    # The word index puts the raids at work first; the learned view reads the schools question,
    # and so does the character view ("elementary school"): their agreement needs less of a lead.
    question = "is the elementary school safe from raids"
    cautious = dataclasses.replace(CALIBRATION, answer=0.99, learned_promote=math.inf)
    alone = MatchIndex.build(PHRASES, calibration=cautious).match(question)
    assert alone.suggestions[:2] == ("workplace-enforcement", "schools")
    index = MatchIndex.build(PHRASES, calibration=cautious, asked=ASKED)
    assert index._learned is not None
    lead = index._learned.verdict(question, "en")
    assert lead is not None and lead.label == "schools"
    agreed = dataclasses.replace(cautious, learned_seconded=lead.margin)
    match = index.deciding_with(agreed).match(question)
    assert (match.decision, match.intent) == (Decision.ANSWER, "schools")

    unsure = dataclasses.replace(cautious, learned_seconded=lead.margin + 0.01)
    assert index.deciding_with(unsure).match(question).decision is Decision.SUGGEST
    barely = dataclasses.replace(agreed, learned_seconded_floor=0.99)
    assert index.deciding_with(barely).match(question).decision is Decision.SUGGEST


def test_a_rumour_both_other_views_read_as_reporting_is_answered_by_the_shipped_matcher() -> None:
    # The word index is unsure between reporting, raids at work and enforcement plans; the learned
    # and character views both read reporting, whose answer says how to check a rumour.
    question = "is there a rumor of raids in my area is it true"
    index = shipped_index()
    match = index.match(question)
    assert (match.decision, match.intent) == (Decision.ANSWER, "report-ice-activity")
    alone = dataclasses.replace(index.calibration, learned_seconded=math.inf)
    assert index.deciding_with(alone).match(question).decision is Decision.SUGGEST


def test_a_later_candidate_the_character_view_does_not_prefer_needs_the_full_lead() -> None:
    # The learned view reads the schools question; the character view prefers the raids at work
    # ("immigration raids"): without their agreement only the promoting lead answers.
    cautious = dataclasses.replace(CALIBRATION, answer=0.99, learned_promote=math.inf)
    index = MatchIndex.build(PHRASES, calibration=cautious, asked=ASKED)
    assert index._learned is not None
    lead = index._learned.verdict(QUESTION, "en")
    assert lead is not None and lead.label == "schools"
    nearness = index._second_opinion.closeness(QUESTION, "en", ["schools", "workplace-enforcement"])
    assert max(nearness, key=nearness.__getitem__) == "workplace-enforcement"
    agreed = dataclasses.replace(cautious, learned_seconded=0.0)
    assert index.deciding_with(agreed).match(QUESTION).decision is Decision.SUGGEST


def test_a_later_candidate_the_learned_view_prefers_less_clearly_is_offered_first() -> None:
    cautious = dataclasses.replace(CALIBRATION, answer=0.99)
    view = MatchIndex.build(PHRASES, calibration=cautious, asked=ASKED)._learned
    assert view is not None
    lead = view.verdict(QUESTION, "en")
    assert lead is not None
    unsure = dataclasses.replace(cautious, learned_promote=lead.margin + 0.01)
    match = MatchIndex.build(PHRASES, calibration=unsure, asked=ASKED).match(QUESTION)
    assert match.decision is Decision.SUGGEST
    # Offered first: both views together read it as the schools question.
    assert match.suggestions[:2] == ("schools", "workplace-enforcement")
    words_only = dataclasses.replace(unsure, learned_order=0.0)
    match = MatchIndex.build(PHRASES, calibration=words_only, asked=ASKED).match(QUESTION)
    assert match.suggestions[:2] == ("workplace-enforcement", "schools")


def test_an_answer_the_learned_view_reads_as_everyday_chat_is_offered_not_given() -> None:
    # The word index answers "notarios" for a broken stove (confidence over its threshold); the
    # learned view reads everyday chat by a lead of 0.55, over the veto's 0.5.
    match = shipped_index().match("el dueño no quiere arreglar la estufa q hago")
    assert match.decision is not Decision.ANSWER


@pytest.mark.parametrize(
    "question",
    ["I am from Nicaragua, when do I renew my TPS?", "cuando renuevan el tps los nicaraguenses"],
)
def test_between_program_answers_the_named_program_decides(question: str) -> None:
    # The learned view reads "TPS status" (people asking about a TPS that ended); re-registration
    # shows Nicaragua's status too, so the word index's program rules keep their answer.
    match = shipped_index().match(question)
    assert (match.decision, match.intent, match.program) == (
        Decision.ANSWER,
        "tps-reregistration",
        "tps-nicaragua",
    )


def test_a_did_you_mean_the_word_index_is_barely_sure_of_is_not_answered() -> None:
    # A real question (tenth gathering): the word index offers "get updates" at confidence
    # 0.13 and the learned view reads it so; under the floor (0.15) it stays "did you mean".
    match = shipped_index().match("How do I enable air-raid alerts?")
    assert match.decision is not Decision.ANSWER


def test_an_answer_the_learned_view_clearly_reads_otherwise_is_offered_with_its_reading() -> None:
    eager = MatchIndex.build(PHRASES, calibration=EAGER).match(QUESTION)
    assert (eager.decision, eager.intent) == (Decision.ANSWER, "workplace-enforcement")
    vetoed = MatchIndex.build(PHRASES, calibration=EAGER, asked=ASKED).match(QUESTION)
    assert vetoed.decision is Decision.SUGGEST
    assert vetoed.suggestions[:2] == ("workplace-enforcement", "schools")

    unsure = dataclasses.replace(EAGER, learned_veto=math.inf)
    kept = MatchIndex.build(PHRASES, calibration=unsure, asked=ASKED).match(QUESTION)
    assert (kept.decision, kept.intent) == (Decision.ANSWER, "workplace-enforcement")


def test_a_firm_answer_is_kept_whatever_the_learned_view_reads() -> None:
    eager = MatchIndex.build(PHRASES, calibration=EAGER).match(QUESTION)
    firm = dataclasses.replace(EAGER, learned_firm=eager.score)
    kept = MatchIndex.build(PHRASES, calibration=firm, asked=ASKED).match(QUESTION)
    assert (kept.decision, kept.intent) == (Decision.ANSWER, "workplace-enforcement")
    # Just under the firm confidence the learned view's reading still turns it into "did you mean".
    unsure = dataclasses.replace(EAGER, learned_firm=eager.score + 0.01)
    vetoed = MatchIndex.build(PHRASES, calibration=unsure, asked=ASKED).match(QUESTION)
    assert vetoed.decision is Decision.SUGGEST


def test_a_firm_answer_of_the_shipped_matcher_is_given() -> None:
    # The word index answers re-registration at 0.9 (TPS named, "renew"); the learned view reads
    # DACA (renewals people asked about) by more than the veto's lead.
    question = "what do i do to renew my tps"
    index = shipped_index()
    match = index.match(question)
    assert (match.decision, match.intent) == (Decision.ANSWER, "tps-reregistration")
    assert match.score >= index.calibration.learned_firm
    never_firm = dataclasses.replace(index.calibration, learned_firm=math.inf)
    assert index.deciding_with(never_firm).match(question).decision is Decision.SUGGEST


def test_a_near_domain_reading_turns_an_answer_into_did_you_mean() -> None:
    asked = [Phrase(ASKED_NEAR_DOMAIN, "en", p.text) for p in ASKED]
    vetoed = MatchIndex.build(PHRASES, calibration=EAGER, asked=asked).match(QUESTION)
    assert vetoed.decision is Decision.SUGGEST
    assert ASKED_NEAR_DOMAIN not in vetoed.suggestions  # a declined topic is never offered


def test_a_local_answer_is_not_given_for_another_place_whatever_the_learned_view_reads() -> None:
    cautious = dataclasses.replace(CALIBRATION, answer=0.99)
    question = "is the school in Texas safe from immigration"
    here = MatchIndex.build(PHRASES, calibration=cautious, asked=ASKED)
    assert (here.match(question).decision, here.match(question).intent) == (
        Decision.ANSWER,
        "schools",
    )
    local = MatchIndex.build(PHRASES, calibration=cautious, asked=ASKED, local=["schools"])
    assert local.match(question).decision is Decision.SUGGEST
    assert local.match("is the school safe from immigration").intent == "schools"
