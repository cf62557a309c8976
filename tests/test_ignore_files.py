"""Secrets and throwaway files stay out of the image's build context and out of git."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECRETS = [
    ".env",
    ".env.production",
    "puente.db",
    "puente.db-wal",
    "puente.db-shm",
    "puente.db-journal",
    "data/puente.db",
    "data/puente.db-wal",
    "data/puente.db-shm",
]
NOT_IN_IMAGE = [
    "tests/test_seed.py",
    "bench/bench_bot.py",
    ".git/config",
    ".venv/bin/python",
    ".venv-min/bin/python",
]
IN_IMAGE = ["pyproject.toml", "README.md", "bot/cli.py", "db/seed/programs.yaml", "alembic.ini"]


def _regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as Docker reads it: from the context root, ** spans folders."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?|\[[^\]]*\])", pattern.strip("/"))
    regex = "".join(
        "(?:.*/)?" if part == "**/" else
        ".*" if part == "**" else
        "[^/]*" if part == "*" else
        "[^/]" if part == "?" else
        part if part.startswith("[") else
        re.escape(part)
        for part in parts
    )  # fmt: skip
    # A pattern that names a folder excludes everything under it.
    return re.compile(f"{regex}(?:/.*)?")


def docker_ignored(path: str) -> bool:
    """Whether .dockerignore keeps `path` out of the build context (last matching rule wins)."""
    ignored = False
    for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        rule = line.strip()
        if not rule or rule.startswith("#"):
            continue
        negated = rule.startswith("!")
        if _regex(rule.lstrip("!")).fullmatch(path):
            ignored = not negated
    return ignored


@pytest.mark.parametrize("path", SECRETS + NOT_IN_IMAGE)
def test_dockerignore_keeps_secrets_tests_and_bench_out(path: str) -> None:
    assert docker_ignored(path)


@pytest.mark.parametrize("path", IN_IMAGE)
def test_dockerignore_keeps_what_the_image_needs(path: str) -> None:
    assert not docker_ignored(path)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("path", SECRETS)
def test_git_ignores_secrets(path: str) -> None:
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT, check=False
    )
    assert checked.returncode == 0, f"git would track {path}"
