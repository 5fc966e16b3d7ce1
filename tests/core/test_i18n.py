"""Every user-facing string has Dutch, French and English text, in gettext catalogs that compile,
with the same placeholders, real plural forms, and no key used in code missing."""

import ast
import re
from pathlib import Path

import pytest

from hoplr_data.core.i18n import LANGUAGES, fmt_int, fmt_pct, messages, t
from hoplr_data.core.models import PUBLICATION_KINDS, PUBLICATION_STATUSES
from hoplr_data.core.roles import ROLES
from hoplr_data.stats.metrics import FIGURE_KEYS
from hoplr_data.top_down import documents as pub
from ui.nav import NAV

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "ui").rglob("*.py")),
    *sorted((ROOT / "hoplr_data").rglob("*.py")),
]
PUBLICATION_KEYS = [
    *(f"pub.kind.{v}" for v in PUBLICATION_KINDS),
    *(f"pub.status.{v}" for v in PUBLICATION_STATUSES),
    *(f"pub.when_{v}" for v in PUBLICATION_STATUSES if v != "draft"),
    *(f"pub.done.{v}" for v in ("published", "scheduled", "deleted")),
    *(f"pub.post_type.{v}" for v in pub.POST_TYPES),
    *(f"pub.category.{v}" for v in pub.POST_CATEGORIES),
    *(f"pub.theme.{v}" for v in pub.PROJECT_THEMES),
    *(f"pub.phase.{v}" for v in pub.PROJECT_PHASES),
    *(f"pub.qkind.{v}" for v in sorted({*pub.QUESTION_KINDS, *pub.POLL_KINDS})),
    *(f"pub.option.{v}" for codes in pub.FIXED_OPTIONS.values() for v in codes),
    *(f"pub.cal.{v}" for v in ("published", "scheduled", "takes_place")),
    *(f"pub.csv.{v}" for v in ("section", "buurt", "option", "value", "share", "answer")),
    *(f"ingest.reason.{v}" for v in ("unknown_publication", "wrong_publication_kind",
                                     "not_published", "not_targeted", "unknown_idea")),
    "pub.cadence.same_day", "pub.cadence.same_week", "pub.digest.today", "pub.digest.tomorrow",
    "pub.unschedule.done", "pub.archive.done",
]  # fmt: skip
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")
MESSAGES = messages()


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
        *PUBLICATION_KEYS,
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


def test_every_validation_problem_code_is_translated():
    source = "".join(p.read_text() for p in sorted((ROOT / "hoplr_data" / "top_down").glob("*.py")))
    codes = set(re.findall(r'"(pub\.error\.[a-z_]+)"', source))
    codes |= {f"pub.error.{part}_too_long" for part in ("title", "body")}
    assert len(codes) > 15
    assert sorted(c for c in codes if c not in MESSAGES) == []


def test_no_placeholder_collides_with_the_language_argument():
    assert [k for k, entry in MESSAGES.items() if "{lang}" in entry["en"]] == []
