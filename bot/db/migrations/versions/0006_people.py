"""People: a member session belongs to a person (one respondent however many sessions or
channels they use) and is approved by the team's owner before it sees the team.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("person_id", sa.String(32), nullable=True))
        batch.add_column(
            sa.Column("status", sa.String(10), nullable=False, server_default="godkendt")
        )
    members = sa.table("members", sa.column("id", sa.Integer), sa.column("person_id", sa.String))
    connection = op.get_bind()
    for (member_id,) in connection.execute(sa.select(members.c.id)).all():
        connection.execute(
            members.update().where(members.c.id == member_id).values(person_id=uuid.uuid4().hex)
        )
    with op.batch_alter_table("members") as batch:
        batch.alter_column("person_id", nullable=False)
        batch.create_index("ix_members_person_id", ["person_id"])
    op.create_table(
        "link_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("person_id", sa.String(32), nullable=False),
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("link_codes")
    with op.batch_alter_table("members") as batch:
        batch.drop_index("ix_members_person_id")
        batch.drop_column("status")
        batch.drop_column("person_id")
