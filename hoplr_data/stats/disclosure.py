"""Disclosure control (the k-rule, docs/figures.md): the one module that decides which counts
are shown.

Primary suppression hides every count from 1 to k-1 ('< k'). Secondary suppression then hides
more cells ('×') until no hidden cell can be worked back from what is shown: the visible
cells, the totals (also those implied by shares) and the knowledge that a '< k' cell holds 1 to
k-1 and a '×' cell at least k. A table is described as a `Grid`: its counts and the additive
relations among them that a reader knows (a row adds up to its total...). For each hidden
cell, the smallest and largest value it can take under those relations is solved as a linear
programme; while one is pinned to a single whole number, the smallest visible cell that shares
a relation with it is hidden as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from hoplr_data.stats.figures import suppression_map

SECONDARY_LABEL = "×"


class Cell(IntEnum):
    """What a reader knows of a count."""

    SHOWN = 0  # the count is printed
    SMALL = 1  # reads '< k': 1 to k-1 (primary suppression)
    HIDDEN = 2  # reads '×': at least k, hidden to protect a small cell (secondary suppression)
    UNKNOWN = 3  # not published at all (a total no table prints): any count from 0


def suppressed_label(k: int) -> str:
    """How a cell under k is shown: '< k'."""
    return f"< {k}"


def cell_label(status: int, k: int) -> str:
    """The text of a hidden cell ('< k' or '×'); '' for a shown one."""
    return {Cell.SMALL: suppressed_label(k), Cell.HIDDEN: SECONDARY_LABEL}.get(status, "")


@dataclass
class Grid:
    """Counts and the relations among them a reader knows: each relation says that the sum of
    its `plus` counts equals the sum of its `minus` counts (parts and their total)."""

    values: list[int] = field(default_factory=list)
    relations: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    totals: set[int] = field(default_factory=set)  # indices that are totals (hidden last)

    def add(self, value: int, *, total: bool = False) -> int:
        """Add a count; its index."""
        self.values.append(int(value))
        if total:
            self.totals.add(len(self.values) - 1)
        return len(self.values) - 1

    def relate(self, parts: list[int], total: list[int] | int) -> None:
        """The counts `parts` add up to `total` (one index, or the sum of several)."""
        whole = (total,) if isinstance(total, int) else tuple(total)
        self.relations.append((tuple(parts), whole))


def primary(values: list[int], k: int) -> list[int]:
    """Cell.SMALL for every count from 1 to k-1, else Cell.SHOWN."""
    return [Cell.SMALL if 0 < v < k else Cell.SHOWN for v in values]


def protect(
    grid: Grid, k: int, status: list[int] | None = None, frozen: set[int] | None = None
) -> list[int]:
    """The status (Cell) of every count after primary and secondary suppression.

    `status` gives what is already decided (e.g. unpublished totals as UNKNOWN, the cells of
    another table); counts in `frozen` keep their status (another table's pattern)."""
    out = list(status) if status is not None else primary(grid.values, k)
    out = [
        Cell.SMALL if s == Cell.SHOWN and 0 < v < k else s
        for s, v in zip(out, grid.values, strict=True)
    ]
    frozen = frozen or set()
    _hide_lone_cells(grid, out, k, frozen)
    cache: dict = {}
    while True:
        stuck = sorted(pinned(grid, out, k, cache), key=lambda c: _fewest_hidden(grid, out, c))
        choice = next(
            (c for c in (_secondary(grid, out, k, p, frozen) for p in stuck) if c is not None),
            None,
        )
        if choice is None:
            return out
        out[choice] = Cell.HIDDEN


def _hide_lone_cells(grid: Grid, status: list[int], k: int, frozen: set[int]) -> None:
    """The classic rule, before any solving: a relation of known counts with a single hidden
    one gets a second (its smallest other count)."""
    changed = True
    while changed:
        changed = False
        for relation in grid.relations:
            members = (*relation[0], *relation[1])
            hidden = [i for i in members if status[i] != Cell.SHOWN]
            if len(hidden) != 1 or status[hidden[0]] == Cell.UNKNOWN:
                continue
            choice = _candidate(grid, status, k, members, frozen)
            if choice is not None:
                status[choice] = Cell.HIDDEN
                changed = True


def _candidate(grid: Grid, status: list[int], k: int, members: tuple, frozen: set[int]):  # noqa: ANN202
    """The smallest shown count (>= k) of the members that may be hidden, totals last."""
    candidates = [
        i for i in members if status[i] == Cell.SHOWN and grid.values[i] >= k and i not in frozen
    ]
    return min(candidates, key=lambda i: (i in grid.totals, grid.values[i], i), default=None)


def _hidden_in(relation: tuple, status: list[int]) -> int:
    return sum(status[i] != Cell.SHOWN for i in (*relation[0], *relation[1]))


def _fewest_hidden(grid: Grid, status: list[int], cell: int) -> int:
    """The fewest hidden counts in a relation of the cell (1: it is alone there)."""
    return min(
        (_hidden_in(r, status) for r in grid.relations if cell in r[0] or cell in r[1]),
        default=0,
    )


def _secondary(grid: Grid, status: list[int], k: int, cell: int, frozen: set[int]) -> int | None:
    """A shown count to hide with a pinned cell: in the cell's relation with the fewest hidden
    counts, the smallest (>= k, a total only when no part will do)."""
    mine = [r for r in grid.relations if cell in r[0] or cell in r[1]]
    for relation in sorted(mine, key=lambda r: _hidden_in(r, status)):
        choice = _candidate(grid, status, k, (*relation[0], *relation[1]), frozen)
        if choice is not None:
            return choice
    return None


def bounds(status: int, k: int) -> tuple[float, float | None]:
    """What a reader knows of a hidden count from its label."""
    if status == Cell.SMALL:
        return (1, k - 1)
    if status == Cell.HIDDEN:
        return (k, None)
    return (0, None)


def pinned(grid: Grid, status: list[int], k: int, cache: dict | None = None) -> list[int]:
    """The hidden counts whose value the shown figures fix to one whole number (`cache` keeps
    the answers of groups of hidden counts that did not change)."""
    cache = {} if cache is None else cache
    out = []
    for component in _components(grid, status):
        key = tuple(sorted(component))
        if key not in cache:
            cache[key] = _component_pinned(grid, status, k, key)
        out += cache[key]
    return out


def _component_pinned(grid: Grid, status: list[int], k: int, component: tuple) -> list[int]:
    """The pinned counts of one group of linked hidden counts.

    The true counts are one solution; a count is free when a solution of the linear programme
    puts it at least 1 away from its true value. One solution frees many counts at once, so
    each programme's solution is used for all: first pushing every open count up and down
    together, then one count at a time for those still open."""
    a_eq, b_eq = _equations(grid, status, component)
    limits = [bounds(status[i], k) for i in component]
    truth = np.array([grid.values[i] for i in component], dtype=float)
    open_ = {p for p, i in enumerate(component) if status[i] != Cell.UNKNOWN}
    tries = [[(p, sign) for p in sorted(open_)] for sign in (1, -1)]
    tries += [[(p, sign)] for p in sorted(open_) for sign in (1, -1)]
    for objective in tries:
        if not any(p in open_ for p, _ in objective):
            continue
        solution = _vertex(objective, len(component), a_eq, b_eq, limits)
        if solution is None:  # unbounded: the one count of the objective is free
            open_ -= {objective[0][0]} if len(objective) == 1 else set()
            continue
        open_ = {p for p in open_ if abs(solution[p] - truth[p]) < 1 - 1e-6}
    return [component[p] for p in sorted(open_)]


def _vertex(objective: list, size: int, a_eq: np.ndarray, b_eq: np.ndarray, limits: list):  # noqa: ANN202
    """A solution maximising (sign 1) or minimising (-1) the objective's counts; None when
    unbounded."""
    weights = np.zeros(size)
    for position, sign in objective:
        weights[position] = -sign
    equations = {"A_eq": a_eq, "b_eq": b_eq} if len(a_eq) else {}
    result = linprog(weights, bounds=limits, method="highs", **equations)
    if result.status == 3:
        return None
    if result.status != 0:  # infeasible: the statuses contradict the values
        raise ValueError("disclosure: the published figures are inconsistent")
    return result.x


def _components(grid: Grid, status: list[int]) -> list[list[int]]:
    """Hidden counts grouped by the relations that link them (each group solved alone)."""
    parent = {i: i for i, s in enumerate(status) if s != Cell.SHOWN}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for plus, minus in grid.relations:
        hidden = [i for i in (*plus, *minus) if i in parent]
        for other in hidden[1:]:
            parent[root(other)] = root(hidden[0])
    groups: dict[int, list[int]] = {}
    for i in parent:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _equations(grid: Grid, status: list[int], component: list[int]) -> tuple:
    """The relations touching a component, with the shown counts moved to the right side."""
    column = {index: n for n, index in enumerate(component)}
    rows, rhs = [], []
    for plus, minus in grid.relations:
        if not any(i in column for i in (*plus, *minus)):
            continue
        row, right = np.zeros(len(component)), 0.0
        for sign, members in ((1, plus), (-1, minus)):
            for i in members:
                if i in column:
                    row[column[i]] += sign
                else:
                    right -= sign * grid.values[i]
        rows.append(row)
        rhs.append(right)
    return np.array(rows), np.array(rhs)


# --- tables ---------------------------------------------------------------------------------


@dataclass
class Table:
    """A two-way table of counts in a grid: cells[r][c], row totals, column totals, grand."""

    cells: np.ndarray
    rows: list[int]
    cols: list[int]
    grand: int


def add_table(grid: Grid, counts: np.ndarray) -> Table:
    """Add a table with its row, column and grand totals (and their relations) to a grid."""
    counts = np.asarray(counts, dtype=int).reshape(len(counts), -1)
    cells = np.array([[grid.add(v) for v in row] for row in counts], dtype=int)
    cells = cells.reshape(counts.shape)
    rows = [grid.add(int(counts[r].sum()), total=True) for r in range(counts.shape[0])]
    cols = [grid.add(int(counts[:, c].sum()), total=True) for c in range(counts.shape[1])]
    grand = grid.add(int(counts.sum()), total=True)
    for r, total in enumerate(rows):
        grid.relate(list(cells[r]), total)
    for c, total in enumerate(cols):
        grid.relate(list(cells[:, c]), total)
    grid.relate(rows, grand)
    grid.relate(cols, grand)
    return Table(cells, rows, cols, grand)


def protect_table(
    counts: np.ndarray, k: int, *, row_totals: bool = True, col_totals: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Statuses of a table's cells, row totals, column totals and grand total; totals that are
    not published are UNKNOWN (the grand total is published when both kinds are)."""
    grid = Grid()
    table = add_table(grid, counts)
    status = primary(grid.values, k)
    for published, indices in ((row_totals, table.rows), (col_totals, table.cols)):
        for i in [] if published else indices:
            status[i] = Cell.UNKNOWN
    if not (row_totals or col_totals):
        status[table.grand] = Cell.UNKNOWN
    done = protect(grid, k, status)
    pick = np.vectorize(lambda i: done[i])
    return (
        pick(table.cells) if table.cells.size else table.cells,
        np.array([done[i] for i in table.rows], dtype=int),
        np.array([done[i] for i in table.cols], dtype=int),
        done[table.grand],
    )


def protect_line(counts: list[int], k: int, total_shown: bool = True) -> list[int]:
    """Statuses of a line of counts whose total is shown (weeks of a series, answers...)."""
    cells, _, _, _ = protect_table(np.array([counts]), k, row_totals=total_shown, col_totals=False)
    return [int(s) for s in cells[0]]


def protect_breakdown(cells: dict, k: int, *, total_published: bool) -> dict:
    """Statuses of a count per category ('totals', published) broken down by group (rows of
    `cells`, one count per category; the group None is not published, nor are the groups'
    own totals); the categories add up to a published total when `total_published` (one
    answer per respondent). Returns each group's statuses and the totals' under 'totals'."""
    names = list(cells)
    width = len(next(iter(cells.values()))) if cells else 0
    grid = Grid()
    table = add_table(grid, np.array([cells[n] for n in names]).reshape(len(names), width))
    status = primary(grid.values, k)
    for r, name in enumerate(names):
        unpublished = [table.rows[r], *(table.cells[r] if name is None else [])]
        for i in unpublished:
            status[i] = Cell.UNKNOWN
    if not total_published:
        status[table.grand] = Cell.UNKNOWN
    done = protect(grid, k, status)
    out: dict = {name: [done[i] for i in table.cells[r]] for r, name in enumerate(names)}
    out["totals"] = [done[i] for i in table.cols] if names else [Cell.SHOWN] * width
    return out


# --- frames ---------------------------------------------------------------------------------


def suppress(frame: pd.DataFrame, counts: dict[str, list[str]], k: int) -> pd.DataFrame:
    """Replace each count below k, and the columns derived from it, by '< k'.

    `counts` maps a count column to the columns computed from it (rates, means) that would
    reveal it. Columns with a suppressed cell become text columns (numbers kept as text), so
    that they stay one type for tables and CSV files. Which cells are small is decided on the
    input, so a count that is also derived from another (contributors from households) is
    judged by its own value.
    """
    out = frame.copy()
    label = suppressed_label(k)
    hide = {}
    for column, derived in counts.items():
        small = frame[column].notna() & (frame[column] < k)
        for name in [column, *derived]:
            hide[name] = hide[name] | small if name in hide else small
    for name, hidden in hide.items():
        if hidden.any():
            out[name] = [
                label if h else _as_text(v) for h, v in zip(hidden, frame[name], strict=True)
            ]
    return out


def suppress_figures(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """A frame of registry figures (one row per buurt, week...) with the k-rule applied: every
    k-rule count under k, and each figure derived from it, reads '< k'."""
    return suppress(frame, suppression_map(list(frame.columns)), k)


def hide_marked(frame: pd.DataFrame, columns: list[str], k: int) -> pd.DataFrame:
    """The marked cells of the columns read their label ('< k' or '×', from a `mark` column
    when there is one), columns with one become text; the marks themselves are dropped."""
    hidden = frame["suppressed"]
    labels = frame["mark"] if "mark" in frame else [suppressed_label(k)] * len(frame)
    out = frame.drop(columns=[c for c in ("suppressed", "mark") if c in frame])
    if hidden.any():
        for name in columns:
            out[name] = [
                label if h else _as_text(v)
                for h, label, v in zip(hidden, labels, frame[name], strict=True)
            ]
    return out


def _as_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if value == value else ""
    return str(value)
