"""Build small content folders for tests, in the same format volunteers write."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from db.content import load_content, rules_of

REVIEWED = date(2026, 11, 1)
# The shipped rules (rules.yaml): topics, program kinds and status labels.
RULES = rules_of()
# The day content is checked on in the tests (review dates are judged against it).
TODAY = date(2026, 11, 21)


def topic_flags(topic: str) -> dict[str, bool]:
    """What the shipped rules make a topic's answers carry, as IntentContent fields."""
    rule = RULES.topic(topic)
    return {
        "disclaimer": rule is not None and rule.disclaimer,
        "shows_program": rule is not None and rule.programs,
    }


def intent_data(slug: str, **overrides: Any) -> dict[str, Any]:
    """A valid intent file's data, with fields overridden."""
    data: dict[str, Any] = {
        "slug": slug,
        "topic": "know-your-rights",
        "jurisdiction": "federal",
        "reviewed": REVIEWED.isoformat(),
        "sources": [{"title": "Example source", "url": "https://example.org/" + slug}],
        "related": [],
        "en": {
            "title": f"About {slug}",
            "questions": [f"question about {slug.replace('-', ' ')}", f"{slug} help"],
            "answer": f"Answer about {slug}.\n• Do this first.",
        },
        "es": {
            "title": f"Sobre {slug}",
            "questions": [f"pregunta sobre {slug.replace('-', ' ')}", f"ayuda {slug}"],
            "answer": f"Respuesta sobre {slug}.\n• Haga esto primero.",
        },
    }
    data.update(overrides)
    return data


def program_data(slug: str = "tps-honduras", **overrides: Any) -> dict[str, Any]:
    """A valid program entry, with fields overridden."""
    data: dict[str, Any] = {
        "slug": slug,
        "kind": "tps",
        "names": {"en": "Honduras", "es": "Honduras"},
        "aliases": ["catrachos"],
        "status": "terminated",
        "valid_until": None,
        "reregistration": None,
        "summary": {"en": "Ended.", "es": "Terminó."},
        "source": {"title": "USCIS", "url": "https://www.uscis.gov/tps"},
        "reviewed": REVIEWED.isoformat(),
    }
    data.update(overrides)
    return data


def write_content(
    root: Path, intents: list[dict[str, Any]], programs: list[dict[str, Any]] | None = None
) -> Path:
    """Write intent files (named after their slug) and a programs file under root."""
    folder = root / "intents"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    for data in intents:
        (folder / f"{data['slug']}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    (root / "programs.yaml").write_text(
        yaml.safe_dump({"programs": programs if programs is not None else [program_data()]}),
        encoding="utf-8",
    )
    return root


def asked_data(q: str, intent: str | None = "a", **overrides: Any) -> dict[str, Any]:
    """One question people asked, labelled, as a line of an asked/*.jsonl file."""
    data: dict[str, Any] = {
        "q": q,
        "lang": "en",
        "intent": intent,
        "kind": "in-scope" if intent else "near-domain",
        "source": "https://example.org/readers-questions",
    }
    return data | overrides


def write_asked(root: Path, rows: list[dict[str, Any]], name: str = "gathering.jsonl") -> Path:
    """Write one asked-questions file (JSON lines) under root/asked."""
    folder = root / "asked"
    folder.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(row, ensure_ascii=False) for row in rows)
    (folder / name).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    """The problems load_content finds in a folder on TODAY, as printed."""
    return [str(p) for p in load_content(root, today=TODAY).problems]
