"""`trivselscoach status` and the self-healing tests read processes.json while the launcher
rewrites it every few seconds: a reader must never find it empty or half written."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

from bot.config import load_settings
from bot.servers import STATUS_FILE, Assistant, Child


def test_the_status_file_is_whole_whenever_it_is_read(tmp_path):
    settings = replace(load_settings(), data_dir=tmp_path)
    launcher = Assistant(settings, children=[Child(f"proces-{n}", []) for n in range(40)])
    launcher.write_status()
    done = threading.Event()

    def rewrite():
        while not done.is_set():
            launcher.write_status()

    writer = threading.Thread(target=rewrite)
    writer.start()
    try:
        read = [
            json.loads((tmp_path / STATUS_FILE).read_text(encoding="utf-8")) for _ in range(3000)
        ]
    finally:
        done.set()
        writer.join()
    assert all(len(known["processes"]) == 40 for known in read)
