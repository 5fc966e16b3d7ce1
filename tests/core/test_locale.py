"""Numbers, dates, charts and downloads in the user's language (Dutch, French, English)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from hoplr_data.core.i18n import (
    fmt_date,
    fmt_datetime,
    fmt_figure,
    fmt_pct,
    fmt_value,
    vega_locale,
)
from ui import charts, downloads, inbox_views, tables, topic_views

NNBSP = "\u202f"  # Babel's group separator for fr_BE
NBSP = "\u00a0"


def test_dates_and_moments_read_day_month_year():
    moment = dt.datetime(2020, 1, 6, 13, 31)
    assert fmt_date(moment.date(), "nl") == "06-01-2020"
    assert fmt_date(moment, "fr") == "06-01-2020"
    assert fmt_datetime(moment, "nl") == "06-01-2020 13:31"
    assert fmt_datetime(pd.Timestamp(moment), "fr") == "06-01-2020 13:31"
    assert fmt_date(None, "nl") == "–"


def test_every_figure_kind_has_one_precision():
    assert fmt_figure("registration_rate", 0.1239, "nl") == "12,4%"
    assert fmt_figure("contributor_share", 0.2007, "en") == "20.1%"
    assert fmt_figure("posts_per_week_recent", 7.44, "nl") == "7,4"
    assert fmt_figure("households_total", 4000, "nl") == "4.000"
    assert fmt_figure("households_total", 4000, "fr") == f"4{NNBSP}000"
    assert fmt_figure("households_total", 4000, "en") == "4,000"
    # French puts a (no-break) space before the percent sign, as Babel's fr_BE pattern says
    assert fmt_pct(0.1239, "fr") == f"12,4{NBSP}%"


def test_values_by_kind_and_without_grouping_for_csv():
    assert fmt_value(0.1239, "nl", "share") == "12,4%"
    assert fmt_value(1234567, "nl", "count") == "1.234.567"
    assert fmt_value(1234567, "nl", "count", grouping=False) == "1234567"
    assert fmt_value(1234.56, "fr", "mean", grouping=False) == "1234,6"
    assert fmt_value("< 5", "nl", "count") == "< 5"
    assert fmt_value(dt.datetime(2020, 1, 6, 13, 31), "nl") == "06-01-2020 13:31"
    assert fmt_value(pd.Timestamp("2020-01-06"), "fr", "date") == "06-01-2020"


@pytest.mark.parametrize(
    ("lang", "decimal", "thousands", "january", "sunday"),
    [
        ("nl", ",", ".", "januari", "zondag"),
        ("fr", ",", NNBSP, "janvier", "dimanche"),
        ("en", ".", ",", "January", "Sunday"),
    ],
)
def test_vega_lite_locale_follows_babel(lang, decimal, thousands, january, sunday):
    locale = vega_locale(lang)
    assert locale["number"]["decimal"] == decimal
    assert locale["number"]["thousands"] == thousands
    assert locale["number"]["grouping"] == [3]
    assert locale["time"]["months"][0] == january
    assert locale["time"]["days"][0] == sunday
    assert locale["time"]["date"] == "%d-%m-%Y"


def _weekly() -> pd.DataFrame:
    weeks = pd.date_range("2020-01-06", periods=4, freq="7D")
    return pd.DataFrame(
        {
            "week": weeks,
            "registrations_via_invite": [10, 20, 30, 40],
            "registrations_organic": [1, 2, 3, 4],
            "households_registered": [11, 33, 66, 110],
            "posts": [5, 6, 7, 8],
            "reactions": [9, 10, 11, 12],
            "weekly_active_share": [0.1, 0.2, 0.3, 0.25],
            "events_organised": [0, 1, 0, 1],
            "event_interested": [0, 5, 0, 7],
            "event_attending": [0, 3, 0, 4],
        }
    )


SCOPE = charts.Scope(
    source="Service Dashboard · Den Haag", period="06-01-2020 – 27-01-2020", selection="Duinoord"
)


@pytest.mark.parametrize(
    "build",
    [charts.registrations, charts.posts_and_reactions, charts.active_share, charts.events],
)
def test_every_overview_chart_carries_locale_title_and_subtitle(build):
    spec = build(_weekly(), "nl", SCOPE).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["time"]["months"][2] == "maart"
    assert spec["title"]["text"]
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Service Dashboard · Den Haag" in subtitle
    assert "06-01-2020 – 27-01-2020" in subtitle and "Duinoord" in subtitle


def test_shares_in_charts_are_percentages_with_one_decimal():
    spec = charts.active_share(_weekly(), "fr", SCOPE).to_dict()
    encoding = spec["encoding"]
    assert encoding["y"]["axis"]["format"] == ".1%"
    assert [t["format"] for t in encoding["tooltip"] if t["field"] == "weekly_active_share"] == [
        ".1%"
    ]


def test_topic_charts_carry_locale_and_scope():
    mix = pd.DataFrame(
        {"buurt": ["A", "A", "B"], "topic": ["safety", "events_and_activities", "safety"],
         "posts": [12, 3, 40], "share": [0.8, 0.2, 1.0],
         "suppressed": [False, True, False],  # marked by the domain (k = 5)
         "mark": ["", "< 5", ""]}
    )  # fmt: skip
    spec = topic_views.mix_chart(mix, "nl", 5, SCOPE).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert "Duinoord" in " ".join(spec["title"]["subtitle"])
    labels = {row["label"] for row in spec["datasets"][next(iter(spec["datasets"]))]}
    assert "80,0%" in labels and "< 5" in labels


def test_tables_format_numbers_and_dates_in_the_language():
    frame = pd.DataFrame(
        {
            "rate": [0.1239, None],
            "households": [4000, 12],
            "posts_per_week": [7.44, 0.25],
            "day": [dt.date(2020, 1, 6), dt.date(2020, 2, 3)],
            "cell": ["< 5", 7],
        }
    )
    kinds = {"rate": "share", "posts_per_week": "mean", "cell": "count"}
    shown = tables.formatted(frame, "nl", kinds)
    assert shown.to_dict("list") == {
        "rate": ["12,4%", "–"],
        "households": ["4.000", "12"],
        "posts_per_week": ["7,4", "0,3"],
        "day": ["06-01-2020", "03-02-2020"],
        "cell": ["< 5", "7"],
    }


def test_inbox_history_and_list_show_dd_mm_yyyy():
    history = [{"at": dt.datetime(2020, 1, 6, 13, 31), "user": "x", "action": "note",
                "from": None, "to": None, "text": "hallo"}]  # fmt: skip
    frame = inbox_views.history_table(history, "nl")
    assert frame.iloc[0, 0] == "06-01-2020 13:31"


def test_topic_model_tables_show_scores_as_percentages():
    from hoplr_data.topics.card import ModelCard

    card = ModelCard(
        "topics-1-x", 0, 0, ("nl",), 0.0, 0.0,
        per_language=({"language": "nl", "accuracy": 0.8641, "macro_f1": 0.2007,
                       "examples": 1400},),
        per_topic=({"topic": "safety", "precision": 0.9, "recall": 0.85, "f1": 0.87,
                    "examples": 1200},),
    )  # fmt: skip
    lang_table = topic_views.model_language_table(card, "nl")
    assert list(lang_table.iloc[0])[1:] == ["86,4%", "20,1%", "1.400"]
    topic_table = topic_views.model_topic_table(card, "fr")
    assert list(topic_table.iloc[0])[1:] == [f"90,0{NBSP}%", f"85,0{NBSP}%", f"87,0{NBSP}%",
                                             f"1{NNBSP}200"]  # fmt: skip


HOSTILE = pd.DataFrame(
    {
        "Tekst": ["=HYPERLINK(\"http://x\",\"klik\")", "+31 70 123", "-1+2", "@SUM(A1)",
                  "\tTAB", "\rCR", "gewoon"],
        "Aandeel": [0.1239, 0.5, 0.25, 0.0, 1.0, 0.75, 0.2],
        "Aantal": [4000, 1, 2, 3, 4, 5, 6],
        "Dag": [dt.date(2020, 1, 6)] * 7,
    }
)  # fmt: skip
KINDS = {"Aandeel": "share", "Aantal": "count", "Dag": "date"}


def test_csv_for_dutch_excel_has_bom_semicolons_decimal_commas_and_no_formulas():
    data = downloads.csv_bytes(HOSTILE, "nl", KINDS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tekst", "Aandeel", "Aantal", "Dag"]
    assert rows[1] == ['\'=HYPERLINK("http://x","klik")', "12,4%", "4000", "06-01-2020"]
    assert [row[0][0] for row in rows[1:7]] == ["'"] * 6
    text = data.decode("utf-8-sig")
    assert "gewoon" in text


def test_csv_for_english_uses_commas_and_points():
    text = downloads.csv_bytes(HOSTILE, "en", KINDS).decode("utf-8-sig")
    assert text.splitlines()[0] == "Tekst,Aandeel,Aantal,Dag"
    assert ",12.4%,4000,06-01-2020" in text


def test_csv_for_french_excel_writes_percentages_without_a_space():
    rows = list(csv.reader(io.StringIO(downloads.csv_bytes(HOSTILE, "fr", KINDS).decode(
        "utf-8-sig")), delimiter=";"))  # fmt: skip
    assert rows[2][1:] == ["50,0%", "1", "06-01-2020"]


def test_missing_values_stay_empty_in_downloads():
    frame = pd.DataFrame({"Aandeel": [None, 0.5], "Tekst": ["a", None]})
    rows = downloads.csv_bytes(frame, "nl", {"Aandeel": "share"}).decode("utf-8-sig").split()
    assert rows == ["Aandeel;Tekst", ";a", "50,0%;"]


def test_xlsx_keeps_numbers_with_formats_and_neutralises_formulas():
    book = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(HOSTILE, "nl", KINDS)))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Tekst", "Aandeel", "Aantal", "Dag"]
    texts = [sheet.cell(row=r, column=1) for r in range(2, 9)]
    assert all(c.data_type == "s" for c in texts)
    assert [c.value[0] for c in texts[:6]] == ["'"] * 6
    share, count, day = sheet["B2"], sheet["C2"], sheet["D2"]
    assert share.value == pytest.approx(0.1239) and share.number_format == "0.0%"
    assert count.value == 4000 and count.number_format == "#,##0"
    assert day.value == dt.datetime(2020, 1, 6) and day.number_format == "dd-mm-yyyy"


def test_xlsx_keeps_text_with_control_characters_readable():
    """Control characters (a resident's bell or escape) cannot stand in an .xlsx; the export must
    not crash on them but mark where they were and keep the rest of the text."""
    frame = pd.DataFrame({"tekst": ["bel\x07 en \x1b[31m rood", "=1+1\x00"], "n": [1, 2]})
    book = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(frame, "nl")))
    cells = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert cells == ["bel\ufffd en \ufffd[31m rood", "'=1+1\ufffd"]
