"""The wording of the bundled resolutions as county counsel reads it (issue 10 review).

Each test renders a real draft from the example data and reads its text back: a body that acts by
motion asks the executive instead of commanding it, a Florida county does not assign the public
defender, a source is printed once, lists read as English lists, and the Spanish reads as Spanish.
"""

from __future__ import annotations

import re

import pytest

from toolkit.data.loading import load_jurisdictions
from toolkit.templating.catalogue import Catalogue

from conftest import EXAMPLE_DATA

JURISDICTIONS = {j.id: j for j in load_jurisdictions(EXAMPLE_DATA)}


def text(catalogue: Catalogue, policy: str, jid: str, language: str = "en", **options: bool) -> str:
    document = catalogue.render(
        catalogue.policy(policy), JURISDICTIONS[jid], options, language=language
    )
    return document.plain_text()


# --- a body that acts by motion (a King County-style council) ---------------------------------

MOTION_POLICIES = ["alpr-data", "ice-free-zones", "rapid-response", "tenant-organizing"]
COMMAND = re.compile(
    r"chief administrative officer of the County (shall|is directed|is authorized)"
    r"|the County shall not permit"
    r"|shall be (deleted|approved|used)"
)


@pytest.mark.parametrize("policy", MOTION_POLICIES)
def test_a_motion_asks_the_executive_and_never_commands_it(
    catalogue: Catalogue, policy: str
) -> None:
    read = text(catalogue, policy, "cedar-sound-county-wa")
    assert "A MOTION OF THE COUNTY COUNCIL OF CEDAR SOUND COUNTY" in read
    assert not COMMAND.search(read), COMMAND.search(read)
    assert "chief administrative officer of the County is requested to" in read or (
        "the County Council requests that the chief administrative officer of the County" in read
    )


def test_a_motion_on_county_property_asks_instead_of_prohibiting(catalogue: Catalogue) -> None:
    read = text(catalogue, "ice-free-zones", "cedar-sound-county-wa")
    assert "PROHIBITING" not in read
    assert "ASKING THAT COUNTY PROPERTY NOT BE USED AS STAGING AREAS" in read
    assert (
        "BE IT MOVED that the County Council requests that the chief administrative officer of "
        "the County not permit the parking lots" in read
    )
    # the same body, as a resolution of a county that acts by resolution, still prohibits
    resolution = text(catalogue, "ice-free-zones", "sierra-alta-county-ca")
    assert "RESOLVED that the County shall not permit its parking lots" in resolution


def test_a_motion_proposes_an_appropriation_it_cannot_make(catalogue: Catalogue) -> None:
    read = text(catalogue, "rapid-response", "cedar-sound-county-wa")
    assert "ESTABLISHING AND FUNDING" not in read
    assert "County Council appropriates" not in read
    assert (
        "requests that the chief administrative officer of the County propose an appropriation of"
        in read
    )
    spanish = text(catalogue, "rapid-response", "cedar-sound-county-wa", "es")
    assert "queda exhortado a" in spanish and "deberá" not in spanish


# --- rapid response ------------------------------------------------------------------------


def test_the_vera_evaluation_is_cited_once_without_as_of(catalogue: Catalogue) -> None:
    for language, date in (("en", "November 2017"), ("es", "noviembre de 2017")):
        read = text(catalogue, "rapid-response", "riverbend-ca", language)
        assert (
            f"(Vera Institute of Justice, Evaluation of the New York Immigrant Family Unity "
            f"Project, {date})" in read
        )
        assert "as of" not in read and "datos al" not in read
        assert read.count("2017") == 1


@pytest.mark.parametrize("jid", ["coquina-county-fl", "sierra-alta-county-ca", "bayport-ca"])
def test_no_county_assigns_removal_cases_to_the_public_defender(
    catalogue: Catalogue, jid: str
) -> None:
    read = text(catalogue, "rapid-response", jid)
    assert "public defender" not in read.lower()
    assert "services shall be provided by nonprofit legal service providers under contract" in read
    assert "defensor público" not in text(catalogue, "rapid-response", jid, "es")


def test_the_right_to_counsel_statute_is_cited_in_the_house_style(catalogue: Catalogue) -> None:
    read = text(catalogue, "rapid-response", "riverbend-ca")
    assert "(8 U.S.C. section 1362)" in read and "8 U.S.C. 1362" not in read


# --- ICE-free zones -------------------------------------------------------------------------


def test_ice_free_zones_lists_read_without_serial_commas(catalogue: Catalogue) -> None:
    for jid in ("riverbend-ca", "sierra-alta-county-ca", "bayport-ca", "arroyo-verde-usd-ca"):
        read = text(catalogue, "ice-free-zones", jid)
        assert ", and other buildings" not in read
        assert "District offices, and" not in read
        assert "question, search, hold, photograph or transfer people" in read
    county = text(catalogue, "ice-free-zones", "sierra-alta-county-ca")
    assert "parks, libraries, clinics and other buildings and grounds" in county


def test_private_signs_are_offered_without_a_dangling_clause(catalogue: Catalogue) -> None:
    read = text(catalogue, "ice-free-zones", "riverbend-ca")
    assert "participation is voluntary" not in read
    assert (
        "shall offer them free of charge to any business, congregation, nonprofit organization, "
        "landlord or tenant in the City that chooses to post them; and" in read
    )


def test_the_school_version_names_the_county_with_its_article(catalogue: Catalogue) -> None:
    read = text(catalogue, "ice-free-zones", "arroyo-verde-usd-ca")
    assert "the governing bodies of the County of Sierra Alta and of the cities" in read
    spanish = text(catalogue, "ice-free-zones", "arroyo-verde-usd-ca", "es")
    assert "los órganos de gobierno del County of Sierra Alta y de las ciudades" in spanish


# --- ICE OUT --------------------------------------------------------------------------------


def test_the_delegation_is_an_english_list(catalogue: Catalogue) -> None:
    read = text(catalogue, "ice-out", "riverbend-ca")
    assert (
        "to Senator Alex Padilla, Senator Adam Schiff and the Representative for California's "
        "fictional 99th District, and to the President" in read
    )


def test_the_spanish_2026_reconciliation_recital_reads_as_spanish(catalogue: Catalogue) -> None:
    read = text(catalogue, "ice-out", "riverbend-ca", "es")
    assert "según estimaciones más" not in read
    assert "destinó además a la aplicación de las leyes de inmigración" in read


def test_the_school_board_ice_out_packet_does_not_rest_on_the_values_act(
    catalogue: Catalogue,
) -> None:
    """A regression guard: the school version rests on Ed. Code 234.7 and Plyler, not SB 54."""
    policy = catalogue.policy("ice-out")
    district = JURISDICTIONS["arroyo-verde-usd-ca"]
    for part in ("draft", "brief", "staff-report"):
        read = catalogue.render(policy, district, part=part).plain_text()
        assert "Values Act" not in read and "7284" not in read, part
        assert "234.7" in read, part


# --- safe schools ---------------------------------------------------------------------------


def test_a_california_district_writes_to_the_county_office_of_education(
    catalogue: Catalogue,
) -> None:
    read = text(catalogue, "safe-schools", "arroyo-verde-usd-ca")
    assert "the county office of education serving the County of Sierra Alta" in read
    assert "county or regional" not in read
