"""Puente's matching engine: pure Python, no Telegram and no database inside."""

from intents.evaluation import EvalReport, evaluate
from intents.index import MatchIndex
from intents.language import detect_language
from intents.model import Decision, Match, Phrase, ProgramAliases
from intents.text import normalize

__all__ = [
    "Decision",
    "EvalReport",
    "Match",
    "MatchIndex",
    "Phrase",
    "ProgramAliases",
    "detect_language",
    "evaluate",
    "normalize",
]
