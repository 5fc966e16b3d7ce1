"""The navigation: every page, its label key, icon and the capability it requires."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    """One page of the dashboard."""

    path: str
    label_key: str
    icon: str
    capability: str


NAV: tuple[NavItem, ...] = (
    NavItem("app.py", "nav.overview", ":material/dashboard:", "statistics"),
    NavItem("pages/1_Buurten.py", "nav.buurten", ":material/holiday_village:", "statistics"),
    NavItem("pages/2_Topics.py", "nav.topics", ":material/forum:", "statistics"),
    NavItem("pages/3_Inbox.py", "nav.inbox", ":material/inbox:", "triage"),
    NavItem("pages/4_Publish.py", "nav.publish", ":material/campaign:", "publish"),
    NavItem("pages/5_Results.py", "nav.results", ":material/insights:", "statistics"),
    NavItem(
        "pages/6_Notifications.py", "nav.notifications", ":material/notifications:", "statistics"
    ),
    NavItem("pages/9_Admin.py", "nav.admin", ":material/admin_panel_settings:", "administer"),
)

MAX_ID = 2**31 - 1  # the database's integer ids


def query_id(raw: str | None) -> int | None:
    """A database id from a query parameter, or None for anything else: only ASCII digits
    (str.isdigit also accepts '²' and '٣', which int() refuses or reads), 1 to MAX_ID."""
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None
