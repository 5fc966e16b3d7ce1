"""Why a domain action was refused: one base class carrying a catalog code the UI translates.

Every refusal a user can see derives from `DomainError`: `code` is a catalog key and `params` its
placeholders. The UI catches `DomainError` and shows `t(code, **params)`; nothing else is needed
to report a refusal in the user's language.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused action; `code` is a catalog key, `params` the values of its placeholders."""

    default_code = "error.refused"

    def __init__(self, code: str | None = None, **params: object) -> None:
        self.code = code or self.default_code
        self.params = params
        super().__init__(self.code)


class Invalid(DomainError, ValueError):
    """The input breaks a rule (a required field, a format, a transition, a taken code)."""


class NotFound(DomainError, LookupError):
    """The row the action is about does not exist (any more)."""

    default_code = "error.not_found"


class NotAllowed(DomainError, PermissionError):
    """The acting user lacks the capability for the action."""

    default_code = "auth.not_authorised"


class StaleEdit(DomainError):
    """The row changed since the user loaded it (optimistic locking refused the write)."""

    default_code = "error.stale_edit"
