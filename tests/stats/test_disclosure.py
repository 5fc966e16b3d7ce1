"""Primary and secondary suppression on small hand-made tables (expected results by hand).

Statuses: 0 shown, 1 '< k' (1 to k-1), 2 '×' (hidden to protect another cell, at least k).
"""

import numpy as np

from hoplr_data.stats.disclosure import (
    Cell,
    Grid,
    add_table,
    cell_label,
    pinned,
    primary,
    protect,
    protect_line,
    protect_table,
)

S, P, X = Cell.SHOWN, Cell.SMALL, Cell.HIDDEN


def test_primary_hides_1_to_k_minus_1_never_0():
    assert primary([0, 1, 4, 5, 12], 5) == [S, P, P, S, S]


def test_one_small_cell_in_a_line_with_its_total_gets_a_partner():
    # 4 + 20 + 30 = 54 shown: 4 alone would be 54 - 50. The next smallest (20) goes with it;
    # then 4 + x = 24 with x >= 5 leaves 4 anywhere in 1..4.
    assert protect_line([4, 20, 30], 5) == [P, X, S]


def test_two_small_cells_whose_sum_would_pin_them_get_a_third():
    # 1 + 1 = 72 - 70: both in 1..4 with sum 2 means both are 1. Hiding 30 as well leaves
    # a + b = 32 - c with c >= 5: a in 1..4 again.
    assert protect_line([1, 1, 30, 40], 5) == [P, P, X, S]


def test_two_small_cells_with_room_need_no_partner():
    # 2 + 3 = 5 with both in 1..4: each is 1..4 (2 could be 1, 2, 3, 4)
    assert protect_line([2, 3, 30], 5) == [P, P, S]


def test_a_line_of_one_small_cell_and_zeros_has_a_small_total():
    # 4 + 0 + 0 = 4: the total is under k itself, so it is hidden and x = total in 1..4
    cells, rows, _, _ = protect_table(np.array([[4, 0, 0]]), 5, col_totals=False)
    assert cells.tolist() == [[P, S, S]] and rows.tolist() == [P]


def test_a_two_way_table_hides_a_rectangle():
    # 4 is alone in row 0 and column 0: the smallest partner in its row is 20 (row 0), which
    # is then alone in column 1; in column 0 the partner is 10 and 10 is alone in row 1, whose
    # smallest other cell 12 closes the rectangle 4, 20 / 10, 12 (4 moves 1..4, the others
    # follow). Totals stay shown.
    counts = np.array([[4, 20, 30], [10, 12, 40], [25, 30, 50]])
    cells, rows, cols, grand = protect_table(counts, 5)
    assert cells.tolist() == [[P, X, S], [X, X, S], [S, S, S]]
    assert rows.tolist() == [S, S, S] and cols.tolist() == [S, S, S] and grand == S


def test_small_diagonal_cells_protect_each_other():
    # 3 and 2 sit in different rows and columns; 3's row partner is 30 and column partner 25,
    # 2's are 25 (row 2) and 30 (column 2): 3, 30 / 25, 2 is a rectangle, nothing more.
    counts = np.array([[3, 0, 30], [0, 12, 40], [25, 30, 2]])
    cells, *_ = protect_table(counts, 5)
    assert cells.tolist() == [[P, S, X], [S, S, S], [X, S, P]]


def test_unpublished_totals_protect_nothing_and_need_nothing():
    # no totals printed: a lone small cell cannot be worked back
    cells, rows, cols, grand = protect_table(
        np.array([[4, 20, 30]]), 5, row_totals=False, col_totals=False
    )
    assert cells.tolist() == [[P, S, S]]
    assert rows.tolist() == [Cell.UNKNOWN] and grand == Cell.UNKNOWN


def test_frozen_cells_keep_their_status():
    # 4 + 20 = 24 where 20 belongs to another table's pattern: only the total is left to hide
    # (totals go last); 4 + 20 = t with t unknown leaves 4 free. With the total frozen as
    # well, nothing can be added and the 4 stays pinned (the audit would say so).
    grid = Grid()
    a, b, total = grid.add(4), grid.add(20), grid.add(24, total=True)
    grid.relate([a, b], total)
    assert protect(grid, 5, frozen={b}) == [P, S, X]
    status = protect(grid, 5, frozen={b, total})
    assert status == [P, S, S]
    assert pinned(grid, status, 5) == [a]


def test_no_hidden_cell_is_pinned_after_protection():
    rng = np.random.default_rng(11)
    for _ in range(20):
        counts = rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40], size=(4, 5))
        grid = Grid()
        add_table(grid, counts)
        status = protect(grid, 5)
        assert all(status[i] == P for i, v in enumerate(grid.values) if 0 < v < 5)
        assert pinned(grid, status, 5) == [], counts


def test_labels():
    assert cell_label(P, 5) == "< 5" and cell_label(X, 5) == "×" and cell_label(S, 5) == ""
