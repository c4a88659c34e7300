"""Fingerprint of the NECTO report, so the knowledge base can be checked for copied runs.

The knowledge entries must be written in our own words (knowledge/SCHEMA.md). The report
itself is not part of the repository, so CI cannot compare against it directly. Instead
`tests/data/report_shingles.txt.gz` holds a short hash of every run of SHINGLE consecutive
words of the normalised report; a run in an entry whose hash is in that file was copied.

Regenerate the fingerprint after the report changes:

    .venv/bin/python -m tests.report_fingerprint build [REPORT]

While rewriting, two reports that need the report itself:

    .venv/bin/python -m tests.report_fingerprint runs [--min 10]      copied runs, longest first
    .venv/bin/python -m tests.report_fingerprint similar [--ratio 0.75]
        entry sentences sharing at least that share of their words with one report sentence
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parent
KNOWLEDGE_DIR = PROJECT_DIR / "knowledge"
FINGERPRINT = HERE / "data" / "report_shingles.txt.gz"
REPORT = PROJECT_DIR.parent / "shared" / "report" / "necto-vidensrapport-2025.txt"

SHINGLE = 10
HASH_CHARS = 12
# Words: letters (æøå and other accented letters included) and digits. Everything else,
# punctuation, dashes, apostrophes and quotes, separates words.
WORD = re.compile(r"[^\W_]+")
# A sentence ends at . ! or ? before a capital letter (not after "m.fl", "fx", "nr" or a
# number), at a tab (table cells) or at a line break (paragraphs, list items).
SENTENCE_END = re.compile(
    r"(?<!\bm\.fl)(?<!\bfx)(?<!\bnr)(?<!\bca)(?<!\bjf)(?<![0-9])[.!?]\s+(?=[\"'(]?[A-ZÆØÅ])"
    r"|\t+|\n+"
)
# Sentences shorter than this are too short for the word-overlap check to mean anything.
MIN_SENTENCE_WORDS = 6


def words(text: str) -> list[str]:
    """Lowercase words with punctuation stripped; æ, ø and å are kept as they are."""
    return WORD.findall(text.lower())


def shingle_hash(run: list[str] | tuple[str, ...]) -> str:
    return hashlib.sha1(" ".join(run).encode("utf-8")).hexdigest()[:HASH_CHARS]


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    ws = words(text)
    return {shingle_hash(ws[i : i + size]) for i in range(len(ws) - size + 1)}


def build(report: Path = REPORT, out: Path = FINGERPRINT) -> int:
    """Write the sorted hashes of every shingle of the report; returns how many."""
    hashes = sorted(shingles(report.read_text(encoding="utf-8")))
    out.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(hashes) + "\n").encode("ascii")
    # mtime=0 and no file name: the same report always gives the same bytes.
    with (
        open(out, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz,
    ):
        gz.write(data)
    return len(hashes)


def load_fingerprint(path: Path = FINGERPRINT) -> set[str]:
    with gzip.open(path, "rt", encoding="ascii") as f:
        return {line.strip() for line in f if line.strip()}


# --- the entry texts that must be our own words -------------------------------------------


@dataclass(frozen=True)
class Passage:
    file: str
    entry: str
    field: str
    text: str


def passages(directory: Path = KNOWLEDGE_DIR) -> Iterator[Passage]:
    """Every text an entry writes itself. Not table_row.insight (the table's own words,
    verbatim by the schema), keywords, or the titles and authors of sources."""
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for n, entry in enumerate(raw.get("entries") or []):
            if not isinstance(entry, dict):
                continue
            eid = str(entry.get("id") or f"#{n}")
            for name in ("title", "short", "explanation", "effort", "evidence_note"):
                if isinstance(entry.get(name), str):
                    yield Passage(path.name, eid, name, entry[name])
            for i, step in enumerate(entry.get("steps") or []):
                if isinstance(step, str):
                    yield Passage(path.name, eid, f"steps[{i}]", step)
            row = entry.get("table_row") or {}
            if isinstance(row, dict):
                for name in ("barrier", "action"):
                    if isinstance(row.get(name), str):
                        yield Passage(path.name, eid, f"table_row.{name}", row[name])


@dataclass(frozen=True)
class Run:
    passage: Passage
    words: tuple[str, ...]

    def __str__(self) -> str:
        p = self.passage
        return f"{p.file}: {p.entry}.{p.field} ({len(self.words)} ord): {' '.join(self.words)}"


def copied_runs(passage: Passage, fingerprint: set[str], size: int = SHINGLE) -> list[Run]:
    """Maximal runs of at least `size` words whose every `size`-word window is in the report."""
    ws = words(passage.text)
    hit = [shingle_hash(ws[i : i + size]) in fingerprint for i in range(len(ws) - size + 1)]
    runs, i = [], 0
    while i < len(hit):
        if not hit[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(hit) and hit[j + 1]:
            j += 1
        runs.append(Run(passage, tuple(ws[i : j + size])))
        i = j + 1
    return runs


def all_copied_runs(
    fingerprint: set[str], directory: Path = KNOWLEDGE_DIR, size: int = SHINGLE
) -> list[Run]:
    return [r for p in passages(directory) for r in copied_runs(p, fingerprint, size)]


# --- the softer check: sentences close to one report sentence ------------------------------


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


@dataclass(frozen=True)
class Similar:
    passage: Passage
    sentence: str
    report_sentence: str
    ratio: float


def similar_sentences(
    report_text: str, directory: Path = KNOWLEDGE_DIR, ratio: float = 0.75
) -> list[Similar]:
    """Entry sentences of at least MIN_SENTENCE_WORDS words of which at least `ratio` of
    the distinct words occur in one and the same report sentence."""
    report = [(s, set(words(s))) for s in sentences(report_text)]
    report = [(s, w) for s, w in report if w]
    found = []
    for p in passages(directory):
        for sent in sentences(p.text):
            own = set(words(sent))
            if len(words(sent)) < MIN_SENTENCE_WORDS:
                continue
            best, best_s = 0.0, ""
            for rs, rw in report:
                share = len(own & rw) / len(own)
                if share > best:
                    best, best_s = share, rs
            if best >= ratio:
                found.append(Similar(p, sent, best_s, best))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.report_fingerprint")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="skriv fingeraftrykket af rapporten")
    b.add_argument("report", nargs="?", type=Path, default=REPORT)
    r = sub.add_parser("runs", help="afskrevne ordløb i vidensbasen")
    r.add_argument("--min", type=int, default=SHINGLE)
    r.add_argument("--report", type=Path, default=REPORT)
    r.add_argument("--knowledge", type=Path, default=KNOWLEDGE_DIR)
    s = sub.add_parser("similar", help="sætninger tæt på én sætning i rapporten")
    s.add_argument("--ratio", type=float, default=0.75)
    s.add_argument("--report", type=Path, default=REPORT)
    s.add_argument("--knowledge", type=Path, default=KNOWLEDGE_DIR)
    args = parser.parse_args(argv)

    if args.command == "build":
        n = build(args.report)
        print(f"{n} shingles fra {args.report} -> {FINGERPRINT}")
        return 0
    if args.command == "runs":
        fp = shingles(args.report.read_text(encoding="utf-8"), args.min)
        runs = sorted(
            all_copied_runs(fp, args.knowledge, size=args.min), key=lambda r: -len(r.words)
        )
        for run in runs:
            print(run)
        print(f"{len(runs)} ordløb på {args.min} ord eller mere")
        return 1 if runs else 0
    found = similar_sentences(
        args.report.read_text(encoding="utf-8"), args.knowledge, ratio=args.ratio
    )
    for f in found:
        p = f.passage
        print(f"{p.file}: {p.entry}.{p.field} ({f.ratio:.0%})\n  os:       {f.sentence}")
        print(f"  rapport:  {f.report_sentence}\n")
    print(f"{len(found)} sætninger deler mindst {args.ratio:.0%} af ordene med én sætning")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
