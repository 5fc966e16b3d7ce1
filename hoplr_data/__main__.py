"""Command line: python -m hoplr_data init | create-admin USERNAME | ingest FILE | summary | audit
[...]."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from hoplr_data.bootstrap import bootstrap, create_admin
from hoplr_data.core.audit import set_origin
from hoplr_data.core.config import get_settings
from hoplr_data.core.db import make_engine
from hoplr_data.core.export import dumps
from hoplr_data.core.i18n import fmt_int, t, t_plural
from hoplr_data.core.timeutil import now_local, use_demo_date


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def _demo_date(engine) -> dt.date | None:  # noqa: ANN001
    """The demo database's clock (None: real clock, or a database not migrated yet)."""
    from sqlalchemy.exc import SQLAlchemyError

    from hoplr_data.core.settings import demo_date

    try:
        return demo_date(engine)
    except SQLAlchemyError:
        return None


def cmd_init(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Migrate and create the reference data (also run as `migrate`); safe to repeat."""
    bootstrap(engine)
    print(t("cli.init_done", args.lang))
    return 0


def _read_password(username: str, lang: str) -> tuple[str, str]:
    """The password and its confirmation: prompted without echo on a terminal, else two lines
    of standard input (for scripts); never an argument, so it stays out of the shell history."""
    if sys.stdin.isatty():
        try:
            first = getpass.getpass(t("cli.password_prompt", lang, username=username))
            second = getpass.getpass(t("cli.password_again", lang))
        except (EOFError, KeyboardInterrupt):
            return "", ""
        return first, second
    lines = sys.stdin.read().splitlines()
    return (lines + ["", ""])[0], (lines + ["", ""])[1]


def cmd_create_admin(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Create an administrator on a (production) database, with a password typed twice."""
    from hoplr_data.users.accounts import UserError

    bootstrap(engine)
    lang = args.lang
    password, again = _read_password(args.username, lang)
    if not password:
        print(t("cli.password_missing", lang), file=sys.stderr)
        return 1
    if password != again:
        print(t("cli.password_mismatch", lang), file=sys.stderr)
        return 1
    try:
        username = create_admin(
            engine,
            username=args.username,
            name=args.name or args.username,
            password=password,
            language=args.language,
        )
    except UserError as exc:
        print(t("cli.admin_refused", lang, reason=t(exc.code, lang)), file=sys.stderr)
        return 1
    print(t("cli.admin_created", lang, username=username))
    return 0


def cmd_ingest(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Import a JSON Lines file of platform events."""
    from hoplr_data.ingest.pipeline import ingest_file, rejects_path_for

    bootstrap(engine)  # a fresh database gets its default categories before the first report
    path = Path(args.file)
    rejects = Path(args.rejects) if args.rejects else None
    report = ingest_file(engine, path, rejects)
    lang = args.lang
    for r in report.rejected:
        reason = t(f"ingest.reason.{r.reason}", lang, field=r.field)
        print(t("ingest.rejected_line", lang, line=r.line, reason=reason), file=sys.stderr)
    print(
        t_plural(
            "ingest.done",
            report.lines,
            lang,
            lines=fmt_int(report.lines, lang),
            imported=fmt_int(report.imported_total, lang),
            duplicates=fmt_int(report.duplicates, lang),
            rejected=fmt_int(len(report.rejected), lang),
        )
    )
    if report.rejected:
        print(t("ingest.rejects_file", lang, path=rejects or rejects_path_for(path)))
    return 0


def cmd_summary(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Print the pilot summary figures."""
    from hoplr_data.core.settings import get_int, publication_languages
    from hoplr_data.stats.metrics import summary
    from hoplr_data.stats.queries import make_scope
    from hoplr_data.top_down.results import survey_summaries

    try:
        scope = make_scope(engine, codes=args.buurt, as_of=args.as_of, start=args.start)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    figures: dict = summary(engine, scope)
    figures["surveys"] = survey_summaries(
        engine, scope, k=get_int(engine, "k_threshold"), language=publication_languages(engine)[0]
    )
    if args.format == "json":
        print(dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            if key != "surveys":
                print(f"{key:40} {value}")
        for survey in figures["surveys"]:
            print(f"\nsurvey: {survey['title']} ({survey['responses']} responses)")
            for question in survey["questions"]:
                shares = ", ".join(
                    f"{o['option']} {o['share']:.3f}"
                    if o["share"] is not None
                    else f"{o['option']} < k"
                    for o in question["options"]
                )
                print(f"  {question['text']}: {shares}")
    return 0


def cmd_topics(engine, args: argparse.Namespace) -> int:  # noqa: ANN001, ARG001
    """Train the topic model (and report its time) or evaluate it on the held-out corpus."""
    from hoplr_data.topics import model as topics

    training, held_out = topics.split(topics.load_corpus())
    classifier = topics.train(training)
    if args.action == "train":
        print(
            f"trained {classifier.version} on {len(training)} examples "
            f"in {classifier.training_seconds:.2f} s ({len(held_out)} held out, never trained on)"
        )
        return 0
    print(f"model {classifier.version}")
    print(topics.evaluate(classifier, held_out).as_text())
    return 0


def cmd_categories(engine, args: argparse.Namespace) -> int:  # noqa: ANN001, ARG001
    """Evaluate the category suggestion models on their held-out examples."""
    from hoplr_data.bottom_up.category_model import evaluate

    for kind in ("report", "idea"):
        result = evaluate(kind)
        print(f"== {kind}: {result.examples} held-out examples, macro-F1 {result.macro_f1:.3f}")
        print(result.report)
        print("confusion matrix (rows: true, columns: predicted):", ", ".join(result.labels))
        for label, row in zip(result.labels, result.confusion, strict=True):
            print(f"{label:20}" + " ".join(f"{n:3d}" for n in row))
    return 0


def cmd_outbox(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Publish scheduled items that are due, then write pending outbox messages and mark them sent."""
    from hoplr_data.core.outbox import export_pending
    from hoplr_data.top_down.publications import release_due

    released = release_due(engine)
    if released:
        print(f"{released} scheduled items published", file=sys.stderr)
    if args.file:
        with open(args.file, "a", encoding="utf-8") as out:
            count = export_pending(engine, out)
    else:
        count = export_pending(engine, sys.stdout)
    print(f"{count} messages exported", file=sys.stderr)
    return 0


def cmd_open311(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Print reports and ideas as Open311 GeoReport v2 JSON."""
    from hoplr_data.bottom_up.inbox import InboxFilter, list_items, open311

    flt = InboxFilter(
        kinds=tuple(args.kind or ()), statuses=tuple(args.status or ()), open_only=args.open
    )
    frame = list_items(engine, flt, lang=args.lang, now=now_local())
    print(dumps(open311(frame) if not frame.empty else [], indent=2))
    return 0


def cmd_retention(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Erase reporter contact details of items closed longer than the retention setting, and
    remove audit log rows older than the audit retention setting and long-over login sessions
    (the scheduled job)."""
    import logging

    from hoplr_data.bottom_up.retention import erase_expired_contacts

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    erased = erase_expired_contacts(engine, days=args.days)
    print(f"{len(erased)} items: reporter contact details erased")
    from hoplr_data.core.audit import purge_older_than

    print(f"{purge_older_than(engine)} audit log rows older than the audit retention removed")
    from hoplr_data.users.sessions import purge as purge_sessions

    print(f"{purge_sessions(engine)} login sessions over for more than 90 days removed")
    return 0


def cmd_audit(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Print the audit log of a period as CSV or strict JSON (the export is audited as well)."""
    from hoplr_data.core import audit

    frame = audit.query(
        engine, since=args.since, until=args.until, actor=args.actor, action=args.action,
        object_type=args.object,
    )  # fmt: skip
    if args.format == "json":
        print(dumps(audit.records(frame), indent=2))
    else:
        sys.stdout.write(audit.csv_text(frame))
    audit.record_download(
        engine, actor=getpass.getuser(), what="audit", file_format=args.format, rows=len(frame)
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run one command against DATABASE_URL (or the embedded SQLite file)."""
    parser = argparse.ArgumentParser(prog="python -m hoplr_data")
    parser.add_argument("--lang", choices=["nl", "fr", "en"], default="en")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "init",
        aliases=["migrate"],
        help="apply migrations and create the default departments, categories and replies",
    )
    admin = sub.add_parser(
        "create-admin", help="create an administrator (password prompted twice, never an argument)"
    )
    admin.add_argument("username")
    admin.add_argument("--name", help="the name shown in the app (default: the username)")
    admin.add_argument("--language", choices=["nl", "fr", "en"], default="nl")
    ingest = sub.add_parser("ingest", help="import platform events (JSON Lines)")
    ingest.add_argument("file", help="JSON Lines file, or - for standard input")
    ingest.add_argument("--rejects", help="where to write rejected lines")
    summ = sub.add_parser("summary", help="pilot summary figures")
    summ.add_argument("--as-of", type=_date, default=None)
    summ.add_argument("--from", dest="start", type=_date, default=None)
    summ.add_argument("--buurt", action="append", default=None, help="buurt code (repeatable)")
    summ.add_argument("--format", choices=["json", "text"], default="text")
    topics = sub.add_parser("topics", help="train or evaluate the topic model")
    topics.add_argument("action", choices=["train", "evaluate"])
    categories = sub.add_parser("categories", help="evaluate the category suggestion models")
    categories.add_argument("action", choices=["evaluate"])
    outbox = sub.add_parser("outbox", help="export pending outbox messages")
    outbox.add_argument("action", choices=["export"])
    outbox.add_argument("--file", help="append to this JSON Lines file instead of stdout")
    o311 = sub.add_parser("open311", help="reports and ideas as Open311 GeoReport v2 JSON")
    o311.add_argument("action", choices=["export"])
    o311.add_argument("--kind", action="append", choices=["report", "idea"])
    o311.add_argument("--status", action="append")
    o311.add_argument("--open", action="store_true", help="open items only")
    retention = sub.add_parser(
        "retention", help="erase reporter contacts after the retention period"
    )
    retention.add_argument("--days", type=int, default=None, help="override the retention setting")
    aud = sub.add_parser("audit", help="the audit log of a period (who did what, when)")
    aud.add_argument("--since", type=_date, required=True)
    aud.add_argument("--until", type=_date, default=None, help="last day included")
    aud.add_argument("--actor")
    aud.add_argument("--action")
    aud.add_argument("--object", help="object type, e.g. item, publication, setting")
    aud.add_argument("--format", choices=["csv", "json"], default="csv")
    args = parser.parse_args(argv)
    engine = make_engine(get_settings().database_url)
    use_demo_date(_demo_date(engine))
    set_origin("cli")
    handlers = {
        "init": cmd_init,
        "migrate": cmd_init,
        "create-admin": cmd_create_admin,
        "ingest": cmd_ingest,
        "summary": cmd_summary,
        "topics": cmd_topics,
        "categories": cmd_categories,
        "outbox": cmd_outbox,
        "open311": cmd_open311,
        "retention": cmd_retention,
        "audit": cmd_audit,
    }
    handler = handlers[args.command]
    try:
        return handler(engine, args)
    finally:
        set_origin("app")  # main() also runs in-process (tests): later writes are the app's again


if __name__ == "__main__":
    sys.exit(main())
