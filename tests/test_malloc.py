"""speedups.tune_malloc: on glibc, the threads of a build share one malloc arena (what the search index's threads
free serves the pages written after them); elsewhere, and with ARCHIVE_PLAIN=1, it does nothing."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from conftest import ROOT
from studyarchive.mkdocs import speedups

# A thread allocates blocks that malloc serves (above pymalloc's 512 bytes, below the mapping threshold);
# malloc_info then lists one <heap> per arena in use.
HEAPS = """
import ctypes, os, sys, tempfile, threading
sys.path.insert(0, sys.argv[1])
from studyarchive.mkdocs import speedups
speedups.tune_malloc(sys.argv[2] == "fast")
kept = []
thread = threading.Thread(target=lambda: kept.extend(bytearray(20_000) for _ in range(200)))
thread.start()
thread.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
path = os.path.join(tempfile.mkdtemp(), "info.xml")
stream = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(stream))
libc.fclose(ctypes.c_void_p(stream))
print(open(path).read().count("<heap nr="))
"""


def heaps(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}  # glibc's own defaults
    run = subprocess.run([sys.executable, "-c", HEAPS, str(ROOT / "hooks"), mode], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    return int(run.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")
def test_threads_share_one_arena_on_glibc() -> None:
    assert heaps("plain") == 2  # glibc's own way: the thread got an arena of its own
    assert heaps("fast") == 1


def test_nothing_happens_without_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    def loaded(*_args: object) -> None:
        raise AssertionError("the C library was loaded")

    monkeypatch.setattr(speedups.platform, "libc_ver", lambda: ("", ""))
    monkeypatch.setattr(speedups.ctypes, "CDLL", loaded)
    speedups.tune_malloc(True)


def test_a_libc_without_mallopt_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoMallopt:
        def __init__(self, _name: object) -> None:
            pass

    monkeypatch.setattr(speedups.platform, "libc_ver", lambda: ("glibc", "2.36"))
    monkeypatch.setattr(speedups.ctypes, "CDLL", NoMallopt)
    speedups.tune_malloc(True)
