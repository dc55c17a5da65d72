"""Run batch tasks in forked worker processes: warm caches shared, one bad document isolated.

Workers are forked from a parent that has loaded the catalogue and imported the writers, so each
starts rendering at once instead of repeating a second of imports and set-up. A worker that dies
outright (killed for memory, a crash in a native library) fails only its own document.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

TaskT = TypeVar("TaskT")
ResultT = TypeVar("ResultT")


def run_pooled(
    tasks: list[TaskT],
    work: Callable[[TaskT], ResultT],
    on_death: Callable[[TaskT], ResultT],
    *,
    jobs: int,
    warm_up: Callable[[], None],
) -> Iterator[ResultT]:
    """`work(task)` for every task, results in completion order.

    `work` must be a module-level function (it is sent to the workers by name) and must turn
    every failure into a result; `on_death` gives the result for a task whose worker died.
    """
    if not tasks:
        return  # nothing to render: do not even warm up (import) the writers
    if jobs <= 1 or len(tasks) == 1:
        for task in tasks:
            yield work(task)
        return
    warm_up()
    finished: set[int] = set()
    try:
        for index, result in _pooled(tasks, work, jobs):
            finished.add(index)
            yield result
    except BrokenProcessPool:
        # Which document killed the worker is unknown, so the rest run one per process: only
        # the culprit fails.
        for index, task in enumerate(tasks):
            if index not in finished:
                yield _isolated(task, work, on_death)


def _pooled(
    tasks: list[TaskT], work: Callable[[TaskT], ResultT], jobs: int
) -> Iterator[tuple[int, ResultT]]:
    pool = _fork_pool(jobs)
    pending: dict[Future[ResultT], int] = {}
    queue = iter(enumerate(tasks))
    try:
        # A bounded window of work in flight keeps memory flat however many tasks there are.
        for index, task in itertools.islice(queue, jobs * 4):
            pending[pool.submit(work, task)] = index
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield pending.pop(future), future.result()
                for index, task in itertools.islice(queue, 1):
                    pending[pool.submit(work, task)] = index
    except KeyboardInterrupt:
        _stop_workers(pool)  # a worker deep in a PDF layout would otherwise finish it first
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's processes now; what they were writing stays a temporary file.

    The executor offers no public way to stop running work, so this reaches for its process
    table; files are written atomically, so a stopped worker leaves nothing half-written.
    """
    for process in list((pool._processes or {}).values()):  # noqa: SLF001
        process.terminate()


def _isolated(
    task: TaskT, work: Callable[[TaskT], ResultT], on_death: Callable[[TaskT], ResultT]
) -> ResultT:
    pool = _fork_pool(1)
    try:
        return pool.submit(work, task).result()
    except BrokenProcessPool:
        return on_death(task)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _fork_pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_ignore_sigint,
    )


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, and end with it.

    The parent stops handing out work and says how to resume; a parent killed outright
    (SIGKILL) leaves no worker rendering on.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass


_PR_SET_PDEATHSIG = 1
