"""A scan killed with SIGKILL leaves no process behind (issue 20): its workers and the forkserver
watch their parent and end with it (~350 MB of workers used to keep running, orphaned)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPORA

ACT = CORPORA / "ke-computer-misuse-and-cybercrimes-act-2018.txt"


def _group(pgid: int) -> dict[int, tuple[int, str]]:
    """The live processes of a process group: pid -> (parent pid, state). Zombies count as ended."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        state, ppid, group = fields[0], int(fields[1]), int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            found[int(entry)] = (ppid, state)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux") or not os.path.isdir("/proc"), reason="reads /proc")
def test_sigkill_of_a_scan_leaves_no_worker_running(tmp_path: Path) -> None:
    folder = tmp_path / "acts"
    folder.mkdir()
    for n in range(8):  # distinct contents, each a few seconds of checking: the scan is busy when killed
        shutil.copyfile(ACT, folder / f"act{n}.txt")
        with open(folder / f"act{n}.txt", "a", encoding="utf-8") as fh:
            fh.write(f"\nSection 999. Copy {n}.\n")
    env = {k: v for k, v in os.environ.items() if k != "MODELLAW_DEBUG"}
    scan = subprocess.Popen([sys.executable, "-m", "modellaw_check", "scan", "-q", "-j", "2", "--no-cache",
                             str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            cwd=tmp_path, start_new_session=True)  # its own process group: ours to watch
    try:
        deadline = time.monotonic() + 60
        while True:  # until a worker runs: a child of a child of the scan (the forkserver's)
            group = _group(scan.pid)
            if any(ppid in group and ppid != scan.pid for ppid, _ in group.values()):
                break
            assert scan.poll() is None, "the scan ended before its workers started"
            assert time.monotonic() < deadline, f"no worker started: {group}"
            time.sleep(0.1)
        assert len(group) >= 3, group  # the scan, the forkserver, a worker (and the resource tracker)
        os.kill(scan.pid, signal.SIGKILL)
        scan.wait()
        deadline = time.monotonic() + 5
        while _group(scan.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group(scan.pid), f"still running after the scan was killed: {_group(scan.pid)}"
    finally:
        for pid in _group(scan.pid):  # only the processes this test started, one by one
            os.kill(pid, signal.SIGKILL)
        if scan.poll() is None:
            scan.kill()
            scan.wait()
