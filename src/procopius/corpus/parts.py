"""Parts of a multistream dump that a worker reads itself.

A corpus run over a multistream Wikipedia dump does not read the dump in its main process: it
cuts the dump into parts of a few bzip2 streams each (`dump_parts`) and sends each worker the
part's description (path, byte range), so decompressing the dump and parsing its wikitext is
spread over the workers like the rest of the work. Each worker must see the dump at the same
path (a shared or copied file system on a cluster); a part checks that the file it opens is
the one that was cut (same size and modification time).

    for part in dump_parts("enwiki-latest-pages-articles-multistream.xml.bz2", 2):
        submit(process_shard, part)        # the worker iterates the part's documents
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..readers import ReadError
from .multistream import stream_offsets

#: a Wikipedia multistream dump holds 100 pages in each bzip2 stream
PAGES_PER_STREAM = 100


class DumpChanged(OSError):
    """The dump a part was cut from is missing or different where a worker reads it."""


@dataclass(frozen=True)
class DumpPart:
    """The bzip2 streams `[start, stop)` of a multistream dump (`stop` None: to its end), with
    the dump's size and modification time when it was cut. Iterating it reads its documents
    (and read errors), as `iter_dump(path, byte_range=(start, stop))` does."""

    path: str
    start: int
    stop: int | None
    size: int
    mtime_ns: int
    max_bytes: int = 20_000_000

    def __iter__(self) -> Iterator[Document | ReadError]:
        from .mediawiki import iter_dump

        self.check()
        yield from iter_dump(
            self.path, max_bytes=self.max_bytes, byte_range=(self.start, self.stop)
        )

    @property
    def byte_length(self) -> int:
        """The compressed bytes of the part."""
        return (self.size if self.stop is None else self.stop) - self.start

    def check(self) -> None:
        """Raise DumpChanged when the dump is missing here or is not the file that was cut."""
        try:
            stat = Path(self.path).stat()
        except OSError as error:
            raise DumpChanged(
                f"{self.path}: cannot read the dump here ({error.strerror or error}); every "
                "worker reads its parts of a dump itself, so the dump must be at this path on "
                "every worker"
            ) from error
        if (stat.st_size, stat.st_mtime_ns) != (self.size, self.mtime_ns):
            raise DumpChanged(
                f"{self.path}: the dump here differs from the one the run was planned on "
                f"(size {stat.st_size} vs {self.size} bytes, or a different modification time)"
            )

    def digest(self) -> str:
        """What the part holds, for resuming a run: the dump (name, size, modification time)
        and the byte range."""
        key = f"{Path(self.path).name}\x1f{self.size}\x1f{self.mtime_ns}\x1f{self.start}\x1f{self.stop}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def dump_parts(
    path: str | Path, streams_per_part: int, max_bytes: int = 20_000_000
) -> list[DumpPart]:
    """A multistream dump cut into parts of `streams_per_part` bzip2 streams, in file order;
    an empty list when the dump is not multistream (a plain or single-stream dump is read as
    one stream) or when its streams cannot be found (a damaged index)."""
    if streams_per_part < 1:
        raise ValueError("streams_per_part must be at least 1")
    path = Path(path).resolve()
    if not path.name.lower().endswith(".bz2"):
        return []
    try:
        offsets = stream_offsets(path)
    except (OSError, EOFError, ValueError):
        return []  # a damaged index or dump: read it whole, which reports where it breaks
    page_streams = offsets[1:]  # the first stream is the header (site information)
    if len(page_streams) < 2:
        return []
    starts = page_streams[::streams_per_part]
    starts[0] = 0  # the first part reads the header in place
    stat = path.stat()
    return [
        DumpPart(
            path=str(path),
            start=start,
            stop=starts[k + 1] if k + 1 < len(starts) else None,
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            max_bytes=max_bytes,
        )
        for k, start in enumerate(starts)
    ]
