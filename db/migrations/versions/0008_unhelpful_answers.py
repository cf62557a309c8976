"""Unhelpful answers: a question shared after its answer was marked 👎 keeps that answer's slug.

Revision ID: 0008_unhelpful_answers
Revises: 0007_asked_questions
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_unhelpful_answers"
down_revision: str | None = "0007_asked_questions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the answered column; questions kept before it were all unanswered (None)."""
    with op.batch_alter_table("unanswered_questions") as batch:
        batch.add_column(sa.Column("answered", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Drop the answered column."""
    with op.batch_alter_table("unanswered_questions") as batch:
        batch.drop_column("answered")
