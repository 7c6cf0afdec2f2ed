from __future__ import annotations

import os
import subprocess
import sys

import pytest

# allocates and frees 1 MB arrays and prints the page faults that took
SCRIPT = """
import resource, sys
import numpy
if sys.argv[1] == "tuned":
    from procopius.allocator import tune_for_workers
    assert tune_for_workers()
for _ in range(5):
    numpy.ones(1 << 18, dtype="float32")
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(200):
    numpy.ones(1 << 18, dtype="float32")
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}  # as Dask's nanny sets it
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_worker_arrays_come_from_the_heap_when_the_environment_fixes_the_thresholds() -> None:
    untuned, tuned = _faults("plain"), _faults("tuned")
    # every 1 MB array mapped afresh faults its 256 pages in again; from the heap, almost none
    assert untuned > 200 * 100
    assert tuned < untuned / 10


def test_warm_up_tunes_the_allocator(monkeypatch: pytest.MonkeyPatch) -> None:
    from procopius import allocator, engine

    calls: list[bool] = []
    monkeypatch.setattr(allocator, "tune_for_workers", lambda: calls.append(True) or True)
    engine.warm_up()
    assert calls == [True]
