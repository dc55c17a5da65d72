"""Benchmark `policykit serve` on loopback: latency at 1 and 20 clients, and memory under load.

    python bench/web.py [--requests 40] [--seconds 20] [--clients 20] [--soak 60]

Starts `policykit serve` on 127.0.0.1 (a port of its own, the bundled example data) in its own
process, then measures with keep-alive HTTP clients in this one:

- the live preview (POST /preview, the htmx panel for ice-out and riverbend-ca, as a page posts
  it) and the DOCX and PDF downloads (POST /document, as the first page's buttons post them),
  p50 and p95, with 1 client and then with `--clients` at once. Each phase stops after
  `--requests` requests per client or `--seconds`, whichever comes first.
- with `--soak S` (default 60; 0 skips it): `--clients` clients mixing previews and downloads for S
  seconds, the server's resident memory sampled every 5 seconds; "flat" means the last sample is
  within 10 % of the one taken after the first 10 seconds. Every request must answer 200.

Goals (issue 14, this 2-core machine): preview p95 < 100 ms and PDF p95 < 400 ms with one client;
20 clients for a minute with no error and flat memory. Nothing is sent anywhere but 127.0.0.1.
Exits 2 if WeasyPrint would subset fonts with fontTools (every PDF figure about 2x too slow), and
1 if a request failed.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.api import BUNDLED  # noqa: E402
from toolkit.data.loading import load_jurisdictions  # noqa: E402
from toolkit.web.answers import saved_entry  # noqa: E402
from toolkit.web.fields import flatten  # noqa: E402
from toolkit.writers.pdf import harfbuzz_subsetting_available  # noqa: E402

POLICY, JURISDICTION = "ice-out", "riverbend-ca"
GOALS_MS = {"preview": 100.0, "pdf": 400.0}


class Client:
    """One keep-alive connection with the app's cookie and CSRF token, like one browser tab."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.connection.request("GET", "/")
        response = self.connection.getresponse()
        page = response.read().decode()
        self.cookie = (response.getheader("set-cookie") or "").split(";")[0]
        found = re.search(r'name="csrftoken" value="([^"]+)"', page)
        assert found and self.cookie, "the start page has no CSRF token"
        self.token = found[1]

    def post(self, path: str, form: dict[str, str]) -> tuple[int, int]:
        """Status and body size of one form post."""
        body = urllib.parse.urlencode({"csrftoken": self.token, **form})
        headers = {"content-type": "application/x-www-form-urlencoded", "cookie": self.cookie}
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, len(response.read())

    def close(self) -> None:
        """Hang up."""
        self.connection.close()


def preview_form() -> dict[str, str]:
    """What the page posts for the live preview: every field of riverbend-ca, as controls."""
    riverbend = next(
        j for j in load_jurisdictions(BUNDLED / "jurisdictions.yaml") if j.id == JURISDICTION
    )
    values = {k: str(v) for k, v in flatten(saved_entry(riverbend)).items()}
    return {
        "policy": POLICY,
        "jurisdiction": JURISDICTION,
        "loaded": JURISDICTION,
        "kind": riverbend.kind,
        **values,
    }


WORKLOADS: dict[str, tuple[str, dict[str, str]]] = {
    "preview": ("/preview", preview_form()),
    "docx": ("/document", {"policy": POLICY, "jurisdiction": JURISDICTION, "action": "docx"}),
    "pdf": ("/document", {"policy": POLICY, "jurisdiction": JURISDICTION, "action": "pdf"}),
}


@dataclass
class Tally:
    """Latencies in milliseconds and failures, gathered from every client thread."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, milliseconds: float, status: int, what: str) -> None:
        with self.lock:
            self.latencies.append(milliseconds)
            if status != 200:
                self.failures.append(f"{what}: HTTP {status}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_clients(
    address: tuple[str, int],
    clients: int,
    work: Callable[[Client, int], str],
    *,
    requests: int,
    seconds: float,
    tally: Tally,
) -> None:
    """`clients` threads, each doing `work` up to `requests` times or until `seconds` pass."""
    deadline = time.monotonic() + seconds
    start = threading.Barrier(clients)

    def one_client() -> None:
        client = Client(*address)
        start.wait()
        try:
            for number in range(requests):
                if time.monotonic() > deadline:
                    break
                began = time.perf_counter()
                what = work(client, number)
                status = int(what.split(":")[0])
                tally.add((time.perf_counter() - began) * 1000, status, what)
        except (OSError, http.client.HTTPException) as exc:
            with tally.lock:
                tally.failures.append(f"connection: {exc}")
        finally:
            client.close()

    threads = [threading.Thread(target=one_client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def workload(name: str) -> Callable[[Client, int], str]:
    path, form = WORKLOADS[name]

    def work(client: Client, number: int) -> str:
        status, _ = client.post(path, form)
        return f"{status}:{name}"

    return work


def mixed(client: Client, number: int) -> str:
    """Three previews, then a DOCX, then a PDF: an aide tailoring and downloading."""
    name = ("preview", "preview", "preview", "docx", "pdf")[number % 5]
    return workload(name)(client, number)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def soak(address: tuple[str, int], pid: int, clients: int, seconds: float) -> tuple[bool, str]:
    tally = Tally()
    samples: list[tuple[float, int]] = []
    worker = threading.Thread(
        target=run_clients,
        args=(address, clients, mixed),
        kwargs={"requests": 10**9, "seconds": seconds, "tally": tally},
    )
    began = time.monotonic()
    worker.start()
    while worker.is_alive():
        samples.append((time.monotonic() - began, rss_kib(pid)))
        worker.join(timeout=5)
    samples.append((time.monotonic() - began, rss_kib(pid)))
    settled = next((kib for at, kib in samples if at >= 10), samples[0][1])
    last, peak = samples[-1][1], max(kib for _, kib in samples)
    growth = (last - settled) / settled if settled else 0.0
    flat = growth <= 0.10
    line = (
        f"soak: {clients} clients, {seconds:.0f} s, {len(tally.latencies)} requests, "
        f"{len(tally.failures)} failed; server RSS {settled / 1024:.0f} MiB after 10 s -> "
        f"{last / 1024:.0f} MiB at the end (peak {peak / 1024:.0f} MiB, {growth:+.1%}): "
        f"{'flat' if flat else 'GROWING'}"
    )
    return flat and not tally.failures, line


def start_server() -> tuple[subprocess.Popen[str], tuple[str, int]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "toolkit",
            "serve",
            "--port",
            "0",
            "--data",
            str(BUNDLED / "jurisdictions.yaml"),
            "--templates",
            str(BUNDLED / "templates"),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return process, ("127.0.0.1", int(found[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="per client and phase")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most, per phase")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--soak", type=float, default=60.0, help="seconds; 0 skips the soak")
    args = parser.parse_args()
    if not harfbuzz_subsetting_available():
        print("WeasyPrint would subset fonts with fontTools: install libharfbuzz-subset0")
        return 2
    process, address = start_server()
    failed = False
    try:
        print(
            f"server pid {process.pid} at http://{address[0]}:{address[1]}/ ({POLICY}, "
            f"{JURISDICTION}); per phase at most {args.requests} requests per client or "
            f"{args.seconds:g} s"
        )
        print(
            f"{'what':<8} {'clients':>7} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}"
            "  goal"
        )
        for clients, requests in ((1, args.requests), (args.clients, max(3, args.requests // 4))):
            for name in WORKLOADS:
                tally = Tally()
                began = time.monotonic()
                run_clients(
                    address,
                    clients,
                    workload(name),
                    requests=requests,
                    seconds=args.seconds,
                    tally=tally,
                )
                elapsed = time.monotonic() - began
                p50 = statistics.median(tally.latencies)
                p95 = percentile(tally.latencies, 0.95)
                goal = GOALS_MS.get(name) if clients == 1 else None
                verdict = f"p95 < {goal:g} ms: {p95 / goal:.2f} of it" if goal else ""
                print(
                    f"{name:<8} {clients:>7} {len(tally.latencies):>8} {p50:>8.1f} {p95:>8.1f} "
                    f"{len(tally.latencies) / elapsed:>7.1f}  {verdict}"
                )
                for failure in tally.failures[:5]:
                    print(f"  FAILED {failure}")
                failed |= bool(tally.failures) or bool(goal and p95 >= goal)
        if args.soak > 0:
            ok, line = soak(address, process.pid, args.clients, args.soak)
            print(line)
            failed |= not ok
    finally:
        process.terminate()
        process.wait(timeout=10)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
