"""The cluster (`trivselscoach cluster`: PostgreSQL, Redis, replicas behind haproxy) measured
as `make run` is, with one replica and with two, through haproxy."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path


def figures(replicas: int, script: list[str], long_script: list[str]) -> dict[str, float]:
    from bench.__main__ import Target, long_meeting, measure
    from tests.servers import RunningCli, free_port

    # PostgreSQL runs as `postgres` under root: its data must be where it can reach.
    home = Path(tempfile.mkdtemp(prefix="trivsel-bench-cluster-"))
    home.chmod(0o711)
    port = free_port()
    running = RunningCli(
        home / "var",
        command=[sys.executable, "-m", "bot.cli", "cluster"],
        env={
            "CLUSTER_PORT": str(port),
            "REPLICAS": str(replicas),
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "TRIVSEL_PG_PORT": str(free_port()),
            "TRIVSEL_REDIS_PORT": str(free_port()),
            "TRIVSEL_DB_URL": None,
            "TRIVSEL_TRACKER_DB_URL": None,
            "TRIVSEL_REDIS_URL": None,
        },
    )
    try:
        token = (running.data_dir / "rest_token").read_text().strip()
        target = Target(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook", {"Authorization": f"Bearer {token}"}
        )
        return measure(target, script, f"c{replicas}") | long_meeting(
            target, long_script, f"c{replicas}"
        )
    finally:
        if running.process.poll() is None:
            running.interrupt(timeout=120)
        shutil.rmtree(home, ignore_errors=True)
