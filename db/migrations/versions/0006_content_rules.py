"""Content rules seeded with the content: topics, program kinds and statuses (rules.yaml).

Revision ID: 0006_content_rules
Revises: 0005_broadcasts
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_content_rules"
down_revision: str | None = "0005_broadcasts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add content_versions.rules (empty for versions seeded before the rules were)."""
    with op.batch_alter_table("content_versions") as batch:
        batch.add_column(sa.Column("rules", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop content_versions.rules."""
    with op.batch_alter_table("content_versions") as batch:
        batch.drop_column("rules")
