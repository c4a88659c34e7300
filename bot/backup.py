"""Backup and restore of an installation: the app database and Rasa's tracker store.

A backup is a directory only its owner can read (0700, files 0600: it holds people's
conversations) with `app.<sqlite|dump>`, `tracker.<sqlite|dump>` and `manifest.json` (when,
which engines, the app database's Alembic revision, row counts and SHA-256 sums). Each database
is handled by its own URL, so the two may be on different engines:

- SQLite: Python's online backup API, safe while the assistant runs.
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean --if-exists
  --no-owner` in one transaction. The password goes to the child in PGPASSWORD (where the
  app's own TRIVSEL_DB_URL already is), never on a command line.

Consistency: a read snapshot of both databases is taken first (a read transaction on SQLite,
an exported snapshot on PostgreSQL that pg_dump then uses), then both are copied from their
snapshots, and the counts and revision are read in the same snapshots. The two snapshots are
taken a moment apart, not atomically. When the tracker store is the app database itself, one
file holds both.

Plain Python, nothing happens at import; bot/cli.py has the commands.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot.files import private_file

FORMAT = 1
MANIFEST = "manifest.json"
# Counted key -> table: the app database's main tables, then the tracker store's events.
APP_TABLES = {
    "teams": "teams",
    "members": "members",
    "plan_actions": "plan_actions",
    "follow_ups": "followups",
}
EVENTS_TABLE = "events"
COUNT_KEYS = (*APP_TABLES, "events")
EXTENSIONS = {"sqlite": "sqlite", "postgresql": "dump"}
NOUNS = {
    "teams": ("team", "teams"),
    "members": ("medlem", "medlemmer"),
    "plan_actions": ("planhandling", "planhandlinger"),
    "follow_ups": ("opfølgning", "opfølgninger"),
    "events": ("hændelse", "hændelser"),
}
# URL query options of a PostgreSQL URL, as the libpq environment variables pg_dump reads.
LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "client_encoding": "PGCLIENTENCODING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "gssencmode": "PGGSSENCMODE",
    "channel_binding": "PGCHANNELBINDING",
}


class BackupError(Exception):
    """Why a backup or restore was not made, in Danish, for the operator."""


# --- Databases by URL -------------------------------------------------------------------


def engine_of(url: str) -> str:
    """The engine, sqlite or postgresql; anything else is refused."""
    backend = make_url(url).get_backend_name()
    if backend not in EXTENSIONS:
        raise BackupError(
            f"Sikkerhedskopier understøtter kun SQLite og PostgreSQL, ikke {backend}."
        )
    return backend


def describe(url: str) -> str:
    """The database for a message: the file, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(sqlite_path(url))
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(f"{url} er ikke en databasefil, der kan sikkerhedskopieres.")
    return Path(database).resolve()


def same_database(a: str, b: str) -> bool:
    """Whether two URLs name one database (then the tracker's events are in the app's)."""
    first, second = make_url(a), make_url(b)
    if first.get_backend_name() != second.get_backend_name():
        return False
    if first.get_backend_name() == "sqlite":
        return sqlite_path(a) == sqlite_path(b)
    return (first.host or "", first.port or 5432, first.database) == (
        second.host or "",
        second.port or 5432,
        second.database,
    )


# --- PostgreSQL's tools -----------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from PG_BINDIR, PATH or the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("PG_BINDIR"):
        candidate = Path(os.environ["PG_BINDIR"]) / name
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found

    def version(path: Path) -> tuple[int, str]:
        number = path.parent.parent.name
        return (int(number) if number.isdigit() else 0, number)

    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version)
    if not installed:
        raise BackupError(
            f"{name} mangler: installér PostgreSQL's klientprogrammer (Debian: postgresql-client)."
        )
    return str(installed[-1])


def pg_connection_args(url: str) -> list[str]:
    """Host, port and user as pg_dump/pg_restore options. Never the password."""
    parsed = make_url(url)
    query = {key: _one(value) for key, value in parsed.query.items()}
    host = parsed.host or query.get("host")
    port = parsed.port or query.get("port")
    args = []
    if host:
        args.append(f"--host={host}")
    if port:
        args.append(f"--port={port}")
    if parsed.username:
        args.append(f"--username={parsed.username}")
    return args


def pg_environment(url: str) -> dict[str, str]:
    """The libpq environment for the child: the password (PGPASSWORD) and the URL's query
    options (sslmode and the like). Visible only to the same user, as the app's own
    environment is; a command line is visible to everyone on the machine."""
    parsed = make_url(url)
    env = {}
    for key, value in parsed.query.items():
        if key in ("host", "port"):
            continue
        if key not in LIBPQ_ENV:
            raise BackupError(f"Ukendt indstilling i databasens adresse: {key}.")
        env[LIBPQ_ENV[key]] = _one(value)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    return env


def _one(value) -> str:
    return str(value[-1] if isinstance(value, tuple) else value)


def pg_dump_command(
    url: str, out: Path, snapshot: str | None = None, program: str | None = None
) -> list[str]:
    """The pg_dump command line for a custom-format dump of the URL's database into `out`."""
    argv = [program or pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={out}"]
    if snapshot:
        argv.append(f"--snapshot={snapshot}")
    return [*argv, *pg_connection_args(url), f"--dbname={make_url(url).database}"]


def pg_restore_command(url: str, dump: Path, program: str | None = None) -> list[str]:
    """The pg_restore command line that replaces the dumped objects in the URL's database,
    all or nothing, owned by the connecting user."""
    return [
        program or pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--no-password",
        *pg_connection_args(url),
        f"--dbname={make_url(url).database}",
        str(dump),
    ]


def run_pg(argv: list[str], url: str) -> None:
    """Run pg_dump or pg_restore for the URL's database. Without a password in the URL, the
    operator's own PGPASSWORD or ~/.pgpass applies, as for the app."""
    extra = pg_environment(url)
    env = {**os.environ, **extra}
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout or "").strip()
        if extra.get("PGPASSWORD"):
            message = message.replace(extra["PGPASSWORD"], "***")
        raise BackupError(f"{Path(argv[0]).name} mislykkedes: {message}")


# --- Snapshots --------------------------------------------------------------------------


class SqliteSnapshot:
    """A read transaction on a SQLite file: what it reads and copies is one moment's state
    (in WAL mode writers go on meanwhile; otherwise they wait the few moments it takes)."""

    engine = "sqlite"

    def __init__(self, url: str, required: bool) -> None:
        self.path = sqlite_path(url)
        self.connection: sqlite3.Connection | None = None
        if not self.path.is_file():
            if required:
                raise BackupError(f"Der er ingen database i {self.path}.")
            return  # Rasa makes its file with the first conversation: an empty store
        self.connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.connection.execute("BEGIN")
        self.connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()

    def has_table(self, name: str) -> bool:
        if self.connection is None:
            return False
        row = self.connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def scalar(self, sql: str):
        assert self.connection is not None
        return self.connection.execute(sql).fetchone()[0]

    def write(self, out: Path) -> None:
        private_file(out).close()
        copy = sqlite3.connect(out)
        try:
            if self.connection is not None:
                self.connection.backup(copy)
            # One self-contained file: no -wal beside it, readable read-only at restore.
            copy.execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            copy.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


class PostgresSnapshot:
    """A repeatable-read transaction whose snapshot pg_dump shares (pg_export_snapshot):
    the dump, the counts and the revision are of the same moment. Kept open until closed."""

    engine = "postgresql"

    def __init__(self, url: str, required: bool) -> None:
        self.url = url
        self._engine = create_engine(url, future=True, poolclass=NullPool)
        try:
            self.connection = self._engine.connect().execution_options(
                isolation_level="REPEATABLE READ"
            )
            self.snapshot = self.connection.execute(
                text("SELECT pg_export_snapshot()")
            ).scalar_one()
        except Exception as exc:
            self._engine.dispose()
            raise BackupError(f"Kunne ikke læse {describe(url)}: {_reason(exc)}") from exc

    def has_table(self, name: str) -> bool:
        found = self.connection.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar()
        return found is not None

    def scalar(self, sql: str):
        return self.connection.execute(text(sql)).scalar()

    def write(self, out: Path) -> None:
        private_file(out).close()
        run_pg(pg_dump_command(self.url, out, snapshot=self.snapshot), self.url)
        out.chmod(0o600)

    def close(self) -> None:
        try:
            self.connection.close()
        finally:
            self._engine.dispose()


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


@contextmanager
def snapshot(url: str, required: bool = False) -> Iterator[SqliteSnapshot | PostgresSnapshot]:
    kind = SqliteSnapshot if engine_of(url) == "sqlite" else PostgresSnapshot
    taken = kind(url, required)
    try:
        yield taken
    finally:
        taken.close()


def count(reader, table: str) -> int:
    """Rows of a table, 0 when it does not exist (Rasa's events before any conversation)."""
    return int(reader.scalar(f"SELECT COUNT(*) FROM {table}")) if reader.has_table(table) else 0


def revision(reader) -> str | None:
    if not reader.has_table("alembic_version"):
        return None
    return reader.scalar("SELECT version_num FROM alembic_version")


# --- Files ------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def utc_stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ")


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def new_backup_dir(settings, out: str | Path | None, now: datetime) -> tuple[Path, bool]:
    """The directory to fill (0700) and whether it was made here. A given one must be empty."""
    if out is not None:
        target = Path(out).expanduser().resolve()
        if target.exists():
            if not target.is_dir() or any(target.iterdir()):
                raise BackupError(f"{target} findes allerede og er ikke en tom mappe.")
            target.chmod(0o700)
            return target, False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.mkdir(mode=0o700)
        target.chmod(0o700)
        return target, True
    parent = settings.data_dir / "backups"
    _private_dir(parent)
    base = parent / utc_stamp(now)
    target, number = base, 1
    while True:
        try:
            target.mkdir(mode=0o700)
        except FileExistsError:
            number += 1
            target = base.with_name(f"{base.name}-{number}")
            continue
        target.chmod(0o700)
        return target, True


def secret_fingerprint(settings) -> str | None:
    """A fingerprint of the installation's secret key (never the key), when there is one:
    pulse answers, link codes and team-room cookies depend on it. Creates nothing."""
    value = os.environ.get("TRIVSEL_SECRET", "").strip()
    path = settings.data_dir / "secret.key"
    if not value and path.is_file():
        value = path.read_text().strip()
    if not value:
        return None
    return hmac.new(value.encode("utf-8"), b"backup-fingerprint", hashlib.sha256).hexdigest()[:16]


# --- Backup -----------------------------------------------------------------------------


def backup(settings, out: str | Path | None = None) -> Path:
    """Back up the app database and the tracker store into a new directory (by default
    `<data_dir>/backups/<UTC timestamp>`); its path. Safe while the assistant runs."""
    app_url, tracker_url = settings.db_url, settings.tracker_db_url
    engines = {"app": engine_of(app_url), "tracker": engine_of(tracker_url)}
    shared = same_database(app_url, tracker_url)
    now = datetime.now(timezone.utc)
    target, made = new_backup_dir(settings, out, now)
    try:
        with ExitStack() as stack:
            app = stack.enter_context(snapshot(app_url, required=True))
            tracker = app if shared else stack.enter_context(snapshot(tracker_url))
            counts = {key: count(app, table) for key, table in APP_TABLES.items()}
            counts["events"] = count(tracker, EVENTS_TABLE)
            schema = revision(app)
            files = {}
            for role, reader in (("app", app), ("tracker", tracker)):
                if role == "tracker" and shared:
                    continue
                path = target / f"{role}.{EXTENSIONS[reader.engine]}"
                reader.write(path)
                files[role] = {"name": path.name, "bytes": path.stat().st_size}
        for entry in files.values():
            entry["sha256"] = sha256(target / entry["name"])
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "engines": engines,
            "tracker_in_app_database": shared,
            "alembic_revision": schema,
            "counts": counts,
            "files": files,
            "secret_fingerprint": secret_fingerprint(settings),
        }
        with private_file(target / MANIFEST, "wb") as handle:
            handle.write((json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    except BaseException:
        if made:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for child in target.iterdir():
                child.unlink()
        raise
    return target


def read_manifest(source: str | Path) -> dict:
    """The backup's manifest, checked: format, engines, files present and unchanged."""
    source = Path(source)
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} er ikke en sikkerhedskopi: der er ingen {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} kan ikke læses: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} er ikke en sikkerhedskopi i et format, jeg kender.")
    try:
        engines, files = manifest["engines"], manifest["files"]
        counts = manifest["counts"]
        shared = bool(manifest["tracker_in_app_database"])
        roles = ("app",) if shared else ("app", "tracker")
        for role in roles:
            if engines[role] not in EXTENSIONS:
                raise BackupError(f"Ukendt databasetype i {path}: {engines[role]}.")
            name = files[role]["name"]
            if name != f"{role}.{EXTENSIONS[engines[role]]}":
                raise BackupError(f"Uventet fil i {path}: {name}.")
            if not (source / name).is_file():
                raise BackupError(f"Sikkerhedskopien er ufuldstændig: {name} mangler.")
            if sha256(source / name) != files[role]["sha256"]:
                raise BackupError(
                    f"{name} er ændret eller beskadiget: kontrolsummen passer ikke med {MANIFEST}."
                )
        if set(counts) != set(COUNT_KEYS):
            raise BackupError(f"Optællingen i {path} er ufuldstændig.")
    except (KeyError, TypeError) as exc:
        raise BackupError(f"{path} mangler oplysningen {exc}.") from exc
    return manifest


# --- Restore ----------------------------------------------------------------------------


@contextmanager
def reader(url: str) -> Iterator[_Reader]:
    """Plain reads of a database (no snapshot); a SQLite file that does not exist is empty."""
    if engine_of(url) == "sqlite" and not sqlite_path(url).is_file():
        yield _Reader(None)
        return
    engine = create_engine(url, future=True, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield _Reader(connection)
    except BackupError:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("sqlalchemy"):
            raise BackupError(f"Kunne ikke åbne {describe(url)}: {_reason(exc)}") from exc
        raise
    finally:
        engine.dispose()


class _Reader:
    def __init__(self, connection) -> None:
        self.connection = connection

    def has_table(self, name: str) -> bool:
        if self.connection is None:
            return False
        from sqlalchemy import inspect

        return inspect(self.connection).has_table(name)

    def scalar(self, sql: str):
        return self.connection.execute(text(sql)).scalar()


def restore_sqlite(copy: Path, url: str) -> None:
    """Replace the SQLite database at `url` with the copy, through the backup API (right
    also when the target is in WAL mode), leaving it 0600."""
    path = sqlite_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        private_file(path).close()
    path.chmod(0o600)
    source = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def restore_file(copy: Path, engine: str, url: str) -> None:
    if engine == "sqlite":
        restore_sqlite(copy, url)
    else:
        run_pg(pg_restore_command(url, copy), url)


def known_revision(url: str, wanted: str | None) -> bool:
    if wanted is None:
        return True
    from alembic.script import ScriptDirectory

    from bot.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config(url))
    return wanted in {rev.revision for rev in script.walk_revisions()}


def current_counts(app_url: str, tracker_url: str) -> dict[str, int]:
    with reader(app_url) as app:
        counts = {key: count(app, table) for key, table in APP_TABLES.items()}
    with reader(tracker_url) as tracker:
        counts["events"] = count(tracker, EVENTS_TABLE)
    return counts


def restore(settings, source: str | Path, force: bool = False) -> dict:
    """Restore a backup into this installation's databases and migrate the app database to
    head. Refused where the target already holds teams or conversations, unless `force`.
    Returns {"counts": {...}, "revision": ..., "warnings": [...]} (warnings in Danish)."""
    from bot.db.migrate import upgrade
    from bot.db.session import dispose_all

    source = Path(source).expanduser().resolve()
    manifest = read_manifest(source)
    app_url, tracker_url = settings.db_url, settings.tracker_db_url
    shared = bool(manifest["tracker_in_app_database"])
    engines = manifest["engines"]
    for role, url in (("app", app_url), ("tracker", tracker_url)):
        if engines[role] != engine_of(url):
            raise BackupError(
                f"Sikkerhedskopiens {_role_name(role)} er {_engine_name(engines[role])}, men "
                f"denne installations er {_engine_name(engine_of(url))}. Gendan i samme slags "
                "database."
            )
    if shared != same_database(app_url, tracker_url):
        raise BackupError(
            "Sikkerhedskopien har samtalerne i app-databasen, men denne installation har dem i "
            "en database for sig (eller omvendt). Sæt TRIVSEL_TRACKER_DB_URL som i den "
            "installation, kopien er fra."
        )
    if not known_revision(app_url, manifest["alembic_revision"]):
        raise BackupError(
            f"Sikkerhedskopien er fra en nyere udgave af Trivselscoach (skema "
            f"{manifest['alembic_revision']}). Opdatér programmet først."
        )
    if not force:
        existing = current_counts(app_url, tracker_url)
        found = tuple(key for key in ("teams", "events") if existing[key])
        if found:
            raise BackupError(
                f"Databasen har allerede {summary(existing, found)}. En "
                "gendannelse ville erstatte dem. Brug --force, hvis det er meningen."
            )
    dispose_all()  # no pooled connection of this process reads the old contents
    files = manifest["files"]
    restore_file(source / files["app"]["name"], engines["app"], app_url)
    if not shared:
        restore_file(source / files["tracker"]["name"], engines["tracker"], tracker_url)
    counts = current_counts(app_url, tracker_url)
    if counts != manifest["counts"]:
        raise BackupError(
            f"Gendannelsen gav {summary(counts)}, men kopien har "
            f"{summary(manifest['counts'])}. Kontrollér databaserne."
        )
    upgrade(app_url)
    dispose_all()
    warnings = []
    fingerprint = manifest.get("secret_fingerprint")
    if fingerprint and secret_fingerprint(settings) != fingerprint:
        warnings.append(
            "Installationens hemmelige nøgle er ikke den samme som ved sikkerhedskopien. "
            f"Kopiér secret.key fra den gamle installation til {settings.data_dir} (eller sæt "
            "TRIVSEL_SECRET som der), ellers kan åbne pulsrunders svar ikke slettes for den, "
            "der beder om det, og teamrummets log-ind virker ikke."
        )
    with reader(app_url) as app:
        schema = revision(app)
    return {"counts": counts, "revision": schema, "warnings": warnings}


def _role_name(role: str) -> str:
    return "app-database" if role == "app" else "samtaledatabase (tracker store)"


def _engine_name(engine: str) -> str:
    return "SQLite" if engine == "sqlite" else "PostgreSQL"


def summary(counts: dict[str, int], keys: tuple[str, ...] = COUNT_KEYS) -> str:
    """The counts in Danish, e.g. 3 teams, 12 medlemmer, 240 hændelser."""
    parts = []
    for key in keys:
        one, many = NOUNS[key]
        number = counts.get(key, 0)
        parts.append(f"{number} {one if number == 1 else many}")
    return ", ".join(parts)
