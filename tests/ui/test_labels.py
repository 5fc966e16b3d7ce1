"""Labels in the user's language that fit: no English literal on a page, language names in
themselves, plain-language definitions in every tooltip, legends and axis labels that are not
cut (metric cards that fit at 1,280 px: tests/browser/test_browser_labels.py)."""

from __future__ import annotations

import ast
import json
import re

import pytest

from hoplr_data.core.i18n import LANGUAGES, messages
from hoplr_data.stats.metrics import FIGURE_KEYS
from tests.helpers import ROOT, app, logged_in

# --- no English-only literal reaches the screen ------------------------------------------------

SHOWN = {
    "title", "header", "subheader", "caption", "markdown", "text", "info", "warning", "error",
    "success", "metric", "button", "download_button", "link_button", "form_submit_button",
    "toast", "spinner", "expander", "popover", "tabs", "selectbox", "multiselect", "radio",
    "checkbox", "toggle", "text_input", "text_area", "number_input", "date_input", "time_input",
    "slider", "select_slider", "pills", "segmented_control", "file_uploader", "write", "status",
    "badge", "page_link", "dialog",
}  # fmt: skip
LABEL_KEYWORDS = {"label", "help", "placeholder", "caption", "title", "body", "value"}
WORD = re.compile(r"[^\W\d_]{2,}")
MESSAGES = messages()
UI_SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "ui").rglob("*.py")),
]


def _literal_text(node: ast.AST) -> str | None:
    """The literal text of a string, an f-string's fixed parts, or a list of strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, (ast.List, ast.Tuple)):
        return " ".join(_literal_text(e) or "" for e in node.elts)
    return None


def _root_name(node: ast.AST) -> str:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return getattr(node, "id", "")


def english_literals(source: str) -> list[tuple[int, str]]:
    """Words written as literals into a Streamlit call (first argument or a label keyword)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in SHOWN or "log" in _root_name(node.func).lower():
            continue
        shown = node.args[:1] + [k.value for k in node.keywords if k.arg in LABEL_KEYWORDS]
        for arg in shown:
            text = _literal_text(arg)
            if text and WORD.search(text) and not text.endswith(".py"):  # page paths are fine
                found.append((node.lineno, text))
    return found


def test_the_literal_scan_finds_english_words():
    sample = 'st.error("Something broke")\ncol.metric(f"Total {n}", 3)\nst.tabs(["A", "Bb"])\n'
    sample += 'st.markdown(f"**{t(k)}**")\nst.caption(ctx.t("x"))\nlogger.error("ok")\n'
    assert [line for line, _ in english_literals(sample)] == [1, 2, 3]


@pytest.mark.parametrize("path", UI_SOURCES, ids=lambda p: p.name)
def test_no_english_literal_is_passed_to_streamlit(path):
    assert english_literals(path.read_text()) == []


# --- language names, Dutch words in English and French --------------------------------------


def test_language_choices_are_named_in_themselves():
    """The language picker names each language in itself (Nederlands, Français, English); every
    other choice of a language does the same. In a sentence the UI language names it
    ("De versie in het Frans ontbreekt"), so the language.* keys stay translated."""
    found = []
    for path in UI_SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            for keyword in getattr(node, "keywords", []) if isinstance(node, ast.Call) else []:
                if keyword.arg == "format_func" and "language." in ast.unparse(keyword.value):
                    found.append((path.name, node.lineno))
    assert found == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_model_table_names_languages_in_themselves(lang):
    from hoplr_data.topics.card import ModelCard
    from ui.topic_views import model_language_table

    rows = tuple(
        {"language": code, "accuracy": 0.9, "macro_f1": 0.8, "examples": 100} for code in LANGUAGES
    )
    card = ModelCard("topics-1-x", 0, 0, LANGUAGES, 0.9, 0.8, per_language=rows, per_topic=())
    table = model_language_table(card, lang)
    assert list(table.iloc[:, 0]) == ["Nederlands", "Français", "English"]


def test_english_and_french_texts_do_not_use_the_dutch_word_buurt():
    dutch = re.compile(r"\bbuurt(en)?\b", re.IGNORECASE)
    found = [
        (key, lang, entry[lang])
        for key, entry in MESSAGES.items()
        for lang in ("en", "fr")
        if dutch.search(re.sub(r"{\w+}", "", entry[lang]))
    ]
    assert found == []


# --- tooltips: a plain-language definition for every figure ---------------------------------

CARD_HELP_KEYS = [
    *(f"metric.{k}.help" for k in FIGURE_KEYS),
    "inbox.on_time_help",
    "pub.reach.help",
    *(
        f"pub.result.{k}.help"
        for k in ("reactions", "interested", "attending", "responses", "ideas", "votes")
    ),
    "topics.model_accuracy.help",
    "topics.model_macro_f1.help",
    "topics.model_version.help",
]
FORMULA = re.compile(r"[/=+×÷*]")


@pytest.mark.parametrize("key", CARD_HELP_KEYS)
def test_every_figure_has_a_plain_language_definition(key):
    entry = MESSAGES.get(key)
    assert entry, f"{key} is missing"
    for lang in LANGUAGES:
        text = entry[lang]
        assert not FORMULA.search(text), (key, lang, text)  # a sentence, not a formula
        assert text[0].isupper() and text.rstrip().endswith("."), (key, lang, text)
        assert len(text.split()) >= 6, (key, lang, text)
    assert len({entry[lang] for lang in LANGUAGES}) == 3, key  # really translated


def _cards_without_definition(at) -> list[tuple[str, str]]:  # noqa: ANN001
    return [
        (m.label, m.proto.help)
        for m in at.metric
        if not m.proto.help or FORMULA.search(m.proto.help) or len(m.proto.help.split()) < 6
    ]


@pytest.mark.parametrize(
    ("page", "username"),
    [
        ("app.py", "viewer"),
        ("pages/2_Topics.py", "viewer"),
        ("pages/3_Inbox.py", "behandelaar"),
        ("pages/5_Results.py", "wijkregisseur"),
    ],
)
def test_every_card_on_a_page_has_its_definition_as_tooltip(
    pilot_sqlite_url, monkeypatch, page, username
):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, page), username)
    at.run()
    assert not at.exception, at.exception
    assert at.metric
    shown = _cards_without_definition(at)
    if page == "pages/3_Inbox.py":  # the status counters are counts of a listed status
        statuses = {e["nl"] for k, e in MESSAGES.items() if k.startswith("status.")}
        shown = [s for s in shown if s[0] not in statuses]
    assert shown == []


def test_buurten_detail_cards_have_definitions(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/1_Buurten.py"), "wijkregisseur")
    at.run()
    at.selectbox(key="w_detail_buurt").select("DH-ZHK").run()
    assert len(at.metric) >= 8 and _cards_without_definition(at) == []


RECALL = {"nl": "recall", "fr": "rappel", "en": "recall"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_topics_model_tab_explains_macro_f1_and_recall(pilot_sqlite_url, monkeypatch, lang):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/2_Topics.py"), "viewer")
    at.session_state["lang_user"] = "viewer"
    at.session_state["lang"] = lang
    at.run()
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    sentences = [s for text in texts for s in re.split(r"(?<=\.)\s+", text)]
    macro = [s for s in sentences if "macro-f1" in s.lower() and len(s.split()) >= 8]
    recall = [s for s in sentences if RECALL[lang] in s.lower() and len(s.split()) >= 8]
    assert macro and recall, texts


# --- charts: legends and axis labels are not cut ----------------------------------------------


def _walk(node: object, key: str) -> list[dict]:
    """Every dict stored under `key` anywhere in a chart spec."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, dict):
                found.append(v)
            found.extend(_walk(v, key))
    elif isinstance(node, list):
        for v in node:
            found.extend(_walk(v, key))
    return found


def _specs(at) -> list[dict]:  # noqa: ANN001
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_topic_charts_show_whole_legend_labels_and_every_buurt(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/2_Topics.py"), "wijkregisseur")
    at.run()
    specs = _specs(at)
    assert len(specs) >= 3
    for spec in specs:
        for legend in _walk(spec, "legend"):
            if legend.get("type") != "gradient" and "format" not in legend:  # a colour scale
                assert legend.get("labelLimit") == 0, legend  # 0: never cut
    heatmap = specs[0]
    y_axes = [
        enc["y"].get("axis") or {}
        for enc in _walk(heatmap, "encoding")
        if isinstance(enc.get("y"), dict) and enc["y"].get("field") == "buurt"
    ]
    assert y_axes and all(
        a.get("labelOverlap") is False and a.get("labelLimit") == 0 for a in y_axes
    ), y_axes
    height = max(int(h) for h in re.findall(r'"height": (\d+)', json.dumps(heatmap)))
    assert height >= 24 * 10  # ten buurten, each row tall enough for its name


# --- the calendar's month grid: seven equal columns that fit at 1,280 px ----------------------

MAIN_COLUMN_AT_1280 = 800  # px the main column offers a table at 1,280 px with the sidebar open


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calendar_month_grid_has_seven_equal_columns_that_fit(pilot_sqlite_url, monkeypatch, lang):
    import datetime as dt
    import math

    from babel.dates import get_day_names

    from hoplr_data.core.i18n import LOCALES, t

    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py"), "wijkregisseur")
    at.session_state["lang_user"] = "wijkregisseur"
    at.session_state["lang"] = lang
    at.run()
    month = next(s for s in at.selectbox if s.label == t("pub.cal.month", lang))
    month.set_value(dt.date(2020, 3, 1)).run()
    days = list(get_day_names("abbreviated", locale=LOCALES[lang]).values())
    grid = next(d for d in at.dataframe if days[0] in d.value.columns)
    config = json.loads(grid.proto.columns)
    widths = {}
    for name in [t("pub.cal.week", lang), *days]:
        entry = next((v for k, v in config.items() if k.endswith(name)), {})
        widths[name] = entry.get("width")
    assert all(isinstance(w, int) for w in widths.values()), widths  # fixed, not by content
    assert len({widths[d] for d in days}) == 1, widths  # Monday to Sunday equally wide
    assert sum(widths.values()) <= MAIN_COLUMN_AT_1280, widths  # Friday to Sunday on screen
    longest = max(len(str(v)) for v in grid.value[days].to_numpy().ravel())
    lines = math.ceil(longest / (widths[days[0]] / 8))  # about 8 px per character
    assert grid.proto.row_height >= 18 * lines, (grid.proto.row_height, longest)


def test_choices_on_the_page_are_relabelled_when_the_language_changes(
    pilot_sqlite_url, monkeypatch
):
    """Streamlit keeps showing a keyed selectbox's old label after its format_func changes
    (streamlit#13788) unless the value is sent again: the language switch re-sends every choice."""
    import datetime as dt

    from babel.dates import format_date

    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py"), "wijkregisseur")
    at.run()
    at.selectbox(key="cal_month").set_value(dt.date(2020, 3, 1)).run()
    at.selectbox(key="lang_picker").select("fr").run()
    assert not at.exception, at.exception
    month = at.selectbox(key="cal_month")
    assert month.value == dt.date(2020, 3, 1)  # the choice is kept
    assert month.proto.set_value and month.proto.raw_value == format_date(
        dt.date(2020, 3, 1), "LLLL yyyy", locale="fr_BE"
    )  # and the browser is told its new label ("mars 2020", not "maart 2020")


def test_result_charts_show_whole_answer_labels(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py"), "wijkregisseur")
    at.run()
    specs = _specs(at)
    assert specs
    nominal_y = [
        enc["y"]
        for spec in specs
        for enc in _walk(spec, "encoding")
        if isinstance(enc.get("y"), dict) and enc["y"].get("type") == "nominal"
    ]
    assert nominal_y
    cut = [y for y in nominal_y if (y.get("axis") or {}).get("labelLimit") != 0]
    assert cut == []  # "Minder dan elke maand" was cut to "Minder dan elke …"
