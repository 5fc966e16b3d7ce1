"""Helpers for forms that write: run a service action and report its outcome in the user's language."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from hoplr_data.core.errors import DomainError
from hoplr_data.core.roles import PermissionDenied

from . import data
from .setup import PageContext

FLASH_KEY = "flash_message"


def run_action(
    ctx: PageContext,
    action: Callable[[], None],
    success_key: str,
    after: Callable[[], None] | None = None,
) -> bool:
    """Run a write; on success reload the page with a message, on error keep what was typed."""
    try:
        action()
    except PermissionDenied:
        st.error(ctx.t("auth.not_authorised"))
        return False
    except DomainError as exc:  # a refusal: stale edit, not found, invalid input
        st.error(ctx.t(exc.code, **exc.params))
        return False
    data.clear_after_write()
    if after:
        after()
    st.session_state[FLASH_KEY] = success_key
    st.rerun()
    return True


def show_flash(ctx: PageContext) -> None:
    """Show the message left by the last successful write."""
    key = st.session_state.pop(FLASH_KEY, None)
    if key:
        st.success(ctx.t(key))


def loaded_version(key: str, current: int) -> int:
    """The version a form was loaded with (kept until the form is saved)."""
    return st.session_state.setdefault(key, current)


def forget_version(key: str) -> None:
    """Drop a form's loaded version after a save, so the next load takes the new one."""
    st.session_state.pop(key, None)
