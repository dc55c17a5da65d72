"""Legal form by state, the gate for states that forbid a policy, and the content counsel checked.

Each test reads a generated document back (the Document's text, the DOCX with python-docx, the
PDF with pypdf) and asserts what a city attorney would look for.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

import toolkit
from toolkit.batch.run import run_batch
from toolkit.cli.app import app
from toolkit.errors import UsageError
from toolkit.templating.catalogue import Catalogue

from conftest import (
    EXAMPLE_DATA,
    JURISDICTIONS,
    MINIMAL_CITY,
    TEMPLATES,
    docx_text,
    pdf_text,
    render_text,
)

runner = CliRunner()


def generate(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["generate", *args, "--data", str(EXAMPLE_DATA), "--templates", str(TEMPLATES)]
        + ["--out", str(tmp_path)],
    )
    return result.exit_code, result.stdout, result.stderr


# --- the read-backs the issue lists ----------------------------------------------------------


def test_a_new_york_city_legislates_by_local_law_be_it_enacted(tmp_path: Path) -> None:
    result = toolkit.generate(
        "surveillance-oversight",
        "hudson-bend-ny",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
    )
    word, pdf = (path.read_bytes() for path in result.written)
    for read in (docx_text(word), pdf_text(pdf)):
        assert "LOCAL LAW NO." in read and "A LOCAL LAW OF THE COMMON COUNCIL" in read
        assert "Be it enacted by the Common Council of the City of Hudson Bend as follows:" in read
        assert "This local law takes effect immediately upon its filing with the Secretary" in read
        assert "Municipal Home Rule Law section 20" in read  # majority of the total voting power
        assert "this ordinance" not in read.lower() and "ORDINANCE NO." not in read
    body = docx_text(word)
    assert "APPROVED:" in body and "Grace Adeyemi" in body  # the Mayor approves (MHRL 21)


def test_a_minnesota_city_ordains_and_its_ordinance_takes_effect_on_publication(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "surveillance-oversight", "north-star-mn")
    assert "The City Council of the City of North Star ordains:" in body
    assert "This ordinance takes effect upon its publication." in body
    assert "published once in the official newspaper on [date of publication" in body
    assert "does ordain as follows" not in body


def test_texas_refuses_end_enforcement_partnerships_in_one_line_and_drafts_ice_out(
    tmp_path: Path,
) -> None:
    code, out, err = generate(tmp_path, "end-enforcement-partnerships", "mesquite-springs-tx")
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("error: policy 'end-enforcement-partnerships' is not drafted for Texas")
    assert "Texas Government Code chapter 752" in line and "752.053" in line
    assert "Still available for 'mesquite-springs-tx': ice-out," in line
    assert not (tmp_path / "mesquite-springs-tx").exists()  # nothing written
    code, out, err = generate(tmp_path, "ice-out", "mesquite-springs-tx", "-f", "pdf")
    assert code == 0 and err == ""  # a call on Congress: lawful there, and not concerned
    (pdf,) = (tmp_path / "mesquite-springs-tx").glob("*.pdf")
    assert "CALLING ON CONGRESS" in pdf_text(pdf.read_bytes())


def test_a_california_school_board_ice_out_rests_on_education_code_234_7_and_plyler(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "ice-out", "arroyo-verde-usd-ca")
    assert "Education Code section 234.7" in body and "Plyler v. Doe" in body
    assert "Values Act" not in body and "7284" not in body
    for outside_the_mission in ("troops", "bond hearings", "inspection", "housing", "rescind"):
        assert outside_the_mission not in body
    assert "AND TO PROTECT STUDENTS, FAMILIES AND SCHOOLS" in body


def test_a_name_without_the_prints_as_written(
    write_data: Callable[[str], Path], catalogue: Catalogue
) -> None:
    king = """\
  - id: king-county-wa
    kind: county
    name: King County
    name_with_the: false
    state: WA
    body: Metropolitan King County Council
    presiding_officer: {title: Chair, name: Pat Chair}
    clerk: {title: Clerk of the Council, name: Lee Clerk}
    resolution_instrument: motion
"""
    jurisdiction = toolkit.load_data(write_data(king)).pick("king-county-wa")
    document = catalogue.render(catalogue.policy("ice-out"), jurisdiction)
    body = document.plain_text()
    assert document.title.startswith(
        "A MOTION OF THE METROPOLITAN KING COUNTY COUNCIL OF KING COUNTY"
    )
    assert "THE KING COUNTY" not in document.title
    assert "of the King County" not in body and "Metropolitan King County Council of King" in body
    assert "MOTION NO. [number]" in body
    assert "NOW, THEREFORE, BE IT MOVED that the Metropolitan King County Council" in body
    assert "BE IT FURTHER MOVED" in body and "RESOLVED" not in body
    assert "copy of Motion No. [number]" in body


def test_a_contract_city_names_the_sheriff_that_polices_it(catalogue: Catalogue) -> None:
    for policy_id in ("end-enforcement-partnerships", "no-detention-contracts"):
        body = render_text(catalogue, policy_id, "palo-seco-ca")
        # a city cannot direct a county's sheriff: it asks, and writes the rule into the contract
        assert "other than the Sierra Alta County Sheriff's Office, which provides police" in body
        assert "is not an Agency, because the City Council does not direct it" in body
        assert "requests that it follow this chapter in full" in body
        assert "the Police Department" not in body
    surveillance = render_text(catalogue, "surveillance-oversight", "palo-seco-ca")
    assert "is not a Department, because the City Council does not direct it" in surveillance
    assert "Military equipment" not in surveillance  # the county's, under the county's approval
    alpr = render_text(catalogue, "alpr-data", "palo-seco-ca")
    assert "working with the Sierra Alta County Sheriff's Office" in alpr


# --- the gate --------------------------------------------------------------------------------


@pytest.mark.parametrize("state_entry", ["mesquite-springs-tx", "coquina-county-fl"])
def test_policies_the_state_forbids_are_refused_and_the_lawful_ones_listed(
    catalogue: Catalogue, state_entry: str
) -> None:
    jurisdiction = JURISDICTIONS[state_entry]
    for policy_id in ("end-enforcement-partnerships", "no-detention-contracts", "alpr-data"):
        with pytest.raises(UsageError, match="is not drafted for") as caught:
            catalogue.render(catalogue.policy(policy_id), jurisdiction)
        assert "\n" not in str(caught.value) and "ice-out" in str(caught.value)
    assert catalogue.render(catalogue.policy("ice-out"), jurisdiction).plain_text()


def test_tennessee_refuses_too_and_names_its_statute(catalogue: Catalogue) -> None:
    with pytest.raises(UsageError, match="Tennessee Code sections 7-68-102 and 7-68-103"):
        catalogue.render(catalogue.policy("ice-free-zones"), JURISDICTIONS["harpeth-falls-tn"])


def test_counsel_can_still_ask_and_page_one_says_so(tmp_path: Path) -> None:
    code, _, err = generate(
        tmp_path,
        "end-enforcement-partnerships",
        "mesquite-springs-tx",
        "--counsel-override",
        "-f",
        "pdf",
    )
    assert code == 0
    assert err.startswith("WARNING: PREPARED AT THE REQUEST OF COUNSEL DESPITE Texas Government")
    (pdf,) = (tmp_path / "mesquite-springs-tx").glob("*.pdf")
    first_page = pdf_text(pdf.read_bytes()).split("Page 1 of")[0]
    assert "PREPARED AT THE REQUEST OF COUNSEL DESPITE Texas Government Code chapter 752" in (
        first_page
    )


def test_warnings_attach_to_the_policies_they_concern(catalogue: Catalogue) -> None:
    texas = JURISDICTIONS["mesquite-springs-tx"]
    warned = {
        policy.id
        for policy in catalogue.policies.values()
        if policy.applies_to(texas.kind) and catalogue.legal_warning(texas, policy)
    }
    assert {"surveillance-oversight", "rapid-response"} <= warned
    assert not {"ice-out", "tenant-organizing"} & warned
    tenant = render_text(catalogue, "tenant-organizing", "mesquite-springs-tx")
    assert "LEGAL REVIEW" not in tenant and "Senate Bill 4" not in tenant


def test_the_lawful_texas_surveillance_ordinance_drops_the_immigration_sharing_limits(
    catalogue: Catalogue,
) -> None:
    texas = render_text(catalogue, "surveillance-oversight", "mesquite-springs-tx")
    assert "Nothing in this chapter limits the enforcement of immigration laws" in texas
    assert "for the purpose of civil immigration enforcement" not in texas
    california = render_text(catalogue, "surveillance-oversight", "riverbend-ca")
    assert "for the purpose of civil immigration enforcement" in california


def test_batch_reports_a_forbidden_policy_as_not_applicable_with_its_reason(
    tmp_path: Path,
) -> None:
    report = run_batch(
        ["end-enforcement-partnerships"],
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=["html"],
        where=[("state", "TX")],
        jobs=1,
    )
    (record,) = report.records
    assert record.status == "not-applicable" and "752.053" in record.error
    assert not report.failures


def test_the_web_app_shows_the_refusal(catalogue: Catalogue) -> None:
    from toolkit.web.site import Site
    from toolkit.web.workspace import preview, start, validate

    site = Site.open(data=EXAMPLE_DATA, templates=TEMPLATES)
    workspace = start(site, policy_id="ice-free-zones", choice="mesquite-springs-tx")
    validate(workspace)
    shown = preview(site, workspace)
    assert shown.html is None
    assert "is not drafted for Texas" in shown.warning and "752.053" in shown.warning


# --- content counsel flagged -----------------------------------------------------------------


def test_ice_out_is_current_and_asks_for_rescission_and_conditions(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "ice-out", "riverbend-ca")
    assert "Public Law 119-98" in body and "June 10, 2026" in body
    assert "available until September 30, 2029" in body
    assert (
        "lapsed on February 14, 2026 and were restored for most of the Department only on April 30, 2026"
        in body
    )
    assert "[status of fiscal year 2027 appropriations" in body  # unverified: left to counsel
    assert "rescind the balances not yet spent" in body
    assert "attach these conditions to every annual appropriation" in body
    assert "deep cuts" not in body and "(as of" not in body
    items = [
        block.text
        for block in catalogue.render(
            catalogue.policy("ice-out"), JURISDICTIONS["riverbend-ca"]
        ).blocks
        if block.role == "item"
    ]
    assert items[-2].endswith("; and") and items[-1].endswith(";")


def test_ice_out_optional_precedent_and_surge_recitals(catalogue: Catalogue) -> None:
    default = render_text(catalogue, "ice-out", "riverbend-ca")
    assert "King County Council" in default and "Minneapolis" not in default
    both = render_text(catalogue, "ice-out", "riverbend-ca", **{"surge-recital": True})
    assert "Minneapolis" in both and "about 3,000 federal agents" in both
    none = render_text(catalogue, "ice-out", "riverbend-ca", **{"king-county-precedent": False})
    assert "King County" not in none


@pytest.mark.parametrize(
    ("jid", "statute"),
    [
        ("hudson-bend-ny", "Real Property Law section 230"),
        ("riverbend-ca", "Civil Code section 1942.5"),
        ("mesquite-springs-tx", "Property Code sections 92.331 through 92.333"),
        ("north-star-mn", "Minnesota Statutes section 504B.212"),
    ],
)
def test_tenant_recital_names_the_states_own_protection(
    catalogue: Catalogue, jid: str, statute: str
) -> None:
    body = render_text(catalogue, "tenant-organizing", jid)
    assert statute in body and "will uphold and publicize" in body
    assert "leave most renters in private housing without that protection" not in body
    assert "calls on the" not in body


def test_tenant_resolution_asks_for_a_law_where_the_state_has_none(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "tenant-organizing", "prairie-falls-il")
    assert "modeled on Minnesota Statutes section 504B.212" in body
    assert "leave most renters in private housing without that protection" in body


def test_private_right_of_action_is_off_unless_chosen(catalogue: Catalogue) -> None:
    for policy in ("end-enforcement-partnerships", "surveillance-oversight"):
        assert (
            "reasonable attorney's fees"
            not in render_text(catalogue, policy, "riverbend-ca").split(
                "Protection for those who report"
            )[0]
        )
        chosen = render_text(catalogue, policy, "riverbend-ca", **{"private-right-of-action": True})
        assert "bring an action in a court of competent jurisdiction" in chosen


def test_a_county_asks_the_sheriff_who_keeps_the_jail(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "end-enforcement-partnerships", "sierra-alta-county-ca")
    assert "other than the Sheriff and the Sheriff's Office" in body
    assert "Government Code section 26605, has sole and exclusive authority" in body
    assert "requests that the Sheriff follow sections" in body
    detention = render_text(catalogue, "no-detention-contracts", "sierra-alta-county-ca")
    assert "Government Code section 26605" in detention and "requests that the Sheriff" in detention


def test_california_ordinances_have_ceqa_readings_and_a_publication_certificate(
    catalogue: Catalogue,
) -> None:
    # no-data: no-detention-contracts amends zoning, and its CEQA determination is for counsel.
    body = render_text(catalogue, "no-data", "riverbend-ca")
    assert "The City Council of the City of Riverbend does ordain as follows:" in body
    assert "not a project under the California Environmental Quality Act" in body
    # The data's meeting date is the introduction; the adoption comes later (Gov. Code 36934).
    assert "INTRODUCED at a regular meeting of the City Council held on December 9, 2026" in body
    assert "as Government Code section 36933 requires" in body
    assert "takes effect thirty days after its final passage" in body
    zoning = render_text(catalogue, "no-detention-contracts", "riverbend-ca")
    assert "Planning Commission held a public hearing" in zoning  # a zoning amendment
    assert "dealings with it. It supplements" in zoning  # the missing space is back
    assert "INTRODUCED at a regular meeting of the City Council held on December 9, 2026" in zoning


def test_florida_county_takes_effect_on_filing_with_the_department_of_state(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "surveillance-oversight", "coquina-county-fl")
    assert "takes effect upon its filing with the Department of State" in body
    assert "OF COQUINA COUNTY" in body and "THE COQUINA COUNTY" not in body
    assert "[enacting clause required by the charter or state law]" in body  # not verified


def test_a_village_reads_as_a_village(catalogue: Catalogue) -> None:
    city = JURISDICTIONS["prairie-falls-il"]
    village = city.model_copy(
        update={
            "municipality": "village",
            "name": "Village of Prairie Falls",
            "body": "President and Board of Trustees",
            "clerk": city.clerk.model_copy(update={"title": "Village Clerk"}),
        }
    )
    body = catalogue.render(catalogue.policy("surveillance-oversight"), village).plain_text()
    assert (
        "BE IT ORDAINED by the President and Board of Trustees of the Village of Prairie Falls"
        in body
    )
    assert "TO THE VILLAGE CODE" in body and "the Village's website" in body
    assert "the City" not in body
    assert "ten days after its publication in pamphlet form" in body


def test_a_town_reads_as_a_town(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "ice-out", "harpeth-falls-tn")
    assert "OF THE BOARD OF MAYOR AND ALDERMEN OF THE TOWN OF HARPETH FALLS" in body
    assert "the Town" in body and "the City" not in body


def test_a_strong_mayor_city_county_has_the_mayors_approval_line(catalogue: Catalogue) -> None:
    document = catalogue.render(catalogue.policy("ice-out"), JURISDICTIONS["bayport-ca"])
    approvals = [b for b in document.blocks if b.role == "signature" and b.label == "APPROVED:"]
    assert [b.signer for b in approvals] == [("Lena Marquez", "Mayor")]
    assert "Date of approval: [date of approval]" in document.plain_text()


def test_validate_reports_a_british_spelling_in_a_body(
    tmp_path: Path, write_data: Callable[[str], Path]
) -> None:
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    for policy in [*templates.glob("resolutions/*"), *templates.glob("ordinances/*")]:
        if policy.name != "ice-out":  # one policy to render is enough
            shutil.rmtree(policy)
    body = templates / "resolutions/ice-out/body.j2"
    text_ = body.read_text(encoding="utf-8")
    body.write_text(text_.replace("is committed to", "is honoured to be committed to", 1))
    report = toolkit.validate(data=write_data(MINIMAL_CITY), templates=templates)
    messages = [str(problem) for problem in report.problems]
    assert any(
        message.endswith("'honoured': use American spelling, 'honored'") for message in messages
    )


def test_no_footer_leaves_the_provenance_in_the_properties_only(
    catalogue: Catalogue,
) -> None:
    request = toolkit.DocumentRequest("ice-out", JURISDICTIONS["riverbend-ca"], footer=False)
    document = toolkit.render(catalogue, request)
    word = docx.Document(io.BytesIO(toolkit.to_bytes(document, "docx")))
    footers = " ".join(p.text for s in word.sections for p in s.footer.paragraphs)
    assert "Page" in footers and "Model policy" not in footers
    assert word.core_properties.comments.startswith("Model policy ice-out")
    assert "Model policy" not in pdf_text(toolkit.to_bytes(document, "pdf"))
    with_footer = toolkit.render(
        catalogue, toolkit.DocumentRequest("ice-out", request.jurisdiction)
    )
    assert "Model policy ice-out" in pdf_text(toolkit.to_bytes(with_footer, "pdf"))


# --- forms counsel asked for (review of 2026-11-30) ------------------------------------------


def test_a_school_board_adopts_a_resolution_not_a_board_resolution(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "ice-out", "arroyo-verde-usd-ca")
    assert "RESOLUTION NO. [number]" in body
    assert "A RESOLUTION OF THE BOARD OF EDUCATION OF THE ARROYO VERDE UNIFIED" in body
    assert "BOARD RESOLUTION" not in body and "Board Resolution" not in body


def test_a_minnesota_district_reads_independent_school_district_no(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "safe-schools", "lakeshore-schools-mn")
    name = "Independent School District No. 9999 (Lakeshore Public Schools)"
    assert f"OF THE SCHOOL BOARD OF {name.upper()} AFFIRMING" in body
    assert f"WHEREAS, {name} serves" in body
    assert f"by the School Board of {name} on [date of adoption]" in body
    assert "District 9999 " not in body and "OF THE INDEPENDENT" not in body


def test_a_new_york_local_law_opens_with_its_enacting_clause_and_findings_section(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "no-secret-police", "hudson-bend-ny")
    enact = body.index("Be it enacted by the Common Council of the City of Hudson Bend as follows:")
    findings = body.index("SECTION 1. Legislative findings and intent.")
    assert body.index("A LOCAL LAW OF THE COMMON COUNCIL") < enact < findings
    assert "WHEREAS" not in body
    assert "The Common Council finds and declares that:" in body
    assert "without limiting lawful police work." in body  # the last finding ends the series
    assert "; and\n" in body[findings:] and " ;" not in body
    assert "State Environmental Quality Review Act and determines: [SEQRA determination]." in body
    assert (
        "by the vote shown; that a public hearing on it was held on [date of the public hearing "
        "on the local law]; that it was approved by the Mayor on [date of approval]; and that it "
        "was filed with the Secretary of State" in body
    )
    # The findings are section 1: no later section speaks of "recitals above".
    for policy in ("no-secret-police", "end-enforcement-partnerships", "no-data"):
        local_law = render_text(catalogue, policy, "hudson-bend-ny")
        assert "recitals above" not in local_law and "SECTION 2. Purpose." in local_law, policy
    assert "Findings and purpose" in render_text(catalogue, "no-data", "riverbend-ca")


def test_severability_speaks_of_code_provisions_only_where_the_ordinance_adds_some(
    catalogue: Catalogue,
) -> None:
    uncodified = render_text(catalogue, "no-secret-police", "riverbend-ca")
    assert "Severability" in uncodified and "any provision it adds" not in uncodified
    codified = render_text(catalogue, "no-data", "riverbend-ca")
    assert "or of any provision it adds to the Municipal Code," in " ".join(codified.split())
    for body in (uncodified, codified):  # the findings sentence, kept outside New York, is spaced
        assert "adopts them as findings. The purpose" in " ".join(body.split())


def test_california_drafts_keep_approved_as_to_form_when_the_data_name_no_counsel(
    catalogue: Catalogue,
) -> None:
    cases = {
        ("ice-out", "bayport-ca"): "City Attorney",
        ("no-data", "bayport-ca"): "City Attorney",
        ("ice-out", "arroyo-verde-usd-ca"): "Counsel for the District",
        ("ice-free-zones", "arroyo-verde-usd-ca"): "Counsel for the District",
    }
    for (policy, jid), title in cases.items():
        document = catalogue.render(catalogue.policy(policy), JURISDICTIONS[jid], {})
        signatures = [b for b in document.blocks if b.role == "signature"]
        approved = [b for b in signatures if b.label == "APPROVED AS TO FORM:"]
        assert [b.signer for b in approved] == [("", title)], (policy, jid)
    named = catalogue.render(catalogue.policy("ice-out"), JURISDICTIONS["riverbend-ca"], {})
    counsel = [b.signer for b in named.blocks if b.label == "APPROVED AS TO FORM:"]
    assert counsel == [("Priya Raman", "City Attorney")]
    north_star = render_text(catalogue, "ice-out", "north-star-mn")
    assert "APPROVED AS TO FORM" not in north_star  # not Minnesota's practice in our data


def test_local_facts_come_before_the_bodys_closing_recital(catalogue: Catalogue) -> None:
    body = render_text(catalogue, "end-enforcement-partnerships", "riverbend-ca")
    fact = body.index("WHEREAS, about one in three Riverbend residents")
    closing = body.index("WHEREAS, the City Council finds that clear, public rules")
    assert fact < closing < body.index("The City Council of the City of Riverbend does ordain")
    assert (
        "(illustrative figure for this example; U.S. Census Bureau, American Community Survey "
        "5-year estimates, 2024); and" in body
    )


def test_spanish_certificate_heading_and_translated_delegation(catalogue: Catalogue) -> None:
    document = catalogue.render(
        catalogue.policy("ice-out"), JURISDICTIONS["riverbend-ca"], {}, language="es"
    )
    body = document.plain_text()
    assert "CERTIFICACIÓN DEL SECRETARIO MUNICIPAL" in body
    delegation = "a los siguientes miembros del Congreso: Senador Alex Padilla, Senador Adam Schiff"
    assert delegation in " ".join(body.split())
    assert "Senator" not in body


# --- round 2: adoption dates, certificates and headings by state --------------------------------


def test_an_ordinance_is_introduced_at_the_meeting_and_adopted_at_a_later_one(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "no-data", "riverbend-ca", fold=True)
    assert (
        "INTRODUCED at a regular meeting of the City Council held on December 9, 2026, and PASSED"
        " AND ADOPTED at a regular meeting of the City Council held on [date of adoption]" in body
    )
    assert "introduced at a regular meeting of the City Council held on December 9, 2026" in body
    assert "adopted at a regular meeting held on [date of adoption]" in body
    # A resolution is still adopted at the meeting the data names.
    resolution = render_text(catalogue, "ice-out", "riverbend-ca", fold=True)
    assert (
        "PASSED AND ADOPTED by the City Council of the City of Riverbend on December 9"
        in resolution
    )


def test_county_and_publication_certificates_say_what_the_law_requires(
    catalogue: Catalogue,
) -> None:
    county = render_text(catalogue, "no-data", "cascadia-county-wa", fold=True)
    assert (
        "published or posted as the charter or state law requires on [date of publication" in county
    )
    assert "official newspaper" not in county
    for jid in ("north-star-mn", "prairie-falls-il"):
        body = render_text(catalogue, "no-data", jid)
        assert "[date of publication]" in body and "[date of publication or posting]" not in body
    sierra = render_text(catalogue, "no-data", "sierra-alta-county-ca", fold=True)
    assert "INTRODUCED at a meeting of the Board of Supervisors held on" in sierra
    assert "regular meeting" not in sierra


def test_a_new_york_local_law_is_numbered_by_year_and_its_findings_do_not_repeat(
    catalogue: Catalogue,
) -> None:
    body = render_text(catalogue, "no-data", "hudson-bend-ny")
    assert body.startswith("LOCAL LAW NO. [number] OF THE YEAR [year]\n")
    findings = body.split("finds and declares that:", 1)[1].split("SECTION 2.", 1)[0]
    assert "the Common Council finds that" not in findings
    assert "\nclear rules on what personal information the City collects" in findings
