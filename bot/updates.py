"""Long polling moves past an update python-telegram-bot cannot read instead of stalling on it.

When PTB fails to parse one update of a getUpdates batch, the whole batch is dropped unconfirmed
and fetched again at once, forever: no other chat is answered (and, before bot/logsafety.py, the
batch was logged whole each time). Telegram confirms updates by the next call's `offset`, so a
batch that comes back starting with the same update id was not processed. Only then is each of
its updates checked on its own, and one PTB cannot read is replaced by an empty update with the
same id: PTB confirms it, no handler answers it, and the log says which id was skipped and why
(the exception type only). Normal batches are passed through untouched, parsed once, by PTB.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)


def readable(raw: Any) -> dict[str, Any] | None:
    """The raw update if PTB can parse it, else an empty update with its id (None: no id)."""
    try:
        Update.de_json(raw, None)
    except Exception as exc:  # any parsing failure; PTB raises TypeError, KeyError, ValueError…
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.warning("Dropped an unreadable update without an id (%s)", type(exc).__name__)
            return None
        log.warning("Skipped update %s: it could not be read (%s)", update_id, type(exc).__name__)
        return {"update_id": update_id}
    return dict(raw)


class PollingRequest(HTTPXRequest):
    """The HTTP client PTB uses for getUpdates only (one connection, as PTB's default)."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)
        self._last_first_id: int | None = None

    # PTB declares this hook static but calls it on the instance; this one needs its state.
    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        """Parse the answer; a batch offered again has its unreadable updates emptied."""
        data = super().parse_json_payload(payload)
        batch = data.get("result") if data.get("ok") else None
        if not isinstance(batch, list) or not batch:
            return data
        first = batch[0].get("update_id") if isinstance(batch[0], dict) else None
        if first is not None and first == self._last_first_id:
            data["result"] = [update for update in map(readable, batch) if update is not None]
        self._last_first_id = first
        return data
