"""Questions people asked in public, labelled, for the matcher's learned view.

Revision ID: 0007_asked_questions
Revises: 0006_content_rules
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_asked_questions"
down_revision: str | None = "0006_content_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create asked_questions (filled by the next seed)."""
    op.create_table(
        "asked_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asked_questions")),
    )


def downgrade() -> None:
    """Drop asked_questions."""
    op.drop_table("asked_questions")
