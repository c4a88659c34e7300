"""Tables of the app database. Migrations in bot/db/migrations must match these."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class KnowledgeEntry(Base):
    """One curated entry of the knowledge base, as validated from knowledge/*.yaml."""

    __tablename__ = "knowledge_entries"

    id = Column(String(80), primary_key=True)
    source_file = Column(String(120), nullable=False)
    position = Column(Integer, nullable=False)
    title = Column(String(200), nullable=False)
    kind = Column(String(40), nullable=False)
    area = Column(String(40), nullable=False)
    short = Column(Text, nullable=False)
    explanation = Column(Text, nullable=False)
    report_section = Column(String(40), nullable=False)
    evidence = Column(String(40), nullable=False)
    evidence_note = Column(Text, nullable=False)
    # The whole validated entry (lists and nested fields included) as JSON.
    data = Column(JSON, nullable=False)
    content_hash = Column(String(64), nullable=False)
    loaded_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())


def _uuid() -> str:
    return uuid.uuid4().hex


class Team(Base):
    """A work team: the unit the coach works with. Members reach it from any channel."""

    __tablename__ = "teams"

    id = Column(String(32), primary_key=True, default=_uuid)
    name = Column(String(120), nullable=False)
    join_code = Column(String(40), nullable=False, unique=True)
    # When the code was made or last used to join: an unused code expires (bot/coach/teams.py).
    join_code_at = Column(DateTime(timezone=True), nullable=True)
    step = Column(String(20), nullable=False, default="kontekst")
    context = Column(JSON, nullable=False, default=dict)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_active_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # The APV's sickness-absence phase, as the team judges it (bot/coach/duties.py ABSENCE):
    # "ja", "lidt", "nej", "ved_ikke"; None until asked. Never a person's absence.
    sickness_absence = Column(String(10), nullable=True)
    sickness_absence_at = Column(DateTime(timezone=True), nullable=True)

    members = relationship("Member", back_populates="team", cascade="all, delete-orphan")
    problems = relationship(
        "Problem", back_populates="team", cascade="all, delete-orphan", order_by="Problem.id"
    )
    plan = relationship(
        "PlanAction", back_populates="team", cascade="all, delete-orphan", order_by="PlanAction.id"
    )
    followups = relationship(
        "FollowUp", back_populates="team", cascade="all, delete-orphan", order_by="FollowUp.due_at"
    )
    checkins = relationship(
        "CheckIn", back_populates="team", cascade="all, delete-orphan", order_by="CheckIn.id"
    )


class Member(Base):
    """A pseudonymous sender (channel-qualified id, no name) that belongs to one team."""

    __tablename__ = "members"

    id = Column(Integer, primary_key=True)
    team_id = Column(
        String(32), ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sender_id = Column(String(200), nullable=False, unique=True)
    # The person behind the session: one respondent however many sessions or channels.
    person_id = Column(String(32), nullable=False, index=True, default=_uuid)
    role = Column(String(10), nullable=False, default="medlem")
    # "afventer" until the team's owner approves it; only "godkendt" sees the team.
    status = Column(String(10), nullable=False, default="godkendt")
    joined_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    team = relationship("Team", back_populates="members")


class LinkCode(Base):
    """A one-time code that ties another session or channel to the same person."""

    __tablename__ = "link_codes"

    code_hash = Column(String(64), primary_key=True)  # keyed hash: the code is never stored
    person_id = Column(String(32), nullable=False)
    team_id = Column(String(32), ForeignKey("teams.id", ondelete="CASCADE"), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)


class Problem(Base):
    """A problem from the mapping, in the team's own words."""

    __tablename__ = "problems"

    id = Column(Integer, primary_key=True)
    team_id = Column(
        String(32), ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True
    )
    theme = Column(String(40), nullable=False)
    description = Column(Text, nullable=False, default="")
    importance = Column(Integer, nullable=False, default=2)  # 1 lidt, 2 noget, 3 meget
    source = Column(String(10), nullable=False, default="dialog")
    chosen_kb_id = Column(String(80), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    team = relationship("Team", back_populates="problems")


class PulseRound(Base):
    """One anonymous pulse measurement of a team; results only once closed."""

    __tablename__ = "pulse_rounds"

    id = Column(Integer, primary_key=True)
    team_id = Column(String(32), ForeignKey("teams.id", ondelete="CASCADE"), nullable=False)
    opened_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    closed_at = Column(DateTime(timezone=True), nullable=True)


class PulseAnswer(Base):
    """One member's 1-5 answer for one theme. Never read back per person outside bot/coach/pulse."""

    __tablename__ = "pulse_answers"
    __table_args__ = (UniqueConstraint("round_id", "respondent", "theme"),)

    id = Column(Integer, primary_key=True)
    round_id = Column(Integer, ForeignKey("pulse_rounds.id", ondelete="CASCADE"), nullable=False)
    respondent = Column(String(64), nullable=False)  # keyed hash of the sender, not the id
    theme = Column(String(40), nullable=False)
    score = Column(Integer, nullable=False)


class PulseResult(Base):
    """A closed round's result, frozen when the round closed. It is computed once from the
    answers, which are then deleted: nothing can be recomputed later, and deleting a person's
    data never changes a result the team has seen. Only what is shown is kept."""

    __tablename__ = "pulse_results"

    round_id = Column(Integer, ForeignKey("pulse_rounds.id", ondelete="CASCADE"), primary_key=True)
    respondents = Column(Integer, nullable=False)  # distinct people who answered anything
    min_answers = Column(Integer, nullable=False)  # the threshold when it closed (at least 3)


class PulseThemeResult(Base):
    """What the team sees for one theme of a closed round (bot/coach/pulse_figures.py).

    shown_as: spredning (mean and spread) | gennemsnit (mean) | interval (`band` only) |
    skjult (too few different answers to show) | for_faa (fewer than min_answers answered).
    `answers` is not kept for for_faa. Mean and spread are in tenths, as rounded for
    showing."""

    __tablename__ = "pulse_theme_results"

    round_id = Column(
        Integer, ForeignKey("pulse_results.round_id", ondelete="CASCADE"), primary_key=True
    )
    theme = Column(String(40), primary_key=True)
    shown_as = Column(String(12), nullable=False)
    answers = Column(Integer, nullable=True)
    mean_tenths = Column(Integer, nullable=True)
    spread_tenths = Column(Integer, nullable=True)
    band = Column(String(5), nullable=True)  # under | midt | over


class PlanAction(Base):
    """One action of the team's plan: what, who (a role), by when, how we know it works."""

    __tablename__ = "plan_actions"

    id = Column(Integer, primary_key=True)
    team_id = Column(
        String(32), ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True
    )
    problem_id = Column(Integer, ForeignKey("problems.id", ondelete="SET NULL"), nullable=True)
    kb_id = Column(String(80), nullable=True)
    what = Column(Text, nullable=False)
    owner = Column(String(120), nullable=False)
    deadline = Column(Date, nullable=True)
    success = Column(Text, nullable=False, default="")
    involvement = Column(String(40), nullable=True)
    pro = Column(JSON, nullable=False, default=dict)
    experiment = Column(Boolean, nullable=False, default=False)
    # What a method run with the team produced: the Fishbone's causes and the one picked, or a
    # short experiment's what, length and success criterion (bot/coach/facilitate.py).
    facilitation = Column(JSON, nullable=False, default=dict)
    status = Column(String(20), nullable=False, default="ikke_startet")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    team = relationship("Team", back_populates="plan")


class TelegramUpdate(Base):
    """Update ids already handled, so an update Telegram delivers twice is handled once."""

    __tablename__ = "telegram_updates"

    update_id = Column(BigInteger, primary_key=True, autoincrement=False)
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class CallbackPayload(Base):
    """Button payloads too long for Telegram's 64 bytes of callback data, by a short key."""

    __tablename__ = "callback_payloads"

    key = Column(String(32), primary_key=True)
    payload = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class FollowUp(Base):
    """A follow-up the coach owes the team: a row, not a Rasa reminder, so it survives
    restarts and is sent once by whichever scheduler claims it.

    status: pending (waiting for its time, or for a retry) -> sending (claimed) -> sent
    (delivered to a channel) -> done (the team has checked in); or cancelled.
    """

    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_status_due", "status", "due_at"),)

    id = Column(Integer, primary_key=True)
    team_id = Column(
        String(32), ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = Column(String(20), nullable=False, default="checkin")  # checkin | deadline
    action_id = Column(Integer, ForeignKey("plan_actions.id", ondelete="CASCADE"), nullable=True)
    due_at = Column(DateTime(timezone=True), nullable=False)
    status = Column(String(12), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_try_at = Column(DateTime(timezone=True), nullable=True)  # after a failed delivery
    last_error = Column(Text, nullable=True)
    claimed_by = Column(String(64), nullable=True)
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    sent_at = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    team = relationship("Team", back_populates="followups")
    action = relationship("PlanAction")


class CheckIn(Base):
    """One follow-up conversation: how each action went, what helped and hindered (PRO),
    and what the team has learned to handle. `stage` and `position` say where it stands."""

    __tablename__ = "checkins"

    id = Column(Integer, primary_key=True)
    team_id = Column(
        String(32), ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True
    )
    stage = Column(String(30), nullable=False, default="status")
    position = Column(Integer, nullable=False, default=0)
    helped = Column(Text, nullable=False, default="")
    hindered = Column(Text, nullable=False, default="")
    learned = Column(Text, nullable=False, default="")
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True), nullable=True)

    team = relationship("Team", back_populates="checkins")
    items = relationship(
        "CheckInItem",
        back_populates="checkin",
        cascade="all, delete-orphan",
        order_by="CheckInItem.id",
    )


class CheckInItem(Base):
    """How one action stood at one check-in, and what the team decided about it."""

    __tablename__ = "checkin_items"

    id = Column(Integer, primary_key=True)
    checkin_id = Column(
        Integer, ForeignKey("checkins.id", ondelete="CASCADE"), nullable=False, index=True
    )
    action_id = Column(Integer, ForeignKey("plan_actions.id", ondelete="CASCADE"), nullable=False)
    status = Column(String(20), nullable=False)
    decision = Column(String(20), nullable=True)  # fortsaet | juster | stop | mindre | andet
    note = Column(Text, nullable=False, default="")
    # The PRO review of an action that came from a method: process, roles, circumstances.
    pro = Column(JSON, nullable=False, default=dict)

    checkin = relationship("CheckIn", back_populates="items")
    action = relationship("PlanAction")


class DeletionRequest(Base):
    """A conversation whose Rasa tracker events must be deleted (after the current turn has
    been saved); the scheduler's privacy job carries it out."""

    __tablename__ = "deletion_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(200), nullable=False)
    due_at = Column(DateTime(timezone=True), nullable=False)
    done_at = Column(DateTime(timezone=True), nullable=True)
