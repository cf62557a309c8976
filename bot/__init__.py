"""Puente's Telegram side and command-line interface."""
