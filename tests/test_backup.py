"""Backup and restore (`trivselscoach backup | restore`): a snapshot of the app database and
Rasa's tracker store, restored into a fresh installation, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot import backup as backups
from bot.coach import followups, plan
from bot.coach.teams import approve, create_team, join_team
from bot.config import PROJECT_DIR, load_settings, secret
from bot.db.migrate import upgrade
from bot.db.models import FollowUp, Member, PlanAction, Team
from bot.db.session import dispose_all, session_scope

HEAD = "0010"
PASSWORD = "hem:me@lig/kode%20 æ\\"


@pytest.fixture(autouse=True)
def _fresh_engines():
    yield
    dispose_all()


def installation(monkeypatch, data_dir: Path, db_url: str = "", tracker_url: str = ""):
    """The settings of an installation in `data_dir` (SQLite there unless URLs are given)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("TRIVSEL_DATA_DIR", str(data_dir))
    for name, value in (("TRIVSEL_DB_URL", db_url), ("TRIVSEL_TRACKER_DB_URL", tracker_url)):
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TRIVSEL_SECRET", raising=False)
    return load_settings()


def tracker_store(url: str):
    from rasa.shared.core.domain import Domain

    from bot.tracker_store import PrivateTrackerStore

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return PrivateTrackerStore(domain=Domain.empty(), dialect="sqlite", db=parsed.database)
    return PrivateTrackerStore(
        domain=Domain.empty(),
        dialect="postgresql",
        host=parsed.host,
        port=parsed.port,
        db=parsed.database,
        username=parsed.username,
        password=parsed.password,
    )


def converse(url: str, conversation: str, *said: str) -> None:
    """A conversation in the tracker store: each message, the coach's action and answer."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    store = tracker_store(url)
    tracker = asyncio.run(store.retrieve(conversation))
    if tracker is None:
        from rasa.shared.core.trackers import DialogueStateTracker

        tracker = DialogueStateTracker(conversation, slots=[])
    for words in said:
        tracker.update(UserUttered(words, intent={"name": "inform", "confidence": 0.9}))
        tracker.update(ActionExecuted("utter_svar"))
        tracker.update(BotUttered(f"Svar på {words}"))
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def populate(settings) -> None:
    """Two teams with members, plans and follow-ups, and their conversations."""
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        team = create_team(session, "rest:anna", "Værkstedet")
        join_team(session, "telegram:42", team.join_code)
        join_team(session, "telegram:43", team.join_code)
        approve(session, team, [])
        action = plan.add_action(
            session, team, "Ti minutters morgenmøde om mandagen", "formanden",
            date.today() + timedelta(days=20), success="Alle ved, hvad ugen byder på",
        )  # fmt: skip
        plan.add_action(session, team, "Fælles tavle med opgaver", "lærlingen", None)
        followups.schedule_checkin(session, team, date.today() + timedelta(days=14))
        followups.schedule_deadline(session, team, action, date.today())
        other = create_team(session, "telegram:77", "Lageret")
        plan.add_action(session, other, "Fast frokostpause", "lagerchefen", None)
    converse(settings.tracker_db_url, "anna", "hej", "vi vil gerne have bedre møder")
    converse(settings.tracker_db_url, "42", "hej")
    converse(settings.tracker_db_url, "77", "vi har travlt")


def write_later(settings) -> None:
    """What happens after the backup: it must not come back with the restore."""
    with session_scope(settings.db_url) as session:
        late = create_team(session, "rest:sen", "Efter kopien")
        plan.add_action(session, late, "Kommer ikke med", "ingen", None)
        team = session.scalar(select(Team).where(Team.name == "Værkstedet"))
        followups.schedule_checkin(session, team, date.today() + timedelta(days=40))
    converse(settings.tracker_db_url, "sen", "er jeg med i kopien?")
    converse(settings.tracker_db_url, "anna", "en senere besked")


def state(settings) -> dict:
    """Everything the tests compare, without generated ids."""
    with session_scope(settings.db_url) as session:
        teams = {
            t.name: (
                t.join_code,
                t.step,
                sorted((m.sender_id, m.role, m.status, m.person_id) for m in t.members),
            )
            for t in session.scalars(select(Team))
        }
        actions = sorted(
            (a.team.name, a.what, a.owner, a.deadline, a.success, a.status)
            for a in session.scalars(select(PlanAction))
        )
        follow = sorted(
            (f.team.name, f.kind, f.due_at.replace(tzinfo=None), f.status)
            for f in session.scalars(select(FollowUp))
        )
        members = session.scalar(select(Member.id).order_by(Member.id.desc()))
    engine = create_engine(settings.tracker_db_url, poolclass=NullPool)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender_id, type_name, data FROM events ORDER BY id")
        ).all()
    engine.dispose()
    events: dict[str, list] = {}
    for sender, kind, data in rows:
        events.setdefault(sender, []).append((kind, json.loads(data).get("text")))
    return {
        "teams": teams,
        "actions": actions,
        "followups": follow,
        "events": events,
        "last_member": members,
    }


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(directory: Path, names: set[str]) -> None:
    assert mode(directory) == 0o700
    assert {p.name for p in directory.iterdir()} == names
    for name in names:
        assert mode(directory / name) == 0o600, name


def test_sqlite_backup_restores_the_snapshot_into_a_fresh_installation(tmp_path, monkeypatch):
    source = installation(monkeypatch, tmp_path / "gammel")
    populate(source)
    secret(source)  # the installation's key, as a running assistant has made it
    before = state(source)

    folder = backups.backup(source)
    assert folder.parent == source.data_dir / "backups" and folder.name.endswith("Z")
    assert mode(folder.parent) == 0o700
    assert_private(folder, {"app.sqlite", "tracker.sqlite", "manifest.json"})
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engines"] == {"app": "sqlite", "tracker": "sqlite"}
    assert manifest["alembic_revision"] == HEAD
    assert manifest["counts"] == {
        "teams": 2,
        "members": 4,
        "plan_actions": 3,
        "follow_ups": 2,
        "events": 4 * 3,
    }
    assert manifest["created_at"].endswith("Z")
    write_later(source)

    target = installation(monkeypatch, tmp_path / "ny")
    result = backups.restore(target, folder)
    assert result["counts"] == manifest["counts"] and result["revision"] == HEAD
    assert state(target) == before
    assert "Efter kopien" not in state(target)["teams"]
    assert "sen" not in state(target)["events"]
    assert mode(target.data_dir / "trivselscoach.db") == 0o600
    assert mode(target.data_dir / "tracker.db") == 0o600
    # A fresh installation has a key of its own: the operator is told to bring the old one.
    assert len(result["warnings"]) == 1 and "secret.key" in result["warnings"][0]

    # Now the target has teams: refused without --force, and nothing is touched.
    with session_scope(target.db_url) as session:
        create_team(session, "rest:ny", "Ny på stedet")
    with pytest.raises(backups.BackupError, match="--force") as refused:
        backups.restore(target, folder)
    assert "3 teams" in str(refused.value)
    assert "Ny på stedet" in state(target)["teams"]
    (target.data_dir / "secret.key").write_text((source.data_dir / "secret.key").read_text())
    again = backups.restore(target, folder, force=True)
    assert state(target) == before and again["warnings"] == []


def test_a_damaged_or_incomplete_backup_is_refused(tmp_path, monkeypatch):
    source = installation(monkeypatch, tmp_path / "gammel")
    populate(source)
    folder = backups.backup(source, out=tmp_path / "kopi")
    assert folder == tmp_path / "kopi"
    with pytest.raises(backups.BackupError, match="ikke en tom mappe"):
        backups.backup(source, out=folder)
    target = installation(monkeypatch, tmp_path / "ny")
    data = bytearray((folder / "tracker.sqlite").read_bytes())
    data[-1] ^= 1
    (folder / "tracker.sqlite").write_bytes(bytes(data))
    with pytest.raises(backups.BackupError, match="kontrolsummen"):
        backups.restore(target, folder)
    (folder / "manifest.json").unlink()
    with pytest.raises(backups.BackupError, match="manifest.json"):
        backups.restore(target, folder)
    assert not (target.data_dir / "trivselscoach.db").exists()


def test_tracker_in_the_app_database_is_one_file(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'gammel' / 'alt.db'}"
    source = installation(monkeypatch, tmp_path / "gammel", url, url)
    populate(source)
    before = state(source)
    folder = backups.backup(source)
    assert_private(folder, {"app.sqlite", "manifest.json"})
    assert json.loads((folder / "manifest.json").read_text())["tracker_in_app_database"]

    apart = installation(monkeypatch, tmp_path / "adskilt")
    with pytest.raises(backups.BackupError, match="TRIVSEL_TRACKER_DB_URL"):
        backups.restore(apart, folder)
    together = f"sqlite:///{tmp_path / 'ny' / 'alt.db'}"
    target = installation(monkeypatch, tmp_path / "ny", together, together)
    assert backups.restore(target, folder)["counts"]["events"] == 12
    assert state(target) == before


def test_pg_commands_never_carry_the_password():
    url = (
        f"postgresql+psycopg2://coach:{quote(PASSWORD, safe='')}@db.example:5433/trivsel"
        "?sslmode=require"
    )
    dump = backups.pg_dump_command(url, Path("/b/app.dump"), snapshot="00000003-1", program="x")
    restore = backups.pg_restore_command(url, Path("/b/app.dump"), program="y")
    assert dump == [
        "x", "--format=custom", "--no-password", "--file=/b/app.dump", "--snapshot=00000003-1",
        "--host=db.example", "--port=5433", "--username=coach", "--dbname=trivsel",
    ]  # fmt: skip
    assert restore[:7] == [
        "y", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
        "--no-password",
    ]  # fmt: skip
    for argv in (dump, restore):
        joined = " ".join(argv)
        assert "hem" not in joined and "kode" not in joined and quote(PASSWORD) not in joined
    assert backups.pg_environment(url) == {"PGPASSWORD": PASSWORD, "PGSSLMODE": "require"}
    assert PASSWORD not in backups.describe(url) and "***" in backups.describe(url)
    with pytest.raises(backups.BackupError, match="Ukendt"):
        backups.pg_environment(url + "&sslrootkort=x")


def test_cli_backup_and_restore(tmp_path, monkeypatch):
    source = installation(monkeypatch, tmp_path / "gammel")
    populate(source)
    before = state(source)
    out = tmp_path / "kopi"

    def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRIVSEL_")}
        env.update(TRIVSEL_DATA_DIR=str(data_dir), SQLALCHEMY_SILENCE_UBER_WARNING="1")
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    made = cli(source.data_dir, "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == (
        f"Sikkerhedskopi gemt i {out}: 2 teams, 4 medlemmer, 3 planhandlinger, "
        "2 opfølgninger, 12 hændelser."
    )
    assert "opbevar den sikkert" in made.stdout
    assert_private(out, {"app.sqlite", "tracker.sqlite", "manifest.json"})

    fresh = tmp_path / "ny"
    done = cli(fresh, "restore", str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        f"Gendannet fra {out}: 2 teams, 4 medlemmer, 3 planhandlinger, 2 opfølgninger, "
        "12 hændelser."
    )
    assert lines[1] == f"Databasen er opdateret til nyeste skema ({HEAD})."
    assert state(installation(monkeypatch, fresh)) == before

    refused = cli(fresh, "restore", str(out))
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("Gendannelsen blev ikke udført: Databasen har allerede ")
    assert "2 teams, 12 hændelser" in refused.stderr and "--force" in refused.stderr
    assert cli(fresh, "restore", "--force", str(out)).returncode == 0


# --- PostgreSQL ---------------------------------------------------------------------------


def password_only(server) -> tuple[str, str]:
    """The server with a role `coach` that must give its password (the rest stays trusted),
    owning the app database `trivsel` and the tracker database `tracker`; their URLs."""
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    literal = PASSWORD.replace("'", "''")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE coach LOGIN PASSWORD '{literal}'"))
        connection.execute(text("ALTER DATABASE trivsel OWNER TO coach"))
        connection.execute(text("CREATE DATABASE tracker OWNER coach"))
    hba = server.data / "pg_hba.conf"
    hba.write_text("host all coach 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_reload_conf()"))
    admin.dispose()
    base = f"postgresql+psycopg2://coach:{quote(PASSWORD, safe='')}@127.0.0.1:{server.port}"
    without = create_engine(f"postgresql+psycopg2://coach@127.0.0.1:{server.port}/trivsel")
    with pytest.raises(Exception, match="password"):
        without.connect()
    without.dispose()
    return f"{base}/trivsel", f"{base}/tracker"


@pytest.fixture()
def two_postgres():
    from tests.postgres import PostgresServer

    servers = []
    try:
        servers.append(PostgresServer())
        servers.append(PostgresServer())
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.mark.servers
def test_postgresql_backup_restores_into_another_server(tmp_path, monkeypatch, two_postgres):
    old, new = two_postgres
    app_url, tracker_url = password_only(old)
    source = installation(monkeypatch, tmp_path / "gammel", app_url, tracker_url)
    populate(source)
    before = state(source)

    calls = []
    real_run = subprocess.run

    def spy(argv, *args, **kwargs):
        calls.append((list(argv), dict(kwargs.get("env") or {})))
        return real_run(argv, *args, **kwargs)

    monkeypatch.setattr(backups.subprocess, "run", spy)
    folder = backups.backup(source)
    assert_private(folder, {"app.dump", "tracker.dump", "manifest.json"})
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engines"] == {"app": "postgresql", "tracker": "postgresql"}
    assert manifest["alembic_revision"] == HEAD and manifest["counts"]["events"] == 12
    assert "coach" not in (folder / "manifest.json").read_text()
    write_later(source)

    # The new installation has been started once: migrated, Rasa's table made, no data yet.
    app_new, tracker_new = password_only(new)
    upgrade(app_new)
    tracker_store(tracker_new).engine.dispose()
    target = installation(monkeypatch, tmp_path / "ny", app_new, tracker_new)
    result = backups.restore(target, folder)
    assert result["counts"] == manifest["counts"] and result["revision"] == HEAD
    assert state(target) == before
    converse(target.tracker_db_url, "anna", "efter gendannelsen")  # Rasa's sequence goes on
    assert state(target)["events"]["anna"][-3][1] == "efter gendannelsen"

    programs = [Path(argv[0]).name for argv, _ in calls]
    assert programs == ["pg_dump", "pg_dump", "pg_restore", "pg_restore"]
    for argv, env in calls:
        joined = " ".join(argv)
        assert "hem" not in joined and "kode" not in joined and quote(PASSWORD) not in joined
        assert env["PGPASSWORD"] == PASSWORD
    with pytest.raises(backups.BackupError, match="--force"):
        backups.restore(target, folder)


@pytest.mark.servers
def test_app_on_postgresql_tracker_on_sqlite(tmp_path, monkeypatch, two_postgres):
    old, new = two_postgres
    source = installation(monkeypatch, tmp_path / "gammel", password_only(old)[0])
    populate(source)
    before = state(source)
    folder = backups.backup(source)
    assert_private(folder, {"app.dump", "tracker.sqlite", "manifest.json"})
    target = installation(monkeypatch, tmp_path / "ny", password_only(new)[0])
    assert backups.restore(target, folder)["counts"]["teams"] == 2
    assert state(target) == before
    sqlite_only = installation(monkeypatch, tmp_path / "sqlite")
    with pytest.raises(backups.BackupError, match="PostgreSQL"):
        backups.restore(sqlite_only, folder)
