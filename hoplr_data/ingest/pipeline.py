"""Ingest of platform events (JSON Lines), the contract documented in docs/ingest-schema/.

The dispatcher: read lines, decode them, hand each event to the handler of its type, write in
batches, report rejected lines. The handlers live in one module per event family:
community (registration, deregistration, visit), conversation (post, reaction, appreciation),
resident_events (event, event_response), bottom_up (report, idea, reporter_reply) and top_down
(responses to the municipality's publications); the field readers in fields; the per-line
decoding, limits and text cleaning in lines.

Every event has an id; importing the same events twice changes nothing. A bad line is reported
with its line number and reason and the rest still imports; a batch the database refuses is
written again line by line, so only the line it refuses is rejected. The text of posts and
reactions is read for its language and length and then dropped (docs/privacy-security.md). A
resident's reply to a report or idea (`reporter_reply`) is kept as plain text in the item's history, like the report.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, Table, select
from sqlalchemy.exc import InterfaceError, OperationalError, StatementError

from hoplr_data.core import models as m
from hoplr_data.ingest.bottom_up import BOTTOM_UP_ITEMS, BOTTOM_UP_TYPES, BottomUpEvents
from hoplr_data.ingest.community import COMMUNITY_TYPES, CommunityEvents
from hoplr_data.ingest.conversation import CONVERSATION_TYPES, ConversationEvents
from hoplr_data.ingest.fields import MAX_ITEM_TEXT, Rejected, _str
from hoplr_data.ingest.lines import as_bytes, clean_event, parse_line, read_lines
from hoplr_data.ingest.resident_events import RESIDENT_EVENT_TYPES, ResidentEvents
from hoplr_data.ingest.sql import insert_new, is_transient
from hoplr_data.ingest.top_down import TOP_DOWN_TYPES, TopDownEvents

__all__ = [
    "BATCH_SIZE",
    "EVENT_TYPES",
    "MAX_ITEM_TEXT",
    "IngestReport",
    "Ingester",
    "Rejection",
    "decode_lines",
    "ingest_events",
    "ingest_file",
    "ingest_lines",
    "ingest_stream",
]

BATCH_SIZE = 20_000  # lines per transaction; HOPLR_INGEST_BATCH_SIZE overrides it
WRITE_ATTEMPTS = 5  # a batch that meets a deadlock or a locked SQLite file is written again
# A database error that is about the connection, not about a line: the run stops.
CONNECTION_ERRORS = (OperationalError, InterfaceError)
EVENT_TYPES = (
    *COMMUNITY_TYPES,
    *CONVERSATION_TYPES,
    *RESIDENT_EVENT_TYPES,
    *BOTTOM_UP_TYPES,
    *TOP_DOWN_TYPES,
)
# Tables written by plain queued rows, in dependency order; the rows a run actually inserts
# (not its in-memory guess: another run may write the same rows at the same time) are counted.
TABLES: dict[str, Table] = {
    "registration": m.Membership.__table__,
    "visit": m.Visit.__table__,
    "post": m.Post.__table__,
    "reaction": m.Reaction.__table__,
    "appreciation": m.Appreciation.__table__,
    "event": m.ResidentEvent.__table__,
    "event_response": m.EventResponse.__table__,
    "project_idea": m.ProjectIdea.__table__,
    "publication_response": m.PublicationResponse.__table__,
}


@dataclass
class Rejection:
    """One rejected line."""

    line: int
    reason: str
    field: str
    raw: str


@dataclass
class IngestReport:
    """What an ingest run did: lines read, rows imported per type, duplicates, rejections."""

    lines: int = 0
    imported: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def imported_total(self) -> int:
        """Events that changed the database."""
        return sum(self.imported.values())

    @property
    def duplicates(self) -> int:
        """Valid events that were already known (or a second visit on the same day)."""
        return self.lines - len(self.rejected) - self.imported_total


class Ingester(CommunityEvents, ConversationEvents, ResidentEvents, BottomUpEvents, TopDownEvents):
    """Validates events one by one, dispatching on their type, and writes them in batches."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pending: dict[str, list[dict]] = defaultdict(list)
        self.pending_count = 0
        self.batch_size = batch_size()
        self.written: Counter[str] = Counter()  # rows this run inserted, per kind
        self.batch_written: Counter[str] = Counter()  # the same for the transaction going on
        self.report = IngestReport()
        self.handlers: dict[object, Callable[[dict], None]] = {
            kind: getattr(self, f"_on_{kind}") for kind in EVENT_TYPES
        }
        # (type, id) -> digest of the first accepted version of each event seen in this run
        self.digests: dict[tuple[str, str], bytes] = {}
        self.new_keys: list[tuple[str, str]] = []
        # the accepted lines not yet written: replayed one by one if their batch fails
        self.batch: list[tuple[int, dict, str]] = []
        self._load_state()
        self._mark()

    def _load_state(self) -> None:
        """Read what validation needs from the database: buurten, ids, memberships, items."""
        with self.engine.connect() as conn:
            self.buurten = dict(conn.execute(select(m.Buurt.code, m.Buurt.id)).all())
            self._load_community_state(conn)
            self._load_conversation_state(conn)
            self._load_resident_event_state(conn)
            self._load_bottom_up_state(conn)
            self._load_top_down_state(conn)

    def _mark(self) -> None:
        """Remember the run's counters as they are after a successful write."""
        self.marked = (dict(self.items_imported), self.deregistrations)
        self.new_keys = []

    def _restore(self) -> None:
        """Reload the state from the database and the counters from the last successful write."""
        items, deregistrations = self.marked
        self.pending.clear()
        self.pending_count = 0
        self._load_state()
        self.items_imported, self.deregistrations = dict(items), deregistrations
        for key in self.new_keys:
            self.digests.pop(key, None)
        self.new_keys = []

    # --- one event -----------------------------------------------------------------------

    def feed(self, line_no: int, event: object, raw: str = "") -> None:
        """Validate and queue one decoded event; record a rejection on failure."""
        self.report.lines += 1
        try:
            if not isinstance(event, dict):
                raise Rejected("not_object")
            event = clean_event(event)
            self._handle(event)
        except Rejected as exc:
            self.reject(line_no, exc, raw or _raw(event))
        else:
            self.batch.append((line_no, event, raw))
        if self.pending_count >= self.batch_size:
            self.flush()

    def reject(self, line_no: int, exc: Rejected, raw: str) -> None:
        """Record one rejected line."""
        self.report.rejected.append(Rejection(line_no, exc.reason, exc.field, raw[:2000]))

    def _handle(self, event: dict) -> None:
        """Dispatch one clean event; a known id with other content is a conflicting duplicate."""
        handler = self.handlers.get(event.get("type"))
        if handler is None:
            raise Rejected("unknown_type", "type")
        key = (event["type"], event.get("id"))
        digest = _digest(event)
        if isinstance(key[1], str) and self.digests.get(key, digest) != digest:
            raise Rejected("conflicting_duplicate", "id")
        handler(event)
        if isinstance(key[1], str) and key not in self.digests:
            self.digests[key] = digest
            self.new_keys.append(key)

    def _queue(self, kind: str, row: dict) -> None:
        """Queue one row for the table of TABLES named kind."""
        self.pending[kind].append(row)
        self.pending_count += 1

    def _buurt(self, ev: dict) -> int:
        """The id of the event's `buurt` code, or a rejection when the dashboard does not know it."""
        code = _str(ev, "buurt")
        if code not in self.buurten:
            raise Rejected("unknown_buurt", "buurt")
        return self.buurten[code]

    # --- writing -------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the queued rows; when the batch fails, write its lines one by one."""
        try:
            self._write_retrying()
        except CONNECTION_ERRORS:
            raise
        except StatementError:
            self._write_one_by_one()
        self.batch = []
        self._mark()

    def _write_one_by_one(self) -> None:
        """Replay the failed batch line by line: only a line the database refuses is rejected."""
        batch = self.batch
        self._restore()
        for line_no, event, raw in batch:
            try:
                self._handle(copy.deepcopy(event))
                self._write_retrying()
            except Rejected as exc:
                self.reject(line_no, exc, raw or _raw(event))
                self._restore()
            except CONNECTION_ERRORS:
                raise
            except StatementError:
                self.reject(line_no, Rejected("database_error"), raw or _raw(event))
                self._restore()
            else:
                self._mark()

    def _write_retrying(self) -> None:
        """Write the queued rows; a conflict with a concurrent run is retried, then raised."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                self._write()
                return
            except OperationalError as exc:
                if attempt == WRITE_ATTEMPTS or not is_transient(exc):
                    raise
                time.sleep(0.05 * 2**attempt)

    def _write(self) -> None:
        """Write every queued row in one transaction, in dependency order.

        Every insert skips rows that exist; only the rows this transaction wrote are counted
        and get their child rows (answers, `created` history), so a parallel run or a rerun
        after a crash writes nothing twice. Nothing is cleared before the commit: a failed
        attempt can be written again.
        """
        if not self.pending_count and not self.pending_deregistrations:
            return
        self._classify_pending_posts()
        self.batch_written: Counter[str] = Counter()
        with self.engine.begin() as conn:
            new: dict[str, set] = {}
            for name, table in TABLES.items():
                rows = self.pending.get(name)
                if rows:
                    new[name] = {key[0] for key in insert_new(conn, table, rows)}
                    self.batch_written[name] = len(new[name])
            self._flush_items(conn)
            self._flush_top_down(conn, new.get("publication_response", set()))
            self._flush_replies(conn)
            self._flush_community(conn)
        self.written.update(self.batch_written)
        for kind in BOTTOM_UP_ITEMS:
            self.items_imported[kind] += self.batch_written[kind]
        self.pending.clear()
        self.pending_count = 0
        self._clear_community()
        self._clear_bottom_up()
        self._clear_top_down()

    def finish(self) -> IngestReport:
        """Flush and compute how many rows were new per type."""
        self.flush()
        self.report.imported = {k: self.written[k] for k in TABLES}
        self.report.imported["deregistration"] = self.deregistrations
        self.report.imported.update(self.items_imported)
        return self.report


def batch_size() -> int:
    """Lines per transaction: HOPLR_INGEST_BATCH_SIZE when set (tests use small batches)."""
    return int(os.environ.get("HOPLR_INGEST_BATCH_SIZE") or BATCH_SIZE)


def _raw(event: object) -> str:
    """An event as JSON text for the rejects file (lone surrogates escaped)."""
    return json.dumps(event, default=str)


_CANONICAL = json.JSONEncoder(sort_keys=True, default=str)


def _digest(event: dict) -> bytes:
    """A fingerprint of an event's content, to tell a repeat from a conflicting version."""
    text = _CANONICAL.encode(event)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def decode_lines(lines: Iterable[str | bytes]) -> Iterator[tuple[int, object, str]]:
    """Yield (line number, decoded JSON or a Rejected, raw line) for non-blank lines."""
    for number, raw in enumerate(as_bytes(lines), start=1):
        line = raw.strip()
        if not line:
            continue
        shown = line[:2000].decode("utf-8", "backslashreplace")
        try:
            yield number, parse_line(line), shown
        except Rejected as exc:
            yield number, exc, shown


def ingest_lines(engine: Engine, lines: Iterable[str | bytes]) -> IngestReport:
    """Import JSON Lines (text or bytes, one line each)."""
    ingester = Ingester(engine)
    for number, value, raw in decode_lines(lines):
        if isinstance(value, Rejected):
            ingester.report.lines += 1
            ingester.reject(number, value, raw)
        else:
            ingester.feed(number, value, raw)
    return ingester.finish()


def ingest_events(engine: Engine, events: Iterable[dict]) -> IngestReport:
    """Import already decoded events (the seed generator's path)."""
    ingester = Ingester(engine)
    for number, event in enumerate(events, start=1):
        ingester.feed(number, event)
    return ingester.finish()


def ingest_stream(engine: Engine, handle: BinaryIO, rejects_path: Path) -> IngestReport:
    """Import JSON Lines from a binary stream; write rejected lines with their reasons."""
    report = ingest_lines(engine, read_lines(handle))
    if report.rejected:
        with rejects_path.open("w", encoding="utf-8") as out:
            for r in report.rejected:
                record = {"line": r.line, "reason": r.reason, "field": r.field, "raw": r.raw}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return report


def ingest_file(engine: Engine, path: Path, rejects_path: Path | None = None) -> IngestReport:
    """Import a JSON Lines file (`-`: standard input); rejected lines go next to it."""
    rejects_path = rejects_path or rejects_path_for(path)
    if str(path) == "-":
        return ingest_stream(engine, sys.stdin.buffer, rejects_path)
    with path.open("rb") as handle:
        return ingest_stream(engine, handle, rejects_path)


def rejects_path_for(path: Path) -> Path:
    """Where the rejected lines of a file go by default (standard input: stdin.rejects.jsonl)."""
    return Path("stdin.rejects.jsonl") if str(path) == "-" else path.with_suffix(".rejects.jsonl")
