"""Every user-facing string has Dutch, French and English text, in gettext catalogs that compile,
with the same placeholders, real plural forms, and no key used in code missing."""

import ast
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from hoplr_data.bottom_up.inbox import PUNCTUALITY
from hoplr_data.bottom_up.transitions import statuses
from hoplr_data.bottom_up.views import VIEWS
from hoplr_data.core.i18n import (
    LANGUAGES,
    UnknownMessage,
    fmt_int,
    fmt_pct,
    messages,
    po_path,
    t,
    t_plural,
)
from hoplr_data.core.models import ITEM_KINDS, PRIORITIES, PUBLICATION_KINDS, PUBLICATION_STATUSES
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
INBOX_KEYS = [
    *(f"kind.{k}" for k in ITEM_KINDS),
    *(f"status.{s}" for kind in ITEM_KINDS for s in statuses(kind)),
    *(f"priority.{p}" for p in PRIORITIES),
    *(f"punctuality.{p}" for p in PUNCTUALITY),
    *(f"inbox.view.{v}" for v in VIEWS),
    *(f"language.{lang}" for lang in LANGUAGES),
    "chart.week", "chart.month",
]  # fmt: skip
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")
MESSAGES = messages()


# --- the catalogs: valid gettext, complete, same placeholders, real plurals ------------------


def _read(lang: str) -> Catalog:
    """A language's .po file, read by Babel (independently of the app's cache)."""
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


CATALOGS = {lang: _read(lang) for lang in LANGUAGES}
PLACEHOLDER = re.compile(r"{(\w+)}")


def _entries(lang: str) -> dict[str, tuple[str, ...]]:
    """Key -> forms (one form, or singular and plural) of a language."""
    return {
        (m.id[0] if m.pluralizable else m.id): (m.string if m.pluralizable else (m.string,))
        for m in CATALOGS[lang]
        if m.id
    }


ENTRIES = {lang: _entries(lang) for lang in LANGUAGES}
PLURAL_KEYS = {k for k, forms in ENTRIES["en"].items() if len(forms) > 1}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_po_files_compile_without_errors(lang, tmp_path):
    catalog = CATALOGS[lang]
    assert [(m.id, errors) for m, errors in catalog.check()] == []
    mo = tmp_path / "messages.mo"
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    assert mo.stat().st_size > 10_000
    if shutil.which("msgfmt"):  # GNU gettext's own check, when installed
        done = subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / "gnu.mo"), str(po_path(lang))],
            capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("lang", "rule"),
    [("nl", "(n != 1)"), ("fr", "(n > 1)"), ("en", "(n != 1)")],
)
def test_plural_forms_header_of_each_language(lang, rule):
    assert CATALOGS[lang].num_plurals == 2
    assert CATALOGS[lang].plural_expr == rule


def test_every_language_has_every_key_and_nothing_is_fuzzy_or_empty():
    assert len(ENTRIES["en"]) > 500
    for lang in LANGUAGES:
        assert set(ENTRIES[lang]) == set(ENTRIES["en"]), lang
        assert not CATALOGS[lang].fuzzy, f"{lang}: the header is fuzzy"
        assert [m.id for m in CATALOGS[lang] if m.id and m.fuzzy] == [], lang
        empty = [k for k, forms in ENTRIES[lang].items() if not all(f.strip() for f in forms)]
        assert empty == [], (lang, empty)
        plural = {k for k, forms in ENTRIES[lang].items() if len(forms) > 1}
        assert plural == PLURAL_KEYS, lang


def test_every_translation_has_the_placeholders_of_the_english_text():
    for key, english in ENTRIES["en"].items():
        wanted = {p for form in english for p in PLACEHOLDER.findall(form)}
        for lang in LANGUAGES:
            for form in ENTRIES[lang][key]:
                assert set(PLACEHOLDER.findall(form)) == wanted, (key, lang, form)


def test_no_plural_is_faked_with_brackets():
    faked = re.compile(r"\w\((s|e|en|nen|es|x)\)")  # zin(nen), item(s), publication(s)
    found = [
        (key, lang, form)
        for lang in LANGUAGES
        for key, forms in ENTRIES[lang].items()
        for form in forms
        if faked.search(form)
    ]
    assert found == []
    assert len(PLURAL_KEYS) >= 8


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        ("nl", 0, "0 zinnen van meer dan 20 woorden:"),
        ("nl", 1, "1 zin van meer dan 20 woorden:"),
        ("nl", 2, "2 zinnen van meer dan 20 woorden:"),
        ("fr", 0, "0 phrase de plus de 20 mots :"),  # French: 0 and 1 take the singular
        ("fr", 1, "1 phrase de plus de 20 mots :"),
        ("fr", 2, "2 phrases de plus de 20 mots :"),
        ("en", 0, "0 sentences over 20 words:"),
        ("en", 1, "1 sentence over 20 words:"),
        ("en", 2, "2 sentences over 20 words:"),
    ],
)
def test_plural_forms_follow_the_language(lang, n, text):
    assert t_plural("pub.readability.long_sentences", n, lang) == text


def test_plural_with_a_formatted_count_and_other_placeholders():
    assert t_plural("pub.result.respondents", 1, "nl") == "1 bewoner beantwoordde deze vraag."
    text = t_plural("pub.confirm.now", 1234, "en", households="1,234", buurten="Zorgvliet")
    assert text.startswith("Publish now to 1,234 households in Zorgvliet?")
    assert t_plural("pub.preview.capacity", 1, "fr", count="1") == "1 participant au maximum"
    assert t_plural("ingest.done", 1, "en", lines=1, imported=1, duplicates=0, rejected=0) == (
        "1 line read: 1 imported, 0 already known, 0 rejected."
    )


# --- unknown keys: an error in the tests, a logged fallback in production --------------------


def test_an_unknown_key_raises_in_the_tests():
    with pytest.raises(UnknownMessage):
        t("no.such.key", "nl")
    with pytest.raises(UnknownMessage):
        t_plural("login.submit", 2, "nl")  # not a plural key
    with pytest.raises(UnknownMessage):
        t("pub.readability.long_sentences", "nl", count=2)  # a plural key needs t_plural


def test_an_unknown_key_shows_the_key_and_logs_once_in_production(monkeypatch, caplog):
    monkeypatch.delenv("HOPLR_STRICT_I18N")
    with caplog.at_level(logging.WARNING, logger="hoplr_data.core.i18n"):
        assert t("no.such.key_in_production", "fr") == "no.such.key_in_production"
        assert t("no.such.key_in_production", "nl") == "no.such.key_in_production"
        plural = t("pub.result.respondents", "nl", count=1)
    assert plural == "1 bewoner beantwoordde deze vraag."
    logged = [r.getMessage() for r in caplog.records]
    assert sum("no.such.key_in_production" in m for m in logged) == 1
    assert sum("pub.result.respondents" in m for m in logged) == 1


# --- every key the code uses is in the catalogs -----------------------------------------------


def _constant(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def literal_calls() -> dict[str, set[str]]:
    """Keys passed as literals, by function: t()/ctx.t() and t_plural()/ctx.t_plural() (first
    argument), run_action() (third, a t() key)."""
    found: dict[str, set[str]] = {"t": set(), "t_plural": set()}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            position = {"t": 0, "t_plural": 0, "run_action": 2}.get(name)
            if position is not None and len(node.args) > position:
                key = _constant(node.args[position])
                if key and KEY.match(key):
                    found["t_plural" if name == "t_plural" else "t"].add(key)
    return found


def literal_keys() -> set[str]:
    """Every key passed as a literal to t(), t_plural() or run_action()."""
    return set().union(*literal_calls().values())


def test_every_key_used_in_code_exists():
    missing = sorted(k for k in literal_keys() if k not in MESSAGES)
    assert not missing, missing
    assert len(literal_keys()) > 50


def built_key_prefixes() -> set[str]:
    """The fixed start of keys built in code: t(f"status.{code}"), t("pub.kind." + kind)."""
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(getattr(node, "func", None), "attr", None) or getattr(
                getattr(node, "func", None), "id", None
            )
            if not (isinstance(node, ast.Call) and name in ("t", "t_plural") and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.JoinedStr) and first.values:
                found.add(_constant(first.values[0]) or "")
            elif isinstance(first, ast.BinOp) and isinstance(first.op, ast.Add):
                found.add(_constant(first.left) or "")
    return found - {""}


def test_every_key_built_in_code_starts_like_a_catalog_key():
    prefixes = built_key_prefixes()
    assert len(prefixes) > 10
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in MESSAGES)) == []


def test_plural_keys_are_read_with_t_plural_and_only_those():
    calls = literal_calls()
    assert sorted(calls["t"] & PLURAL_KEYS) == []
    assert sorted(calls["t_plural"] - PLURAL_KEYS) == []
    assert len(calls["t_plural"]) >= 4


@pytest.mark.parametrize(
    "key",
    [
        *(f"metric.{k}" for k in FIGURE_KEYS),
        *(f"metric.{k}.help" for k in FIGURE_KEYS),
        *(f"role.{r}" for r in ROLES),
        *(i.label_key for i in NAV),
        *PUBLICATION_KEYS,
        *INBOX_KEYS,
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


# --- the tool that adds a key to the three catalogs -------------------------------------------


@pytest.fixture
def scratch_locale(tmp_path, monkeypatch):
    """A copy of the catalogs for tools.i18n_add to write into."""
    from tools import i18n_add

    shutil.copytree(po_path("en").parents[2], tmp_path / "locale")
    monkeypatch.setattr(i18n_add, "LOCALE_DIR", tmp_path / "locale")
    return i18n_add


def test_i18n_add_appends_a_key_and_a_plural_that_babel_reads_back(scratch_locale):
    tool = scratch_locale
    assert tool.main(["demo.saved", "--nl", 'Opgeslagen "x"', "--fr", "Enregistré", "--en", "Saved"]) == 0
    plural = ["demo.n_items", "--nl", "{count} item", "--nl-plural", "{count} items",
              "--fr", "{count} élément", "--fr-plural", "{count} éléments",
              "--en", "{count} item", "--en-plural", "{count} items"]  # fmt: skip
    assert tool.main(plural) == 0
    for lang in LANGUAGES:
        with tool.po_path(lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        assert catalog.get("demo.saved").string in {'Opgeslagen "x"', "Enregistré", "Saved"}
        assert len(catalog.get("demo.n_items").string) == 2
        assert [m.id for m, errors in catalog.check() if errors] == []
    with tool.po_path("fr").open("rb") as handle:
        assert read_po(handle).get("demo.n_items").string[1] == "{count} éléments"


def test_i18n_add_refuses_duplicates_and_mismatches_and_writes_nothing(scratch_locale):
    tool = scratch_locale
    before = {lang: tool.po_path(lang).read_bytes() for lang in LANGUAGES}
    assert tool.main(["login.submit", "--nl", "a", "--fr", "b", "--en", "c"]) == 1
    assert tool.main(["demo.x", "--nl", "{n} dingen", "--fr", "{count}", "--en", "{count}"]) == 1
    assert tool.main(["Demo X", "--nl", "a", "--fr", "b", "--en", "c"]) == 1
    assert tool.main(["demo.y", "--nl", "a", "--nl-plural", "b", "--fr", "c", "--en", "d"]) == 1
    assert {lang: tool.po_path(lang).read_bytes() for lang in LANGUAGES} == before


@pytest.mark.parametrize(("lang", "shown"), [("nl", "1.234 "), ("fr", "1\u202f234 "), ("en", "1,234 ")])
def test_a_plural_count_is_formatted_for_the_language(lang, shown):
    assert t_plural("pub.due_waiting", 1234, lang).startswith(shown)
