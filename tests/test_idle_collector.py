"""Under `serve`, the collector frees the last rebuild's objects in the pause after it (speedups.IdleCollector), and
pauses while the archive is built (speedups.collector_paused). What is checked: a pass happens exactly once for
each rebuild, in the pause or, when the next save comes first, before the next rebuild; cyclic garbage of one
rebuild is freed either way; nothing else about the collector changes."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Iterator

import pytest

from studyarchive.mkdocs import speedups


class Node:
    """An object in a cycle, as MkDocs' pages and files are: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    monkeypatch.setattr(speedups, "IDLE_DELAY", 0.2)
    found: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            found.append(2)

    gc.callbacks.append(seen)
    try:
        yield found
    finally:
        gc.callbacks.remove(seen)
        gc.unfreeze()


def garbage() -> weakref.ref:
    """A cycle nobody references, frozen as the objects of a finished rebuild are."""
    node = Node()
    ref = weakref.ref(node)
    del node
    gc.freeze()
    return ref


def test_the_pause_after_a_rebuild_frees_it(passes: list[int]) -> None:
    idle = speedups.IdleCollector()
    ref = garbage()
    idle.after_build()
    assert ref() is not None  # not during the reload
    time.sleep(0.6)
    assert ref() is None and passes == [2]
    idle.before_build()  # the next save: nothing left to do before it
    assert passes == [2] and gc.get_freeze_count() > 0


def test_a_save_before_the_pause_frees_it_first(passes: list[int]) -> None:
    idle = speedups.IdleCollector()
    ref = garbage()
    idle.after_build()
    idle.before_build()  # saved at once: the pass runs now, and never again later
    assert ref() is None and passes == [2]
    time.sleep(0.6)
    assert passes == [2]


def test_every_rebuild_of_a_burst_is_freed(passes: list[int]) -> None:
    idle = speedups.IdleCollector()
    refs = []
    for _ in range(5):
        idle.before_build()
        refs.append(garbage())
        idle.after_build()
    assert [r() for r in refs[:-1]] == [None] * 4
    time.sleep(0.6)
    assert refs[-1]() is None


def test_the_plain_build_keeps_the_collector_as_it_was() -> None:
    speedups.unfreeze(None)
    assert gc.get_freeze_count() == 0
    speedups.collect_when_idle(None)  # nothing scheduled
    with speedups.collector_paused(False):
        assert gc.isenabled()


def test_the_archive_is_built_with_the_collector_paused() -> None:
    assert gc.isenabled()
    with speedups.collector_paused(True):
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), speedups.collector_paused(True):
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with speedups.collector_paused(True):
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
