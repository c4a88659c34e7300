"""Frozen pulse results: a closed round keeps only what the team is shown, never the answers.

Existing closed rounds are frozen here, with the same figures the code shows
(bot/coach/pulse_figures.py, pure Python), and their answers are deleted. The downgrade drops
the frozen results; the deleted answers cannot come back.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pulse_results",
        sa.Column(
            "round_id",
            sa.Integer,
            sa.ForeignKey("pulse_rounds.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("respondents", sa.Integer, nullable=False),
        sa.Column("min_answers", sa.Integer, nullable=False),
    )
    op.create_table(
        "pulse_theme_results",
        sa.Column(
            "round_id",
            sa.Integer,
            sa.ForeignKey("pulse_results.round_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("theme", sa.String(40), primary_key=True),
        sa.Column("shown_as", sa.String(12), nullable=False),
        sa.Column("answers", sa.Integer, nullable=True),
        sa.Column("mean_tenths", sa.Integer, nullable=True),
        sa.Column("spread_tenths", sa.Integer, nullable=True),
        sa.Column("band", sa.String(5), nullable=True),
    )
    _freeze_closed_rounds()


def _freeze_closed_rounds() -> None:
    from bot.coach.pulse_figures import frozen_rows
    from bot.config import load_settings

    min_answers = load_settings().pulse_min_answers
    rounds = sa.table("pulse_rounds", sa.column("id", sa.Integer), sa.column("closed_at"))
    answers = sa.table(
        "pulse_answers",
        sa.column("round_id", sa.Integer),
        sa.column("respondent", sa.String),
        sa.column("theme", sa.String),
        sa.column("score", sa.Integer),
    )
    results = sa.table(
        "pulse_results",
        sa.column("round_id", sa.Integer),
        sa.column("respondents", sa.Integer),
        sa.column("min_answers", sa.Integer),
    )
    themes = sa.table(
        "pulse_theme_results",
        sa.column("round_id", sa.Integer),
        sa.column("theme", sa.String),
        sa.column("shown_as", sa.String),
        sa.column("answers", sa.Integer),
        sa.column("mean_tenths", sa.Integer),
        sa.column("spread_tenths", sa.Integer),
        sa.column("band", sa.String),
    )
    connection = op.get_bind()
    closed = connection.execute(sa.select(rounds.c.id).where(rounds.c.closed_at.is_not(None)))
    for (round_id,) in closed.all():
        rows = connection.execute(
            sa.select(answers.c.respondent, answers.c.theme, answers.c.score).where(
                answers.c.round_id == round_id
            )
        ).all()
        people = {respondent for respondent, _theme, _score in rows}
        connection.execute(
            results.insert().values(
                round_id=round_id, respondents=len(people), min_answers=min_answers
            )
        )
        if len(people) >= min_answers:
            scores: dict[str, list[int]] = {}
            for _respondent, theme, score in rows:
                scores.setdefault(theme, []).append(score)
            for row in frozen_rows(scores, min_answers):
                connection.execute(themes.insert().values(round_id=round_id, **row))
        connection.execute(answers.delete().where(answers.c.round_id == round_id))


def downgrade() -> None:
    op.drop_table("pulse_theme_results")
    op.drop_table("pulse_results")
