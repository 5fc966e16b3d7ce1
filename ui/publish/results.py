"""The Results page's views of one item: headline cards, a chart and table per question, ideas.

Hidden counts read '< k' (under the k threshold) or '×' (hidden with them, so that none can
be worked back from the totals) and are never drawn; open answers and ideas are shown as
plain text inside st.dataframe, never as Markdown.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from hoplr_data.core.i18n import fmt_date, fmt_decimal, fmt_int, fmt_pct
from hoplr_data.stats.disclosure import Cell, cell_label, suppressed_label
from hoplr_data.top_down.results import QuestionResult, Results

from .. import downloads
from ..cards import card_grid
from ..charts import COUNT, SHARE, Scope, localised, source
from ..setup import PageContext
from ..tables import styled
from .preview import fmt_moment


def item_label(ctx: PageContext, item: dict) -> str:
    """An item in a picker: date, kind and title."""
    when = item["published_at"] or item["scheduled_at"]
    day = fmt_date(when, ctx.lang) if when else ""
    kind = ctx.t(f"pub.kind.{item['kind']}")
    return f"{day} · {kind} · {item['title']}"


def item_facts(ctx: PageContext, item: dict) -> str:
    """When an item went out and to which buurten; for an event also when it takes place."""
    audience = ctx.t("pub.all_buurten") if item["all_buurten"] else ", ".join(item["buurten"])
    moment = item["published_at"] or item["scheduled_at"]
    facts = ctx.t(f"pub.when_{item['status']}", when=fmt_moment(moment), buurten=audience)
    if item["kind"] == "event" and item["starts_at"]:
        facts += " · " + ctx.t("pub.cal.takes_place") + ": " + fmt_moment(item["starts_at"])
    return facts


def item_scope(ctx: PageContext, item: dict) -> Scope:
    """The scope of an item's result charts: source, the item and its day, its audience."""
    audience = ctx.t("pub.all_buurten") if item["all_buurten"] else ", ".join(item["buurten"])
    moment = item["published_at"] or item["scheduled_at"]
    when = ctx.t("chart.item_scope", title=item["title"], when=fmt_date(moment, ctx.lang))
    return Scope(source(ctx.lang), when, audience)


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
    """Attending, with the capacity when the event has one."""
    value = fmt_int(res.attending, ctx.lang)
    return f"{value} / {fmt_int(res.capacity, ctx.lang)}" if res.capacity else value


def _count(ctx: PageContext, value: int | None, k: int, status: int = Cell.SMALL) -> str:
    """A count in the user's language, or its label ('< k' or '×') when it is hidden."""
    return fmt_int(value, ctx.lang) if value is not None else cell_label(status, k)


def question_result(ctx: PageContext, q: QuestionResult, k: int, about: Scope) -> pd.DataFrame:
    """One question: a chart of the shares (cells under k left out), per buurt, open answers."""
    with st.container(border=True):
        st.markdown(f"**{ctx.t('pub.question_n', n=q.number)}** · {ctx.t(f'pub.qkind.{q.kind}')}")
        st.text(q.text)
        respondents = (
            fmt_int(q.respondents, ctx.lang) if q.respondents is not None else suppressed_label(k)
        )
        n = q.respondents if q.respondents is not None else k  # "< k" residents: a plural
        st.caption(ctx.t_plural("pub.result.respondents", n, count=respondents))
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
        if frame["_count"].isna().any():
            st.caption(ctx.t("disclosure.caption", k=k))
        if q.per_buurt:
            with st.expander(ctx.t("pub.result.per_buurt")):
                chart = _per_buurt_chart(ctx, q, about)
                if chart is not None:
                    st.altair_chart(chart, width="stretch")
                st.caption(ctx.t("pub.result.per_buurt_rule", k=k))
                if any(c["count"] is None for c in q.per_buurt):
                    st.caption(ctx.t("disclosure.caption", k=k))
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
            ctx.t("pub.result.count"): _count(ctx, o.count, k, o.status),
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
    frame["count"] = [
        cell_label(state, k) if pd.isna(v) else fmt_int(v, ctx.lang)
        for v, state in zip(frame["count"], frame["status"], strict=True)
    ]
    table = frame.pivot(index="buurt", columns="option", values="count").fillna("0")
    table = table[[c for c in labels if c in table.columns]].rename(columns=labels)
    return table.reset_index().rename(columns={"buurt": ctx.t("pub.result.buurt")})


def _question_title(ctx: PageContext, q: QuestionResult) -> str:
    """'Question n: text', the title of a question's charts."""
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
    """The share of respondents per option as bars (suppressed ones left out)."""
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
    """The open answers as plain text, or why they are hidden."""
    if q.open_answers is None:
        st.info(ctx.t("pub.result.open_hidden", k=k))
        return
    st.dataframe(
        pd.DataFrame({ctx.t("pub.result.answer"): q.open_answers}), hide_index=True,
        width="stretch",
    )  # fmt: skip


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
                         "value": _csv(o.count, k, o.status), "share": o.share})  # fmt: skip
        labels = {o.code: option_label(ctx, q, o.code, o.label) for o in q.options}
        for cell in q.per_buurt:
            rows.append({"section": label, "buurt": cell["buurt"],
                         "option": labels.get(cell["option"], cell["option"]),
                         "value": _csv(cell["count"], k, cell["status"])})  # fmt: skip
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


def _csv(value: int | None, k: int, status: int = Cell.SMALL) -> str | int:
    """A count for the download, or its label ('< k' or '×') when it is hidden."""
    return value if value is not None else cell_label(status, k)
