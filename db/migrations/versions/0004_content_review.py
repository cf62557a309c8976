"""Content review: curators, the language of each 👍/👎, "did you mean" choices offered and taken.

Revision ID: 0004_content_review
Revises: 0003_answer_titles
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_content_review"
down_revision: str | None = "0003_answer_titles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add curators, feedback.lang (empty for old votes) and the suggestion_events table."""
    for table in ("intents", "programs"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("curator", sa.String(length=60), nullable=True))
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("lang", sa.String(length=2), nullable=True))
    op.create_table(
        "suggestion_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intent_slug", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("event", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_events")),
    )
    op.create_index(
        op.f("ix_suggestion_events_intent_slug"),
        "suggestion_events",
        ["intent_slug"],
        unique=False,
    )


def downgrade() -> None:
    """Drop the suggestion_events table, feedback.lang and the curators."""
    op.drop_index(op.f("ix_suggestion_events_intent_slug"), table_name="suggestion_events")
    op.drop_table("suggestion_events")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("lang")
    for table in ("programs", "intents"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("curator")
