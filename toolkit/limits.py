"""Time and memory limits around template rendering, the one step that runs untrusted code.

Jinja's sandbox stops templates from reaching Python internals, but not from building a huge
string (`"x" | center(10**9)`) or looping for minutes. While a template renders, the process may
grow by at most `EXTRA_MEMORY` and the render may take at most `TIME_LIMIT_S`; past either, the
render fails with a clear error instead of taking the machine down. Limits apply in the main
thread on Unix (the CLI and batch workers); elsewhere rendering runs unguarded.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

TIME_LIMIT_S = 10.0
EXTRA_MEMORY = 512 * 1024 * 1024


class RenderLimitError(Exception):
    """A template went past the time or memory allowed for rendering."""


@contextmanager
def render_limits() -> Iterator[None]:
    """Apply the limits for the duration of the block, then restore what was there."""
    if resource is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = _address_space() + EXTRA_MEMORY
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    tighter = soft == resource.RLIM_INFINITY or ceiling < soft
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
    if tighter:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    except MemoryError:
        raise RenderLimitError(f"used more than {EXTRA_MEMORY // 2**20} MiB") from None
    finally:
        if tighter:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise RenderLimitError(f"took longer than {TIME_LIMIT_S:g} seconds")


def _address_space() -> int:
    """The process's current virtual size in bytes (VmSize), from /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 4 * 1024**3  # unknown: a generous ceiling that still stops a runaway render
