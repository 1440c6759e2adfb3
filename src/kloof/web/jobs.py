"""A small in-memory registry of background jobs (the dashboard's simulations).

:class:`JobRegistry` runs callables in at most ``max_running`` worker threads, keeps at
most ``max_waiting`` more in its queue and refuses the rest with :class:`JobLimitError`
(the API answers ``429``), so a flood of requests cannot pile up work. Each job reports
progress through the callback it is given; :meth:`JobRegistry.shutdown` cancels waiting
jobs and asks running ones to stop at their next progress report. One registry per app,
created by :func:`kloof.web.create_app` (never at import time); finished jobs are kept
in memory (the oldest dropped beyond ``keep``) and vanish when the server stops.

With several worker processes (``kloof serve --workers N``) a job's page may be asked
of another process than the one running it: given a ``directory``, the registry writes
each job's state (and, when done, its result) there as it changes, and
:meth:`JobRegistry.get` reads a job it does not hold from that folder.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kloof.errors import KloofError

__all__ = ["Job", "JobCancelledError", "JobLimitError", "JobRegistry"]

log = logging.getLogger("kloof.web")

State = Literal["queued", "running", "done", "failed"]
_JOB_ID = re.compile(r"[0-9a-f]{16}")
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
    directory
        Folder shared by the worker processes (see the module), or ``None``.
    """

    #: Seconds between two progress writes of a job to :attr:`directory`.
    SAVE_EVERY = 0.5

    def __init__(
        self,
        max_running: int = 2,
        max_waiting: int = 2,
        keep: int = 100,
        directory: Path | None = None,
    ) -> None:
        self.directory = directory
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
            self._save(job)
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.max_running, thread_name_prefix="kloof")
            executor = self._executor
        executor.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job of ``job_id`` (held here or, with a directory, by another process)."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None or self.directory is None or not _JOB_ID.fullmatch(job_id):
            return job
        path = self.directory / f"{job_id}.pickle"
        try:
            with path.open("rb") as fh:
                found = pickle.load(fh)  # written by this app's own processes only
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        return found if isinstance(found, Job) else None

    def shutdown(self) -> None:
        """Cancel waiting jobs and stop running ones at their next progress report."""
        self._stopping.set()
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ internals
    def _save(self, job: Job) -> None:
        """Write ``job`` to :attr:`directory` (atomically: readers never see half a file)."""
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(job, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.directory / f"{job.id}.pickle")
        except Exception:
            log.exception("job %s could not be written to %s", job.id, self.directory)
            Path(tmp).unlink(missing_ok=True)

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.state in ("done", "failed")]
        for key in finished[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[key]

    def _run(self, job: Job, work: Callable[[Progress], Any]) -> None:
        saved = [0.0]

        def progress(done: int, total: int) -> None:
            if self._stopping.is_set():
                raise JobCancelledError("the server shut down")
            job.done, job.total = int(done), int(total)
            if time.monotonic() - saved[0] >= self.SAVE_EVERY:
                saved[0] = time.monotonic()
                self._save(job)

        job.state = "running"
        self._save(job)
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
        self._save(job)
