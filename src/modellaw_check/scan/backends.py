"""Where the NLP tasks run: in-process (``--jobs 1``), a local process pool, or a Dask cluster.

All three take the same task (``task.analyse``) and hand back futures; the scan loop only needs
``submit``, ``wait_any``, ``cancel`` and ``close``.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import threading
from typing import Protocol

from modellaw_check.errors import UsageError
from modellaw_check.scan import task
from modellaw_check.settings import PackSpec


class Backend(Protocol):
    def start(self) -> None: ...

    def submit(self, path: str, spec: PackSpec, use_filter: bool, size: int, relevance: dict | None): ...

    def wait_any(self, futures: list) -> list: ...

    def cancel(self, futures: list) -> None: ...

    def close(self, cancel: bool = False) -> None: ...


class InlineBackend:
    """Runs each task at once in this process: no pickling, no second pipeline (``--jobs 1``)."""

    def start(self) -> None:
        pass

    def submit(self, *args):
        fut: cf.Future = cf.Future()
        fut.set_result(task.analyse(*args))
        return fut

    def wait_any(self, futures: list) -> list:
        return [f for f in futures if f.done()]

    def cancel(self, futures: list) -> None:
        pass

    def close(self, cancel: bool = False) -> None:
        pass


class PoolBackend:
    """A process pool; each worker builds its Checker once in the initializer."""

    def __init__(self, jobs: int, spec: PackSpec) -> None:
        # forkserver/spawn, never fork: the parent may hold threads (progress bar) and forking a
        # threaded process can deadlock.
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods and spec == PackSpec():
            ctx.set_forkserver_preload(["modellaw_check.scan.preload"])  # workers inherit the Checker
        self.pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=task.init_worker,
                                           initargs=(spec,))
        self.jobs = jobs
        self._starter: threading.Thread | None = None

    def submit(self, *args):
        return self.pool.submit(task.analyse, *args)

    def wait_any(self, futures: list) -> list:
        done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
        return list(done)

    def cancel(self, futures: list) -> None:
        for f in futures:
            f.cancel()

    def start(self) -> None:
        """Fork the workers now rather than at the first task, from a thread: forking through the
        forkserver waits for its preload (~1.2 s), which the parent spends pre-filtering instead."""
        if self._starter is None:
            self._starter = threading.Thread(target=self._fork_workers, name="pool-start", daemon=True)
            self._starter.start()

    def _fork_workers(self) -> None:
        for _ in range(self.jobs):  # the pool forks a worker per task while none is idle
            self.pool.submit(int)

    def close(self, cancel: bool = False) -> None:
        if self._starter is not None:
            self._starter.join()
        self.pool.shutdown(wait=True, cancel_futures=cancel)


class DaskBackend:
    """Tasks on an existing Dask distributed cluster. Workers must see the same file paths (shared
    storage) and have modellaw-check installed; each worker process builds its Checker on first use."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("--dask-scheduler needs Dask: pip install 'modellaw-check[dask]'") from None
        try:
            self.client = Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot connect to the Dask scheduler at {address}: {exc}") from None

    def start(self) -> None:
        pass  # the cluster's workers are already running

    def submit(self, *args):
        return self.client.submit(task.analyse, *args, pure=False)

    def wait_any(self, futures: list) -> list:
        from distributed import wait

        done, _ = wait(futures, return_when="FIRST_COMPLETED")
        return list(done)

    def cancel(self, futures: list) -> None:
        if futures:
            self.client.cancel(futures)

    def close(self, cancel: bool = False) -> None:
        self.client.close()


def make_backend(jobs: int, dask_scheduler: str | None, spec: PackSpec) -> Backend:
    if dask_scheduler:
        return DaskBackend(dask_scheduler)
    if jobs <= 1:
        return InlineBackend()
    return PoolBackend(jobs, spec)
