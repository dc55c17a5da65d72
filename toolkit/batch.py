"""Campaign batch export: every chosen policy for every matching jurisdiction, fast and resumable.

- Bad rows never sink the batch: invalid entries and render errors become `failed` records.
- Crash-safe: each file is written atomically and recorded in a journal right after, so a killed
  batch leaves no partial file and a re-run only does what is missing.
- Up-to-date outputs are skipped without rendering: each file is keyed by a hash of the policy's
  sources, the jurisdiction's data, the format and the tool version.
- Workers (one process per core by default) load the templates, CSS and fonts once.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.catalogue import Catalogue
from toolkit.data import read_jurisdictions
from toolkit.errors import PolicykitError, UsageError
from toolkit.manifest import (
    Journal,
    OutputRecord,
    append_journal,
    file_sha256,
    read_journal,
    write_manifests,
    write_zip,
)
from toolkit.models import KINDS, MODEL_BY_KIND, JurisdictionBase
from toolkit.output import output_path, write_atomic
from toolkit.policies import Policy
from toolkit.sources import policy_source_hash
from toolkit.variables import jurisdiction_variables
from toolkit.writers import writer_for

ProgressCallback = Callable[[int, int, OutputRecord], None]


@dataclass(frozen=True)
class Task:
    """One policy for one jurisdiction, in the formats whose outputs are missing or stale."""

    jurisdiction: dict[str, Any]
    policy_id: str
    policy_version: str
    keys: dict[str, str]
    """Format -> the key its output will be recorded under."""
    out_dir: str


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


def parse_where(pairs: Sequence[tuple[str, str]]) -> Callable[[JurisdictionBase], bool]:
    """A filter from `--where field=value` pairs, compared without regard to case.

    Different fields must all match; the same field given twice matches either value
    (`--where kind=city --where kind=county`). A list field matches when it contains the value;
    a field the jurisdiction does not have never matches.
    """
    known = {v.path.removeprefix("j.") for kind in KINDS for v in jurisdiction_variables(kind)}
    wanted: dict[str, set[str]] = {}
    for dotted, value in pairs:
        if dotted not in known:
            raise UsageError(f"--where {dotted}: no such field (see `policykit variables`)")
        wanted.setdefault(dotted, set()).add(value.casefold())

    def matches(jurisdiction: JurisdictionBase) -> bool:
        data = jurisdiction.model_dump(mode="json")
        return all(_field_values(data, dotted) & values for dotted, values in wanted.items())

    return matches


def _field_values(data: dict[str, Any], dotted: str) -> set[str]:
    value: Any = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    items = value if isinstance(value, list) else [value]
    return {
        json.dumps(item) if isinstance(item, bool) else str(item).casefold()
        for item in items
        if item is not None
    }


def run_batch(
    policy_ids: Sequence[str],
    *,
    data: Path,
    templates: Path,
    out_dir: Path,
    formats: Sequence[str],
    where: Sequence[tuple[str, str]] = (),
    jobs: int | None = None,
    make_zip: bool = False,
    force: bool = False,
    on_progress: ProgressCallback | None = None,
) -> BatchReport:
    """Generate `policy_ids` for every matching jurisdiction into `out_dir/<jurisdiction>/`."""
    catalogue = Catalogue.load(templates)
    policies = [catalogue.policy(pid) for pid in dict.fromkeys(policy_ids)]
    matches = parse_where(where)
    loaded = read_jurisdictions(data)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out_dir)
    journal = read_journal(out_dir)
    records: list[OutputRecord] = [_invalid_record(problem) for problem in loaded.problems]
    tasks: list[Task] = []
    chosen = [j for j in loaded.jurisdictions if matches(j)]
    hashes = {p.id: policy_source_hash(catalogue, p) for p in policies}
    for jurisdiction in chosen:
        for policy in policies:
            up_to_date, task = _plan(
                jurisdiction, policy, formats, hashes[policy.id], journal, out_dir, force
            )
            records.extend(up_to_date)
            if task is not None:
                tasks.append(task)
    report = BatchReport(records=records)
    done = 0
    try:
        for result in _execute(tasks, catalogue, jobs or os.cpu_count() or 1):
            report.records.extend(result)
            done += 1
            if on_progress is not None:
                on_progress(done, len(tasks), result[0])
    except KeyboardInterrupt:
        report.interrupted = True
    report.records.sort(key=lambda r: (r.jurisdiction, r.policy, r.format))
    if make_zip and not report.interrupted:
        _zip_each_jurisdiction(out_dir, report.records)
    write_manifests(out_dir, report.records)
    report.warnings = _legal_warnings(catalogue, chosen)
    return report


def _plan(
    jurisdiction: JurisdictionBase,
    policy: Policy,
    formats: Sequence[str],
    source_hash: str,
    journal: Journal,
    out_dir: Path,
    force: bool,
) -> tuple[list[OutputRecord], Task | None]:
    """Records for outputs that need no work, and the task for those that do."""
    kind = jurisdiction.kind  # type: ignore[attr-defined]
    policy_id, version = policy.id, policy.meta.version
    base = OutputRecord(jurisdiction=jurisdiction.id, policy=policy_id, policy_version=version)
    if not policy.applies_to(kind):
        note = f"{policy_id} has no version for a {kind}"
        return [replace(base, status="not-applicable", error=note)], None
    data_json = jurisdiction.model_dump_json()
    settled: list[OutputRecord] = []
    keys: dict[str, str] = {}
    for fmt in formats:
        key = _output_key(source_hash, data_json, fmt)
        relative = f"{jurisdiction.id}/{jurisdiction.id}_{policy_id}.{fmt}"
        state = "missing" if force else journal.classify(out_dir, relative, key)
        if state == "up-to-date":
            settled.append(replace(journal.latest[relative], status="up-to-date"))
        elif state == "edited":
            note = "changed since policykit wrote it, so it was kept; --force replaces it"
            path = out_dir / relative
            settled.append(
                replace(
                    base,
                    format=fmt,
                    path=relative,
                    status="kept",
                    error=note,
                    bytes=path.stat().st_size,
                    sha256=file_sha256(path),
                )
            )
        else:
            keys[fmt] = key
    task = Task(json.loads(data_json), policy_id, version, keys, str(out_dir)) if keys else None
    return settled, task


def _output_key(source_hash: str, data_json: str, fmt: str) -> str:
    digest = hashlib.sha256()
    for part in (__version__, source_hash, data_json, fmt):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _execute(tasks: list[Task], catalogue: Catalogue, jobs: int) -> Iterator[list[OutputRecord]]:
    """Results in completion order; workers are forked, so they share the loaded catalogue."""
    if not tasks:
        return  # nothing to render: do not even import the writers
    global _CATALOGUE
    _CATALOGUE = catalogue
    if jobs <= 1 or len(tasks) == 1:
        for task in tasks:
            yield _render_task(task)
        return
    _warm_up()
    finished: set[int] = set()
    try:
        for index, result in _pooled(tasks, jobs):
            finished.add(index)
            yield result
    except BrokenProcessPool:
        # A worker died outright (killed for memory, or a crash in a native library). Which
        # document did it is unknown, so the rest run one per process: only the culprit fails.
        for index, task in enumerate(tasks):
            if index not in finished:
                yield _isolated(task)


def _pooled(tasks: list[Task], jobs: int) -> Iterator[tuple[int, list[OutputRecord]]]:
    # Forked workers inherit the catalogue, the imported writers and their caches, so each
    # starts rendering at once instead of repeating a second of imports and set-up.
    pool = _fork_pool(jobs)
    pending: dict[Future[list[OutputRecord]], int] = {}
    queue = iter(enumerate(tasks))
    try:
        # A bounded window of work in flight keeps memory flat however many tasks there are.
        for index, task in itertools.islice(queue, jobs * 4):
            pending[pool.submit(_render_task, task)] = index
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield pending.pop(future), future.result()
                for index, task in itertools.islice(queue, 1):
                    pending[pool.submit(_render_task, task)] = index
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(task: Task) -> list[OutputRecord]:
    pool = _fork_pool(1)
    try:
        return pool.submit(_render_task, task).result()
    except BrokenProcessPool:
        reason = "a worker process died while rendering this document"
        return [_failed(task, fmt, reason) for fmt in task.keys]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _fork_pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_ignore_sigint,
    )


_CATALOGUE: Catalogue | None = None
"""The batch's catalogue; set in the parent before workers fork, so they inherit it."""


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops handing out work and says how to resume."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm_up() -> None:
    """Import the writers and build their per-process caches before the workers fork."""
    from toolkit.writers.docx import warm_up as warm_docx
    from toolkit.writers.pdf import warm_up as warm_pdf

    warm_docx()
    warm_pdf()


def _render_task(task: Task) -> list[OutputRecord]:
    """Render one document and write its formats; a failure becomes records, never an exception."""
    assert _CATALOGUE is not None
    catalogue = _CATALOGUE
    base = OutputRecord(
        jurisdiction=task.jurisdiction["id"],
        policy=task.policy_id,
        policy_version=task.policy_version,
    )
    try:
        jurisdiction = MODEL_BY_KIND[task.jurisdiction["kind"]].model_validate(task.jurisdiction)
        document = catalogue.render(catalogue.policy(task.policy_id), jurisdiction)
        payloads = {fmt: writer_for(fmt)(document) for fmt in task.keys}
    except PolicykitError as exc:
        message = " / ".join(str(exc).splitlines())
        return [_failed(task, fmt, message) for fmt in task.keys]
    except Exception as exc:  # noqa: BLE001 - one broken document must not sink the batch
        message = f"internal error: {type(exc).__name__}: {exc}"
        return [_failed(task, fmt, message) for fmt in task.keys]
    try:
        return [
            _write_output(Path(task.out_dir), base, fmt, payload, task.keys[fmt])
            for fmt, payload in payloads.items()
        ]
    except PolicykitError as exc:  # the disk is full or the folder read-only: say so, go on
        return [_failed(task, fmt, str(exc)) for fmt in task.keys]


def _write_output(
    out_dir: Path, base: OutputRecord, fmt: str, payload: bytes, key: str
) -> OutputRecord:
    name = f"{base.jurisdiction}_{base.policy}.{fmt}"
    record = replace(
        base,
        format=fmt,
        path=f"{base.jurisdiction}/{name}",
        bytes=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        status="done",
        key=key,
    )
    path = output_path(out_dir, base.jurisdiction, name)
    append_journal(out_dir, record)  # first the journal line, then the file: see append_journal
    write_atomic(path, payload)
    return record


_OUR_TEMPORARY = re.compile(r"\.[a-z0-9-]+(_[a-z0-9-]+)?\.(docx|pdf|html|zip)\.[^./]+\.part")
"""What `write_atomic` names its temporary files here, so nobody else's are touched."""


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a batch killed mid-write (they never replaced a real file)."""
    for leftover in out_dir.glob("*/.*.part"):
        if _OUR_TEMPORARY.fullmatch(leftover.name):
            leftover.unlink(missing_ok=True)


def _failed(task: Task, fmt: str, reason: str) -> OutputRecord:
    return OutputRecord(
        jurisdiction=task.jurisdiction["id"],
        policy=task.policy_id,
        policy_version=task.policy_version,
        format=fmt,
        status="failed",
        error=reason,
    )


def _invalid_record(problem: Any) -> OutputRecord:
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


def _legal_warnings(catalogue: Catalogue, jurisdictions: Sequence[JurisdictionBase]) -> list[str]:
    from toolkit.api import legal_warning

    flagged = sorted({j.state for j in jurisdictions if legal_warning(catalogue, j)})
    return [
        f"{state}: drafts for "
        + ", ".join(j.id for j in jurisdictions if j.state == state)
        + " carry a LEGAL REVIEW REQUIRED warning"
        for state in flagged
    ]
