"""The curious analyst (issue 11): no hidden count can be worked back from what is published.

On the seeded pilot, over buurt selections (each buurt, pairs, all), periods and k, the test
collects what the Topics and Results pages publish: the CSV bytes of their downloads (through
the same frame functions and ui.downloads.csv_bytes), the shares printed in the chart labels,
respondents and means. Every published number becomes a constraint of a linear programme:
shown counts are fixed, '< k' is 1..k-1, '×' is at least k, a share printed to 0.1 % bounds
its total to an interval, a printed mean bounds the sum of scores, the city's counts are the
topic totals, the periods of a topic add up to the selection's cells (the Topics page prints
no period totals; the Overview's weekly posts are not joined in here). For each hidden count, linprog finds its
least and greatest value; the test fails when they are equal, or when only one whole number
lies between them (counts are whole: that is how the Duinoord cell was worked back).
Two solutions that differ in a count already prove it is not determined, so most counts are
settled by the first two programmes and only the rest are solved one by one.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t
from hoplr_data.stats import queries
from hoplr_data.stats import topics as topic_stats
from hoplr_data.top_down.results import list_publications, results
from ui import charts, downloads, topic_views
from ui.publish import results as result_views
from ui.setup import PageContext

LANG = "en"
K_VALUES = (3, 5, 10)
STARTS = (None, dt.date(2020, 3, 29))
THRESHOLD = 0.4
BIG = 10**6


class Analyst:
    """Unknown counts with bounds, and what the published figures say about them."""

    def __init__(self) -> None:
        self.bounds: list[tuple[float, float]] = []
        self.names: list[str] = []
        self.audited: list[int] = []
        self.eq: list[tuple[dict[int, float], float]] = []
        self.ub: list[tuple[dict[int, float], float]] = []

    def unknown(self, name: str, low: float = 0, high: float = BIG) -> int:
        """A count the analyst does not see."""
        self.bounds.append((low, high))
        self.names.append(name)
        return len(self.names) - 1

    def read(self, name: str, text: str, k: int) -> int:
        """A published cell: a number is fixed, '< k' is 1..k-1, '×' at least k."""
        text = str(text).strip()
        if text == f"< {k}":
            self.audited.append(self.unknown(name, 1, k - 1))
        elif text == "×":
            self.audited.append(self.unknown(name, k, BIG))
        else:
            value = int(float(text or 0))
            return self.unknown(name, value, value)
        return len(self.names) - 1

    def sums(self, plus: list[int], minus: list[int]) -> None:
        """sum(plus) == sum(minus)."""
        row: dict[int, float] = {}
        for sign, members in ((1, plus), (-1, minus)):
            for i in members:
                row[i] = row.get(i, 0) + sign
        self.eq.append((row, 0.0))

    def ratio(self, part: dict[int, float], whole: dict[int, float], printed: float) -> None:
        """part / whole was printed as `printed` (a fraction rounded to 0.001 or a mean to
        0.1): part - (printed + half a step) * whole <= 0 <= part - (printed - half) * whole."""
        half = 0.0005 if printed <= 1 else 0.05
        for sign, edge in ((1, printed + half), (-1, printed - half)):
            row = {i: sign * c for i, c in part.items()}
            for i, c in whole.items():
                row[i] = row.get(i, 0) - sign * edge * c
            self.ub.append((row, 0.0))

    def determined(self) -> list[str]:
        """The audited counts whose least and greatest values are equal."""
        n = len(self.names)
        a_eq, b_eq = _matrix(self.eq, n)
        a_ub, b_ub = _matrix(self.ub, n)
        open_ = set(self.audited)
        seen: list[np.ndarray] = []
        for objective in [dict.fromkeys(open_, 1), dict.fromkeys(open_, -1)]:
            seen.append(self._solve(objective, a_eq, b_eq, a_ub, b_ub)[1])
        if all(s is not None for s in seen):  # two solutions at least 1 apart: not fixed
            open_ = {i for i in open_ if abs(seen[0][i] - seen[1][i]) < 1 - 1e-6}
        pinned = []
        for i in sorted(open_):
            low = self._solve({i: 1}, a_eq, b_eq, a_ub, b_ub)[0]
            high = -self._solve({i: -1}, a_eq, b_eq, a_ub, b_ub)[0]
            # counts are whole: one whole number in [low, high] means the count is known
            if math.floor(high + 1e-6) <= math.ceil(low - 1e-6):
                pinned.append(f"{self.names[i]} = {math.ceil(low - 1e-6)}")
        return pinned

    def _solve(self, objective: dict[int, float], a_eq, b_eq, a_ub, b_ub):  # noqa: ANN001, ANN202
        weights = np.zeros(len(self.names))
        for i, c in objective.items():
            weights[i] = c
        found = linprog(
            weights, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=self.bounds,
            method="highs",
        )  # fmt: skip
        assert found.status == 0, (found.message, "the published figures must be consistent")
        return found.fun, found.x


def _matrix(rows: list[tuple[dict[int, float], float]], n: int):  # noqa: ANN202
    if not rows:
        return None, None
    a = np.zeros((len(rows), n))
    for r, (coeffs, _) in enumerate(rows):
        for i, c in coeffs.items():
            a[r, i] = c
    return a, np.array([b for _, b in rows])


def _csv(frame: pd.DataFrame, kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """What the download's CSV holds, read back as text."""
    data = downloads.csv_bytes(frame, LANG, kinds)
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _share(text: str) -> float | None:
    found = re.fullmatch(r"(\d+(?:\.\d+)?)%", str(text).strip())
    return float(found.group(1)) / 100 if found else None


@pytest.fixture(scope="module")
def pilot(pilot_sqlite_template):
    return make_engine(f"sqlite:///{pilot_sqlite_template}")


def _selections(engine) -> list[tuple[str, ...]]:  # noqa: ANN001
    """Duinoord (the reproduced leak) and two other buurten alone, two pairs, all buurten."""
    codes = sorted(b["code"] for b in queries.buurten(engine))
    singles = ["DH-DUI", *[c for c in codes if c != "DH-DUI"][:2]]
    pairs = [tuple(codes[0:2]), tuple(codes[4:6])]
    return [(c,) for c in singles] + pairs + [()]


# --- the Topics page ------------------------------------------------------------------------


def topics_view(engine, codes: tuple[str, ...], start, k: int, granularity: str | None) -> Analyst:  # noqa: ANN001
    """Everything the Topics page publishes for one selection, as constraints."""
    as_of = queries.data_range(engine)[1]
    scope = queries.make_scope(engine, codes=list(codes), as_of=as_of, start=start)
    names = {b["code"]: b["name"] for b in queries.buurten(engine)}
    chosen = [names[c] for c in (codes or names)]
    topic_label = {code: t(f"topic.{code}", LANG) for code in topic_stats.TOPIC_ORDER}
    an = Analyst()
    # the buurt x topic table: every buurt is an unknown row, the selection's rows are read
    mix = topic_stats.mix_by_buurt(engine, scope, THRESHOLD, k)
    table = _csv(topic_views.mix_table(mix, LANG, k)).set_index(t("buurten.col.name", LANG))
    x = {}
    for buurt in names.values():
        for code, label in topic_label.items():
            if buurt in chosen:
                text = table.at[buurt, label] if label in table.columns else "0"
                x[buurt, code] = an.read(
                    f"{buurt}/{code}", text if buurt in table.index else "0", k
                )
            else:
                x[buurt, code] = an.unknown(f"{buurt}/{code}")
    totals = {b: an.unknown(f"{b}/total") for b in names.values()}
    for b in names.values():
        an.sums([x[b, c] for c in topic_label], [totals[b]])
    about = charts.scope(LANG, "audit", start, as_of)
    chart = topic_views.mix_chart(mix, LANG, k, about).to_dict()
    for row in next(iter(chart["datasets"].values())):
        share = _share(row["label"])
        if share is not None:
            code = {v: c for c, v in topic_label.items()}[row["topic"]]
            an.ratio({x[row["buurt"], code]: 1}, {totals[row["buurt"]]: 1}, share)
    # one buurt against the city: the city's counts are the topic totals
    city = {c: an.unknown(f"city/{c}") for c in topic_label}
    grand = an.unknown("city/total")
    for c in topic_label:
        an.sums([x[b, c] for b in names.values()], [city[c]])
    an.sums(list(city.values()), [grand])
    for code in codes or names:
        buurt_id = queries.buurt_ids(engine, [code])[0]
        versus = topic_stats.buurt_versus_city(engine, scope, buurt_id, THRESHOLD, k)
        shown = _csv(
            topic_views.versus_table(versus, LANG, k, names[code]), topic_views.share_kinds(LANG)
        )
        for _, row in shown.iterrows():
            topic_code = {v: c for c, v in topic_label.items()}[row[t("topics.topic", LANG)]]
            in_city = row[t("topics.area", LANG)] == t("topics.city", LANG)
            target = city[topic_code] if in_city else x[names[code], topic_code]
            seen = an.read("versus", row[t("chart.posts", LANG)], k)
            an.sums([seen], [target])
            share = _share(row[t("chart.share", LANG)])
            if share is not None:
                an.ratio({target: 1}, {grand if in_city else totals[names[code]]: 1}, share)
    if granularity:
        _trend(an, engine, scope, k, granularity, x, chosen, topic_label)
    return an


def _trend(an: Analyst, engine, scope, k, granularity, x, chosen, topic_label) -> None:  # noqa: ANN001
    """Posts per period and topic; the periods of a topic add up to the selection's cells."""
    frame = topic_stats.trend(engine, scope, THRESHOLD, granularity, k)
    shown = _csv(topic_views.trend_table(frame, LANG, k))
    period, topic, posts = (
        t("topics.period", LANG),
        t("topics.topic", LANG),
        t("chart.posts", LANG),
    )
    by_label = {v: c for c, v in topic_label.items()}
    cells: dict[tuple[str, str], int] = {}
    for _, row in shown.iterrows():
        key = (row[period], by_label[row[topic]])
        cells[key] = an.read(f"trend {key}", row[posts], k)
    for code in topic_label:
        an.sums([i for (_, c), i in cells.items() if c == code], [x[b, code] for b in chosen])


def _audit(engine, views: list[tuple]) -> tuple[list, int]:  # noqa: ANN001
    found, hidden = [], 0
    for view in views:
        analyst = topics_view(engine, *view)
        hidden += len(analyst.audited)
        found += [(view, p) for p in analyst.determined()]
    return found, hidden


def test_no_hidden_topic_count_can_be_worked_back(pilot):
    """The buurt x topic table, its shares and the buurt-versus-city tables."""
    views = [
        (codes, start, k, None)
        for k in K_VALUES
        for start in STARTS
        for codes in _selections(pilot)
    ]
    found, hidden = _audit(pilot, views)
    assert hidden > 100  # the audit looks at many hidden cells
    assert not found, found[:10]


@pytest.mark.xfail(
    strict=True,
    reason="known leak left open: a topic's periods in the trend must add up to the buurt's "
    "hidden cell; when all its periods are under k the count of non-empty periods can pin "
    "it (two periods of at least 1 each and a cell of at most 2). Needs zeros shown as "
    "'< k' in such columns, or period cells only for shown buurt cells",
)
def test_no_hidden_trend_count_can_be_worked_back(pilot):
    """The trend per week and month of single buurten, joined to the buurt x topic table."""
    views = [
        (codes, start, k, granularity)
        for k in K_VALUES
        for start in STARTS
        for codes in _selections(pilot)[:3]
        for granularity in ("week", "month")
    ]
    found, _ = _audit(pilot, views)
    assert not found, found[:10]


# --- the Results page -----------------------------------------------------------------------


def results_view(engine, publication_id: int, k: int) -> Analyst:  # noqa: ANN001
    """What the Results page and its CSV publish about one poll or survey."""
    res = results(engine, publication_id=publication_id, k=k, language=LANG)
    ctx = PageContext(engine, "", None, LANG, "audit", "audit", ())
    frame = result_views.results_csv(ctx, res, k)
    kinds = {ctx.t("pub.csv.share"): "share", ctx.t("pub.csv.value"): "count"}
    rows = _csv(frame, kinds)
    section, buurt, option, value, share = (
        ctx.t(f"pub.csv.{c}") for c in ("section", "buurt", "option", "value", "share")
    )
    an = Analyst()
    for q in res.questions:
        if q.kind == "open":
            continue
        label = f"{ctx.t('pub.question_n', n=q.number)}: {q.text}"
        mine = rows[rows[section] == label]
        people = q.respondents if q.respondents is not None else f"< {k}"
        respondents = an.read(f"{label} respondents", str(people), k)
        options, per_buurt = mine[mine[buurt] == ""], mine[mine[buurt] != ""]
        counts = {}
        for _, row in options.iterrows():
            counts[row[option]] = an.read(f"{label}/{row[option]}", row[value], k)
            printed = _share(row[share])
            if printed is not None:
                an.ratio({counts[row[option]]: 1}, {respondents: 1}, printed)
        cells: dict[str, list[int]] = {o: [] for o in counts}
        for _, row in per_buurt.iterrows():
            cells[row[option]].append(an.read(f"{label}/{row[buurt]}/{row[option]}", row[value], k))
        for name, members in cells.items():  # answers of residents without a buurt unknown
            an.sums([*members, an.unknown(f"{label}/no buurt/{name}")], [counts[name]])
        if q.kind != "multiple":
            an.sums(list(counts.values()), [respondents])
        if q.mean is not None:
            weighted = {counts[name]: float(name) for name in counts}
            an.ratio(weighted, {respondents: 1}, round(q.mean, 1))
    return an


def test_no_hidden_answer_count_can_be_worked_back(pilot):
    items = [i["id"] for i in list_publications(pilot) if i["kind"] in ("poll", "survey")]
    assert items
    found, hidden = [], 0
    for k in K_VALUES:
        for item in items:
            analyst = results_view(pilot, item, k)
            hidden += len(analyst.audited)
            found += [(item, k, p) for p in analyst.determined()]
    assert hidden > 10
    assert not found, found[:10]
