"""The guard every page calls first: page config, login, role check, language, navigation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy import Engine
from streamlit_authenticator.utilities.exceptions import LoginError

from hoplr_data.core.config import ConfigError, cookie_key, get_settings, security_settings
from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES, t, t_plural
from hoplr_data.core.roles import allows
from hoplr_data.users import accounts as users

from . import auth, data, demo_clock, notification_views
from .errors import install_error_handler
from .nav import NAV

COOKIE_NAME = "hoplr_service_dashboard"
FAVICON = Path(__file__).with_name("favicon.png")  # served by the app itself: no outside fetch
LANG_KEY = "lang"


@dataclass(frozen=True)
class PageContext:
    """What a page needs after the guard: engine, URL, language and the user."""

    engine: Engine
    url: str
    filters_slot: object
    lang: str
    username: str
    name: str
    roles: tuple[str, ...]

    def t(self, key: str, **params: object) -> str:
        """Translate a key into the page's language."""
        return t(key, self.lang, **params)

    def t_plural(self, key: str, n: int, **params: object) -> str:
        """Translate a plural key for n (singular or plural form) into the page's language."""
        return t_plural(key, n, self.lang, **params)


def setup_page(capability: str) -> PageContext:
    """Log in, check the capability, draw the sidebar; stop the page when not allowed."""
    install_error_handler()  # a crash shows a translated message with a reference id
    st.set_page_config(page_title="Service Dashboard", page_icon=FAVICON, layout="wide")
    lang = _language()
    url = data.database_url()
    engine = _engine_or_stop(url, lang)
    demo_clock.apply(url)  # the demo's clock (or the real one) for everything this run does
    authenticator = _authenticator(url, lang, engine)
    _login(authenticator, lang)
    if not st.session_state.get("authentication_status"):
        _stop_at_login(authenticator, lang)
    user = auth.current_user(engine)  # read fresh each run: roles count at once
    if user is None:  # the session ended: logout elsewhere, reset, deactivation, timeout
        authenticator.logout(location="unrendered")
        _stop_at_login(authenticator, lang, draw_form=True)
    lang = _adopt_user_language(user, lang)
    st.session_state["roles"] = user["roles"]
    filters_slot = _sidebar(authenticator, url, lang, user)
    if not st.session_state.get("authentication_status"):  # logged out just now
        _stop_at_login(authenticator, lang, draw_form=True)
    if not allows(user["roles"], capability):
        st.error(t("auth.not_authorised", lang))
        st.stop()
    return PageContext(
        engine, url, filters_slot, lang, user["username"], user["name"], tuple(user["roles"])
    )


def _language() -> str:
    lang = st.session_state.get(LANG_KEY)
    if lang not in LANGUAGES:
        asked = st.query_params.get("lang")
        lang = asked if asked in LANGUAGES else "nl"
        st.session_state[LANG_KEY] = lang
    return lang


def _engine_or_stop(url: str, lang: str) -> Engine:
    with st.spinner(t("app.starting", lang)):
        return data.engine_for(url)


def _cookie_key(lang: str) -> str:
    try:
        from_secrets = st.secrets.get("cookie_key")
    except (FileNotFoundError, KeyError, AttributeError, Exception):  # no secrets.toml
        from_secrets = None
    try:
        return cookie_key(from_secrets, generate=get_settings().is_embedded)
    except ConfigError as exc:
        st.error(t("app.config_error", lang))
        st.text(t(exc.code, lang, **exc.params))
        st.stop()


def _authenticator(url: str, lang: str, engine: Engine) -> stauth.Authenticate:
    """streamlit-authenticator's form and logout, with server-side sessions and the lockout."""
    settings, key = get_settings(), _cookie_key(lang)
    authenticator = stauth.Authenticate(
        data.credentials(url),
        cookie_name=COOKIE_NAME,
        cookie_key=key,
        cookie_expiry_days=security_settings().max_hours / 24,  # our cookie, see ui/auth.py
        auto_hash=False,
        login_sleep_time=settings.login_sleep_time,
    )
    auth.install(authenticator, COOKIE_NAME, key, engine)
    return authenticator


def _login_fields(lang: str) -> dict[str, str]:
    return {
        "Form name": t("login.title", lang),
        "Username": t("login.username", lang),
        "Password": t("login.password", lang),
        "Login": t("login.submit", lang),
    }


def _login(authenticator: stauth.Authenticate, lang: str) -> None:
    try:
        authenticator.login(location="main", fields=_login_fields(lang), key="login_form")
    except LoginError:
        st.session_state["authentication_status"] = None
        st.session_state["username"] = None


def _stop_at_login(authenticator: stauth.Authenticate, lang: str, draw_form: bool = False) -> None:
    """Show only the login form (and a message) and stop the page."""
    if draw_form:
        _login(authenticator, lang)
    if auth.was_locked():  # the same words whether the account exists or not
        st.error(t("login.locked", lang))
    elif st.session_state.get("authentication_status") is False:
        st.error(t("login.failed", lang))
    elif st.session_state.get("authentication_status") is None:
        st.info(t("login.hint", lang))
    _language_picker(lang, username=None)
    st.stop()


def _adopt_user_language(user: dict, lang: str) -> str:
    """Once per login, switch to the language remembered for the user."""
    if st.session_state.get("lang_user") != user["username"]:
        st.session_state["lang_user"] = user["username"]
        st.session_state[LANG_KEY] = user["language"]
        return user["language"]
    return lang


def _is_choice(value: object) -> bool:
    """A value a choice widget holds (not a button's flag, an editor's or a table's state)."""
    scalar = (str, int, float, dt.date)
    if isinstance(value, bool):
        return False
    if isinstance(value, (list, tuple)):
        return all(isinstance(v, scalar) and not isinstance(v, bool) for v in value)
    return isinstance(value, scalar)


def _resend_choices() -> None:
    """Send every widget choice again, so the browser shows it in the new language.

    Streamlit keeps showing a keyed selectbox's old label when its format_func changes
    (streamlit#13788); a value written through session state is sent with its new label.
    """
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if key != "lang_picker" and _is_choice(value):
            st.session_state[key] = value


def _language_picker(lang: str, username: str | None) -> None:
    def remember() -> None:
        chosen = st.session_state["lang_picker"]
        st.session_state[LANG_KEY] = chosen
        _resend_choices()
        if username:
            users.set_language(data.engine(), username=username, language=chosen)
            data.user.clear()

    st.session_state["lang_picker"] = lang
    st.sidebar.selectbox(
        t("sidebar.language", lang),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key="lang_picker",
        on_change=remember,
    )


def _sidebar(authenticator: stauth.Authenticate, url: str, lang: str, user: dict) -> object:
    """Navigation, a slot for the page's filters, then the user, language and logout."""
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        for item in NAV:
            if allows(user["roles"], item.capability):
                label, hint = notification_views.nav_label(item, url, lang, user)
                st.page_link(item.path, label=label, icon=item.icon, help=hint)
        filters_slot = st.container()
        st.divider()
        st.text(t("sidebar.signed_in_as", lang, name=user["name"]))
        roles = ", ".join(t(f"role.{r}", lang) for r in user["roles"])
        st.text(roles)
        demo_clock.show(lang)
    _language_picker(lang, user["username"])
    authenticator.logout(t("logout", lang), location="sidebar", key="auth_logout")
    return filters_slot
