"""A kernel kept warm across reports in one worker process.

Starting a kernel and importing pandas, matplotlib and ``helpers`` costs about a
second per report. A worker instead keeps one kernel and, before each notebook,
resets it to a clean namespace: ``%reset -f`` (no user names survive),
matplotlib's default rcParams and no open figures, the notebook's folder as
working directory. Parsed tables that ``helpers.data`` already holds in memory
stay, which is the point. A kernel that died, or a notebook that failed, gets a
fresh kernel for the next report.
"""

from __future__ import annotations

import atexit
import os
import signal
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from helpers.data import ACCESS_LOG_ENV

START_TIMEOUT_S = 60

_RESET = '''get_ipython().run_line_magic("reset", "-f")
__import__("matplotlib").rcdefaults()
__import__("matplotlib.pyplot").pyplot.close("all")
__import__("os").chdir({cwd!r})
__import__("os").environ[{env!r}] = {log!r}
'''


class KernelResetError(RuntimeError):
    """The kernel did not accept the reset before a notebook."""


class WarmKernel:
    """One python3 kernel, reset before each notebook it runs."""

    def __init__(self) -> None:
        self.manager: AsyncKernelManager | None = None

    def ready(self, cwd: Path, access_log: Path) -> AsyncKernelManager:
        """A started, reset kernel manager for the next notebook (starting one if needed)."""
        if self.manager is None or not run_sync(self.manager.is_alive)():
            self.shutdown()
            self.manager = AsyncKernelManager(kernel_name="python3")
            run_sync(self.manager.start_kernel)(cwd=str(cwd))
        run_sync(self._execute)(_RESET.format(cwd=str(cwd), env=ACCESS_LOG_ENV, log=str(access_log)))
        return self.manager

    async def _execute(self, code: str) -> None:
        client = self.manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=START_TIMEOUT_S)
            reply = await client.execute_interactive(code, store_history=False, timeout=START_TIMEOUT_S,
                                                     output_hook=lambda msg: None)
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            raise KernelResetError(f"kernel reset failed: {reply['content'].get('evalue', reply['content'])}")

    def shutdown(self) -> None:
        if self.manager is not None:
            try:
                run_sync(self.manager.shutdown_kernel)(now=True)
            except Exception:  # already dead: nothing to clean up
                pass
            self.manager = None


_worker_kernel: WarmKernel | None = None


def worker_kernel() -> WarmKernel:
    """This process's warm kernel, shut down when the process exits."""
    global _worker_kernel
    if _worker_kernel is None:
        _worker_kernel = WarmKernel()
        atexit.register(_worker_kernel.shutdown)
    return _worker_kernel


def kill_worker_kernel() -> None:
    """Kill this process's kernel at once (from a signal handler: no event loop, no messages).

    Kernels run in their own session, so their process group is their pid.
    """
    manager = _worker_kernel.manager if _worker_kernel is not None else None
    pid = getattr(getattr(manager, "provisioner", None), "pid", None)
    if pid:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:  # already gone
            pass
