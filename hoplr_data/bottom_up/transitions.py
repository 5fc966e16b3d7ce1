"""The bottom-up workflow as data (docs/workflow.md, after Amsterdam's Signalen): which status
may follow which, which need a message to the resident, which close an item, and which a bulk
change may set."""

from __future__ import annotations

from collections.abc import Iterable

REPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": (
        "in_progress",
        "scheduled",
        "waiting_for_reporter",
        "forwarded",
        "resolved",
        "declined",
        "duplicate",
    ),
    "in_progress": (
        "scheduled",
        "waiting_for_reporter",
        "forwarded",
        "resolved",
        "declined",
        "duplicate",
    ),
    "scheduled": ("in_progress", "resolved", "declined"),
    "waiting_for_reporter": ("in_progress", "resolved", "declined"),
    "forwarded": ("in_progress", "resolved"),
    "resolved": ("reopened",),
    "declined": ("reopened",),
    "reopened": ("in_progress", "scheduled", "resolved", "declined"),
    "duplicate": (),
}
IDEA_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("under_consideration", "not_adopted", "duplicate"),
    "under_consideration": ("adopted", "not_adopted"),
    "adopted": ("realised",),
    "not_adopted": (),
    "realised": (),
    "duplicate": (),
}
TRANSITIONS = {"report": REPORT_TRANSITIONS, "idea": IDEA_TRANSITIONS}
MESSAGE_REQUIRED = {
    "report": frozenset({"resolved", "declined", "waiting_for_reporter"}),
    "idea": frozenset({"adopted", "not_adopted"}),
}
CLOSED = {
    "report": frozenset({"resolved", "declined", "duplicate"}),
    "idea": frozenset({"not_adopted", "realised", "duplicate"}),
}
# Where a resident's reply takes an item (other statuses stay; the reply is recorded either way).
REPLY_RESUMES = {"report": {"waiting_for_reporter": "in_progress"}, "idea": {}}


def statuses(kind: str) -> tuple[str, ...]:
    """Every status of a kind, in workflow order."""
    return tuple(TRANSITIONS[kind])


def allowed_next(kind: str, status: str) -> tuple[str, ...]:
    """The statuses an item may move to."""
    return TRANSITIONS[kind][status]


def is_closed(kind: str, status: str) -> bool:
    """True for final or closing statuses (resolved, declined, realised, ...)."""
    return status in CLOSED[kind]


def needs_message(kind: str, status: str) -> bool:
    """True when moving to the status requires a message to the resident."""
    return status in MESSAGE_REQUIRED[kind]


def targets(kind: str) -> frozenset[str]:
    """The statuses some transition leads to (never 'new')."""
    return frozenset(s for nexts in TRANSITIONS[kind].values() for s in nexts)


def bulk_allowed(kind: str, status: str) -> bool:
    """True when a bulk change may set the status: a transition leads to it, it needs no message
    and it is not 'duplicate' (which names a main item)."""
    return status in targets(kind) and status != "duplicate" and not needs_message(kind, status)


def bulk_statuses(kinds: Iterable[str]) -> list[str]:
    """The statuses a bulk change of items of these kinds may offer, sorted."""
    return sorted({s for k in set(kinds) for s in statuses(k) if bulk_allowed(k, s)})
