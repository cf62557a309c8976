"""Curated content: intents with their questions and answers, programs, content versions.

Revision ID: 0001_content
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_content"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the content tables."""
    op.create_table(
        "intents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("jurisdiction", sa.String(length=32), nullable=False),
        sa.Column("reviewed", sa.Date(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("related", sa.JSON(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intents")),
        sa.UniqueConstraint("slug", name=op.f("uq_intents_slug")),
    )
    op.create_table(
        "intent_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intent_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intent_id"],
            ["intents.id"],
            name=op.f("fk_intent_questions_intent_id_intents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intent_questions")),
    )
    op.create_index(
        op.f("ix_intent_questions_intent_id"), "intent_questions", ["intent_id"], unique=False
    )
    op.create_table(
        "intent_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intent_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reviewed", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intent_id"],
            ["intents.id"],
            name=op.f("fk_intent_answers_intent_id_intents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intent_answers")),
        sa.UniqueConstraint("intent_id", "lang", name=op.f("uq_intent_answers_intent_id")),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("reregistration_start", sa.Date(), nullable=True),
        sa.Column("reregistration_end", sa.Date(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("source_title", sa.String(length=200), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("reviewed", sa.Date(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        sa.UniqueConstraint("slug", name=op.f("uq_programs_slug")),
    )
    op.create_table(
        "content_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "seeded_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_versions")),
    )


def downgrade() -> None:
    """Drop the content tables."""
    op.drop_table("content_versions")
    op.drop_table("programs")
    op.drop_table("intent_answers")
    op.drop_index(op.f("ix_intent_questions_intent_id"), table_name="intent_questions")
    op.drop_table("intent_questions")
    op.drop_table("intents")
