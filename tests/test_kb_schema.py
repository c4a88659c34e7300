"""The schema is enforced: a bad entry stops the load naming file, entry and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from bot.kb.loader import load_directory, load_file
from bot.kb.schema import AREAS, KnowledgeError, validate_entry

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


def refused(tmp_path, change) -> tuple[dict, KnowledgeError]:
    """A good entry changed by `change`, loaded after a good one: the entry and its error."""
    bad = copy.deepcopy(GOOD)
    change(bad)
    path = write(tmp_path, [GOOD | {"id": "foerste"}, bad])
    with pytest.raises(KnowledgeError) as info:
        load_file(path)
    return bad, info.value


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
    bad, err = refused(tmp_path, change)
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
        "tiltag.yaml", "hjaelp.yaml",
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
    assert Source(authors="Torp, S.", year=2008, title="Titel").citation() == "Torp (2008)"


# A concrete measure (kind "tiltag"): guidance-based, with a first action and what it demands.
GOOD_TILTAG = GOOD | {
    "id": "test_tiltag",
    "kind": "tiltag",
    "area": "tiltag",
    "themes": ["arbejdsmaengde"],
    "report_section": "vejledning",
    "sources": [
        {
            "authors": "Arbejdstilsynet",
            "year": None,
            "title": "Stor arbejdsmængde og tidspres",
            "url": "https://at.dk/faa-viden/saerlige-indsatser/stor-arbejdsmaengde-og-tidspres",
        }
    ],
    "evidence": "lovgivning",
    "first_action": "Hold et kvarter hver mandag, hvor I sammen sorterer ugens opgaver i skal, bør og kan vente.",
    "first_action_by_industry": {
        "byggeri": "Brug ti minutter af ugens første møde på pladsen til at sortere opgaverne.",
    },
    "methods": ["korte_eksperimenter", "tre_former_inddragelse"],
    "demands": {"group": False, "facilitator": False, "hours": 4},
}


def test_good_tiltag_passes_and_round_trips():
    entry = validate_entry(copy.deepcopy(GOOD_TILTAG), "tiltag.yaml", 0)
    assert entry.kind == "tiltag" and entry.report_section == "vejledning"
    assert entry.demands.hours == 4 and entry.demands.group is False
    assert entry.methods == ("korte_eksperimenter", "tre_former_inddragelse")
    assert entry.first_action_for("byggeri").startswith("Brug ti minutter")
    assert entry.first_action_for("omsorg") == entry.first_action
    assert entry.first_action_for(None) == entry.first_action
    assert validate_entry(entry.to_dict(), "tiltag.yaml", 0) == entry


def test_new_fields_are_optional_outside_tiltag_and_coachens_raad_is_allowed():
    plain = validate_entry(copy.deepcopy(GOOD), "test.yaml", 0)
    assert plain.first_action is None and plain.demands is None and plain.methods == ()
    advice = copy.deepcopy(GOOD_TILTAG) | {
        "evidence": "coachens_raad",
        "evidence_note": "Det er coachens eget råd og ikke et forskningsresultat.",
    }
    assert validate_entry(advice, "tiltag.yaml", 0).evidence == "coachens_raad"


def _set(path, value):
    def change(entry):
        *parents, last = path.split(".")
        target = entry
        for key in parents:
            target = target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e.pop("first_action"), "first_action"),
        (lambda e: e.pop("demands"), "demands"),
        (_set("first_action", "Hold et møde. Skriv det ned."), "first_action"),
        (_set("first_action", "Hold et møde om " + "det og " * 15 + "mere."), "first_action"),
        (_set("first_action", "Hold et møde om ugens opgaver"), "first_action"),
        (_set("first_action_by_industry", {"andet": "Hold et kort møde om ugens opgaver."}),
         "first_action_by_industry.andet"),
        (_set("first_action_by_industry", {"omsorg": "Kort."}), "first_action_by_industry.omsorg"),
        (_set("methods", ["tryllestav"]), "methods"),
        (_set("demands.hours", -1), "demands.hours"),
        (_set("demands.hours", "fire"), "demands.hours"),
        (_set("demands.group", "ja"), "demands.group"),
        (lambda e: e["demands"].pop("facilitator"), "demands.facilitator"),
        (_set("themes", ["arbejdsmaengde", "ledelse", "samarbejde"]), "themes"),
        (_set("themes", []), "themes"),
        (lambda e: e["sources"][0].pop("url"), "sources"),
        (_set("evidence", "coachens_raad"), "evidence_note"),
        (_set("report_section", "vejledninger"), "report_section"),
    ],
)  # fmt: skip
def test_bad_tiltag_names_file_entry_and_field(tmp_path, change, field):
    bad = copy.deepcopy(GOOD_TILTAG)
    change(bad)
    path = write(tmp_path, [GOOD | {"id": "foerste"}, bad], "tiltag.yaml")
    with pytest.raises(KnowledgeError) as info:
        load_file(path)
    err = info.value
    assert (err.file, err.entry, err.field) == ("tiltag.yaml", "test_tiltag", field)
    assert "tiltag.yaml" in str(err) and "test_tiltag" in str(err) and field in str(err)


def test_methods_named_in_the_schema_are_process_methods_in_the_knowledge_base(entries):
    from bot.kb.schema import METHOD_IDS

    by_id = {e.id: e for e in entries}
    for method in METHOD_IDS:
        assert method in by_id and by_id[method].kind == "metode", method


def test_every_theme_has_at_least_three_concrete_measures(entries):
    from bot.kb.schema import THEMES

    tiltag = [e for e in entries if e.kind == "tiltag"]
    assert len(tiltag) >= 30
    for theme in THEMES:
        assert len([e for e in tiltag if theme in e.themes]) >= 3, theme
    for entry in tiltag:
        assert entry.first_action and entry.demands, entry.id
        assert 1 <= len(entry.themes) <= 2, entry.id
        assert entry.sources and all(s.url or s.doi or s.authors for s in entry.sources), entry.id


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (_set("sources", []), "sources", "skal være en liste med mindst én kilde"),
        (lambda e: e["sources"].append("Grosen 2024"), "sources[2]", "skal være en mapping"),
        (_set("sources", [{"ukendt": 1} | GOOD["sources"][0]]), "sources[1].ukendt",
         "er ikke et kendt felt"),
        (lambda e: e["sources"][0].update(authors=["Grosen"]), "sources[1].authors",
         "skal være en tekst, der ikke er tom"),
        (lambda e: e["sources"][0].pop("title"), "sources[1].title",
         "skal være en tekst, der ikke er tom"),
        (lambda e: e["sources"][0].pop("year"), "sources[1].year",
         "mangler (skriv null, hvis kilden ikke har et år)"),
        (lambda e: e["sources"][0].update(url="www.at.dk"), "sources[1].url",
         "skal være en http(s)-adresse"),
        (_set("fits", ["1-9"]), "fits",
         "skal være en mapping med size, industries, resources, outside_help"),
        (_set("fits.outside_help", "nej"), "fits.outside_help", "skal være true eller false"),
        (_set("area", "økonomi"), "area", "'økonomi' er ikke en af " + ", ".join(AREAS)),
        (_set("keywords", ["test", "test", "prøve"]), "keywords",
         "indeholder det samme punkt flere gange"),
        (_set("keywords", ["test"]), "keywords", "skal have 3-25 punkter, har 1"),
        (_set("steps", "Gør det."), "steps", "skal være en liste"),
        (_set("questions", [5]), "questions", "5 er ikke en tekst"),
        (_set("effort", None), "effort", "skal være en tekst, der ikke er tom"),
        (_set("involvement", "alle"), "involvement",
         "'alle' er ikke en af faelles_loesninger, opbakning, delte_beslutninger"),
        (_set("table_row", {"table": "x", "insight": "En indsigt", "barrier": "En barriere her",
                            "action": "En handling her"}),
         "table_row.table", "'x' er ikke en af raadgivning, medarbejderinddragelse, ledelse, teknologi"),
        (_set("first_action_by_industry", {"byggeri": "Hold et kort møde om ugens opgaver."}),
         "first_action_by_industry", "kræver også et generelt first_action"),
    ],
)  # fmt: skip
def test_bad_nested_or_optional_field_names_file_entry_and_field(tmp_path, change, field, problem):
    _, err = refused(tmp_path, change)
    assert (err.file, err.entry, err.field) == ("test.yaml", "test_opslag", field)
    assert err.problem == problem
    assert str(err) == f"test.yaml, opslag 'test_opslag', felt '{field}': {problem}"


def test_demands_refuse_unknown_keys_and_an_entry_must_be_a_mapping(tmp_path):
    bad = copy.deepcopy(GOOD_TILTAG)
    bad["demands"]["budget"] = 1000
    with pytest.raises(KnowledgeError) as info:
        load_file(write(tmp_path, [bad], "tiltag.yaml"))
    assert (info.value.entry, info.value.field) == ("test_tiltag", "demands.budget")
    assert "tiltag.yaml" in str(info.value) and info.value.problem == "er ikke et kendt felt"
    with pytest.raises(KnowledgeError) as info:
        load_file(write(tmp_path, [GOOD, "bare en tekst"]))
    assert (info.value.file, info.value.entry, info.value.field) == ("test.yaml", "nr. 2", None)
    assert str(info.value) == "test.yaml, opslag 'nr. 2': et opslag skal være en mapping"
