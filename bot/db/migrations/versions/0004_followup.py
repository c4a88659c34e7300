"""Follow-up: scheduled follow-ups, check-ins and how each action stood at each.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _team() -> sa.Column:
    return sa.Column(
        "team_id", sa.String(32), sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer, primary_key=True),
        _team(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column(
            "action_id",
            sa.Integer,
            sa.ForeignKey("plan_actions.id", ondelete="CASCADE"),
            nullable=True,
        ),
        _ts("due_at"),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        _ts("next_try_at", nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        _ts("claimed_at", nullable=True),
        _ts("sent_at", nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_followups_team_id", "followups", ["team_id"])
    op.create_index("ix_followups_status_due", "followups", ["status", "due_at"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        _team(),
        sa.Column("stage", sa.String(30), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("helped", sa.Text, nullable=False),
        sa.Column("hindered", sa.Text, nullable=False),
        sa.Column("learned", sa.Text, nullable=False),
        _ts("started_at"),
        _ts("finished_at", nullable=True),
    )
    op.create_index("ix_checkins_team_id", "checkins", ["team_id"])
    op.create_table(
        "checkin_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "checkin_id",
            sa.Integer,
            sa.ForeignKey("checkins.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "action_id",
            sa.Integer,
            sa.ForeignKey("plan_actions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(20), nullable=True),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_checkin_items_checkin_id", "checkin_items", ["checkin_id"])


def downgrade() -> None:
    for table in ("checkin_items", "checkins", "followups"):
        op.drop_table(table)
