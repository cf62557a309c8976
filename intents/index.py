"""The match index: built once from training phrases, then matches questions to intents."""

from __future__ import annotations

import copy
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, islice
from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from intents.calibration import CALIBRATION, Calibration, Evidence, relative_lead
from intents.charview import CharView
from intents.declined import (
    DECLINED_PHRASES,
    DECLINED_WORDS,
    REFERRAL,
    is_declined,
    is_everyday,
)
from intents.focus import question_part, weighted_words
from intents.language import decide_language, language_votes
from intents.languages import languages
from intents.learned import LearnedView, Verdict
from intents.model import Decision, Match, Phrase, ProgramAliases
from intents.programs import ProgramFinder, ProgramMention, typo_budget
from intents.text import (
    content_words,
    contexts_named,
    places_elsewhere,
    places_elsewhere_in_state,
    stem,
)

BM25_K1 = 1.2
BM25_B = 0.5  # paraphrases are short and similar in length, so length matters little
CANDIDATE_PHRASES = 40  # phrases reranked by the expensive scorer
LONG_POSTINGS = 2000  # a term in more phrases than this only rescores phrases already found,
# or, if it is the question's rarest term, contributes its 2,000 best phrases
MAX_CANDIDATES = 5
MAX_SUGGESTIONS = 3
# A one-word question is answered only if fewer intents than this use the word.
AMBIGUOUS_WORD_INTENTS = 3


@dataclass(frozen=True, slots=True)
class _Doc:
    """One indexed paraphrase."""

    intent: int
    terms: frozenset[str]
    text: str  # its terms joined, for the fuzzy scorer
    mass: float  # sum of its terms' weights


@dataclass(frozen=True, slots=True)
class _Query:
    """A question reduced to weighted terms."""

    lang: str
    terms: dict[str, float]  # known term -> weight
    unknown: float  # weight of words the index has never seen (or a program named in passing)
    text: str
    program: ProgramMention | None  # a program named in the question
    topic: ProgramMention | None  # the same, when the question is about it (not just naming it)
    words: int  # content words the person typed (stop words aside)
    story: float  # share of them in the story around the question (intents.focus)
    elsewhere: bool  # the question itself names a place outside California (lexicon.ELSEWHERE)
    # ... or a place in California outside Los Angeles County (lexicon.ELSEWHERE_IN_CALIFORNIA)
    elsewhere_in_state: bool
    contexts: frozenset[str]  # the contexts it names (lexicon.CONTEXTS)


class MatchIndex:
    """An immutable index over intents' paraphrases in both languages."""

    def __init__(
        self,
        intents: tuple[str, ...],
        docs: tuple[_Doc, ...],
        postings: dict[str, dict[int, float]],
        weights: dict[str, float],
        frequencies: tuple[dict[str, float], ...],
        surface: dict[str, str],
        merged: dict[tuple[str, str], str],
        lexicon: dict[str, str],
        programs: ProgramFinder,
        program_intents: Mapping[str, str],
        calibration: Calibration,
        second_opinion: CharView,
        local: frozenset[str],
        los_angeles: frozenset[str],
        learned: LearnedView | None,
        in_context: Mapping[int, Mapping[str, float]],
    ) -> None:
        self._intents = intents
        self._intent_ids = {slug: i for i, slug in enumerate(intents)}
        self._docs = docs
        self._docs_by_intent: tuple[tuple[int, ...], ...] = _group_docs(docs, len(intents))
        self._postings = postings
        self._weights = weights
        self._unknown_weight = max(weights.values(), default=1.0)
        self._frequencies = frequencies
        self._intents_using: Counter[str] = Counter(t for terms in frequencies for t in terms)
        # Each term's largest share of one intent's paraphrases (a one-word question's evidence).
        self._most_typical: dict[str, float] = {}
        for terms in frequencies:
            for term, share in terms.items():
                self._most_typical[term] = max(share, self._most_typical.get(term, 0.0))
        self._intent_sizes = tuple(len(d) for d in self._docs_by_intent)
        self._surface = surface
        self._merged = merged
        self._lexicon = lexicon
        self._programs = programs
        self._program_intents = dict(program_intents)
        # Each kind of program's index term ("tps") and the intent that answers it.
        self._kind_intents = {
            stem(kind, "en"): slug for kind, slug in self._program_intents.items()
        }
        self._calibration = calibration
        self._second_opinion = second_opinion
        self._learned = learned
        self._local = local
        self._los_angeles = los_angeles
        self._declined = frozenset(i for i, slug in enumerate(intents) if is_declined(slug))
        # Words that name a topic Puente declines ("asylum", "visa", "green card"): a question
        # whose focus is mostly these is about that topic, whatever else it names.
        self._declined_terms = frozenset(
            stem(word, lang) for lang, words in DECLINED_WORDS.items() for word in words
        )
        # Declined immigration topics are small: a word one of them uses once would count as
        # typical of it. Their typicality is measured over all of them together, as one broad
        # topic (the everyday topic keeps its own: its words are nothing like theirs).
        self._pooled = frozenset(i for i in self._declined if not is_everyday(intents[i]))
        sizes = {i: len(d) for i, d in enumerate(self._docs_by_intent)}
        pooled: defaultdict[str, float] = defaultdict(float)
        for i in self._pooled:
            for term, share in frequencies[i].items():
                pooled[term] += share * sizes[i]
        self._pooled_size = sum(sizes[i] for i in self._pooled) or 1
        self._pooled_frequency = {t: c / self._pooled_size for t, c in pooled.items()}
        self._kind_vocabulary, self._kind_context, self._unnamed_share = _program_kinds(
            {stem(kind, "en") for kind in programs.kinds},
            frequencies,
            [[docs[d].terms for d in own] for own in self._docs_by_intent],
            calibration,
        )
        # The intents about a kind of program ("tps-status", "tps-reregistration", "daca").
        self._about_programs = frozenset(intents[i] for i in self._unnamed_share)
        # The intents about a context (someone else, driving, planning), with the share of their
        # paraphrases that leave it unnamed.
        self._in_context = dict(in_context)
        # Typo candidates are looked up by (first letter, length) and (last letter, length):
        # a typo rarely hits both ends, and each bucket is a small slice of the vocabulary.
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(surface):
            self._buckets[(word[0], len(word))].append(word)
            self._buckets[(word[-1], -len(word))].append(word)
        # Caches are per index, so a rebuilt index never sees stale words.
        self._resolve = lru_cache(maxsize=16384)(self._resolve_uncached)

    @classmethod
    def build(
        cls,
        phrases: Iterable[Phrase],
        programs: Iterable[ProgramAliases] = (),
        program_intents: Mapping[str, str] = {},
        calibration: Calibration = CALIBRATION,
        declined: Iterable[Phrase] = DECLINED_PHRASES,
        local: Iterable[str] = (),
        los_angeles: Iterable[str] = (),
        asked: Iterable[Phrase] = (),
    ) -> MatchIndex:
        """Index every paraphrase once, and the `declined` topics (near-domain questions to
        refuse and point to legal help); `local` intents answer for Los Angeles and California
        only, and the `los_angeles` ones among them for the city or county of Los Angeles only.
        `asked` are questions people asked, labelled with their intent or a declined slug: the
        learned view trains on them with the paraphrases and declined topics (without them there
        is no learned view: it would only read the paraphrases again). The result never
        changes."""
        phrases = list(phrases)
        declined = list(declined)
        asked = list(asked)
        finder = ProgramFinder(programs)
        intent_ids: dict[str, int] = {}
        parsed: list[tuple[int, str, list[str], ProgramMention | None]] = []
        seen_in: dict[str, set[str]] = defaultdict(set)
        for phrase in chain(phrases, declined):
            intent = intent_ids.setdefault(phrase.intent, len(intent_ids))
            words = content_words(phrase.text, phrase.lang)
            # Paraphrases are curated: a program name in one is taken as written, never as a typo.
            mention = finder.find(words, phrase.lang, lambda _: True)
            parsed.append((intent, phrase.lang, words, mention))
            named = mention.positions if mention else frozenset()
            for position, word in enumerate(words):
                if position not in named:
                    seen_in[word].add(phrase.lang)
        merged = _merged_stems(seen_in)
        doc_terms: list[tuple[int, list[str]]] = []
        surface: dict[str, str] = {}
        for intent, lang, words, mention in parsed:
            named = mention.positions if mention else frozenset()
            terms = []
            for position, word in enumerate(words):
                if mention is not None and position in named:
                    terms.append(stem(mention.kind, "en"))
                    continue
                term = stem(word, lang)
                term = merged.get((lang, term), term)
                terms.append(term)
                surface.setdefault(word, term)
            doc_terms.append((intent, terms))
        frequencies = _frequencies(doc_terms, len(intent_ids))
        weights = _idf(frequencies)
        docs, postings = _postings(doc_terms, weights)
        lexicon = {word: next(iter(langs)) for word, langs in seen_in.items() if len(langs) == 1}
        return cls(
            tuple(intent_ids),
            docs,
            postings,
            weights,
            frequencies,
            surface,
            merged,
            lexicon,
            finder,
            program_intents,
            calibration,
            CharView(phrases),
            frozenset(local),
            frozenset(los_angeles),
            (
                LearnedView(chain(phrases, declined, asked), calibration.learned_smoothing)
                if asked
                else None
            ),
            _in_context(phrases, intent_ids, calibration),
        )

    @property
    def calibration(self) -> Calibration:
        """The confidence model and thresholds this index decides with."""
        return self._calibration

    def deciding_with(self, calibration: Calibration) -> MatchIndex:
        """The same index deciding with other thresholds, built in no time (for sweeps; what
        was fixed when it was built, such as smoothing, stays as it was)."""
        other = copy.copy(self)
        other._calibration = calibration
        return other

    @property
    def intents(self) -> tuple[str, ...]:
        """The intent slugs this index can answer."""
        return tuple(slug for slug in self._intents if not is_declined(slug))

    def match(self, text: str, prior_lang: str | None = None) -> Match:
        """Match one question: decide to answer, suggest close topics, or fall back."""
        query = self._query(text, prior_lang)
        match = self._decide(query, self._rank(query), text)
        if (
            self._learned is None
            or match.decision is Decision.FALLBACK
            or self._says_too_little(query)
        ):
            return match
        verdict = self._learned.verdict(text, match.lang)
        if verdict is None:
            return match
        # Between the answers about programs, for a question that names one, the program rules
        # above decide, and a near-domain reading does not overrule them: each of those answers
        # shows the named program's status anyway.
        settled = self._about_programs if match.program else frozenset()
        seconded = False
        if match.decision is Decision.SUGGEST:
            match = reoffer(match, verdict, self._calibration)
            seconded = self._seconds(verdict, match, query, text)
        return reread(match, verdict, self._calibration, self._barred(query), settled, seconded)

    def _seconds(self, verdict: Verdict, match: Match, query: _Query, text: str) -> bool:
        """Whether the character view, too, prefers the learned view's reading among a "did you
        mean"'s candidates (asked only when that reading could be answered)."""
        candidates = [slug for slug, _ in match.candidates]
        if verdict.label not in candidates or verdict.margin < self._calibration.learned_seconded:
            return False
        focus = question_part(text, query.lang) if query.story else text
        nearness = self._second_opinion.closeness(focus, match.lang, candidates)
        return bool(nearness) and max(nearness, key=nearness.__getitem__) == verdict.label

    def has_story(self, text: str, prior_lang: str | None = None) -> bool:
        """Whether a message is long, with a story around its question (intents.focus)."""
        return self._query(text, prior_lang).story > 0

    def evidence(self, text: str, prior_lang: str | None = None) -> list[tuple[str, Evidence]]:
        """The candidate intents, best first, with the evidence the decision weighs."""
        return [(self._intents[i], e) for i, e in self._rank(self._query(text, prior_lang))]

    # --- query analysis -------------------------------------------------------------------

    def _query(self, text: str, prior_lang: str | None) -> _Query:
        """Detect the language, find a program, and resolve words to weighted index terms."""
        lang = decide_language(language_votes(text, self._lexicon), prior_lang)
        words, focus_of = weighted_words(text, lang)
        mention = self._programs.find(words, lang, self._is_known)
        named = mention.positions if mention else frozenset()
        terms: dict[str, float] = {}
        unknown = 0.0
        for position, word in enumerate(words):
            focus = focus_of[position]
            if position in named:
                continue
            term = self._resolve(word, lang)
            if term is not None and term in self._weights:
                terms[term] = max(terms.get(term, 0.0), self._weights[term] * focus)
            elif len(word) > 2 and not word.isdigit():
                unknown += self._unknown_weight * focus
        topic = None
        if mention is not None and self._about_program(mention, words, terms, unknown):
            topic = mention
            kind = stem(mention.kind, "en")
            if kind in self._weights:
                terms[kind] = self._weights[kind]
        elif mention is not None:
            # A country named in passing ("send money to Honduras") tells no intent anything.
            unknown += self._unknown_weight
        story = sum(focus < 1.0 for focus in focus_of) / len(focus_of) if focus_of else 0.0
        # Where the story happened does not matter ("we moved here from Texas"); where the
        # question asks about does.
        asked_about = {word for word, focus in zip(words, focus_of, strict=True) if focus == 1.0}
        return _Query(
            lang,
            terms,
            unknown,
            " ".join(terms),
            mention,
            topic,
            len(words),
            story,
            not asked_about.isdisjoint(places_elsewhere()),
            not asked_about.isdisjoint(places_elsewhere_in_state()),
            contexts_named(text, lang),
        )

    def _about_program(
        self, mention: ProgramMention, words: list[str], terms: dict[str, float], unknown: float
    ) -> bool:
        """Whether a question naming a program asks about it: it names the program's kind ("TPS",
        "DACA"), or what it says that intents about that kind never say weighs less than the
        name itself ("honduras still valid?" yes, "send money to Honduras" no)."""
        kind = stem(mention.kind, "en")
        if kind in terms or any(words[p] == mention.kind for p in mention.positions):
            return True
        vocabulary = self._kind_vocabulary.get(kind, frozenset())
        unexplained = unknown + sum(w for t, w in terms.items() if t not in vocabulary)
        return unexplained < self._weights.get(kind, 0.0)

    def _is_known(self, word: str) -> bool:
        """Whether a word is in the index's vocabulary as typed."""
        return word in self._surface

    def _resolve_uncached(self, word: str, lang: str) -> str | None:
        """The index term for a word: its stem, the term of the same word seen in a paraphrase of
        either language (Spanglish), or the term of its typo-corrected form."""
        term = stem(word, lang)
        term = self._merged.get((lang, term), term)
        if term in self._weights:
            return term
        if word in self._surface:
            return self._surface[word]
        corrected = self._correct(word)
        return self._surface[corrected] if corrected else None

    def _correct(self, word: str) -> str | None:
        """The vocabulary word closest to a misspelt one, within its typo budget."""
        budget = typo_budget(word)
        if budget == 0:
            return None
        best: tuple[int, str] | None = None
        for length in range(len(word) - budget, len(word) + budget + 1):
            for key in ((word[0], length), (word[-1], -length)):
                choices = self._buckets.get(key)
                if not choices:
                    continue
                found = process.extractOne(
                    word, choices, scorer=Levenshtein.distance, score_cutoff=budget
                )
                if found and (best is None or (found[1], found[0]) < best):
                    best = (found[1], found[0])
        return best[1] if best else None

    # --- scoring --------------------------------------------------------------------------

    def _candidate_docs(self, query: _Query) -> list[int]:
        """Top phrases by BM25 from the inverted index, rare terms first."""
        scores: dict[int, float] = {}
        for term in sorted(query.terms, key=lambda t: -self._weights[t]):
            postings = self._postings[term]
            if len(postings) <= LONG_POSTINGS:
                for doc, weight in postings.items():
                    scores[doc] = scores.get(doc, 0.0) + weight
            elif scores:
                for doc in scores:
                    scores[doc] += postings.get(doc, 0.0)
            else:  # long postings are stored best first, so their head is where to start
                for doc, weight in islice(postings.items(), LONG_POSTINGS):
                    scores[doc] = weight
        best = heapq.nlargest(CANDIDATE_PHRASES, scores.items(), key=itemgetter(1))
        return [doc for doc, _ in best]

    def _rank(self, query: _Query) -> list[tuple[int, Evidence]]:
        """Candidate intents with their evidence, best first."""
        docs = self._candidate_docs(query)
        if query.topic is not None:
            program_intent = self._intent_ids.get(self._program_intents.get(query.topic.kind, ""))
            if program_intent is not None:
                docs.extend(self._docs_by_intent[program_intent])
        total = sum(query.terms.values()) + query.unknown
        cal = self._calibration
        phrase_scores: dict[int, float] = {}
        for doc_id in set(docs):
            doc = self._docs[doc_id]
            matched = sum(w for t, w in query.terms.items() if t in doc.terms)
            fuzzy = fuzz.token_sort_ratio(query.text, doc.text) / 100.0
            score = cal.phrase_score(
                matched / total, matched / doc.mass if doc.mass else 0.0, fuzzy
            )
            if score > phrase_scores.get(doc.intent, -1.0):
                phrase_scores[doc.intent] = score
        if not phrase_scores:
            return []
        likelihoods = {i: self._log_likelihood(i, query) for i in phrase_scores}
        top = max(likelihoods.values())
        odds = {i: math.exp(ll - top) for i, ll in likelihoods.items()}
        norm = sum(odds.values())
        kind = stem(query.topic.kind, "en") if query.topic else None
        # One word is weak evidence, and so are words of the question an intent never uses.
        known = min(len(query.terms), 4) / 4
        evidence = []
        for intent, phrase_score in phrase_scores.items():
            frequency = self._frequencies[intent]
            typical = self._pooled_frequency if intent in self._pooled else frequency
            program = min(1.0, cal.support_scale * frequency.get(kind, 0.0)) if kind else 0.0
            if kind and intent in self._declined:
                program = 1.0  # a topic Puente declines is declined for every program
            support = sum(
                w * min(1.0, cal.support_scale * typical.get(t, 0.0))
                for t, w in query.terms.items()
            )
            # How many of the question's words the intent uses, scaled by the share of the
            # question's weight they carry (a story names many topics: each uses a few words).
            used_terms = [w for t, w in query.terms.items() if t in frequency]
            used = min(len(used_terms), 4) / 4 * sum(used_terms) / total
            evidence.append(
                (
                    intent,
                    Evidence(
                        phrase_score,
                        support / total,
                        odds[intent] / norm,
                        known,
                        used,
                        program,
                        query.story,
                    ),
                )
            )
        evidence.sort(key=lambda item: -cal.rank(item[1]))
        return evidence

    def _log_likelihood(self, intent: int, query: _Query) -> float:
        """Naive Bayes log-likelihood of the question's terms under one intent, rare terms counting
        more (each term's log-probability is scaled by its weight)."""
        if intent in self._pooled:
            frequency, n = self._pooled_frequency, self._pooled_size
        else:
            frequency, n = self._frequencies[intent], self._intent_sizes[intent]
        alpha = self._calibration.smoothing
        return sum(
            w * math.log((frequency.get(t, 0.0) * n + alpha) / (n + 2 * alpha))
            for t, w in query.terms.items()
        )

    # --- decision -------------------------------------------------------------------------

    def _decide(self, query: _Query, ranked: list[tuple[int, Evidence]], text: str) -> Match:
        """Turn the ranked evidence into a calibrated decision; `text` is the question as
        written, for the second opinion."""
        program = query.program.slug if query.program else None
        if not ranked:
            return Match(Decision.FALLBACK, None, 0.0, query.lang, program, (), ())
        cal = self._calibration
        ranked = ranked[:MAX_CANDIDATES]
        ranks = [cal.rank(e) for _, e in ranked]
        runner_up = ranks[1] if len(ranks) > 1 else 0.0
        scores = [
            cal.confidence(e, rank - (runner_up if n == 0 else ranks[0]))
            for n, ((_, e), rank) in enumerate(zip(ranked, ranks, strict=True))
        ]
        # Confidence weighs more than the rank does, so clamp: no candidate is reported as more
        # likely than one ranked above it.
        for n in range(1, len(scores)):
            scores[n] = min(scores[n], scores[n - 1])
        # An intent about a program whose paraphrases nearly always name it ("renew my TPS") is
        # unlikely for a question that names no program ("renew my driver's license").
        for n, (intent, _) in enumerate(ranked):
            unnamed = self._unnamed_share.get(intent)
            if unnamed is not None and not query.terms.keys() & self._kind_context[unnamed[0]]:
                scores[n] *= unnamed[1]
        # Likewise an intent about a context for a question that leaves it unnamed: finding a
        # detained relative for "what do I do if ICE detains me?", a stop while driving for
        # "what documents can ICE ask for in a stop?".
        for n, (intent, _) in enumerate(ranked):
            for context, share in self._in_context.get(intent, {}).items():
                if context not in query.contexts:
                    scores[n] *= share
        order = sorted(range(len(ranked)), key=lambda n: -scores[n])  # stable: rank breaks ties
        ranked = [ranked[n] for n in order]
        scores = [scores[n] for n in order]
        candidates = [
            (self._intents[i], round(score, 4))
            for (i, _), score in zip(ranked, scores, strict=True)
        ]
        # A story names many topics, so its best match needs more evidence to be answered.
        needed = max(cal.answer, cal.story_answer) if query.story else cal.answer
        if is_declined(candidates[0][0]) or self._mostly_declined(query):
            # Before the program: "can I travel with TPS?" is about travel.
            refer = not is_everyday(candidates[0][0])
            others = [c for c in candidates if not is_declined(c[0])]
            if refer and others and others[0][0] == REFERRAL and others[0][1] >= needed:
                # Asking for a lawyer about a declined topic ("a free lawyer for my asylum
                # case"): where to find legal help is the answer itself.
                return Match(
                    Decision.ANSWER, REFERRAL, others[0][1], query.lang, program, tuple(others), ()
                )
            return self._decline(query, candidates, refer=refer)
        program_answer = False
        # Kinds of program named ("tps").
        named_kinds = query.terms.keys() & self._kind_intents.keys()
        if query.topic is not None:
            # A question naming a program that asks nothing else telling, or whose best match is
            # the program's own intent, gets that intent: the program's status is what it needs.
            slug = self._program_intents.get(query.topic.kind)
            if slug == candidates[0][0] or (
                slug in self._intent_ids and self._names_only_program(query, ranked[0][0])
            ):
                score = round(max(scores[0], cal.program_confidence), 4)
                others = [c for c in candidates if c[0] != slug]
                candidates = [(slug, score), *others][:MAX_CANDIDATES]
                program_answer = True
        elif any(self._kind_intents[kind] == candidates[0][0] for kind in named_kinds):
            # "what happens when TPS expires?": a question naming a kind of program (no country)
            # whose best match is that kind's own intent is about the program's status. Not a
            # program answer: the character view may still overrule it.
            candidates[0] = (candidates[0][0], round(max(scores[0], cal.program_confidence), 4))
        candidates = [c for c in candidates if not is_declined(c[0])]
        top, confidence = candidates[0]
        runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
        # Two intents about as likely: "did you mean" with both beats a confident pick.
        close_call = relative_lead(confidence, runner_up) < cal.close
        offered = tuple(
            slug for slug, score in candidates[:MAX_SUGGESTIONS] if score >= cal.offer_floor
        )
        # Los Angeles' or California's rules are no confident answer about another place's
        # ("is Austin a sanctuary city?"): offered, with what else is close.
        elsewhere = top in self._barred(query)
        if (
            confidence >= needed
            and not close_call
            and not elsewhere
            and not self._says_too_little(query)
        ):
            # A named program is exact evidence, and legal help is never a harmful answer; any
            # other answer needs the character view to agree, else both are offered.
            second = (
                None
                if program_answer or top == REFERRAL
                else self._overruled_by(
                    question_part(text, query.lang) if query.story else text,
                    query.lang,
                    [
                        slug
                        for slug, _ in candidates
                        if not self._about_other_kind(slug, named_kinds)
                    ],
                    confidence,
                )
            )
            if second is None:
                return Match(
                    Decision.ANSWER, top, confidence, query.lang, program, tuple(candidates), ()
                )
            offered = tuple(dict.fromkeys((top, second, *offered)))[:MAX_SUGGESTIONS]
            return Match(
                Decision.SUGGEST, None, confidence, query.lang, program, tuple(candidates), offered
            )
        decision = Decision.SUGGEST if confidence >= cal.suggest else Decision.FALLBACK
        return Match(
            decision, None, confidence, query.lang, program, tuple(candidates), offered, elsewhere
        )

    def _overruled_by(
        self, text: str, lang: str, candidates: list[str], confidence: float
    ) -> str | None:
        """The intent the character view prefers to the best candidate, when it overrules it:
        always when the pick is not firm; a firm pick only when the view clearly prefers the
        other (the pick's nearest paraphrase well behind)."""
        nearness = self._second_opinion.closeness(text, lang, candidates)
        if not nearness:
            return None
        preferred = max(nearness, key=nearness.__getitem__)
        cal = self._calibration
        if preferred == candidates[0] or (
            confidence >= cal.firm
            and nearness.get(candidates[0], 0.0) >= cal.overrule * nearness[preferred]
        ):
            return None
        return preferred

    def _decline(self, query: _Query, candidates: list[tuple[str, float]], refer: bool) -> Match:
        """A question about a topic Puente does not cover: refused; legal help offered first
        when the topic is about immigration (`refer`)."""
        others = [c for c in candidates if not is_declined(c[0])]
        offered = [REFERRAL] if refer and REFERRAL in self._intent_ids else []
        offered += [s for s, score in others if score >= self._calibration.offer_floor]
        program = query.program.slug if query.program else None
        return Match(
            Decision.FALLBACK,
            None,
            0.0,
            query.lang,
            program,
            tuple(others),
            tuple(dict.fromkeys(offered))[:MAX_SUGGESTIONS],
        )

    def _mostly_declined(self, query: _Query) -> bool:
        """Whether words of declined topics carry a large share of the question's known words,
        leaving aside a program it names ("can I travel with TPS?" is about travel)."""
        total = sum(w for t, w in query.terms.items() if t not in self._kind_intents)
        declined = sum(w for t, w in query.terms.items() if t in self._declined_terms)
        return total > 0 and declined / total >= self._calibration.declined_share

    def _barred(self, query: _Query) -> frozenset[str]:
        """The intents whose answers do not hold where the question asks about, whichever view
        prefers them: Los Angeles' and California's rules for a place outside California, Los
        Angeles' own for a place in California outside its county."""
        if query.elsewhere:
            return self._local
        return self._los_angeles if query.elsewhere_in_state else frozenset()

    def _says_too_little(self, query: _Query) -> bool:
        """Whether the question is one word that several intents use ("ice", "abogado"), or
        that few paraphrases of any intent use ("good": "is my TPS still good?"): too little
        to pick an intent, so the close ones are offered instead of one being answered. A
        program's own name ("TPS") is not: its program intent answers it."""
        if query.topic is not None or query.words != 1 or len(query.terms) != 1:
            return False
        [term] = query.terms
        if term in self._kind_intents:
            return False
        typical = self._calibration.support_scale * self._most_typical.get(term, 0.0)
        return (
            self._intents_using[term] >= AMBIGUOUS_WORD_INTENTS
            or typical < self._calibration.one_word_typical
        )

    def _about_other_kind(self, slug: str, named_kinds: set[str]) -> bool:
        """Whether an intent is about a kind of program ("DACA") other than those a question
        names ("TPS"): whatever its paraphrases share with the question, it is not the topic."""
        about = self._unnamed_share.get(self._intent_ids[slug])
        return bool(named_kinds) and about is not None and about[0] not in named_kinds

    def _names_only_program(self, query: _Query, best_other: int) -> bool:
        """Whether a question mostly just names a program (nothing else it says is telling)."""
        rest = {t: w for t, w in query.terms.items() if t not in self._kind_intents}
        explained = sum(w for t, w in rest.items() if t in self._frequencies[best_other])
        return explained < self._calibration.program_residual and query.unknown <= (
            self._unknown_weight
        )


def reoffer(match: Match, verdict: Verdict, cal: Calibration) -> Match:
    """A "did you mean" whose offers are the candidates in the order of both views: the word
    index's confidence in each plus `learned_order` times its likelihood in the learned view,
    relative to the likeliest candidate's. Neither view alone orders them as well."""
    known = [verdict.scores[slug] for slug, _ in match.candidates if slug in verdict.scores]
    if not known:
        return match
    likeliest = max(known)

    def both(candidate: tuple[str, float]) -> float:
        slug, confidence = candidate
        if slug not in verdict.scores:
            return confidence
        return confidence + cal.learned_order * math.exp(verdict.scores[slug] - likeliest)

    ranked = sorted(match.candidates, key=both, reverse=True)
    offered = [slug for slug, confidence in ranked if confidence >= cal.offer_floor]
    return replace(match, suggestions=tuple(offered[:MAX_SUGGESTIONS]))


def reread(
    match: Match,
    verdict: Verdict,
    cal: Calibration,
    barred: frozenset[str],
    settled: frozenset[str] = frozenset(),
    seconded: bool = False,
) -> Match:
    """A decision revised by the learned view (intents.learned): an answer it clearly reads
    otherwise is offered with its reading instead, unless the word index is firm about it
    (`learned_firm`) or the answer is among the `settled` intents and the reading is another of
    them or a near-domain topic;
    a "did you mean" whose first candidate it clearly confirms, or any of whose candidates it
    reads very clearly (or clearly, where the character view prefers it too: `seconded`), is
    answered with that candidate, unless that intent is `barred`."""
    label, margin = verdict.label, verdict.margin
    if match.decision is Decision.ANSWER:
        if (
            label == match.intent
            or margin < cal.learned_veto
            or match.score >= cal.learned_firm
            or match.intent not in verdict.weighed
            or (match.intent in settled and (label in settled or is_declined(label)))
        ):
            return match
        reading = () if is_declined(label) else (label,)
        offered = tuple(dict.fromkeys((match.intent, *reading, *match.suggestions)))
        return replace(
            match, decision=Decision.SUGGEST, intent=None, suggestions=offered[:MAX_SUGGESTIONS]
        )
    if match.decision is not Decision.SUGGEST or label in barred:
        return match
    confidences = dict(match.candidates)
    first = match.candidates[0][0] if match.candidates else ""
    # It confirms the word index's first candidate; a later one only when its reading is very
    # clear (`learned_promote`): at the lead that confirms, a promoted candidate was often wrong,
    # most of all on questions gathered after the word lists were tuned (docs/matching.md).
    confirmed = (
        label == first and margin > cal.learned_fill and confidences[first] >= cal.learned_floor
    )
    # A later candidate the character view prefers too needs a lesser lead (`learned_seconded`):
    # two views that fail differently agree on it.
    agreed = seconded and confidences.get(label, 0.0) >= cal.learned_seconded_floor
    if not (confirmed or agreed or (label in confidences and margin >= cal.learned_promote)):
        return match
    return replace(
        match,
        decision=Decision.ANSWER,
        intent=label,
        score=confidences[label],
        suggestions=(),
        elsewhere=False,
    )


def _group_docs(docs: tuple[_Doc, ...], intents: int) -> tuple[tuple[int, ...], ...]:
    """Doc ids per intent."""
    grouped: list[list[int]] = [[] for _ in range(intents)]
    for doc_id, doc in enumerate(docs):
        grouped[doc.intent].append(doc_id)
    return tuple(tuple(g) for g in grouped)


def _program_kinds(
    kinds: set[str],
    frequencies: tuple[dict[str, float], ...],
    intent_docs: list[list[frozenset[str]]],
    calibration: Calibration,
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[int, tuple[str, float]]]:
    """What the index knows about each program kind term ("tps", "daca"), from the intents it is
    typical of (the intents about that program): every term they use; the terms that name the
    program (the kind, and terms only those intents use, such as "i821"); and per such intent,
    the smoothed share of its paraphrases that name none of those."""
    vocabulary: dict[str, frozenset[str]] = {}
    context: dict[str, frozenset[str]] = {}
    unnamed: dict[int, tuple[str, float]] = {}
    alpha = calibration.smoothing
    for kind in kinds:
        about = [
            i
            for i, f in enumerate(frequencies)
            if calibration.support_scale * f.get(kind, 0.0) >= 1.0
        ]
        vocabulary[kind] = frozenset().union(*(frequencies[i] for i in about))
        others = frozenset().union(*(f for i, f in enumerate(frequencies) if i not in about))
        context[kind] = (vocabulary[kind] - others) | {kind}
        for intent in about:
            silent = sum(not terms & context[kind] for terms in intent_docs[intent])
            unnamed[intent] = (kind, (silent + alpha) / (len(intent_docs[intent]) + 2 * alpha))
    return vocabulary, context, unnamed


def _in_context(
    phrases: list[Phrase], intent_ids: Mapping[str, int], calibration: Calibration
) -> dict[int, dict[str, float]]:
    """The intents whose paraphrases nearly all name a context (lexicon.CONTEXTS), each with the
    smoothed share of its paraphrases that leave that context unnamed."""
    sizes: Counter[int] = Counter()
    naming: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for phrase in phrases:
        intent = intent_ids[phrase.intent]
        sizes[intent] += 1
        naming[intent].update(contexts_named(phrase.text, phrase.lang))
    alpha = calibration.smoothing
    about: dict[int, dict[str, float]] = {}
    for intent, named in naming.items():
        for context, count in named.items():
            share = (sizes[intent] - count + alpha) / (sizes[intent] + 2 * alpha)
            if share < calibration.context_share:
                about.setdefault(intent, {})[context] = share
    return about


def _merged_stems(seen_in: Mapping[str, set[str]]) -> dict[tuple[str, str], str]:
    """(language, stem) -> one shared term, for words written the same in paraphrases of several
    languages (names such as "Homan", "California", "USCIS") whose stemmers disagree."""
    merged = {}
    for word, langs in seen_in.items():
        if len(langs) > 1:
            first, *others = [lang for lang in languages() if lang in langs]
            shared = stem(word, first)
            for lang in others:
                if stem(word, lang) != shared:
                    merged[(lang, stem(word, lang))] = shared
    return merged


def _frequencies(
    doc_terms: list[tuple[int, list[str]]], intents: int
) -> tuple[dict[str, float], ...]:
    """Per intent, the share of its phrases that use each term."""
    counts: list[Counter[str]] = [Counter() for _ in range(intents)]
    sizes = [0] * intents
    for intent, terms in doc_terms:
        counts[intent].update(set(terms))
        sizes[intent] += 1
    return tuple({t: c / sizes[i] for t, c in counts[i].items()} for i in range(intents))


def _idf(frequencies: tuple[dict[str, float], ...]) -> dict[str, float]:
    """Inverse intent frequency: a term used by few intents tells them apart."""
    df: Counter[str] = Counter()
    for terms in frequencies:
        df.update(terms.keys())
    n = len(frequencies)
    return {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in df.items()}


def _postings(
    doc_terms: list[tuple[int, list[str]]], weights: dict[str, float]
) -> tuple[tuple[_Doc, ...], dict[str, dict[int, float]]]:
    """Docs and the inverted index with each posting's BM25 contribution precomputed."""
    avg_len = sum(len(terms) for _, terms in doc_terms) / max(len(doc_terms), 1) or 1.0
    docs = []
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    for doc_id, (intent, terms) in enumerate(doc_terms):
        unique = frozenset(terms)
        docs.append(_Doc(intent, unique, " ".join(terms), sum(weights[t] for t in unique)))
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(terms) / avg_len)
        for term, tf in Counter(terms).items():
            postings[term][doc_id] = weights[term] * tf * (BM25_K1 + 1) / (tf + norm)
    for term, docs_of_term in postings.items():
        if len(docs_of_term) > LONG_POSTINGS:
            postings[term] = dict(sorted(docs_of_term.items(), key=lambda item: -item[1]))
    return tuple(docs), dict(postings)
