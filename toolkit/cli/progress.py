"""Show a batch's progress and summary: a rich bar on a terminal, plain lines in logs and CI."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from toolkit.batch.run import BatchReport, ProgressCallback
from toolkit.charset import printable
from toolkit.cli.common import say

PLAIN_INTERVAL_S = 5.0
"""How often a non-terminal run prints a progress line: often enough to see it move in CI logs."""


@contextmanager
def progress_display(noun: str = "documents") -> Iterator[ProgressCallback]:
    """Yield a progress callback suited to where stderr goes, counting `noun`."""
    if sys.stderr.isatty():
        with _rich_progress(noun) as callback:
            yield callback
    else:
        yield _plain_progress(noun)


@contextmanager
def _rich_progress(noun: str) -> Iterator[ProgressCallback]:
    columns = (
        TextColumn(f"[bold]{noun}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task_id = bar.add_task("batch", total=None, rate="")
        started = time.monotonic()

        def update(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            bar.update(task_id, completed=done, total=total, rate=f"{rate:.1f}/s")

        yield update


def _plain_progress(noun: str) -> ProgressCallback:
    """A line every few seconds, and a last one at the end of a run that printed any.

    A run shorter than the interval stays quiet, so its errors are the first thing on stderr.
    """
    started = time.monotonic()
    last = started
    printed = False

    def update(done: int, total: int) -> None:
        nonlocal last, printed
        now = time.monotonic()
        if now - last < PLAIN_INTERVAL_S and not (done == total and printed):
            return
        last, printed = now, True
        rate = done / max(now - started, 1e-6)
        remaining = (total - done) / rate if rate else 0.0
        typer.echo(f"{done}/{total} {noun}, {rate:.1f}/s, ETA {remaining:.0f}s", err=True)

    return update


def print_batch_summary(report: BatchReport, out_dir: Path) -> None:
    """Counts, every failure's one-line reason, legal-review notes, and how to resume."""
    documents = {(r.jurisdiction, r.policy) for r in report.records if r.status == "done"}
    typer.echo(
        f"done: {len(documents)} document(s) ({report.count('done')} file(s)), "
        f"skipped (up to date): {report.count('up-to-date')} file(s), "
        f"not applicable: {report.count('not-applicable')}, "
        f"kept (edited by hand): {report.count('kept')}, "
        f"failed: {len(report.failures)}"
    )
    if not report.records:
        typer.echo("note: no jurisdiction matched; check the --where filters and --data")
    for record in report.failures:
        label = f"{record.jurisdiction} {record.policy}".strip()
        typer.secho(printable(f"failed: {label}: {record.error}"), fg=typer.colors.RED, err=True)
    for record in report.records:
        if record.status in ("not-applicable", "kept"):
            label = record.path or record.jurisdiction
            hint = "; --force replaces it" if record.status == "kept" else ""
            say(f"note: {label}: {record.error}{hint}")
    for warning in report.warnings:
        typer.secho(printable(f"WARNING: {warning}"), fg=typer.colors.YELLOW, err=True)
    say(f"manifest: {out_dir / 'manifest.csv'} (and manifest.json)")
    if report.interrupted:
        typer.secho(
            "Interrupted. Finished files are kept; run the same command again to resume.",
            fg=typer.colors.YELLOW,
            err=True,
        )
