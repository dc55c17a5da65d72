"""The namesake policies, read back: No Secret Police (faces and identification) and No Data."""

from __future__ import annotations

import pytest

from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.writers import to_bytes

from conftest import JURISDICTIONS, docx_text, pdf_text, render_text


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
    text = render_text(catalogue, "no-secret-police", "bayport-ca")
    assert "the chief of the Bayport Police Department shall adopt" in text
    assert "requests that the Sheriff apply the same rules to the deputies of the Bayport" in text


def test_elsewhere_the_same_local_rules_without_california_law(catalogue: Catalogue) -> None:
    text = render_text(catalogue, "no-secret-police", "prairie-falls-il")
    assert "Every covered officer shall display visible identification" in text
    assert "Penal Code" not in text and "Sheriff" not in text
    assert "barred the State of California from applying its ban" in text
    assert "most secure when they govern a jurisdiction's own officers" in text


def test_the_resolution_form_sets_the_same_rules_as_resolved_clauses(catalogue: Catalogue) -> None:
    text = render_text(catalogue, "no-secret-police", "riverbend-ca", **{"resolution-form": True})
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
    text = render_text(catalogue, "no-data", "riverbend-ca")
    assert "ADDING CHAPTER [chapter number] TO THE MUNICIPAL CODE" in text
    assert "applies to every Department the rule that Government Code section 7284.6," in text
    assert "subdivision (a)(1)(D) sets for law enforcement agencies" in text
    assert "only as Civil Code section 1798.90.55 allows" in text
    assert "as provided in 8 U.S.C. section 1373" in text
    assert "Sec. [chapter number].090 Relation to other laws." in text


def test_no_data_numbers_its_sections_without_gaps(catalogue: Catalogue) -> None:
    off = {"vendor-contracts": False, "audits": False, "annual-report": False}
    text = render_text(catalogue, "no-data", "riverbend-ca", **off)
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


# --- counsel's review of 2026-11-30 (issue 10) ------------------------------------------------


def test_a_contract_city_asks_its_contract_agency_and_directs_only_its_own_staff(
    catalogue: Catalogue,
) -> None:
    """Palo Seco has no police department: the Sheriff's Office polices it under contract."""
    for options in ({}, {"resolution-form": True}):
        text = render_text(catalogue, "no-secret-police", "palo-seco-ca", **options)
        assert "Police Department" not in text
        assert (
            "the City Council requests that the Sierra Alta County Sheriff's Office, as the City's "
            "contract law-enforcement provider, adopt within [number of days] days after this"
        ) in text.replace("The City Council", "the City Council")
        assert "report to the City Council by [annual report date] of each year" in text
        assert "the chief administrative officer of the City shall send this" in text
        assert "the chief administrative officer of the City shall post each report" in text
    # A city with a police department of its own still directs its chief.
    assert "the chief of the Riverbend Police Department shall report" in render_text(
        catalogue, "no-secret-police", "riverbend-ca"
    )


def test_a_motion_requests_the_executive_and_commands_no_one(catalogue: Catalogue) -> None:
    """A charter county's motion states policy; it cannot bind the executive."""
    text = render_text(
        catalogue, "no-secret-police", "cedar-sound-county-wa", **{"resolution-form": True}
    )
    assert text.splitlines()[0] == "MOTION NO. [number]"
    assert (
        "NOW, THEREFORE, BE IT MOVED that the County Council adopts the rules set out in this "
        "motion as the policy of the County, and requests the County Executive to apply them"
    ) in text
    assert "the County Council requests that, within [number of days] days after this" in text
    assert "the County Council requests that every contract or agreement" in text
    assert (
        "the County Council requests that, by [annual report date] of each year, the County" in text
    )
    assert "head of each County department" not in text
    assert "shall adopt" not in text and "shall report" not in text
    # The county's ordinance still binds the departments the Council governs.
    ordinance = render_text(catalogue, "no-secret-police", "cedar-sound-county-wa")
    assert (
        "the head of each County department that employs covered officers shall adopt" in ordinance
    )


@pytest.mark.parametrize("jid", ["riverbend-ca", "prairie-falls-il"])
def test_the_ninth_circuit_order_is_described_as_of_its_date(
    catalogue: Catalogue, jid: str
) -> None:
    text = render_text(catalogue, "no-secret-police", jid)
    assert "while the appeal is pending" not in text
    assert (
        "on April 22, 2026 the United States Court of Appeals for the Ninth Circuit issued an"
        in text
    )
    assert "injunction pending appeal barring" in text
    brief = render(catalogue, DocumentRequest("no-secret-police", JURISDICTIONS[jid], part="brief"))
    assert "while the appeal goes on" not in brief.plain_text()
    assert "issued an injunction pending appeal" in brief.plain_text()


@pytest.mark.parametrize("jid", ["riverbend-ca", "cedar-sound-county-wa", "arroyo-verde-usd-ca"])
def test_no_data_defines_each_term_once_in_its_own_sentence(catalogue: Catalogue, jid: str) -> None:
    text = render_text(catalogue, "no-data", jid)
    definitions = [line for line in text.splitlines() if '" means ' in line]
    terms = [line.split('"')[1] for line in definitions]
    assert len(terms) == len(set(terms)) == 8
    assert all(
        term[:1].isupper() and line.endswith(".")
        for term, line in zip(terms, definitions, strict=True)
    )
    assert all(line.count('" means ') == 1 for line in definitions)  # no merged definitions
    assert '"Federal immigration authority" means U.S. Immigration and Customs Enforcement' in text
    assert '"Data broker" means a business' in text
    assert "license plate" not in text  # hyphenated as "license-plate readers" is


def test_a_school_board_s_no_data_uses_the_terms_it_defines(catalogue: Catalogue) -> None:
    text = render_text(catalogue, "no-data", "arroyo-verde-usd-ca")
    assert text.count("District personnel") > 1
    assert "District personnel who violate this policy are subject to discipline" in text
    assert (
        "for the investigation or prosecution of a crime as the law allows; or from releasing "
        "education records"
    ) in text


def test_a_district_with_one_language_listed_serves_its_families_other_languages(
    catalogue: Catalogue,
) -> None:
    text = render_text(catalogue, "no-data", "lakeshore-schools-mn")
    assert (
        "make it available to families in English and in the other languages spoken by the "
        "District's families" in text
    )
    assert "Mixteco" in render_text(catalogue, "no-data", "arroyo-verde-usd-ca")


@pytest.mark.parametrize(
    ("policy", "jid", "options"),
    [
        ("no-secret-police", "palo-seco-ca", {}),
        ("no-secret-police", "cedar-sound-county-wa", {"resolution-form": True}),
        ("no-data", "arroyo-verde-usd-ca", {}),
        ("no-data", "lakeshore-schools-mn", {}),
    ],
)
def test_the_contract_motion_and_school_branches_are_complete_in_spanish(
    catalogue: Catalogue, policy: str, jid: str, options: dict[str, bool]
) -> None:
    document = render(
        catalogue, DocumentRequest(policy, JURISDICTIONS[jid], options, language="es")
    )
    assert document.fallbacks == ()
    assert " a el " not in document.plain_text()  # "al", as Spanish contracts it


# --- counsel's second review of 2026-11-30 (issue 10, round 2) --------------------------------


@pytest.mark.parametrize(
    "jid", ["sierra-alta-county-ca", "cascadia-county-wa", "cedar-sound-county-wa", "bayport-ca"]
)
def test_no_data_s_departments_leave_out_the_sheriff_who_is_asked(
    catalogue: Catalogue, jid: str
) -> None:
    """S1: the chapter's "shall" clauses bind Departments, so the Sheriff cannot be one."""
    text = render_text(catalogue, "no-data", jid)
    definition = next(line for line in text.splitlines() if line.startswith('"Department" means'))
    assert "other than the Sheriff and the Sheriff's Office, and any person acting" in definition
    assert "the Sheriff and the Sheriff's Office are therefore not a Department" in text
    assert "requests that the Sheriff adopt and publish a written policy that applies this" in text
    assert "As applied to the Sheriff" not in text
    assert "Sheriff" not in render_text(catalogue, "no-data", "riverbend-ca")


def test_a_county_asks_and_does_not_direct_the_district_attorney(catalogue: Catalogue) -> None:
    """S6: Gov. Code 25303 protects the DA's investigative functions as it does the Sheriff's."""
    text = render_text(catalogue, "no-secret-police", "sierra-alta-county-ca")
    assert (
        "employed by the County, other than an officer under the direction of the Sheriff or of "
        "the District Attorney, and any officer"
    ) in text
    assert "Request to the Sheriff and the District Attorney." in text
    assert (
        "and that the District Attorney apply them to the investigators and other sworn officers "
        "of the District Attorney's office"
    ) in text
    assert (
        "the investigative and prosecutorial functions of the District Attorney, which Government "
        "Code section 25303 protects."
    ) in text
    # Elsewhere the elected prosecutor is asked too, by the office's name in the state, and no
    # California statute is cited.
    wa = render_text(catalogue, "no-secret-police", "cascadia-county-wa")
    assert "under the direction of the Sheriff or of the Prosecuting Attorney" in wa
    assert "prosecuting attorney" not in wa
    assert "25303" not in wa and "District Attorney" not in wa


@pytest.mark.parametrize(
    ("jid", "statute"),
    [
        ("mesquite-springs-tx", "Texas Government Code chapter 752, subchapter C"),
        ("coquina-county-fl", "Florida Statutes chapter 908"),
        ("harpeth-falls-tn", "Tennessee Code sections 7-68-102 and 7-68-103"),
    ],
)
def test_no_secret_police_limits_no_cooperation_the_state_protects(
    catalogue: Catalogue, jid: str, statute: str
) -> None:
    """S11: the savings clause surveillance-oversight has in the same states."""
    saving = (
        "limits the enforcement of immigration laws, or any communication or cooperation with "
        f"federal immigration authorities, that is protected by {statute}; or restricts compliance"
    )
    for options in ({}, {"resolution-form": True}):
        assert saving in render_text(catalogue, "no-secret-police", jid, **options)
    answer = render_text(catalogue, "no-secret-police", jid, part="brief", fold=True)
    assert f"federal immigration authorities, that is protected by {statute}." in answer
    assert "cooperation with federal" not in render_text(
        catalogue, "no-secret-police", "riverbend-ca"
    )


def test_the_packet_says_what_each_namesake_draft_does(catalogue: Catalogue) -> None:
    """P2, P4: `does`, in the body's instrument, naming only what this draft has."""
    motion = render_text(
        catalogue,
        "no-secret-police",
        "cedar-sound-county-wa",
        part="staff-report",
        fold=True,
        **{"resolution-form": True},
    )
    assert "This motion adopts, as the policy of the County, rules under which" in motion
    assert "It asks the County Executive to carry them out" in motion
    local_law = render_text(
        catalogue, "no-secret-police", "hudson-bend-ny", part="comment-letter", fold=True
    )
    assert "This local law sets rules under which the law enforcement officers" in local_law
    town = render_text(catalogue, "no-secret-police", "harpeth-falls-tn", part="brief", fold=True)
    assert "This ordinance sets rules under which" in town
    assert "Sheriff" not in town and "In California it builds on" not in town
    contract = render_text(catalogue, "no-secret-police", "palo-seco-ca", part="brief", fold=True)
    assert "It asks the Sierra Alta County Sheriff's Office, which polices the City" in contract
    school = render_text(
        catalogue, "no-data", "arroyo-verde-usd-ca", part="press-release", fold=True
    )
    assert "This resolution adopts a board policy that keeps the personal information" in school
    assert "Cities, counties and city-counties" not in school
    county = render_text(
        catalogue, "no-data", "sierra-alta-county-ca", part="staff-report", fold=True
    )
    assert (
        "held by the departments of the County, other than the Sheriff's Office, out of" in county
    )
    assert "It asks the Sheriff to apply the same rules to the records" in county
    bare = render_text(
        catalogue,
        "no-data",
        "riverbend-ca",
        part="brief",
        fold=True,
        **{"vendor-contracts": False, "audits": False, "annual-report": False},
    )
    assert "It also limits what personal information is asked for and kept." in bare


@pytest.mark.parametrize("jid", ["lakeshore-schools-mn", "cascadia-county-wa"])
def test_no_data_says_only_what_printz_holds_and_keeps_section_1373(
    catalogue: Catalogue, jid: str
) -> None:
    """P9, P15: Printz forbids commandeering officers; 1373 stays; the survey asked about police."""
    brief = render_text(catalogue, "no-data", jid, part="brief", fold=True)
    assert "cannot order" not in brief and "put its records to work" not in brief
    assert (
        "The federal government may not command local officers to administer or enforce a "
        "federal program [2]. This measure leaves in place the federal law on sharing "
        "information about citizenship and immigration status [3]"
    ) in brief
    assert "Fear keeps people away from public services" not in brief
    if jid == "lakeshore-schools-mn":  # a school board's first point is about schools (F17)
        assert "whatever the child's or family's immigration status [1];" in brief
        assert "44 percent" not in brief
    else:
        assert (
            "44 percent said they were less likely to contact police as crime victims for fear "
            "of being asked about immigration status [1]."
        ) in brief
    if jid != "lakeshore-schools-mn":
        draft = render_text(catalogue, "no-data", jid)
        assert "may therefore decline to put its records" not in draft
        assert "while the federal law on sharing information about citizenship and" in draft


def test_a_tennessee_packet_does_not_argue_from_california_law(catalogue: Catalogue) -> None:
    """P12: outside California the points and answers stand on the draft and federal rulings."""
    for part in ("brief", "staff-report"):
        text = render_text(catalogue, "no-secret-police", "harpeth-falls-tn", part=part, fold=True)
        assert "California wrote" not in text and "California has required" not in text
        assert "California's 2025 laws" not in text and "California's law sets" not in text
        assert "Cal. Gov. Code" not in text and "Cal. Penal Code" not in text  # not cited
        assert "The exceptions are the ones police work needs" in text
    assert "The exceptions are the ones California wrote into law in 2025" in render_text(
        catalogue, "no-secret-police", "riverbend-ca", part="brief", fold=True
    )


def test_the_officer_safety_answer_says_which_rule_has_which_exception(
    catalogue: Catalogue,
) -> None:
    """P13: only the identification rule yields in an emergency (exigent circumstances)."""
    brief = render_text(catalogue, "no-secret-police", "riverbend-ca", part="brief", fold=True)
    assert "protective equipment and emergencies" not in brief
    assert "An officer need not display identification while working undercover" in brief
    assert "in an emergency that leaves no time to display it" in brief
    assert "An officer may cover the face only during approved undercover work or a tactical" in (
        brief
    )
    assert "The face-covering rule has no emergency exception" in brief


@pytest.mark.parametrize(
    ("jid", "place"), [("riverbend-ca", "la Ciudad"), ("sierra-alta-county-ca", "el Condado")]
)
def test_no_data_s_spanish_state_law_recital_agrees_with_the_place(
    catalogue: Catalogue, jid: str, place: str
) -> None:
    text = render_text(catalogue, "no-data", jid, language="es")
    assert f"CONSIDERANDO QUE {place} debe cumplir la Ley de Valores de California" in text
    assert "está obligad" not in text
    brief = render(
        catalogue, DocumentRequest("no-data", JURISDICTIONS[jid], part="brief", language="es")
    )
    assert brief.fallbacks == ()
    assert "Esta ordenanza añade un capítulo" in brief.plain_text()
