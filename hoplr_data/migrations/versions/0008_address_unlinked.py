"""addresses unlinked: memberships keep the invitation wave, never a per-address code

Every invitation code gets its letter wave (the day the code was made, as an ISO date); every
membership whose code belonged to its own buurt keeps that wave in `invite_wave` (a wrong code,
or another buurt's, stays organic: NULL, as the funnel counted it); then `membership.invite_code`
is dropped, so no membership can be joined to the address of its letter any more.

The downgrade restores the columns' shape but not which code a membership used: that link is
gone on purpose.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_code = sa.table(
    "invitation_code",
    sa.column("code", sa.String),
    sa.column("buurt_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("wave", sa.String),
)
_membership = sa.table(
    "membership",
    sa.column("buurt_id", sa.Integer),
    sa.column("invite_code", sa.String),
    sa.column("invite_wave", sa.String),
)


def _name_waves() -> None:
    """Set each code's wave to the date of its creation, 'YYYY-MM-DD' (also as offline SQL)."""
    day = sa.func.substr(sa.cast(_code.c.created_at, sa.String), 1, 10)
    op.execute(_code.update().values(wave=day))


def _keep_waves() -> None:
    """Each membership keeps the wave of its code when the code belongs to its buurt."""
    wave = (
        sa.select(_code.c.wave)
        .where(_code.c.code == _membership.c.invite_code)
        .where(_code.c.buurt_id == _membership.c.buurt_id)
        .scalar_subquery()
    )
    op.execute(
        _membership.update().where(_membership.c.invite_code.is_not(None)).values(invite_wave=wave)
    )


def upgrade() -> None:
    with op.batch_alter_table("invitation_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wave", sa.String(length=32), nullable=True))
    _name_waves()
    with op.batch_alter_table("invitation_code", schema=None) as batch_op:
        batch_op.alter_column("wave", existing_type=sa.String(length=32), nullable=False)
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invite_wave", sa.String(length=32), nullable=True))
    _keep_waves()
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("invite_code")


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invite_code", sa.String(length=32), nullable=True))
        batch_op.drop_column("invite_wave")
    with op.batch_alter_table("invitation_code", schema=None) as batch_op:
        batch_op.drop_column("wave")
