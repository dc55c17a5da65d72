"""The policy catalogue: every policy present, kind- and state-specific wording, the brief."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from toolkit.data.loading import load_jurisdictions
from toolkit.templating.catalogue import Catalogue
from toolkit.writers.pdf import write_pdf

from conftest import JURISDICTIONS, REPO, render_text

CATALOGUE_IDS = {
    "ice-out": "resolution",
    "surveillance-oversight": "ordinance",
    "alpr-data": "resolution",
    "end-enforcement-partnerships": "ordinance",
    "no-detention-contracts": "ordinance",
    "ice-free-zones": "resolution",
    "safe-schools": "resolution",
    "rapid-response": "resolution",
}


def test_every_catalogue_policy_is_present_with_its_type(catalogue: Catalogue) -> None:
    for policy_id, doc_type in CATALOGUE_IDS.items():
        assert catalogue.policy(policy_id).meta.type == doc_type


@pytest.mark.parametrize("policy_id", sorted(CATALOGUE_IDS))
def test_every_policy_renders_for_every_applicable_example(
    catalogue: Catalogue, policy_id: str
) -> None:
    policy = catalogue.policy(policy_id)
    rendered = 0
    for jurisdiction in JURISDICTIONS.values():
        if not policy.applies_to(jurisdiction.kind):  # type: ignore[attr-defined]
            continue
        if catalogue.blocked(policy, jurisdiction):
            continue  # not drafted where the state's law forbids it: tested in test_legal_forms
        document = catalogue.render(policy, jurisdiction)
        assert jurisdiction.name in document.plain_text()
        assert 3 <= len(policy.meta.talking_points) <= 6
        rendered += 1
    assert rendered >= 2  # safe-schools: the two example school boards


def test_california_school_board_safe_schools_cites_education_code(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "safe-schools", "arroyo-verde-usd-ca")
    assert "Education Code section 234.7" in body
    assert "Plyler v. Doe, 457 U.S. 202 (1982)" in body
    assert "BOARD POLICY" in body and "Legal Reference" in body
    minnesota = render_text(catalogue, "safe-schools", "lakeshore-schools-mn")
    assert "Education Code section 234.7" not in minnesota


def test_washington_county_partnerships_cites_rcw(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "end-enforcement-partnerships", "cascadia-county-wa")
    assert "RCW 10.93.160" in body
    assert "Be it ordained by the County Council of the County of Cascadia:" in body
    assert "Sheriff" in body
    assert "RCW 10.93.160" not in render_text(
        catalogue, "end-enforcement-partnerships", "prairie-falls-il"
    )


def test_california_county_uses_its_enacting_clause(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "no-detention-contracts", "sierra-alta-county-ca")
    assert "The Board of Supervisors of the County of Sierra Alta ordains as follows:" in body
    assert "Civil Code section 1670.9" in body or "Civ. Code 1670.9" in body


def test_texas_warning_is_on_page_one_of_the_policies_texas_law_restricts(
    catalogue: Catalogue,
) -> None:
    for policy_id in ("surveillance-oversight", "rapid-response"):
        document = catalogue.render(
            catalogue.policy(policy_id), JURISDICTIONS["mesquite-springs-tx"]
        )
        assert document.blocks[1].role == "warning"
        first_page = " ".join(
            PdfReader(io.BytesIO(write_pdf(document))).pages[0].extract_text().split()
        )  # justified lines come out with wider spaces
        assert "LEGAL REVIEW REQUIRED" in first_page and "752.053" in first_page
    for policy_id in ("ice-out", "tenant-organizing"):  # not concerned: no warning
        assert "LEGAL REVIEW" not in render_text(catalogue, policy_id, "mesquite-springs-tx")
    assert "LEGAL REVIEW" not in render_text(catalogue, "ice-out", "riverbend-ca")


def test_ice_free_zones_becomes_an_executive_order_for_a_strong_executive(
    catalogue: Catalogue,
) -> None:
    order = render_text(catalogue, "ice-free-zones", "bayport-ca", **{"executive-order": True})
    assert order.startswith("EXECUTIVE ORDER NO.")
    assert "I, Lena Marquez, Mayor of the City and County of Bayport" in order
    assert "AYES" not in order
    resolution = render_text(catalogue, "ice-free-zones", "bayport-ca")
    assert "NOW, THEREFORE, BE IT RESOLVED" in resolution and "AYES:" in resolution
    weak = render_text(catalogue, "ice-free-zones", "riverbend-ca", **{"executive-order": True})
    assert not weak.startswith("EXECUTIVE ORDER")


def test_kind_specific_wording(catalogue: Catalogue) -> None:
    county = render_text(catalogue, "end-enforcement-partnerships", "sierra-alta-county-ca")
    city = render_text(catalogue, "end-enforcement-partnerships", "riverbend-ca")
    assert "jail" in county.lower() and "Sierra Alta County Sheriff's Office" in county
    assert "Riverbend Police Department" in city
    school = render_text(catalogue, "alpr-data", "arroyo-verde-usd-ca")
    assert "student" in school.lower()


def test_brief_lists_talking_points_and_citations(catalogue: Catalogue) -> None:
    policy = catalogue.policy("ice-out")
    brief = catalogue.render(policy, JURISDICTIONS["arroyo-verde-usd-ca"], brief=True).plain_text()
    assert "Talking points" in brief
    assert "Every child has the right to a free public education" in brief  # for the kind
    assert "Plyler v. Doe" in brief
    pages = PdfReader(
        io.BytesIO(write_pdf(catalogue.render(policy, JURISDICTIONS["riverbend-ca"], brief=True)))
    ).pages
    assert len(pages) <= 2  # talking points, answers to hard questions and sources


def test_example_csv_in_the_readme_is_valid() -> None:
    loaded = load_jurisdictions(REPO / "examples" / "members.csv")
    assert [j.id for j in loaded] == ["eastlake-ca", "north-fork-county-ca", "harbor-view-wa"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_rows = (REPO / "examples" / "members.csv").read_text(encoding="utf-8").splitlines()
    assert "\n".join(first_rows) in readme
