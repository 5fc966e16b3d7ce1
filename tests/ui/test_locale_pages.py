"""Pages in AppTest: charts carry the language's locale and their scope, tables read in the
language, and every table download is a CSV for Excel in that language plus an .xlsx."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pandas as pd
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t
from hoplr_data.top_down.results import list_publications
from tests.helpers import app, logged_in

DAY = r"\d\d-\d\d-\d{4}"
# "4,000", "7.4", "12.39%", "0.2007" (a point followed by three digits is Dutch grouping)
ENGLISH_STYLE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+\.\d{1,2}%?$|^\d+\.\d+%$|^0\.\d+$")


def run_as(at: AppTest, username: str, lang: str) -> AppTest:
    logged_in(at, username)
    at.session_state["lang_user"] = username  # the user's remembered language is already adopted
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def shown(frame) -> pd.DataFrame:  # noqa: ANN001 - an AppTest dataframe element
    """What the browser shows: the Styler's display values when there are any."""
    styler = frame.proto.arrow_data.styler
    if styler.display_values:
        return convert_arrow_bytes_to_pandas_df(styler.display_values)
    return frame.value


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def download(at: AppTest, media: list[MemoryMediaFileStorage], suffix: str) -> list[bytes]:
    files = [media[-1].download(b) for b in at.get("download_button")]
    return [content for url, content in files if url.endswith(suffix)]


def test_overview_charts_in_french_carry_locale_title_and_scope(pilot_sqlite_url, monkeypatch):
    at = run_as(app(pilot_sqlite_url, monkeypatch), "wijkregisseur", "fr")
    specs = chart_specs(at)
    assert len(specs) == 4
    for spec in specs:
        number, time = spec["config"]["locale"]["number"], spec["config"]["locale"]["time"]
        assert (number["decimal"], number["thousands"]) == (",", "\u202f")
        assert time["months"][:2] == ["janvier", "février"]
        assert spec["title"]["text"]
        source, scope = spec["title"]["subtitle"][0], " ".join(spec["title"]["subtitle"][1:])
        assert source.startswith("Service Dashboard · ")
        assert re.search(f"{DAY} – {DAY}", scope), scope
        assert t("filters.all_buurten", "fr", count=10) in scope
    shares = [
        spec["encoding"]["y"]["axis"]["format"]
        for spec in specs
        if spec.get("encoding", {}).get("y", {}).get("field") == "weekly_active_share"
    ]
    assert shares == [".1%"]


def test_buurten_table_and_downloads_in_dutch(pilot_sqlite_url, monkeypatch, media):
    at = run_as(app(pilot_sqlite_url, monkeypatch, "pages/1_Buurten.py"), "wijkregisseur", "nl")
    raw = at.dataframe[0].value
    assert raw["Registratiegraad"].dtype == float  # the values stay numbers: sorting works
    table = shown(at.dataframe[0])
    rates = list(table["Registratiegraad"])
    assert all(re.fullmatch(r"\d+,\d%", r) for r in rates), rates
    cells = [str(v) for v in table.drop(columns=["Buurt", "Code"]).to_numpy().ravel()]
    assert not [c for c in cells if ENGLISH_STYLE.match(c)], cells
    (csv_data,) = download(at, media, ".csv")
    assert csv_data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    rate_col = header.index("Registratiegraad")
    assert re.fullmatch(r"\d+,\d%", rows[1][rate_col]), rows[1]
    assert len(rows) == len(table) + 1
    (xlsx_data,) = download(at, media, ".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_data)).active
    assert [c.value for c in sheet[1]] == header
    rate = sheet.cell(row=2, column=rate_col + 1)
    assert isinstance(rate.value, float) and 0 < rate.value < 1
    assert rate.number_format == "0.0%"
    specs = chart_specs(at)
    assert specs and all(s["config"]["locale"]["number"]["decimal"] == "," for s in specs)


def test_topics_model_tables_and_charts_in_dutch(pilot_sqlite_url, monkeypatch):
    at = run_as(app(pilot_sqlite_url, monkeypatch, "pages/2_Topics.py"), "wijkregisseur", "nl")
    model_tables = [d.value for d in at.dataframe if "F1" in d.value.columns]
    assert model_tables
    f1 = list(model_tables[0]["F1"])
    assert all(re.fullmatch(r"\d+,\d%", v) for v in f1), f1
    specs = chart_specs(at)
    assert specs and all("Service Dashboard" in s["title"]["subtitle"][0] for s in specs)
    assert all(s["config"]["locale"]["time"]["months"][0] == "januari" for s in specs)


def test_results_survey_charts_and_csv_in_english(pilot_sqlite_url, monkeypatch, media):
    engine = make_engine(pilot_sqlite_url)
    survey = next(i for i in list_publications(engine) if i["kind"] == "survey")
    at = app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py")
    at.query_params["pub"] = str(survey["id"])
    run_as(at, "viewer", "en")
    specs = chart_specs(at)
    assert specs
    for spec in specs:
        assert spec["config"]["locale"]["number"]["decimal"] == "."
        assert survey["title"] in " ".join(spec["title"]["subtitle"])
    csv_files = download(at, media, ".csv")
    rows = list(csv.reader(io.StringIO(csv_files[0].decode("utf-8-sig"))))
    columns = ("section", "buurt", "option", "value", "share", "answer")
    assert rows[0] == [t(f"pub.csv.{c}", "en") for c in columns]
    shares = [r[4] for r in rows[1:] if r[4]]
    assert shares and all(re.fullmatch(r"\d+\.\d%", s) for s in shares), shares
    assert len(download(at, media, ".xlsx")) == len(csv_files)
