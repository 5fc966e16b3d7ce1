"""Downloads every page offers: a CSV for Excel in the user's language and an .xlsx beside it.

CSV: UTF-8 with a byte order mark (so Excel reads accents), ';' as separator where the decimal
is a comma (Dutch, French) and ',' in English; numbers in the language's style without thousands
separators, shares as '12,4%', days as dd-mm-yyyy, which Excel in that language reads as numbers
and dates. XLSX: raw numbers and real dates with number formats. In both, text that a spreadsheet
would run as a formula (starting with = + - @ tab or CR) is neutralised with a leading quote
(hoplr_data.core.export, which the command line uses too). JSON goes through the one strict
encoder there. Pages offer downloads only through this module.

Files with residents' data must not lie on the server for anyone holding the link: Streamlit
serves a download's bytes at /media/<id>.<ext> without looking at the app's login. So every file
here is made only when the user clicks (Streamlit's deferred download: the page carries no URL,
only an id its own websocket session can ask to run), and the server forgets the generated file
HOPLR_DOWNLOAD_SECONDS (default 30) seconds after the click. The reverse proxy adds a cookie check
on /media/ (deploy/nginx.conf).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from collections.abc import Callable
from pathlib import PurePath

import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from streamlit import runtime

from hoplr_data.core.export import dumps, neutralise
from hoplr_data.core.i18n import csv_separator, fmt_value, t

XLSX_FORMATS = {
    "count": "#,##0",
    "mean": "#,##0.0",
    "share": "0.0%",
    "date": "dd-mm-yyyy",
    "datetime": "dd-mm-yyyy hh:mm",
}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_LIFETIME_SECONDS = 30.0


def csv_bytes(frame: pd.DataFrame, lang: str, kinds: dict[str, str] | None = None) -> bytes:
    """The frame as CSV for Excel in the user's language (see the module's docstring)."""
    kinds = kinds or {}
    shown = pd.DataFrame(
        {
            neutralise(str(column)): [_csv_cell(v, lang, kinds.get(column)) for v in frame[column]]
            for column in frame.columns
        }
    )
    text = shown.to_csv(index=False, sep=csv_separator(lang), lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _csv_cell(value: object, lang: str, kind: str | None) -> str:
    """Text neutralised; numbers and dates in the language, without thousands separators;
    a missing value stays empty."""
    if isinstance(value, str):
        return neutralise(value)
    if _xlsx_cell(value) is None:
        return ""
    # no space before '%' (French writes '12,4 %'): Excel reads '12,4%' as a percentage
    return fmt_value(value, lang, kind, grouping=False).replace("\u00a0", "")


def xlsx_bytes(frame: pd.DataFrame, lang: str, kinds: dict[str, str] | None = None) -> bytes:
    """The frame as an Excel workbook: numbers and dates stay numbers with a format."""
    kinds = kinds or {}
    book = Workbook()
    sheet = book.active
    sheet.title = t("download.sheet", lang)[:31]
    sheet.append([_xlsx_text(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([_xlsx_cell(v) for v in row])
    for index, column in enumerate(frame.columns, start=1):
        kind = kinds.get(column) or _inferred_kind(frame[column])
        letter = get_column_letter(index)
        if kind in XLSX_FORMATS:
            for (cell,) in sheet[f"{letter}2:{letter}{sheet.max_row}"]:
                cell.number_format = XLSX_FORMATS[kind]
        width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
        sheet.column_dimensions[letter].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    """A cell value openpyxl writes as it is: numbers, datetimes, text (never a formula)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return _xlsx_text(value) if isinstance(value, str) else value


def _xlsx_text(value: str) -> object:
    """Text neutralised, with control characters (which an .xlsx cannot hold) shown as U+FFFD."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _inferred_kind(column: pd.Series) -> str | None:
    """A column's kind when none was given: whole numbers count, dates are dates."""
    values = column.dropna()
    if pd.api.types.is_integer_dtype(column):
        return "count"
    if pd.api.types.is_float_dtype(column):
        return "mean"
    if pd.api.types.is_datetime64_any_dtype(column):
        moments = pd.to_datetime(values)
        return "date" if (moments == moments.dt.normalize()).all() else "datetime"
    if len(values) and all(isinstance(v, dt.date) and not isinstance(v, dt.datetime)
                           for v in values):  # fmt: skip
        return "date"
    return None


def download(
    frame: pd.DataFrame,
    lang: str,
    file_name: str,
    key: str,
    kinds: dict[str, str] | None = None,
    container: object = st,
) -> None:
    """A CSV and an .xlsx download of a table, side by side (file_name without extension)."""
    stem = PurePath(file_name).stem if file_name.endswith((".csv", ".xlsx")) else file_name
    row = container.container(horizontal=True, gap="small")  # side by side, wrapping when narrow
    row.download_button(
        t("table.download_csv", lang),
        on_click_only(lambda: csv_bytes(frame, lang, kinds)),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    row.download_button(
        t("table.download_xlsx", lang),
        on_click_only(lambda: xlsx_bytes(frame, lang, kinds)),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/table_view:",
    )


def json_download(
    records: object, label: str, file_name: str, key: str, container: object = st
) -> None:
    """A JSON download written by the project's one strict encoder (never NaN)."""
    container.download_button(
        label,
        on_click_only(lambda: dumps(records, indent=2).encode("utf-8")),
        file_name=file_name,
        mime="application/json",
        key=key,
        icon=":material/download:",
    )


def on_click_only(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """The file made only when the user clicks; the server forgets it shortly after."""

    def deferred() -> bytes:
        data = make()
        timer = threading.Timer(lifetime_seconds(), forget_unshown_files)
        timer.daemon = True
        timer.start()
        return data

    return deferred


def lifetime_seconds() -> float:
    """How long a generated download stays fetchable: HOPLR_DOWNLOAD_SECONDS (default 30)."""
    raw = os.environ.get("HOPLR_DOWNLOAD_SECONDS", "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_LIFETIME_SECONDS
    except ValueError:
        return DEFAULT_LIFETIME_SECONDS
    return min(max(seconds, 0.5), 600.0)


def forget_unshown_files() -> None:
    """Delete every downloadable file no page shows (Streamlit marks such a file on one pass and
    deletes it on the next; a button's deferred generator stays while its page shows it)."""
    if runtime.exists():
        manager = runtime.get_instance().media_file_mgr
        manager.remove_orphaned_files()
        manager.remove_orphaned_files()
