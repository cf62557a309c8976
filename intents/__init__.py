"""Puente's matching engine: pure Python, no Telegram and no database inside."""
