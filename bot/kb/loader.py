"""Read knowledge/*.yaml, validate every entry, and store the result in the app database."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.db.models import KnowledgeEntry
from bot.kb.schema import Entry, KnowledgeError, validate_entry


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.yaml") if p.is_file())


def load_file(path: Path) -> list[Entry]:
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeError(name, None, None, f"er ikke gyldig YAML: {exc}") from None
    if not isinstance(raw, dict) or set(raw) != {"entries"}:
        raise KnowledgeError(name, None, "entries", "filen skal have netop nøglen 'entries'")
    if not isinstance(raw["entries"], list) or not raw["entries"]:
        raise KnowledgeError(name, None, "entries", "skal være en liste med mindst ét opslag")
    return [validate_entry(item, name, i) for i, item in enumerate(raw["entries"])]


def load_directory(directory: Path) -> list[Entry]:
    """Every entry of every file, validated; ids must be unique across files."""
    files = knowledge_files(directory)
    if not files:
        raise KnowledgeError(str(directory), None, None, "indeholder ingen .yaml-filer")
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in files:
        for entry in load_file(path):
            if entry.id in seen:
                raise KnowledgeError(
                    path.name, entry.id, "id", f"findes allerede i {seen[entry.id]}"
                )
            seen[entry.id] = path.name
            entries.append(entry)
    return entries


def _hash(entry: Entry) -> str:
    blob = json.dumps(entry.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def sync_to_db(session: Session, entries: list[Entry]) -> dict[str, int]:
    """Make the table hold exactly these entries. Returns counts of added/changed/removed."""
    existing = {row.id: row for row in session.execute(select(KnowledgeEntry)).scalars()}
    added = changed = 0
    positions: dict[str, int] = {}
    for entry in entries:
        positions[entry.source_file] = positions.get(entry.source_file, -1) + 1
        digest = _hash(entry)
        row = existing.pop(entry.id, None)
        if row is None:
            row = KnowledgeEntry(id=entry.id)
            session.add(row)
            added += 1
        elif row.content_hash == digest and row.source_file == entry.source_file:
            row.position = positions[entry.source_file]
            continue
        else:
            changed += 1
        row.source_file = entry.source_file
        row.position = positions[entry.source_file]
        row.title = entry.title
        row.kind = entry.kind
        row.area = entry.area
        row.short = entry.short
        row.explanation = entry.explanation
        row.report_section = entry.report_section
        row.evidence = entry.evidence
        row.evidence_note = entry.evidence_note
        row.data = entry.to_dict()
        row.content_hash = digest
    if existing:
        session.execute(delete(KnowledgeEntry).where(KnowledgeEntry.id.in_(list(existing))))
    return {"added": added, "changed": changed, "removed": len(existing), "total": len(entries)}


def read_from_db(session: Session) -> list[Entry]:
    """The entries as stored, validated again (the table is only written by sync_to_db)."""
    rows = session.execute(
        select(KnowledgeEntry).order_by(KnowledgeEntry.source_file, KnowledgeEntry.position)
    ).scalars()
    return [validate_entry(row.data, row.source_file, row.position) for row in rows]
