"""Results: how residents responded to each published item, and the publishing calendar."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import streamlit as st

from ui import data
from ui.nav import query_id
from ui.publish import calendar_view, results

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
        wanted = query_id(st.query_params.get("pub"))
        start = ids.index(wanted) if wanted in ids else 0
        chosen = st.selectbox(
            ctx.t("pub.choose_item"), ids, index=start,
            format_func=lambda i: results.item_label(ctx, by_id[i]),
        )  # fmt: skip
        st.caption(results.item_facts(ctx, by_id[chosen]))
        res = data.publication_results(ctx.url, chosen, ctx.lang)
        results.headline(ctx, res, k)
        about = results.item_scope(ctx, by_id[chosen])
        for question in res.questions:
            results.question_result(ctx, question, k, about)
        if res.kind == "project":
            results.ideas(ctx, res, about)
        results.results_download(ctx, res, k, chosen)

with calendar_tab:
    calendar_view.show(ctx, "cal")
