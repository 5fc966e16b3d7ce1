"""The registry of figures: for each key its kind, its texts, the k-rule and how weeks combine.

The definitions themselves (SQL) are in hoplr_data.stats.metrics; this module is plain data so
that formatting (cards, tables, hoplr_data.core.i18n) and disclosure control read one source.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a figure's number is; it decides its precision and unit when shown."""

    COUNT = "count"
    SHARE = "share"
    MEAN = "mean"
    PER_HOUSEHOLD = "per_household"


class Weekly(StrEnum):
    """How the per-week values of a figure give its value for the whole scope."""

    SUM = "sum"  # the summary is the sum over the weeks of the period
    LAST = "last"  # the summary is the value of the last week (a stock, measured at its end)
    RECENT_MEAN = "recent_mean"  # the mean over the last complete weeks (RECENT_WEEKS)
    NONE = "none"  # not broken down by week


FORMAT_OF_KIND = {
    Kind.COUNT: "count",
    Kind.SHARE: "share",
    Kind.MEAN: "mean",
    Kind.PER_HOUSEHOLD: "mean",
}


@dataclass(frozen=True)
class Figure:
    """One figure: its key, kind, whether the k-rule applies and how it is broken down."""

    key: str
    kind: Kind
    weekly: Weekly = Weekly.NONE
    k_rule: bool = False  # a count of households or items: suppressed under k when per buurt/week
    derived_from: tuple[str, ...] = ()  # counts whose suppression must hide this figure too
    weekly_column: str | None = None  # its column in the weekly frame (hoplr_data.stats.series)
    in_summary: bool = True  # a figure of docs/figures.md (False: a per-buurt building block)

    @property
    def label_key(self) -> str:
        """Catalog key of the figure's name."""
        return f"metric.{self.key}"

    @property
    def help_key(self) -> str:
        """Catalog key of the figure's definition (its tooltip)."""
        return f"metric.{self.key}.help"

    @property
    def format(self) -> str:
        """The number format of hoplr_data.core.i18n.fmt_value: count, share or mean."""
        return FORMAT_OF_KIND[self.kind]


C, S, M, H = Kind.COUNT, Kind.SHARE, Kind.MEAN, Kind.PER_HOUSEHOLD
REGISTERED = ("households_registered",)

REGISTRY: tuple[Figure, ...] = (
    Figure("neighbourhoods", C),
    Figure("households_total", C),
    Figure("households_registered", C, Weekly.LAST, True, (), "households_registered"),
    Figure("registration_rate", S, Weekly.LAST, False, REGISTERED, "registration_rate"),
    Figure("registrations_via_invite", C, Weekly.SUM, True, (), "registrations_via_invite"),
    Figure("registrations_organic", C, Weekly.SUM, True, (), "registrations_organic"),
    Figure("new_registrations_per_month_recent", M),
    Figure("posts_total", C, Weekly.SUM, True, (), "posts"),
    Figure("posts_per_week_recent", M, Weekly.RECENT_MEAN, False, ("posts_recent",), "posts"),
    Figure(
        "reactions_per_week_recent", M, Weekly.RECENT_MEAN, False, ("reactions_recent",),
        "reactions",
    ),  # fmt: skip
    Figure(
        "weekly_active_share_recent", S, Weekly.RECENT_MEAN, False, REGISTERED,
        "weekly_active_share",
    ),  # fmt: skip
    Figure("contributor_share", S, Weekly.NONE, False, (*REGISTERED, "contributors")),
    Figure("interactions_total", C, Weekly.SUM, True, (), "interactions"),
    Figure(
        "interactions_per_household", H, Weekly.NONE, False, (*REGISTERED, "interactions_total")
    ),
    Figure("events_organised", C, Weekly.SUM, True, (), "events_organised"),
    Figure("event_interested", C, Weekly.SUM, True, (), "event_interested"),
    Figure("event_attending", C, Weekly.SUM, True, (), "event_attending"),
    Figure("bottom_up_reports", C, Weekly.SUM, True, (), "bottom_up_reports"),
    Figure("bottom_up_ideas", C, Weekly.SUM, True, (), "bottom_up_ideas"),
    Figure("top_down_posts", C, Weekly.SUM, False, (), "top_down_posts"),
    # building blocks of the Buurten table (not summary figures)
    Figure("contributors", C, Weekly.NONE, True, REGISTERED, in_summary=False),
    Figure("posts_recent", C, Weekly.NONE, True, in_summary=False),
    Figure("reactions_recent", C, Weekly.NONE, True, in_summary=False),
)

FIGURES: dict[str, Figure] = {f.key: f for f in REGISTRY}
FIGURE_KEYS: tuple[str, ...] = tuple(f.key for f in REGISTRY if f.in_summary)
# Columns of the weekly frame that are no registry figure but have a kind of their own
WEEKLY_EXTRA_FORMATS = {"active_households": "count", "appreciations": "count", "reactions": "count"}


def figure(key: str) -> Figure:
    """The registry entry of a figure key; KeyError for an unknown key."""
    return FIGURES[key]


def figure_format(key: str) -> str:
    """The number format (count, share, mean) of a figure key; unknown keys count."""
    found = FIGURES.get(key)
    return found.format if found else WEEKLY_EXTRA_FORMATS.get(key, "count")


def suppression_map(columns: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
    """For each k-rule count among the columns, the columns derived from it (to hide with it)."""
    present = [c for c in columns if c in FIGURES]
    return {
        key: [d for d in present if key in FIGURES[d].derived_from]
        for key in present
        if FIGURES[key].k_rule
    }
