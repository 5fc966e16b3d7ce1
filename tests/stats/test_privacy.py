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
