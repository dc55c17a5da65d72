"""The aide's packet: staff report, brief, press release, comment and cover letters, read back."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit import generate, run_batch, validate
from toolkit.api import ExistingFileError
from toolkit.errors import PolicykitError, TemplateError, UsageError
from toolkit.output.paths import output_name
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.writers import to_bytes

from conftest import EXAMPLE_DATA, JURISDICTIONS, TEMPLATES, docx_text, render_text

SUBCOMMITTEES = ["house-chair", "house-ranking", "senate-chair", "senate-ranking"]


def packet(tmp_path: Path, policy: str, jid: str, **kwargs: object) -> zipfile.ZipFile:
    result = generate(
        policy,
        jid,
        data=EXAMPLE_DATA,
        templates=kwargs.pop("templates", TEMPLATES),
        out_dir=tmp_path,
        formats=("docx",),
        packet=True,
        **kwargs,
    )
    assert [path.name for path in result.written] == [f"{jid}_{policy}_packet.zip"]
    return zipfile.ZipFile(result.written[0])


def test_the_ice_out_packet_holds_every_part_and_a_letter_per_recipient(tmp_path: Path) -> None:
    archive = packet(tmp_path, "ice-out", "riverbend-ca")
    stem = "riverbend-ca_ice-out"
    letters = [f"delegation-{n}" for n in (1, 2, 3)] + SUBCOMMITTEES
    assert archive.namelist() == [
        f"{stem}.docx",
        f"{stem}_staff-report.docx",
        f"{stem}_brief.docx",
        f"{stem}_press-release.docx",
        f"{stem}_comment-letter.docx",
        *(f"{stem}_cover-letter-{recipient}.docx" for recipient in letters),
    ]
    texts = {name: docx_text(archive.read(name)) for name in archive.namelist()}
    for name, text in texts.items():
        assert "Riverbend" in text, name  # each piece names the jurisdiction
    report = texts[f"{stem}_staff-report.docx"]
    assert "STAFF REPORT\nICE OUT: Congress must restrain DHS and ICE" in report  # a title, no id
    assert "FOR IMMEDIATE RELEASE" in texts[f"{stem}_press-release.docx"]
    assert (
        '"[quote from the Mayor]," said Mayor Ana Lucía Ortega.'
        in (texts[f"{stem}_press-release.docx"])
    )
    assert "PUBLIC COMMENT\nDate:" in texts[f"{stem}_comment-letter.docx"]
    senator = texts[f"{stem}_cover-letter-delegation-1.docx"]
    assert "Senator Alex Padilla" in senator and "Dear Senator Padilla:" in senator
    assert "adopted the enclosed Resolution No. 2026-118." in senator
    chair = texts[f"{stem}_cover-letter-house-chair.docx"]
    assert "The Honorable Mark Amodei" in chair and "Dear Chairman Amodei:" in chair
    assert "Chair, Subcommittee on Homeland Security, Committee on Appropriations" in chair
    assert "your subcommittee drafts the annual appropriations bill" in chair
    ranking = texts[f"{stem}_cover-letter-senate-ranking.docx"]
    assert "The Honorable Christopher S. Murphy" in ranking and "Washington, DC 20510" in ranking
    # Posts change hands: a leader's letter asks, as a highlighted blank, to confirm the name.
    confirm = "[before sending, confirm that Mark Amodei still holds this post: last confirmed"
    assert f"{confirm} February 11, 2026]" in chair
    assert "confirm that" not in senator  # the delegation comes from the jurisdiction's own data


def test_a_packet_without_cover_letters_has_the_five_parts(tmp_path: Path) -> None:
    archive = packet(tmp_path, "no-data", "arroyo-verde-usd-ca")
    assert [name.removeprefix("arroyo-verde-usd-ca_") for name in archive.namelist()] == [
        "no-data.docx",
        "no-data_staff-report.docx",
        "no-data_brief.docx",
        "no-data_press-release.docx",
        "no-data_comment-letter.docx",
    ]
    report = docx_text(archive.read("arroyo-verde-usd-ca_no-data_staff-report.docx"))
    assert "Education Code section 234.7" in report
    assert "A majority of all the members of the Board of Education [" in report


def test_the_packet_is_deterministic_and_up_to_date_on_a_rerun(tmp_path: Path) -> None:
    first = packet(tmp_path / "a", "ice-out", "hudson-bend-ny")
    second = packet(tmp_path / "b", "ice-out", "hudson-bend-ny")
    assert Path(first.filename or "").read_bytes() == Path(second.filename or "").read_bytes()
    again = generate(
        "ice-out",
        "hudson-bend-ny",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path / "a",
        formats=("docx",),
        packet=True,
    )
    assert again.written == [] and len(again.up_to_date) == 1


def test_page_one_of_the_staff_report(tmp_path: Path) -> None:
    result = generate(
        "no-secret-police",
        "riverbend-ca",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=("pdf",),
        parts=("staff-report",),
    )
    assert [p.name for p in result.written] == ["riverbend-ca_no-secret-police_staff-report.pdf"]
    page = PdfReader(io.BytesIO(result.written[0].read_bytes())).pages[0].extract_text()
    page = " ".join(page.split())
    assert "STAFF REPORT" in page and "STAFF REPORT: no-secret-police" not in page
    assert "TO: Mayor and Members of the City Council, City of Riverbend" in page
    assert "MEETING DATE: December 9, 2026" in page
    assert "That the City Council introduce the attached Ordinance No. [number] and adopt" in page
    assert (
        "not a project subject to the California Environmental Quality Act [1] and, in the" in page
    )
    assert "Background About one in three Riverbend residents was born outside" in page


def test_the_staff_report_has_every_section_with_sourced_claims(catalogue: Catalogue) -> None:
    text = render_text(
        catalogue, "end-enforcement-partnerships", "riverbend-ca", part="staff-report"
    )
    headings = [
        "Recommendation",
        "Background",
        "What the measure does",
        "Legal authority and risk",
        "Fiscal impact",
        "Environmental review",
        "Votes required",
        "Alternatives",
        "Attachments",
        "Sources",
    ]
    positions = [text.index(f"\n{heading}\n") for heading in headings]
    assert positions == sorted(positions)
    assert "Q: Will we lose federal grants?" in text
    assert "A recorded majority of the total membership of the City Council [" in text
    assert "[each award, its amount and the condition at issue]" in text
    assert "City and County of San Francisco v. Trump, No. 25-cv-01350 (N.D. Cal.)" in text
    assert "The City Attorney has reviewed the draft" in text
    # Sources are numbered in reading order and each number has its entry.
    numbers = [
        int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", text) for n in group.split(", ")
    ]
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == list(range(1, len(first_seen) + 1))
    listed = text.split("\nSources\n", 1)[1].splitlines()
    assert len(listed) == len(first_seen)


def test_outside_california_no_ceqa_and_the_votes_are_a_blank(catalogue: Catalogue) -> None:
    text = render_text(catalogue, "no-data", "prairie-falls-il", part="staff-report")
    assert "Environmental Quality Act" not in text and "Environmental review" not in text
    assert "[votes required under state law and the charter]." in text


def test_the_brief_answers_the_hard_questions_with_sources(catalogue: Catalogue) -> None:
    text = render_text(catalogue, "ice-out", "riverbend-ca", part="brief")
    assert "About one in three Riverbend residents was born outside the United States" in text
    assert "Q: Will we lose federal grants for adopting this?" in text
    assert "Q: Does this protect people who commit crimes?" in text
    assert "44 percent" in text and "Insecure Communities" in text
    assert "costs" not in text and "quotas" not in text
    assert "Plyler" not in text  # the city's draft does not rely on it, so it is not listed
    assert "(July 4, 2025), as reported" in text


def test_a_single_part_and_a_single_letter(tmp_path: Path) -> None:
    common = {"data": EXAMPLE_DATA, "templates": TEMPLATES, "out_dir": tmp_path}
    result = generate(
        "ice-out",
        "riverbend-ca",
        formats=("docx",),
        parts=("cover-letter",),
        recipient="senate-chair",
        **common,
    )
    assert [p.name for p in result.written] == [
        "riverbend-ca_ice-out_cover-letter-senate-chair.docx"
    ]
    assert "Dear Chair Britt:" in docx_text(result.written[0].read_bytes())
    with pytest.raises(UsageError, match="no recipient 'nobody'.*house-chair"):
        generate("ice-out", "riverbend-ca", parts=("cover-letter",), recipient="nobody", **common)
    with pytest.raises(UsageError, match="policy 'no-data' has no cover letters"):
        generate("no-data", "riverbend-ca", parts=("cover-letter",), **common)
    with pytest.raises(UsageError, match="unknown part 'memo'"):
        generate("ice-out", "riverbend-ca", parts=("memo",), **common)


def test_file_names_carry_the_part_and_the_recipient() -> None:
    city = JURISDICTIONS["riverbend-ca"]
    request = DocumentRequest("ice-out", city, part="cover-letter", recipient="house-chair")
    assert (
        request.relpath("pdf") == "riverbend-ca/riverbend-ca_ice-out_cover-letter-house-chair.pdf"
    )
    assert DocumentRequest("ice-out", city, brief=True).part == "brief"
    assert DocumentRequest("ice-out", city, part="brief").brief
    assert output_name("x", "ice-out", "docx", language="es", part="staff-report") == (
        "x_ice-out_staff-report.es.docx"
    )
    with pytest.raises(UsageError, match="only a cover-letter has a recipient"):
        DocumentRequest("ice-out", city, part="brief", recipient="house-chair")


def _one_policy(folder: str, names: list[str]) -> list[str]:
    if Path(folder).name in ("resolutions", "ordinances"):
        return [name for name in names if name != "ice-out"]
    return []


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A copy of the templates with ice-out alone, to break."""
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy, ignore=_one_policy)
    return copy


def test_a_claim_whose_source_does_not_resolve_fails_validate(templates: Path) -> None:
    meta = templates / "resolutions" / "ice-out" / "policy.yaml"
    text = meta.read_text(encoding="utf-8")
    text = text.replace("sources: [approps-clause]", "sources: [no-such-source]", 1)
    text = text.replace("cite('theodore-2013')", "cite('no-such-study')", 1)
    meta.write_text(text, encoding="utf-8")
    layout = templates / "_layouts" / "cover_letter.j2"
    layout.write_text(
        layout.read_text(encoding="utf-8").replace('cite("approps-clause")', 'cite("nope")'),
        encoding="utf-8",
    )
    data = templates / "one.yaml"
    data.write_text("jurisdictions: []\n", encoding="utf-8")
    report = validate(data=data, templates=templates)
    messages = [str(problem) for problem in report.problems]
    assert any(
        "policy.yaml" in m
        and "talking point 1 cites source 'no-such-source', which is not in _shared/sources.yaml"
        in m
        for m in messages
    ), messages
    assert any("talking point 3 cites source 'no-such-study'" in m for m in messages)
    assert any("cover_letter.j2" in m and "cites source 'nope'" in m for m in messages)


def test_a_packet_that_fails_in_one_part_writes_nothing(templates: Path, tmp_path: Path) -> None:
    officials = templates / "_shared" / "officials.yaml"
    officials.write_text("appropriations_homeland_security: {}\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match="officials.yaml"):
        packet(out, "ice-out", "riverbend-ca", templates=templates)
    assert not out.exists() or not any(out.rglob("*.zip"))


def test_an_edited_packet_is_not_replaced_without_force(tmp_path: Path) -> None:
    archive = packet(tmp_path, "no-secret-police", "bayport-ca")
    Path(archive.filename or "").write_bytes(b"edited by the clerk")
    with pytest.raises(ExistingFileError):
        packet(tmp_path, "no-secret-police", "bayport-ca")


def test_batch_writes_one_packet_per_jurisdiction(tmp_path: Path) -> None:
    common = {
        "data": EXAMPLE_DATA,
        "templates": TEMPLATES,
        "out_dir": tmp_path,
        "formats": ("docx",),
        "where": (("state", "CA"), ("kind", "county")),
        "jobs": 1,
        "packet": True,
    }
    report = run_batch(["no-secret-police", "ice-out"], **common)
    done = sorted(r.path for r in report.records if r.status == "done")
    assert done == [
        "sierra-alta-county-ca/sierra-alta-county-ca_ice-out_packet.zip",
        "sierra-alta-county-ca/sierra-alta-county-ca_no-secret-police_packet.zip",
    ]
    names = zipfile.ZipFile(tmp_path / done[1]).namelist()
    assert "sierra-alta-county-ca_no-secret-police_staff-report.docx" in names
    again = run_batch(["no-secret-police", "ice-out"], **common)
    assert again.count("up-to-date") == 2 and again.count("done") == 0


def test_the_packet_renders_in_spanish(catalogue: Catalogue) -> None:
    city = JURISDICTIONS["riverbend-ca"]
    for part, recipient in [("staff-report", None), ("cover-letter", "house-chair")]:
        request = DocumentRequest("ice-out", city, language="es", part=part, recipient=recipient)
        document = render(catalogue, request)
        assert document.fallbacks == ()
    assert (
        "INFORME DEL PERSONAL"
        in to_bytes(
            render(catalogue, DocumentRequest("ice-out", city, language="es", part="staff-report")),
            "html",
        ).decode()
    )


def test_no_unsupported_claims_remain(catalogue: Catalogue) -> None:
    for policy in catalogue.policies.values():
        texts = [p.text for p in policy.meta.talking_points]
        texts += [text for qa in policy.meta.questions for text in (qa.question, qa.answer)]
        for text in texts:
            lowered = text.lower()
            assert "quota" not in lowered and "costs little" not in lowered, policy.id
            assert "costs {{" not in lowered and "costs nothing" not in lowered, policy.id
            assert not ("upheld" in lowered and "805" in lowered), policy.id


def test_errors_are_policykit_errors() -> None:
    assert issubclass(ExistingFileError, PolicykitError)


def test_the_command_line_writes_a_packet_and_single_parts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from toolkit.cli.app import app

    runner = CliRunner()
    base = ["--data", str(EXAMPLE_DATA), "--templates", str(TEMPLATES), "--out", str(tmp_path)]
    result = runner.invoke(
        app, ["generate", "ice-out", "riverbend-ca", "--packet", "--format", "docx", *base]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("riverbend-ca_ice-out_packet.zip")
    result = runner.invoke(
        app,
        ["generate", "ice-out", "riverbend-ca", "--part", "press-release", "--part", "brief"]
        + ["--format", "docx", *base],
    )
    assert result.exit_code == 0, result.output
    written = [Path(line).name for line in result.stdout.splitlines()[:2]]
    assert written == ["riverbend-ca_ice-out_press-release.docx", "riverbend-ca_ice-out_brief.docx"]


def test_the_packet_says_what_this_draft_does_for_this_body(catalogue: Catalogue) -> None:
    """`does` renders with the draft's names; a clause other kinds have is not listed."""
    motion = render_text(
        catalogue, "ice-out", "cedar-sound-county-wa", part="staff-report", fold=True
    )
    assert "This motion calls on Congress" in motion
    assert "Rescind the unspent multi-year reconciliation money" in motion
    school = render_text(
        catalogue, "ice-out", "arroyo-verde-usd-ca", part="staff-report", fold=True
    )
    assert "This resolution calls on Congress" in school
    assert "Rescind the unspent" not in school  # the school-board draft has no such clause


# --- round 2: the packet's forms (salutations, fiscal impact, sources, datelines) ---------------


def test_a_delegation_letter_greets_the_member_by_title_and_name(catalogue: Catalogue) -> None:
    letter = render_text(
        catalogue,
        "ice-out",
        "riverbend-ca",
        part="cover-letter",
        recipient="delegation-1",
        fold=True,
    )
    assert "Dear Senator Padilla:" in letter and "Dear Member of Congress" not in letter
    assert "Because you represent Riverbend in Congress, we ask you" in letter
    # The entry names no member: the name is a blank, the title is not guessed away.
    letter = render_text(
        catalogue,
        "ice-out",
        "riverbend-ca",
        part="cover-letter",
        recipient="delegation-3",
        fold=True,
    )
    assert "Dear Representative [last name]:" in letter
    letter = render_text(
        catalogue,
        "ice-out",
        "riverbend-ca",
        part="cover-letter",
        recipient="senate-ranking",
        fold=True,
    )
    assert "confirm that Christopher S. Murphy still holds this post" in letter
    spanish = render_text(
        catalogue,
        "ice-out",
        "riverbend-ca",
        part="cover-letter",
        recipient="delegation-1",
        language="es",
        fold=True,
    )
    assert "Estimado senador Padilla:" in spanish and "Estimado/a" not in spanish


def test_the_fiscal_impact_follows_what_the_draft_does(catalogue: Catalogue) -> None:
    ice_out = render_text(catalogue, "ice-out", "riverbend-ca", part="staff-report", fold=True)
    assert "None beyond staff time to prepare and send Resolution No. 2026-118" in ice_out
    assert "contract amendments" not in ice_out
    program = render_text(
        catalogue, "rapid-response", "riverbend-ca", part="staff-report", fold=True
    )
    assert "The draft appropriates the money for the measure itself" in program
    assert "the appropriation in the draft: [total amount, the same as in the draft]" in program
    rules = render_text(catalogue, "no-data", "riverbend-ca", part="staff-report", fold=True)
    assert "funding source: [fund or account]; and federal and state grants" in rules


def test_the_presiding_officer_is_named_once_by_a_short_title(catalogue: Catalogue) -> None:
    report = render_text(
        catalogue, "no-data", "sierra-alta-county-ca", part="staff-report", fold=True
    )
    assert "TO: Chair and Members of the Board of Supervisors, County of Sierra Alta" in report
    comment = render_text(
        catalogue, "no-data", "sierra-alta-county-ca", part="comment-letter", fold=True
    )
    assert "Dear Chair Whitfield and Members of the Board of Supervisors:" in comment
    press = render_text(catalogue, "no-data", "hudson-bend-ny", part="press-release", fold=True)
    assert "said Miguel Santos, President of the Common Council." in press
    assert "HUDSON BEND, New York: The Common Council" in press
    county = render_text(
        catalogue, "no-data", "sierra-alta-county-ca", part="press-release", fold=True
    )
    assert county.count("[city, state]: The Board of Supervisors") == 1


def test_what_the_draft_relies_on_lists_each_authority_once(catalogue: Catalogue) -> None:
    brief = render_text(catalogue, "safe-schools", "arroyo-verde-usd-ca", part="brief")
    listed = brief.split("\nWhat the draft relies on\n", 1)[1].split("\nSources\n", 1)[0]
    lines = listed.splitlines()
    assert sum("Education Code section 234.7" in line for line in lines) == 1
    assert sum("7284 et seq." in line for line in lines) == 1
    assert sum("1232g" in line for line in lines) == 1
    assert not any("Department of Education" in line for line in lines)
    brief = render_text(catalogue, "end-enforcement-partnerships", "riverbend-ca", part="brief")
    assert "\nGalarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014)\n" in brief
    assert (
        "are requests that a local agency is free to decline"
        not in brief.split("\nWhat the draft relies on\n", 1)[1]
    )
    # A state law that restricts such policies is cited in a savings clause, not relied on.
    texas = render_text(
        catalogue, "surveillance-oversight", "mesquite-springs-tx", part="staff-report"
    )
    relied = texas.split("\nThe draft relies on:\n", 1)[1].split("\nQ: ", 1)[0]
    assert "1373" in relied and "752" not in relied


def test_source_lists_print_each_date_once_and_merge_numbers(catalogue: Catalogue) -> None:
    brief = render_text(catalogue, "ice-out", "riverbend-ca", part="brief", fold=True)
    assert "(University of Illinois at Chicago, 2013) (May 2013)" not in brief
    assert "(University of Illinois at Chicago, 2013), as reported" in brief
    report = render_text(catalogue, "no-data", "riverbend-ca", part="staff-report", fold=True)
    assert "Cal. Gov. Code sec. 36936 (" not in report  # the date of a copy is not the law's
    every = " ".join(
        render_text(catalogue, "end-enforcement-partnerships", jid, part=part, fold=True)
        for jid in ("riverbend-ca", "sierra-alta-county-ca")
        for part in ("staff-report", "brief", "press-release")
    )
    assert not re.search(r"\[\d+(?:, \d+)*\] \[\d+", every)


def test_a_brief_without_local_figures_prints_a_blank_not_instructions(
    catalogue: Catalogue,
) -> None:
    brief = render_text(catalogue, "no-data", "prairie-falls-il", part="brief", fold=True)
    assert "[a local figure, with its source and year]" in brief
    assert "add them as local facts" not in brief and "holds none yet" not in brief


def test_spanish_contracts_de_el_and_a_el(catalogue: Catalogue) -> None:
    from toolkit.i18n.localize import contractions
    from toolkit.languages import get_language

    spanish = get_language("es")
    assert contractions("sesión de el Concejo y a el Condado", spanish) == (
        "sesión del Concejo y al Condado"
    )
    assert contractions("de El Salvador, a él", spanish) == "de El Salvador, a él"
    text = render_text(catalogue, "no-data", "north-star-mn", language="es")
    assert not re.search(r"\b(?:de|a) el\b", text)


def test_a_spanish_letter_greets_and_names_the_post_in_spanish(catalogue: Catalogue) -> None:
    """officials.yaml gives each post and salutation by language; names and addresses stay."""
    spanish = render_text(
        catalogue,
        "ice-out",
        "riverbend-ca",
        part="cover-letter",
        recipient="senate-chair",
        language="es",
        fold=True,
    )
    assert "The Honorable Katie Britt Presidenta, Subcomité de Seguridad Nacional" in spanish
    assert "Estimada senadora Britt:" in spanish and "Dear" not in spanish
    english = render_text(
        catalogue,
        "ice-out",
        "riverbend-ca",
        part="cover-letter",
        recipient="senate-chair",
        fold=True,
    )
    assert "Dear Chair Britt:" in english and "Presidenta" not in english


def _section(text: str, heading: str) -> str:
    return text.split(f"\n{heading}\n", 1)[1].split("\n\n", 1)[0]


def test_the_staff_report_leaves_ceqa_to_counsel_as_a_zoning_draft_does(
    catalogue: Catalogue,
) -> None:
    """A draft that amends the zoning regulations leaves its CEQA determination to counsel: so
    does its staff report, which names the Planning Commission's hearing the draft recites."""
    for jid in ("riverbend-ca", "sierra-alta-county-ca"):
        draft = render_text(catalogue, "no-detention-contracts", jid, fold=True)
        blank = "[CEQA determination for the ordinance and its zoning amendment, for counsel]"
        assert blank in draft
        report = render_text(
            catalogue, "no-detention-contracts", jid, part="staff-report", fold=True
        )
        assert "not a project" not in report and "organizational or administrative" not in report
        recommendation = report.split(" Recommendation ", 1)[1].split(" Background ", 1)[0]
        assert f"that the draft leaves for counsel: {blank}." in recommendation
        assert "the Planning Commission must first hold a public hearing on it" in recommendation
        environment = report.split(" Environmental review ", 1)[1].split(" Votes required ")[0]
        assert blank in environment
    spanish = render_text(
        catalogue,
        "no-detention-contracts",
        "riverbend-ca",
        part="staff-report",
        language="es",
        fold=True,
    )
    assert "no es un proyecto" not in spanish.split(" Antecedentes ", 1)[0]
    # An ordinance that amends no zoning keeps the finding, with the draft's alternative one.
    other = render_text(
        catalogue, "end-enforcement-partnerships", "riverbend-ca", part="staff-report", fold=True
    )
    environment = other.split(" Environmental review ", 1)[1].split(" Votes required ")[0]
    assert "is not a project under the California Environmental Quality Act" in environment
    assert "In the alternative, as the draft also finds, it can be seen with certainty" in (
        environment
    )
    assert "Cal. Code Regs., tit. 14, sec. 15061(b)(3)" in other
    assert "Planning Commission" not in other


def test_the_draft_label_reads_as_running_text(catalogue: Catalogue) -> None:
    local_law = render_text(
        catalogue, "no-secret-police", "hudson-bend-ny", part="staff-report", fold=True
    )
    assert "SUBJECT: Local Law No. [number] of the year [year], A LOCAL LAW" in local_law
    assert "Of The Year" not in local_law
    press = render_text(
        catalogue, "no-secret-police", "hudson-bend-ny", part="press-release", fold=True
    )
    assert "Of The Year" not in press
    resolution = render_text(catalogue, "ice-out", "riverbend-ca", part="staff-report", fold=True)
    assert "adopt the attached Resolution No. 2026-118" in resolution
    motion = render_text(
        catalogue, "ice-out", "cedar-sound-county-wa", part="staff-report", fold=True
    )
    assert "adopt the attached Motion No. [number]" in motion
    assert "send Motion No. [number] and its cover letters" in motion
    ordinance = render_text(catalogue, "no-data", "riverbend-ca", part="staff-report", fold=True)
    assert "introduce the attached Ordinance No. [number] and adopt it" in ordinance
    spanish = render_text(
        catalogue,
        "ice-out",
        "riverbend-ca",
        part="staff-report",
        language="es",
        fallback_english=True,
        fold=True,
    )
    assert "Resolución N.º 2026-118" in spanish


def test_the_staff_report_recommends_the_steps_of_the_state_form(catalogue: Catalogue) -> None:
    tennessee = render_text(
        catalogue, "no-secret-police", "harpeth-falls-tn", part="staff-report", fold=True
    )
    assert "PASSED on the readings the charter requires" in render_text(
        catalogue, "no-secret-police", "harpeth-falls-tn", fold=True
    )
    assert (
        "That the Board of Mayor and Aldermen pass the attached Ordinance No. [number] on first"
        " reading on [date of the first reading], and on the later readings the charter"
        " requires." in tennessee
    )
    assert "introduce" not in tennessee.split(" Background ", 1)[0]
    florida = render_text(
        catalogue, "no-secret-police", "coquina-county-fl", part="staff-report", fold=True
    )
    recommendation = florida.split(" Recommendation ", 1)[1].split(" Background ", 1)[0]
    assert "introduce" not in recommendation
    assert (
        "adopt the attached Ordinance No. [number] at its meeting of [date of the meeting for"
        " adoption], after notice of its intent to consider it has been published" in recommendation
    )


def test_a_new_york_staff_report_mirrors_the_draft_on_seqra_and_the_vote(
    catalogue: Catalogue,
) -> None:
    report = render_text(
        catalogue, "no-secret-police", "hudson-bend-ny", part="staff-report", fold=True
    )
    environment = report.split(" Environmental review ", 1)[1].split(" Votes required ")[0]
    assert "State Environmental Quality Review Act for counsel: [SEQRA determination]" in (
        environment
    )
    votes = report.split(" Votes required ", 1)[1].split(" Alternatives ", 1)[0]
    assert votes == (
        "A local law requires the affirmative vote of a majority of the total voting power of"
        " the Common Council (Municipal Home Rule Law section 20)."
    )


def test_a_source_list_has_no_doubled_parentheticals(catalogue: Catalogue) -> None:
    every = " ".join(
        render_text(catalogue, policy, jid, part=part, fold=True)
        for policy, jid in (
            ("ice-out", "riverbend-ca"),
            ("tenant-organizing", "cascadia-county-wa"),
        )
        for part in ("brief", "staff-report")
    )
    assert "U.S. Const. art. I, sec. 9, cl. 7 (the Appropriations Clause; 1789)" in every
    assert not re.search(r"\((?:the Appropriations Clause|Laws of Minnesota[^)]*)\) \(", every)


def test_a_spanish_delegation_letter_greets_as_the_committee_letters_do(
    catalogue: Catalogue,
) -> None:
    def letter(jid: str) -> str:
        return render_text(
            catalogue,
            "ice-out",
            jid,
            part="cover-letter",
            recipient="delegation-1",
            language="es",
            fallback_english=True,
            fold=True,
        )

    assert "Estimado senador Padilla:" in letter("riverbend-ca")
    assert "Estimada senadora Murray:" in letter("cedar-sound-county-wa")
    assert "Honorable Senador" not in letter("riverbend-ca")
