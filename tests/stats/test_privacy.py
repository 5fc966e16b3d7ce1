import datetime as dt

import pandas as pd

from hoplr_data.stats.disclosure import suppress


def test_small_counts_and_derived_columns_are_suppressed():
    frame = pd.DataFrame(
        {"registered": [3, 40], "rate": [0.01, 0.2], "posts": [10, 2], "per_week": [2.5, 0.5]}
    )
    out = suppress(frame, {"registered": ["rate"], "posts": ["per_week"]}, k=5)
    assert out["registered"].tolist() == ["< 5", "40"]
    assert out["rate"].tolist() == ["< 5", "0.2"]
    assert out["posts"].tolist() == ["10", "< 5"]
    assert out["per_week"].tolist() == ["2.5", "< 5"]
    assert frame["registered"].tolist() == [3, 40]  # the input is untouched


def test_a_count_derived_from_another_small_count_is_still_judged_by_its_own_value():
    # households 3 (small) hides the contributors of row 0; contributors 2 (small) in row 1
    frame = pd.DataFrame({"households": [3, 40], "contributors": [1, 2], "share": [0.3, 0.05]})
    counts = {"households": ["contributors", "share"], "contributors": ["share"]}
    out = suppress(frame, counts, k=5)  # crashed before: '<' between '< 5' (text) and 5
    assert out["households"].tolist() == ["< 5", "40"]
    assert out["contributors"].tolist() == ["< 5", "< 5"]
    assert out["share"].tolist() == ["< 5", "< 5"]


def test_the_buurten_table_is_suppressed_in_the_domain(engine):
    from hoplr_data.stats.metrics import Scope
    from hoplr_data.stats.series import per_buurt
    from tests.helpers import add_buurten, ev, load

    add_buurten(engine, {"A": 100, "B": 50})
    events = [
        ev("registration", f"2024-01-0{i}T10:00:00", household_id=f"a{i}", buurt="A")
        for i in range(1, 8)
    ]
    events += [
        ev("registration", "2024-01-02T10:00:00", household_id="b1", buurt="B"),
        ev("post", "2024-01-03T12:00:00", id="p1", household_id="b1", buurt="B", text="Hoi"),
    ]
    load(engine, events)
    table = per_buurt(engine, Scope(as_of=dt.date(2024, 1, 31)), k=5).set_index("code")
    assert table.at["A", "households_registered"] == "7"
    assert table.at["B", "households_registered"] == "< 5"
    for derived in ("registration_rate", "contributors", "contributor_share"):
        assert table.at["B", derived] == "< 5", derived
    assert table.at["A", "registration_rate"] == "0.07"
    assert table.at["B", "households_total"] == 50  # reference data is public
