"""Benchmark: seed the city scenario into SQLite and PostgreSQL and time every page.

    python -m benchmarks.bench [--backends sqlite,postgresql] [--reuse] [--buurten 120 ...]

Prints, per backend: the seeding time, and per page the AppTest render time cold (empty caches)
and warm (second run), the time of the raw SQL aggregates the page needs, and the process's peak
memory (RSS). Seeding runs in a subprocess so its memory is not counted for the pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from hoplr_data.core import models as m
from hoplr_data.core.config import normalise_database_url
from hoplr_data.core.db import make_engine
from hoplr_data.stats import queries, series
from hoplr_data.stats.metrics import summary
from hoplr_data.users import accounts as users

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def page_queries(url: str) -> dict[str, Callable[[], object]]:
    """The raw data calls each page makes (all buurten, default as-of date)."""
    engine = make_engine(url)

    def overview() -> None:
        scope = queries.make_scope(engine, codes=None, as_of=None)
        summary(engine, scope)
        series.weekly(engine, scope)

    def buurten_page() -> None:
        scope = queries.make_scope(engine, codes=None, as_of=None)
        series.per_buurt(engine, scope)
        first = queries.buurten(engine)[0]["code"]
        one = queries.make_scope(engine, codes=[first], as_of=None)
        summary(engine, one)
        series.weekly(engine, one)

    def topics_page() -> None:
        from hoplr_data.stats import topics as topic_stats

        scope = queries.make_scope(engine, codes=None, as_of=None)
        first = queries.buurten(engine)[0]["id"]
        topic_stats.mix_by_buurt(engine, scope, 0.4)
        topic_stats.trend(engine, scope, 0.4, "week")
        topic_stats.buurt_versus_city(engine, scope, first, 0.4)
        topic_stats.rising(engine, scope, 0.4, "week", 5)

    def inbox_page() -> None:
        from hoplr_data.bottom_up import inbox

        frame = inbox.list_items(
            engine, inbox.InboxFilter(open_only=True), lang="nl", now=dt.datetime.now()
        )
        inbox.team_figures(frame, dt.datetime.now())

    def admin() -> None:
        users.list_users(engine)
        queries.buurten(engine)

    def publish_page() -> None:
        from hoplr_data.top_down.checks import cadence_warnings, reach
        from hoplr_data.top_down.results import list_publications

        list_publications(engine, statuses=("draft", "scheduled", "published"))
        reach(engine, buurt_ids=None, moment=dt.datetime.now())
        cadence_warnings(engine, buurt_ids=None, moment=dt.datetime.now())

    def results_page() -> None:
        from hoplr_data.top_down.results import calendar, list_publications, results

        items = list_publications(engine, statuses=("published", "archived"))
        survey = next((i for i in items if i["kind"] == "survey"), None)
        if survey:
            results(engine, publication_id=survey["id"], k=5, language="nl")
            day = survey["published_at"].date()
            calendar(engine, start=day - dt.timedelta(days=60), end=day, buurt_ids=None)

    return {
        "app.py": overview,
        "pages/1_Buurten.py": buurten_page,
        "pages/2_Topics.py": topics_page,
        "pages/3_Inbox.py": inbox_page,
        "pages/4_Publish.py": publish_page,
        "pages/5_Results.py": results_page,
        "pages/9_Admin.py": admin,
    }


def biggest_survey(url: str) -> int:
    """The id of the survey with the most responses."""
    engine = make_engine(url)
    with engine.connect() as conn:
        return conn.execute(
            select(m.PublicationResponse.publication_id)
            .where(m.PublicationResponse.kind == "answer")
            .group_by(m.PublicationResponse.publication_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()


def render_times(url: str, page: str) -> tuple[float, float]:
    """Cold and warm AppTest render time of a page, logged in as admin."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    if page != "app.py":
        at.switch_page(page)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "admin"
    at.session_state["name"] = "admin"
    at.session_state["roles"] = ["admin"]
    if page == "pages/5_Results.py":  # the biggest survey, not the newest post
        at.query_params["pub"] = str(biggest_survey(url))
    cold = timed(at.run)
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    warm = timed(at.run)
    return cold, warm


def prepare(backend: str, args: argparse.Namespace) -> str:
    """A database URL for the backend, seeded with the city scenario unless --reuse finds one."""
    if backend == "sqlite":
        path = ROOT / "data" / "bench-city.db"
        url = f"sqlite:///{path}"
        if not (args.reuse and path.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        base = normalise_database_url(args.pg_url)
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        url = make_url(base).set(database="hoplr_bench").render_as_string(hide_password=False)
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = 'hoplr_bench'")
            ).scalar()
            if not (args.reuse and exists):
                conn.execute(text("DROP DATABASE IF EXISTS hoplr_bench WITH (FORCE)"))
                conn.execute(text("CREATE DATABASE hoplr_bench"))
                exists = False
        admin.dispose()
        if args.reuse and exists:
            return url
    if args.reuse and backend == "sqlite" and path.exists():
        return url
    env = {**os.environ, "DATABASE_URL": url}
    command = [
        sys.executable,
        "-m",
        "seed",
        "--scenario",
        "city",
        "--buurten",
        str(args.buurten),
        "--households",
        str(args.households),
        "--weeks",
        str(args.weeks),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    print(f"[{backend}] seeding the city scenario took {time.perf_counter() - started:.0f} s")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from seed.load import create_demo_users; "
            "from hoplr_data.core.db import make_engine; import os; "
            "create_demo_users(make_engine(os.environ['DATABASE_URL']))",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return url


def add_top_down(url: str, *, items: int = 300, answers: int = 20_000) -> None:
    """Publish `items` posts over the period and one survey for every buurt with `answers`
    anonymous responses through ingest (skipped when the database has publications already)."""
    import random

    from hoplr_data.ingest.pipeline import ingest_events
    from hoplr_data.top_down import publications as pub

    engine = make_engine(url)
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(m.Publication)).scalar_one():
            return
        codes = list(conn.execute(select(m.Buurt.code)).scalars())
        first, last = conn.execute(
            select(func.min(m.Membership.registered_at), func.max(m.Membership.registered_at))
        ).one()
    started = time.perf_counter()
    rng = random.Random(7)
    actor = pub.Actor("admin", ("admin",))
    span = (last - first).total_seconds()

    def publish(kind: str, doc: dict, when: dt.datetime, buurten: list[str]) -> int:
        pid = pub.create_draft(engine, actor=actor, kind=kind, now=when)
        version = pub.save_draft(engine, actor=actor, publication_id=pid, version=1, doc=doc,
                                 buurt_codes=buurten, all_buurten=not buurten, now=when)  # fmt: skip
        pub.publish(engine, actor=actor, publication_id=pid, version=version, languages=("nl",),
                    now=when)  # fmt: skip
        return pid

    for i in range(items):
        when = first + dt.timedelta(seconds=span * (i + 1) / (items + 2))
        doc = pub.empty_document("post") | {"texts": {"nl": {"title": f"Bericht {i}", "body": "."}}}
        publish("post", doc, when, rng.sample(codes, rng.randint(1, 5)))
    when = first + dt.timedelta(seconds=span * 0.9)
    survey = pub.empty_document("survey") | {"texts": {"nl": {"title": "Enquête", "body": "."}}}
    survey["questions"] = [
        {"code": "q1", "kind": "yes_no", "required": True, "text": {"nl": "Ja?"}, "options": {}},
        {"code": "q2", "kind": "multiple", "required": False, "text": {"nl": "Wat?"},
         "options": {"nl": ["a", "b", "c", "d"]}},
        {"code": "q3", "kind": "scale", "required": True, "text": {"nl": "Cijfer?"}, "options": {}},
        {"code": "q4", "kind": "open", "required": False, "text": {"nl": "Nog iets?"},
         "options": {}},
    ]  # fmt: skip
    pid = publish("survey", survey, when, [])
    with engine.connect() as conn:
        households = list(
            conn.execute(
                select(m.Membership.household_id).where(
                    m.Membership.registered_at < when, m.Membership.deregistered_at.is_(None)
                )
            ).scalars()
        )
    events = [
        {"id": f"bench-answer-{n}", "type": "survey_response", "publication_id": pid,
         "time": (when + dt.timedelta(minutes=1 + n % 5000)).isoformat(), "household_id": hid,
         "answers": {"q1": rng.choice(["yes", "no"]), "q2": rng.sample(["o1", "o2", "o3", "o4"], 2),
                     "q3": rng.randint(1, 10), **({"q4": "Meer bankjes"} if n % 10 == 0 else {})}}
        for n, hid in enumerate(rng.sample(households, min(answers, len(households))))
    ]  # fmt: skip
    report = ingest_events(engine, events)
    print(
        f"top-down: {items + 1} items published and {report.imported['publication_response']:,} "
        f"survey responses ingested in {time.perf_counter() - started:.1f} s"
    )


def describe(url: str) -> str:
    """Row counts of the big tables."""
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {
            t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (m.Buurt, m.Membership, m.Visit, m.Post, m.Reaction, m.Appreciation)
        }
    return ", ".join(f"{k} {v:,}" for k, v in counts.items())


def topic_model_figures() -> None:
    """Training time and single-core classification throughput of the topic model."""
    from hoplr_data.topics import model as topics

    training, _ = topics.split(topics.load_corpus())
    classifier = topics.train(training)
    texts = [e.text for e in topics.load_corpus()]
    batch = (texts * (20_000 // len(texts) + 1))[:20_000]
    seconds = min(timed(lambda: classifier.predict_with_confidence(batch)) for _ in range(3))
    print(
        f"[topics] training {classifier.training_seconds:.2f} s on {len(training)} examples; "
        f"classification {len(batch) / seconds:,.0f} posts/s on one core"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL", PG_DEFAULT))
    parser.add_argument("--reuse", action="store_true", help="reuse an already seeded database")
    parser.add_argument("--buurten", type=int, default=120)
    parser.add_argument("--households", type=int, default=270_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--topics-only", action="store_true", help="only the topic model figures")
    args = parser.parse_args(argv)
    os.environ.setdefault("HOPLR_COOKIE_KEY", "benchmark-cookie-key-" + "b" * 32)
    os.environ["HOPLR_LOGIN_SLEEP"] = "0"
    print(f"benchmark {dt.datetime.now():%Y-%m-%d %H:%M}, python {sys.version.split()[0]}")
    topic_model_figures()
    if args.topics_only:
        return 0
    for backend in args.backends.split(","):
        url = prepare(backend, args)
        add_top_down(url)
        print(f"[{backend}] {describe(url)}")
        print(
            f"{'page':22} {'cold s':>8} {'warm s':>8} {'queries s':>10} {'cold/queries':>13} {'peak MB':>8}"
        )
        for page, fn in page_queries(url).items():
            query_time = min(timed(fn) for _ in range(2))
            cold, warm = render_times(url, page)
            print(
                f"{page:22} {cold:8.2f} {warm:8.2f} {query_time:10.2f} {cold / query_time:13.1f} {peak_rss_mb():8.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
