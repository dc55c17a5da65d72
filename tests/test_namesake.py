"""The namesake policies, read back: No Secret Police (faces and identification) and No Data."""

from __future__ import annotations

import pytest

from toolkit.data.loading import load_jurisdictions
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.writers import to_bytes

from conftest import EXAMPLE_DATA, docx_text, pdf_text

JURISDICTIONS = {j.id: j for j in load_jurisdictions(EXAMPLE_DATA)}


def text_of(catalogue: Catalogue, policy: str, jid: str, **options: bool) -> str:
    request = DocumentRequest(policy, JURISDICTIONS[jid], options)
    return render(catalogue, request).plain_text()


def test_a_california_city_s_officers_show_identification_and_no_face_coverings(
    catalogue: Catalogue,
) -> None:
    document = render(catalogue, DocumentRequest("no-secret-police", JURISDICTIONS["riverbend-ca"]))
    text = pdf_text(to_bytes(document, "pdf"))
    assert "AN ORDINANCE OF THE CITY COUNCIL OF THE CITY OF RIVERBEND REQUIRING LAW" in text
    assert (
        '"covered officer" means any peace officer or other sworn law enforcement officer' in text
    )
    assert "employed by the City" in text
    assert "Every covered officer shall display visible identification at all times" in text
    assert "No covered officer shall wear a facial covering while engaged in enforcement" in text
    assert "the chief of the Riverbend Police Department shall adopt" in text
    # Cited as the chaptered text says: two sections each, no "et seq."
    assert (
        "SB 627 (Statutes of 2025, chapter 125), which added Government Code section 7289" in text
    )
    assert "and Penal Code section 185.5" in text
    assert "SB 805 (2025), which added Government Code section 7288 and Penal Code" in text
    assert "7289 et seq" not in text
    # The 2026 rulings as they stand: enjoined as to federal officers, never "upheld".
    assert "February 9, 2026" in text and "April 22, 2026" in text
    assert "upheld" not in text
    assert "calls on every federal agency" in text


def test_a_county_draft_addresses_the_sheriff_by_request(catalogue: Catalogue) -> None:
    document = render(
        catalogue, DocumentRequest("no-secret-police", JURISDICTIONS["sierra-alta-county-ca"])
    )
    text = docx_text(to_bytes(document, "docx"))
    assert "other than an officer under the direction of the Sheriff" in text
    assert "Request to the Sheriff" in text
    assert (
        "The Board of Supervisors requests that the Sheriff apply the same rules to the deputies "
        "of the Sierra Alta County Sheriff's Office" in text
    )
    assert "which Government Code section 25303 protects" in text
    assert "the head of each County department that employs covered officers" in text


def test_a_city_county_binds_its_police_and_asks_its_sheriff(catalogue: Catalogue) -> None:
    text = text_of(catalogue, "no-secret-police", "bayport-ca")
    assert "the chief of the Bayport Police Department shall adopt" in text
    assert "requests that the Sheriff apply the same rules to the deputies of the Bayport" in text


def test_elsewhere_the_same_local_rules_without_california_law(catalogue: Catalogue) -> None:
    text = text_of(catalogue, "no-secret-police", "prairie-falls-il")
    assert "Every covered officer shall display visible identification" in text
    assert "Penal Code" not in text and "Sheriff" not in text
    assert "barred the State of California from applying its ban" in text
    assert "most secure when they govern a jurisdiction's own officers" in text


def test_the_resolution_form_sets_the_same_rules_as_resolved_clauses(catalogue: Catalogue) -> None:
    text = text_of(catalogue, "no-secret-police", "riverbend-ca", **{"resolution-form": True})
    assert text.splitlines()[0] == "RESOLUTION NO. [number]"
    assert "ADOPTING A POLICY THAT LAW ENFORCEMENT OFFICERS SERVING THE CITY SHOW" in text
    assert "BE IT FURTHER RESOLVED that every covered officer shall display visible" in text
    assert "SECTION" not in text
    assert "that this resolution takes effect immediately upon its adoption." in text


def test_no_data_for_a_california_school_board_is_a_board_policy_on_ed_code_234_7(
    catalogue: Catalogue,
) -> None:
    document = render(catalogue, DocumentRequest("no-data", JURISDICTIONS["arroyo-verde-usd-ca"]))
    text = docx_text(to_bytes(document, "docx"))
    assert "ADOPTING BOARD POLICY [board policy number], PROTECTION OF STUDENT AND FAMILY" in text
    assert "the District is bound by Education Code section 234.7, as amended by Assembly" in text
    assert "This section carries out Education Code section 234.7 in every school" in text
    assert "BOARD POLICY [board policy number]: PROTECTION OF STUDENT AND FAMILY" in text
    assert "Plyler v. Doe, 457 U.S. 202 (1982)" in text
    assert "Values Act" not in text  # a law enforcement statute is not the schools' law
    assert "1. Definitions." in text and "9. Relation to other laws." in text


def test_no_data_for_a_california_city_extends_the_values_act_to_every_department(
    catalogue: Catalogue,
) -> None:
    text = text_of(catalogue, "no-data", "riverbend-ca")
    assert "ADDING CHAPTER [chapter number] TO THE MUNICIPAL CODE" in text
    assert "applies to every Department the rule that Government Code section 7284.6," in text
    assert "subdivision (a)(1)(D) sets for law enforcement agencies" in text
    assert "only as Civil Code section 1798.90.55 allows" in text
    assert "as provided in 8 U.S.C. section 1373" in text
    assert "Sec. [chapter number].090 Relation to other laws." in text


def test_no_data_numbers_its_sections_without_gaps(catalogue: Catalogue) -> None:
    off = {"vendor-contracts": False, "audits": False, "annual-report": False}
    text = text_of(catalogue, "no-data", "riverbend-ca", **off)
    assert "Sec. [chapter number].050 Complaints and enforcement." in text
    assert "Sec. [chapter number].060 Relation to other laws." in text
    assert "Vendors and data brokers" not in text


@pytest.mark.parametrize("policy", ["no-secret-police", "no-data"])
def test_the_namesake_policies_are_complete_in_spanish(catalogue: Catalogue, policy: str) -> None:
    for jid in ("riverbend-ca", "sierra-alta-county-ca", "bayport-ca"):
        request = DocumentRequest(policy, JURISDICTIONS[jid], language="es")
        document = render(catalogue, request)
        assert document.fallbacks == ()
        assert "CONSIDERANDO QUE" in document.plain_text()
