"""Fixture content with program dates changed, for reminder and program-update tests."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from tests.e2e.conftest import FIXTURE_CONTENT


def content_with(
    folder: Path,
    slug: str,
    *,
    reviewed: date,
    status: str | None = None,
    ends: date | None = None,
    into: Path | None = None,
) -> Path:
    """A copy of the fixture content where one program has another status or window end,
    checked on `reviewed` (the seed refuses a change without a newer review date), or, with
    `into`, that change made to a copy made earlier."""
    target = into or folder / f"content-{slug}-{status}-{ends}"
    if into is None:
        shutil.copytree(FIXTURE_CONTENT, target, dirs_exist_ok=True)
    path = target / "programs.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for program in data["programs"]:
        if program["slug"] == slug:
            program["reviewed"] = reviewed
            if status is not None:
                program["status"] = status
            if ends is not None:
                program["reregistration"] = {"start": date(2026, 1, 1), "end": ends}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target
