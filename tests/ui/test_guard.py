"""Every page calls the shared guard as its first statement, with the capability the navigation lists."""

import ast

import pytest

from tests.helpers import PAGES, ROOT
from ui.nav import NAV


def test_every_page_file_is_in_the_navigation():
    assert sorted(PAGES) == sorted(item.path for item in NAV)


@pytest.mark.parametrize("page", PAGES)
def test_guard_is_first_statement(page):
    body = ast.parse((ROOT / page).read_text()).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # module docstring
    first, second = body[0], body[1]
    assert isinstance(first, ast.ImportFrom) and first.module == "ui.setup"
    assert [a.name for a in first.names] == ["setup_page"]
    call = second.value
    assert (
        isinstance(second, ast.Assign)
        and isinstance(call, ast.Call)
        and call.func.id == "setup_page"
    )
    capability = call.args[0].value
    assert capability == next(item.capability for item in NAV if item.path == page)


def test_an_ended_session_brings_back_the_login_form_and_roles_count_at_once(
    pilot_sqlite_url, monkeypatch
):
    from hoplr_data.core.db import make_engine
    from hoplr_data.core.roles import Actor
    from hoplr_data.users import accounts, sessions
    from tests.helpers import app, logged_in

    engine = make_engine(pilot_sqlite_url)
    at = logged_in(app(pilot_sqlite_url, monkeypatch), "viewer")
    at.run()
    assert at.title[0].value == "Overview"
    links = [link.proto.page for link in at.sidebar.get("page_link")]
    assert "Admin" not in links
    viewer = next(u for u in accounts.list_users(engine) if u["username"] == "viewer")
    accounts.update_user(
        engine, actor=Actor("admin", ("admin",)), user_id=viewer["id"], version=viewer["version"],
        roles=["viewer", "admin"], active=True, name=viewer["name"],
    )  # fmt: skip
    at.run()  # the next run already has the new role (no cache in between)
    assert "Admin" in [link.proto.page for link in at.sidebar.get("page_link")]
    sessions.end(engine, at.session_state["auth_session_id"])  # e.g. a logout in another tab
    at.run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Username", "Password"]
    assert not at.title and not at.get("page_link")
