"""Benchmark the campaign batch against the naive one-by-one loop, in the same run.

    python bench/batch.py [--n 300] [--repeat 2] [--policy ice-out] [--memory-n 100 1000]
                          [--skip-memory]

The naive loop and the batch run alternately `--repeat` times and the fastest run of each counts:
on a shared virtual machine the slowest runs measure the neighbours, not the code.
Prints pages/s for the naive single-process loop (every document rendered through the library,
one after another) and for `policykit batch` (a process per core), their ratio, the no-change
re-run time as a share of the full run, and peak RSS of the whole batch process tree for two
sizes. Targets (issue 5): ratio >= 1.8 on 2 cores; re-run < 5 %; RSS growth <= 20 %.
Exits 2, loudly, if WeasyPrint would subset fonts with fontTools (libharfbuzz-subset0 missing):
every figure would then be about 2x too slow.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.data.loading import load_jurisdictions  # noqa: E402
from toolkit.templating.catalogue import Catalogue  # noqa: E402
from toolkit.writers.docx import write_docx  # noqa: E402
from toolkit.writers.pdf import harfbuzz_subsetting_available, write_pdf  # noqa: E402

STATES = ("CA", "WA", "IL", "MN", "NY", "OR", "CO", "MA")
KINDS = (
    ("city", "City of {}", "City Council", "Mayor", "City Clerk"),
    ("county", "County of {}", "Board of Supervisors", "Chair", "Clerk of the Board"),
    ("school_board", "{} Unified School District", "Board of Education", "President", "Secretary"),
    ("city_county", "City and County of {}", "Board of Supervisors", "President", "Clerk"),
)


def synthetic_jurisdictions(count: int, path: Path) -> Path:
    """`count` varied, valid jurisdictions: every kind, several states, some local facts."""
    entries: list[dict[str, object]] = []
    for n in range(count):
        kind, name, body, presiding, clerk = KINDS[n % len(KINDS)]
        entry: dict[str, object] = {
            "id": f"synthetic-{n:05d}",
            "kind": kind,
            "name": name.format(f"Place {n}"),
            "state": STATES[n % len(STATES)],
            "body": body,
            "presiding_officer": {"title": presiding, "name": f"Presiding Officer {n}"},
            "clerk": {"title": clerk, "name": f"Clerk {n}"},
        }
        if n % 3 == 0:
            entry["local_facts"] = [
                {
                    "text": f"{n % 40 + 5} percent of residents were born abroad",
                    "source": "American Community Survey",
                    "year": 2024,
                }
            ]
        entries.append(entry)
    path.write_text(yaml.safe_dump({"jurisdictions": entries}, sort_keys=False), "utf-8")
    return path


def count_pages(folder: Path) -> int:
    """Pages across every PDF below `folder`."""
    return sum(len(PdfReader(pdf).pages) for pdf in folder.rglob("*.pdf"))


def naive_loop(data: Path, policy_id: str, out: Path) -> float:
    """What one process does without the batch: render and write each document in turn."""
    started = time.perf_counter()
    catalogue = Catalogue.load(REPO / "templates")
    policy = catalogue.policy(policy_id)
    out.mkdir(parents=True)
    for jurisdiction in load_jurisdictions(data):
        document = catalogue.render(policy, jurisdiction)
        (out / f"{jurisdiction.id}.docx").write_bytes(write_docx(document))
        (out / f"{jurisdiction.id}.pdf").write_bytes(write_pdf(document))
    return time.perf_counter() - started


def run_batch(data: Path, policy_id: str, out: Path) -> tuple[float, int]:
    """Run `policykit batch` as a user would; return seconds and peak RSS (KiB) of its tree."""
    command = [
        sys.executable,
        "-m",
        "toolkit",
        "batch",
        policy_id,
        "--data",
        str(data),
        "--out",
        str(out),
        "--templates",
        str(REPO / "templates"),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(
            f"batch failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, peak


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+)", status)
        total += int(match.group(1)) if match else 0
        pending.extend(int(child) for child in children)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="jurisdictions (default 300)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, fastest kept")
    parser.add_argument("--policy", default="ice-out")
    parser.add_argument("--memory-n", type=int, nargs=2, default=(100, 1000))
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    if not harfbuzz_subsetting_available():
        print(
            "FATAL: WeasyPrint cannot use HarfBuzz subsetting (install Debian's "
            "libharfbuzz-subset0): it would fall back to fontTools and every figure would "
            "be about 2x slow.",
            file=sys.stderr,
        )
        return 2
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="policykit-bench-") as tmp:
        work = Path(tmp)
        data = synthetic_jurisdictions(args.n, work / "jurisdictions.yaml")
        naive_runs, batch_runs = [], []
        for run in range(args.repeat):
            naive_runs.append(naive_loop(data, args.policy, work / f"naive{run}"))
            batch_runs.append(run_batch(data, args.policy, work / f"batch{run}")[0])
        pages = count_pages(work / "naive0")
        assert count_pages(work / "batch0") == pages, "batch and naive wrote different page counts"
        naive_s, batch_s = min(naive_runs), min(batch_runs)
        rerun_s, _ = run_batch(data, args.policy, work / "batch0")
        naive_rate, batch_rate = pages / naive_s, pages / batch_s
        ratio = batch_rate / naive_rate
        rerun_share = rerun_s / batch_s
        print(f"documents: {args.n} x {args.policy} (DOCX + PDF), {pages} PDF pages, {cores} cores")
        runs = ", ".join
        print(
            f"naive single-process loop: {naive_s:7.2f} s  {naive_rate:6.1f} pages/s"
            f"  (runs: {runs(f'{s:.2f}' for s in naive_runs)})"
        )
        print(
            f"policykit batch:           {batch_s:7.2f} s  {batch_rate:6.1f} pages/s"
            f"  (runs: {runs(f'{s:.2f}' for s in batch_runs)})"
        )
        print(
            f"speed-up, batch / naive:   {ratio:7.2f}x  (target >= 1.8x on 2 cores)"
            f"  {'MET' if ratio >= 1.8 else 'MISSED'}"
        )
        print(
            f"no-change re-run:          {rerun_s:7.2f} s  = {rerun_share:.1%} of the full run"
            f"  (target < 5%)  {'MET' if rerun_share < 0.05 else 'MISSED'}"
        )
        if args.skip_memory:
            return 0
        peaks = []
        for size in args.memory_n:
            sized = synthetic_jurisdictions(size, work / f"j{size}.yaml")
            _, peak = run_batch(sized, args.policy, work / f"mem{size}")
            peaks.append(peak)
            print(f"peak RSS, batch of {size:5d}:  {peak / 1024:7.1f} MiB (process tree)")
        growth = peaks[1] / peaks[0] - 1
        print(
            f"RSS growth {args.memory_n[0]} -> {args.memory_n[1]}: {growth:+.1%}  "
            f"(target <= +20%)  {'MET' if growth <= 0.20 else 'MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
