"""Rapid response, safe schools and tenant organizing as counsel reads them (second review).

Each test renders a real draft or packet part from the example data and reads its text back.
"""

from __future__ import annotations

import pytest

from toolkit.templating.catalogue import Catalogue

from conftest import render_text

RESTRICTED = ["mesquite-springs-tx", "coquina-county-fl", "harpeth-falls-tn"]


# --- rapid response -------------------------------------------------------------------------


@pytest.mark.parametrize("jid", ["prairie-falls-il", "sierra-alta-county-ca", "riverbend-ca"])
def test_the_appropriation_leaves_its_instrument_and_vote_to_state_law(
    catalogue: Catalogue, jid: str
) -> None:
    read = render_text(catalogue, "rapid-response", jid)
    assert " appropriates [total amount]" not in read
    assert (
        "shall be appropriated, by [appropriating instrument and vote required by state law], "
        "to carry out the Program, allocated as follows:" in read
    )
    assert "is appropriated" not in read  # the resolution itself appropriates nothing


@pytest.mark.parametrize("jid", RESTRICTED)
def test_where_state_law_restricts_it_responders_inform_and_refer_only(
    catalogue: Catalogue, jid: str
) -> None:
    read = render_text(catalogue, "rapid-response", jid)
    assert "verify reports of immigration enforcement" not in read
    assert "dispatch responders" not in read and "take reports of enforcement" not in read
    assert "responders who give people information about their rights" in read
    assert "to give callers information about their rights and refer them" in read
    spanish = render_text(catalogue, "rapid-response", jid, language="es")
    assert "verifiquen los reportes" not in spanish and "enviar a las personas" not in spanish
    # elsewhere the full network stays
    assert "verify reports of immigration enforcement" in render_text(
        catalogue, "rapid-response", "riverbend-ca"
    )


def test_a_motion_says_what_the_program_should_do(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "rapid-response", "cedar-sound-county-wa")
    assert "the Program shall" not in read
    assert "the Program should provide free legal representation" in read
    assert "eligibility should depend only on residence" in read
    assert "the Program should collect only the personal information" in read


@pytest.mark.parametrize("name", ["staff-report", "brief"])
def test_the_restricting_statute_is_not_something_the_draft_relies_on(
    catalogue: Catalogue, name: str
) -> None:
    read = render_text(catalogue, "rapid-response", "coquina-county-fl", part=name)
    relies = read.split("relies on")[1].split("Q:")[0].split("Sources")[0]
    assert "section 1362" in relies and "chapter 908" not in relies
    assert "Q: Is it legal here?" in read
    answer = read.split("Q: Is it legal here?")[1]
    assert "That is for counsel to decide before it is introduced" in answer
    assert "Florida Statutes chapter 908 prohibits sanctuary policies" in answer
    assert "in Florida it leaves out responders who verify or document" in answer


def test_the_crime_answer_says_clients_may_have_records_and_why(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "rapid-response", "riverbend-ca", part="brief")
    assert "Some of the people it serves may have a criminal record" in read
    assert "it does not change any criminal case." not in read
    assert "estimated success rate" not in read and "from an estimated 4 percent" in read
    assert "Q: Is it legal here?" in read and "counsel should confirm both" in read


def test_what_the_rapid_response_draft_does_fits_its_state_and_instrument(
    catalogue: Catalogue,
) -> None:
    texas = render_text(catalogue, "rapid-response", "mesquite-springs-tx", part="staff-report")
    assert "trained responders who give information about rights" in texas
    assert "verify reports" not in texas.split("What the measure does")[1].split("Legal")[0]
    motion = render_text(catalogue, "rapid-response", "cedar-sound-county-wa", part="press-release")
    assert "This motion asks the chief administrative officer of the County to set up" in motion


# --- safe schools ---------------------------------------------------------------------------


def test_officers_of_other_agencies_are_bound_through_the_districts_agreements(
    catalogue: Catalogue,
) -> None:
    read = render_text(catalogue, "safe-schools", "lakeshore-schools-mn")
    assert "school resource officers working in District schools shall not" not in read
    assert "Any security personnel employed by the District shall not take part" in read
    assert (
        "The District shall require, in every agreement with a law enforcement agency, that "
        "officers assigned to District schools, including school resource officers, follow the "
        "same rules" in read
    )


def test_the_funding_answer_cites_no_fema_or_transportation_case(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "safe-schools", "lakeshore-schools-mn", part="brief")
    assert "Emergency Management" not in read and "Transportation" not in read
    assert "City and County of San Francisco v. Trump, 897 F.3d 1225" in read
    assert "so the public knows" not in read
    assert "This resolution affirms every student's right" in read


# --- tenant organizing ----------------------------------------------------------------------


def test_the_minnesota_handbook_phrase_sits_where_it_belongs(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "tenant-organizing", "north-star-mn")
    assert "504B.275 for their other rights" not in read
    assert (
        "point them, for their other rights and duties, to the Attorney General's handbook" in read
    )


def test_florida_asks_about_the_states_preemption_of_landlord_tenant_rules(
    catalogue: Catalogue,
) -> None:
    read = render_text(catalogue, "tenant-organizing", "coquina-county-fl")
    assert (
        "including the authority of the County to adopt it in light of section 83.425, Florida "
        "Statutes, which preempts to the state" in read
    )
    assert "83.425" not in render_text(catalogue, "tenant-organizing", "riverbend-ca")


def test_the_california_tenant_brief_rests_on_the_civil_code(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "tenant-organizing", "riverbend-ca", part="brief")
    points = read.split("Talking points")[1].split("What the draft relies on")[0]
    assert "Civil Code section 1942.5" in points and "Civil Code section 1942.6" in points
    assert "Minnesota" not in points


def test_a_motion_says_motion_in_the_tenant_packet(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "tenant-organizing", "cedar-sound-county-wa", part="staff-report")
    assert "A resolution states" not in read
    assert "This motion supports the right of renters" in read
    assert "This motion states the position of the County Council" in read
