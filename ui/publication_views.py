"""Views of publications: the residents' preview, results per question and the calendar.

Titles, texts, options, open answers and ideas are shown as plain text only (st.text or inside
st.dataframe), never as Markdown.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st
from babel.dates import format_date, get_day_names

from hoplr_data.core.i18n import LANGUAGE_NAMES, LOCALES, fmt_date, fmt_decimal, fmt_int, fmt_pct
from hoplr_data.core.timeutil import today_local
from hoplr_data.stats.disclosure import suppressed_label
from hoplr_data.top_down import documents
from hoplr_data.top_down.results import QuestionResult, Results

from . import downloads
from .cards import card_grid
from .charts import COUNT, DAY, SHARE, Scope, localised, period, source
from .setup import PageContext
from .tables import styled


def fmt_moment(value: dt.datetime | None) -> str:
    """A date and time as dd-mm-yyyy hh:mm ('' when there is none)."""
    return value.strftime("%d-%m-%Y %H:%M") if value else ""


def preview(ctx: PageContext, kind: str, doc: dict, languages: list[str]) -> None:
    """The item as residents will see it, one tab per language."""
    tabs = st.tabs([LANGUAGE_NAMES[lang] for lang in languages])
    for tab, lang in zip(tabs, languages, strict=True):
        with tab, st.container(border=True):
            st.caption(_preview_caption(ctx, kind, doc))
            version = doc.get("texts", {}).get(lang) or {}
            st.text(version.get("title", "") or ctx.t("pub.preview.no_title"))
            if version.get("body"):
                st.text(version["body"])
            _preview_details(ctx, kind, doc, lang)


def _preview_caption(ctx: PageContext, kind: str, doc: dict) -> str:
    parts = [ctx.t("pub.preview.from_municipality"), ctx.t(f"pub.kind.{kind}")]
    if kind == "post":
        parts.append(ctx.t(f"pub.post_type.{doc.get('post_type', 'news')}"))
        parts.append(ctx.t(f"pub.category.{doc.get('category', 'other')}"))
    if kind == "project":
        parts.append(ctx.t(f"pub.theme.{doc.get('theme', 'other')}"))
    return " · ".join(parts)


def _preview_details(ctx: PageContext, kind: str, doc: dict, lang: str) -> None:
    if kind == "event":
        starts, ends = documents.parse_moment(doc.get("starts_at")), documents.parse_moment(doc.get("ends_at"))
        st.caption(f"{ctx.t('pub.starts_at')}: {fmt_moment(starts)} – {fmt_moment(ends)}")
        if doc.get("place"):
            st.text(doc["place"])
        if doc.get("capacity"):
            st.caption(ctx.t("pub.preview.capacity", count=fmt_int(doc["capacity"], ctx.lang)))
        st.caption(ctx.t("pub.preview.rsvp"))
    for phase in doc.get("phases", []) if kind == "project" else []:
        name = ctx.t(f"pub.phase.{phase['code']}")
        st.caption(f"{name}: {_day(phase.get('start'))} – {_day(phase.get('end'))}")
    for number, question in enumerate(doc.get("questions", []), start=1):
        text = (question.get("text") or {}).get(lang, "")
        mark = " *" if question.get("required") and kind == "survey" else ""
        st.text(f"{number}. {text}{mark}")
        if question["kind"] == "open":  # a text box, as residents will see it
            st.text_area(ctx.t("pub.preview.open_answer"), disabled=True, height=80,
                         placeholder=ctx.t("pub.preview.open_answer"),
                         label_visibility="collapsed", key=f"preview.{lang}.q{number}")  # fmt: skip
        else:
            st.text("\n".join(f"  ○ {label}" for label in _option_labels(ctx, question, lang)))
    closing = documents.closes_at(doc, kind)
    if closing is not None:
        st.caption(ctx.t("pub.preview.closes", when=fmt_moment(closing)))


def _day(value: str | None) -> str:
    """An ISO date as dd-mm-yyyy, or … when there is none yet."""
    return dt.date.fromisoformat(value).strftime("%d-%m-%Y") if value else "…"


def _option_labels(ctx: PageContext, question: dict, lang: str) -> list[str]:
    kind = question["kind"]
    if kind in documents.CHOICE_KINDS:
        return list((question.get("options") or {}).get(lang, []))
    if kind == "scale":
        return ["1 … 10"]
    return [ctx.t(f"pub.option.{code}") for code in documents.option_codes(question)]


# --- results -------------------------------------------------------------------------------


def headline(ctx: PageContext, res: Results, k: int) -> None:
    """Reach, reactions and the kind's own counts as metric cards."""
    cards = [("pub.reach", fmt_int(res.reach, ctx.lang)),
             ("pub.result.reactions", fmt_int(res.reactions, ctx.lang))]  # fmt: skip
    if res.kind == "event":
        cards += [("pub.result.interested", fmt_int(res.interested, ctx.lang)),
                  ("pub.result.attending", _attending(ctx, res))]  # fmt: skip
    if res.kind in ("poll", "survey"):
        cards.append(("pub.result.responses", _count(ctx, res.responses, k)))
    if res.kind == "project":
        cards += [("pub.result.ideas", fmt_int(len(res.ideas), ctx.lang)),
                  ("pub.result.votes", fmt_int(res.votes, ctx.lang))]  # fmt: skip
    card_grid([(ctx.t(label), value, ctx.t(f"{label}.help")) for label, value in cards])


def _attending(ctx: PageContext, res: Results) -> str:
    value = fmt_int(res.attending, ctx.lang)
    return f"{value} / {fmt_int(res.capacity, ctx.lang)}" if res.capacity else value


def _count(ctx: PageContext, value: int | None, k: int) -> str:
    return fmt_int(value, ctx.lang) if value is not None else suppressed_label(k)


def item_scope(ctx: PageContext, item: dict) -> Scope:
    """The scope of an item's result charts: source, the item and its day, its audience."""
    audience = ctx.t("pub.all_buurten") if item["all_buurten"] else ", ".join(item["buurten"])
    moment = item["published_at"] or item["scheduled_at"]
    when = ctx.t("chart.item_scope", title=item["title"], when=fmt_date(moment, ctx.lang))
    return Scope(source(ctx.lang), when, audience)


def question_result(ctx: PageContext, q: QuestionResult, k: int, about: Scope) -> pd.DataFrame:
    """One question: a chart of the shares (cells under k left out), per buurt, open answers."""
    with st.container(border=True):
        st.markdown(f"**{ctx.t('pub.question_n', n=q.number)}** · {ctx.t(f'pub.qkind.{q.kind}')}")
        st.text(q.text)
        respondents = (
            fmt_int(q.respondents, ctx.lang) if q.respondents is not None else suppressed_label(k)
        )
        st.caption(ctx.t("pub.result.respondents", count=respondents))
        if q.kind == "open":
            _open_answers(ctx, q, k)
            return pd.DataFrame()
        frame = option_frame(ctx, q, k)
        charted = frame[frame["_count"].notna()]
        if not charted.empty:
            st.altair_chart(_share_chart(ctx, charted, q, about), width="stretch")
        if q.mean is not None:
            st.caption(ctx.t("pub.result.mean", mean=fmt_decimal(q.mean, ctx.lang)))
        shown = frame.drop(columns=["_count", "_share"])
        st.dataframe(shown, hide_index=True, width="stretch")
        if q.per_buurt:
            with st.expander(ctx.t("pub.result.per_buurt")):
                chart = _per_buurt_chart(ctx, q, about)
                if chart is not None:
                    st.altair_chart(chart, width="stretch")
                st.caption(ctx.t("pub.result.per_buurt_rule", k=k))
                st.dataframe(per_buurt_frame(ctx, q, k), hide_index=True, width="stretch")
        return frame


def option_label(ctx: PageContext, q: QuestionResult, code: str, label: str | None) -> str:
    """An option as residents saw it: the composer's label, a fixed answer, or a score."""
    if label:
        return label
    if q.kind == "scale":
        return code
    return ctx.t(f"pub.option.{code}")


def option_frame(ctx: PageContext, q: QuestionResult, k: int) -> pd.DataFrame:
    """Options with count and share; a count under k reads '< k'."""
    rows = [
        {
            ctx.t("pub.result.option"): option_label(ctx, q, o.code, o.label),
            ctx.t("pub.result.count"): fmt_int(o.count, ctx.lang)
            if o.count is not None
            else suppressed_label(k),
            ctx.t("pub.result.share"): fmt_pct(o.share, ctx.lang) if o.share is not None else "",
            "_count": o.count,
            "_share": o.share,
        }
        for o in q.options
    ]
    return pd.DataFrame(rows)


def per_buurt_frame(ctx: PageContext, q: QuestionResult, k: int) -> pd.DataFrame:
    """Buurten as rows, options as columns; a cell under k reads '< k'."""
    labels = {o.code: option_label(ctx, q, o.code, o.label) for o in q.options}
    frame = pd.DataFrame(q.per_buurt)
    frame["count"] = frame["count"].map(
        lambda v: suppressed_label(k) if pd.isna(v) else fmt_int(v, ctx.lang)
    )
    table = frame.pivot(index="buurt", columns="option", values="count").fillna("0")
    table = table[[c for c in labels if c in table.columns]].rename(columns=labels)
    return table.reset_index().rename(columns={"buurt": ctx.t("pub.result.buurt")})


def _question_title(ctx: PageContext, q: QuestionResult) -> str:
    return f"{ctx.t('pub.question_n', n=q.number)}: {q.text}"


def _per_buurt_chart(ctx: PageContext, q: QuestionResult, about: Scope) -> alt.Chart | None:
    """Answers per buurt, stacked by option; cells under k are left out, never drawn."""
    labels = {o.code: option_label(ctx, q, o.code, o.label) for o in q.options}
    buurt, option, count = (ctx.t("pub.result.buurt"), ctx.t("pub.result.option"),
                            ctx.t("pub.result.count"))  # fmt: skip
    data = pd.DataFrame(
        [
            {buurt: c["buurt"], option: labels.get(c["option"], c["option"]), count: c["count"]}
            for c in q.per_buurt
            if c["count"] is not None
        ]
    )
    if data.empty:
        return None
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{count}:Q", axis=alt.Axis(format=COUNT)),
            y=alt.Y(f"{buurt}:N", title=None, axis=alt.Axis(labelLimit=0)),
            color=alt.Color(f"{option}:N", sort=list(labels.values())),
            tooltip=[buurt, option, alt.Tooltip(f"{count}:Q", format=COUNT)],
        )
        .properties(height=alt.Step(24))
    )
    title = f"{_question_title(ctx, q)} · {ctx.t('pub.result.per_buurt')}"
    return localised(chart, ctx.lang, title, about)


def _share_chart(
    ctx: PageContext, frame: pd.DataFrame, q: QuestionResult, about: Scope
) -> alt.Chart:
    option = ctx.t("pub.result.option")
    share = ctx.t("pub.result.share")
    data = pd.DataFrame({option: frame[option], share: frame["_share"]})
    chart = (
        alt.Chart(data)
        .mark_bar(color="#1f6f8b")
        .encode(
            x=alt.X(f"{share}:Q", axis=alt.Axis(format=SHARE), scale=alt.Scale(domain=[0, 1])),
            y=alt.Y(f"{option}:N", sort=None, title=None, axis=alt.Axis(labelLimit=0)),
            tooltip=[option, alt.Tooltip(f"{share}:Q", format=SHARE)],
        )
        .properties(height=alt.Step(30))
    )
    return localised(chart, ctx.lang, _question_title(ctx, q), about)


def _open_answers(ctx: PageContext, q: QuestionResult, k: int) -> None:
    if q.open_answers is None:
        st.info(ctx.t("pub.result.open_hidden", k=k))
        return
    st.dataframe(
        pd.DataFrame({ctx.t("pub.result.answer"): q.open_answers}), hide_index=True,
        width="stretch",
    )  # fmt: skip


def ideas_frame(ctx: PageContext, res: Results) -> pd.DataFrame:
    """The project's ideas ranked by votes."""
    return pd.DataFrame(
        [
            {
                ctx.t("pub.result.rank"): i.rank,
                ctx.t("pub.result.idea"): i.title,
                ctx.t("pub.result.idea_text"): i.text,
                ctx.t("pub.result.buurt"): i.buurt,
                ctx.t("pub.result.votes"): i.votes,
            }
            for i in res.ideas
        ]
    )


def results_csv(ctx: PageContext, res: Results, k: int) -> pd.DataFrame:
    """Every result of an item in one long table (what the CSV download holds)."""
    rows = [
        {"section": ctx.t("pub.reach"), "value": res.reach},
        {"section": ctx.t("pub.result.reactions"), "value": res.reactions},
    ]
    if res.kind == "event":
        rows += [{"section": ctx.t("pub.result.interested"), "value": res.interested},
                 {"section": ctx.t("pub.result.attending"), "value": res.attending}]  # fmt: skip
    if res.kind in ("poll", "survey"):
        rows.append({"section": ctx.t("pub.result.responses"), "value": _csv(res.responses, k)})
    for q in res.questions:
        label = f"{ctx.t('pub.question_n', n=q.number)}: {q.text}"
        for o in q.options:
            rows.append({"section": label, "option": option_label(ctx, q, o.code, o.label),
                         "value": _csv(o.count, k), "share": o.share})  # fmt: skip
        labels = {o.code: option_label(ctx, q, o.code, o.label) for o in q.options}
        for cell in q.per_buurt:
            rows.append({"section": label, "buurt": cell["buurt"],
                         "option": labels.get(cell["option"], cell["option"]),
                         "value": _csv(cell["count"], k)})  # fmt: skip
        for answer in q.open_answers or []:
            rows.append({"section": label, "answer": answer})
    for i in res.ideas:
        rows.append({"section": ctx.t("pub.result.ideas"), "option": i.title, "buurt": i.buurt,
                     "value": i.votes, "answer": i.text})  # fmt: skip
    columns = ["section", "buurt", "option", "value", "share", "answer"]
    frame = pd.DataFrame(rows).reindex(columns=columns)
    return frame.rename(columns={c: ctx.t(f"pub.csv.{c}") for c in columns})


def results_download(ctx: PageContext, res: Results, k: int, item_id: int) -> None:
    """CSV and XLSX of every result of an item (shares as percentages)."""
    kinds = {ctx.t("pub.csv.share"): "share", ctx.t("pub.csv.value"): "count"}
    frame = results_csv(ctx, res, k)
    downloads.download(frame, ctx.lang, f"results-{item_id}", "dl_results", kinds)


def calendar_download(ctx: PageContext, rows: list[dict], key: str) -> None:
    """CSV and XLSX of the calendar rows shown."""
    downloads.download(calendar_frame(ctx, rows), ctx.lang, "calendar", key)


def _csv(value: int | None, k: int) -> str | int:
    return value if value is not None else suppressed_label(k)


# --- calendar ------------------------------------------------------------------------------


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


def first_day(items: list[dict]) -> dt.date:
    """The first day an item went or goes out (today when there is none)."""
    moments = [i["published_at"] or i["scheduled_at"] for i in items]
    moments = [m for m in moments if m]
    return min(moments).date() if moments else today_local()


def month_end(month: dt.date) -> dt.date:
    """The last day of a month."""
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def month_name(month: dt.date, lang: str) -> str:
    """'januari 2020' in the user's language."""
    return format_date(month, "LLLL yyyy", locale=LOCALES[lang])


def latest_day(items: list[dict]) -> dt.date:
    """The last day an item went or goes out (today when there is none)."""
    moments = [i["published_at"] or i["scheduled_at"] for i in items]
    moments = [m for m in moments if m]
    return max(moments).date() if moments else today_local()


def item_facts(ctx: PageContext, item: dict) -> str:
    """When an item went out and to which buurten; for an event also when it takes place."""
    audience = ctx.t("pub.all_buurten") if item["all_buurten"] else ", ".join(item["buurten"])
    moment = item["published_at"] or item["scheduled_at"]
    facts = ctx.t(f"pub.when_{item['status']}", when=fmt_moment(moment), buurten=audience)
    if item["kind"] == "event" and item["starts_at"]:
        facts += " · " + ctx.t("pub.cal.takes_place") + ": " + fmt_moment(item["starts_at"])
    return facts


def item_label(ctx: PageContext, item: dict) -> str:
    """An item in a picker: date, kind and title."""
    when = item["published_at"] or item["scheduled_at"]
    day = fmt_date(when, ctx.lang) if when else ""
    kind = ctx.t(f"pub.kind.{item['kind']}")
    return f"{day} · {kind} · {item['title']}"


def ideas(ctx: PageContext, res: Results, about: Scope) -> None:
    """The project's ideas ranked by votes: a chart of the top ten and the full table."""
    frame = ideas_frame(ctx, res)
    if frame.empty:
        st.info(ctx.t("pub.result.no_ideas"))
        return
    idea, votes = ctx.t("pub.result.idea"), ctx.t("pub.result.votes")
    top = frame.head(10)
    chart = (
        alt.Chart(top)
        .mark_bar(color="#3a7d44")
        .encode(
            x=alt.X(f"{votes}:Q", axis=alt.Axis(format=COUNT)),
            y=alt.Y(f"{idea}:N", sort=None, title=None, axis=alt.Axis(labelLimit=0)),
            tooltip=[idea, alt.Tooltip(f"{votes}:Q", format=COUNT)],
        )  # fmt: skip
        .properties(height=alt.Step(28))
    )
    st.altair_chart(localised(chart, ctx.lang, ctx.t("chart.title.ideas"), about), width="stretch")
    st.dataframe(styled(frame, ctx.lang), hide_index=True, width="stretch")


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


# Seven equal day columns (and a narrow week column) that fit the main column at 1,280 px;
# wider screens stretch them alike. Text wraps in the cell, so each row gets the lines it needs.
WEEK_WIDTH, DAY_WIDTH, PX_PER_CHAR, LINE_PX = 64, 100, 8, 18


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


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from one date to another."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months
