"""Time and memory limits around the steps untrusted templates drive: rendering and layout.

Both the Jinja render and the writers' layout of what a template printed run inside them.
Jinja's sandbox stops templates from reaching Python internals, but not from looping for minutes.
The time limit holds on any thread, so a web server's request threads are as safe as the command
line: a watchdog thread raises `RenderLimitError` inside the rendering thread once its time is up
(CPython's `PyThreadState_SetAsyncExc`, delivered between two bytecodes of the template's compiled
code). Memory is bounded by the sandbox's size guards on every thread and, in the main thread on
Unix (the CLI, batch workers), also by an address-space limit: `setrlimit` is process-wide, so a
server thread must not change it under its neighbours.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

TIME_LIMIT_S = 10.0
EXTRA_MEMORY = 512 * 1024 * 1024


class RenderLimitError(BaseException):
    """A template went past the time or memory allowed for rendering.

    A `BaseException`, like `KeyboardInterrupt`, because it may arrive anywhere inside Jinja or a
    filter, and no `except Exception` there may swallow it.
    """


@contextmanager
def render_limits() -> Iterator[None]:
    """Apply the limits for the duration of the block, on whichever thread runs it."""
    with _deadline(TIME_LIMIT_S), _memory_ceiling():
        yield


class _Watchdog:
    """One daemon thread that interrupts renders past their deadline, for every thread."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._deadlines: list[tuple[float, int, int]] = []
        """(deadline, ticket, thread id), earliest first."""
        self._active: dict[int, int] = {}
        """ticket -> thread id, for renders still running."""
        self._fired: set[int] = set()
        self._tickets = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        """Start timing the calling thread; returns the ticket `disarm` takes."""
        with self._lock:
            ticket = next(self._tickets)
            thread_id = threading.get_ident()
            self._active[ticket] = thread_id
            heapq.heappush(self._deadlines, (time.monotonic() + seconds, ticket, thread_id))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="render-watchdog")
                self._thread.daemon = True
                self._thread.start()
            self._lock.notify()
            return ticket

    def disarm(self, ticket: int) -> bool:
        """Stop timing; True if the deadline had passed (its exception is cleared if pending)."""
        with self._lock:
            thread_id = self._active.pop(ticket)
            fired = ticket in self._fired
            if fired:
                self._fired.discard(ticket)
                _set_async_exception(thread_id, None)  # not yet delivered: drop it
            return fired

    def _run(self) -> None:
        with self._lock:
            while True:
                while self._deadlines and self._deadlines[0][1] not in self._active:
                    heapq.heappop(self._deadlines)
                if not self._deadlines:
                    self._lock.wait()
                    continue
                deadline, ticket, thread_id = self._deadlines[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                heapq.heappop(self._deadlines)
                self._fired.add(ticket)
                _set_async_exception(thread_id, RenderLimitError)


_WATCHDOG = _Watchdog()


def _new_watchdog_after_fork() -> None:
    """A forked batch worker starts with no watchdog thread and no inherited deadlines."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


os.register_at_fork(after_in_child=_new_watchdog_after_fork)


def _set_async_exception(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    ticket = _WATCHDOG.arm(seconds)
    try:
        yield
    except BaseException:
        if _WATCHDOG.disarm(ticket) or _is_bare_timeout(sys.exc_info()[1]):
            raise RenderLimitError(f"took longer than {seconds:g} seconds") from None
        raise
    if _WATCHDOG.disarm(ticket):
        raise RenderLimitError(f"took longer than {seconds:g} seconds")


def _is_bare_timeout(exc: BaseException | None) -> bool:
    """The watchdog delivers the class itself, so its instance has no message."""
    return isinstance(exc, RenderLimitError) and not exc.args


@contextmanager
def _memory_ceiling() -> Iterator[None]:
    if resource is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = _address_space() + EXTRA_MEMORY
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    tighter = soft == resource.RLIM_INFINITY or ceiling < soft
    if tighter:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    except MemoryError:
        raise RenderLimitError(f"used more than {EXTRA_MEMORY // 2**20} MiB") from None
    finally:
        if tighter:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """The process's current virtual size in bytes (VmSize), from /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 4 * 1024**3  # unknown: a generous ceiling that still stops a runaway render
