"""Campaign batch export: every chosen policy for every matching jurisdiction, fast and resumable.

- The same pipeline as `generate`: one `DocumentRequest` per document, the same file names, the
  same journal, so a draft made by either is never made twice.
- Bad rows never sink the batch: invalid entries and render errors become `failed` records.
- Crash-safe: each file is journalled, then written atomically, so a killed batch leaves no
  partial file and a re-run only does what is missing.
- Up-to-date outputs are skipped without rendering: each file is keyed by a hash of the policy's
  sources, the jurisdiction's data, the language, the format and the tool version.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.batch.manifest import write_manifests, write_zip
from toolkit.batch.pool import run_pooled
from toolkit.batch.where import parse_where
from toolkit.data.loading import read_jurisdictions
from toolkit.data.models import JurisdictionBase
from toolkit.errors import PolicykitError, Problem
from toolkit.languages import ENGLISH, get_language
from toolkit.output.atomic import ensure_folder
from toolkit.output.journal import (
    Journal,
    OutputRecord,
    adopt,
    file_sha256,
    read_journal,
    write_outputs,
)
from toolkit.output.paths import output_path
from toolkit.packet.bundle import packet_key_format, packet_relpath, packet_zip, render_packet
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.policies import Policy
from toolkit.templating.sources import policy_source_hash
from toolkit.writers import check_formats, to_bytes

ProgressCallback = Callable[[int, int], None]
"""Called with (documents done, documents to do) as the work goes on."""


@dataclass(frozen=True)
class Task:
    """One document, in the formats whose outputs are missing or stale."""

    request: DocumentRequest
    policy_version: str
    keys: dict[str, str]
    """Format -> the key its output will be recorded under."""
    out_dir: Path
    packet: tuple[str, ...] = ()
    """For a packet: the formats inside its zip (its one output is the format "zip")."""
    unrecorded: frozenset[str] = frozenset()
    """Formats whose file is there without a journal record: kept unless the render matches."""


@dataclass
class BatchReport:
    """Everything the batch did, in a stable order; the manifests are written from it."""

    records: list[OutputRecord]
    interrupted: bool = False
    warnings: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many records have `status` (done, up-to-date, not-applicable, kept, failed)."""
        return sum(1 for record in self.records if record.status == status)

    @property
    def failures(self) -> list[OutputRecord]:
        """Failed records, one per distinct problem (not one per format of the same document)."""
        seen: dict[tuple[str, str, str], OutputRecord] = {}
        for record in self.records:
            if record.status == "failed":
                seen.setdefault((record.jurisdiction, record.policy, record.error), record)
        return list(seen.values())


def run_batch(
    policy_ids: Sequence[str],
    *,
    data: Path,
    templates: Path,
    out_dir: Path,
    formats: Sequence[str],
    languages: Sequence[str] = (ENGLISH.code,),
    where: Sequence[tuple[str, str]] = (),
    jobs: int | None = None,
    make_zip: bool = False,
    force: bool = False,
    on_progress: ProgressCallback | None = None,
    packet: bool = False,
    footer: bool = True,
) -> BatchReport:
    """Generate `policy_ids` for every matching jurisdiction into `out_dir/<jurisdiction>/`.

    With `packet`, each policy's whole packet (draft, staff report, brief, letters...) is one zip
    per jurisdiction, `<id>_<policy>_packet.zip`, holding every part in `formats`.

    A policy the jurisdiction's state forbids (its `gate:`) is not applicable there, with the
    statute as the reason. `footer=False` leaves the provenance line off the pages.
    """
    chosen_formats = check_formats(formats)
    chosen_languages = [get_language(code).code for code in dict.fromkeys(languages)]
    catalogue = Catalogue.load(templates)
    policies = [catalogue.policy(pid) for pid in dict.fromkeys(policy_ids)]
    matches = parse_where(where)
    loaded = read_jurisdictions(data)
    ensure_folder(out_dir)
    _remove_stale_temporaries(out_dir)
    journal = read_journal(out_dir)
    records: list[OutputRecord] = [_invalid_record(problem) for problem in loaded.problems]
    tasks: list[Task] = []
    chosen = [j for j in loaded.jurisdictions if matches(j)]
    hashes = {p.id: policy_source_hash(catalogue, p) for p in policies}
    for jurisdiction in chosen:
        for policy in policies:
            for language in chosen_languages:
                request = DocumentRequest(policy.id, jurisdiction, language=language, footer=footer)
                inner = tuple(chosen_formats) if packet else ()
                refusal = catalogue.blocked(policy, jurisdiction)
                if refusal:
                    base = OutputRecord(jurisdiction.id, policy.id, policy.meta.version)
                    records.append(replace(base, status="not-applicable", error=refusal))
                    continue
                settled, task = _plan(
                    request,
                    policy,
                    chosen_formats,
                    hashes[policy.id],
                    journal,
                    out_dir,
                    force,
                    inner,
                )
                records.extend(settled)
                if task is not None:
                    tasks.append(task)
    report = BatchReport(records=records, warnings=list(journal.warnings))
    workers = _worker_count(jobs, report)
    global _CATALOGUE
    _CATALOGUE = catalogue  # set before the workers fork, so they inherit it
    done = 0
    try:
        for result in run_pooled(tasks, _render_task, _worker_died, jobs=workers, warm_up=_warm_up):
            report.records.extend(result)
            done += 1
            if on_progress is not None:
                on_progress(done, len(tasks))
    except KeyboardInterrupt:
        report.interrupted = True
    report.records.sort(key=lambda r: (r.jurisdiction, r.policy, r.path, r.format))
    report.warnings.extend(_legal_warnings(catalogue, chosen, policies))
    try:  # a full or read-only folder must not cost the summary of what was done
        if make_zip and not report.interrupted:
            _zip_each_jurisdiction(out_dir, report.records)
        write_manifests(out_dir, report.records)
    except PolicykitError as exc:
        report.warnings.append(f"the manifest or a zip could not be written: {exc}")
    return report


def _worker_count(jobs: int | None, report: BatchReport) -> int:
    """One worker per core: more only compete for the same cores and memory."""
    cores = os.cpu_count() or 1
    if jobs is not None and jobs > cores:
        report.warnings.append(f"{jobs} workers asked for; using {cores}, one per core")
    return min(jobs or cores, cores)


def _plan(
    request: DocumentRequest,
    policy: Policy,
    formats: Sequence[str],
    source_hash: str,
    journal: Journal,
    out_dir: Path,
    force: bool,
    inner: tuple[str, ...] = (),
) -> tuple[list[OutputRecord], Task | None]:
    """Records for outputs that need no work, and the task for those that do.

    For a packet (`inner`, the formats inside its zip) the one output is its zip.
    """
    jurisdiction = request.jurisdiction
    base = OutputRecord(jurisdiction.id, policy.id, policy.meta.version)
    if not policy.applies_to(jurisdiction.kind):
        note = f"{policy.id} has no version for a {jurisdiction.kind}"
        return [replace(base, status="not-applicable", error=note)], None
    settled: list[OutputRecord] = []
    keys: dict[str, str] = {}
    unrecorded: set[str] = set()
    for fmt in ("zip",) if inner else formats:
        relative = _relpath(request, fmt, inner)
        key = request.key(source_hash, packet_key_format(inner) if inner else fmt)
        try:
            state = "missing" if force else journal.classify(out_dir, relative, key)
        except PolicykitError as exc:  # a symbolic link or a folder where the file goes
            failed = replace(base, format=fmt, path=relative, status="failed", error=str(exc))
            settled.append(failed)
            continue
        if state == "up-to-date":
            settled.append(replace(journal.latest[relative], status="up-to-date"))
        elif state == "edited":
            settled.append(_kept(replace(base, format=fmt, path=relative), out_dir))
        else:  # missing, stale, or unrecorded: rendered (an unrecorded file, to compare)
            keys[fmt] = key
            if state == "unrecorded":
                unrecorded.add(fmt)
    if not keys:
        return settled, None
    task = Task(request, policy.meta.version, keys, out_dir, inner, frozenset(unrecorded))
    return settled, task


def _kept(record: OutputRecord, out_dir: Path) -> OutputRecord:
    """The record of a file left alone because it is not what policykit last wrote there."""
    path = output_path(out_dir, *record.path.split("/"))
    return replace(
        record,
        status="kept",
        error="changed since policykit wrote it, so it was kept",
        bytes=path.stat().st_size,
        sha256=file_sha256(path),
    )


def _relpath(request: DocumentRequest, fmt: str, inner: tuple[str, ...]) -> str:
    """Where an output goes: the request's own file, or for a packet its zip."""
    return packet_relpath(request) if inner else request.relpath(fmt)


_CATALOGUE: Catalogue | None = None
"""The batch's catalogue; set in the parent before workers fork, so they inherit it."""


def _warm_up() -> None:
    """Import the writers and build their per-process caches before the workers fork."""
    from toolkit.writers.docx import warm_up as warm_docx
    from toolkit.writers.pdf import warm_up as warm_pdf

    warm_docx()
    warm_pdf()


def _render_task(task: Task) -> list[OutputRecord]:
    """Render one document and write its formats; a failure becomes records, never an exception."""
    assert _CATALOGUE is not None
    try:
        if task.packet:
            rendered = render_packet(_CATALOGUE, task.request)
            payloads = {"zip": packet_zip(rendered, task.packet)}
        else:
            document = render(_CATALOGUE, task.request)
            payloads = {fmt: to_bytes(document, fmt) for fmt in task.keys}
    except PolicykitError as exc:
        return _failed(task, " / ".join(str(exc).splitlines()))
    except Exception as exc:  # noqa: BLE001 - one broken document must not sink the batch
        return _failed(task, f"internal error: {type(exc).__name__}: {exc}")
    request = task.request
    files = []
    settled = []
    try:
        for fmt, payload in payloads.items():
            relative = _relpath(request, fmt, task.packet)
            record = OutputRecord(
                request.jurisdiction.id,
                request.policy_id,
                task.policy_version,
                fmt,
                relative,
                key=task.keys[fmt],
            ).with_payload(payload)
            if fmt not in task.unrecorded:
                files.append((record, payload, output_path(task.out_dir, *relative.split("/"))))
            elif adopt(task.out_dir, record, payload):
                settled.append(replace(record, status="up-to-date"))
            else:
                settled.append(_kept(record, task.out_dir))
        if files:
            write_outputs(task.out_dir, files)
    except PolicykitError as exc:  # the disk is full or the folder read-only: say so, go on
        return _failed(task, str(exc))
    return [*settled, *(record for record, _, _ in files)]


def _worker_died(task: Task) -> list[OutputRecord]:
    return _failed(task, "a worker process died while rendering this document")


_OUR_TEMPORARY = re.compile(
    r"\.([a-z0-9-]+_[a-z0-9_.-]+\.(docx|pdf|html|zip)|manifest\.(csv|json))\.[^./]+\.part"
)
"""What `write_atomic` names its temporary files here, so nobody else's are touched."""


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a run killed mid-write (they never replaced a real file).

    Only regular files directly in the output folder or in its jurisdiction folders are
    removed, and no symbolic link is followed: a linked folder is not ours to clean.
    """
    folders = [
        out_dir,
        *(Path(e.path) for e in _entries(out_dir) if e.is_dir(follow_symlinks=False)),
    ]
    for folder in folders:
        for entry in _entries(folder):
            if entry.is_file(follow_symlinks=False) and _OUR_TEMPORARY.fullmatch(entry.name):
                Path(entry.path).unlink(missing_ok=True)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


def _failed(task: Task, reason: str) -> list[OutputRecord]:
    request = task.request
    return [
        OutputRecord(
            request.jurisdiction.id,
            request.policy_id,
            task.policy_version,
            fmt,
            _relpath(request, fmt, task.packet),
            status="failed",
            error=reason,
        )
        for fmt in task.keys
    ]


def _invalid_record(problem: Problem) -> OutputRecord:
    return OutputRecord(
        jurisdiction=problem.entry or "?", policy="", status="failed", error=str(problem)
    )


def _zip_each_jurisdiction(out_dir: Path, records: Sequence[OutputRecord]) -> None:
    by_jurisdiction: dict[str, list[str]] = {}
    for record in records:
        if record.path and record.status in {"done", "up-to-date", "kept"}:
            by_jurisdiction.setdefault(record.jurisdiction, []).append(record.path)
    for jid, paths in by_jurisdiction.items():
        write_zip(out_dir, output_path(out_dir, jid, f"{jid}.zip"), sorted(paths))


def _legal_warnings(
    catalogue: Catalogue, jurisdictions: Sequence[JurisdictionBase], policies: Sequence[Policy]
) -> list[str]:
    """Per policy, the jurisdictions whose drafts carry its state's legal-review warning."""
    found = []
    for policy in policies:
        flagged = [
            j.id
            for j in jurisdictions
            if policy.applies_to(j.kind) and catalogue.legal_warning(j, policy)
        ]
        if flagged:
            names = ", ".join(flagged)
            found.append(f"{policy.id}: drafts for {names} carry a LEGAL REVIEW REQUIRED warning")
    return found
