"""Repeating jobs of the running bot."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.answering import Answerer, freeze_loaded_content
from bot.handlers.context import PuenteContext
from bot.handlers.replies import today
from db import curation, queries

log = logging.getLogger(__name__)


async def refresh_content(context: PuenteContext) -> None:
    """Rebuild the Answerer when the content was reseeded since it was built."""
    services = context.bot_data
    async with services.sessions() as session:
        version = await queries.content_version(session)
        if version == services.answerer.version:
            return
        answerer = await Answerer.load(session)
    if not answerer.intents:
        # A seed forced to retire everything must not leave the bot with nothing to say.
        log.warning("Content version %s has no live intents; keeping the loaded content", version)
        return
    # One assignment: updates in flight keep the Answerer they started with.
    services.answerer = answerer
    freeze_loaded_content()
    log.info("Loaded content version %s (%d intents)", version, len(answerer.intents))


async def purge_unanswered(context: PuenteContext) -> None:
    """Delete unanswered questions older than the retention setting."""
    days = context.bot_data.settings.unanswered_retention_days
    async with context.bot_data.sessions() as session:
        deleted = await curation.purge_unanswered(session, today() - timedelta(days=days))
        await session.commit()
    if deleted:
        log.info("Deleted %d unanswered questions older than %d days", deleted, days)
