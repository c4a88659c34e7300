"""Privacy jobs in plain Python: inactive teams expire, queued conversations are deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.coach.teams import create_team, join_team
from bot.db.models import DeletionRequest, Member, Team, utcnow
from bot.safety import privacy


def test_inactive_teams_expire_with_their_conversations(session, db_url, tmp_path):
    old = create_team(session, "telegram:1", "Gammelt hold")
    join_team(session, "teamroom:abc", old.join_code)
    old.last_active_at = utcnow() - timedelta(days=400)
    create_team(session, "telegram:2", "Aktivt hold")
    session.commit()

    assert privacy.expire_inactive(db_url, days=365) == 1
    session.expire_all()
    assert [t.name for t in session.scalars(select(Team))] == ["Aktivt hold"]
    assert [m.sender_id for m in session.scalars(select(Member))] == ["telegram:2"]
    queued = sorted(r.conversation_id for r in session.scalars(select(DeletionRequest)))
    assert queued == ["1", "abc"]

    trackers = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = create_engine(trackers)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)"))
        for sender in ["1", "1", "abc", "2"]:
            c.execute(text("INSERT INTO events (sender_id) VALUES (:s)"), {"s": sender})
    assert privacy.run_deletions(db_url, trackers, utcnow()) == 0  # not yet: after the turn
    assert privacy.run_deletions(db_url, trackers, utcnow() + timedelta(seconds=5)) == 2
    with engine.connect() as c:
        left = c.execute(text("SELECT sender_id FROM events")).scalars().all()
    assert left == ["2"]
    assert privacy.tracker_events(trackers, "1") == 0 and privacy.tracker_events(trackers, "2") == 1
    session.expire_all()
    assert (
        session.scalar(
            select(func.count())
            .select_from(DeletionRequest)
            .where(DeletionRequest.done_at.is_(None))
        )
        == 0
    )


def test_conversations_without_a_team_expire_and_members_conversations_stay(
    session, db_url, tmp_path
):
    create_team(session, "teamroom:ejer", "Holdet")
    session.commit()
    trackers = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = create_engine(trackers)
    now = utcnow()
    old, recent = (now - timedelta(days=400)).timestamp(), (now - timedelta(days=3)).timestamp()
    with engine.begin() as c:
        c.execute(
            text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL)")
        )
        for sender, when in [("ejer", old), ("forbi", old), ("forbi", old), ("ny", recent),
                             ("gammel-og-ny", old), ("gammel-og-ny", recent)]:  # fmt: skip
            c.execute(
                text("INSERT INTO events (sender_id, timestamp) VALUES (:s, :t)"),
                {"s": sender, "t": when},
            )
    assert privacy.expire_teamless(db_url, trackers, days=365, now=now) == 1
    with engine.connect() as c:
        left = sorted(set(c.execute(text("SELECT sender_id FROM events")).scalars()))
    assert left == ["ejer", "gammel-og-ny", "ny"]
    empty = f"sqlite:///{tmp_path / 'none.db'}"
    assert privacy.expire_teamless(db_url, empty, days=365, now=now) == 0


@pytest.mark.parametrize(
    "text, asked",
    [
        ("kan min chef se hvad jeg svarer i pulsen?", True),
        ("kan lederen se mine svar i pulsmålingen", True),
        ("er det anonymt?", True),
        ("kan teamets ejer læse min samtale med dig?", True),
        ("kan chefen se planen?", False),  # the plan is the team's: the plan answers that
        ("hvornår kan vi se svarene fra pulsen", False),  # closing the round, not privacy
        ("hvad siger loven om vold", False),
    ],
)
def test_a_question_about_who_reads_ones_answers_is_a_privacy_question(text, asked):
    from bot.safety.privacy import asks_about_privacy, who_sees

    assert asks_about_privacy(text) is asked
    if asked:
        assert who_sees(text).startswith("Ingen i teamet kan se dine svar i pulsmålingen")
