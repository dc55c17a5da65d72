"""The library API: what the CLI calls, and what a web form or a batch worker would call too.

Nothing here prints or exits; failures are `PolicykitError`s carrying what a user needs to fix them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from toolkit.catalogue import Catalogue
from toolkit.data import (
    LIST_FIELDS,
    friendly_message,
    load_jurisdictions,
    read_jurisdictions,
    set_dotted,
)
from toolkit.document import Document
from toolkit.errors import NotFoundError, PolicykitError, Problem, ProblemsError, UsageError
from toolkit.lint import lint_catalogue
from toolkit.models import MODEL_BY_KIND, JurisdictionBase
from toolkit.output import output_path, write_atomic
from toolkit.writers import FORMATS, writer_for

BUNDLED = Path(__file__).resolve().parent / "bundled"
"""Links to the repository's templates and example data, packaged into the wheel as real files."""


def default_templates() -> Path:
    """`./templates` when the current folder has one, else the templates shipped with the tool."""
    local = Path("templates")
    return local if local.is_dir() else BUNDLED / "templates"


def default_data() -> Path:
    """`./jurisdictions.yaml` when present, else the bundled example jurisdictions."""
    local = Path("jurisdictions.yaml")
    return local if local.is_file() else BUNDLED / "jurisdictions.yaml"


@dataclass(frozen=True)
class GenerateResult:
    """Files written, and warnings the user must see (legal review in hostile states)."""

    paths: list[Path]
    warnings: list[str]


@dataclass
class ValidationReport:
    """Every problem found, plus the placeholders each jurisdiction's drafts still contain."""

    problems: list[Problem] = field(default_factory=list)
    placeholders: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Per jurisdiction, per policy: the visible blanks the clerk still has to fill in."""
    documents_checked: int = 0


def find_jurisdiction(jurisdictions: Sequence[JurisdictionBase], jid: str) -> JurisdictionBase:
    """The jurisdiction with id `jid`, or an error listing a few known ids."""
    for jurisdiction in jurisdictions:
        if jurisdiction.id == jid:
            return jurisdiction
    known = ", ".join(j.id for j in jurisdictions[:8]) + (", ..." if len(jurisdictions) > 8 else "")
    raise NotFoundError(f"unknown jurisdiction '{jid}' (known: {known or 'none'})")


def apply_overrides(
    jurisdiction: JurisdictionBase, overrides: Mapping[str, str]
) -> JurisdictionBase:
    """Apply `--set field.path=value` pairs and validate the result like a file entry."""
    if not overrides:
        return jurisdiction
    data: dict[str, Any] = jurisdiction.model_dump(mode="json")
    if "kind" in overrides:
        raise UsageError("--set kind: a jurisdiction's kind cannot be changed for one run")
    kind = data["kind"]
    for dotted in overrides:
        field = dotted.split(".")[0]
        owners = [k for k, model in MODEL_BY_KIND.items() if field in model.model_fields]
        if owners and kind not in owners:
            raise UsageError(
                f"--set {dotted}: '{field}' is not a field of a {kind} "
                f"(it exists for: {', '.join(owners)})"
            )
        if field in LIST_FIELDS:
            raise UsageError(
                f"--set {dotted}: list fields cannot be set with --set; "
                "edit the jurisdictions file instead"
            )
    for dotted, value in overrides.items():
        try:
            set_dotted(data, dotted, value)
        except ValueError as exc:
            raise UsageError(f"--set {dotted}: {exc}") from None
    model = MODEL_BY_KIND[data["kind"]]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        raise UsageError(f"--set {where}: {friendly_message(error)}") from None


def legal_warning(catalogue: Catalogue, jurisdiction: JurisdictionBase) -> str:
    """The state's legal-review warning for this jurisdiction, or '' where there is none."""
    states = catalogue.renderer.shared.states
    return str(states.get(jurisdiction.state, {}).get("warning", "") or "")


def write_documents(
    documents: Mapping[str, Document], out_dir: Path, formats: Sequence[str], *, force: bool
) -> list[Path]:
    """Write `<name>.<format>` for each document and format, all or nothing.

    Everything is rendered in memory first, and an existing file (perhaps edited by a clerk) is
    only replaced with `force`, so a failure or a refusal leaves the folder as it was.
    """
    planned = [
        (output_path(out_dir, f"{name}.{fmt}"), document, fmt)
        for name, document in documents.items()
        for fmt in formats
    ]
    existing = [path for path, _, _ in planned if path.exists()]
    if existing and not force:
        raise PolicykitError(
            f"{existing[0]} already exists; pass --force to replace it (nothing was written)"
        )
    payloads = [(path, writer_for(fmt)(document)) for path, document, fmt in planned]
    for path, payload in payloads:
        write_atomic(path, payload)
    return [path for path, _ in payloads]


def check_formats(formats: Sequence[str]) -> list[str]:
    """Validate and de-duplicate requested formats, keeping the user's order."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'; expected one of: {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def generate(
    policy_id: str,
    jurisdiction_id: str,
    *,
    data: Path,
    templates: Path,
    out_dir: Path,
    formats: Sequence[str] = ("docx", "pdf"),
    options: Mapping[str, bool] | None = None,
    overrides: Mapping[str, str] | None = None,
    brief: bool = False,
    force: bool = False,
) -> GenerateResult:
    """Generate one tailored document as `<jurisdiction>_<policy>.<ext>` in `out_dir`.

    With `brief`, also the one-page messaging brief `<jurisdiction>_<policy>_brief.<ext>`.
    """
    chosen_formats = check_formats(formats)
    catalogue = Catalogue.load(templates)
    policy = catalogue.policy(policy_id)
    jurisdiction = find_jurisdiction(load_jurisdictions(data), jurisdiction_id)
    jurisdiction = apply_overrides(jurisdiction, overrides or {})
    stem = f"{jurisdiction.id}_{policy.id}"
    documents = {stem: catalogue.render(policy, jurisdiction, options)}
    if brief:
        documents[f"{stem}_brief"] = catalogue.render_brief(policy, jurisdiction, options)
    paths = write_documents(documents, out_dir, chosen_formats, force=force)
    warning = legal_warning(catalogue, jurisdiction)
    return GenerateResult(paths=paths, warnings=[warning] if warning else [])


def validate(*, data: Path, templates: Path) -> ValidationReport:
    """Check the data and render every policy for every jurisdiction it applies to."""
    report = ValidationReport()
    loaded = read_jurisdictions(data)
    report.problems.extend(loaded.problems)
    try:
        catalogue = Catalogue.load(templates)
    except ProblemsError as exc:
        report.problems.extend(exc.problems)
        return report
    linted = lint_catalogue(catalogue)
    for problems in linted.values():
        report.problems.extend(problems)
    for jurisdiction in loaded.jurisdictions:
        report.problems.extend(_reference_problems(str(data), jurisdiction, catalogue))
        blanks: dict[str, list[str]] = {}
        for policy in catalogue.policies.values():
            if linted[policy.id] or not policy.applies_to(jurisdiction.kind):  # type: ignore[attr-defined]
                continue  # a broken template is reported once, by the linter, not per entry
            try:
                document = catalogue.render(policy, jurisdiction)
            except ProblemsError as exc:
                report.problems.extend(exc.problems)
                continue
            except UsageError as exc:
                report.problems.append(Problem(str(data), str(exc), entry=jurisdiction.id))
                continue
            report.documents_checked += 1
            found = [
                run.text.strip("[]") for block in document.blocks for run in block.runs if run.blank
            ]
            if found:
                blanks[policy.id] = list(dict.fromkeys(found))
        report.placeholders[jurisdiction.id] = blanks
    return report


def _reference_problems(
    file: str, jurisdiction: JurisdictionBase, catalogue: Catalogue
) -> Iterator[Problem]:
    """Policy ids an entry's `numbers` and `options` refer to must exist: a typo is ignored.

    Option names are checked when each applicable policy renders for the entry.
    """
    policies = catalogue.policies
    for field_name, mapping in (
        ("numbers", jurisdiction.numbers),
        ("options", jurisdiction.options),
    ):
        for policy_id in mapping:
            if policy_id not in policies:
                message = f"no policy '{policy_id}' (policies: {', '.join(policies)})"
                yield Problem(
                    file, message, entry=jurisdiction.id, field=f"{field_name}.{policy_id}"
                )


def list_catalogue(*, data: Path, templates: Path) -> dict[str, list[dict[str, Any]]]:
    """Policies and jurisdictions as plain data, for `list --json` and a web form's menus."""
    catalogue = Catalogue.load(templates)
    policies = [
        {
            "id": p.id,
            "type": p.meta.type,
            "kinds": list(p.meta.kinds),
            "version": p.meta.version,
            "title": p.meta.title,
            "options": {
                k: {"label": o.label, "default": o.default} for k, o in p.meta.options.items()
            },
        }
        for p in catalogue.policies.values()
    ]
    jurisdictions = [
        {"id": j.id, "kind": j.kind, "name": j.name, "state": j.state}  # type: ignore[attr-defined]
        for j in load_jurisdictions(data)
    ]
    return {"policies": policies, "jurisdictions": jurisdictions}
