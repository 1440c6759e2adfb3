"""A small in-memory registry of background jobs (the dashboard's simulations).

:class:`JobRegistry` runs callables in at most ``max_running`` worker threads, keeps at
most ``max_waiting`` more in its queue and refuses the rest with :class:`JobLimitError`
(the API answers ``429``), so a flood of requests cannot pile up work. Each job reports
progress through the callback it is given; :meth:`JobRegistry.shutdown` cancels waiting
jobs and asks running ones to stop at their next progress report. One registry per app,
created by :func:`kloof.web.create_app` (never at import time); finished jobs are kept
in memory (the oldest dropped beyond ``keep``) and vanish when the server stops.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from kloof.errors import KloofError

__all__ = ["Job", "JobCancelledError", "JobLimitError", "JobRegistry"]

log = logging.getLogger("kloof.web")

State = Literal["queued", "running", "done", "failed"]
Progress = Callable[[int, int], None]


class JobLimitError(KloofError):
    """Too many jobs running or waiting: try again later."""


class JobCancelledError(KloofError):
    """The registry shut down while the job ran."""


@dataclass
class Job:
    """One background job: its state, progress and, when done, result or error."""

    id: str
    kind: str
    params: dict[str, Any]
    total: int
    state: State = "queued"
    done: int = 0
    result: Any = None
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def status(self) -> dict[str, Any]:
        """The JSON-ready status (without the result)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "progress": self.done / self.total if self.total else 0.0,
            "params": self.params,
            "error": self.error,
            "created": self.created,
            "finished": self.finished,
        }


class JobRegistry:
    """Runs and remembers jobs (thread-safe).

    Parameters
    ----------
    max_running
        Worker threads: jobs running at once.
    max_waiting
        Jobs allowed to wait for a worker; beyond that :meth:`submit` refuses.
    keep
        Finished jobs remembered (the oldest are forgotten first).
    """

    def __init__(self, max_running: int = 2, max_waiting: int = 2, keep: int = 100) -> None:
        self.max_running = max_running
        self.max_waiting = max_waiting
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._stopping = threading.Event()

    def active(self) -> int:
        """Jobs queued or running."""
        with self._lock:
            return sum(j.state in ("queued", "running") for j in self._jobs.values())

    def submit(
        self, kind: str, params: dict[str, Any], total: int, work: Callable[[Progress], Any]
    ) -> Job:
        """Queue ``work(progress)``; returns the job at once.

        Raises
        ------
        JobLimitError
            When ``max_running + max_waiting`` jobs are already queued or running.
        """
        with self._lock:
            if self._stopping.is_set():
                raise JobLimitError("the server is shutting down")
            busy = sum(j.state in ("queued", "running") for j in self._jobs.values())
            if busy >= self.max_running + self.max_waiting:
                raise JobLimitError(
                    f"{busy} jobs are running or waiting (at most "
                    f"{self.max_running + self.max_waiting}); try again later"
                )
            job = Job(secrets.token_hex(8), kind, params, total)
            self._jobs[job.id] = job
            self._forget_old()
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.max_running, thread_name_prefix="kloof")
            executor = self._executor
        executor.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job of ``job_id``, or ``None``."""
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        """Cancel waiting jobs and stop running ones at their next progress report."""
        self._stopping.set()
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ internals
    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.state in ("done", "failed")]
        for key in finished[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[key]

    def _run(self, job: Job, work: Callable[[Progress], Any]) -> None:
        def progress(done: int, total: int) -> None:
            if self._stopping.is_set():
                raise JobCancelledError("the server shut down")
            job.done, job.total = int(done), int(total)

        job.state = "running"
        try:
            result = work(progress)
        except KloofError as exc:
            job.error, job.state = str(exc), "failed"
        except Exception as exc:  # a job must never take the worker thread down
            log.exception("job %s failed", job.id)
            job.error, job.state = f"internal error: {type(exc).__name__}", "failed"
        else:
            job.result, job.done, job.state = result, job.total, "done"
        job.finished = time.time()
