"""`trivselscoach cluster` (and `make cluster`): the installation an operator runs for many firms,
on one machine or on several.

On one machine it starts, each supervised as `trivselscoach run` supervises its servers:

- PostgreSQL (data under <data>/postgres) for the app database and Rasa's tracker store, and
  Redis (<data>/redis) for Rasa's lock store and the shared limits, unless TRIVSEL_DB_URL,
  TRIVSEL_TRACKER_DB_URL and TRIVSEL_REDIS_URL name servers elsewhere;
- REPLICAS (2) replicas, each a Rasa server (RASA_PORT + n) with its action server
  (ACTION_PORT + n), on 127.0.0.1;
- one scheduler, which reaches Rasa through the load balancer;
- haproxy on TRIVSEL_HOST:CLUSTER_PORT (8080) in front, with health checks: the team room,
  the REST channel and the Telegram webhook. Rasa's HTTP API is open to this machine only.

Every replica reads the same secrets from the data folder (or the environment), so a team-room
cookie, a keyed button or the Telegram secret works whichever replica gets the request.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, replace

from bot.channels.common import UNAVAILABLE
from bot.config import Settings, _int
from bot.files import private_file
from bot.launch.stores import Postgres, Redis, StoreError
from bot.servers import Assistant, StartupError, keep_private, wait_for_http

HAPROXY_CONFIG = "haproxy.cfg"
APP_DATABASE, TRACKER_DATABASE = "trivsel", "trivsel_tracker"
PUBLIC_PATHS = ("/webhooks/",)  # and "/", the health check; the rest only from this machine


@dataclass(frozen=True)
class ClusterSettings:
    replicas: int
    port: int  # the load balancer's
    pg_port: int
    redis_port: int


def load_cluster_settings() -> ClusterSettings:
    return ClusterSettings(
        replicas=max(1, _int("REPLICAS", 2)),
        port=_int("CLUSTER_PORT", 8080),
        pg_port=_int("TRIVSEL_PG_PORT", 5433),
        redis_port=_int("TRIVSEL_REDIS_PORT", 6380),
    )


def process_names(replicas: int) -> list[str]:
    """The cluster's processes in the order they start (and `cluster status` lists them);
    deploy/docker/compose.yml has a container for each."""
    numbers = range(1, replicas + 1)
    return ["postgres", "redis", *(f"actions-{n}" for n in numbers),
            *(f"rasa-{n}" for n in numbers), "haproxy", "scheduler"]  # fmt: skip


def haproxy_config(host: str, port: int, replicas: list[str]) -> str:
    """Round robin over the replicas' Rasa servers; a replica that fails three health checks
    a second apart gets nothing until it passes two. A check waits up to 5 s for the answer: a
    busy replica answers late (Rasa reads a message on its event loop), and with one replica a
    check that gave up after a second took the whole installation down under load (measured:
    every message at 20 at once got 503). A dead one refuses at once. A request that could not be delivered (the
    replica refused the connection) is sent to another replica at once; one that was delivered
    is never sent twice. Every request opens its own connection to a replica (http-reuse
    never), so a replica that died is found at the connection, never after a message was
    sent into an old one."""
    busy = json.dumps({"error": UNAVAILABLE, "code": "unavailable"})  # as the channels say it
    errors = "\n".join(
        f"    http-error status {status} content-type application/json string '{busy}'"
        for status in (502, 503, 504)
    )
    servers = "\n".join(
        f"    server rasa-{n} {address} check" for n, address in enumerate(replicas, 1)
    )
    public = " ".join(PUBLIC_PATHS)
    return f"""# Written by bot/cluster.py for this run; edit bot/cluster.py, not this file.
global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 90s
    timeout server 90s
    timeout http-request 10s
    option forwardfor
    option redispatch 1
    retries 3
    retry-on conn-failure
    http-reuse never
{errors}

frontend trivsel
    bind {host}:{port}
    acl public path_beg {public}
    acl health path /
    acl local src 127.0.0.1
    http-request deny deny_status 404 unless public or health or local
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /
    http-check expect status 200
    timeout check 5s
    default-server inter 1s fall 3 rise 2 init-addr libc,none
{servers}
"""


class Cluster(Assistant):
    """The processes of a cluster on one machine, supervised together."""

    def __init__(self, settings: Settings, cluster: ClusterSettings, say=None) -> None:
        super().__init__(settings, log_dir=settings.data_dir / "logs", say=say)
        self.cluster = cluster
        home = settings.data_dir
        self.postgres = Postgres(home / "postgres", cluster.pg_port)
        self.redis = Redis(home / "redis", cluster.redis_port)
        self.own_postgres = not os.environ.get("TRIVSEL_DB_URL")
        self.own_redis = not settings.redis_url

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.settings.host in ("", "0.0.0.0") else self.settings.host
        return f"http://{host}:{self.cluster.port}"

    def shared(self) -> Settings:
        """The settings every process of the cluster shares: the databases, Redis, the public
        address (the load balancer's, unless TRIVSEL_PUBLIC_URL says otherwise)."""
        s = self.settings
        db_url = self.postgres.url_of(APP_DATABASE) if self.own_postgres else s.db_url
        tracker = s.tracker_db or (
            self.postgres.url_of(TRACKER_DATABASE) if self.own_postgres else ""
        )
        if not tracker:
            raise StartupError("sæt TRIVSEL_TRACKER_DB_URL, når TRIVSEL_DB_URL er sat")
        return replace(
            s,
            db_url=db_url,
            tracker_db=tracker,
            redis_url=s.redis_url or self.redis.url,
            public_url=s.public_url or self.url,
        )

    def start(self, timeout: float = 300) -> None:
        keep_private(self.settings)
        self.start_stores(timeout)
        shared = self.shared()
        self.settings = shared  # the secrets are written by the first replica's start_actions
        from bot.cli import load_knowledge

        load_knowledge(shared)  # migrations and the knowledge base, once, before any replica
        replicas = []
        for n in range(1, self.cluster.replicas + 1):
            action_port = self.settings.action_port + n
            replica = Assistant(
                replace(
                    shared,
                    host="127.0.0.1",
                    rasa_port=shared.rasa_port + n,
                    action_port=action_port,
                    action_url=f"http://127.0.0.1:{action_port}/webhook",
                ),
                model=self.model,
                log_dir=self.log_dir,
                children=self.children,  # supervised with the rest
                replica=str(n),
            )
            replicas.append((replica, replica.start_actions(timeout)))
        servers = [(r, r.spawn_rasa(endpoints)) for r, endpoints in replicas]
        try:
            for replica, process in servers:
                wait_for_http(f"{replica.settings.rasa_url}/", timeout, process)
            self.start_balancer(timeout, [f"127.0.0.1:{r.settings.rasa_port}" for r, _ in servers])
        except BaseException:
            self.stop()
            raise
        # The scheduler calls Rasa's API through the load balancer, as this machine may.
        scheduler = Assistant(
            replace(shared, host="127.0.0.1", rasa_port=self.cluster.port),
            log_dir=self.log_dir,
            children=self.children,
        )
        scheduler.start_background()

    def start_stores(self, timeout: float) -> None:
        try:
            if self.own_postgres:
                self.postgres.prepare()
                self._spawn("postgres", self.postgres.args(), port=self.postgres.port)
                for database in (APP_DATABASE, TRACKER_DATABASE):
                    self._wait_for(lambda d=database: self.postgres.create(d) is None, timeout)
            if self.own_redis:
                self.redis.prepare()
                self._spawn("redis", self.redis.args(), port=self.redis.port)
                self._wait_for(self._redis_answers, timeout)
        except StoreError as exc:
            self.stop()
            raise StartupError(str(exc)) from None

    def _redis_answers(self) -> bool:
        import redis

        client = redis.Redis.from_url(self.redis.url, socket_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()

    def _wait_for(self, ready, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            for child in self.children:
                if child.process is not None and child.process.poll() is not None:
                    raise StartupError(f"{child.name} stoppede under opstart")
            try:
                if ready():
                    return
            except Exception as exc:  # not up yet
                problem = exc
            else:
                problem = "intet svar"
            if time.monotonic() > deadline:
                raise StartupError(f"intet svar inden for {timeout:.0f} sekunder ({problem})")
            time.sleep(0.5)

    def start_balancer(self, timeout: float, replicas: list[str]) -> None:
        if not shutil.which("haproxy"):
            raise StartupError("haproxy mangler: installér Debians pakke haproxy")
        host = self.settings.host or "127.0.0.1"
        config = self.settings.data_dir / HAPROXY_CONFIG
        with private_file(config) as handle:
            handle.write(haproxy_config(host, self.cluster.port, replicas))
        process = self._spawn("haproxy", ["haproxy", "-db", "-f", str(config)], self.cluster.port)
        wait_for_http(f"{self.url}/", timeout, process)
