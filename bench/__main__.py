"""Measure Trivselscoach against a stock `rasa init` bot on the same machine and Rasa version.

Prints turn latency (median, p95) one conversation at a time, throughput and p95 with 20
conversations at once, training time, and how well it understands the held-out Danish sets
(intents, themes, knowledge questions, crisis messages, typed answers to its questions).
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
import urllib.request
from pathlib import Path

from bot.config import PROJECT_DIR
from bot.servers import StartupError, wait_for_http

SEQUENTIAL_TURNS = int(os.environ.get("BENCH_TURNS", "60"))
CONCURRENT = int(os.environ.get("BENCH_CONVERSATIONS", "20"))
TURNS_PER_CONVERSATION = int(os.environ.get("BENCH_TURNS_PER_CONVERSATION", "6"))

OUR_SCRIPT = [
    "hej",
    "hvad er en vidensbrobygger?",
    "lad os kortlægge",
    "vi har alt for travlt og for mange opgaver",
    "ja",
    "hvor er vi?",
]
STOCK_SCRIPT = ["hello", "I am sad", "yes", "bye", "are you a bot?", "great"]


def env() -> dict[str, str]:
    return dict(
        os.environ,
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONWARNINGS="ignore",
    )


def post(url: str, sender: str, message: str) -> float:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(url: str, script: list[str], tag: str) -> dict[str, float]:
    for message in script:  # warm-up
        post(url, f"{tag}-warm", message)
    sequential = [
        post(url, f"{tag}-seq-{i // len(script)}", script[i % len(script)])
        for i in range(SEQUENTIAL_TURNS)
    ]
    concurrent: list[float] = []
    lock = threading.Lock()

    def conversation(n: int) -> None:
        mine = [
            post(url, f"{tag}-par-{n}", script[i % len(script)])
            for i in range(TURNS_PER_CONVERSATION)
        ]
        with lock:
            concurrent.extend(mine)

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
        "p95_concurrent_ms": percentile(concurrent, 0.95) * 1000,
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


def understanding() -> list:
    """Intents, themes, knowledge answers, crisis and typed form answers on the held-out sets
    (tests/heldout/): figures only, never the misses."""
    from bench.understanding import run

    return run(PROJECT_DIR / "tests" / "heldout", show=False)


def main() -> int:
    from bench import channels
    from tests.fake_telegram import FakeTelegram
    from tests.servers import free_port, start_assistant, telegram_settings

    with tempfile.TemporaryDirectory(prefix="trivsel-bench-") as tmp:
        work = Path(tmp)
        print("Træner Trivselscoach fra bunden (måler træningstid) ...", flush=True)
        train_ours = timed(
            [
                sys.executable,
                "-m",
                "rasa",
                "train",
                "--domain",
                "domain",
                "--out",
                str(work / "models"),
                "--fixed-model-name",
                "bench",
                "--force",
            ],
            PROJECT_DIR,
        )
        print("Laver og træner en standard 'rasa init'-bot ...", flush=True)
        stock_dir = work / "stock"
        stock_dir.mkdir()
        train_stock = timed(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(stock_dir)],
            work,
        )
        stock_model = next((stock_dir / "models").glob("*.tar.gz"))

        print("Måler forståelsen på de tilbageholdte danske testsæt ...", flush=True)
        understood = understanding()

        print("Starter begge assistenter ...", flush=True)
        fake = FakeTelegram().start()
        ours = start_assistant(
            work / "ours",
            **telegram_settings(fake, "bench-hemmelighed"),
        )
        stock_port = free_port()
        try:
            stock = start_rasa(stock_model, stock_dir, stock_port, None, work / "stock.log")
        except StartupError:
            ours.stop()
            raise
        try:
            print("Måler (det tager et par minutter) ...", flush=True)
            ours_fig = measure(f"{ours.settings.rasa_url}/webhooks/rest/webhook", OUR_SCRIPT, "o")
            stock_fig = measure(
                f"http://127.0.0.1:{stock_port}/webhooks/rest/webhook", STOCK_SCRIPT, "s"
            )
            print("Måler kanalerne og planlæggeren ...", flush=True)
            room = channels.team_room(ours.settings.rasa_url)
            tele = channels.telegram(ours.settings.rasa_url, "bench-hemmelighed", fake)
            notice = channels.scheduler_notice(ours.settings.db_url, fake)
            caught, crises, alarms, lookalikes = channels.crisis(ours.settings.rasa_url)
        finally:
            fake.stop()
            ours.stop()
            stock.terminate()
            stock.wait(30)

    print()
    print(f"{'':34}{'Trivselscoach':>16}{'rasa init':>12}")
    rows = [
        ("tur, median (ms)", "median_ms", "{:.0f}"),
        ("tur, p95 (ms)", "p95_ms", "{:.0f}"),
        (f"gennemløb, {CONCURRENT} samtaler (besk./s)", "throughput", "{:.1f}"),
        (f"p95 med {CONCURRENT} samtaler (ms)", "p95_concurrent_ms", "{:.0f}"),
    ]
    for label, key, fmt in rows:
        print(f"{label:34}{fmt.format(ours_fig[key]):>16}{fmt.format(stock_fig[key]):>12}")
    print(f"{'træningstid (s)':34}{train_ours:>16.0f}{train_stock:>12.0f}")
    print(
        f"{'teamrummet, tur median/p95 (ms)':34}{room['median_ms']:>10.0f} / {room['p95_ms']:.0f}"
    )
    print(f"{'Telegram, tur median/p95 (ms)':34}{tele['median_ms']:>10.0f} / {tele['p95_ms']:.0f}")
    print(
        f"{'planlægger, forfald til besked (s)':34}"
        + ", ".join(f"{s:.1f}" for s in notice)
        + " (runde hvert 30. sekund)"
    )
    print("\nForståelse på de tilbageholdte sæt (tests/heldout, aldrig trænet eller tunet på):")
    for score in understood:
        print("  " + score.line())
    print(
        f"{'krise: fanget / falske alarmer':34}{caught}/{crises} / {alarms}/{lookalikes} "
        f"({alarms / lookalikes:.1%} falske alarmer)"
    )
    print(
        f"\nForhold i median: {ours_fig['median_ms'] / stock_fig['median_ms']:.2f} "
        f"(mål: højst 1,5). Maskine: {os.cpu_count()} kerner."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
