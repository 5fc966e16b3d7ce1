"""Translation layer: every user-facing string in Dutch, French and English, and locale formats."""

from __future__ import annotations

import datetime as dt
import decimal
from functools import cache

import pandas as pd
from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names
from babel.numbers import format_decimal, format_percent

from hoplr_data.core.catalog import MESSAGES

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


MISSING = "–"


def _missing(value: object) -> bool:
    """None, NaN, NaT and NA are shown as a dash."""
    return value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                             and bool(pd.isna(value)))  # fmt: skip


def _half_up() -> decimal.localcontext:
    """Round halves up, as people and spreadsheets do (Babel's default rounds half to even)."""
    return decimal.localcontext(rounding=decimal.ROUND_HALF_UP)


def fmt_int(value: float | None, lang: str, grouping: bool = True) -> str:
    """A whole number with the language's grouping."""
    return fmt_decimal(value, lang, 0, grouping)


def fmt_decimal(value: float | None, lang: str, digits: int = 1, grouping: bool = True) -> str:
    """A number with a fixed number of decimals."""
    if _missing(value):
        return MISSING
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    with _half_up():
        return format_decimal(value, format=pattern, locale=LOCALES[lang], group_separator=grouping)


def fmt_pct(value: float | None, lang: str, digits: int = 1, grouping: bool = True) -> str:
    """A share as a percentage (the language's own pattern: '12,4%' in Dutch, '12,4 %' in
    French)."""
    if _missing(value):
        return MISSING
    pattern = Locale.parse(LOCALES[lang]).percent_formats[None].pattern
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    with _half_up():
        return format_percent(value, format=pattern, locale=LOCALES[lang], group_separator=grouping)


# --- dates ---------------------------------------------------------------------------------

DATE_PATTERN = "dd-MM-yyyy"  # the same in the three languages, as the date pickers show it


def fmt_date(value: dt.date | None, lang: str) -> str:
    """A day as dd-mm-yyyy."""
    if _missing(value):
        return MISSING
    return format_date(value, DATE_PATTERN, locale=LOCALES[lang])


def fmt_datetime(value: dt.datetime | None, lang: str) -> str:
    """A moment as dd-mm-yyyy HH:MM."""
    if _missing(value):
        return MISSING
    return f"{fmt_date(value, lang)} {value:%H:%M}"


# --- figure kinds: one precision per kind ----------------------------------------------------

SHARE_FIGURES = frozenset({"registration_rate", "weekly_active_share_recent", "contributor_share"})
MEAN_FIGURES = frozenset(
    {
        "new_registrations_per_month_recent",
        "posts_per_week_recent",
        "reactions_per_week_recent",
        "interactions_per_household",
    }
)
KINDS = ("count", "mean", "share", "date", "datetime")
D3_FORMATS = {"count": ",d", "mean": ",.1f", "share": ".1%"}


def figure_kind(key: str) -> str:
    """The kind of a figure of the registry: share (a percentage), mean or count."""
    if key in SHARE_FIGURES:
        return "share"
    if key in MEAN_FIGURES:
        return "mean"
    return "count"


def fmt_figure(key: str, value: float | None, lang: str) -> str:
    """A figure formatted for its kind: shares 12,4%, means 7,4, counts 4.000."""
    return fmt_value(value, lang, figure_kind(key))


def fmt_value(value: object, lang: str, kind: str | None = None, grouping: bool = True) -> str:
    """Any table cell in the language: text stays as it is; numbers and dates by kind (shares
    as percentages with one decimal, means with one decimal, counts whole; without kind,
    whole numbers are counts, other numbers means, moments at midnight days)."""
    if isinstance(value, str):
        return value
    if _missing(value):
        return MISSING
    if isinstance(value, dt.datetime):
        if kind == "date" or (kind is None and value.time() == dt.time()):
            return fmt_date(value, lang)
        return fmt_datetime(value, lang)
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, bool):
        return str(value)
    kind = kind or ("count" if float(value).is_integer() and _is_int(value) else "mean")
    if kind == "share":
        return fmt_pct(value, lang, grouping=grouping)
    if kind == "mean":
        return fmt_decimal(value, lang, grouping=grouping)
    return fmt_int(value, lang, grouping=grouping)


def _is_int(value: object) -> bool:
    """An integer type (numpy's included), not a float that happens to be whole."""
    return hasattr(value, "__index__")


# --- Vega-Lite (Altair) locale ---------------------------------------------------------------


@cache
def vega_locale(lang: str) -> dict:
    """Vega-Lite's config.locale: d3 number and time formats of the language, from Babel."""
    locale = Locale.parse(LOCALES[lang])
    symbols = locale.number_symbols["latn"]
    percent = locale.percent_formats[None].pattern.replace("#,##0", "").replace("0", "")
    days = get_day_names("wide", locale=locale)
    short_days = get_day_names("abbreviated", locale=locale)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["€ ", ""] if lang == "en" else ["", "\u00a0€"],
            "percent": percent,
        },
        "time": {
            "dateTime": "%A %e %B %Y %H:%M",
            "date": "%d-%m-%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days[i] for i in sunday_first],
            "shortDays": [short_days[i] for i in sunday_first],
            "months": [get_month_names("wide", locale=locale)[m] for m in range(1, 13)],
            "shortMonths": [get_month_names("abbreviated", locale=locale)[m] for m in range(1, 13)],
        },
    }


def csv_separator(lang: str) -> str:
    """The list separator Excel expects in the language (';' where the decimal is a comma)."""
    return ";" if vega_locale(lang)["number"]["decimal"] == "," else ","
