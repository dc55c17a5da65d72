"""Loading jurisdictions: the seven-field minimum, defaults by kind, and every error at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.data.loading import load_jurisdictions, read_jurisdictions
from toolkit.data.models import City, SchoolBoard
from toolkit.errors import DataError

from conftest import EXAMPLE_DATA, MINIMAL_CITY


def test_bundled_examples_cover_every_kind_and_several_states() -> None:
    jurisdictions = load_jurisdictions(EXAMPLE_DATA)
    assert len(jurisdictions) >= 8
    assert {j.kind for j in jurisdictions} == {"city", "county", "city_county", "school_board"}  # type: ignore[attr-defined]
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
    assert second.kind == "county"  # type: ignore[attr-defined]


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


def test_control_characters_are_refused(write_data: Callable[[str], Path]) -> None:
    text = MINIMAL_CITY.replace("body: City Council", 'body: "City\\x01Council"')
    with pytest.raises(DataError, match=r"field 'body': control characters are not allowed"):
        load_jurisdictions(write_data(text))
