"""The stand-in Bot API in a process of its own, so a benchmark's bot and server do not share
one core: `python -m bench.standin RATE FIRST COUNT OUT.json` prints its base URL, serves until
SIGTERM, then writes every sendMessage it answered (chat, time, status) to OUT.json."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

from tests.fakebotapi import FakeBotAPI


async def serve(rate: float, first: int, count: int, out: Path) -> None:
    """Serve until SIGTERM, then write the log of sends."""
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with FakeBotAPI() as api:
        api.known_chats.update(range(first, first + count))
        if rate:
            api.limit_rate(rate)
        print(api.base_url, flush=True)
        await stop.wait()
    sends = [[c.chat_id, c.at, c.status] for c in api.calls_of("sendMessage")]
    await asyncio.to_thread(out.write_text, json.dumps(sends), encoding="utf-8")


if __name__ == "__main__":
    rate, first, count, out = sys.argv[1:5]
    asyncio.run(serve(float(rate), int(first), int(count), Path(out)))
