"""Small helpers for tests that start `puente` as a process or need a port nothing listens on."""

from __future__ import annotations

import asyncio
import os
import socket
import sys

# Longest a `puente` command may take before the test gives up on it.
PROCESS_SECONDS = 60


def free_port() -> int:
    """A local TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def run_puente(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run `puente ARGS` to completion with extra environment; its exit code and output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from bot.cli import main; main()", *args,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), timeout=PROCESS_SECONDS)
    assert process.returncode is not None
    return process.returncode, output.decode()
