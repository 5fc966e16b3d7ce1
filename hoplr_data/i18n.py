"""Translation layer: every user-facing string in Dutch, French and English, and locale formats."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from .catalog import MESSAGES

LANGUAGES = ("nl", "fr", "en")
LOCALES = {"nl": "nl_NL", "fr": "fr_BE", "en": "en_GB"}
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def t(key: str, lang: str, **params: object) -> str:
    """The text of a key in a language, with {placeholders} filled in."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def fmt_int(value: float | None, lang: str) -> str:
    """A whole number with the language's grouping."""
    return "–" if value is None else format_decimal(round(value), locale=LOCALES[lang])


def fmt_decimal(value: float | None, lang: str, digits: int = 1) -> str:
    """A number with a fixed number of decimals."""
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def fmt_pct(value: float | None, lang: str, digits: int = 1) -> str:
    """A share as a percentage."""
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(value, format=pattern, locale=LOCALES[lang])
