"""PostgreSQL and Redis for `trivselscoach cluster`, from Debian's packages, each with its data
under the data folder, run in the foreground so the launcher restarts them as it restarts the
servers. Passwords are made here, kept in files of mode 600 and handed on in the environment
or in files, never on a command line.

PostgreSQL will not run as root: as root, it runs as the `postgres` user Debian's package makes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

USER = "trivsel"


class StoreError(RuntimeError):
    pass


def postgres_bin() -> Path:
    """The folder of Debian's PostgreSQL programs (PG_BINDIR overrides)."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not found:
        raise StoreError("PostgreSQL mangler: installér Debians pakke postgresql")
    return found[-1].parent


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _password(path: Path) -> str:
    from bot.config import write_secret_once

    return write_secret_once(path)


def _reachable_by_postgres(folder: Path) -> None:
    """The postgres user must pass through every folder above its data."""
    for above in folder.resolve().parents:
        if not above.stat().st_mode & 0o001:
            raise StoreError(
                f"PostgreSQL kører som brugeren postgres, som ikke kan nå {folder}: {above} "
                "er lukket for andre. Læg TRIVSEL_DATA_DIR et sted, postgres kan nå, eller "
                f"giv andre ret til at gå gennem {above} (chmod o+x)"
            )


@dataclass
class Postgres:
    """One PostgreSQL server: data in `home`/data, socket in `home`, on 127.0.0.1:`port`."""

    home: Path
    port: int

    @property
    def password(self) -> str:
        return _password(self.home.parent / "postgres_password")

    def prepare(self) -> None:
        """Make the database cluster the first time (initdb), with a password for `trivsel`."""
        data = self.home / "data"
        if (data / "PG_VERSION").exists():
            return
        self.home.mkdir(parents=True, exist_ok=True)
        pwfile = self.home / "pwfile"
        pwfile.write_text(self.password + "\n")
        if _as_postgres():
            self.home.parent.chmod(0o711)  # postgres may pass through the data folder, no more
            _reachable_by_postgres(self.home.parent)
            shutil.chown(self.home, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        try:
            self._run(str(postgres_bin() / "initdb"), "-D", str(data), "-U", USER,
                      f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8",
                      "--locale=C")  # fmt: skip
        finally:
            pwfile.unlink(missing_ok=True)

    def args(self) -> list[str]:
        """The server in the foreground, on 127.0.0.1 only."""
        return _as_postgres() + [
            str(postgres_bin() / "postgres"),
            "-D", str(self.home / "data"),
            "-p", str(self.port),
            "-k", str(self.home),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=200",
        ]  # fmt: skip

    def url_of(self, database: str) -> str:
        return f"postgresql+psycopg2://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create(self, database: str) -> None:
        """The database, unless it is there (raises while the server does not answer yet)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url_of("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                found = connection.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": database}
                ).first()
                if found is None:
                    connection.execute(text(f'CREATE DATABASE "{database}"'))
        finally:
            engine.dispose()

    def _run(self, *args: str) -> None:
        done = subprocess.run([*_as_postgres(), *args], capture_output=True, text=True,
                              cwd=self.home)  # fmt: skip
        if done.returncode != 0:
            raise StoreError(f"{Path(args[0]).name} fejlede: {done.stderr.strip()[-400:]}")


@dataclass
class Redis:
    """One Redis server for Rasa's lock store and the shared limits, on 127.0.0.1:`port`."""

    home: Path
    port: int

    @property
    def password(self) -> str:
        return _password(self.home.parent / "redis_password")

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def prepare(self) -> Path:
        """Its configuration (mode 600, it holds the password); appendonly keeps the limits."""
        from bot.files import private_file

        self.home.mkdir(parents=True, exist_ok=True)
        config = self.home / "redis.conf"
        with private_file(config) as handle:
            handle.write(
                f"port {self.port}\nbind 127.0.0.1\nprotected-mode yes\n"
                f"requirepass {self.password}\ndir {self.home}\nappendonly yes\n"
                'daemonize no\nsave ""\n'
            )
        return config

    def args(self) -> list[str]:
        if not shutil.which("redis-server"):
            raise StoreError("Redis mangler: installér Debians pakke redis-server")
        return ["redis-server", str(self.home / "redis.conf")]
