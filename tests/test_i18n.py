"""Every user-facing string has Dutch, French and English text."""

import ast
import re
from pathlib import Path

import pytest

from hoplr_data.catalog import MESSAGES
from hoplr_data.i18n import LANGUAGES, fmt_int, fmt_pct, t
from hoplr_data.metrics import FIGURE_KEYS
from hoplr_data.roles import ROLES
from ui.nav import NAV

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted((ROOT / "hoplr_data").rglob("*.py")),
]
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def test_every_message_has_all_languages_and_same_placeholders():
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGUAGES), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", entry[lang])) for lang in LANGUAGES}
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert placeholders["nl"] == placeholders["fr"] == placeholders["en"], key


def _constant(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def literal_keys() -> set[str]:
    """Keys passed as literals to t()/ctx.t() (first argument) and run_action() (third)."""
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            position = {"t": 0, "run_action": 2}.get(name)
            if position is not None and len(node.args) > position:
                key = _constant(node.args[position])
                if key and KEY.match(key):
                    found.add(key)
    return found


def test_every_key_used_in_code_exists():
    missing = sorted(k for k in literal_keys() if k not in MESSAGES)
    assert not missing, missing
    assert len(literal_keys()) > 50


@pytest.mark.parametrize(
    "key",
    [
        *(f"metric.{k}" for k in FIGURE_KEYS),
        *(f"metric.{k}.help" for k in FIGURE_KEYS),
        *(f"role.{r}" for r in ROLES),
        *(i.label_key for i in NAV),
    ],
)
def test_dynamic_keys_exist(key):
    assert key in MESSAGES


def test_translation_and_locale_formats():
    assert t("login.submit", "fr") == "Se connecter"
    assert t("ingest.rejected_line", "en", line=3, reason="x") == "Line 3 rejected: x"
    assert fmt_int(4143, "nl") == "4.143"
    assert fmt_int(4143, "en") == "4,143"
    assert fmt_pct(0.72, "nl") == "72,0%"
    assert fmt_pct(None, "fr") == "–"
