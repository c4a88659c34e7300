"""The schema is enforced: a bad entry stops the load naming file, entry and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from bot.kb.loader import load_directory, load_file
from bot.kb.schema import KnowledgeError, validate_entry

GOOD = {
    "id": "test_opslag",
    "title": "Et opslag til test",
    "kind": "metode",
    "area": "ledelse",
    "short": "Dette er første sætning. Dette er anden sætning.",
    "explanation": "En længere forklaring, der er lang nok til at bestå skemaets krav om "
    "mindst firs tegn i feltet.",
    "keywords": ["test", "prøve", "forsøg"],
    "themes": ["arbejdsmaengde"],
    "fits": {"size": ["1-9"], "industries": ["alle"], "resources": "lav", "outside_help": False},
    "report_section": "5.3",
    "sources": [
        {
            "authors": "Grosen, S. L., & Edwards, K.",
            "year": 2024,
            "title": "Learning from " "experiments",
            "doi": "10.1108/JWL-08-2023-0138",
        }
    ],
    "evidence": "kvalitativ",
    "evidence_note": "Bygger på erfaringer fra et projekt.",
}


def write(tmp_path: Path, entries, name="test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    return path


def test_good_entry_passes_and_round_trips():
    entry = validate_entry(copy.deepcopy(GOOD), "test.yaml", 0)
    assert entry.id == "test_opslag"
    assert validate_entry(entry.to_dict(), "test.yaml", 0) == entry


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e.pop("short"), "short"),
        (lambda e: e.pop("sources"), "sources"),
        (lambda e: e.update(kind="tryllestav"), "kind"),
        (lambda e: e.update(id="Med Store Bogstaver"), "id"),
        (lambda e: e.update(themes=["mobning"]), "themes"),
        (
            lambda e: e.update(short="En sætning. To. Tre. Fire. Fem sætninger er for mange her."),
            "short",
        ),
        (lambda e: e["fits"].update(size=["2-5"]), "fits.size"),
        (lambda e: e["fits"].pop("resources"), "fits.resources"),
        (lambda e: e["sources"][0].update(year="sidste år"), "sources[1].year"),
        (lambda e: e["sources"][0].update(doi="https://doi.org/10.1/x"), "sources[1].doi"),
        (lambda e: e.update(evidence="stærk"), "evidence"),
        (lambda e: e.update(table_row={"table": "ledelse", "insight": "x"}), "table_row.insight"),
        (lambda e: e.update(ukendt_felt=1), "ukendt_felt"),
        (lambda e: e.update(report_section="kapitel fem"), "report_section"),
    ],
)
def test_bad_entry_names_file_entry_and_field(tmp_path, change, field):
    bad = copy.deepcopy(GOOD)
    change(bad)
    path = write(tmp_path, [GOOD | {"id": "foerste"}, bad])
    with pytest.raises(KnowledgeError) as info:
        load_file(path)
    err = info.value
    assert err.file == "test.yaml"
    assert err.entry == bad["id"]
    assert err.field == field
    assert "test.yaml" in str(err) and field in str(err)


def test_duplicate_id_across_files_is_refused(tmp_path):
    write(tmp_path, [GOOD], "a.yaml")
    write(tmp_path, [GOOD], "b.yaml")
    with pytest.raises(KnowledgeError) as info:
        load_directory(tmp_path)
    assert info.value.file == "b.yaml" and info.value.field == "id"
    assert "a.yaml" in str(info.value)


def test_broken_yaml_names_the_file(tmp_path):
    (tmp_path / "ødelagt.yaml").write_text("entries:\n  - id: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_directory(tmp_path)
    assert info.value.file == "ødelagt.yaml"


def test_every_knowledge_file_loads(entries):
    files = {e.source_file for e in entries}
    assert {
        "raadgivning.yaml", "medarbejderinddragelse.yaml", "ledelse.yaml", "teknologi.yaml",
        "implementering.yaml", "baggrund.yaml", "samfund.yaml", "lovgivning.yaml",
    } <= files  # fmt: skip
    for name in files:
        assert load_file(Path(__file__).parent.parent / "knowledge" / name)


def test_undated_source_is_allowed_but_must_say_so():
    from bot.kb.schema import Source

    entry = copy.deepcopy(GOOD)
    entry["sources"][0]["year"] = None
    parsed = validate_entry(entry, "test.yaml", 0)
    assert parsed.sources[0].citation() == "Grosen og Edwards (u.å.)"
    assert validate_entry(parsed.to_dict(), "test.yaml", 0) == parsed
    del entry["sources"][0]["year"]
    with pytest.raises(KnowledgeError, match="null"):
        validate_entry(entry, "test.yaml", 0)
    assert Source("Torp, S.", 2008, "x").citation() == "Torp (2008)"
