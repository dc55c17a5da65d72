"""Loading jurisdictions: the seven-field minimum, defaults by kind, and every error at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.data.entries import jurisdiction_from_mapping
from toolkit.data.loading import load_jurisdictions, read_jurisdictions
from toolkit.data.models import City, SchoolBoard
from toolkit.errors import DataError

from conftest import EXAMPLE_DATA, MINIMAL_CITY


def test_bundled_examples_cover_every_kind_and_several_states() -> None:
    jurisdictions = load_jurisdictions(EXAMPLE_DATA)
    assert len(jurisdictions) >= 8
    assert {j.kind for j in jurisdictions} == {"city", "county", "city_county", "school_board"}
    assert {"CA", "WA", "IL", "TX"} <= {j.state for j in jurisdictions}


def test_seven_fields_are_enough(write_data: Callable[[str], Path]) -> None:
    (city,) = load_jurisdictions(write_data(MINIMAL_CITY))
    assert isinstance(city, City)
    assert city.page.margin_in == 1.0
    assert city.languages == ["English"]
    assert city.adoption_date is None


def test_state_code_is_normalised(write_data: Callable[[str], Path]) -> None:
    (city,) = load_jurisdictions(write_data(MINIMAL_CITY.replace("state: CA", "state: ca")))
    assert city.state == "CA"


def test_every_problem_is_reported_with_file_line_entry_and_field(
    write_data: Callable[[str], Path],
) -> None:
    bad = (
        MINIMAL_CITY.replace("state: CA", "state: XX")
        + MINIMAL_CITY.replace("testville-ca", "other-ca").replace(
            "    clerk: {title: City Clerk, name: Chris Clerk}\n", ""
        )
        + MINIMAL_CITY.replace("kind: city", "kind: village").replace("testville-ca", "third-ca")
        + MINIMAL_CITY.replace("body: City Council", "body: City Council\n    sherif: Someone")
    )
    path = write_data(bad)
    with pytest.raises(DataError) as caught:
        load_jurisdictions(path)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        f"{path}:5: entry 'testville-ca', field 'state': expected a two-letter USPS state code "
        "such as CA, got 'XX'",
        f"{path}:9: entry 'other-ca', field 'clerk': required field is missing",
        f"{path}:16: entry 'third-ca', field 'kind': kind 'village' is unknown; expected one of: "
        "city, county, city_county, school_board",
        f"{path}:27: entry 'testville-ca', field 'sherif': unknown field 'sherif' (did you mean "
        "'sheriff'? it exists for: county, city_county)",
    ]


def test_duplicate_ids_are_an_error(write_data: Callable[[str], Path]) -> None:
    path = write_data(MINIMAL_CITY + MINIMAL_CITY)
    with pytest.raises(
        DataError,
        match=r":9: entry 'testville-ca', field 'id': duplicate id "
        r"\(first defined at line 2\)",
    ):
        load_jurisdictions(path)


def test_bad_rows_do_not_hide_good_ones(write_data: Callable[[str], Path]) -> None:
    result = read_jurisdictions(
        write_data(MINIMAL_CITY + MINIMAL_CITY.replace("testville-ca", "Bad Id"))
    )
    assert [j.id for j in result.jurisdictions] == ["testville-ca"]
    assert "field 'id': expected lower-case letters" in str(result.problems[0])


def test_kind_specific_fields_belong_to_their_kind(write_data: Callable[[str], Path]) -> None:
    board = MINIMAL_CITY.replace("kind: city", "kind: school_board").replace(
        "body: City Council",
        "body: Board of Education\n    superintendent: {title: Superintendent, name: S}",
    )
    (loaded,) = load_jurisdictions(write_data(board))
    assert isinstance(loaded, SchoolBoard)
    city_with_sheriff = MINIMAL_CITY + "    sheriff: Someone\n"
    with pytest.raises(
        DataError,
        match="field 'sheriff': 'sheriff' is not a field of a city \\(it exists for: county, city_county\\)",
    ):
        load_jurisdictions(write_data(city_with_sheriff))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("jurisdictions: [\n", r":2: invalid YAML"),
        ("- just a list\n", r":1: expected a top-level 'jurisdictions:' list"),
        ("jurisdictions: {}\n", r"'jurisdictions' must be a list"),
        ("jurisdictions: []\nextra: 1\n", r"unknown top-level key\(s\): extra"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_jurisdictions(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nope.yaml: file not found$"):
        load_jurisdictions(tmp_path / "nope.yaml")


def test_csv_with_dotted_columns(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "id,kind,name,state,body,presiding_officer.title,presiding_officer.name,clerk.title,"
        "clerk.name,congressional_delegation,options.ice-out.funding-cuts\n"
        "a-ca,city,City of A,CA,City Council,Mayor,M A,City Clerk,C A,Rep. One; Sen. Two,off\n"
        "b-ca,county,County of B,CA,Board of Supervisors,Chair,M B,Clerk of the Board,C B,,\n",
        encoding="utf-8",
    )
    first, second = load_jurisdictions(path)
    assert first.clerk.name == "C A"
    assert first.congressional_delegation == ["Rep. One", "Sen. Two"]
    assert first.options == {"ice-out": {"funding-cuts": False}}
    assert second.kind == "county"


def test_csv_errors_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "id,kind,name,state,body,presiding_officer.title,presiding_officer.name,clerk.title,clerk.name\n"
        "a-ca,city,City of A,CA,City Council,Mayor,M A,City Clerk,C A\n"
        "b-ca,city,City of B,ZZ,City Council,Mayor,M B,City Clerk,C B\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"members.csv:3: entry 'b-ca', field 'state'"):
        load_jurisdictions(path)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "    adoption_date: 2026-13-01\n",
            r":9: entry 'testville-ca', field 'adoption_date': '2026-13-01': the month must be 1 to 12",
        ),
        (
            "    languages: &l [English]\n    extra_recitals: *l\n",
            r":10: anchors and aliases \(& and \*\) are not supported",
        ),
        ("    body: Town Council\n", r":9: key 'body' is written twice"),
        ('    body: "City\\x01Council"\n', r"key 'body' is written twice"),
    ],
)
def test_dates_aliases_and_duplicate_keys(
    write_data: Callable[[str], Path], extra: str, message: str
) -> None:
    with pytest.raises(DataError, match=message):
        load_jurisdictions(write_data(MINIMAL_CITY + extra))


@pytest.mark.parametrize(
    ("escaped", "message"),
    [
        ("City\\x01Council", "control character U+0001 is not allowed"),
        ("City\\x85Council", "control character U+0085 is not allowed"),
        ("City\\x1b[31mCouncil", "control character U+001B is not allowed"),
        ("City\\uFFFECouncil", "character U+FFFE is not allowed"),
        ("City\\uFFFFCouncil", "character U+FFFF is not allowed"),
        ("City \\u202Elicnuoc", "text-direction control U+202E is not allowed"),
        ("\\u200B\\u200D", "must contain visible text"),
    ],
)
def test_characters_no_document_can_hold_are_refused(
    write_data: Callable[[str], Path], escaped: str, message: str
) -> None:
    text = MINIMAL_CITY.replace("body: City Council", f'body: "{escaped}"')
    with pytest.raises(DataError, match=f"field 'body': {re.escape(message)}"):
        load_jurisdictions(write_data(text))


@pytest.mark.parametrize("reserved", ["con", "nul", "com1", "lpt9", "aux", "prn"])
def test_ids_reserved_on_windows_are_refused(
    write_data: Callable[[str], Path], reserved: str
) -> None:
    with pytest.raises(DataError, match=f"'{reserved}' is a reserved file name on Windows"):
        load_jurisdictions(write_data(MINIMAL_CITY.replace("testville-ca", reserved)))


def test_a_huge_year_is_one_plain_message(write_data: Callable[[str], Path]) -> None:
    fact = "    local_facts: [{text: t, source: s, year: " + "9" * 5000 + "}]\n"
    with pytest.raises(DataError) as caught:
        load_jurisdictions(write_data(MINIMAL_CITY + fact))
    (problem,) = caught.value.problems
    assert problem.field == "local_facts.0.year"
    assert problem.message == "expected a four-digit year, got '999999999999'..."


@pytest.mark.parametrize("typed", ["041", "07", "2026:41", "2026.41", "1e3", "0x1F", "no"])
def test_values_stay_as_typed(write_data: Callable[[str], Path], typed: str) -> None:
    """YAML 1.1 would read 041 as 33, 2026:41 as 121601 and no as False: a number is text."""
    (city,) = load_jurisdictions(
        write_data(MINIMAL_CITY + f"    numbers: {{ice-out: {typed}}}\n    short_name: {typed}\n")
    )
    assert city.numbers == {"ice-out": typed}
    assert city.short_name == typed


def test_typed_fields_still_convert(write_data: Callable[[str], Path]) -> None:
    extra = (
        "    strong_executive: yes\n    page: {margin_in: 1.25}\n"
        "    local_facts: [{text: t, source: s, year: 2024}]\n"
    )
    (city,) = load_jurisdictions(write_data(MINIMAL_CITY + extra))
    assert city.strong_executive is True
    assert city.page.margin_in == 1.25
    assert city.local_facts[0].year == 2024


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-09", dt.date(2026, 12, 9)),
        ("12/09/2026", dt.date(2026, 12, 9)),
        ("1/5/2027", dt.date(2027, 1, 5)),
    ],
)
def test_dates_in_iso_and_us_forms(
    write_data: Callable[[str], Path], typed: str, expected: dt.date
) -> None:
    (city,) = load_jurisdictions(write_data(MINIMAL_CITY + f"    adoption_date: {typed}\n"))
    assert city.adoption_date == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-13-01", "'2026-13-01': the month must be 1 to 12, not 13"),
        ("13/09/2026", "'13/09/2026': the month must be 1 to 12, not 13"),
        ("2026-02-30", "'2026-02-30': February 2026 has no day 30"),
        ("next tuesday", "expected a date written YYYY-MM-DD or MM/DD/YYYY, got 'next tuesday'"),
    ],
)
def test_a_bad_date_repeats_the_value_and_says_what_is_wrong(
    write_data: Callable[[str], Path], typed: str, message: str
) -> None:
    with pytest.raises(DataError) as caught:
        load_jurisdictions(write_data(MINIMAL_CITY + f"    adoption_date: {typed}\n"))
    (problem,) = caught.value.problems
    assert problem.field == "adoption_date" and problem.message == message


def test_a_misspelt_field_is_one_line_with_a_suggestion(write_data: Callable[[str], Path]) -> None:
    text = MINIMAL_CITY.replace("presiding_officer:", "presiding_oficer:")
    with pytest.raises(DataError) as caught:
        load_jurisdictions(write_data(text))
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "entry 'testville-ca', field 'presiding_oficer': unknown field 'presiding_oficer': "
        "did you mean 'presiding_officer'?"
    ]


def test_a_nested_misspelling_is_suggested_too(write_data: Callable[[str], Path]) -> None:
    text = MINIMAL_CITY.replace(
        "clerk: {title: City Clerk, name:", "clerk: {title: City Clerk, nme:"
    )
    with pytest.raises(
        DataError, match=r"field 'clerk.nme': unknown field 'nme': did you mean 'name'\?"
    ):
        load_jurisdictions(write_data(text))


def test_an_unquoted_colon_suggests_quotes(write_data: Callable[[str], Path]) -> None:
    text = MINIMAL_CITY.replace("name: City of Testville", "name: City of Testville: the Gem")
    with pytest.raises(DataError, match=r":4: invalid YAML: .* must be put in quotes"):
        load_jurisdictions(write_data(text))


def test_a_mapping_from_a_form_is_validated_like_a_file_entry() -> None:
    entry = {
        "id": "web-ca",
        "kind": "city",
        "name": "City of Web",
        "state": "ZZ",
        "body": "City Council",
        "presiding_officer": {"title": "Mayor", "name": "M"},
        "clerk": {"title": "Clerk", "nme": "C"},
    }
    with pytest.raises(DataError) as caught:
        jurisdiction_from_mapping(entry)
    assert [(p.file, p.field, p.message) for p in caught.value.problems] == [
        ("", "clerk.nme", "unknown field 'nme': did you mean 'name'?"),
        ("", "state", "expected a two-letter USPS state code such as CA, got 'ZZ'"),
    ]
    assert str(caught.value.problems[1]) == (
        "entry 'web-ca', field 'state': expected a two-letter USPS state code such as CA, got 'ZZ'"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    page: {margin_in: 3}\n", "must be at most 2.0, got '3'"),
        (
            "    local_facts: [{text: t, source: s, year: 1850}]\n",
            "must be at least 1900, got '1850'",
        ),
    ],
)
def test_numbers_out_of_range_say_the_bound(
    write_data: Callable[[str], Path], extra: str, message: str
) -> None:
    with pytest.raises(DataError) as caught:
        load_jurisdictions(write_data(MINIMAL_CITY + extra))
    assert caught.value.problems[0].message == message
