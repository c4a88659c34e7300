"""Danish word forms, to tell a typo from a real word: spaCy's Danish lemma lookup table
(spacy-lookups-data, in its wheel: nothing is fetched)."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.lru_cache(maxsize=1)
def danish_words() -> frozenset[str]:
    """Every word form of the table and every lemma (about 550,000), lowercase."""
    import spacy_lookups_data
    import srsly

    path = Path(spacy_lookups_data.__file__).parent / "data" / "da_lemma_lookup.json.gz"
    table = srsly.read_gzip_json(path)
    return frozenset(table) | frozenset(table.values())


def is_danish(word: str) -> bool:
    return word.lower() in danish_words()
