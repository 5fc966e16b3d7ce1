"""Which inbox item is open: kept by its id in the session and in the URL (?item=<id>).

A table's row selection gives positions into the list as it was shown. Each list gets its own
widget key (a digest of its ids in order), so a selection is only ever read against the very
list it was made on: a list that shrinks or changes starts with no selection, and the open item
stays open until the user closes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import streamlit as st

from hoplr_data.ingest.fields import ID_PATTERN

OPEN_KEY = "inbox_open_item"
SEEN_KEY = "inbox_seen_selection"
BAD_LINK_KEY = "inbox_bad_link"
URL_PARAM = "item"


def table_key(prefix: str, ids: Sequence[str]) -> str:
    """A widget key that changes whenever the listed ids (or their order) change."""
    digest = hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}_{digest}"


def adopt_link() -> None:
    """Open the item named in the URL (a followed link); refuse an id that cannot exist."""
    asked = st.query_params.get(URL_PARAM)
    if asked is None or asked == st.session_state.get(OPEN_KEY):
        return
    if ID_PATTERN.match(asked):
        st.session_state[OPEN_KEY] = asked
        return
    st.session_state[BAD_LINK_KEY] = True
    del st.query_params[URL_PARAM]


def current() -> str | None:
    """The id of the open item (also written to the URL, so the address can be shared)."""
    item_id = st.session_state.get(OPEN_KEY)
    if item_id and st.query_params.get(URL_PARAM) != item_id:
        st.query_params[URL_PARAM] = item_id
    return item_id


def open_item(item_id: str) -> None:
    """Make an item the open one."""
    st.session_state[OPEN_KEY] = item_id
    st.query_params[URL_PARAM] = item_id


def forget(not_found: bool = False) -> None:
    """Close the open item (and remember to say the link was bad when it does not exist)."""
    st.session_state.pop(OPEN_KEY, None)
    if URL_PARAM in st.query_params:
        del st.query_params[URL_PARAM]
    if not_found:
        st.session_state[BAD_LINK_KEY] = True


def bad_link() -> bool:
    """True once after a link named an item that does not exist."""
    return bool(st.session_state.pop(BAD_LINK_KEY, False))


def close(table: str | None) -> None:
    """The close button's callback: close the item and untick the list's rows."""
    forget()
    if table:
        st.session_state[table] = {"selection": {"rows": [], "columns": [], "cells": []}}


def chosen(key: str, rows: Sequence[int], ids: Sequence[str]) -> list[str]:
    """The ids of the ticked rows; a newly ticked single row opens its item."""
    picked = [ids[r] for r in rows if 0 <= r < len(ids)]
    prefix = key.rsplit("_", 1)[0]
    seen = st.session_state.get(SEEN_KEY, {})
    if seen.get(prefix) != (key, picked):
        st.session_state[SEEN_KEY] = {**seen, prefix: (key, picked)}
        if len(picked) == 1:
            open_item(picked[0])
    return picked
