"""deploy/ (systemd units, the Dockerfile and compose file, which cannot be built here) runs the
same processes with the same modules as the launcher (bot/servers.py, bot/cluster.py)."""

from __future__ import annotations

import configparser
import shlex

import yaml

from bot.cluster import haproxy_config, process_names
from bot.config import PROJECT_DIR
from bot.servers import command

DEPLOY = PROJECT_DIR / "deploy"


def module_of(args: list[str]) -> list[str]:
    """What comes after `python -m`: the module and its subcommand, without options."""
    rest = args[args.index("-m") + 1 :]
    return [a for a in rest if not a.startswith("-")][:2] if rest[0] == "bot.cli" else rest[:1]


def compose():
    return yaml.safe_load((DEPLOY / "docker" / "compose.yml").read_text(encoding="utf-8"))


def test_compose_has_a_container_for_each_process_of_the_cluster_restarted_always():
    services = compose()["services"]
    assert list(services) == process_names(2)
    assert all(service["restart"] == "always" for service in services.values())


def test_each_container_runs_the_module_the_launcher_starts():
    for name, service in compose()["services"].items():
        kind = name.split("-")[0]
        if kind not in ("actions", "rasa", "scheduler"):
            continue
        args = service["command"]
        if args[0] == "sh":  # the Rasa server: endpoints first, then the server
            args = shlex.split(args[2].split("&& exec ")[1])
        assert module_of(args) == module_of(command(kind)), name


def test_the_compose_haproxy_configuration_is_the_launcher_s():
    written = (DEPLOY / "docker" / "haproxy.cfg").read_text(encoding="utf-8")
    assert written == haproxy_config("0.0.0.0", 8080, ["rasa-1:5005", "rasa-2:5005"])


def test_systemd_units_restart_always_and_run_the_launcher_s_modules():
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert len(units) == 5
    for unit in units:
        parsed = configparser.ConfigParser(strict=False, interpolation=None)
        parsed.read(unit, encoding="utf-8")
        service = parsed["Service"]
        assert service["Restart"] == "always", unit.name
        assert service["UMask"] == "0077", unit.name
        start = shlex.split(service["ExecStart"])
        kind = unit.stem.removeprefix("trivselscoach").lstrip("-") or "run"
        if kind in ("actions", "rasa", "scheduler"):
            assert module_of(start) == module_of(command(kind)), unit.name
        else:
            assert start[1:] == [kind], unit.name  # trivselscoach run | cluster
        for secret in ("TOKEN=", "PASSWORD", "SECRET="):
            assert secret not in service["ExecStart"], unit.name  # never on a command line


def test_containers_take_their_secrets_from_a_file_never_a_command_line():
    for name, service in compose()["services"].items():
        assert "requirepass" not in str(service.get("command", "")), name
        assert "PASSWORD=" not in str(service.get("environment", "")), name
