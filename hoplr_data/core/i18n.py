"""Translation layer: every user-facing string in Dutch, French and English, and locale formats."""

from __future__ import annotations

import datetime as dt
import decimal
import gettext
import io
import logging
import os
from functools import cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("nl", "fr", "en")
LOCALES = {"nl": "nl_NL", "fr": "fr_BE", "en": "en_GB"}
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}

# --- messages: gettext catalogs, one .po file per language, the key as msgid ------------------

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
STRICT_ENV = "HOPLR_STRICT_I18N"  # "1" (set by the tests): an unknown key raises
log = logging.getLogger(__name__)


class UnknownMessage(KeyError):
    """A key that is not in the catalog (raised only in strict mode, i.e. in the tests)."""


def po_path(lang: str) -> Path:
    """The .po file of a language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def read_catalog(lang: str) -> Catalog:
    """The parsed .po file of a language (Babel), read once per process."""
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalog of a language (compiled in memory at first use, cached per process);
    a text missing in a language falls back to English."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(lang), use_fuzzy=False)
    buffer.seek(0)
    compiled = gettext.GNUTranslations(buffer)
    if lang != "en":
        compiled.add_fallback(translations("en"))
    return compiled


@cache
def _keys() -> tuple[frozenset[str], frozenset[str]]:
    """The keys of the English catalog: (simple keys, plural keys)."""
    simple, plural = set(), set()
    for message in read_catalog("en"):
        if not message.id:
            continue
        if message.pluralizable:
            plural.add(message.id[0])
        else:
            simple.add(message.id)
    return frozenset(simple), frozenset(plural)


def _language(lang: str) -> str:
    """The language itself, or English for a language the app does not have."""
    return lang if lang in LANGUAGES else "en"


@cache
def _warn_once(key: str, problem: str) -> None:
    """Log a problem with a key once per process."""
    log.warning("translation %s: %s", problem, key)


def _unknown_or_warn(key: str, problem: str) -> None:
    """A key misused or unknown: raise in strict mode (the tests), else log it once."""
    if os.environ.get(STRICT_ENV) == "1":
        raise UnknownMessage(f"{problem}: {key}")
    _warn_once(key, problem)


def _unknown(key: str, problem: str) -> str:
    """An unknown key: raise in strict mode (the tests), else log once and show the key."""
    _unknown_or_warn(key, problem)
    return key


def t(key: str, lang: str, **params: object) -> str:
    """The text of a key in a language, with {placeholders} filled in."""
    simple, plural = _keys()
    if key in simple:
        text = translations(_language(lang)).gettext(key)
        return text.format(**params) if params else text
    if key in plural:  # a bug (t_plural is meant); outside the tests, the count decides
        _unknown_or_warn(key, "plural key read with t() instead of t_plural()")
        count = params.get("count")
        return t_plural(key, count if isinstance(count, int) else 2, lang, **params)
    return _unknown(key, "unknown key")


def t_plural(key: str, n: int, lang: str, **params: object) -> str:
    """The singular or plural text of a key for n (the language's Plural-Forms rule: n != 1 in
    Dutch and English, n > 1 in French), with {placeholders} filled in; {count} is n unless
    given; by default n formatted for the language (1.234 in Dutch, 1 234 in French)."""
    if key not in _keys()[1]:
        return _unknown(key, "unknown plural key")
    text = translations(_language(lang)).ngettext(key, key, n)
    return text.format(**{"count": fmt_int(n, _language(lang)), **params})


def messages() -> dict[str, dict[str, str]]:
    """Every key's text per language (a plural key's forms joined by a newline), for scans."""
    texts: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        for message in read_catalog(lang):
            if message.id:
                key = message.id[0] if message.pluralizable else message.id
                string = message.string
                text = "\n".join(string) if isinstance(string, tuple) else string
                texts.setdefault(key, {})[lang] = text
    return texts


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

KINDS = ("count", "mean", "share", "date", "datetime")
D3_FORMATS = {"count": ",d", "mean": ",.1f", "share": ".1%"}


def figure_kind(key: str) -> str:
    """The number format of a figure: share (a percentage), mean or count, as the registry
    (hoplr_data.stats.figures, plain data) says; imported here so core needs no stats at load."""
    from hoplr_data.stats.figures import figure_format

    return figure_format(key)


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
