"""Measure Trivselscoach against a stock `rasa init` bot on the same machine and Rasa version.

Prints, side by side for the stock bot, `make run` and the cluster with one and two replicas:
turn latency (median, p95) one conversation at a time, throughput and p95 with 20
conversations at once, and the 10th against the 300th turn of one long conversation. Then
training time, the channels, and how well it understands the held-out Danish sets (intents,
themes, knowledge questions, crisis messages, typed answers to its questions).
`python -m bench --speed` measures the turns only.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_DIR
from bot.servers import StartupError, wait_for_http

SEQUENTIAL_TURNS = int(os.environ.get("BENCH_TURNS", "60"))
CONCURRENT = int(os.environ.get("BENCH_CONVERSATIONS", "20"))
TURNS_PER_CONVERSATION = int(os.environ.get("BENCH_TURNS_PER_CONVERSATION", "6"))
LONG_TURNS = int(os.environ.get("BENCH_LONG_TURNS", "300"))  # one long meeting's turns

OUR_SCRIPT = [
    "hej",
    "hvad er en vidensbrobygger?",
    "lad os kortlægge",
    "vi har alt for travlt og for mange opgaver",
    "ja",
    "hvor er vi?",
]
STOCK_SCRIPT = ["hello", "I am sad", "yes", "bye", "are you a bot?", "great"]
# A long meeting: questions, status and thanks, turn after turn (no form left open).
OUR_LONG = ["hvor er vi?", "hvad er en vidensbrobygger?", "tak", "hvad er planen?"]
STOCK_LONG = ["hello", "I am sad", "yes", "are you a bot?"]


@dataclass(frozen=True)
class Target:
    """Where a bot takes REST messages, and the headers it wants (our bearer token)."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)


def env() -> dict[str, str]:
    return dict(
        os.environ,
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONWARNINGS="ignore",
    )


def post(target: Target, sender: str, message: str) -> float:
    body = json.dumps({"sender": sender, "message": message}).encode()
    headers = {"Content-Type": "application/json", **target.headers}
    request = urllib.request.Request(target.url, data=body, headers=headers)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(target: Target, script: list[str], tag: str) -> dict[str, float]:
    """One conversation at a time (median, p95), then CONCURRENT conversations at once
    (throughput, p95)."""
    for message in script:  # warm-up
        post(target, f"{tag}-warm", message)
    sequential = [
        post(target, f"{tag}-seq-{i // len(script)}", script[i % len(script)])
        for i in range(SEQUENTIAL_TURNS)
    ]
    concurrent: list[float] = []
    failed: list[int] = []
    lock = threading.Lock()

    def conversation(n: int) -> None:
        for i in range(TURNS_PER_CONVERSATION):
            try:
                took = post(target, f"{tag}-par-{n}", script[i % len(script)])
            except urllib.error.HTTPError:  # counted: a refusal is a figure too
                with lock:
                    failed.append(n)
                continue
            with lock:
                concurrent.append(took)

    threads = [threading.Thread(target=conversation, args=(n,)) for n in range(CONCURRENT)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {
        "median_ms": statistics.median(sequential) * 1000,
        "p95_ms": percentile(sequential, 0.95) * 1000,
        "throughput": len(concurrent) / elapsed,
        "p95_concurrent_ms": percentile(concurrent or [0.0], 0.95) * 1000,
        "failed": len(failed),
    }


def long_meeting(target: Target, script: list[str], tag: str) -> dict[str, float]:
    """One conversation of LONG_TURNS turns: the median turn around the 10th (6th-15th) and
    at the end (the last ten). A turn that grows with the conversation shows here."""
    times = [post(target, f"{tag}-long", script[i % len(script)]) * 1000 for i in range(LONG_TURNS)]
    return {
        "turn10_ms": statistics.median(times[5:15]),
        "turn_last_ms": statistics.median(times[-10:]),
    }


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        args, cwd=cwd, env=env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def start_rasa(model: Path, cwd: Path, port: int, endpoints: Path | None, log: Path):
    args = [
        sys.executable,
        "-m",
        "rasa",
        "run",
        "--model",
        str(model),
        "-i",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    if endpoints:
        args += ["--endpoints", str(endpoints)]
    out = open(log, "wb")  # noqa: SIM115
    process = subprocess.Popen(
        args, cwd=cwd, env=env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    wait_for_http(f"http://127.0.0.1:{port}/", 300, process)
    return process


HELD_OUT_SETS = ("heldout", "heldout6", "heldout7")  # sets 5-7 (tests/heldout*/README.md)


def understanding() -> dict[str, list]:
    """Intents, themes, knowledge answers, crisis and typed form answers on each held-out set
    (tests/heldout/, tests/heldout6/): figures only, never the misses."""
    from bench.understanding import run

    return {name: run(PROJECT_DIR / "tests" / name, show=False) for name in HELD_OUT_SETS}


def train_ours(work: Path) -> float:
    return timed(
        [sys.executable, "-m", "rasa", "train", "--domain", "domain", "--out",
         str(work / "models"), "--fixed-model-name", "bench", "--force"],
        PROJECT_DIR,
    )  # fmt: skip


def main(argv: list[str]) -> int:
    """`python -m bench` measures everything; `--speed` only the turns (no training, no
    understanding, no channels), for a quick look after a change."""
    from bench import channels, cluster
    from bot.config import rest_token
    from tests.fake_telegram import FakeTelegram
    from tests.servers import free_port, start_assistant, telegram_settings

    full = "--speed" not in argv
    with tempfile.TemporaryDirectory(prefix="trivsel-bench-") as tmp:
        work = Path(tmp)
        if full:
            print("Træner Trivselscoach fra bunden (måler træningstid) ...", flush=True)
            trained = train_ours(work)
        print("Laver og træner en standard 'rasa init'-bot ...", flush=True)
        stock_dir = work / "stock"
        stock_dir.mkdir()
        train_stock = timed(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(stock_dir)],
            work,
        )
        stock_model = next((stock_dir / "models").glob("*.tar.gz"))
        if full:
            print("Måler forståelsen på de tilbageholdte danske testsæt ...", flush=True)
            understood = understanding()

        print("Starter begge assistenter ...", flush=True)
        fake = FakeTelegram().start()
        ours = start_assistant(work / "ours", **telegram_settings(fake, "bench-hemmelighed"))
        mine = Target(
            f"{ours.settings.rasa_url}/webhooks/rest/webhook",
            {"Authorization": f"Bearer {rest_token(ours.settings)}"},
        )
        stock_port = free_port()
        try:
            stock = start_rasa(stock_model, stock_dir, stock_port, None, work / "stock.log")
        except StartupError:
            ours.stop()
            raise
        try:
            print("Måler (det tager et par minutter) ...", flush=True)
            stock_target = Target(f"http://127.0.0.1:{stock_port}/webhooks/rest/webhook")
            figures = {
                "rasa init": measure(stock_target, STOCK_SCRIPT, "s")
                | long_meeting(stock_target, STOCK_LONG, "s"),
                "make run": measure(mine, OUR_SCRIPT, "o") | long_meeting(mine, OUR_LONG, "o"),
            }
            if full:
                print("Måler kanalerne og planlæggeren ...", flush=True)
                room = channels.team_room(ours.settings.rasa_url)
                tele = channels.telegram(ours.settings.rasa_url, "bench-hemmelighed", fake)
                notice = channels.scheduler_notice(ours.settings.db_url, fake)
                caught, crises, alarms, lookalikes = channels.crisis(mine)
        finally:
            fake.stop()
            ours.stop()
            stock.terminate()
            stock.wait(30)
    for replicas in (1, 2):
        print(f"Starter klyngen med {replicas} replika(er) og måler ...", flush=True)
        figures[f"klynge ×{replicas}"] = cluster.figures(replicas, OUR_SCRIPT, OUR_LONG)

    print()
    print(f"{'':34}" + "".join(f"{name:>13}" for name in figures))
    rows = [
        ("tur, median (ms)", "median_ms", "{:.0f}"),
        ("tur, p95 (ms)", "p95_ms", "{:.0f}"),
        (f"gennemløb, {CONCURRENT} samtaler (besk./s)", "throughput", "{:.1f}"),
        (f"p95 med {CONCURRENT} samtaler (ms)", "p95_concurrent_ms", "{:.0f}"),
        (f"fejlsvar af {CONCURRENT * TURNS_PER_CONVERSATION}", "failed", "{:d}"),
        ("10. tur i en samtale (ms)", "turn10_ms", "{:.0f}"),
        (f"{LONG_TURNS}. tur i samme samtale (ms)", "turn_last_ms", "{:.0f}"),
    ]
    for label, key, fmt in rows:
        cells = "".join(f"{fmt.format(f[key]).replace('.', ','):>13}" for f in figures.values())
        print(f"{label:34}{cells}")
    stock, ours_fig = figures["rasa init"], figures["make run"]
    pair = figures["klynge ×2"]["throughput"] / figures["klynge ×1"]["throughput"]
    ratios = [
        ("p95 mod rasa init", ours_fig["p95_ms"] / stock["p95_ms"], "højst 1,5"),
        ("gennemløb mod rasa init", ours_fig["throughput"] / stock["throughput"], "mindst 1"),
        ("klynge: 2 replikaer mod 1, gennemløb", pair, "mindst 1,3"),
        (f"{LONG_TURNS}. tur mod 10. tur", ours_fig["turn_last_ms"] / ours_fig["turn10_ms"],
         f"højst 1,5; rasa init {stock['turn_last_ms'] / stock['turn10_ms']:.2f}".replace(".", ",")),
    ]  # fmt: skip
    print()
    for label, ratio, goal in ratios:
        print(f"{label:34}{f'{ratio:.2f}'.replace('.', ','):>13}  (mål: {goal})")
    print(f"Maskine: {os.cpu_count()} kerner.")
    if not full:
        return 0
    print(f"{'træningstid (s)':34}{trained:>13.0f}{train_stock:>13.0f} (Trivselscoach, rasa init)")
    print(
        f"{'teamrummet, tur median/p95 (ms)':34}{room['median_ms']:>10.0f} / {room['p95_ms']:.0f}"
    )
    print(f"{'Telegram, tur median/p95 (ms)':34}{tele['median_ms']:>10.0f} / {tele['p95_ms']:.0f}")
    print(
        f"{'planlægger, forfald til besked (s)':34}"
        + ", ".join(f"{s:.1f}" for s in notice)
        + " (runde hvert 30. sekund)"
    )
    for name, scores in understood.items():
        print(f"\nForståelse på det tilbageholdte sæt tests/{name} (aldrig trænet eller tunet på):")
        for score in scores:
            if score.total:
                print("  " + score.line())
    print(
        f"{'krise: fanget / falske alarmer':34}{caught}/{crises} / {alarms}/{lookalikes} "
        f"({alarms / lookalikes:.1%} falske alarmer)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
