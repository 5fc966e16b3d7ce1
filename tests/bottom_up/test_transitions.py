"""The bottom-up workflow's transitions: every pair of statuses, allowed or refused, and the
messages to the resident, for reports and ideas.

The expected answers are the brief's tables (DESIGN.md section 5, "Bottom-up workflow"), written
out below literally as scenario lists in the manner of Signalen's workflow tests; they are never
read from `workflow.TRANSITIONS`, the code under test, which must agree with them both ways."""

import pytest

from hoplr_data.bottom_up import workflow as wf
from tests.helpers import current, move, new_item

HANDLER = wf.Actor("handler", ("case_handler",))

# --- The brief, literally -------------------------------------------------------------------
# Reports:
# | from                 | allowed to                                                         |
# | new                  | in_progress, scheduled, waiting_for_reporter, forwarded, resolved,  |
# |                      | declined, duplicate                                                 |
# | in_progress          | scheduled, waiting_for_reporter, forwarded, resolved, declined,     |
# |                      | duplicate                                                           |
# | scheduled            | in_progress, resolved, declined                                     |
# | waiting_for_reporter | in_progress, resolved, declined                                     |
# | forwarded            | in_progress, resolved                                               |
# | resolved, declined   | reopened                                                            |
# | reopened             | in_progress, scheduled, resolved, declined                          |
# | duplicate            | (final; points to its main report)                                  |
REPORT_STATUSES = [
    "new", "in_progress", "scheduled", "waiting_for_reporter", "forwarded", "resolved",
    "declined", "reopened", "duplicate",
]  # fmt: skip
REPORT_ALLOWED = [
    ("new", "in_progress"),
    ("new", "scheduled"),
    ("new", "waiting_for_reporter"),
    ("new", "forwarded"),
    ("new", "resolved"),
    ("new", "declined"),
    ("new", "duplicate"),
    ("in_progress", "scheduled"),
    ("in_progress", "waiting_for_reporter"),
    ("in_progress", "forwarded"),
    ("in_progress", "resolved"),
    ("in_progress", "declined"),
    ("in_progress", "duplicate"),
    ("scheduled", "in_progress"),
    ("scheduled", "resolved"),
    ("scheduled", "declined"),
    ("waiting_for_reporter", "in_progress"),
    ("waiting_for_reporter", "resolved"),
    ("waiting_for_reporter", "declined"),
    ("forwarded", "in_progress"),
    ("forwarded", "resolved"),
    ("resolved", "reopened"),
    ("declined", "reopened"),
    ("reopened", "in_progress"),
    ("reopened", "scheduled"),
    ("reopened", "resolved"),
    ("reopened", "declined"),
]
# Ideas: new -> under_consideration | not_adopted | duplicate; under_consideration -> adopted |
# not_adopted; adopted -> realised.
IDEA_STATUSES = [
    "new", "under_consideration", "adopted", "not_adopted", "realised", "duplicate",
]  # fmt: skip
IDEA_ALLOWED = [
    ("new", "under_consideration"),
    ("new", "not_adopted"),
    ("new", "duplicate"),
    ("under_consideration", "adopted"),
    ("under_consideration", "not_adopted"),
    ("adopted", "realised"),
]
# "Resolving, declining, asking the reporter, adopting or not adopting requires a message to the
# resident."
MESSAGE_REQUIRED = {
    "report": {"resolved", "declined", "waiting_for_reporter"},
    "idea": {"adopted", "not_adopted"},
}
# Closed: the end points of the tables (only 'reopened' leads out of resolved and declined;
# duplicate is final; an idea not adopted or realised goes nowhere).
CLOSED = {
    "report": {"resolved", "declined", "duplicate"},
    "idea": {"not_adopted", "realised", "duplicate"},
}
STATUSES = {"report": REPORT_STATUSES, "idea": IDEA_STATUSES}
ALLOWED = {"report": REPORT_ALLOWED, "idea": IDEA_ALLOWED}
# A path from 'new' to every status along allowed transitions.
REACH = {
    "report": {
        "new": [],
        "in_progress": ["in_progress"],
        "scheduled": ["scheduled"],
        "waiting_for_reporter": ["waiting_for_reporter"],
        "forwarded": ["forwarded"],
        "resolved": ["resolved"],
        "declined": ["declined"],
        "reopened": ["resolved", "reopened"],
        "duplicate": ["duplicate"],
    },
    "idea": {
        "new": [],
        "under_consideration": ["under_consideration"],
        "adopted": ["under_consideration", "adopted"],
        "not_adopted": ["not_adopted"],
        "realised": ["under_consideration", "adopted", "realised"],
        "duplicate": ["duplicate"],
    },
}
# Every ordered pair of statuses of a kind (a status to itself included): allowed or refused.
CASES = [
    (kind, source, target, (source, target) in ALLOWED[kind])
    for kind in ("report", "idea")
    for source in STATUSES[kind]
    for target in STATUSES[kind]
]


def _pairs(table: dict[str, tuple[str, ...]]) -> set[tuple[str, str]]:
    return {(source, target) for source, targets in table.items() for target in targets}


@pytest.mark.parametrize("kind", ["report", "idea"])
def test_the_code_has_the_briefs_table_exactly(kind):
    assert sorted(wf.statuses(kind)) == sorted(STATUSES[kind])
    assert _pairs(wf.TRANSITIONS[kind]) == set(ALLOWED[kind])
    for source in STATUSES[kind]:
        expected = {target for s, target in ALLOWED[kind] if s == source}
        assert set(wf.allowed_next(kind, source)) == expected, source


def test_the_literal_tables_are_complete():
    """A check of the lists above: every status is reachable and every pair is a case."""
    for kind in ("report", "idea"):
        assert set(REACH[kind]) == set(STATUSES[kind])
        for path in REACH[kind].values():
            assert all(pair in ALLOWED[kind] for pair in zip(["new", *path], path, strict=False))
    assert len(CASES) == 9 * 9 + 6 * 6
    assert sum(allowed for *_, allowed in CASES) == len(REPORT_ALLOWED) + len(IDEA_ALLOWED) == 33


def _attempt(engine, item_id: str, target: str, version: int, message: str | None = "Bericht"):
    """Try one transition the way the inbox does ('duplicate' through its own action)."""
    if target == "duplicate":
        main = new_item(engine, current(engine, item_id).kind, text="Het hoofditem")
        wf.link_duplicate(engine, actor=HANDLER, item_id=item_id, version=version, main_id=main)
    else:
        wf.change_status(
            engine, actor=HANDLER, item_id=item_id, version=version, to_status=target,
            message=message,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "source", "target", "allowed"),
    CASES,
    ids=[f"{k}:{s}->{t}:{'allowed' if a else 'refused'}" for k, s, t, a in CASES],
)
def test_every_transition(inbox_engine, kind, source, target, allowed):
    item_id = new_item(inbox_engine, kind)
    move(inbox_engine, item_id, REACH[kind][source])
    before = current(inbox_engine, item_id)
    assert before.status == source
    if allowed:
        _attempt(inbox_engine, item_id, target, before.version)
        after = current(inbox_engine, item_id)
        assert after.status == target and after.version == before.version + 1
        assert (after.closed_at is not None) == (target in CLOSED[kind])
    else:
        with pytest.raises(wf.WorkflowError) as refused:
            _attempt(inbox_engine, item_id, target, before.version)
        assert refused.value.code == "error.transition"
        after = current(inbox_engine, item_id)
        assert (after.status, after.version) == (source, before.version)


MESSAGE_CASES = [
    (kind, next(s for s, t in ALLOWED[kind] if t == target), target)
    for kind in ("report", "idea")
    for target in STATUSES[kind]
    if target not in ("new", "duplicate")
]


@pytest.mark.parametrize(
    ("kind", "source", "target"), MESSAGE_CASES, ids=[f"{k}:{s}->{t}" for k, s, t in MESSAGE_CASES]
)
def test_a_message_is_required_exactly_where_the_brief_says(inbox_engine, kind, source, target):
    item_id = new_item(inbox_engine, kind)
    move(inbox_engine, item_id, REACH[kind][source])
    version = current(inbox_engine, item_id).version
    if target in MESSAGE_REQUIRED[kind]:
        for empty in (None, "", "   "):
            with pytest.raises(wf.WorkflowError) as refused:
                _attempt(inbox_engine, item_id, target, version, message=empty)
            assert refused.value.code == "error.message_required"
        assert current(inbox_engine, item_id).status == source
    else:
        _attempt(inbox_engine, item_id, target, version, message=None)
        assert current(inbox_engine, item_id).status == target


@pytest.mark.parametrize("kind", ["report", "idea"])
def test_duplicate_only_through_its_own_action(inbox_engine, kind):
    item_id = new_item(inbox_engine, kind)
    with pytest.raises(wf.WorkflowError) as refused:
        wf.change_status(
            inbox_engine, actor=HANDLER, item_id=item_id, version=1, to_status="duplicate",
            message="Bericht",
        )  # fmt: skip
    assert refused.value.code == "error.use_duplicate_action"
    assert (current(inbox_engine, item_id).status, current(inbox_engine, item_id).version) == (
        "new",
        1,
    )
