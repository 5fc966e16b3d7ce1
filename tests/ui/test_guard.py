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
