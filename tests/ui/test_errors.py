"""A crash never reaches the browser as Streamlit's English error: every page shows a translated
message with a reference id and logs the traceback under that id; configuration errors are
translated too."""

from __future__ import annotations

import logging
import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT, app, logged_in

REFERENCE = re.compile(r"\b([0-9a-f]{8})\b")
# One distinctive fragment of the unexpected-error message per language (not the English
# crash text of Streamlit, which reads "This app has encountered an error").
pytestmark = pytest.mark.crash_expected
FRAGMENT = {"nl": "Er ging iets mis", "fr": "Une erreur inattendue", "en": "Something went wrong"}


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("database went away")


def _in_language(at: AppTest, username: str, lang: str) -> AppTest:
    at = logged_in(at, username)
    at.session_state["lang_user"] = username  # the remembered language was adopted already
    at.session_state["lang"] = lang
    return at


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_crash_shows_translated_message_with_reference_and_logs_it(
    pilot_sqlite_url, monkeypatch, caplog, lang
):
    from ui import data

    monkeypatch.setattr(data, "summary", _boom)
    at = _in_language(app(pilot_sqlite_url, monkeypatch), "admin", lang)
    with caplog.at_level(logging.ERROR):
        at.run()
    assert not at.exception, at.exception  # no Streamlit exception element
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert FRAGMENT[lang] in errors[0]
    assert "encountered an error" not in errors[0] and "database went away" not in errors[0]
    reference = REFERENCE.search(errors[0])
    assert reference, errors[0]
    logged = [r for r in caplog.records if reference.group(1) in r.getMessage()]
    assert logged, "the traceback is logged under the reference"
    assert logged[0].exc_info and isinstance(logged[0].exc_info[1], RuntimeError)
    assert at.title[0].value  # what came before the crash stays on the page


def test_each_crash_gets_its_own_reference(pilot_sqlite_url, monkeypatch):
    from ui import data

    monkeypatch.setattr(data, "topic_mix", _boom)
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/2_Topics.py"), "viewer")
    at.run()
    first = REFERENCE.search(at.error[0].value).group(1)
    at.run()
    second = REFERENCE.search(at.error[0].value).group(1)
    assert not at.exception and first != second
    assert FRAGMENT["en"] in at.error[0].value  # the viewer's language is English


def test_crash_in_a_widget_callback_is_translated_too(pilot_sqlite_url, monkeypatch):
    from ui import setup

    def broken_language_switch(*args: object, **kwargs: object) -> None:
        raise RuntimeError("callback failed")

    at = logged_in(app(pilot_sqlite_url, monkeypatch), "admin")
    at.run()
    monkeypatch.setattr(setup.users, "set_language", broken_language_switch)
    at.selectbox(key="lang_picker").select("fr").run()
    assert not at.exception, at.exception
    assert any(REFERENCE.search(e.value) for e in at.error), [e.value for e in at.error]


def _stop_and_rerun_script() -> None:
    import streamlit as st

    from ui.setup import install_error_handler

    install_error_handler()
    if st.session_state.get("runs", 0) == 0:
        st.session_state["runs"] = 1
        st.rerun()
    st.text("after the rerun")
    st.stop()
    st.text("never drawn")


def test_stop_and_rerun_pass_through_untouched():
    at = AppTest.from_function(_stop_and_rerun_script)
    at.run()
    assert not at.exception and not at.error
    assert [x.value for x in at.text] == ["after the rerun"]


def test_production_config_shows_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize(
    ("lang", "fragment"),
    [("nl", "sleutel"), ("fr", "clé"), ("en", "cookie key")],
)
def test_configuration_error_detail_is_translated(pilot_sqlite_url, monkeypatch, lang, fragment):
    monkeypatch.setenv("HOPLR_COOKIE_KEY", "changeme")
    at = app(pilot_sqlite_url, monkeypatch)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    shown = [e.value for e in at.error] + [x.value for x in at.text]
    assert len(at.error) == 1
    details = [s for s in shown if fragment in s.lower()]
    assert details, shown
    if lang != "en":
        assert not any("missing or a placeholder" in s for s in shown), shown
