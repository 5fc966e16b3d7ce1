"""Structure rules that keep the tree readable: size limits, no Streamlit in the domain (ruff),
and tests that share helpers through helper modules, never by importing another test module.

Modules stay at most 400 lines (data files excepted) and pages at most 120: a longer module is
split by what it does, a longer page moves its display code into ui/.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE_LIMIT = 400
PAGE_LIMIT = 120
# Word lists, not logic: long by nature.
DATA_FILES = {"hoplr_data/topics/lexicon.py", "hoplr_data/bottom_up/category_lexicon.py"}
# Splits under way (file names): listed here they do not fail the limit test yet. Keep this
# empty; an entry that is no longer over its limit fails, so the set cannot go stale. (The splits
# of issue 10 - models, inbox, workflow, ingest, the Topics page - have landed.)
PENDING: set[str] = set()


def line_count(path: Path) -> int:
    """The number of lines of a source file."""
    return len(path.read_text(encoding="utf-8").splitlines())


def modules() -> list[Path]:
    """Every Python module of the product: the domain package, ui/, pages/ and app.py."""
    found = [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
    for package in ("hoplr_data", "ui"):
        found += (ROOT / package).rglob("*.py")
    return sorted(found)


def pages() -> list[Path]:
    """The Streamlit pages: app.py (the Overview) and everything under pages/."""
    return sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py")])


def limit_of(path: Path) -> int | None:
    """The most lines a file may have (None: a data file, no limit)."""
    name = path.relative_to(ROOT).as_posix()
    if name in DATA_FILES:
        return None
    return PAGE_LIMIT if path in pages() else MODULE_LIMIT


def oversized() -> dict[str, int]:
    """Files over their limit, with their line counts."""
    found = {}
    for path in modules():
        limit = limit_of(path)
        if limit is not None and line_count(path) > limit:
            found[path.relative_to(ROOT).as_posix()] = line_count(path)
    return found


def test_the_scan_finds_the_product():
    names = {p.relative_to(ROOT).as_posix() for p in modules()}
    assert {"app.py", "pages/4_Publish.py", "ui/setup.py", "hoplr_data/top_down/documents.py"} <= names
    assert len(names) > 60


def test_pages_have_the_page_limit_and_modules_the_module_limit():
    assert limit_of(ROOT / "app.py") == PAGE_LIMIT
    assert limit_of(ROOT / "pages" / "4_Publish.py") == PAGE_LIMIT
    assert limit_of(ROOT / "ui" / "setup.py") == MODULE_LIMIT
    assert limit_of(ROOT / "hoplr_data" / "topics" / "lexicon.py") is None


def test_line_count_counts_lines(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("a = 1\n\nb = 2\n", encoding="utf-8")
    assert line_count(sample) == 3


def test_no_module_or_page_is_over_its_limit():
    over = {name: lines for name, lines in oversized().items() if name not in PENDING}
    assert over == {}, f"split these (modules <= {MODULE_LIMIT}, pages <= {PAGE_LIMIT} lines)"


def test_pending_splits_are_still_pending():
    done = sorted(PENDING - set(oversized()))
    assert done == [], "within the limits now: remove these from PENDING"


def test_data_files_exist():
    assert sorted(n for n in DATA_FILES if not (ROOT / n).is_file()) == []


def ruff_findings(filename: str, source: str) -> str:
    """What ruff (with the repository's settings for that path) reports for a source text."""
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (requirements-dev.txt)")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
         "--stdin-filename", filename, "-"],
        input=source, capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    return result.stdout


@pytest.mark.parametrize(
    "source",
    [
        "import streamlit\n",
        "import streamlit as st\n",
        "from streamlit import session_state\n",
        "import streamlit.components.v1\n",
        "def f():\n    import streamlit\n",
    ],
)
def test_ruff_refuses_streamlit_in_the_domain(source):
    assert "TID251" in ruff_findings("hoplr_data/stats/probe.py", source)
    assert "TID251" in ruff_findings("hoplr_data/probe.py", source)


def test_ruff_allows_streamlit_in_the_interface():
    for filename in ("ui/probe.py", "ui/publish/probe.py", "pages/9_Probe.py", "app.py"):
        assert "TID251" not in ruff_findings(filename, "import streamlit as st\n\nst.write(1)\n")


def test_the_domain_config_keeps_first_party_import_order():
    # hoplr_data/ruff.toml must resolve hoplr_data as first-party, as the root config does.
    source = (
        "from sqlalchemy import select\n\nfrom hoplr_data.core.db import session_scope\n\n"
        "print(select, session_scope)\n"
    )
    assert ruff_findings("hoplr_data/stats/probe.py", source).strip() == "All checks passed!"


def imported_test_modules(path: Path) -> list[str]:
    """The test modules (tests.<...>.test_*) a file imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found += [n for n in names if n.startswith("tests.") and n.split(".")[-1].startswith("test_")]
    return found


def test_the_test_import_scan_sees_test_modules(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from tests.top_down.test_publications import make_post\n"
        "from tests.ui import test_pages\nimport tests.helpers\nfrom tests.helpers import app\n",
        encoding="utf-8",
    )
    assert imported_test_modules(sample) == [
        "tests.top_down.test_publications", "tests.ui.test_pages",
    ]  # fmt: skip


def test_no_test_module_imports_another():
    offenders = {
        path.relative_to(ROOT).as_posix(): imported_test_modules(path)
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if imported_test_modules(path)
    }
    assert offenders == {}, "share helpers through tests/helpers.py or a helper module"
