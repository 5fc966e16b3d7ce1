"""Unexpected errors: a translated message with a reference id instead of Streamlit's crash text.

Streamlit runs every page script (and every widget callback and fragment) through
`exec_func_with_error_handling`, which hands an uncaught exception to
`handle_user_script_exception(ex, on_script_error)`: it logs the exception, calls the
`on_script_error` handler when there is one and draws its own English crash box unless the
handler returns True. `install_error_handler()` wraps that function once per process so that
our handler is always passed along: no page needs a try block. `st.stop()` and `st.rerun()`
never get here (Streamlit handles them before).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable

import streamlit as st

from hoplr_data.core.i18n import LANGUAGES, t

LOGGER = logging.getLogger("service_dashboard.errors")
LANG_KEY = "lang"
_MARK = "_service_dashboard_wrapped"
_LOCK = threading.Lock()
Handler = Callable[[Exception], "bool | None"]


def new_reference() -> str:
    """A short random reference (8 hex characters) the user can quote to the administrator."""
    return secrets.token_hex(4)


def _current_language() -> str:
    try:
        lang = st.session_state.get(LANG_KEY)
    except Exception:  # noqa: BLE001 - no session: fall back to the default language
        lang = None
    return lang if lang in LANGUAGES else "nl"


def show_unexpected_error(ex: Exception) -> bool:
    """Log the traceback under a new reference and show the translated message with it."""
    reference = new_reference()
    LOGGER.error("Unexpected error, reference %s", reference, exc_info=ex)
    st.error(
        t("app.unexpected_error", _current_language(), ref=reference), icon=":material/error:"
    )
    return True  # Streamlit draws nothing more


def _chain(own: Handler | None) -> Handler:
    """Our handler first, then a handler Streamlit was given (if any)."""

    def handler(ex: Exception) -> bool:
        shown = show_unexpected_error(ex)
        if own is not None:
            own(ex)
        return shown

    return handler


def _wrap(original: Callable) -> Callable:
    def handle_user_script_exception(ex: Exception, on_script_error: Handler | None) -> None:
        original(ex, _chain(on_script_error))

    setattr(handle_user_script_exception, _MARK, True)
    return handle_user_script_exception


def install_error_handler() -> None:
    """Wrap Streamlit's uncaught-exception hook once per process (pages and callbacks)."""
    from streamlit.runtime import fragment
    from streamlit.runtime.scriptrunner import exec_code

    with _LOCK:
        for module in (exec_code, fragment):
            current = module.handle_user_script_exception
            if not getattr(current, _MARK, False):
                module.handle_user_script_exception = _wrap(current)
