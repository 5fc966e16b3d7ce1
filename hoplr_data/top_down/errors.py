"""Why a publication action was refused: a catalog code, and for a refused publish the problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hoplr_data.core.errors import StaleEdit
from hoplr_data.users.accounts import UserError

if TYPE_CHECKING:
    from hoplr_data.top_down.validation import Problem


class PublicationError(UserError):
    """A refused action, with a catalog code (and the problems found, for a refused publish)."""

    def __init__(self, code: str, problems: list[Problem] | None = None) -> None:
        super().__init__(code)
        self.problems = problems or []


class StalePublication(PublicationError, StaleEdit):
    """Someone else changed the publication since the user loaded it."""

    def __init__(self) -> None:
        super().__init__("error.stale_edit")
