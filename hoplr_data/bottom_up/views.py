"""Saved inbox views: named selections of the inbox that depend on who looks.

A view is stored by its code only (the Inbox keeps the user's choice across pages); what it
selects is decided here, for one user: "mine" and "recently handled by me" are that user's items,
"my department" that user's department, whatever filters the user chose besides. The Inbox page
only draws the choice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hoplr_data.bottom_up.inbox import InboxFilter
from hoplr_data.core.errors import Invalid
from hoplr_data.core.models import User

VIEWS = ("open", "mine", "my_department", "unassigned", "late", "recent", "all")
DEFAULT_VIEW = "open"
OPEN_ONLY_VIEWS = frozenset({"open", "mine", "my_department", "unassigned", "late"})
LATE = ("late", "very_late")
NO_DEPARTMENT = "-"  # no department has this code: "my department" of a user without one is empty


@dataclass(frozen=True)
class Viewer:
    """The user a view is for: their username and department (None: not in a department)."""

    username: str
    department_code: str | None = None


def viewer(engine: Engine, username: str) -> Viewer:
    """The viewer for an active user (an unknown or deactivated user has no department)."""
    with Session(engine) as session:
        department = session.scalar(
            select(User.department_code).where(User.username == username, User.active)
        )
    return Viewer(username=username, department_code=department)


def known_view(code: object) -> str:
    """A stored view code if it still exists, else the default view (stored choices may be old)."""
    return code if isinstance(code, str) and code in VIEWS else DEFAULT_VIEW


def apply_view(view: str, chosen: InboxFilter, who: Viewer) -> InboxFilter:
    """The filter a view yields for this user, on top of the filters the user chose.

    The view's own condition wins over a chosen filter on the same field ("mine" lists only the
    viewer's items whatever assignees were chosen); "late" keeps a chosen lateness if there is one.
    """
    if view not in VIEWS:
        raise Invalid("inbox.view_unknown", view=str(view))
    changes: dict[str, object] = {
        "open_only": view in OPEN_ONLY_VIEWS,
        "handled_by": who.username if view == "recent" else "",
    }
    if view == "mine":
        changes["assignees"] = (who.username,)
    elif view == "my_department":
        changes["departments"] = (who.department_code or NO_DEPARTMENT,)
    elif view == "unassigned":
        changes["assignees"] = ("",)
    elif view == "late":
        changes["punctuality"] = chosen.punctuality or LATE
    return dataclasses.replace(chosen, **changes)
