"""The wording of the bundled resolutions as county counsel reads it (issue 10 review).

Each test renders a real draft from the example data and reads its text back: a body that acts by
motion asks the executive instead of commanding it, a Florida county does not assign the public
defender, a source is printed once, lists read as English lists, and the Spanish reads as Spanish.
"""

from __future__ import annotations

import re

import pytest

from toolkit.templating.catalogue import Catalogue

from conftest import JURISDICTIONS, render_text

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
    read = render_text(catalogue, policy, "cedar-sound-county-wa")
    assert "A MOTION OF THE COUNTY COUNCIL OF CEDAR SOUND COUNTY" in read
    assert not COMMAND.search(read), COMMAND.search(read)
    assert "chief administrative officer of the County is requested to" in read or (
        "the County Council requests that the chief administrative officer of the County" in read
    )


def test_a_motion_on_county_property_asks_instead_of_prohibiting(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "ice-free-zones", "cedar-sound-county-wa")
    assert "PROHIBITING" not in read
    assert "ASKING THAT COUNTY PROPERTY NOT BE USED AS STAGING AREAS" in read
    assert (
        "BE IT MOVED that the County Council requests that the chief administrative officer of "
        "the County not permit the parking lots" in read
    )
    # the same body, as a resolution of a county that acts by resolution, still prohibits
    resolution = render_text(catalogue, "ice-free-zones", "sierra-alta-county-ca")
    assert "RESOLVED that the County shall not permit its parking lots" in resolution


def test_a_motion_proposes_an_appropriation_it_cannot_make(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "rapid-response", "cedar-sound-county-wa")
    assert "ESTABLISHING AND FUNDING" not in read
    assert "County Council appropriates" not in read
    assert (
        "requests that the chief administrative officer of the County propose an appropriation of"
        in read
    )
    spanish = render_text(catalogue, "rapid-response", "cedar-sound-county-wa", language="es")
    assert "queda exhortado a" in spanish and "deberá" not in spanish


# --- rapid response ------------------------------------------------------------------------


def test_the_vera_evaluation_is_cited_once_without_as_of(catalogue: Catalogue) -> None:
    for language, date in (("en", "November 2017"), ("es", "noviembre de 2017")):
        read = render_text(catalogue, "rapid-response", "riverbend-ca", language=language)
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
    read = render_text(catalogue, "rapid-response", jid)
    assert "public defender" not in read.lower()
    assert "services shall be provided by nonprofit legal service providers under contract" in read
    assert "defensor público" not in render_text(catalogue, "rapid-response", jid, language="es")


def test_the_right_to_counsel_statute_is_cited_in_the_house_style(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "rapid-response", "riverbend-ca")
    assert "(8 U.S.C. section 1362)" in read and "8 U.S.C. 1362" not in read


# --- ICE-free zones -------------------------------------------------------------------------


def test_ice_free_zones_lists_read_without_serial_commas(catalogue: Catalogue) -> None:
    for jid in ("riverbend-ca", "sierra-alta-county-ca", "bayport-ca", "arroyo-verde-usd-ca"):
        read = render_text(catalogue, "ice-free-zones", jid)
        assert ", and other buildings" not in read
        assert "District offices, and" not in read
        assert "question, search, hold, photograph or transfer people" in read
    county = render_text(catalogue, "ice-free-zones", "sierra-alta-county-ca")
    assert "parks, libraries, clinics and other buildings and grounds" in county


def test_private_signs_are_offered_without_a_dangling_clause(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "ice-free-zones", "riverbend-ca")
    assert "participation is voluntary" not in read
    assert (
        "shall offer them free of charge to any business, congregation, nonprofit organization, "
        "landlord or tenant in the City that chooses to post them; and" in read
    )


def test_the_school_version_names_the_county_with_its_article(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "ice-free-zones", "arroyo-verde-usd-ca")
    assert "the governing bodies of the County of Sierra Alta and of the cities" in read
    spanish = render_text(catalogue, "ice-free-zones", "arroyo-verde-usd-ca", language="es")
    assert "los órganos de gobierno del County of Sierra Alta y de las ciudades" in spanish


# --- ICE OUT --------------------------------------------------------------------------------


def test_the_delegation_is_an_english_list(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "ice-out", "riverbend-ca")
    assert (
        "to Senator Alex Padilla, Senator Adam Schiff and the Representative for California's "
        "fictional 99th District, and to the President" in read
    )


def test_the_spanish_2026_reconciliation_recital_reads_as_spanish(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "ice-out", "riverbend-ca", language="es")
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
    read = render_text(catalogue, "safe-schools", "arroyo-verde-usd-ca")
    assert "and the Sierra Alta County Office of Education;" in read
    assert "county office of education serving" not in read and "county or regional" not in read
    spanish = render_text(catalogue, "safe-schools", "arroyo-verde-usd-ca", language="es")
    assert "la Oficina de Educación del Condado de Sierra Alta" in spanish


# --- the aide's packet for ICE OUT, ICE-free zones and plate-reader data (second review) ------


CITY_AND_COUNTY_ONLY = [
    "End militarized enforcement surges",
    "End detention abuses",
    "Rescind the unspent multi-year reconciliation money",
    "Cite the King County Council's motion",
    "Recall the Minneapolis enforcement surge",
]


def test_a_school_board_ice_out_report_says_only_what_its_draft_does(
    catalogue: Catalogue,
) -> None:
    report = render_text(
        catalogue, "ice-out", "arroyo-verde-usd-ca", part="staff-report", fold=True
    )
    for label in CITY_AND_COUNTY_ONLY:
        assert label not in report, label
    assert "(cities and counties)" not in report and "school-board version" not in report
    assert (
        "This resolution calls on Congress to use its power of the purse to restrain the "
        "Department of Homeland Security" in report
    )
    assert "protect students, families and schools" in report
    # no rescission is asked of a school board, so no power "over that money" either
    assert "that money" not in report and "rescission" not in report
    assert "asks Congress to use its power over each year's funding to set limits" in report
    # a city's report still lists its own options, without the kinds in their labels
    city = render_text(catalogue, "ice-out", "riverbend-ca", part="staff-report", fold=True)
    assert "End militarized enforcement surges in our communities" in city
    assert "(cities and counties)" not in city
    assert "asks Congress to use its power over that money, and over each year's funding" in city


@pytest.mark.parametrize("name", ["brief", "staff-report", "press-release", "comment-letter"])
def test_a_council_that_acts_by_motion_reads_motion_in_its_ice_out_packet(
    catalogue: Catalogue, name: str
) -> None:
    read = render_text(catalogue, "ice-out", "cedar-sound-county-wa", part=name, fold=True)
    assert "This motion calls on Congress" in read
    assert "resolution" not in read.lower(), name


TX_FL_TN = {
    "mesquite-springs-tx": "In Texas, Texas Government Code chapter 752, subchapter C",
    "coquina-county-fl": "In Florida, Florida Statutes chapter 908",
    "harpeth-falls-tn": "In Tennessee, Tennessee Code sections 7-68-102 and 7-68-103",
}


@pytest.mark.parametrize("jid", sorted(TX_FL_TN))
@pytest.mark.parametrize("name", ["brief", "staff-report"])
def test_ice_out_answers_under_a_state_law_against_limiting_cooperation(
    catalogue: Catalogue, jid: str, name: str
) -> None:
    read = render_text(catalogue, "ice-out", jid, part=name, fold=True)
    assert "Studies comparing places that limit their part in immigration enforcement" not in read
    assert "cannot order local officers to carry out a federal program" not in read
    assert "Printz" not in read
    assert TX_FL_TN[jid] in read
    assert "adopts no local policy on immigration enforcement" in read
    assert "and counsel should confirm that reading before it is introduced" in read
    spanish = render_text(catalogue, "ice-out", jid, part=name, language="es", fold=True)
    assert "no adopta ninguna política local" in spanish and "Printz" not in spanish


def test_elsewhere_ice_out_still_answers_with_the_studies(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "ice-out", "riverbend-ca", part="brief", fold=True)
    assert "Studies comparing places that limit their part in immigration enforcement" in read
    assert "cannot order local officers to carry out a federal program" in read
    assert "Texas" not in read and "chapter 752" not in read
    assert "under that law, and counsel should confirm that reading" not in read
    assert (
        "Immigration and Customs Enforcement, with conditions on every annual appropriation" in read
    )


def test_the_fear_of_reporting_point_is_what_people_said_in_a_survey(
    catalogue: Catalogue,
) -> None:
    read = render_text(catalogue, "ice-out", "riverbend-ca", part="brief", fold=True)
    assert "Fear of immigration enforcement keeps crimes from being reported:" not in read
    assert (
        "In a 2013 survey of Latinos in four large counties, 44 percent said they were less "
        "likely to contact the police if they were victims of a crime" in read
    )
    assert "by their own account" in read


@pytest.mark.parametrize(
    ("jid", "sheriff"),
    [
        ("sierra-alta-county-ca", "Sierra Alta County Sheriff's Office"),
        ("cascadia-county-wa", "Cascadia County Sheriff's Office"),
        ("bayport-ca", "Bayport Sheriff's Office"),
    ],
)
def test_county_plate_reader_limits_leave_the_sheriffs_readers_to_the_request(
    catalogue: Catalogue, jid: str, sheriff: str
) -> None:
    read = render_text(catalogue, "alpr-data", jid)
    kind_place = "the City and County" if jid == "bayport-ca" else "the County"
    assert (
        f"automated license plate readers operated by or for {kind_place} (other than readers "
        f"operated by the {sheriff})" in read
    )
    assert f"requests that the {sheriff} apply the same limits" in read
    assert "salvo los que opera" in render_text(catalogue, "alpr-data", jid, language="es")


def test_a_city_plate_reader_resolution_names_no_sheriff(catalogue: Catalogue) -> None:
    read = render_text(catalogue, "alpr-data", "riverbend-ca", fold=True)
    assert "automated license plate readers operated by or for the City shall be used" in read
    assert "other than readers operated by" not in read
    brief = render_text(catalogue, "alpr-data", "riverbend-ca", part="brief", fold=True)
    assert "This resolution provides that data from the plate readers of the City may not" in brief
    assert "Sheriff" not in brief and "school boards" not in brief


def test_the_district_does_not_read_the_minnesota_alpr_law_as_its_own(
    catalogue: Catalogue,
) -> None:
    read = render_text(catalogue, "alpr-data", "lakeshore-schools-mn", fold=True)
    assert "Minnesota Statutes section 13.824 classifies plate-reader data" not in read
    assert (
        "Minnesota Statutes section 13.824 governs data from automated license plate readers "
        "that compare plates with law enforcement databases" in read
    )
    assert "whether or not that section reaches the District's own cameras and readers" in read
    city = render_text(catalogue, "alpr-data", "north-star-mn", fold=True)
    assert "and the City may set stricter rules for its own systems and contracts" in city
    assert "whether or not that section reaches" not in city


@pytest.mark.parametrize(
    "jid", ["sierra-alta-county-ca", "cascadia-county-wa", "cedar-sound-county-wa"]
)
def test_a_county_invites_the_cities_within_it_and_the_neighboring_counties(
    catalogue: Catalogue, jid: str
) -> None:
    read = render_text(catalogue, "ice-free-zones", jid, fold=True)
    word = "motion" if jid == "cedar-sound-county-wa" else "resolution"
    assert (
        f"copies of this {word} to the cities within the County and the neighboring counties, and "
        "to the school districts, transit agencies and park districts that serve residents of the "
        "County" in read
    )
    assert "neighboring cities that serve" not in read
    spanish = render_text(catalogue, "ice-free-zones", jid, language="es")
    assert "condados vecinos" in spanish


def test_ice_free_zones_packets_say_what_each_draft_does(catalogue: Catalogue) -> None:
    city = render_text(catalogue, "ice-free-zones", "riverbend-ca", part="staff-report", fold=True)
    does = city.split("What the measure does", 1)[1].split("As drafted", 1)[0]
    assert "This resolution bars the use of the parking lots" in does
    assert "schools" not in does and "Texas" not in does and "executive order" not in does
    motion = render_text(
        catalogue, "ice-free-zones", "cedar-sound-county-wa", part="press-release", fold=True
    )
    assert "This motion asks that the parking lots" in motion
    school = render_text(
        catalogue, "ice-free-zones", "arroyo-verde-usd-ca", part="staff-report", fold=True
    )
    assert "This resolution bars the use of the District's campuses" in school
    assert "Offer free signs to businesses" not in school
    assert "Issue as an executive order" not in school


def test_plate_reader_packets_say_what_each_draft_does(catalogue: Catalogue) -> None:
    motion = render_text(
        catalogue, "alpr-data", "cedar-sound-county-wa", part="staff-report", fold=True
    )
    assert (
        "This motion asks that data from the plate readers of the County, other than the "
        "Sheriff's Office's, not be used for civil immigration enforcement" in motion
    )
    assert "It asks the Sheriff's Office to apply the same limits" in motion
    school = render_text(catalogue, "alpr-data", "lakeshore-schools-mn", part="brief", fold=True)
    assert "the District's plate readers and security cameras may not be used" in school
    assert "For school boards" not in school and "Texas" not in school
    assert "Sheriff" not in school
    spanish = render_text(
        catalogue,
        "alpr-data",
        "cedar-sound-county-wa",
        part="staff-report",
        language="es",
        fold=True,
    )
    assert "Esta moción pide que los datos de los lectores de placas del Condado" in spanish


# --- final regression read (F15, F16, F18, F19) ---------------------------------------------


@pytest.mark.parametrize("jid", ["mesquite-springs-tx", "coquina-county-fl", "harpeth-falls-tn"])
def test_ice_out_serves_all_residents_as_state_and_federal_law_allow(
    catalogue: Catalogue, jid: str
) -> None:
    draft = render_text(catalogue, "ice-out", jid, fold=True)
    assert "regardless of immigration status, as state and federal law allow" in draft
    brief = render_text(catalogue, "ice-out", jid, part="brief", fold=True)
    assert "regardless of immigration status, as state and federal law allow" in brief
    spanish = render_text(catalogue, "ice-out", jid, language="es", fold=True)
    assert "en la medida en que lo permitan la ley estatal y la federal" in spanish
    riverbend = render_text(catalogue, "ice-out", "riverbend-ca", fold=True)
    assert "as state and federal law allow" not in riverbend
    assert "regardless of immigration status, consistent with the California Values Act" in (
        riverbend
    )


@pytest.mark.parametrize("jid", ["arroyo-verde-usd-ca", "lakeshore-schools-mn"])
def test_safe_schools_cites_plyler_without_nested_parentheses(
    catalogue: Catalogue, jid: str
) -> None:
    read = render_text(catalogue, "safe-schools", jid, fold=True)
    assert "(Plyler v. Doe" not in read
    assert "as the Supreme Court held in Plyler v. Doe, 457 U.S. 202 (1982). The" in read


def test_the_rapid_response_packet_does_not_say_the_resolution_appropriates(
    catalogue: Catalogue,
) -> None:
    brief = render_text(catalogue, "rapid-response", "riverbend-ca", part="brief", fold=True)
    assert "It funds the program" not in brief
    assert "It provides that the program be funded, in amounts the City Council fills in" in brief
