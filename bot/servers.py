"""Start and stop the action server and the Rasa server as child processes.

Used by `trivselscoach run` (and so `make run`), by the benchmark and by the end-to-end
tests, so that all three start the assistant the same way. Both servers are our own launchers
(bot/launch/): the action server listens on 127.0.0.1 only and wants the action token, the
Rasa server reads its API token itself; no secret is ever on a command line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_DIR, Settings, action_token, api_token, rest_token
from bot.files import private_file

DEFAULT_MODEL = PROJECT_DIR / "models" / "current.tar.gz"
CREDENTIALS = PROJECT_DIR / "credentials.yml"
STORE = "bot.tracker_store.PrivateTrackerStore"
LOCK_STORE = "bot.lock_store.AtomicRedisLockStore"


class StartupError(RuntimeError):
    pass


def command(kind: str, *options: str) -> list[str]:
    """How the launcher starts each kind of process; deploy/ (systemd, Docker) runs the same
    modules, which tests/test_deploy.py checks."""
    module = {
        "actions": ["bot.launch.actions"],
        "rasa": ["bot.launch.rasa"],
        "scheduler": ["bot.cli", "scheduler"],
        "telegram": ["bot.cli", "telegram"],
    }[kind]
    return [sys.executable, "-m", *module, *options]


def tracker_store_yaml(url: str) -> str:
    """Tracker store settings for a SQLAlchemy URL (TRIVSEL_TRACKER_DB_URL): Rasa's SQL store
    that never writes a pulse answer (bot/tracker_store.py)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f'tracker_store:\n  type: {STORE}\n  dialect: sqlite\n  db: "{parsed.database}"\n'
    lines = ["tracker_store:", f"  type: {STORE}", f"  dialect: {parsed.drivername}"]
    for key, value in (("url", parsed.host), ("port", parsed.port), ("db", parsed.database),
                       ("username", parsed.username), ("password", parsed.password)):  # fmt: skip
        if value:
            lines.append(f'  {key}: "{value}"')
    return "\n".join(lines) + "\n"


def keep_private(settings: Settings) -> None:
    """Whatever the servers create (databases, logs, secrets) is for this user alone: the
    children inherit the mask, and SQLite files made before it (by loading the knowledge
    base, or by an older version) are made private too."""
    from sqlalchemy.engine import make_url

    os.umask(0o077)
    for url in (settings.db_url, settings.tracker_db_url):
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            path = Path(parsed.database)
            if path.exists():
                path.chmod(0o600)


def lock_store_yaml(url: str) -> str:
    """The lock store in Redis (TRIVSEL_REDIS_URL), so that replicas take one conversation's
    messages one at a time (bot/lock_store.py); without it, Rasa's in-memory store of one
    process."""
    if not url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    lines = ["lock_store:", f"  type: {LOCK_STORE}", f'  url: "{parts.hostname}"',
             f"  port: {parts.port or 6379}", f"  db: {(parts.path or '/0').strip('/') or 0}",
             '  key_prefix: "trivsel"']  # fmt: skip
    if parts.password:
        lines.append(f'  password: "{parts.password}"')
    return "\n".join(lines) + "\n"


def write_endpoints(settings: Settings, name: str = "endpoints.yml") -> Path:
    """Endpoints for this run: our action server with its token (Rasa sends it as the query
    parameter `token`), a persistent SQL tracker store and, in a cluster, Redis's lock store."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / name
    # Mode 600 from the start: it holds the action token and maybe the databases' passwords.
    with private_file(path) as handle:
        handle.write(
            "# Written by bot/servers.py for this run; edit bot/servers.py, not this file.\n"
            f'action_endpoint:\n  url: "{settings.action_url}"\n'
            f'  token: "{action_token(settings)}"\n'
            + tracker_store_yaml(settings.tracker_db_url)
            + lock_store_yaml(settings.redis_url)
        )
    return path


def wait_for_http(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StartupError(f"processen stoppede under opstart (kode {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise StartupError(f"{url} svarede ikke inden for {timeout:.0f} sekunder")


@dataclass
class Child:
    """One process of the installation: how it is started, and the running process."""

    name: str
    args: list[str]
    port: int | None = None
    process: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    failures: int = 0  # crashes in a row soon after a start: the next start waits longer
    due: float | None = None  # when a stopped process is started again
    env: dict[str, str] = field(default_factory=dict, repr=False)  # its whole environment

    @property
    def state(self) -> str:
        if self.process is None:
            return "stoppet"
        return (
            "kører" if self.process.poll() is None else f"stoppet (kode {self.process.returncode})"
        )


RESTART_DELAYS = (0.5, 2.0, 5.0, 15.0, 30.0)  # after 1, 2, 3, 4, 5+ quick crashes in a row
STEADY = 60.0  # a process up this long has recovered: its next crash counts as the first
STATUS_FILE = "processes.json"


@dataclass
class Assistant:
    """The action server, the Rasa server, the scheduler (and the Telegram poller) of one
    installation. `supervise` restarts whichever of them stops, within seconds."""

    settings: Settings
    model: Path = DEFAULT_MODEL
    log_dir: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    say: object = None  # where the supervisor tells of a restart (print-like); None: silent
    replica: str = ""  # in a cluster, this replica's number: its processes are "rasa-1", ...

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [c.process for c in self.children if c.process is not None]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.extra_env)
        env.update(
            {
                "TRIVSEL_DB_URL": self.settings.db_url,
                "TRIVSEL_DATA_DIR": str(self.settings.data_dir),
                "TRIVSEL_TRACKER_DB_URL": self.settings.tracker_db_url,
                "TELEGRAM_TOKEN": self.settings.telegram_token,
                "TELEGRAM_SECRET_TOKEN": self.settings.telegram_secret_token,
                "TELEGRAM_API_URL": self.settings.telegram_api_url,
                "TELEGRAM_WEBHOOK_URL": self.settings.telegram_webhook_url,
                "TRIVSEL_HOST": self.settings.host,
                "RASA_PORT": str(self.settings.rasa_port),
                "ACTION_PORT": str(self.settings.action_port),
                "TRIVSEL_MAX_MESSAGE_CHARS": str(self.settings.max_message_chars),
                "TRIVSEL_REST_CHANNEL": "1" if self.settings.rest_channel else "0",
                "TRIVSEL_PUBLIC_URL": self.settings.public_url,
                "TRIVSEL_SESSION_DAYS": str(self.settings.session_days),
                "TRIVSEL_MEMBER_APPROVAL": "1" if self.settings.member_approval else "0",
                "TRIVSEL_MAX_REQUEST_BYTES": str(self.settings.max_request_bytes),
                "TRIVSEL_REDIS_URL": self.settings.redis_url,
                "TRIVSEL_ACTION_HOST": self.settings.action_host,
                "SANIC_HOST": self.settings.host,
                "ACTION_SERVER_SANIC_WORKERS": "1",
                "TF_CPP_MIN_LOG_LEVEL": "3",
                "RASA_TELEMETRY_ENABLED": "false",  # nothing leaves the machine
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
                "PYTHONWARNINGS": "ignore",
                "PYTHONUNBUFFERED": "1",  # log lines reach the log files as they happen
            }
        )
        return env

    def _launch(self, child: Child) -> subprocess.Popen:
        out = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = private_file(self.log_dir / f"{child.name}.log", "ab")  # closed in stop()
        process = subprocess.Popen(
            child.args,
            cwd=PROJECT_DIR,
            env=child.env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        process.log_file = out
        child.process, child.started = process, time.monotonic()
        return process

    def _spawn(self, name: str, args: list[str], port: int | None = None):
        child = Child(name, args, port, env=self.env())
        self.children.append(child)
        return self._launch(child)

    def rasa_args(self, command: str, endpoints: Path) -> list[str]:
        return [
            sys.executable, "-m", "rasa", command,
            "--model", str(self.model),
            "--endpoints", str(endpoints),
        ]  # fmt: skip

    def start_actions(self, timeout: float = 120) -> Path:
        """Start the action server; return the endpoints file Rasa should use."""
        if not self.model.exists():
            raise StartupError(f"modellen {self.model} findes ikke; kør 'make train'")
        s = self.settings
        keep_private(s)
        # Each secret is written once, here, before any child reads it.
        action_token(s), api_token(s)
        if s.rest_channel:
            rest_token(s)
        endpoints = write_endpoints(s, f"endpoints{self.suffix}.yml")
        host = "127.0.0.1" if s.action_host in ("", "0.0.0.0") else s.action_host
        health = f"http://{host}:{s.action_port}/health"
        actions = self._spawn(f"actions{self.suffix}", command("actions"), s.action_port)
        try:
            wait_for_http(health, timeout, actions)
        except BaseException:
            self.stop()
            raise
        return endpoints

    def start(self, timeout: float = 300) -> None:
        endpoints = self.start_actions(timeout)
        rasa = self.spawn_rasa(endpoints)
        try:
            wait_for_http(f"{self.settings.rasa_url}/", timeout, rasa)
        except BaseException:
            self.stop()
            raise
        self.start_background()

    def spawn_rasa(self, endpoints: Path) -> subprocess.Popen:
        """The Rasa server. The HTTP API (used by the scheduler) always with its token, which
        bot.launch.rasa reads itself; the REST channel decides for itself whether it is on."""
        s = self.settings
        return self._spawn(
            f"rasa{self.suffix}",
            command(
                "rasa",
                "--model",
                str(self.model),
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(CREDENTIALS),
                "--interface",
                s.host,
                "--port",
                str(s.rasa_port),
            ),
            s.rasa_port,
        )

    def start_background(self) -> None:
        """The scheduler, and the Telegram poller where Telegram has no webhook."""
        self._spawn("scheduler", command("scheduler"))
        if self.settings.telegram_token and not self.settings.telegram_webhook_url:
            self._spawn("telegram", command("telegram"))

    @property
    def suffix(self) -> str:
        return f"-{self.replica}" if self.replica else ""

    def stop(self, grace: float = 15) -> None:
        processes = self.processes
        for process in processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        for process in processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()
            _close_log(process)
        self.children.clear()

    def check(self) -> list[str]:
        """Start again each process that has stopped (after a pause that grows while it keeps
        crashing soon after its start); what was done, in Danish, one line per process."""
        done = []
        now = time.monotonic()
        for child in self.children:
            process = child.process
            if process is None or process.poll() is None:
                continue
            if child.due is None:
                quick = now - child.started < STEADY
                child.failures = child.failures + 1 if quick else 1
                delay = RESTART_DELAYS[min(child.failures, len(RESTART_DELAYS)) - 1]
                child.due = now + delay
                done.append(
                    f"{child.name} stoppede (kode {process.returncode}); "
                    f"starter den igen om {delay:g} s."
                )
            if now >= child.due:
                _close_log(process)
                child.due = None
                child.restarts += 1
                self._launch(child)
                done.append(f"{child.name} er startet igen (pid {child.process.pid}).")
        return done

    def supervise(self, interval: float = 0.5) -> None:
        """Keep every process running until interrupted (KeyboardInterrupt)."""
        self.write_status()
        while True:
            lines = self.check()
            for line in lines:
                if self.say is not None:
                    self.say(line)
            if lines:
                self.write_status()
            time.sleep(interval)

    def write_status(self) -> None:
        """The processes, for `trivselscoach status` (STATUS_FILE in the data folder)."""
        path = self.settings.data_dir / STATUS_FILE
        fresh = path.with_name(path.name + ".new")
        with private_file(fresh) as handle:
            json.dump({"launcher": os.getpid(), "processes": self.status()}, handle)
        os.replace(fresh, path)  # a reader sees the old list or the new one, never half of one

    def status(self) -> list[dict]:
        """One line per process: name, pid, port, state, restarts."""
        return [
            {
                "name": c.name,
                "pid": c.process.pid if c.process else None,
                "port": c.port,
                "state": c.state,
                "restarts": c.restarts,
            }
            for c in self.children
        ]


def _close_log(process: subprocess.Popen) -> None:
    if getattr(process, "log_file", None):
        process.log_file.close()
        process.log_file = None
