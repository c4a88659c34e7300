"""Tables of the app database. Migrations in bot/db/migrations must match these."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Text, func
from sqlalchemy.orm import declarative_base

Base = declarative_base()


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
