"""A throwaway PostgreSQL server for tests, from Debian's postgresql package (.ci/run installs
it). Started on a free port in a temporary folder; as root, the server runs as `postgres`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.servers import free_port


def bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    if not found:
        raise RuntimeError(
            "PostgreSQL mangler: installér Debians pakke postgresql (det gør .ci/run)."
        )
    return found[-1].parent


class PostgresServer:
    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="trivsel-pg-"))
        self.port = free_port()
        self.data = self.base / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.base, "postgres", "postgres")
        bindir = bin_dir()
        self.pg_ctl = str(bindir / "pg_ctl")
        self._run(str(bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "-E", "UTF8", "--locale=C")  # fmt: skip
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options,
                  "-l", str(self.base / "server.log"), "-w", "start")  # fmt: skip
        self._run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", "trivsel")  # fmt: skip
        self.url = f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/trivsel"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, cwd=self.base)

    def stop(self) -> None:
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
