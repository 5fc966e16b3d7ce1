"""ingest natural keys: every row ingest writes has a unique key from its event id

Survey answers get `seq` (the place of the part in the answer) and a unique key (response,
question, seq); a report's or idea's `created` history row carries the item's id as its event id,
and history rows are unique on (event id, action). Rows doubled by parallel imports before this
revision are removed first (the lowest id stays).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _same(column: str, dialect: str) -> str:
    """SQL that row `b` holds the same value as the outer survey_answer row (NULLs equal)."""
    operator = "IS NOT DISTINCT FROM" if dialect == "postgresql" else "IS"
    return f"b.{column} {operator} survey_answer.{column}"


def _dedupe_answers(dialect: str) -> None:
    """Delete survey answers that repeat an earlier row of the same response and question."""
    same = " AND ".join(_same(c, dialect) for c in ("option", "score", "text"))
    op.execute(
        "DELETE FROM survey_answer WHERE EXISTS (SELECT 1 FROM survey_answer b "
        "WHERE b.response_id = survey_answer.response_id AND b.question = survey_answer.question "
        f"AND b.id < survey_answer.id AND {same})"
    )
    op.execute(
        "UPDATE survey_answer SET seq = (SELECT COUNT(*) FROM survey_answer b "
        "WHERE b.response_id = survey_answer.response_id AND b.question = survey_answer.question "
        "AND b.id < survey_answer.id)"
    )


def _dedupe_created() -> None:
    """Keep one `created` history row per item, with the item's id as its event id."""
    op.execute(
        "DELETE FROM item_event WHERE action = 'created' AND EXISTS (SELECT 1 FROM item_event b "
        "WHERE b.item_id = item_event.item_id AND b.action = 'created' AND b.id < item_event.id)"
    )
    op.execute("UPDATE item_event SET event_id = item_id WHERE action = 'created'")


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    with op.batch_alter_table("survey_answer") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=False, server_default="0"))
    _dedupe_answers(dialect)
    with op.batch_alter_table("survey_answer") as batch:
        batch.create_unique_constraint("uq_survey_answer_part", ["response_id", "question", "seq"])
    with op.batch_alter_table("item_event") as batch:
        batch.drop_index("ux_item_event_event_id")  # a reply's id may equal an item's id
    _dedupe_created()
    with op.batch_alter_table("item_event") as batch:
        batch.create_index("ux_item_event_event", ["event_id", "action"], unique=True)


def downgrade() -> None:
    op.execute("UPDATE item_event SET event_id = NULL WHERE action = 'created'")
    with op.batch_alter_table("item_event") as batch:
        batch.drop_index("ux_item_event_event")
        batch.create_index("ux_item_event_event_id", ["event_id"], unique=True)
    with op.batch_alter_table("survey_answer") as batch:
        batch.drop_constraint("uq_survey_answer_part", type_="unique")
        batch.drop_column("seq")
