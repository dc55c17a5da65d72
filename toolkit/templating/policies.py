"""Model policies as data: each policy is a folder holding `policy.yaml` (metadata) and `body.j2`.

See `toolkit.templating.files` for the layout; its translations sit beside them in `locales/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from toolkit.data.models import KINDS, USPS_STATES, Date, Kind, Slug, Strict, Text
from toolkit.data.yamlfile import read_yaml
from toolkit.errors import NotFoundError, Problem, ProblemsError, TemplateError
from toolkit.languages import ENGLISH, LANGUAGES
from toolkit.templating.files import DOCUMENT_TYPES, POLICY_FILE, body_file
from toolkit.templating.sandbox import read_confined

SemVer = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]


class OptionSpec(Strict):
    """A clause a body may switch off (or on): its label for forms and its default."""

    label: Text
    default: bool = True
    kinds: list[Kind] | None = Field(
        default=None,
        description=(
            "The kinds whose draft has this clause, when not every kind's does: a staff report "
            "then lists it only for those."
        ),
    )


class TalkingPoint(Strict):
    """A sentence for the official carrying the policy, with the sources that back it.

    A point written as plain text is accepted (it has no sources yet); the keys under `sources`
    must name entries of `_shared/sources.yaml`, or `validate` fails. A point may also cite
    inline, `{{ cite("key") }}`, for instance in one state's branch.
    """

    text: Text
    sources: list[Slug] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value


class Question(Strict):
    """A hard question the official will be asked, answered in plain words, with its sources."""

    question: Text
    answer: Text
    sources: list[Slug] = Field(default_factory=list)


class StateGate(Strict):
    """How one state's law bears on a policy: a restriction of `_shared/states.yaml`, by name.

    `blocked`: the policy is not drafted there (counsel may still ask for it). `caution`: it is
    drafted, with the restriction on page 1, its text kept within that law by its `law:` entries.
    """

    blocked: Slug | None = None
    caution: Slug | None = None

    @model_validator(mode="after")
    def _one(self) -> StateGate:
        if (self.blocked is None) == (self.caution is None):
            raise ValueError("give either blocked: <restriction> or caution: <restriction>")
        return self


class ChangelogEntry(Strict):
    """One released version of a policy; kept so a later `diff --from VERSION` has its data."""

    version: SemVer
    date: Date
    changes: Text


class PolicyMeta(Strict):
    """The contents of `policy.yaml`."""

    id: Slug
    title: Text
    group: Text | None = Field(
        default=None, description="Campaign it belongs to, for menus: 'ICE OUT', ..."
    )
    max_words: int = Field(
        default=12_000,
        ge=100,
        le=60_000,
        description="Longest a rendered draft may be; a longer one is a template error.",
    )
    type: Literal["resolution", "ordinance"]
    kinds: list[Kind] = Field(min_length=1)
    version: SemVer
    summary: Text
    does: Text | None = Field(
        default=None,
        description=(
            "What this draft does, in one or two sentences for the packet's readers (staff "
            "report, brief, press release, letters). A Jinja text rendered with the draft's own "
            "names (kind, terms, options, state, law), so it speaks of this body's instrument and "
            "the clauses switched on, and of no other kind or state. Without it, the packet "
            "prints the catalogue's summary."
        ),
    )
    changelog: list[ChangelogEntry] = Field(min_length=1)
    options: dict[Slug, OptionSpec] = Field(default_factory=dict)
    talking_points: list[TalkingPoint] = Field(min_length=3, max_length=6)
    questions: list[Question] = Field(
        default_factory=list,
        max_length=6,
        description="Hard questions and their sourced answers, for the brief and the staff report.",
    )
    cover_letters: bool = Field(
        default=False,
        description=(
            "The packet holds a cover letter from the presiding officer to each member of the "
            "congressional delegation and to the appropriations subcommittee leaders."
        ),
    )
    law: dict[str, dict[str, Text]] = Field(
        default_factory=dict,
        description="Citations by USPS state code, plus 'default' for every other state.",
    )
    gate: dict[str, StateGate] = Field(
        default_factory=dict,
        description=(
            "States whose law forbids or restricts this policy, by USPS code: "
            "{TX: {blocked: sanctuary}} or {TX: {caution: sanctuary}} (_shared/states.yaml)."
        ),
    )
    languages: dict[str, Literal["complete", "partial"]] = Field(
        default_factory=dict,
        description=(
            "Translations this policy promises, e.g. {es: complete}: for a complete language, "
            "a missing or stale segment is a validate error; for a partial one, a warning."
        ),
    )

    @field_validator("law")
    @classmethod
    def _states_exist(cls, law: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        """A misspelt state ('Ca') would silently fall back to the default text."""
        unknown = [key for key in law if key != "default" and key not in USPS_STATES]
        if unknown:
            raise ValueError(
                f"unknown state code(s) {', '.join(unknown)}: use USPS codes "
                "such as CA, or 'default'"
            )
        return law

    @field_validator("gate")
    @classmethod
    def _gated_states_exist(cls, gate: dict[str, StateGate]) -> dict[str, StateGate]:
        """A misspelt state would leave the policy ungated where it is unlawful."""
        unknown = [key for key in gate if key not in USPS_STATES]
        if unknown:
            raise ValueError(f"unknown state code(s) {', '.join(unknown)}: use USPS codes")
        return gate

    @field_validator("languages")
    @classmethod
    def _languages_exist(cls, languages: dict[str, str]) -> dict[str, str]:
        """English is the source, not a translation; other codes must be known languages."""
        unknown = [code for code in languages if code == ENGLISH.code or code not in LANGUAGES]
        if unknown:
            known = ", ".join(code for code in LANGUAGES if code != ENGLISH.code)
            raise ValueError(f"unknown translation language(s) {', '.join(unknown)}: use {known}")
        return languages


@dataclass(frozen=True)
class Policy:
    """A loaded policy: its metadata and where its Jinja body lives."""

    meta: PolicyMeta
    folder: Path
    templates: Path
    """The templates folder the policy was loaded from (the Jinja loader's root)."""

    @property
    def id(self) -> str:
        """The policy id, which is also its folder name."""
        return self.meta.id

    @property
    def meta_path(self) -> Path:
        """The policy's `policy.yaml`."""
        return self.folder / POLICY_FILE

    def body_path(self) -> Path:
        """The body's source file: English, with its clauses marked as translatable segments.

        Translations do not copy it: they live in `locales/<lang>.po` beside it, clause by clause.
        """
        return self.folder / body_file()

    def applies_to(self, kind: str) -> bool:
        """Whether this policy has a version for jurisdictions of `kind`."""
        return kind in self.meta.kinds

    def law_for(self, state: str) -> dict[str, str]:
        """Citations for `state`: the state's own entries over the federal-only defaults."""
        return {**self.meta.law.get("default", {}), **self.meta.law.get(state, {})}

    def option_values(self, overrides: dict[str, bool]) -> dict[str, bool]:
        """Defaults with the jurisdiction's and the user's choices applied on top."""
        return {name: overrides.get(name, spec.default) for name, spec in self.meta.options.items()}


def load_policies(templates: Path) -> dict[str, Policy]:
    """Load every policy under `templates`, raising `TemplateError` listing all bad metadata."""
    policies: dict[str, Policy] = {}
    problems: list[Problem] = []
    for meta_path in _policy_files(templates):
        try:
            policy = _load_policy(templates, meta_path)
        except TemplateError as exc:
            problems.extend(exc.problems)
            continue
        if policy.id in policies:
            other = policies[policy.id].meta_path
            message = f"policy id '{policy.id}' is already used by {other}"
            problems.append(Problem(str(meta_path), message, key_line(meta_path, "id")))
            continue
        policies[policy.id] = policy
    if problems:
        raise TemplateError(problems)
    return dict(sorted(policies.items()))


def get_policy(policies: dict[str, Policy], policy_id: str) -> Policy:
    """Look up a policy by id, with the known ids in the error for a typo."""
    try:
        return policies[policy_id]
    except KeyError:
        known = ", ".join(policies) or "none"
        raise NotFoundError(f"unknown policy '{policy_id}' (known: {known})") from None


def _policy_files(templates: Path) -> Iterator[Path]:
    for folder in DOCUMENT_TYPES.values():
        yield from sorted((templates / folder).glob(f"*/{POLICY_FILE}"))


def _load_policy(templates: Path, meta_path: Path) -> Policy:
    file = str(meta_path)
    try:
        raw, _ = read_yaml(read_confined(templates, meta_path), file)
    except ProblemsError as exc:
        raise TemplateError(exc.problems) from None
    if not isinstance(raw, dict):
        raise TemplateError([Problem(file, "expected a mapping of metadata fields", 1)])
    try:
        meta = PolicyMeta.model_validate(raw)
    except ValidationError as exc:
        raise TemplateError(list(_meta_problems(file, meta_path, exc))) from None
    folder = meta_path.parent
    problems = _consistency_problems(file, meta_path, meta, folder)
    if problems:
        raise TemplateError(problems)
    return Policy(meta=meta, folder=folder, templates=templates)


def _consistency_problems(
    file: str, meta_path: Path, meta: PolicyMeta, folder: Path
) -> list[Problem]:
    problems: list[Problem] = []
    if meta.id != folder.name:
        problems.append(
            Problem(
                file,
                f"id '{meta.id}' must match its folder name '{folder.name}'",
                key_line(meta_path, "id"),
            )
        )
    if DOCUMENT_TYPES[meta.type] != folder.parent.name:
        problems.append(
            Problem(
                file,
                f"a {meta.type} belongs under templates/{DOCUMENT_TYPES[meta.type]}/",
                key_line(meta_path, "type"),
            )
        )
    if meta.changelog[0].version != meta.version:
        problems.append(
            Problem(
                file,
                f"the first changelog entry must describe version {meta.version}",
                key_line(meta_path, "changelog"),
            )
        )
    if not (folder / body_file()).is_file():
        problems.append(Problem(file, f"{body_file()} is missing beside {POLICY_FILE}"))
    return problems


def _meta_problems(file: str, meta_path: Path, exc: ValidationError) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in error["loc"])
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            allowed = ", ".join(PolicyMeta.model_fields)
            message = f"unknown key (allowed: {allowed})"
        elif error["loc"] and error["loc"][-1] == "version":
            message = "expected a semantic version such as 1.0.0"
        elif error["type"] == "literal_error" and error["loc"][0] == "kinds":
            message = f"unknown kind; expected one of: {', '.join(KINDS)}"
        elif error["type"] == "literal_error" and error["loc"][0] == "type":
            message = f"unknown document type; expected one of: {', '.join(DOCUMENT_TYPES)}"
        top = str(error["loc"][0]) if error["loc"] else ""
        yield Problem(f"{file}", message, key_line(meta_path, top), field=loc or None)


def key_line(meta_path: Path, key: str, indent: int = 0) -> int | None:
    """Line of `key:` at `indent` spaces in a YAML file, so metadata errors read as file:line."""
    prefix = " " * indent + f"{key}:"
    for number, line in enumerate(meta_path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(prefix):
            return number
    return None
