"""python -m seed --scenario den-haag-pilot|city [--seed N] [...]: generate and ingest a scenario."""

from __future__ import annotations

import argparse
import sys
import time

from hoplr_data.core.config import get_settings
from hoplr_data.core.db import make_engine

from . import load


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and load the scenario into DATABASE_URL (or the embedded SQLite file)."""
    parser = argparse.ArgumentParser(prog="python -m seed")
    parser.add_argument("--scenario", choices=["den-haag-pilot", "city"], default="den-haag-pilot")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--buurten", type=int, default=120)
    parser.add_argument("--households", type=int, default=270_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--no-demo-users", action="store_true")
    args = parser.parse_args(argv)
    engine = make_engine(get_settings().database_url, bulk_load=True)
    started = time.perf_counter()
    if args.scenario == "den-haag-pilot":
        result = load.load_pilot(engine, args.seed, demo_users=not args.no_demo_users)
    else:
        from . import city

        specs, targets = city.scenario(args.seed, args.buurten, args.households, args.weeks)
        result = load.load(engine, specs, targets, args.seed)
    report = result.report
    print(
        f"{args.scenario}: {result.buurten} buurten, {result.invitation_codes} invitation codes, "
        f"{report.lines} events, {report.imported_total} imported, {len(report.rejected)} rejected "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for r in report.rejected[:10]:
        print(f"  line {r.line}: {r.reason} {r.field}", file=sys.stderr)
    return 1 if report.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
