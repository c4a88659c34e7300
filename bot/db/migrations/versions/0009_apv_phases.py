"""The APV's sickness-absence phase: the team's answer, and when it was given.

Whether sickness absence in the team points to a problem in the work environment, as the team
judges it together ("ja", "lidt", "nej", "ved_ikke"): a team's judgement, never a person's
absence. The downgrade drops the columns.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("sickness_absence", sa.String(10), nullable=True))
        batch.add_column(
            sa.Column("sickness_absence_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("sickness_absence_at")
        batch.drop_column("sickness_absence")
