"""The wording counsel flagged in three ordinances, read back from the drafts.

surveillance-oversight, end-enforcement-partnerships and no-detention-contracts: a county's Sheriff
is asked, never commanded; the code sections run without gaps; the body's own instruments and
names replace generic words; and the small punctuation slips stay fixed.
"""

from __future__ import annotations

import re

import pytest

from toolkit.templating.catalogue import Catalogue

from conftest import JURISDICTIONS, render_text

COUNTIES = ["sierra-alta-county-ca", "cascadia-county-wa", "cedar-sound-county-wa"]
COUNTIES += ["coquina-county-fl", "bayport-ca"]  # bayport-ca is a city and county
SURVEILLANCE_OPTIONS = (
    "annual-report",
    "face-recognition-ban",
    "military-equipment",
    "whistleblower",
    "private-right-of-action",
)


def paragraph(body: str, start: str) -> str:
    """The one line of the draft that begins with `start`."""
    (line,) = [line for line in body.splitlines() if line.startswith(start)]
    return line


# --- a county's Sheriff is asked, not commanded ----------------------------------------------


@pytest.mark.parametrize("jid", COUNTIES)
def test_a_county_surveillance_ordinance_asks_the_sheriff_and_does_not_command_it(
    catalogue: Catalogue, jid: str
) -> None:
    on = dict.fromkeys(SURVEILLANCE_OPTIONS, True)
    body = render_text(catalogue, "surveillance-oversight", jid, **on)
    definition = paragraph(body, '"Department" means')
    assert "other than the Sheriff and the Sheriff's Office" in definition
    assert "Sheriff's Office," not in definition.split("other than")[0]  # not "including" it
    assert "the Sheriff's Office is therefore not a Department" in body
    assert "requests that the Sheriff follow this chapter in full as if the Sheriff's" in body
    sheriff = JURISDICTIONS[jid].sheriff
    for sentence in re.split(r"(?<=[.;])\s", body):
        if sheriff in sentence or "the Sheriff " in sentence:
            subject = sentence.split(" shall ")[0]
            assert not subject.endswith(("Sheriff", "Sheriff's Office")), sentence


def test_the_board_notes_the_sheriff_is_subject_to_the_military_equipment_law(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "surveillance-oversight", "sierra-alta-county-ca")
    assert (
        "(a) The Board of Supervisors notes that the Sierra Alta County Sheriff's Office is "
        "subject to Government Code sections 7070 through 7075" in body
    )
    assert "Sheriff's Office shall comply" not in body
    assert (
        "requests that the Sierra Alta County Sheriff's Office submit the annual military" in body
    )
    bayport = render_text(catalogue, "surveillance-oversight", "bayport-ca")
    assert "the Bayport Police Department shall comply with Government Code sections 7070" in (
        bayport
    )
    assert "notes that the Bayport Sheriff's Office is also subject to those sections" in bayport


@pytest.mark.parametrize(
    ("jid", "finding"),
    [
        (
            "sierra-alta-county-ca",
            "keep the resources of the County out of civil immigration enforcement, and ask the "
            "Sierra Alta County Sheriff's Office to do the same, will strengthen",
        ),
        (
            "cedar-sound-county-wa",
            "keep the resources of the County out of civil immigration enforcement, and ask the "
            "Cedar Sound County Sheriff's Office to do the same, will strengthen",
        ),
        (
            "bayport-ca",
            "keep the Bayport Police Department and the other resources of the City and County "
            "out of civil immigration enforcement, and ask the Bayport Sheriff's Office to do the same,",
        ),
        (
            "palo-seco-ca",
            "keep every part of the City, and the law enforcement services it buys under "
            "contract, out of civil immigration enforcement will strengthen",
        ),
    ],
)
def test_the_closing_finding_does_not_count_the_sheriff_as_part_of_the_place(
    catalogue: Catalogue, jid: str, finding: str
) -> None:
    body = render_text(catalogue, "end-enforcement-partnerships", jid)
    assert finding in body
    assert "Sheriff's Office and every other part" not in body


# --- the operative text is operative ---------------------------------------------------------


@pytest.mark.parametrize("jid", ["riverbend-ca", "palo-seco-ca", "sierra-alta-county-ca"])
def test_the_values_act_note_sits_in_relation_to_other_laws_not_in_the_prohibition(
    catalogue: Catalogue, jid: str
) -> None:
    body = render_text(catalogue, "end-enforcement-partnerships", jid)
    notify = paragraph(body, "notify a federal immigration authority of a person's release")
    assert notify.endswith("or respond to a request for such notification; or")
    relation = body.split("Relation to other laws.")[1]
    assert (
        "The limits in section [chapter number].040 on notifying a federal immigration "
        "authority are a local policy of the kind contemplated by Government Code section "
        "7284.6, subdivision (a)(1)(C)" in relation
    )
    assert body.count("7284.6, subdivision (a)(1)(C)") == 1


# --- code sections are numbered without gaps, and cross-references follow --------------------


@pytest.mark.parametrize(
    ("jid", "options"),
    [
        ("riverbend-ca", {}),
        ("hudson-bend-ny", {}),
        ("palo-seco-ca", {"face-recognition-ban": True}),
        ("sierra-alta-county-ca", {"annual-report": False, "whistleblower": False}),
        ("coquina-county-fl", {"annual-report": False}),
    ],
)
def test_surveillance_sections_are_numbered_without_gaps(
    catalogue: Catalogue, jid: str, options: dict[str, bool]
) -> None:
    body = render_text(catalogue, "surveillance-oversight", jid, **options)
    headings = re.findall(r"^Sec\. \[chapter number\]\.(\d{3}) ([^.]+)\.", body, re.M)
    numbers = [int(number) for number, _ in headings]
    assert numbers == list(range(10, 10 * len(numbers) + 1, 10))
    titles = {title: number for number, title in headings}
    assert headings[-1][1] == "Relation to other laws"
    if options.get("annual-report", True):
        assert (
            f"the report described in section [chapter number].{titles['Annual surveillance report']}"
            in body
        )
    for cited in re.findall(r"section \[chapter number\]\.(\d{3})", body):
        assert cited in titles.values(), cited
    if jid == "palo-seco-ca":  # the contract clause points at the section that holds it
        assert f"under contract (section [chapter number].{headings[-1][0]})" in body


# --- the body's own words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jid", "words"),
    [
        ("cedar-sound-county-wa", "given by ordinance or motion at a regular meeting"),
        ("hudson-bend-ny", "given by local law or resolution at a regular meeting"),
    ],
)
def test_surveillance_approval_names_the_body_s_own_instruments(
    catalogue: Catalogue, jid: str, words: str
) -> None:
    assert words in render_text(catalogue, "surveillance-oversight", jid)


@pytest.mark.parametrize(
    ("jid", "words"),
    [
        ("hudson-bend-ny", "so this local law regulates only the City's own agreements, property"),
        ("sierra-alta-county-ca", "so this ordinance regulates only the County's own agreements"),
        ("bayport-ca", "so this ordinance regulates only the City and County's own agreements"),
        ("prairie-falls-il", "so this ordinance regulates only the City's own agreements"),
    ],
)
def test_the_detention_limits_recital_names_the_instrument_and_the_place(
    catalogue: Catalogue, jid: str, words: str
) -> None:
    body = render_text(catalogue, "no-detention-contracts", jid)
    assert words in body
    assert "jurisdiction's" not in body


# --- punctuation -----------------------------------------------------------------------------


def test_surveillance_lists_and_clauses_are_punctuated(catalogue: Catalogue) -> None:
    california = render_text(catalogue, "surveillance-oversight", "riverbend-ca")
    assert "national origin, immigration status, religion, gender" in california
    assert "never approved, including civil immigration enforcement, which undermines" in (
        california
    )
    texas = render_text(catalogue, "surveillance-oversight", "mesquite-springs-tx")
    assert "national origin, religion, gender" in texas
    assert "for purposes the City never approved, which undermines" in texas
    tennessee = render_text(catalogue, "surveillance-oversight", "harpeth-falls-tn")
    assert "that is protected by Tennessee Code sections 7-68-102 and 7-68-103." in tennessee
    assert "7-68-103 protects" not in tennessee


# --- the Spanish follows ---------------------------------------------------------------------


def test_the_spanish_follows_the_new_wording(catalogue: Catalogue) -> None:
    county = render_text(
        catalogue,
        "surveillance-oversight",
        "sierra-alta-county-ca",
        language="es",
        fallback_english=True,
    )
    assert "distinto del Sheriff y de la Oficina del Sheriff" in county
    assert (
        "hace constar que la Oficina del Sheriff del Condado de Sierra Alta debe cumplir" in county
    )
    assert "por lo tanto, la Oficina del Sheriff no es un Departamento" in county
    motion = render_text(
        catalogue,
        "surveillance-oversight",
        "cedar-sound-county-wa",
        language="es",
        fallback_english=True,
    )
    assert "otorgada mediante ordenanza o moción" in motion
    local_law = render_text(
        catalogue, "no-detention-contracts", "hudson-bend-ny", language="es", fallback_english=True
    )
    assert "por lo que esta ley local regula solo los acuerdos" in local_law
    assert "de la jurisdicción" not in local_law
    notify = render_text(
        catalogue,
        "end-enforcement-partnerships",
        "riverbend-ca",
        language="es",
        fallback_english=True,
    )
    assert "ni responderá a una solicitud de esa notificación; ni" in notify


# --- second review (2026-11-30): the county's officers, CEQA, remedies and the packet -----------


@pytest.mark.parametrize(
    ("jid", "lead"),
    [
        ("sierra-alta-county-ca", "No Agency shall enter into, renew or continue any agreement"),
        ("bayport-ca", "No Agency shall enter into, renew or continue any agreement"),
        ("cascadia-county-wa", "No Agency shall enter into, renew or continue any agreement"),
        ("riverbend-ca", "Neither the City nor any Agency shall enter into, renew or continue"),
    ],
)
def test_the_287g_section_binds_agencies_and_leaves_the_sheriff_to_the_request(
    catalogue: Catalogue, jid: str, lead: str
) -> None:
    body = render_text(catalogue, "end-enforcement-partnerships", jid)
    section = paragraph(body, lead)
    assert "and every Agency shall not" not in body
    assert "each Agency that is a party to any such agreement then in effect shall give notice" in (
        section
    )
    assert "notice shall be given" not in section


@pytest.mark.parametrize("jid", ["riverbend-ca", "sierra-alta-county-ca", "bayport-ca"])
def test_a_california_zoning_amendment_gets_counsel_s_ceqa_determination(
    catalogue: Catalogue, jid: str
) -> None:
    body = render_text(catalogue, "no-detention-contracts", jid)
    review = body.split("Environmental review.")[1].split("Severability.")[0]
    assert "amendment of the zoning regulations" in review
    assert "[CEQA determination for the ordinance and its zoning amendment, for counsel]" in review
    assert "approves no construction" not in review and "not a project" not in review
    spanish = render_text(
        catalogue, "no-detention-contracts", jid, language="es", fallback_english=True
    )
    assert "[determinación conforme a CEQA sobre la ordenanza" in spanish
    # the surveillance ordinance amends no zoning: its finding is the state's
    assert "not a project" in render_text(catalogue, "surveillance-oversight", jid)


@pytest.mark.parametrize("jid", ["north-star-mn", "hudson-bend-ny", "cascadia-county-wa"])
def test_elsewhere_the_detention_zoning_amendment_names_the_hearing_the_state_requires(
    catalogue: Catalogue, jid: str
) -> None:
    body = render_text(catalogue, "no-detention-contracts", jid)
    assert "so amends the zoning regulations of" in body
    assert "[the plan commission or other body that state law requires to hear a zoning" in body
    assert "comprehensive plan amendment" in body and "consistent with the comprehensive plan" in (
        body
    )
    assert "general or" not in body
    assert "Neither the City nor any Agency shall enter into, renew, extend" in body or (
        "Neither the County nor any Agency shall enter into, renew, extend" in body
    )
    assert "general plan amendment" in render_text(
        catalogue, "no-detention-contracts", "riverbend-ca"
    )


@pytest.mark.parametrize("jid", ["riverbend-ca", "sierra-alta-county-ca", "mesquite-springs-tx"])
def test_the_whistleblower_lawsuit_and_fees_come_only_with_the_private_right_of_action(
    catalogue: Catalogue, jid: str
) -> None:
    default = paragraph(
        render_text(catalogue, "surveillance-oversight", jid), "No Department shall discharge"
    )
    assert "attorney's fees" not in default and "bring an action" not in default
    assert "A person who suffers such retaliation has the remedies provided by law" in default
    chosen = render_text(
        catalogue, "surveillance-oversight", jid, **{"private-right-of-action": True}
    )
    protected = paragraph(chosen, "No Department shall discharge")
    assert "may bring an action for reinstatement, back pay" in protected


def test_the_county_prosecutor_is_asked_like_the_sheriff_not_commanded(
    catalogue: Catalogue,
) -> None:
    county = render_text(catalogue, "surveillance-oversight", "sierra-alta-county-ca")
    definition = paragraph(county, '"Department" means')
    assert "other than the Sheriff and the Sheriff's Office and the District Attorney and the" in (
        definition
    )
    assert (
        "The District Attorney's office is not a Department either, and this chapter is not "
        "intended to obstruct the District Attorney's investigative and prosecutorial functions, "
        "which Government Code section 25303 also protects. The Board of Supervisors requests "
        "that the District Attorney follow this chapter" in county
    )
    washington = render_text(catalogue, "surveillance-oversight", "cascadia-county-wa")
    assert "the Prosecuting Attorney and the Prosecuting Attorney's office" in washington
    assert "25303" not in washington
    assert "the agency may seek both approvals" not in county
    assert "the Sierra Alta County Sheriff's Office may seek both approvals" in county


def test_end_enforcement_punctuation_and_order(catalogue: Catalogue) -> None:
    north_star = render_text(catalogue, "end-enforcement-partnerships", "north-star-mn")
    assert "(a) This chapter shall be construed" not in north_star  # no (b) follows
    assert "This chapter shall be construed consistently" in north_star
    assert "in English, Somali, Spanish and Hmong, and in any other language" in north_star
    county = render_text(catalogue, "end-enforcement-partnerships", "sierra-alta-county-ca")
    assert "(a) This chapter shall be construed" in county  # (b) cites the Values Act
    bound = county.index("is bound by the California Values Act (Government Code section 7284")
    assert bound < county.index("upheld the California Values Act")


def test_the_packet_says_what_the_draft_does_in_its_own_words(catalogue: Catalogue) -> None:
    county = render_text(
        catalogue, "end-enforcement-partnerships", "sierra-alta-county-ca", part="brief"
    )
    assert "What it does\nThis ordinance adds a chapter to the County Code" in county
    assert "It asks the Sheriff, who runs the jail" in county
    assert "Texas" not in county and "Washington" not in county
    assert "so the County may keep its own staff and money out of it and ask the Sheriff" in county
    assert "keep its officers, jail and money" not in county
    assert "the Sheriff, an independently elected officer, is asked to follow it" in county
    assert "People say fear keeps them from reporting crimes" in county
    relies = county.split("What the draft relies on")[1].split("Sources")[0]
    assert relies.count("California Values Act") == 1
    contract = render_text(catalogue, "end-enforcement-partnerships", "palo-seco-ca", part="brief")
    assert "which polices the City under contract" in contract
    assert "keep its officers, jail and money" not in contract
    local_law = render_text(
        catalogue, "end-enforcement-partnerships", "hudson-bend-ny", part="brief"
    )
    assert "this local law ends them" in local_law and "this ordinance" not in local_law
    assert "The local law does not limit" in local_law
    assert "this local law follows the ACLU" in render_text(
        catalogue, "surveillance-oversight", "hudson-bend-ny", part="brief"
    )
    assert "The local law governs only" in render_text(
        catalogue, "no-detention-contracts", "hudson-bend-ny", part="brief"
    )
    spanish = render_text(
        catalogue, "no-detention-contracts", "sierra-alta-county-ca", part="brief", language="es"
    )
    assert "Esta ordenanza añade al" in spanish


@pytest.mark.parametrize("jid", ["mesquite-springs-tx", "coquina-county-fl", "harpeth-falls-tn"])
def test_where_state_law_protects_cooperation_the_packet_promises_no_immigration_limits(
    catalogue: Catalogue, jid: str
) -> None:
    said = render_text(catalogue, "surveillance-oversight", jid, part="brief")
    assert "civil immigration enforcement" not in said
    assert "does not limit the cooperation with federal immigration authorities" in said


# --- final regression read (F3, F5, F6, F7, F9, F12-F14, F17) -------------------------------


def test_a_school_s_ferpa_exception_does_not_release_directory_information_for_enforcement(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "no-data", "lakeshore-schools-mn")
    relation = paragraph(body, "This policy shall be construed")
    assert "require or permit" not in relation
    assert "require, or permit for a purpose other than civil immigration enforcement." in relation
    assert "Directory information is not released for civil immigration enforcement" in relation
    definition = paragraph(body, '"Protected personal information" means')
    assert "including directory information" in definition
    assert "non-public" not in body.lower()  # Minnesota's Act speaks of "nonpublic data"
    assert (
        "is bound by the Minnesota Government Data Practices Act (Minnesota Statutes chapter 13, "
        "including section 13.32 on educational data)" in body
    )
    city = render_text(catalogue, "no-data", "north-star-mn")
    assert "Data Practices" not in city and "directory information" not in city
    spanish = render_text(catalogue, "no-data", "lakeshore-schools-mn", language="es", fold=True)
    assert "La información de directorio no se entrega" in spanish
    assert "no pública" not in spanish


def test_a_school_board_s_no_data_brief_argues_from_schools_not_police(
    catalogue: Catalogue,
) -> None:
    school = render_text(catalogue, "no-data", "lakeshore-schools-mn", part="brief", fold=True)
    assert "44 percent" not in school and "contact police" not in school
    assert "Every child has the right to a free public education" in school
    assert "Plyler v. Doe" in school
    city = render_text(catalogue, "no-data", "north-star-mn", part="brief", fold=True)
    assert "44 percent said they were less likely to contact police" in city


@pytest.mark.parametrize("policy", ["no-secret-police", "surveillance-oversight"])
def test_florida_asks_the_state_attorney_and_washington_names_the_prosecuting_attorney(
    catalogue: Catalogue, policy: str
) -> None:
    florida = render_text(catalogue, policy, "coquina-county-fl", fold=True)
    assert "prosecuting attorney" not in florida.lower()
    assert "requests that the State Attorney" in florida or (
        "that the State Attorney apply them" in florida
    )
    # a state officer: never counted among the County's offices or officers
    assert "of the Sheriff or of the State Attorney" not in florida
    assert "and the State Attorney's office, and any" not in florida
    brief = render_text(catalogue, policy, "coquina-county-fl", part="brief", fold=True)
    assert "prosecuting attorney" not in brief.lower()
    washington = render_text(catalogue, policy, "cascadia-county-wa", fold=True)
    assert "Prosecuting Attorney" in washington
    assert "elected prosecuting attorney" not in washington and "prosecuting attorney" not in (
        washington.replace("Prosecuting Attorney", "")
    )


def test_florida_s_surveillance_chapter_calls_the_state_attorney_a_state_officer(
    catalogue: Catalogue,
) -> None:
    florida = render_text(catalogue, "surveillance-oversight", "coquina-county-fl", fold=True)
    assert (
        "The State Attorney is an officer of the State, not of the County, so the State "
        "Attorney's office is not a Department; this chapter is not intended" in florida
    )


def test_a_contract_city_asks_its_agency_to_identify_officers(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "no-secret-police", "palo-seco-ca", fold=True)
    assert "the agency shall use its assignment" not in body
    assert (
        "the City Council requests that the Sierra Alta County Sheriff's Office use its "
        "assignment, dispatch and recorded video records to identify the officer" in body
    )
    own = render_text(catalogue, "no-secret-police", "riverbend-ca", fold=True)
    assert "the agency shall use its assignment" in own


def test_option_labels_name_no_instrument(catalogue: Catalogue) -> None:
    report = render_text(
        catalogue, "no-secret-police", "cedar-sound-county-wa", part="staff-report", fold=True
    )
    assert "instead of an ordinance" not in report
    assert "Adopt the rules as a statement of policy rather than as law" in report
    for pid, policy in catalogue.policies.items():
        for name, option in policy.meta.options.items():
            label = option.label.lower()
            for word in ("resolution", "ordinance", "local law"):
                assert word not in label, (pid, name)


@pytest.mark.parametrize("part", ["brief", "staff-report", "press-release", "comment-letter"])
def test_tennessee_s_two_sections_take_a_plural_verb(catalogue: Catalogue, part: str) -> None:
    text = render_text(
        catalogue, "surveillance-oversight", "harpeth-falls-tn", part=part, fold=True
    )
    assert "7-68-103 protects" not in text
    assert "federal immigration authorities protected by Tennessee Code sections" in text


def test_a_contract_city_s_packet_reads_cleanly_and_promises_no_jail(catalogue: Catalogue) -> None:
    for part in ("brief", "staff-report"):
        text = render_text(
            catalogue, "end-enforcement-partnerships", "palo-seco-ca", part=part, fold=True
        )
        assert "a request every renewal" not in text
        assert "to do the same; every renewal of that contract must require it" in text
        assert "protections for people in custody" not in text
        assert "jail" not in text
    draft = render_text(catalogue, "end-enforcement-partnerships", "palo-seco-ca", fold=True)
    assert "jail or holding facility operated by the City" not in draft
    assert "(c) No Agency shall allow a federal immigration authority into any area of City " in (
        draft
    )


def test_a_city_s_talking_points_speak_of_no_jail(catalogue: Catalogue) -> None:
    text = render_text(
        catalogue, "end-enforcement-partnerships", "hudson-bend-ny", part="staff-report", fold=True
    )
    assert "officers, jail and money" not in text
    assert "may keep its officers, facilities and money out of it" in text


@pytest.mark.parametrize(
    ("jid", "jail"),
    [
        ("sierra-alta-county-ca", "the County jail"),
        ("bayport-ca", "every jail the Sheriff operates"),
    ],
)
def test_the_county_asks_the_sheriff_about_the_jail_and_claims_no_power_over_it(
    catalogue: Catalogue, jid: str, jail: str
) -> None:
    body = render_text(catalogue, "end-enforcement-partnerships", jid, fold=True)
    assert "including those the Sheriff uses" not in body
    assert "operated by the County or the Sheriff" not in body
    assert "any jail operated by the Sheriff" not in body
    assert "into any detention facility operated by an Agency, or into any other area of" in body
    assert f"requests that the Sheriff apply the same rule to {jail}." in body
