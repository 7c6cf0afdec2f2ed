"""The C allocator's settings in worker processes.

The language model allocates and frees many arrays of a few hundred kilobytes. glibc serves such
blocks from its heap once it has seen them freed (its mmap threshold rises on its own), unless a
malloc setting is given in the environment: Dask's nanny starts its workers with
`MALLOC_TRIM_THRESHOLD_=65536`, which fixes the threshold at 128 KB, so every such array is
mapped from the system and its pages are faulted in again, and the language model runs about a
third slower. Workers set both thresholds themselves.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

#: glibc's mallopt parameters
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: blocks below this come from the heap
MMAP_THRESHOLD = 32 << 20
#: free memory at the top of the heap beyond this goes back to the system
TRIM_THRESHOLD = 64 << 20


@functools.cache
def tune_for_workers() -> bool:
    """Serve the language model's arrays from the heap (see above), once per process. Returns
    whether the settings were made: only with glibc, elsewhere nothing changes."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
