"""Build the blank Danish spaCy pipeline (tokenizer + lookup lemmatizer) that Rasa loads.

`python -m bot.nlp_pipeline build/spacy_da`. spaCy models are not on PyPI: nothing is
downloaded; the lemma tables come from the spacy-lookups-data package.
"""

from __future__ import annotations

import sys
from pathlib import Path


def build(target: Path) -> None:
    import spacy

    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "trivselscoach_da"
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)


if __name__ == "__main__":
    destination = Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_da")
    build(destination)
    print(f"Dansk spaCy-pipeline gemt i {destination}")
