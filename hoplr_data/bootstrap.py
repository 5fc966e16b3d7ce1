"""A working database from an empty one: migrations, reference data, the first administrator.

`bootstrap` is the one way a database is made ready; the CLI (`python -m hoplr_data init`), the
app's first start and the demo seed all call it, and it is safe to call again at any time.
"""

from __future__ import annotations

from sqlalchemy import Engine

from hoplr_data.bottom_up.defaults import ensure_defaults
from hoplr_data.core.db import migrate, session_scope
from hoplr_data.users.accounts import check_new_password, create_user


def bootstrap(engine: Engine) -> None:
    """Apply pending migrations, then create the reference data that is missing (idempotent).

    Reference data: the default departments, categories (with handling terms) and standard reply
    texts, so that reports and ideas can be imported and handled on a fresh database.
    """
    migrate(engine)
    ensure_defaults(engine)


def create_admin(
    engine: Engine, *, username: str, name: str, password: str, language: str = "nl"
) -> str:
    """Create an administrator (the first user of a production database); returns the username.

    The password must pass the policy every person's password passes; a taken username, an unknown
    language or an empty name is refused with a UserError carrying a catalog code.
    """
    check_new_password(password)
    with session_scope(engine) as session:
        user = create_user(
            session,
            username=username,
            name=name or username,
            password=password,
            roles=["admin"],
            language=language,
        )
        return user.username
