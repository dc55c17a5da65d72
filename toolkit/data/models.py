"""Pydantic models of the jurisdictions that adopt our policies.

A staffer can add a jurisdiction with seven fields (id, kind, name, state, body, presiding_officer,
clerk); everything else is optional with defaults chosen by kind. `extra="forbid"` everywhere so a
misspelt key is an error instead of a silently ignored value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from toolkit.charset import invisible_only, unsafe_character
from toolkit.languages import ENGLISH, LANGUAGES

USPS_STATES = frozenset(
    (
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
        "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI"
    ).split()
)

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))]
)


def _not_reserved(value: str) -> str:
    if value in WINDOWS_RESERVED:
        raise ValueError(f"'{value}' is a reserved file name on Windows; choose another id")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80),
    AfterValidator(_not_reserved),
]
"""Ids become file names, so they are restricted to what is safe in every file system."""


def _printable(value: str) -> str:
    problem = unsafe_character(value)
    if problem:
        raise ValueError(problem)
    if invisible_only(value):
        raise ValueError("must contain visible text, not only spaces or zero-width characters")
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_printable),
]
"""Free text from user files: never empty or invisible, and without characters Word cannot store,
terminal controls or text-direction overrides (see `toolkit.charset`)."""


def _usps_code(value: str) -> str:
    code = value.strip().upper()
    if code not in USPS_STATES:
        raise ValueError(f"expected a two-letter USPS state code such as CA, got {value!r}")
    return code


StateCode = Annotated[str, AfterValidator(_usps_code)]


def _number_as_text(value: object) -> object:
    """`numbers: {ice-out: 41}` means the text '41', not an error."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def _parse_date(value: object) -> object:
    """Dates as people type them: 2026-12-09, or the US spreadsheet form 12/09/2026.

    A bad date repeats what was typed and says which part is wrong, because "invalid date" alone
    leaves a clerk guessing between the month and the day.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = value.strip()
    iso, us = _ISO_DATE.fullmatch(text), _US_DATE.fullmatch(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif us:
        month, day, year = (int(part) for part in us.groups())
    else:
        raise ValueError(f"expected a date written YYYY-MM-DD or MM/DD/YYYY, got {value!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r}: the month must be 1 to 12, not {month}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r}: {_MONTH_NAMES[month - 1]} {year} has no day {day}") from None


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
"""A calendar date from user input; see `_parse_date` for the forms accepted."""


def _flatten_translations(value: object) -> object:
    """`{es: {clerk: {title: X}}}`, as a CSV column makes it, means `{es: {clerk.title: X}}`."""
    if not isinstance(value, dict):
        return value
    flat: dict[object, object] = {}
    for code, fields in value.items():
        if not isinstance(fields, dict):
            flat[code] = fields
            continue
        flat[code] = dict(_dotted(fields, ""))
    return flat


def _dotted(fields: dict[object, object], prefix: str) -> Iterator[tuple[str, object]]:
    for key, item in fields.items():
        if isinstance(item, dict):
            yield from _dotted(item, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", item


def _short_number(value: object) -> object:
    """A 5,000-digit 'year' is refused before Python's own long-integer message can show."""
    if isinstance(value, str) and len(value.strip()) > 6:
        raise ValueError(f"expected a four-digit year, got {value[:12]!r}...")
    return value


class Strict(BaseModel):
    """Base for every model read from user files: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Officer(Strict):
    """A named office holder who signs, attests or approves the document."""

    title: Text
    name: Text


class LocalFact(Strict):
    """A local figure that becomes a recital; source and year keep the draft checkable."""

    text: Text
    source: Text
    year: Annotated[int, BeforeValidator(_short_number)] = Field(ge=1900, le=2100)


class PageSetup(Strict):
    """Page geometry; US Letter with 1-inch margins unless a jurisdiction's rules differ."""

    margin_in: float = Field(default=1.0, ge=0.5, le=2.0)


Kind = Literal["city", "county", "city_county", "school_board"]
"""Every kind of jurisdiction; each has a model below and `MODEL_BY_KIND` maps one to the other."""
KINDS: tuple[str, ...] = get_args(Kind)


class JurisdictionBase(Strict):
    """Fields every kind of jurisdiction shares; each kind's model narrows `kind` to itself."""

    id: Slug
    kind: Kind
    name: Text
    state: StateCode
    body: Text
    presiding_officer: Officer
    clerk: Officer
    short_name: Text | None = Field(
        default=None, description="Name used in running text, e.g. 'San José'; defaults to name."
    )
    name_with_the: bool = Field(
        default=True,
        description=(
            "Whether 'the' goes before the name: 'the City of Riverbend', but 'King County' "
            "(false), so a title reads 'OF KING COUNTY'."
        ),
    )
    resolution_instrument: Literal["resolution", "motion"] | None = Field(
        default=None,
        description=(
            "What the body calls the instrument by which it states a position, where this is not "
            "a resolution: 'motion' for a council that acts by motion (King County)."
        ),
    )
    ordinance_instrument: Literal["ordinance", "local law"] | None = Field(
        default=None,
        description=(
            "What the body calls the instrument by which it makes law, where this differs from "
            "its state's usual name (a New York city's 'local law')."
        ),
    )
    enacting_clause: Text | None = Field(
        default=None,
        description=(
            "The enacting clause the charter prescribes, word for word, e.g. 'BE IT ORDAINED BY "
            "THE COUNCIL OF KING COUNTY:'; otherwise the state's usual form, or a blank."
        ),
    )
    counsel: Officer | None = Field(
        default=None, description="City attorney or county counsel: adds 'approved as to form'."
    )
    adoption_date: Date | None = Field(
        default=None, description="Meeting date; left as a visible blank for the clerk if absent."
    )
    numbers: dict[Slug, Annotated[Text, BeforeValidator(_number_as_text)]] = Field(
        default_factory=dict, description="Document number per policy id, e.g. {ice-out: 2026-41}."
    )
    congressional_delegation: list[Text] = Field(
        default_factory=list, description="Members of Congress who receive the transmittal."
    )
    languages: list[Text] = Field(
        default_factory=lambda: ["English"],
        description="Languages of the community, for outreach and know-your-rights clauses.",
    )
    local_facts: list[LocalFact] = Field(
        default_factory=list, description="Local figures that become extra recitals."
    )
    extra_recitals: list[Text] = Field(
        default_factory=list, description="Further WHEREAS clauses, in the body's own words."
    )
    options: dict[Slug, dict[Slug, bool]] = Field(
        default_factory=dict, description="Per policy id, option switches that override defaults."
    )
    strong_executive: bool = Field(
        default=False, description="A mayor or executive who may act by executive order."
    )
    executive: Officer | None = Field(
        default=None, description="The executive who signs executive orders, e.g. the Mayor."
    )
    page: PageSetup = Field(default_factory=PageSetup)
    translations: Annotated[
        dict[str, dict[str, Text | list[Text]]], BeforeValidator(_flatten_translations)
    ] = Field(
        default_factory=dict,
        description=(
            "Names and texts in another language, by language code, e.g. {es: {body: Concejo "
            "Municipal, presiding_officer.title: Alcaldesa, local_facts: [...]}}; a name without "
            "one is kept as written, as a proper name."
        ),
    )

    @field_validator("translations")
    @classmethod
    def _translatable(
        cls, translations: dict[str, dict[str, str | list[str]]]
    ) -> dict[str, dict[str, str | list[str]]]:
        """Known languages and fields only: a misspelt field would silently stay in English."""
        for code, fields in translations.items():
            if code not in LANGUAGES or code == ENGLISH.code:
                known = ", ".join(c for c in LANGUAGES if c != ENGLISH.code)
                raise ValueError(f"unknown language '{code}'; expected one of: {known}")
            for name, value in fields.items():
                wants_list = name in TRANSLATABLE_LISTS
                if name not in TRANSLATABLE_NAMES and not wants_list and not _TERM.match(name):
                    allowed = ", ".join((*TRANSLATABLE_NAMES, *TRANSLATABLE_LISTS, "terms.<word>"))
                    raise ValueError(
                        f"{code}: '{name}' cannot be translated here (allowed: {allowed})"
                    )
                if wants_list != isinstance(value, list):
                    shape = "a list" if wants_list else "one text"
                    raise ValueError(f"{code}: '{name}' takes {shape}")
        return translations

    @model_validator(mode="after")
    def _one_translation_per_item(self) -> JurisdictionBase:
        """A translated list of local facts or recitals matches the English one item for item."""
        for code, fields in self.translations.items():
            for name, english in (
                ("local_facts", self.local_facts),
                ("extra_recitals", self.extra_recitals),
            ):
                given = fields.get(name)
                if isinstance(given, list) and len(given) != len(english):
                    raise ValueError(
                        f"translations.{code}.{name} has {len(given)} item(s) for the "
                        f"{len(english)} of {name}: translate each, in the same order"
                    )
        return self


TRANSLATABLE_NAMES = (
    "name",
    "short_name",
    "body",
    "presiding_officer.title",
    "clerk.title",
    "counsel.title",
    "executive.title",
    "superintendent.title",
    "police_department",
    "law_enforcement",
    "sheriff",
    "campus_police",
    "county",
    "enacting_clause",
)
"""Names of the jurisdiction, its body, offices and agencies: kept as written if untranslated."""
TRANSLATABLE_LISTS = ("congressional_delegation", "languages", "local_facts", "extra_recitals")
"""Lists translated item for item; local facts give their `text` only (sources stay as cited)."""
_TERM = re.compile(r"^terms\.[A-Za-z_]+$")


class City(JurisdictionBase):
    """A general-law or charter city, town or village."""

    kind: Literal["city"]
    municipality: Literal["city", "town", "village"] | None = Field(
        default=None,
        description="A town or a village reads as one: 'the Town', 'Village property'.",
    )
    police_department: Text | None = Field(
        default=None, description="e.g. 'Riverbend Police Department'."
    )
    law_enforcement: Text | None = Field(
        default=None,
        description=(
            "For a city without a police department of its own: the agency that polices it "
            "under contract, e.g. 'Sierra Alta County Sheriff's Office'."
        ),
    )


class County(JurisdictionBase):
    """A county; law enforcement is the sheriff, who also runs the jail."""

    kind: Literal["county"]
    sheriff: Text | None = Field(
        default=None, description="e.g. 'Sierra Alta County Sheriff's Office'."
    )


class CityCounty(JurisdictionBase):
    """A consolidated city and county (San Francisco, Denver): both a city and a county."""

    kind: Literal["city_county"]
    police_department: Text | None = Field(default=None, description="The city police.")
    sheriff: Text | None = Field(default=None, description="The sheriff, who runs the jail.")


class SchoolBoard(JurisdictionBase):
    """The governing board of a school district: its people are students, families and staff."""

    kind: Literal["school_board"]
    superintendent: Officer | None = Field(default=None, description="The district's chief.")
    campus_police: Text | None = Field(
        default=None, description="District police or school safety department, if any."
    )
    county: Text | None = Field(default=None, description="County the district sits in.")


MODEL_BY_KIND: dict[str, type[JurisdictionBase]] = {
    get_args(model.model_fields["kind"].annotation)[0]: model
    for model in (City, County, CityCounty, SchoolBoard)
}
assert tuple(MODEL_BY_KIND) == KINDS, "every kind needs exactly one model, in the same order"
