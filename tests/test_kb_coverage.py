"""The knowledge base covers the report: every table row, area, factor and named method."""

from __future__ import annotations

import pytest

from tests.conftest import REPORT

# The first column of the report's four "Indsigter og perspektiver" tables (sections 5.1-5.4).
TABLE_ROWS = {
    "raadgivning": [
        "Brug af mellemledsorganisationer og vidensbrobyggere",
        "Styrkelse af relationer og tillid",
        "Forstå virksomhedens branchekontekst",
        "Brug af eksisterende netværk og værdikæder",
        "Forstå systemet",
    ],
    "medarbejderinddragelse": [
        "Inddrag medarbejderne i arbejdsmiljøindsatser",
        "Skab passende rammer",
        "Engager medarbejderne",
        "Gør brug af eksisterende proceskompetencer",
    ],
    "ledelse": [
        "Håndter ledernes egen psykiske belastning.",
        "Informer om vigtigheden af psykosocial trivsel.",
        "Gør ledelsestræning konkret og overskuelig",
        "Tilpas eksisterende interventionsprogrammer.",
        "Brug eksperimenter til at afprøve arbejdsmiljøindsatser",
    ],
    "teknologi": [
        "Orienter dig i den store mængde af tilgængeligt og effektivt værktøj",
        "Formidling til virksomhederne",
        "Brug af digitale virkemidler i særligt udfordrede arbejdsmiljøer",
        "Brug teknologi som opfølgning og understøttelse af arbejdsmiljøindsatser",
    ],
}

# Methods, programmes, factors and legal topics the issue names, and the entry for each.
NAMED = {
    "Fishbone-workshop": "fishbone_workshop",
    "forebyggelsespakker": "forebyggelsespakker",
    "BAMBUS": "bambus",
    "TekSam": "teksam",
    "regionale sikkerhedsrepræsentanter": "regionale_sikkerhedsrepraesentanter",
    "IMPROVEjob": "improvejob",
    "Business in Mind": "business_in_mind",
    "korte fokuserede eksperimenter": "korte_eksperimenter",
    "Safety Observer": "safety_observer",
    "H-WORK": "h_work",
    "digital storytelling": "digital_storytelling",
    "SuSa": "susa",
    "deltagelsesbaserede ergonomigrupper": "deltagelsesbaserede_ergonomigrupper",
    "vidensbrobyggere": "vidensbrobyggere",
    "mellemledsorganisationer": "mellemledsorganisationer",
    "implementeringsledelse": "implementeringsledelse",
    "PRO-modellen": "pro_modellen",
    "arbejdsmiljøkompetence": "arbejdsmiljoekompetence",
    "FIT": "fit",
    "tillært hjælpeløshed": "tillaert_hjaelpeloeshed",
    "kollektiv mestring": "kollektiv_mestring",
    "APV": "apv",
    "APV's fem faser": "apv_faser",
    "bekendtgørelsen om psykisk arbejdsmiljø": "bek_psykisk_arbejdsmiljoe",
    "arbejdsmiljørepræsentant": "arbejdsmiljoerepraesentant",
    "krænkende handlinger og vold": "kraenkende_handlinger_og_vold",
}

AREAS = ["raadgivning", "medarbejderinddragelse", "ledelse", "teknologi"]
SECTIONS = {"2", "2.1", "5.1", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3", "6.4", "lovgivning"}


def report_table_rows() -> list[str]:
    rows = []
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        first = cells[0].strip()
        if (
            len(cells) >= 3
            and any(c.isalpha() for c in first)
            and not first.startswith("Indsigter")
        ):
            rows.append(first)
    return rows


@pytest.mark.skipif(not REPORT.exists(), reason="rapporten ligger ikke ved siden af projektet")
def test_table_rows_here_are_the_rows_of_the_report():
    assert sorted(report_table_rows()) == sorted(r for rows in TABLE_ROWS.values() for r in rows)


@pytest.mark.parametrize("table", list(TABLE_ROWS))
def test_every_table_row_has_an_entry(entries, table):
    rows = {e.table_row.insight: e for e in entries if e.table_row and e.table_row.table == table}
    assert sorted(rows) == sorted(TABLE_ROWS[table])
    for entry in rows.values():
        assert entry.table_row.barrier and entry.table_row.action
        assert (
            entry.report_section
            == {
                "raadgivning": "5.1",
                "medarbejderinddragelse": "5.2",
                "ledelse": "5.3",
                "teknologi": "5.4",
            }[table]
        )


@pytest.mark.parametrize(("name", "entry_id"), list(NAMED.items()))
def test_every_named_method_has_an_entry(entries, name, entry_id):
    by_id = {e.id: e for e in entries}
    assert entry_id in by_id, f"{name} mangler i vidensbasen"


def test_every_area_and_section_is_covered(entries):
    assert {e.area for e in entries if e.kind != "indsigt"} >= set(AREAS)
    assert SECTIONS <= {e.report_section for e in entries}
    societal = [e for e in entries if e.report_section == "6.4" and e.kind == "mekanisme"]
    assert len(societal) >= 5


def test_every_entry_cites_a_source_with_year(entries):
    for entry in entries:
        assert entry.sources, entry.id
        for source in entry.sources:
            assert source.authors, entry.id
            assert source.year is None or 1900 < source.year <= 2026, entry.id
