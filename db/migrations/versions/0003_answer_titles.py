"""Answer titles: each intent names itself on buttons and menus, per language, from its file.

Revision ID: 0003_answer_titles
Revises: 0002_chats
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_answer_titles"
down_revision: str | None = "0002_chats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the title column; existing rows get an empty title until the next seed fills it."""
    with op.batch_alter_table("intent_answers") as batch:
        batch.add_column(sa.Column("title", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    """Drop the title column."""
    with op.batch_alter_table("intent_answers") as batch:
        batch.drop_column("title")
