"""Roles and the capabilities they grant (docs/privacy-security.md, Roles)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hoplr_data.core.errors import NotAllowed

ROLES = ("admin", "community_builder", "case_handler", "viewer")

CAPABILITIES: dict[str, frozenset[str]] = {
    "statistics": frozenset(ROLES),
    "read_bottom_up": frozenset({"admin", "case_handler"}),
    "triage": frozenset({"admin", "case_handler"}),
    "publish": frozenset({"admin", "community_builder"}),
    "invitations": frozenset({"admin", "community_builder"}),
    "administer": frozenset({"admin"}),
}


class PermissionDenied(NotAllowed):
    """The acting user lacks the capability for an action (code `auth.not_authorised`)."""

    def __init__(self, capability: str) -> None:
        super().__init__(capability=capability)
        self.capability = capability


def allows(roles: Iterable[str] | None, capability: str) -> bool:
    """True when any of the roles grants the capability."""
    return bool(set(roles or ()) & CAPABILITIES[capability])


def require(roles: Iterable[str] | None, capability: str) -> None:
    """Raise PermissionDenied unless one of the roles grants the capability."""
    if not allows(roles, capability):
        raise PermissionDenied(capability)


@dataclass(frozen=True)
class Actor:
    """Who acts: username and roles (the service layer checks the roles again on every write)."""

    username: str
    roles: tuple[str, ...]

    def require(self, capability: str) -> None:
        """Raise PermissionDenied unless one of the actor's roles grants the capability."""
        require(self.roles, capability)
