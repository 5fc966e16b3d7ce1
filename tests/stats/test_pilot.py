"""The seeded Den Haag pilot reproduces the reference figures from row-level data."""

import json
from pathlib import Path

from hoplr_data.core.db import make_engine
from hoplr_data.stats.metrics import FIGURE_KEYS
from hoplr_data.stats.queries import make_scope

REFERENCE = Path(__file__).resolve().parents[2] / "seed" / "reference" / "den_haag_pilot.json"


def reference_figures() -> dict:
    return json.loads(REFERENCE.read_text())["figures"]


def assert_in_reference_ranges(figures: dict) -> None:
    for key, ref in reference_figures().items():
        assert ref["min"] <= figures[key] <= ref["max"], (
            f"{key}={figures[key]} not in [{ref['min']}, {ref['max']}]"
        )


def test_cli_summary_matches_reference(pilot_db_url, monkeypatch, capsys):
    from hoplr_data.__main__ import main

    monkeypatch.setenv("DATABASE_URL", pilot_db_url)
    assert main(["summary", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(FIGURE_KEYS) <= set(figures)
    assert_in_reference_ranges(figures)
    assert figures["households_total"] == 34480
    assert_surveys_match_reference(figures["surveys"])


def assert_surveys_match_reference(surveys: list[dict]) -> None:
    """Each reference survey answer share is met by a question with that text."""
    for ref in json.loads(REFERENCE.read_text())["surveys"]:
        questions = [q for s in surveys for q in s["questions"] if q["text"] == ref["question_nl"]]
        assert len(questions) == 1, ref["question_nl"]
        shares = {o["option"]: o["share"] for o in questions[0]["options"]}
        assert ref["min"] <= shares[ref["answer"]] <= ref["max"], shares


def test_summary_for_some_buurten_and_an_earlier_date(pilot_db_url, monkeypatch, capsys):
    from hoplr_data.__main__ import main

    monkeypatch.setenv("DATABASE_URL", pilot_db_url)
    assert (
        main(
            [
                "summary",
                "--format",
                "json",
                "--buurt",
                "DH-DUI",
                "--buurt",
                "DH-KDN",
                "--as-of",
                "2020-03-01",
            ]
        )
        == 0
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["neighbourhoods"] == 2
    assert figures["households_total"] == 3480 + 2540
    assert 0 < figures["households_registered"] < 4100
    assert main(["summary", "--buurt", "NOPE"]) == 2


def test_pilot_story_lockdown_spike(pilot_db_url):
    from hoplr_data.stats.series import weekly

    engine = make_engine(pilot_db_url)
    frame = weekly(engine, make_scope(engine, codes=None, as_of=None)).set_index("week")
    lockdown_week = frame.loc["2020-03-16"]
    before = frame.loc["2020-03-02"]
    assert lockdown_week["posts"] > 2 * before["posts"]
    assert (
        frame["registrations_via_invite"].iloc[:4].sum()
        > frame["registrations_organic"].iloc[:4].sum()
    )
    assert len(frame) == 26


def test_another_seed_gives_other_rows_that_still_match(tmp_path):
    from hoplr_data.stats.metrics import summary
    from hoplr_data.top_down.results import survey_summaries
    from seed.load import load_pilot

    engine = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    load_pilot(engine, seed=7, demo_users=False)
    scope = make_scope(engine, codes=None, as_of=None)
    figures = summary(engine, scope)
    assert_in_reference_ranges(figures)
    assert_surveys_match_reference(survey_summaries(engine, scope, k=5, language="nl"))
