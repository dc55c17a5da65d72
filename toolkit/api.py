"""The library API that writes files: generate, validate and list, over the in-memory pipeline.

The CLI calls these; a web app calls the in-memory pieces (`toolkit.pipeline`) directly. Nothing
here prints or exits, and no message names a command-line flag: failures are `PolicykitError`s
carrying what a user needs, and the CLI adds its own hints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from toolkit.data.entries import with_overrides
from toolkit.data.loading import LoadResult, read_jurisdictions
from toolkit.data.models import JurisdictionBase
from toolkit.errors import PolicykitError, Problem, ProblemsError, UsageError
from toolkit.i18n.report import Coverage, book, coverage
from toolkit.languages import ENGLISH, get_language
from toolkit.output.journal import OutputRecord, adopt, read_journal, write_outputs
from toolkit.output.paths import output_path
from toolkit.packet.bundle import (
    packet_key_format,
    packet_relpath,
    packet_zip,
    render_packet,
    requested_parts,
)
from toolkit.packet.claims import layout_claim_problems
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.lint import lint_catalogue, lint_translations, spelling_warnings
from toolkit.templating.policies import Policy
from toolkit.templating.sources import policy_source_hash
from toolkit.writers import check_formats, to_bytes

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


def load_catalogue(templates: Path | None = None) -> Catalogue:
    """The policies of a templates folder (default: `./templates`, else the bundled ones)."""
    return Catalogue.load(templates or default_templates())


def load_data(data: Path | None = None) -> LoadResult:
    """Every valid jurisdiction in a YAML or CSV file, and the problems of the invalid ones."""
    return read_jurisdictions(data or default_data())


class ExistingFileError(PolicykitError):
    """A file to be written exists and was not made from these inputs (perhaps a clerk's edit)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} already exists and differs from what these inputs make (edited by hand, "
            "or made with other settings); nothing was written"
        )


@dataclass(frozen=True)
class GenerateResult:
    """What generate did, and what the user must see."""

    written: list[Path]
    up_to_date: list[Path]
    """Files already there, made from the same inputs: left as they are."""
    warnings: list[str]
    blanks: list[str]
    """Placeholders in the draft that the clerk still has to fill in."""


def generate(
    policy_id: str,
    jurisdiction_id: str,
    *,
    data: Path | None = None,
    templates: Path | None = None,
    out_dir: Path = Path("out"),
    formats: Sequence[str] = ("docx", "pdf"),
    options: Mapping[str, bool] | None = None,
    overrides: Mapping[str, str] | None = None,
    language: str = ENGLISH.code,
    brief: bool = False,
    force: bool = False,
    fallback_english: bool = False,
    bilingual: str | None = None,
    parts: Sequence[str] = (),
    recipient: str | None = None,
    packet: bool = False,
    counsel_override: bool = False,
    footer: bool = True,
) -> GenerateResult:
    """Write one tailored draft (and with `brief`, its messaging brief) under `out_dir/<id>/`.

    `parts` writes those parts of the aide's packet instead of the draft (a cover letter to
    `recipient`, or to every recipient); `packet` writes the whole packet, draft included, as one
    zip (`<id>_<policy>_packet.zip`), rendered in full before anything is written.

    The same layout and journal as a batch: a file already made from the same inputs is left
    alone, so adding the brief later never touches the draft; any other existing file is only
    replaced with `force`, and then nothing is written unless everything can be.

    In another language, a missing or stale translation is an error unless `fallback_english`
    (then its English shows, marked). `bilingual` (a language code) writes English beside that
    language instead, as `<id>_<policy>.en-<code>.<ext>`.

    A policy the jurisdiction's state forbids (its `gate:`) is refused with a one-line reason,
    unless `counsel_override`: the draft then says on page 1 that counsel asked for it despite the
    statute. `footer=False` leaves the provenance line off the pages (not off the properties).
    """
    chosen_formats = check_formats(formats)
    get_language(language)
    if bilingual is not None:
        if language != ENGLISH.code:
            raise UsageError("a bilingual document pairs English with one other language")
        language = get_language(bilingual).code
    catalogue = load_catalogue(templates)
    policy = catalogue.policy(policy_id)
    loaded = load_data(data)
    jurisdiction = with_overrides(loaded.pick(jurisdiction_id), overrides or {})
    warnings = [
        f"ignored another entry of the data file: {problem}"
        for problem in loaded.problems_elsewhere(jurisdiction_id)
    ]
    base = DocumentRequest(
        policy.id,
        jurisdiction,
        dict(options or {}),
        language,
        fallback_english=fallback_english,
        bilingual=bilingual is not None,
        counsel_override=counsel_override,
        footer=footer,
    )
    source_hash = policy_source_hash(catalogue, policy)
    outputs: list[tuple[str, str, str, Callable[[], bytes]]] = []
    if packet:
        rendered = render_packet(catalogue, base)
        requests = [request for request, _ in rendered]
        documents = [document for _, document in rendered]
        key = base.key(source_hash, packet_key_format(chosen_formats))
        outputs.append(
            (packet_relpath(base), key, "zip", partial(packet_zip, rendered, chosen_formats))
        )
    else:
        requests = requested_parts(catalogue, base, parts, recipient=recipient, brief=brief)
        documents = [render(catalogue, request) for request in requests]
        for request, document in zip(requests, documents, strict=True):
            for fmt in chosen_formats:
                relative, key = request.relpath(fmt), request.key(source_hash, fmt)
                outputs.append((relative, key, fmt, partial(to_bytes, document, fmt)))
    journal = read_journal(out_dir)
    planned: list[tuple[Callable[[], bytes], OutputRecord, Path]] = []
    up_to_date: list[Path] = []
    warnings.extend(journal.warnings)
    for relative, key, fmt, make in outputs:
        path = output_path(out_dir, *relative.split("/"))
        state = journal.classify(out_dir, relative, key)
        record = OutputRecord(
            jurisdiction.id, policy.id, policy.meta.version, fmt, relative, key=key
        )
        if state == "unrecorded" and not force:  # a lost journal: identical bytes are ours
            state = "up-to-date" if adopt(out_dir, record, make()) else "edited"
        if state == "up-to-date" and not force:
            up_to_date.append(path)
        elif state in ("stale", "edited") and not force:
            raise ExistingFileError(path)
        else:
            planned.append((make, record, path))
    payloads = [make() for make, _, _ in planned]
    write_outputs(
        out_dir,
        [
            (record.with_payload(payload), payload, path)
            for (_, record, path), payload in zip(planned, payloads, strict=True)
        ],
    )
    warnings.extend(_document_warnings(catalogue, jurisdiction, policy, counsel_override))
    for request, document in zip(requests, documents, strict=True):
        name = Path(request.relpath(chosen_formats[0])).stem
        warnings.extend(catalogue.translation_messages(document, name))
    return GenerateResult(
        written=[path for _, _, path in planned],
        up_to_date=up_to_date,
        warnings=warnings,
        blanks=documents[0].blanks(),
    )


def _document_warnings(
    catalogue: Catalogue, jurisdiction: JurisdictionBase, policy: Policy, counsel_override: bool
) -> Iterator[str]:
    """The policy's legal-review warning in the jurisdiction's state (its `gate:`).

    `Catalogue.translation_messages` adds the translation's.
    """
    warning = catalogue.legal_warning(jurisdiction, policy, counsel_override=counsel_override)
    if warning:
        yield warning


@dataclass
class ValidationReport:
    """Every problem found, plus the placeholders each jurisdiction's drafts still contain."""

    problems: list[Problem] = field(default_factory=list)
    placeholders: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Per jurisdiction, per policy: the visible blanks the clerk still has to fill in."""
    documents_checked: int = 0
    warnings: list[Problem] = field(default_factory=list)
    """Worth knowing, not wrong: translations not yet reviewed, or promised only in part."""
    translations: list[Coverage] = field(default_factory=list)
    """How far each language has come, per policy and shared folder."""


def validate(
    *,
    data: Path | None = None,
    templates: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Check the data and render every policy for every jurisdiction it applies to.

    `on_progress(done, total)` is called after each jurisdiction: a file of thousands of
    entries takes minutes.
    """
    report = ValidationReport()
    data_path = data or default_data()
    loaded = read_jurisdictions(data_path)
    report.problems.extend(loaded.problems)
    try:
        catalogue = load_catalogue(templates)
    except ProblemsError as exc:
        report.problems.extend(exc.problems)
        return report
    linted = lint_catalogue(catalogue)
    for problems in linted.values():
        report.problems.extend(problems)
    report.problems.extend(layout_claim_problems(catalogue.templates, catalogue.renderer().env))
    report.warnings.extend(spelling_warnings(catalogue))
    translated = lint_translations(catalogue)
    report.problems.extend(translated.errors)
    report.warnings.extend(translated.warnings)
    report.translations = coverage(book(catalogue))
    for done, jurisdiction in enumerate(loaded.jurisdictions, start=1):
        report.problems.extend(_reference_problems(str(data_path), jurisdiction, catalogue))
        blanks: dict[str, list[str]] = {}
        for policy in catalogue.policies.values():
            if linted[policy.id] or not policy.applies_to(jurisdiction.kind):
                continue  # a broken template is reported once, by the linter, not per entry
            if catalogue.blocked(policy, jurisdiction):
                continue  # not drafted where the state's law forbids it (policy.yaml `gate:`)
            try:
                document = render(catalogue, DocumentRequest(policy.id, jurisdiction))
            except ProblemsError as exc:
                report.problems.extend(exc.problems)
                continue
            except UsageError as exc:
                report.problems.append(Problem(str(data_path), str(exc), entry=jurisdiction.id))
                continue
            report.documents_checked += 1
            if document.blanks():
                blanks[policy.id] = document.blanks()
        report.placeholders[jurisdiction.id] = blanks
        if on_progress is not None:
            on_progress(done, len(loaded.jurisdictions))
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


def list_catalogue(
    *, data: Path | None = None, templates: Path | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Policies and jurisdictions as plain data, for `list --json` and a web form's menus."""
    catalogue = load_catalogue(templates)
    policies = [
        {
            "id": p.id,
            "title": p.meta.title,
            "group": p.meta.group,
            "summary": p.meta.summary,
            "type": p.meta.type,
            "kinds": list(p.meta.kinds),
            "version": p.meta.version,
            "options": {
                k: {"label": o.label, "default": o.default} for k, o in p.meta.options.items()
            },
        }
        for p in catalogue.policies.values()
    ]
    jurisdictions = [
        {"id": j.id, "kind": j.kind, "name": j.name, "state": j.state}
        for j in load_data(data).jurisdictions
    ]
    return {"policies": policies, "jurisdictions": jurisdictions}
