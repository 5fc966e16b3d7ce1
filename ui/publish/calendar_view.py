"""The publishing calendar (month grid or timeline per buurt), shown under Publish and Results."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st
from babel.dates import format_date, get_day_names

from hoplr_data.core.i18n import LOCALES
from hoplr_data.core.timeutil import today_local

from .. import data, downloads
from ..charts import DAY, Scope, localised, period, source
from ..setup import PageContext


def show(ctx: PageContext, prefix: str) -> None:
    """The calendar with its view, buurt and period choices (widget keys start with prefix)."""
    live = data.publication_list(ctx.url, ("scheduled", "published", "archived"))
    first, latest = first_day(live), latest_day(live)
    today = today_local()  # the demo's date on the demo's clock
    buurten = data.buurten(ctx.url)
    names = {b["code"]: b["name"] for b in buurten}
    view_col, buurt_col = st.columns([1, 2])
    view = view_col.segmented_control(
        ctx.t("pub.cal.view"), ["month", "timeline"], default="month", key=f"{prefix}_view",
        format_func=lambda v: ctx.t(f"pub.cal.view.{v}"),
    )  # fmt: skip
    chosen_buurten = buurt_col.multiselect(
        ctx.t("pub.buurten"), list(names), format_func=names.get, key=f"{prefix}_buurten",
        placeholder=ctx.t("filters.all_buurten", count=len(names)),
    )  # fmt: skip
    if view == "timeline":
        span = st.date_input(
            ctx.t("pub.cal.period"),
            value=(today - dt.timedelta(days=60), today + dt.timedelta(days=30)),
            format="DD-MM-YYYY", key=f"{prefix}_period",
        )  # fmt: skip
    else:
        months = months_between(min(first, today), max(latest, today) + dt.timedelta(days=62))
        month = st.selectbox(
            ctx.t("pub.cal.month"), months, index=months.index(today.replace(day=1)),
            key=f"{prefix}_month",
            format_func=lambda d: month_name(d, ctx.lang),
        )  # fmt: skip
        span = (month, month_end(month))
    if isinstance(span, tuple) and len(span) == 2:
        ids = tuple(b["id"] for b in buurten if b["code"] in chosen_buurten)
        rows = data.publication_calendar(ctx.url, span[0], span[1], ids)
        if view != "timeline":
            show_month_grid(ctx, rows, span[0])
        elif rows:
            selection = (", ".join(names[c] for c in chosen_buurten) if chosen_buurten
                         else ctx.t("filters.all_buurten", count=len(names)))  # fmt: skip
            st.altair_chart(calendar_chart(ctx, rows, *span, selection), width="stretch")
        if not rows:
            st.info(ctx.t("pub.cal.empty"))
        else:
            st.dataframe(calendar_frame(ctx, rows), hide_index=True, width="stretch")
            calendar_download(ctx, rows, prefix)


# Seven equal day columns (and a narrow week column) that fit the main column at 1,280 px;
# wider screens stretch them alike. Text wraps in the cell, so each row gets the lines it needs.
WEEK_WIDTH, DAY_WIDTH, PX_PER_CHAR, LINE_PX = 64, 100, 8, 18


def first_day(items: list[dict]) -> dt.date:
    """The first day an item went or goes out (today when there is none)."""
    moments = [i["published_at"] or i["scheduled_at"] for i in items]
    moments = [m for m in moments if m]
    return min(moments).date() if moments else today_local()


def latest_day(items: list[dict]) -> dt.date:
    """The last day an item went or goes out (today when there is none)."""
    moments = [i["published_at"] or i["scheduled_at"] for i in items]
    moments = [m for m in moments if m]
    return max(moments).date() if moments else today_local()


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from one date to another."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def month_end(month: dt.date) -> dt.date:
    """The last day of a month."""
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def month_name(month: dt.date, lang: str) -> str:
    """'januari 2020' in the user's language."""
    return format_date(month, "LLLL yyyy", locale=LOCALES[lang])


def month_grid(ctx: PageContext, rows: list[dict], month: dt.date) -> pd.DataFrame:
    """A month as a calendar: one row per week, a column per weekday, items in their day.

    An item that reaches several buurten appears once, with the number of buurten.
    """
    items: dict[tuple, list[str]] = {}
    for r in rows:
        items.setdefault((r["when"], r["id"], r["what"], r["title"]), []).append(r["buurt"])
    by_day: dict[dt.date, list[str]] = {}
    for (when, _, what, title), buurten in sorted(items.items()):
        where = buurten[0] if len(buurten) == 1 else ctx.t("pub.cal.n_buurten", n=len(buurten))
        mark = "▶ " if what == "takes_place" else ""
        by_day.setdefault(when.date(), []).append(f"{when:%H:%M} {mark}{title} ({where})")
    names = get_day_names("abbreviated", locale=LOCALES[ctx.lang])
    first = month - dt.timedelta(days=month.weekday())
    weeks = []
    day = first
    while day.month == month.month or day < month:
        week = {ctx.t("pub.cal.week"): f"{day.isocalendar().week}"}
        for i in range(7):
            current = day + dt.timedelta(days=i)
            text = " • ".join(by_day.get(current, [])) if current.month == month.month else ""
            label = f"{current.day}" if current.month == month.month else ""
            week[names[i]] = f"{label} – {text}" if text else label
        weeks.append(week)
        day += dt.timedelta(days=7)
    return pd.DataFrame(weeks)


def show_month_grid(ctx: PageContext, rows: list[dict], month: dt.date) -> None:
    """The month grid as a table with equal day columns and rows tall enough for their items."""
    grid = month_grid(ctx, rows, month)
    week = ctx.t("pub.cal.week")
    days = [c for c in grid.columns if c != week]
    longest = max((len(v) for v in grid[days].to_numpy().ravel()), default=0)
    lines = max(3, -(-longest // (DAY_WIDTH // PX_PER_CHAR)))
    config = {week: st.column_config.TextColumn(width=WEEK_WIDTH)}
    config.update({d: st.column_config.TextColumn(width=DAY_WIDTH) for d in days})
    row_height = LINE_PX * lines + 16
    st.dataframe(grid, hide_index=True, width="stretch", row_height=row_height,
                 height=40 + row_height * len(grid), column_config=config)  # fmt: skip


def calendar_chart(
    ctx: PageContext, rows: list[dict], start: dt.date, end: dt.date, selection: str
) -> alt.Chart:
    """Each buurt a row, each item a mark on its day, coloured by kind."""
    data = pd.DataFrame(
        [
            {
                "day": r["when"].date().isoformat(),
                "buurt": r["buurt"],
                "kind": ctx.t(f"pub.kind.{r['kind']}"),
                "title": r["title"],
                "what": ctx.t(f"pub.cal.{r['what']}"),
            }
            for r in rows
        ]
    )
    domain = [start.isoformat(), (end + dt.timedelta(days=1)).isoformat()]
    chart = (
        alt.Chart(data)
        .mark_circle(size=140, opacity=0.85)
        .encode(
            x=alt.X("day:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(format=DAY)),
            y=alt.Y("buurt:N", title=None, axis=alt.Axis(labelLimit=0)),
            color=alt.Color("kind:N", title=ctx.t("pub.kind")),
            tooltip=[
                alt.Tooltip("day:T", title=ctx.t("pub.cal.day"), format=DAY),
                alt.Tooltip("buurt:N", title=ctx.t("pub.result.buurt")),
                alt.Tooltip("kind:N", title=ctx.t("pub.kind")),
                alt.Tooltip("what:N", title=ctx.t("pub.cal.what")),
                alt.Tooltip("title:N", title=ctx.t("pub.title")),
            ],
        )
        .properties(height=max(120, 30 * data["buurt"].nunique()))
    )
    about = Scope(source(ctx.lang), period(ctx.lang, start, end), selection)
    return localised(chart, ctx.lang, ctx.t("chart.title.calendar"), about)


def calendar_frame(ctx: PageContext, rows: list[dict]) -> pd.DataFrame:
    """Calendar rows as a table: day, time, buurt, what happens, kind, status, title."""
    return pd.DataFrame(
        [
            {
                ctx.t("pub.cal.day"): format_date(
                    r["when"], "EEE dd-MM-yyyy", locale=LOCALES[ctx.lang]
                ),
                ctx.t("pub.time"): r["when"].strftime("%H:%M"),
                ctx.t("pub.result.buurt"): r["buurt"],
                ctx.t("pub.cal.what"): ctx.t(f"pub.cal.{r['what']}"),
                ctx.t("pub.kind"): ctx.t(f"pub.kind.{r['kind']}"),
                ctx.t("pub.status"): ctx.t(f"pub.status.{r['status']}"),
                ctx.t("pub.title"): r["title"],
            }
            for r in rows
        ]
    )


def calendar_download(ctx: PageContext, rows: list[dict], key: str) -> None:
    """CSV and XLSX of the calendar rows shown."""
    downloads.download(calendar_frame(ctx, rows), ctx.lang, "calendar", key)
