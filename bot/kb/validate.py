"""`python -m bot.kb.validate [folder]`: check every knowledge file and print counts."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bot.config import load_settings
from bot.kb.loader import load_directory
from bot.kb.schema import KnowledgeError


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else load_settings().knowledge_dir
    try:
        entries = load_directory(directory)
    except KnowledgeError as exc:
        print(f"Fejl i vidensbasen: {exc}", file=sys.stderr)
        return 1
    by_file = Counter(e.source_file for e in entries)
    by_section = Counter(e.report_section for e in entries)
    print(f"{len(entries)} opslag i {len(by_file)} filer, alle gyldige.")
    for name, count in sorted(by_file.items()):
        print(f"  {name:32} {count:3}")
    print("Pr. afsnit i rapporten:")
    for section, count in sorted(by_section.items()):
        print(f"  {section:12} {count:3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
