"""The terminal side volunteers use: `puente ask`, `puente chat` and `puente eval`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from db.seed import seed
from tests.contentkit import RULES
from tests.seedkit import shipped

DATA = Path(__file__).parent / "data"


def first_line(slug: str, lang: str) -> str:
    """The first line of a shipped answer."""
    intent = next(i for i in shipped().intents if i.slug == slug)
    return intent.block(lang).answer.splitlines()[0].strip()


@pytest.fixture(scope="module")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An SQLite database seeded with the shipped content."""
    import asyncio

    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'puente.db'}"
    asyncio.run(seed(url))
    return url


@pytest.fixture
def runner(seeded_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner pointed at the seeded database."""
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    return CliRunner()


def ask_json(runner: CliRunner, *args: str, stdin: str | None = None) -> list[dict]:
    """Run `puente ask --json` and parse its lines."""
    result = runner.invoke(app, ["ask", "--json", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_ask_json_contract_for_an_answer(runner: CliRunner) -> None:
    [row] = ask_json(runner, "que hago si la migra toca mi puerta")
    assert set(row) == {"question", "lang", "intent", "score", "program", "answer", "suggestions"}
    assert row["question"] == "que hago si la migra toca mi puerta"
    assert (row["lang"], row["intent"], row["program"]) == ("es", "ice-at-door", None)
    assert 0.0 <= row["score"] <= 1.0
    assert row["answer"].startswith(first_line("ice-at-door", "es"))
    assert row["suggestions"] == []


def test_ask_recognises_a_program(runner: CliRunner) -> None:
    [row] = ask_json(runner, "el tps de los catrachos sigue?")
    assert (row["intent"], row["program"], row["lang"]) == ("tps-status", "tps-honduras", "es")
    assert "Honduras" in row["answer"]


def test_ask_refuses_out_of_scope(runner: CliRunner) -> None:
    [row] = ask_json(runner, "How do I make guacamole?")
    assert row["intent"] is None and row["answer"] is None
    assert row["lang"] == "en"


def test_ask_reads_one_question_per_line(runner: CliRunner) -> None:
    rows = ask_json(
        runner, stdin="Can I still apply for DACA?\n\n¿Cómo encuentro a mi esposo detenido?\n"
    )
    assert [(r["intent"], r["lang"]) for r in rows] == [
        ("daca", "en"),
        ("detained-relative", "es"),
    ]


def test_ask_rejects_an_unknown_language(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ask", "--lang", "fr", "hola"])
    assert result.exit_code == 2
    assert "--lang must be en or es" in result.output


def test_chat_answers_standard_input_and_stops_at_its_end(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["chat"], input="que hago si la migra toca mi puerta\nwhere do I report a raid?\n"
    )
    assert result.exit_code == 0, result.output
    assert "No abra la puerta" in result.output or "no abra la puerta" in result.output.lower()
    assert "888-624-4752" in result.output  # the report-ice-activity answer's hotline


def test_chat_greets_back_and_says_commands_are_for_telegram(runner: CliRunner) -> None:
    result = runner.invoke(app, ["chat"], input="hola\n/privacy\nmuchas gracias\n")

    assert result.exit_code == 0
    assert "¡Hola!" in result.stdout and "De nada." in result.stdout
    assert "no sé la respuesta" not in result.stdout
    # A command is not matched as a question ("privacy" is in the data-sharing answer's words).
    assert "/privacy is a Telegram command; here, type a question" in result.stderr
    assert result.stdout.count("\n\n") == 2  # two replies, none for the command


def test_chat_without_content_says_to_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = CliRunner().invoke(app, ["chat"], input="hola\n")
    assert result.exit_code == 2
    assert "run `puente db upgrade` and `puente seed` first" in result.output


def test_eval_reports_and_gates_on_accuracy(runner: CliRunner) -> None:
    result = runner.invoke(app, ["eval", str(DATA / "dev-questions.jsonl")])
    assert result.exit_code == 0, result.output
    assert "right (in scope)" in result.output and "confident wrong" in result.output
    result = runner.invoke(
        app, ["eval", str(DATA / "dev-questions.jsonl"), "--min-accuracy", "1.01"]
    )
    assert result.exit_code == 1


def test_eval_gates_on_confident_wrong_answers(runner: CliRunner, tmp_path: Path) -> None:
    labelled = tmp_path / "mislabelled.jsonl"
    row = {"q": "ICE is knocking at my door, do I open?", "intent": "schools", "lang": "en"}
    labelled.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(labelled)])
    assert result.exit_code == 0, result.output
    assert "confident wrong    100.0%  (1/1" in result.output
    assert "[wrong] 'ICE is knocking at my door, do I open?'" in result.output
    result = runner.invoke(app, ["eval", str(labelled), "--max-confident-wrong", "0.03"])
    assert result.exit_code == 1


def test_a_country_named_gets_its_status_and_daca_keeps_its_answer(runner: CliRunner) -> None:
    """TPS covers several countries, so "TPS Honduras" is answered by Honduras's status alone;
    DACA is one program, so its curated answer comes first and its status follows."""
    programs = {program.slug: program for program in shipped().programs}
    [tps] = ask_json(runner, "is tps honduras still valid")
    honduras = programs["tps-honduras"]
    status = RULES.status_label(honduras.status, "en")
    assert tps["answer"].startswith(f"TPS {honduras.names['en']}\nStatus: {status}")
    assert first_line("tps-status", "en") not in tps["answer"]

    [daca] = ask_json(runner, "Can I still apply for DACA?")
    assert (daca["intent"], daca["program"]) == ("daca", "daca")
    assert daca["answer"].startswith(first_line("daca", "en"))
    status = "Status: " + RULES.status_label(programs["daca"].status, "en")
    assert status in daca["answer"]


HUGE = "la migra " * 200_000  # 1.8 MB on one line


def test_ask_skips_a_question_longer_than_telegram_allows_and_says_so(runner: CliRunner) -> None:
    stdin = f"que hago si la migra toca mi puerta\n{HUGE}\nel tps de honduras sigue?\n"
    result = runner.invoke(app, ["ask", "--json"], input=stdin)

    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [row["intent"] for row in rows] == ["ice-at-door", "tps-status"]
    assert result.stderr.strip() == (
        "puente: question 2 skipped: a question can have at most 4,096 characters, as on "
        f"Telegram; this one has {len(HUGE.strip()):,}"
    )


def test_chat_refuses_a_question_longer_than_telegram_allows_and_goes_on(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["chat"], input=f"{HUGE}\nque hago si la migra toca mi puerta\n")

    assert result.exit_code == 0
    assert "at most 4,096 characters" in result.stderr and "please shorten it" in result.stderr
    assert "No. No abra la puerta" in result.stdout
