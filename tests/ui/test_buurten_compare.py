"""Buurten, comparison tab: registration-rate chart with the city average as a rule, the city's
average buurt in the table, and a download of the compared figures."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import fmt_pct
from hoplr_data.stats.metrics import summary
from hoplr_data.stats.queries import make_scope
from tests.helpers import app, logged_in

AS_OF = dt.date(2020, 5, 10)


def _layers(spec: dict) -> list[dict]:
    """Every (nested) layer of a Vega-Lite spec."""
    found = [spec]
    for layer in spec.get("layer", []):
        found.extend(_layers(layer))
    return found


def _chart(at, title_word: str) -> tuple[dict, list[dict]]:
    """The spec and data rows of the chart whose title holds a word."""
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if title_word in json.dumps(spec.get("title", "")):
            rows = [r for values in spec.get("datasets", {}).values() for r in values]
            for named in chart.proto.datasets:
                rows.extend(pa.ipc.open_stream(named.data.data).read_all().to_pylist())
            return spec, rows
    raise AssertionError(f"no chart titled with {title_word!r}")


def test_compare_tab_has_rate_chart_city_average_and_download(pilot_sqlite_url, monkeypatch):
    engine = make_engine(pilot_sqlite_url)
    city = summary(engine, make_scope(engine, codes=None, as_of=AS_OF))
    engine.dispose()
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/1_Buurten.py"), "wijkregisseur")
    at.run()
    downloads_before = len(at.get("download_button"))
    at.multiselect(key="w_compare_buurten").select("DH-ZHK").select("DH-MWO").run()
    assert not at.exception, at.exception
    spec, rows = _chart(at, "Registratiegraad per buurt")
    marks = [layer.get("mark") for layer in _layers(spec)]
    assert any((m if isinstance(m, str) else m.get("type")) == "rule" for m in marks if m)
    rule_rates = [r["rate"] for r in rows if "rate" in r]
    assert rule_rates and abs(rule_rates[0] - city["registration_rate"]) < 1e-9
    names = {r["name"] for r in rows if "name" in r}
    assert names == {"Zeeheldenkwartier", "Moerwijk-Oost"}
    table = next(d.value for d in at.dataframe if "Zeeheldenkwartier" in d.value.columns)
    assert list(table.columns) == [
        "Zeeheldenkwartier",
        "Moerwijk-Oost",
        "Gemiddelde buurt (hele stad)",
    ]
    assert table.loc["Registratiegraad", "Gemiddelde buurt (hele stad)"] == fmt_pct(
        city["registration_rate"], "nl"
    )
    added = at.get("download_button")[downloads_before:]
    assert added, "no download of the comparison"
    assert any(".csv" in json.dumps(str(b.proto)) or "CSV" in b.proto.label for b in added)
