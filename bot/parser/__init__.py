"""Offline parser for market chat messages (Hindi, Hinglish, English): `parse(text) -> Parsed`."""
from bot.parser.parse import Parsed, parse

__all__ = ["Parsed", "parse"]
