"""Chats, subscriptions, anonymous feedback and scrubbed unanswered questions.

Revision ID: 0002_chats
Revises: 0001_content
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_chats"
down_revision: str | None = "0001_content"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables the bot keeps about chats (and the anonymous ones)."""
    op.create_table(
        "chats",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=True),
        sa.Column("blocked", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chats")),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["chats.chat_id"],
            name=op.f("fk_subscriptions_chat_id_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("chat_id", "topic", name=op.f("uq_subscriptions_chat_id")),
    )
    op.create_index(
        op.f("ix_subscriptions_chat_id"), "subscriptions", ["chat_id"], unique=False
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intent_slug", sa.String(length=64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_intent_slug"), "feedback", ["intent_slug"], unique=False)
    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unanswered_questions")),
    )


def downgrade() -> None:
    """Drop the chat tables."""
    op.drop_table("unanswered_questions")
    op.drop_index(op.f("ix_feedback_intent_slug"), table_name="feedback")
    op.drop_table("feedback")
    op.drop_index(op.f("ix_subscriptions_chat_id"), table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_table("chats")
