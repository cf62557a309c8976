"""The production image builds from the Dockerfile and works: `puente doctor` passes inside it.

Built with buildah (scripts/build-image: no Docker engine; the python:3.11-slim base is a cached
debootstrap stand-in). Slow: about a minute with the base cached, a few more the first time.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import translate
from tests.fakebotapi import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
TAG = f"localhost/puente:test-{os.getpid()}"
BUILDAH = ["buildah", "--storage-driver", "vfs"]
BUILD_SECONDS = 1800

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("buildah") is None, reason="buildah is not installed"),
]


@pytest.fixture(scope="module")
def container() -> Iterator[str]:
    """A working container of a freshly built image (both removed afterwards)."""
    built = subprocess.run(
        [str(ROOT / "scripts" / "build-image"), TAG],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_SECONDS, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    name = subprocess.run(
        [*BUILDAH, "from", "--pull=never", TAG], capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        yield name
    finally:
        subprocess.run([*BUILDAH, "rm", name], capture_output=True, check=False)
        subprocess.run([*BUILDAH, "rmi", TAG], capture_output=True, check=False)


async def run_in(container: str, script: str, env: dict[str, str] | None = None) -> str:
    """Run a shell script in the container as its configured (runtime) user; its output."""
    options = [f"--env={name}={value}" for name, value in (env or {}).items()]
    process = await asyncio.create_subprocess_exec(
        *BUILDAH, "run", "--isolation", "chroot", *options, container, "--", "sh", "-c", script,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), timeout=300)
    assert process.returncode == 0, output.decode()
    return output.decode()


async def test_doctor_passes_in_the_image_against_the_bot_api(container: str) -> None:
    async with FakeBotAPI() as api:
        env = {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": "sqlite:////var/lib/puente/doctor.db",
        }
        output = await run_in(
            container,
            "puente db upgrade >/dev/null && puente seed >/dev/null && puente doctor",
            env,
        )
    host = api.base_url.split("/")[2]
    assert f"ok   telegram: @puente_test_bot reachable at {host}; no webhook set" in output
    assert "ok   database: reachable, at migration" in output
    assert "FAIL" not in output and api.token not in output


async def test_the_runtime_user_cannot_change_the_code_and_tests_are_not_there(
    container: str,
) -> None:
    output = await run_in(
        container,
        'id -u; python -c "import os, bot, importlib.util as u; '
        "print(os.access(os.path.dirname(bot.__file__), os.W_OK), "
        "u.find_spec('tests'), u.find_spec('bench'))\"; "
        "ls -A /tmp; "
        "find / -xdev \\( -name .env -o -name fakebotapi.py \\) -print 2>/dev/null; true",
    )
    assert output.split() == ["10001", "False", "None", "None"]


async def test_the_catalogs_are_compiled_into_the_image(container: str) -> None:
    env = {"DATABASE_URL": "sqlite:////var/lib/puente/ask.db"}
    output = await run_in(
        container, "puente seed >/dev/null && puente ask 'la migra esta en mi puerta'", env
    )
    assert translate("es", "This is information, not legal advice.") in output
    assert translate("es", "This is information, not legal advice.") != (
        "This is information, not legal advice."
    )


def test_the_image_declares_user_port_healthcheck_and_start_command(container: str) -> None:
    inspected = subprocess.run(
        [*BUILDAH, "inspect", "--type", "image", "--format",
         "{{.Docker.Config.User}}|{{.Docker.Config.ExposedPorts}}|{{.Docker.Config.Healthcheck.Test}}"
         "|{{.Docker.Config.Cmd}}", TAG],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    user, ports, healthcheck, command = inspected.split("|")
    assert user == "puente"
    assert "8443/tcp" in ports
    assert "puente doctor" in healthcheck
    assert "puente db upgrade && puente seed && exec puente run" in command
