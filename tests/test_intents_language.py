"""Language detection for short, noisy and mixed messages, with the user's language as prior."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from intents import MatchIndex, Phrase, detect_language, normalize
from intents.languages import LanguageError, languages
from intents.smalltalk import SmallTalk, small_talk
from tests.thirdkit import use_locales


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ice at my door what do i do", "en"),
        ("la migra esta en mi puerta que hago", "es"),
        ("q hago", "es"),
        ("pls help", "en"),
        ("ayudaaaa", "es"),
        ("¿Dónde?", "es"),
        ("necesito abogado", "es"),
        ("need a lawyer", "en"),
        ("where do i report a raid", "en"),
        ("donde reporto una redada", "es"),
    ],
)
def test_short_and_noisy_messages(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    assert detect_language(text, prior="es" if lang == "en" else "en") == lang


def test_spanglish_is_answered_in_the_dominant_language() -> None:
    assert detect_language("my jefe said that the migra is coming to the job tomorrow") == "en"
    assert detect_language("oye mi boss dice que la migra viene al trabajo mañana") == "es"


def test_no_evidence_or_a_tie_goes_to_the_prior() -> None:
    for prior in ("en", "es"):
        assert detect_language("TPS?", prior) == prior
        assert detect_language("hola thanks", prior) == prior
        assert detect_language("", prior) == prior


def test_without_a_prior_an_undecided_message_is_english() -> None:
    assert detect_language("TPS DACA 2026") == "en"


def test_an_unknown_prior_is_ignored() -> None:
    assert detect_language("TPS", prior="fr") == "en"


def test_the_index_vocabulary_tells_languages_apart() -> None:
    index = MatchIndex.build(
        [
            Phrase("court-date", "es", "citatorio de la corte de inmigracion"),
            Phrase("court-date", "en", "notice to appear in immigration court"),
        ]
    )
    # "citatorio" is in no built-in word list, only in the Spanish paraphrases.
    assert index.match("citatorio", prior_lang="en").lang == "es"


# --- a third language from data only (tests/data/third-language/) --------------------------------


def test_the_languages_are_the_catalogs_present_default_first() -> None:
    assert languages() == ("en", "es")


def test_a_third_language_comes_from_its_catalog_folder(three_languages: Path) -> None:
    assert languages() == ("en", "es", "pt")
    assert detect_language("vc sabe onde encontro um advogado?") == "pt"
    assert detect_language("não tenho documentos") == "pt"  # "ão": only Portuguese writes it
    # English and Spanish read as before, whatever the prior.
    for prior in ("en", "es", "pt"):
        assert detect_language("need a lawyer", prior) == "en"
        assert detect_language("necesito abogado", prior) == "es"


def test_with_three_languages_a_tie_goes_to_the_prior_among_the_leaders(
    three_languages: Path,
) -> None:
    assert detect_language("TPS?", "pt") == "pt"
    assert detect_language("TPS?") == "en"
    # "porta" is Portuguese, "puerta" Spanish: a tie between them, English has no vote.
    assert detect_language("porta puerta", "en") == "es"
    assert detect_language("porta puerta", "pt") == "pt"


def test_a_lexicon_file_joins_synonym_groups_and_makes_its_own(
    three_languages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "porta" joins the built-in door group, so it matches English and Spanish paraphrases.
    assert normalize("porta", "pt") == normalize("door", "en") == normalize("puerta", "es")
    assert normalize("advogada", "pt") == normalize("lawyer", "en")
    # A group only one language has (no English or Spanish words) is no error.
    lexicon = three_languages / "pt" / "lexicon.yaml"
    data = yaml.safe_load(lexicon.read_text(encoding="utf-8"))
    data["synonyms"]["cartorio"] = ["cartorio", "cartorios"]
    lexicon.write_text(yaml.safe_dump(data), encoding="utf-8")
    copy = tmp_path / "again"
    shutil.copytree(three_languages, copy)  # a new folder: read afresh
    use_locales(monkeypatch, copy)
    assert normalize("cartorios", "pt") == normalize("cartorio", "pt") == ["~cartorio"]


def test_a_malformed_lexicon_file_is_named(
    three_languages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (three_languages / "pt" / "lexicon.yaml").write_text("stemmer: portugese\n", encoding="utf-8")
    copy = tmp_path / "broken"
    shutil.copytree(three_languages, copy)
    use_locales(monkeypatch, copy)
    with pytest.raises(LanguageError, match=r"lexicon\.yaml.*portugese"):
        languages()


@pytest.mark.parametrize(
    ("content", "misspelt"),
    [("contexts: {drivng: carro}", "drivng"), ("small_talk: {thank: obrigado}", "thank")],
)
def test_a_lexicon_file_naming_an_unknown_group_of_words_is_named(
    three_languages: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: str,
    misspelt: str,
) -> None:
    # A misspelt context or kind of small talk fails on loading instead of being ignored.
    lexicon = three_languages / "pt" / "lexicon.yaml"
    lexicon.write_text(content + "\n", encoding="utf-8")
    copy = tmp_path / "misspelt"
    shutil.copytree(three_languages, copy)
    use_locales(monkeypatch, copy)
    with pytest.raises(LanguageError, match=rf"lexicon\.yaml.*{misspelt}"):
        languages()


def test_a_lexicon_file_adds_its_greetings_and_thanks(three_languages: Path) -> None:
    # "oi", "boa tarde" and "muito obrigada" are in the Portuguese lexicon file only.
    assert small_talk("Oi, boa tarde!") is SmallTalk.GREETING
    assert small_talk("Muito obrigada") is SmallTalk.THANKS
    assert small_talk("obrigado, a porta") is None


def test_a_lexicon_file_names_places_outside_california(three_languages: Path) -> None:
    # "Nova York" and "São Francisco" are in the Portuguese lexicon file only: a question about
    # either is not answered with an intent that holds only in Los Angeles.
    index = MatchIndex.build(
        [
            Phrase("sanctuary", "en", "is the city a sanctuary city"),
            Phrase("sanctuary", "es", "la ciudad es una ciudad santuario"),
            Phrase("sanctuary", "pt", "a cidade e uma cidade santuario"),
        ],
        local=["sanctuary"],
        los_angeles=["sanctuary"],
    )
    assert index.match("Nova York é uma cidade santuário?", prior_lang="pt").elsewhere
    assert index.match("São Francisco é uma cidade santuário?", prior_lang="pt").elsewhere
    assert not index.match("a cidade é uma cidade santuário?", prior_lang="pt").elsewhere


def test_a_lexicon_file_names_people_other_than_the_asker(three_languages: Path) -> None:
    # "irmão" (brother) is in the Portuguese lexicon file only: a question naming him is about
    # someone else, so the intent about a detained relative still answers it.
    index = MatchIndex.build(
        [
            Phrase("relative", "pt", "ele foi detido pela imigracao"),
            Phrase("relative", "pt", "minha mae foi detida pela imigracao"),
            Phrase("rights", "pt", "fui detido pela imigracao, quais sao meus direitos"),
        ]
    )
    brother = index.match("meu irmão foi detido pela imigração", prior_lang="pt")
    assert brother.candidates[0][0] == "relative"
    myself = index.match("fui detido pela imigração", prior_lang="pt")
    assert myself.candidates[0][0] == "rights"
