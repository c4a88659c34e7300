"""The knowledge base goes into the app database through the Alembic schema and back."""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from bot.db.migrate import upgrade
from bot.db.models import KnowledgeEntry
from bot.db.session import get_engine, session_scope
from bot.kb.loader import read_from_db, sync_to_db


def test_migration_creates_the_schema(db_url):
    upgrade(db_url)
    tables = inspect(get_engine(db_url)).get_table_names()
    assert "knowledge_entries" in tables and "alembic_version" in tables
    upgrade(db_url)  # a second run changes nothing and does not fail


def test_sync_stores_reads_back_and_removes(db_url, entries):
    upgrade(db_url)
    with session_scope(db_url) as s:
        counts = sync_to_db(s, entries)
    assert counts == {"added": len(entries), "changed": 0, "removed": 0, "total": len(entries)}
    with session_scope(db_url) as s:
        stored = read_from_db(s)
    assert {e.id: e for e in stored} == {e.id: e for e in entries}

    with session_scope(db_url) as s:
        counts = sync_to_db(s, entries[1:])
    assert counts["removed"] == 1 and counts["added"] == 0 and counts["changed"] == 0
    with session_scope(db_url) as s:
        assert (
            s.execute(select(func.count()).select_from(KnowledgeEntry)).scalar_one()
            == len(entries) - 1
        )
        assert s.get(KnowledgeEntry, entries[0].id) is None


def test_cli_load_reports_errors_without_touching_db(db_url, tmp_path, monkeypatch, capsys):
    from bot.cli import main

    bad = tmp_path / "kb"
    bad.mkdir()
    (bad / "x.yaml").write_text("entries:\n  - id: uden_felter\n", encoding="utf-8")
    monkeypatch.setenv("TRIVSEL_KNOWLEDGE_DIR", str(bad))
    assert main(["load-knowledge"]) == 1
    err = capsys.readouterr().err
    assert "x.yaml" in err and "uden_felter" in err
