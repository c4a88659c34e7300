"""Teams, members, mapping problems, pulse rounds and answers, action plans.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("join_code", sa.String(40), nullable=False, unique=True),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("context", sa.JSON, nullable=False),
        _ts("created_at"),
        _ts("last_active_at"),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("sender_id", sa.String(200), nullable=False, unique=True),
        sa.Column("role", sa.String(10), nullable=False),
        _ts("joined_at"),
    )
    op.create_index("ix_members_team_id", "members", ["team_id"])
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("theme", sa.String(40), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("importance", sa.Integer, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("chosen_kb_id", sa.String(80), nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_problems_team_id", "problems", ["team_id"])
    op.create_table(
        "pulse_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False
        ),
        _ts("opened_at"),
        _ts("closed_at", nullable=True),
    )
    op.create_table(
        "pulse_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "round_id",
            sa.Integer,
            sa.ForeignKey("pulse_rounds.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("respondent", sa.String(64), nullable=False),
        sa.Column("theme", sa.String(40), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.UniqueConstraint("round_id", "respondent", "theme"),
    )
    op.create_table(
        "plan_actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "problem_id",
            sa.Integer,
            sa.ForeignKey("problems.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("kb_id", sa.String(80), nullable=True),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("success", sa.Text, nullable=False),
        sa.Column("involvement", sa.String(40), nullable=True),
        sa.Column("pro", sa.JSON, nullable=False),
        sa.Column("experiment", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
    )
    op.create_index("ix_plan_actions_team_id", "plan_actions", ["team_id"])


def downgrade() -> None:
    for table in ("plan_actions", "pulse_answers", "pulse_rounds", "problems", "members", "teams"):
        op.drop_table(table)
