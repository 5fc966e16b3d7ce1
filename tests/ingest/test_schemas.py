"""The ingest contract in docs/ingest-schema/ matches the code: every rejection reason the code can
give is documented and translated, every event type has a schema, each schema's example is valid
JSON Schema and imports, and what a schema forbids the ingest rejects."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from hoplr_data.bootstrap import bootstrap
from hoplr_data.bottom_up.defaults import CATEGORIES, DEFAULT_CATEGORY
from hoplr_data.core import models as m
from hoplr_data.core.i18n import LANGUAGES, messages
from hoplr_data.ingest.pipeline import EVENT_TYPES, Ingester, ingest_events, ingest_lines
from tests.helpers import add_buurten

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "docs" / "ingest-schema"
INGEST_DIR = ROOT / "hoplr_data" / "ingest"
# The order a platform would send the examples in: each may refer to one before it.
EXAMPLE_ORDER = (
    "registration",
    "visit",
    "post",
    "reaction",
    "appreciation",
    "event",
    "event_response",
    "report",
    "idea",
    "reporter_reply",
    "publication_reaction",
    "publication_rsvp",
    "survey_response",
    "project_idea",
    "project_vote",
    "deregistration",
)


def schema(kind: str) -> dict:
    """The JSON Schema of one event type."""
    return json.loads((SCHEMA_DIR / f"{kind}.json").read_text(encoding="utf-8"))


def example(kind: str) -> dict:
    """The first example of one event type's schema."""
    return copy.deepcopy(schema(kind)["examples"][0])


def _reason_codes(node: ast.expr) -> set[str]:
    """The string constants a Rejected(...) reason argument can take (a literal or a ternary)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _reason_codes(node.body) | _reason_codes(node.orelse)
    raise AssertionError(f"a rejection reason that is not a literal: {ast.unparse(node)}")


def rejection_reasons() -> set[str]:
    """Every reason code the ingest code can give, read from its source."""
    reasons: set[str] = set()
    for path in sorted(INGEST_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Rejected"
            ):
                assert node.args, f"{path.name}:{node.lineno}: Rejected() without a reason"
                reasons |= _reason_codes(node.args[0])
    return reasons


def documented_reasons() -> set[str]:
    """The reason codes in the README's table of rejection reasons."""
    text = (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.MULTILINE))


# --- (a) rejection reasons: documented and translated ------------------------------------------


def test_reason_scan_finds_the_reasons_of_every_family():
    reasons = rejection_reasons()
    # one reason from the dispatcher, the field readers and each handler family
    assert {"not_object", "unknown_type", "bad_time", "already_registered", "unknown_post"} <= (
        reasons
    )
    assert {"unknown_event", "unknown_category", "not_reporter", "unknown_idea"} <= reasons


def test_every_rejection_reason_is_documented_and_nothing_else():
    assert documented_reasons() == rejection_reasons()


def test_every_rejection_reason_is_translated():
    texts = messages()
    for reason in sorted(rejection_reasons()):
        key = f"ingest.reason.{reason}"
        assert key in texts, key
        for lang in LANGUAGES:
            assert texts[key].get(lang, "").strip(), f"{key} has no {lang} text"


# --- (b) one schema per event type ----------------------------------------------------------


def test_every_event_type_has_a_schema_and_every_schema_a_type():
    assert {p.stem for p in SCHEMA_DIR.glob("*.json")} == set(EVENT_TYPES)
    assert set(EXAMPLE_ORDER) == set(EVENT_TYPES)


@pytest.mark.parametrize("kind", EVENT_TYPES)
def test_schema_names_its_type_and_has_a_handler(kind):
    doc = schema(kind)
    assert doc["title"] == kind
    assert doc["properties"]["type"] == {"const": kind}
    assert {"id", "type", "time"} <= set(doc["required"])
    assert callable(getattr(Ingester, f"_on_{kind}"))
    assert len(doc["examples"]) >= 1


@pytest.mark.parametrize("kind", ["report", "idea"])
def test_category_enum_is_the_categories_of_that_kind(kind):
    codes = {code for code, spec in CATEGORIES.items() if spec[0] == kind}
    assert DEFAULT_CATEGORY[kind] in codes
    assert set(schema(kind)["properties"]["category"]["enum"]) == codes | {None, ""}


# --- (c) every example is valid and imports ---------------------------------------------------


@pytest.mark.parametrize("kind", EVENT_TYPES)
def test_example_is_valid_against_its_schema(kind):
    jsonschema = pytest.importorskip("jsonschema")
    doc = schema(kind)
    validator_class = jsonschema.validators.validator_for(doc)
    validator_class.check_schema(doc)
    validator = validator_class(doc, format_checker=validator_class.FORMAT_CHECKER)
    for value in doc["examples"]:
        assert not list(validator.iter_errors(value)), kind


def _add_publications(engine: Engine) -> None:
    """Published items 1-4 (post, event, survey, project) for all buurten, as the examples need."""
    survey = {
        "questions": [
            {"code": "q1", "kind": "yes_no", "required": True},
            {"code": "q2", "kind": "single", "required": True, "options": {"nl": ["a", "b"]}},
            {"code": "q3", "kind": "multiple", "required": False, "options": {"nl": list("abc")}},
            {"code": "q4", "kind": "scale", "required": False},
            {"code": "q5", "kind": "open", "required": False},
        ]
    }
    moment = dt.datetime(2020, 3, 1, 9, 0)
    with engine.begin() as conn:
        for pid, kind, doc in (
            (1, "post", {}),
            (2, "event", {}),
            (3, "survey", survey),
            (4, "project", {}),
        ):
            conn.execute(
                insert(m.Publication).values(
                    id=pid,
                    kind=kind,
                    status="published",
                    all_buurten=True,
                    content=json.dumps(doc),
                    published_at=moment,
                    created_at=moment,
                    updated_at=moment,
                    version=1,
                )
            )


@pytest.fixture
def contract_engine(engine: Engine) -> Engine:
    """A bootstrapped database with the examples' buurt and the published items they answer."""
    bootstrap(engine)
    add_buurten(engine, {"DH-DUI": 1200})
    _add_publications(engine)
    return engine


def test_every_example_imports_without_rejection_and_changes_the_database(contract_engine):
    for kind in EXAMPLE_ORDER:
        for value in schema(kind)["examples"]:
            report = ingest_events(contract_engine, [value])
            assert not report.rejected, (kind, report.rejected)
            assert report.imported_total == 1, (kind, report.imported)
    with contract_engine.connect() as conn:
        item = conn.execute(select(m.Item).where(m.Item.id == "report-1")).one()
        stored = conn.execute(select(m.Membership.deregistered_at)).scalar_one()
    assert item.category_id is not None and item.reporter_email == "j.devries@example.org"
    assert stored == dt.datetime(2020, 6, 30, 17, 0)


def test_examples_as_one_jsonl_file_import_and_a_second_run_changes_nothing(contract_engine):
    lines = [json.dumps(example(kind)) for kind in EXAMPLE_ORDER]
    first = ingest_lines(contract_engine, lines)
    assert not first.rejected and first.imported_total == len(EXAMPLE_ORDER)
    again = ingest_lines(contract_engine, lines)
    assert not again.rejected and again.imported_total == 0
    assert again.duplicates == len(EXAMPLE_ORDER)


# --- what a schema forbids, the ingest rejects ---------------------------------------------------

LONG = "x" * 5001
# (event type, change to its example, reason, field)
FORBIDDEN = [
    ("report", {"text": "   "}, "bad_field", "text"),
    ("report", {"text": LONG}, "bad_field", "text"),
    ("report", {"text": None}, "missing_field", "text"),
    ("report", {"category": "greening_idea"}, "unknown_category", "category"),
    ("report", {"category": "potholes"}, "unknown_category", "category"),
    ("report", {"location": {"lat": 52.07}}, "bad_field", "location"),
    ("report", {"location": {"lat": 91, "lon": 4.3}}, "bad_field", "location"),
    ("report", {"location": {"address": "a" * 201}}, "bad_field", "location.address"),
    ("report", {"location": "Weimarstraat 12"}, "bad_field", "location"),
    ("report", {"contact": {"email": "e" * 201}}, "bad_field", "contact.email"),
    ("report", {"contact": {"phone": 612345678}}, "bad_field", "contact.phone"),
    ("report", {"photo_url": "ftp://example.org/a.jpg"}, "bad_field", "photo_url"),
    ("report", {"photo_url": "https://example.org/" + "p" * 490}, "bad_field", "photo_url"),
    ("report", {"language": "de"}, "bad_field", "language"),
    ("report", {"buurt": None}, "missing_field", "buurt"),
    ("report", {"id": "report 1"}, "bad_field", "id"),
    ("report", {"time": None}, "missing_field", "time"),
    ("idea", {"category": "waste"}, "unknown_category", "category"),
    ("idea", {"text": LONG}, "bad_field", "text"),
    ("idea", {"household_id": "h" * 65}, "bad_field", "household_id"),
    ("registration", {"invite_code": "K" * 33}, "bad_field", "invite_code"),
    ("event_response", {"response": "maybe"}, "bad_field", "response"),
]


def _changed(kind: str, change: dict) -> dict:
    """The example of a type with some fields replaced (None: the field removed)."""
    value = example(kind)
    for name, new in change.items():
        if new is None:
            value.pop(name, None)
        else:
            value[name] = new
    return value


@pytest.mark.parametrize(("kind", "change", "reason", "field"), FORBIDDEN)
def test_schema_refuses_what_ingest_rejects(kind, change, reason, field):
    jsonschema = pytest.importorskip("jsonschema")
    doc = schema(kind)
    validator_class = jsonschema.validators.validator_for(doc)
    assert list(validator_class(doc).iter_errors(_changed(kind, change))), (kind, change)


def test_ingest_rejects_what_schemas_refuse(contract_engine):
    setup = [example(kind) for kind in ("registration", "event")]
    assert not ingest_events(contract_engine, setup).rejected
    for kind, change, reason, field in FORBIDDEN:
        value = _changed(kind, change)
        value["id"] = value["id"] if "id" in change else f"{kind}-forbidden"
        report = ingest_events(contract_engine, [value])
        got = [(r.reason, r.field) for r in report.rejected]
        assert got == [(reason, field)], (kind, change, got)
