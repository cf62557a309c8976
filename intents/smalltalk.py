"""Messages that only greet, thank or acknowledge ("hola", "thank you so much", "ok gracias"):
there is nothing to answer, so the bot greets back instead of saying it does not know."""

from __future__ import annotations

from enum import StrEnum

from intents.text import small_talk_words, tokens

# Longer messages say more than hello or thanks, even when every word is on the lists.
MAX_WORDS = 12


class SmallTalk(StrEnum):
    """What a message of small talk says."""

    GREETING = "greeting"  # hello, or "I have a question": the bot invites the question
    THANKS = "thanks"  # thanks, goodbye or OK: the bot says "you're welcome"


def small_talk(text: str) -> SmallTalk | None:
    """What a message says if every word of it is small talk (lexicon.SMALL_TALK) and one at
    least greets, thanks or acknowledges; None for anything else, a question above all."""
    written = tokens(text)
    if not written or len(written) > MAX_WORDS:
        return None
    words = set(written)
    lists = small_talk_words()
    thanks = words & lists["thanks"]
    allowed = lists["greeting"] | lists["ok"] | lists["filler"] | thanks
    if thanks:
        allowed |= lists["thanked_for"]  # "thanks for the help", never "hi, help"
    if not words <= allowed:
        return None
    if thanks:
        return SmallTalk.THANKS
    if words & lists["greeting"]:
        return SmallTalk.GREETING
    if words & lists["ok"]:
        return SmallTalk.THANKS
    return None
