"""Shared fixtures: the real knowledge base, loaded into a fresh SQLite database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import PROJECT_DIR

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

KNOWLEDGE_DIR = PROJECT_DIR / "knowledge"
REPORT = PROJECT_DIR.parent / "shared" / "report" / "necto-vidensrapport-2025.txt"


@pytest.fixture(scope="session")
def entries():
    from bot.kb.loader import load_directory

    return load_directory(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def index(entries):
    from bot.kb.search import KnowledgeIndex

    return KnowledgeIndex(entries)


@pytest.fixture()
def db_url(tmp_path: Path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("TRIVSEL_DB_URL", url)
    monkeypatch.setenv("TRIVSEL_DATA_DIR", str(tmp_path))
    return url


@pytest.fixture()
def loaded_db(db_url: str):
    """A migrated database holding the whole knowledge base; the service reads from it."""
    from bot.cli import load_knowledge
    from bot.config import load_settings
    from bot.kb import service

    service.reset_index()
    load_knowledge(load_settings())
    yield db_url
    service.reset_index()


@pytest.fixture()
def session(db_url):
    """A session on a freshly migrated database (the Alembic migrations, not create_all)."""
    from bot.db.migrate import upgrade
    from bot.db.session import session_scope

    upgrade(db_url)
    with session_scope(db_url) as s:
        yield s


@pytest.fixture(scope="session")
def shared_assistant(tmp_path_factory):
    """One running assistant (action server + Rasa server) with the default settings, shared
    by the test files whose conversations need nothing else: each uses its own senders and
    teams. Starting one takes about a minute. Above the per-person rate limit, as a test
    clicks and types faster than a team talks."""
    from tests.servers import start_assistant

    running = start_assistant(tmp_path_factory.mktemp("shared"), env={"TRIVSEL_RATE_LIMIT": "500"})
    yield running
    running.stop()
