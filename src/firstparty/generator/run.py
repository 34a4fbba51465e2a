"""A run: the context, the chunks drawn in order, built here or in worker processes, and written in
order, so the bytes do not depend on the number of workers."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from firstparty.exports import EXPORTS
from firstparty.generator import config as cfg
from firstparty.generator.chunk import Chunk
from firstparty.generator.context import Context
from firstparty.generator.persons import Persons, persons_of_chunk
from firstparty.generator.writing import ANSWER_COLUMNS, ChunkOutput, Sink, encode_chunk


def build_chunk(ctx: Context, index: int, persons: Persons, fmt: str) -> ChunkOutput:
    """Build one chunk's exports and answer rows, encoded for writing."""
    tables = Chunk(ctx, index, persons).build()
    return encode_chunk(persons.pid, persons.n, tables, fmt)


_WORKER_CTX: Context | None = None


def _worker_init(persons: int, seed: int, as_of: dt.date) -> None:
    global _WORKER_CTX
    _WORKER_CTX = Context(persons=persons, seed=seed, as_of=as_of)


def _worker_build(index: int, persons: Persons, fmt: str) -> ChunkOutput:
    if _WORKER_CTX is None:
        raise RuntimeError("worker not initialised")
    return build_chunk(_WORKER_CTX, index, persons, fmt)


def generate(
    persons: int,
    seed: int,
    out: Path | str,
    fmt: str = "csv",
    as_of: dt.date | str = cfg.DEFAULT_AS_OF,
    answer_path: Path | str | None = None,
    log=None,
    jobs: int = 1,
    chunk_persons: int = cfg.CHUNK_PERSONS,
) -> dict[str, int]:
    """Write every export and the answer key for `persons` persons; returns row counts per file.

    Chunks are built by `jobs` worker processes (persons are drawn in order in this process, so
    emails and phones stay unique) and written in order: the bytes do not depend on `jobs`.
    """
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt}")
    ctx = Context(persons=persons, seed=seed, as_of=as_of)
    out = Path(out)
    sinks = {e.identifier: Sink(out / f"{e.identifier}.{fmt}", e.column_names, fmt) for e in EXPORTS}
    answer_path = Path(answer_path) if answer_path else out / f"_answer_key.{fmt}"
    sinks["answer_key"] = Sink(answer_path, list(ANSWER_COLUMNS), fmt)
    starts = list(range(0, persons, chunk_persons))
    started = time.perf_counter()
    done = 0

    def emit(result: ChunkOutput) -> None:
        nonlocal done
        for stem, (rows, part) in result.parts.items():
            sinks[stem].write(rows, part)
        done += result.persons
        if log:
            log(f"  {done:>10,} persons  {time.perf_counter() - started:7.1f}s")

    pool = None
    if jobs > 1 and len(starts) > 1:
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=mp.get_context("spawn"),
            initializer=_worker_init,
            initargs=(persons, seed, as_of),
        )
    try:
        pending: deque = deque()
        for index, first in enumerate(starts):
            chunk = persons_of_chunk(ctx, index, first, min(chunk_persons, persons - first))
            if pool is None:
                emit(build_chunk(ctx, index, chunk, fmt))
                continue
            pending.append(pool.submit(_worker_build, index, chunk, fmt))
            while len(pending) > jobs:  # bounded: at most jobs + 1 chunks in memory
                emit(pending.popleft().result())
        while pending:
            emit(pending.popleft().result())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        for sink in sinks.values():
            sink.close()
    return {stem: sink.rows for stem, sink in sinks.items()}
