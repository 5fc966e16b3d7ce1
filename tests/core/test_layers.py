"""The layers hold: the domain never imports Streamlit or the seed; the app never imports the
seed (the demo is loaded by running `python -m seed`, as a deployer would)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (absolute names; relative ones kept dotted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))  # importlib.import_module("...")
    return names


def sources(*parts: str) -> list[Path]:
    """The Python files under some folders (or single files) of the repository."""
    files: list[Path] = []
    for part in parts:
        path = ROOT / part
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def offenders(files: list[Path], banned: str) -> list[str]:
    """Files importing the banned top-level package, with the names they import."""
    found = []
    for path in files:
        hits = {n for n in imported_modules(path) if n == banned or n.startswith(banned + ".")}
        if hits:
            found.append(f"{path.relative_to(ROOT)}: {sorted(hits)}")
    return found


def test_the_scan_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import seed\nimport seed.load as s\nfrom seed.texts import x\n"
        "def f():\n    from seed import load\n    import importlib\n"
        "    importlib.import_module('seed.demo')\n",
        encoding="utf-8",
    )
    assert imported_modules(sample) == {"seed", "seed.load", "seed.texts", "importlib",
                                        "seed.demo"}  # fmt: skip


def test_the_domain_and_the_app_never_import_the_seed():
    files = sources("hoplr_data", "ui", "pages", "app.py")
    assert len(files) > 50  # the folders were found
    assert offenders(files, "seed") == []


@pytest.mark.parametrize("banned", ["streamlit", "streamlit_authenticator", "ui", "pages"])
def test_the_domain_never_imports_the_interface(banned):
    assert offenders(sources("hoplr_data"), banned) == []
