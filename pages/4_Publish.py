"""Publish: compose, preview, schedule and publish posts, events, polls, surveys and projects."""

from ui.setup import setup_page

ctx = setup_page("publish")

import streamlit as st

from hoplr_data.core.models import PUBLICATION_KINDS, PUBLICATION_STATUSES
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.documents import CLOSING_KINDS
from ui import data
from ui.forms import show_flash
from ui.nav import query_id
from ui.publish import actions, calendar_view, composer, due, preview, state

st.title(ctx.t("pub.page_title"))
show_flash(ctx)
opened = st.query_params.get("pub")

if opened is None:
    due.offer_release(ctx)  # due scheduled items go out when asked, never on viewing
    items_tab, calendar_tab = st.tabs([ctx.t("pub.tab.compose"), ctx.t("pub.tab.calendar")])
    with calendar_tab:  # drawn first: the list below ends the run with st.stop()
        calendar_view.show(ctx, "pub_cal")
    with items_tab:
        st.subheader(ctx.t("pub.new_item"))
        kind_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        kind = kind_col.selectbox(ctx.t("pub.kind"), PUBLICATION_KINDS,
                                  format_func=lambda v: ctx.t(f"pub.kind.{v}"))  # fmt: skip
        if button_col.button(ctx.t("pub.create_draft"), type="primary", icon=":material/edit:"):
            st.query_params["pub"] = str(pub.create_draft(ctx.engine, actor=actions.actor(ctx),
                                                          kind=kind))  # fmt: skip
            data.clear_publications()
            st.rerun()

        st.subheader(ctx.t("pub.items"))
        statuses = st.segmented_control(
            ctx.t("pub.status"), PUBLICATION_STATUSES, selection_mode="multi",
            default=["draft", "scheduled", "published"], key="pub_statuses",
            format_func=lambda v: ctx.t(f"pub.status.{v}"),
        )  # fmt: skip
        items = data.publication_list(ctx.url, tuple(statuses))
        if not items:
            st.info(ctx.t("pub.no_items"))
            st.stop()
        listed = actions.list_frame(ctx, items)
        picked = st.dataframe(listed, hide_index=True, width="stretch", on_select="rerun",
                              selection_mode="single-row", key="pub_table")  # fmt: skip
        st.caption(ctx.t("pub.pick_hint"))
        if picked.selection.rows:
            st.query_params["pub"] = str(items[picked.selection.rows[0]]["id"])
            st.session_state.pop("pub_table", None)
            st.rerun()
        st.stop()

if st.button(ctx.t("pub.back_to_list"), icon=":material/arrow_back:"):
    del st.query_params["pub"]
    st.rerun()
try:
    draft = pub.load(ctx.engine, query_id(opened) or 0)  # 0: no publication has it
except pub.PublicationError:
    st.error(ctx.t("error.not_found"))
    st.stop()

st.subheader(f"{ctx.t(f'pub.kind.{draft.kind}')} · {ctx.t(f'pub.status.{draft.status}')}")
if draft.status != "draft":
    actions.published_view(ctx, draft)
    st.stop()

state.load_into_state(draft)
required, languages = state.languages_of(ctx, draft.id)
main, side = st.columns([3, 2], gap="large")
with side:
    st.markdown(f"**{ctx.t('pub.audience')}**")
    buurt_ids = composer.targeting(ctx, draft.id)
    st.markdown(f"**{ctx.t('pub.when')}**")
    planned = composer.schedule(ctx, draft.id)
    composer.when_advice(ctx, draft.id, buurt_ids, planned)
    if draft.kind in CLOSING_KINDS:
        composer.closing(ctx, draft.id)
with main:
    composer.details(ctx, draft)
    composer.texts(ctx, draft.id, required, languages)
    if draft.kind in ("poll", "survey"):
        st.markdown(f"**{ctx.t('pub.questions')}**")
        composer.questions(ctx, draft, languages)
    composer.autosave(ctx, draft, languages)

st.subheader(ctx.t("pub.preview"))
doc, _, _ = state.collect(draft.id, draft.kind, languages)
preview.preview(ctx, draft.kind, doc, languages)

publish_col, delete_col = st.columns([3, 1])
# The radio decides the button and the advice, never whether a typed date has registered yet.
label = "pub.schedule_button" if state.wants_later(draft.id) else "pub.publish_button"
if publish_col.button(ctx.t(label), type="primary", icon=":material/send:"):
    actions.ask_to_publish(ctx, draft, doc, required, planned, buurt_ids)
if delete_col.button(ctx.t("pub.delete_draft"), icon=":material/delete:"):
    actions.delete(ctx, draft.id)
actions.confirm_publish(ctx, draft.id, required, planned, buurt_ids)
