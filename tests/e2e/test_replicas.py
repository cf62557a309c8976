"""Several `puente run` processes on one database: one poller only (a second refuses to start
with one line), and webhook replicas on PostgreSQL elect exactly one broadcast sender, which
another replaces when it is killed."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest
from sqlalchemy import text

from db.seed import seed
from db.session import make_engine
from tests.conftest import seeded_postgres
from tests.e2e.broadcastkit import (
    EN_TEXT,
    ES_TEXT,
    add_subscribers,
    broadcast_id,
    finished,
    puente,
    sends,
)
from tests.e2e.conftest import FIXTURE_CONTENT
from tests.e2e.test_process import STARTUP_SECONDS, database, listening, puente_run, stop
from tests.fakebotapi import FakeBotAPI
from tests.netkit import free_port

__all__ = ["database"]  # the fixture, imported for these tests
REFUSAL = (
    "puente: Another `puente run` is already polling with this database; stop it first, or run "
    "several replicas in webhook mode (`puente run --webhook URL`)."
)
QUICK = {"BROADCAST_POLL_SECONDS": "0.3"}


@pytest.fixture
async def postgres_db(postgres_server: str) -> str:
    """test_broadcast_replicas: the PostgreSQL test database seeded with the fixture content."""
    return await seeded_postgres(FIXTURE_CONTENT, lambda url: seed(url, FIXTURE_CONTENT))


async def output_of(process: asyncio.subprocess.Process) -> str:
    """Everything a process wrote before it exited."""
    out, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    return out.decode()


async def test_a_second_poller_refuses_to_start(database: str) -> None:
    """Start a poller, then another on the same database: it must refuse, in one line."""
    async with FakeBotAPI() as api, puente_run(api, database) as first:
        await api.wait_until(lambda: bool(api.calls_of("deleteWebhook")), STARTUP_SECONDS)
        async with puente_run(api, database) as second:
            log = await output_of(second)
            assert second.returncode == 2, log
        assert first.returncode is None  # the first one keeps answering
        api.send_text(801, "do I have to open the door to ICE", language_code="en")
        await api.next_reply(801, within=10)
        await stop(first)
    assert log.strip().splitlines()[-1] == REFUSAL
    assert "Traceback" not in log


@pytest.mark.postgres
async def test_webhook_replicas_send_each_message_once_and_one_takes_over_when_killed(
    postgres_db: str,
) -> None:
    subscribers = {70_000 + n: ("en" if n % 2 else "es") for n in range(200)}
    engine = make_engine(postgres_db)
    ports = [free_port(), free_port()]
    try:
        async with FakeBotAPI() as api:
            await add_subscribers(engine, api, subscribers)
            envs = [
                {
                    **QUICK,
                    "DATABASE_URL": postgres_db,
                    "BROADCAST_MESSAGES_PER_SECOND": "30",
                    "WEBHOOK_LISTEN": "127.0.0.1",
                    "WEBHOOK_PORT": str(port),
                }
                for port in ports
            ]
            hooks = [f"http://127.0.0.1:{port}/hook" for port in ports]
            async with (
                puente_run(api, postgres_db, "--webhook", hooks[0], env=envs[0]) as one,
                puente_run(api, postgres_db, "--webhook", hooks[1], env=envs[1]) as two,
            ):
                for port in ports:
                    await listening(port)
                out = await puente(postgres_db, "broadcast", "--en", EN_TEXT, "--es", ES_TEXT)
                await api.wait_until(lambda: len(sends(api)) >= 50, within=30)
                # Kill whichever is sending: the lock lives on its connection and dies with it.
                sending = await _sender_pid(postgres_db)
                victim, survivor = (one, two) if one.pid == sending else (two, one)
                assert sending in (one.pid, two.pid)
                victim.send_signal(signal.SIGKILL)
                await victim.wait()
                sent_at_kill = len(sends(api))
                await finished(engine, broadcast_id(out), within=60)
                log = await stop(survivor)
    finally:
        await engine.dispose()

    received = sends(api)
    assert sent_at_kill < len(subscribers)
    assert set(received) == set(subscribers)  # nobody skipped
    repeats = sum(len(calls) - 1 for calls in received.values())
    assert repeats <= 8  # at most the sender's concurrency, in flight at the kill
    assert "This process is the broadcast sender" in log


async def _sender_pid(url: str) -> int:
    """The process id of the `puente run` holding the sender lock (from its connection)."""
    from db.locks import holders

    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            [backend] = await holders(conn, "sender")
            client_port = await conn.scalar(
                text("SELECT client_port FROM pg_stat_activity WHERE pid = :pid"), {"pid": backend}
            )
    finally:
        await engine.dispose()
    return _pid_of_client_port(int(client_port))


def _pid_of_client_port(port: int) -> int:
    """Which local process owns a TCP connection from `port` (read from /proc)."""
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            # Inode 0: a closed connection (TIME_WAIT) that once used the same port.
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[9] != "0":
                inode = fields[9]
    assert inode is not None, f"no local socket from port {port}"
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if fd.readlink().name == f"socket:[{inode}]":
                return int(fd.parts[2])
        except OSError:
            continue
    raise AssertionError(f"no process owns socket {inode}")
