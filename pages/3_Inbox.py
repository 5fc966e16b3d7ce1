"""Inbox: residents' reports and ideas, to sort, route, answer and close."""

from ui.setup import setup_page

ctx = setup_page("triage")

import streamlit as st

from hoplr_data.bottom_up import inbox
from ui import data, downloads, inbox_bulk, inbox_detail, inbox_list, inbox_search, inbox_team
from ui import inbox_selection as selection
from ui.forms import show_flash
from ui.inbox_filters import active_filters, inbox_filter

st.title(ctx.t("inbox.title"))
show_flash(ctx)
selection.adopt_link()  # ?item=<id>: a shared link opens its item
flt = inbox_filter(ctx)
items = data.inbox_list(ctx.url, flt, ctx.lang)
inbox_search.search_box(ctx)

list_tab, team_tab = st.tabs([ctx.t("inbox.tab.list"), ctx.t("inbox.tab.team")])

with list_tab:
    inbox_list.status_counts(items, ctx)
    chosen: list[str] = []
    if items.empty:
        inbox_list.empty_state(ctx, active_filters(ctx))
    else:
        listed = inbox_list.listed_frame(items, ctx)
        chosen = inbox_list.table(ctx, items, listed)
        left, right = st.columns(2)
        downloads.download(listed, ctx.lang, "inbox", "dl_inbox", container=left)
        downloads.json_download(
            inbox.open311(items), ctx.t("inbox.download_open311"), "open311-requests.json",
            "dl_open311", container=right,
        )
    if len(chosen) > 1:
        inbox_bulk.bulk_form(ctx, chosen, items)
    else:
        inbox_detail.show(ctx, items)

with team_tab:
    inbox_team.team_tab(ctx, items)
