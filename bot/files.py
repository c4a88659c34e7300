"""Files only their owner can read: secrets, logs, backups and generated configurations."""

from __future__ import annotations

import os
from pathlib import Path


def private_file(path: Path, mode: str = "w"):
    """Open a file only its owner can read (created 600, and made 600 if it was not, whatever
    the umask); "a" appends, "b" writes bytes."""
    fd = os.open(
        path, os.O_CREAT | os.O_WRONLY | (os.O_APPEND if "a" in mode else os.O_TRUNC), 0o600
    )
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8")
