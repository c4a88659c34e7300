"""Operator commands: `trivselscoach run | shell | train | telegram | scheduler | migrate |
load-knowledge | search | status | cluster | backup | restore`."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from bot.config import load_settings


def cmd_migrate(_args) -> int:
    from bot.db.migrate import upgrade

    settings = load_settings()
    upgrade(settings.db_url)
    print("Databasen er opdateret.")
    return 0


def load_knowledge(settings) -> dict[str, int]:
    from bot.db.migrate import upgrade
    from bot.db.session import session_scope
    from bot.kb.loader import load_directory, sync_to_db

    entries = load_directory(settings.knowledge_dir)
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        return sync_to_db(session, entries)


def cmd_load_knowledge(_args) -> int:
    from bot.kb.schema import KnowledgeError

    try:
        counts = load_knowledge(load_settings())
    except KnowledgeError as exc:
        print(f"Fejl i vidensbasen: {exc}", file=sys.stderr)
        return 1
    print(
        "Vidensbasen er indlæst: {total} opslag ({added} nye, {changed} ændrede, "
        "{removed} fjernede).".format(**counts)
    )
    return 0


def cmd_search(args) -> int:
    from bot.kb.service import search

    hits = search(" ".join(args.query), limit=args.limit)
    if not hits:
        print("Intet opslag passer godt nok.")
    for hit in hits:
        print(f"{hit.score:7.2f}  {hit.entry.id:36} {hit.entry.title}")
    return 0


def spacy_pipeline() -> None:
    """The blank Danish spaCy pipeline the model loads (config.yml: build/spacy_da), built
    once where it is missing (a fresh install)."""
    from bot.config import PROJECT_DIR
    from bot.nlp_pipeline import build

    if not (PROJECT_DIR / "build" / "spacy_da" / "meta.json").is_file():
        build(PROJECT_DIR / "build" / "spacy_da")


def train() -> int:
    """Train the model from config.yml, domain/ and data/ into models/current.tar.gz."""
    import subprocess

    from bot.config import PROJECT_DIR

    spacy_pipeline()
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    return subprocess.call(
        [sys.executable, "-m", "rasa", "train", "--force", "--domain", "domain",
         "--fixed-model-name", "current", "--out", "models", "--quiet"],
        cwd=PROJECT_DIR,
        env=env,
    )  # fmt: skip


def cmd_train(_args) -> int:
    return train()


def cmd_run(_args) -> int:
    from bot.kb.schema import KnowledgeError
    from bot.servers import Assistant

    settings = load_settings()
    if not model_ready():
        return 1
    try:
        load_knowledge(settings)
    except KnowledgeError as exc:
        print(f"Fejl i vidensbasen: {exc}", file=sys.stderr)
        return 1
    print("Starter action-serveren og Rasa-serveren (det tager et minuts tid) ...")

    def running() -> str:
        return (
            f"\nTrivselscoach kører.\n"
            f"  Teamrummet:    {settings.rasa_url}/webhooks/teamroom/\n"
            f"  Telegram:      {telegram_mode(settings)}\n"
            f"  REST-kanal:    {rest_mode(settings)}\n"
            f"  Action-server: http://127.0.0.1:{settings.action_port} (kun denne maskine)\n"
            f"  Logfiler:      {settings.data_dir / 'logs'}\n" + rest_example(settings)
        )

    return serve(Assistant(settings, log_dir=settings.data_dir / "logs", say=say), running)


def model_ready() -> bool:
    """The spaCy pipeline and a trained model, trained now if there is none."""
    from bot.servers import DEFAULT_MODEL

    spacy_pipeline()
    if DEFAULT_MODEL.is_file():
        return True
    print("Der er ingen trænet model endnu. Jeg træner den nu (det tager omkring 5 minutter) ...")
    if train() == 0:
        return True
    print("Træningen mislykkedes; se meddelelserne ovenfor.", file=sys.stderr)
    return False


def serve(assistant, running) -> int:
    """Start the processes, print `running()`, and keep them running until Ctrl-C (or
    SIGTERM, also when started in the background, where the shell ignores SIGINT)."""
    from bot.kb.schema import KnowledgeError
    from bot.servers import StartupError

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    logs = assistant.settings.data_dir / "logs"
    try:
        assistant.start()
        print(running() + "Stopper en af processerne, starter jeg den igen. Stop med Ctrl-C.",
              flush=True)  # fmt: skip
        assistant.supervise()
        return 0
    except (StartupError, KnowledgeError) as exc:
        print(f"Kunne ikke starte: {exc}. Se logfilerne i {logs}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopper ...", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second Ctrl-C does not cut the stop
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        assistant.stop()


def rest_mode(settings) -> str:
    if not settings.rest_channel:
        return "slået fra (sæt TRIVSEL_REST_CHANNEL=1)"
    where = (
        "TRIVSEL_REST_TOKEN"
        if os.environ.get("TRIVSEL_REST_TOKEN")
        else settings.data_dir / "rest_token"
    )
    return f"{settings.rasa_url}/webhooks/rest/webhook (token i {where})"


def rest_example(settings) -> str:
    """A curl line to try the REST channel; the token is read from its file, never printed."""
    if not settings.rest_channel:
        return ""
    token = (
        "$TRIVSEL_REST_TOKEN"
        if os.environ.get("TRIVSEL_REST_TOKEN")
        else f"$(cat {settings.data_dir / 'rest_token'})"
    )
    return (
        f"Prøv: curl -s -X POST {settings.rasa_url}/webhooks/rest/webhook "
        f'-H "Authorization: Bearer {token}" '
        '-H \'Content-Type: application/json\' -d \'{"sender":"test","message":"hej"}\'\n'
    )


def telegram_mode(settings) -> str:
    if not settings.telegram_token:
        return "slået fra (sæt TELEGRAM_TOKEN)"
    if settings.telegram_webhook_url:
        import asyncio

        from bot.channels.telegram_connect import set_webhook

        asyncio.run(set_webhook(settings))
        return f"webhook på {settings.telegram_webhook_url}"
    return "henter beskeder (polling)"


def cmd_cluster(args) -> int:
    """`trivselscoach cluster`: PostgreSQL, Redis, the replicas and haproxy (bot/cluster.py);
    `trivselscoach cluster status`: its processes."""
    if args.what == "status":
        return cmd_status(args)
    from bot.cluster import Cluster, load_cluster_settings

    settings = load_settings()
    if not model_ready():
        return 1
    cluster = Cluster(settings, load_cluster_settings(), say=say)
    started = time.monotonic()
    replicas = cluster.cluster.replicas
    print(f"Starter PostgreSQL, Redis, {replicas} replikaer og haproxy (et par minutter) ...")

    def running() -> str:
        return (
            f"\nTrivselscoach kører som klynge ({replicas} replikaer, startet på "
            f"{time.monotonic() - started:.0f} s).\n"
            f"  Teamrummet:  {cluster.url}/webhooks/teamroom/\n"
            f"  Status:      trivselscoach cluster status\n"
            f"  Logfiler:    {settings.data_dir / 'logs'}\n"
        )

    return serve(cluster, running)


def say(line: str) -> None:
    """A line from the launcher, with the time (the servers' own lines are in the logs)."""
    from datetime import datetime

    print(f"{datetime.now():%H:%M:%S} {line}", file=sys.stderr, flush=True)


NOT_RUNNING = "Trivselscoach kører ikke her (start den med 'make run' eller 'make cluster')."


def cmd_status(_args) -> int:
    """One line per process of the running installation: name, pid, port, state."""
    import json

    from bot.servers import STATUS_FILE

    path = load_settings().data_dir / STATUS_FILE
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(NOT_RUNNING, file=sys.stderr)
        return 1
    if not _alive(known["launcher"]):
        print(NOT_RUNNING, file=sys.stderr)
        return 1
    for p in known["processes"]:
        state = "kører" if p["pid"] and _alive(p["pid"]) else "stoppet"
        times = "gang" if p["restarts"] == 1 else "gange"
        restarted = f" (startet igen {p['restarts']} {times})" if p["restarts"] else ""
        pid, port = p["pid"] or "-", p["port"] or "-"
        print(f"{p['name']:<10} pid {pid:<8} port {port:<6} {state}{restarted}")
    return 0


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def cmd_telegram(_args) -> int:
    from bot.channels.telegram_connect import run

    return run(load_settings())


def cmd_endpoints(args) -> int:
    """Write endpoints.yml for a Rasa server started on its own (systemd, Docker: deploy/)."""
    from dataclasses import replace

    from bot.servers import write_endpoints

    settings = load_settings()
    if args.out:
        settings = replace(settings, data_dir=args.out.parent)
    print(write_endpoints(settings, args.out.name if args.out else "endpoints.yml"))
    return 0


def cmd_scheduler(_args) -> int:
    from bot.scheduler import run

    try:
        return run()
    except KeyboardInterrupt:
        return 0


def cmd_shell(_args) -> int:
    import subprocess

    from bot.servers import Assistant, StartupError

    settings = load_settings()
    load_knowledge(settings)
    assistant = Assistant(settings, log_dir=settings.data_dir / "logs")
    try:
        endpoints = assistant.start_actions()
        print("Skriv til coachen. Afslut med /stop.", flush=True)
        return subprocess.call(assistant.rasa_args("shell", endpoints), env=assistant.env())
    except StartupError as exc:
        print(f"Kunne ikke starte: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        assistant.stop()


def cmd_backup(args) -> int:
    from bot.backup import BackupError, backup, read_manifest, summary

    try:
        path = backup(load_settings(), args.out)
    except BackupError as exc:
        print(f"Sikkerhedskopien blev ikke lavet: {exc}", file=sys.stderr)
        return 1
    print(f"Sikkerhedskopi gemt i {path}: {summary(read_manifest(path)['counts'])}.")
    print("Den rummer folks samtaler: opbevar den sikkert, og kun så længe der er brug for den.")
    return 0


def cmd_restore(args) -> int:
    from bot.backup import BackupError, restore, summary

    try:
        result = restore(load_settings(), args.source, force=args.force)
    except BackupError as exc:
        print(f"Gendannelsen blev ikke udført: {exc}", file=sys.stderr)
        return 1
    print(f"Gendannet fra {args.source}: {summary(result['counts'])}.")
    print(f"Databasen er opdateret til nyeste skema ({result['revision']}).")
    for warning in result["warnings"]:
        print(f"Bemærk: {warning}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trivselscoach", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start action-server og Rasa-server").set_defaults(func=cmd_run)
    sub.add_parser("shell", help="chat i terminalen").set_defaults(func=cmd_shell)
    sub.add_parser("status", help="vis de kørende processer").set_defaults(func=cmd_status)
    p = sub.add_parser("endpoints", help="skriv endpoints.yml til en Rasa-server alene")
    p.add_argument("--out", type=Path, help="filen (standard: endpoints.yml i datamappen)")
    p.set_defaults(func=cmd_endpoints)
    p = sub.add_parser("cluster", help="start en klynge: PostgreSQL, Redis, replikaer, haproxy")
    p.add_argument("what", nargs="?", choices=["status"], help="vis klyngens processer")
    p.set_defaults(func=cmd_cluster)
    sub.add_parser("train", help="træn modellen (config.yml, domain/, data/)").set_defaults(
        func=cmd_train
    )
    sub.add_parser("telegram", help="hent Telegram-beskeder (polling)").set_defaults(
        func=cmd_telegram
    )
    sub.add_parser("scheduler", help="send opfølgninger, når de forfalder").set_defaults(
        func=cmd_scheduler
    )
    sub.add_parser("migrate", help="opdatér databasens skema").set_defaults(func=cmd_migrate)
    sub.add_parser("load-knowledge", help="validér og indlæs knowledge/").set_defaults(
        func=cmd_load_knowledge
    )
    p = sub.add_parser("backup", help="sikkerhedskopiér app-databasen og samtalerne")
    p.add_argument("--out", metavar="DIR", help="mappen (standard: <datamappe>/backups/<tid>)")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="gendan en sikkerhedskopi i en ny installation")
    p.add_argument("source", metavar="DIR", help="mappen med sikkerhedskopien")
    p.add_argument(
        "--force", action="store_true", help="gendan, selv om databasen allerede har data"
    )
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("search", help="søg i vidensbasen")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=5)
    p.set_defaults(func=cmd_search)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
