"""Inbox: residents' reports and ideas, to sort, route, answer and close."""

from ui.setup import setup_page

ctx = setup_page("triage")

import json

import streamlit as st

from hoplr_data import inbox
from hoplr_data import workflow as wf
from hoplr_data.category_model import suggest as suggest_category
from hoplr_data.i18n import LANGUAGE_NAMES, LANGUAGES, fmt_pct
from hoplr_data.timeutil import now_local
from ui import data, inbox_views
from ui.forms import show_flash
from ui.inbox_actions import run_item_action
from ui.inbox_filters import inbox_filter

st.title(ctx.t("inbox.title"))
show_flash(ctx)
flt = inbox_filter(ctx)
items = data.inbox_list(ctx.url, flt, ctx.lang)

list_tab, team_tab = st.tabs([ctx.t("inbox.tab.list"), ctx.t("inbox.tab.team")])

with list_tab:
    counts = inbox.status_counts(items)
    if counts:
        columns = st.columns(min(len(counts), 6))
        for i, (status, count) in enumerate(sorted(counts.items(), key=lambda c: -c[1])[:6]):
            columns[i].metric(ctx.t(f"status.{status}"), count, border=True)
    if items.empty:
        st.info(ctx.t("inbox.empty"))
        st.stop()
    listed = inbox_views.list_table(items, ctx.lang)
    selection = st.dataframe(
        listed,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key="inbox_table",
    )
    chosen = [items.iloc[i]["id"] for i in selection.selection.rows]
    left, right = st.columns(2)
    left.download_button(
        ctx.t("table.download_csv"),
        listed.to_csv(index=False).encode("utf-8"),
        file_name="inbox.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    right.download_button(
        ctx.t("inbox.download_open311"),
        json.dumps(inbox.open311(items), ensure_ascii=False, indent=2).encode("utf-8"),
        file_name="open311-requests.json",
        mime="application/json",
        icon=":material/download:",
    )

    if len(chosen) > 1:
        st.subheader(ctx.t("inbox.bulk_title", count=len(chosen)))
        handlers = data.inbox_handlers(ctx.url)
        with st.form("bulk"):
            assignee = st.selectbox(
                ctx.t("inbox.assign_to"),
                ["", *handlers],
                format_func=lambda u: u or ctx.t("inbox.nobody"),
            )
            kinds = set(items[items["id"].isin(chosen)]["kind"])
            options = sorted(
                {
                    s
                    for k in kinds
                    for s in wf.statuses(k)
                    if not wf.needs_message(k, s) and s != "duplicate"
                }
            )
            status = st.selectbox(
                ctx.t("inbox.bulk_status"),
                ["", *options],
                format_func=lambda s: ctx.t(f"status.{s}") if s else "—",
            )
            if st.form_submit_button(ctx.t("inbox.bulk_apply"), type="primary"):
                run_item_action(ctx, "bulk", chosen, assignee=assignee, status=status, items=items)
    elif len(chosen) == 1:
        item = inbox.item_detail(ctx.engine, chosen[0], lang=ctx.lang)
        if item is None:
            st.error(ctx.t("error.not_found"))
            st.stop()
        st.divider()
        st.subheader(f"{ctx.t('kind.' + item['kind'])} {item['id']}")
        version_key = f"item_version_{item['id']}"
        version = st.session_state.setdefault(version_key, item["version"])
        if version != item["version"]:
            st.warning(ctx.t("error.stale_item"))
            if st.button(ctx.t("inbox.load_current"), key=f"reload_{item['id']}"):
                st.session_state[version_key] = item["version"]
                st.rerun()
        info, meta = st.columns([3, 2])
        with info:
            st.caption(ctx.t("inbox.resident_text"))
            st.text(item["text"])
            if item["address"]:
                st.caption(ctx.t("inbox.location"))
                st.text(
                    item["address"]
                    + (
                        f"  ({item['lat']:.5f}, {item['lon']:.5f})"
                        if item["lat"] is not None
                        else ""
                    )
                )
            if item["photo_url"]:
                st.caption(ctx.t("inbox.photo"))
                st.code(item["photo_url"], language=None)
        with meta:
            st.text(f"{ctx.t('inbox.col.status')}: {ctx.t('status.' + item['status'])}")
            st.text(f"{ctx.t('inbox.col.category')}: {item['category']} ({item['department']})")
            st.text(f"{ctx.t('inbox.col.assignee')}: {item['assignee'] or '—'}")
            st.text(f"{ctx.t('inbox.col.priority')}: {ctx.t('priority.' + item['priority'])}")
            st.text(f"{ctx.t('inbox.col.created')}: {item['created_at']:%d-%m-%Y %H:%M}")
            if item["duplicate_of"]:
                st.text(f"{ctx.t('inbox.duplicate_of')}: {item['duplicate_of']}")
            st.caption(ctx.t("inbox.reporter"))
            if item["contact_erased_at"]:
                st.text(ctx.t("inbox.contact_erased"))
            else:
                st.text(
                    "\n".join(
                        v
                        for v in (
                            item["reporter_name"],
                            item["reporter_email"],
                            item["reporter_phone"],
                        )
                        if v
                    )
                    or "—"
                )

        suggested, confidence = suggest_category(item["text"], item["kind"])
        if suggested != item["category_code"] and not wf.is_closed(item["kind"], item["status"]):
            names = {c["code"]: c["name"] for c in data.inbox_categories(ctx.url, ctx.lang)}
            hint, accept = st.columns([4, 1])
            hint.info(
                ctx.t(
                    "inbox.category_suggestion",
                    category=names.get(suggested, suggested),
                    confidence=fmt_pct(confidence, ctx.lang, 0),
                ),
                icon=":material/lightbulb:",
            )
            if accept.button(ctx.t("inbox.accept"), key=f"accept_category_{item['id']}"):
                run_item_action(
                    ctx,
                    "route",
                    [item["id"]],
                    version=version,
                    category=suggested,
                    priority=item["priority"],
                    item=item,
                )
        suggestions = inbox.possible_duplicates(ctx.engine, item["id"])
        if suggestions and "duplicate" in wf.allowed_next(item["kind"], item["status"]):
            with st.expander(ctx.t("inbox.possible_duplicates", count=len(suggestions))):
                for s in suggestions:
                    cols = st.columns([1, 4, 1])
                    cols[0].text(f"{s['id']}\n{fmt_pct(s['similarity'], ctx.lang, 0)}")
                    cols[1].text(s["text"][:200])
                    if cols[2].button(
                        ctx.t("inbox.mark_duplicate"), key=f"dup_{item['id']}_{s['id']}"
                    ):
                        run_item_action(
                            ctx, "duplicate", [item["id"]], version=version, main_id=s["id"]
                        )

        status_col, assign_col = st.columns(2)
        with status_col, st.form(f"status_{item['id']}"):
            st.markdown(f"**{ctx.t('inbox.change_status')}**")
            targets = [s for s in wf.allowed_next(item["kind"], item["status"]) if s != "duplicate"]
            target = st.selectbox(
                ctx.t("inbox.new_status"),
                targets,
                format_func=lambda s: ctx.t(f"status.{s}"),
                key=f"target_{item['id']}",
            )
            language = st.selectbox(
                ctx.t("inbox.reply_language"),
                LANGUAGES,
                index=LANGUAGES.index(item["language"]),
                format_func=LANGUAGE_NAMES.get,
                key=f"lang_{item['id']}",
            )
            templates = inbox.reply_templates(ctx.engine, item["kind"])
            message_key = f"message_{item['id']}"
            if st.form_submit_button(ctx.t("inbox.use_template")):
                st.session_state[message_key] = templates.get((target, language), "")
            message = st.text_area(
                ctx.t("inbox.message"),
                key=message_key,
                height=140,
                help=ctx.t("inbox.message_help"),
            )
            note = st.text_area(ctx.t("inbox.note"), key=f"status_note_{item['id']}", height=80)
            if message:
                st.caption(ctx.t("inbox.preview"))
                st.text(message)
            if st.form_submit_button(
                ctx.t("inbox.save_status"), type="primary", disabled=not targets
            ):
                run_item_action(
                    ctx,
                    "status",
                    [item["id"]],
                    version=version,
                    to_status=target,
                    message=message,
                    language=language,
                    note=note,
                )
            if st.form_submit_button(ctx.t("inbox.send_message_only")):
                run_item_action(
                    ctx, "reply", [item["id"]], version=version, text=message, language=language
                )
        with assign_col:
            with st.form(f"assign_{item['id']}"):
                st.markdown(f"**{ctx.t('inbox.assign')}**")
                handlers = data.inbox_handlers(ctx.url)
                current = item["assignee"] or ""
                who = st.selectbox(
                    ctx.t("inbox.assign_to"),
                    ["", *handlers],
                    index=(["", *handlers].index(current) if current in handlers else 0),
                    format_func=lambda u: u or ctx.t("inbox.nobody"),
                )
                if st.form_submit_button(ctx.t("inbox.assign"), type="primary"):
                    run_item_action(
                        ctx, "assign", [item["id"]], version=version, assignee=who or None
                    )
            with st.form(f"note_{item['id']}"):
                st.markdown(f"**{ctx.t('inbox.note')}**")
                text = st.text_area(
                    ctx.t("inbox.note_help"), key=f"note_text_{item['id']}", height=80
                )
                if st.form_submit_button(ctx.t("inbox.add_note")):
                    run_item_action(ctx, "note", [item["id"]], version=version, text=text)
            with st.form(f"route_{item['id']}"):
                st.markdown(f"**{ctx.t('inbox.route')}**")
                cats = [
                    c for c in data.inbox_categories(ctx.url, ctx.lang) if c["kind"] == item["kind"]
                ]
                codes = [c["code"] for c in cats]
                names = {
                    c["code"]: f"{c['name']} · {c['department']} · {c['handling_days']} d"
                    for c in cats
                }
                category = st.selectbox(
                    ctx.t("inbox.col.category"),
                    codes,
                    index=codes.index(item["category_code"]),
                    format_func=names.get,
                )
                priority = st.radio(
                    ctx.t("inbox.col.priority"),
                    ["normal", "high"],
                    index=["normal", "high"].index(item["priority"]),
                    format_func=lambda p: ctx.t(f"priority.{p}"),
                    horizontal=True,
                )
                if st.form_submit_button(ctx.t("admin.save")):
                    run_item_action(
                        ctx,
                        "route",
                        [item["id"]],
                        version=version,
                        category=category,
                        priority=priority,
                        item=item,
                    )

        st.markdown(f"**{ctx.t('inbox.history')}**")
        st.dataframe(
            inbox_views.history_table(item["history"], ctx.lang), hide_index=True, width="stretch"
        )
    else:
        st.caption(ctx.t("inbox.select_hint"))

with team_tab:
    figures = inbox.team_figures(items, now_local())
    st.metric(
        ctx.t("inbox.on_time_share"),
        fmt_pct(figures["on_time_share"], ctx.lang),
        help=ctx.t("inbox.on_time_help"),
        border=True,
    )
    if not figures["backlog"].empty:
        st.altair_chart(inbox_views.backlog_chart(figures["backlog"], ctx.lang), width="stretch")
    if not figures["median_days"].empty:
        st.markdown(f"**{ctx.t('inbox.median_days')}**")
        st.dataframe(
            figures["median_days"].rename(
                columns={"category": ctx.t("inbox.col.category"), "days": ctx.t("inbox.days")}
            ),
            hide_index=True,
            width="stretch",
        )
