"""The knowledge base is written in our own words: no run of 10 or more words from the report.

The report is not in the repository, so the check uses its fingerprint,
tests/data/report_shingles.txt.gz (see tests/report_fingerprint.py for how to rebuild it).
Checked: title, short, explanation, steps, effort, evidence_note and table_row barrier and
action. Not checked: table_row.insight (the table's own words by the schema), keywords and
the titles and authors of sources.
"""

from __future__ import annotations

import pytest

from tests.conftest import REPORT
from tests.report_fingerprint import (
    FINGERPRINT,
    SHINGLE,
    Passage,
    all_copied_runs,
    copied_runs,
    load_fingerprint,
    passages,
    shingles,
)


@pytest.fixture(scope="module")
def fingerprint() -> set[str]:
    assert (
        FINGERPRINT.exists()
    ), f"{FINGERPRINT} mangler: kør python -m tests.report_fingerprint build"
    return load_fingerprint()


def test_no_entry_copies_ten_words_from_the_report(fingerprint):
    runs = all_copied_runs(fingerprint)
    assert not runs, (
        f"{len(runs)} ordløb på {SHINGLE} ord eller mere er afskrevet fra rapporten; "
        "skriv dem om med egne ord:\n" + "\n".join(str(r) for r in runs)
    )


def test_the_check_sees_every_field_that_must_be_our_own():
    fields = {p.field.split("[")[0] for p in passages()}
    assert {"title", "short", "explanation", "evidence_note"} <= fields
    assert {"steps", "effort", "table_row.barrier", "table_row.action"} <= fields
    assert "table_row.insight" not in fields


def test_a_copied_run_is_found_and_named(fingerprint):
    # One sentence of the report (section 6.4), embedded in an otherwise own sentence.
    copied = (
        "Kort sagt: siden 2021 har Arbejdstilsynet arbejdet med nye tilsynsformer, herunder "
        "også muligheden for at tilbyde virksomhederne aftaleforløb, siger vi."
    )
    runs = copied_runs(Passage("x.yaml", "et_opslag", "explanation", copied), fingerprint)
    assert len(runs) == 1
    assert runs[0].words[0] == "siden" and runs[0].words[-1] == "aftaleforløb"
    assert "et_opslag.explanation" in str(runs[0])
    # Nine words are a short quotation, which is allowed.
    nine = "siden 2021 har Arbejdstilsynet arbejdet med nye tilsynsformer, herunder"
    assert not copied_runs(Passage("x.yaml", "et_opslag", "short", nine), fingerprint)


@pytest.mark.skipif(not REPORT.exists(), reason="rapporten ligger ikke ved siden af projektet")
def test_fingerprint_is_that_of_the_report(fingerprint):
    assert fingerprint == shingles(
        REPORT.read_text(encoding="utf-8")
    ), "fingeraftrykket passer ikke til rapporten: kør python -m tests.report_fingerprint build"
