"""Results: how residents responded to each published item, and the publishing calendar."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import datetime as dt

import streamlit as st

from ui import data
from ui import publication_views as views

st.title(ctx.t("pub.results_title"))
results_tab, calendar_tab = st.tabs([ctx.t("pub.tab.results"), ctx.t("pub.tab.calendar")])
k = data.k_threshold(ctx.url)

with results_tab:
    items = data.publication_list(ctx.url, ("published", "archived"))
    if not items:
        st.info(ctx.t("pub.no_results"))
    else:
        ids = [i["id"] for i in items]
        by_id = {i["id"]: i for i in items}
        wanted = st.query_params.get("pub")
        start = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in ids else 0
        chosen = st.selectbox(
            ctx.t("pub.choose_item"), ids, index=start,
            format_func=lambda i: views.item_label(ctx, by_id[i]),
        )  # fmt: skip
        res = data.publication_results(ctx.url, chosen, ctx.lang)
        views.headline(ctx, res, k)
        for question in res.questions:
            views.question_result(ctx, question, k)
        if res.kind == "project":
            views.ideas(ctx, res)
        st.download_button(
            ctx.t("table.download_csv"),
            views.results_csv(ctx, res, k).to_csv(index=False).encode("utf-8"),
            file_name=f"results-{chosen}.csv", mime="text/csv", icon=":material/download:",
        )  # fmt: skip

with calendar_tab:
    latest = views.latest_day(
        data.publication_list(ctx.url, ("scheduled", "published", "archived"))
    )
    span = st.date_input(
        ctx.t("pub.cal.period"), value=(latest - dt.timedelta(days=60), latest + dt.timedelta(days=30)),
        format="DD-MM-YYYY", key="cal_period",
    )  # fmt: skip
    buurten = data.buurten(ctx.url)
    names = {b["id"]: b["name"] for b in buurten}
    chosen_buurten = st.multiselect(ctx.t("pub.buurten"), list(names), format_func=names.get,
                                    placeholder=ctx.t("filters.all_buurten"))  # fmt: skip
    if isinstance(span, tuple) and len(span) == 2:
        rows = data.publication_calendar(ctx.url, span[0], span[1], tuple(chosen_buurten))
        if not rows:
            st.info(ctx.t("pub.cal.empty"))
        else:
            st.altair_chart(views.calendar_chart(ctx, rows, *span), width="stretch")
            frame = views.calendar_frame(ctx, rows)
            st.dataframe(frame, hide_index=True, width="stretch")
            st.download_button(
                ctx.t("table.download_csv"), frame.to_csv(index=False).encode("utf-8"),
                file_name="calendar.csv", mime="text/csv", icon=":material/download:",
                key="cal_csv",
            )  # fmt: skip
