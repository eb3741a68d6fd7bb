"""An ordered, bounded process pool that survives a worker's death.

`ordered_map(fn, items, jobs=N)` runs fn over chunks of items in N worker processes (each
initialized once, e.g. to load spaCy and the knowledge base) and yields fn's results in input
order. The input is consumed only as workers take it, and at most `window` chunks are in
flight, so memory stays bounded however long the input. If a worker dies (killed, out of
memory, a crash in native code), only the chunk it held is affected: it is run again in a
fresh worker, then article by article, and an item that kills its worker every time becomes
`on_crash(item)`; every other item's work is kept.
"""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

ATTEMPTS = 2  # a chunk is run this many times whole, then item by item, each item this many times


def default_jobs() -> int:
    """The number of worker processes a build uses by default: the machine's cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _worker_main(
    conn: Any,
    fn: Callable[[Any], Any],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    many: Callable[[list[Any]], list[Any]] | None = None,
) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool; a worker stays quiet
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        tid, items = task
        conn.send((tid, many(items) if many is not None else [fn(it) for it in items]))


@dataclass
class _Task:
    tid: int
    items: list[Any]
    attempts: int = 0
    part: int | None = None  # the item's place in its chunk, once the chunk is split


@dataclass
class _Worker:
    proc: Any
    conn: Any
    task: _Task | None = None


@dataclass
class _Pool:
    fn: Callable[[Any], Any]
    initializer: Callable[..., None] | None
    initargs: tuple[Any, ...]
    many: Callable[[list[Any]], list[Any]] | None = None
    workers: list[_Worker] = field(default_factory=list)

    def spawn(self) -> _Worker:
        ctx = _context()
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_worker_main, args=(child, self.fn, self.initializer, self.initargs, self.many), daemon=True
        )
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        self.workers.append(w)
        return w

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for w in self.workers:
            w.proc.join(timeout=5)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.workers.clear()


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    *,
    jobs: int,
    chunk: int = 4,
    window: int | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    on_crash: Callable[[Any], Any] | None = None,
    many: Callable[[list[Any]], list[Any]] | None = None,
    serial_chunk: int = 1,
) -> Iterator[Any]:
    """fn over items in `jobs` processes, results in input order (see the module's docstring).
    With jobs <= 1, or a single item, everything runs in this process. `many`, when given, does
    what fn does over a list of items at once (a worker's chunk, or `serial_chunk` items in this
    process): e.g. a batch parsed together."""
    source = iter(items)
    head = [x for _, x in zip(range(2), source, strict=False)]

    def everything() -> Iterator[Any]:
        yield from head
        yield from source

    if jobs <= 1 or len(head) < 2:
        if initializer is not None and head:
            initializer(*initargs)
        if many is not None:
            for part in _chunks(everything(), serial_chunk):
                yield from many(part)
            return
        for it in everything():
            yield fn(it)
        return

    chunks = _chunks(everything(), chunk)
    window = window or jobs * 4
    pool = _Pool(fn, initializer, initargs, many)
    todo: deque[_Task] = deque()  # tasks to run again before taking new input
    done: dict[int, list[Any]] = {}
    split: dict[int, list[list[Any] | None]] = {}  # chunk id -> its items' results, once split

    def deliver(task: _Task, results: list[Any]) -> None:
        if task.part is None:
            done[task.tid] = results
            return
        parts = split[task.tid]
        parts[task.part] = results
        if all(p is not None for p in parts):
            del split[task.tid]
            done[task.tid] = [r for p in parts if p is not None for r in p]

    next_tid = 0  # the next chunk id to read from the input
    next_out = 0  # the next chunk id to yield
    exhausted = False
    try:
        for _ in range(jobs):
            pool.spawn()
        while True:
            for w in pool.workers:  # hand out work while the window allows
                if w.task is not None:
                    continue
                task = todo.popleft() if todo else None
                if task is None and not exhausted and next_tid - next_out < window:
                    nxt = next(chunks, None)
                    if nxt is None:
                        exhausted = True
                    else:
                        task = _Task(next_tid, nxt)
                        next_tid += 1
                if task is None:
                    break
                w.task = task
                w.conn.send((task.tid, task.items))
            while next_out in done:  # yield what is ready, in order
                yield from done.pop(next_out)
                next_out += 1
            busy = [w for w in pool.workers if w.task is not None]
            if not busy:
                if exhausted and not todo:
                    break
                continue
            ready = mpc.wait([w.conn for w in busy] + [w.proc.sentinel for w in busy])
            for w in busy:
                task = w.task
                assert task is not None
                if w.conn in ready:
                    try:
                        _, results = w.conn.recv()
                    except (EOFError, OSError):
                        pass  # it died while sending: a death, below
                    else:
                        w.task = None
                        deliver(task, results)
                        continue
                if w.proc.sentinel not in ready and w.proc.is_alive():
                    continue
                w.proc.join()
                w.conn.close()
                pool.workers.remove(w)
                pool.spawn()
                task.attempts += 1
                if task.attempts < ATTEMPTS:
                    todo.appendleft(task)
                elif len(task.items) > 1:  # find the item that kills its worker: one by one
                    split[task.tid] = [None] * len(task.items)
                    todo.extendleft(reversed([_Task(task.tid, [it], 0, i) for i, it in enumerate(task.items)]))
                else:
                    if on_crash is None:
                        raise RuntimeError(f"a worker process died {ATTEMPTS} times on the same input")
                    deliver(task, [on_crash(task.items[0])])
    finally:
        pool.close()
