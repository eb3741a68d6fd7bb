"""The same build on a Dask cluster (dask.distributed): every worker runs kg.api.process, the
per-article function of serial and parallel builds, over partitions of the input.

For a store, each partition's articles are laid out for the store (kg.store.layout_quads) and
written as one N-Quads shard in a directory every worker and this process can reach (by
default beside the store); this process then loads the shards, in input order, with
Oxigraph's bulk loader, after the same checks as a local build (an article already stored is
not sent; an edited one replaces the old). For files (-o), the workers return the Turtle and
TriG and this process writes them, so names are decided in one place.

    kg build corpus/ --store store/ --scheduler tcp://HOST:8786   # a running cluster
    kg build corpus/ --store store/ --scheduler local             # a LocalCluster on this machine

Workers need kg installed (the same version), and the shard directory (`KG_SHARDS` or
`--store`'s parent) shared with them. Dask reruns the partition of a worker that dies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg import api, io
from kg.errors import BadInput
from kg.inputs import Item

PARTITION = 32  # articles per Dask task


@contextlib.contextmanager
def connect(address: str, *, workers: int = 2) -> Iterator[Any]:
    """A Dask client: to the scheduler at `address`, or to a LocalCluster when 'local'."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise BadInput("Dask is not installed; install it with `pip install 'kg[cluster]'`") from exc
    if address == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
            with Client(cluster) as client:
                yield client
        return
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise BadInput(
            f"cannot reach the Dask scheduler at {address} ({exc}); check the address and that it runs"
        ) from exc
    with client:
        yield client


def _partitions(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    part: list[Item] = []
    for it in items:
        part.append(it)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def build_partition(index: int, items: list[Item], opts: api.Options, shard_dir: str | None) -> list[api.Outcome]:
    """A worker's task: build each article; with shard_dir, write the kept ones' store quads as
    one N-Quads shard and return the outcomes without their serializations."""
    api.warm_up(opts.model)
    outs = api.process_many(items, opts)
    if shard_dir is None:
        return outs
    from kg import store

    data: list[bytes] = []
    slim: list[api.Outcome] = []
    for o in outs:
        o = store.laid_out(o)
        if o.kept and o.nquads is not None:
            data.append(o.nquads)
        slim.append(replace(o, nquads=None))
    path = Path(shard_dir) / f"part-{index:06d}.nq"
    io.write_atomic(path, b"".join(data))
    return slim


def _ordered(
    client: Any, parts: Iterator[list[Item]], opts: api.Options, shard_dir: str | None, window: int
) -> Iterator[tuple[int, list[api.Outcome]]]:
    inflight: deque[tuple[int, Any]] = deque()
    for i, part in enumerate(parts):
        inflight.append((i, client.submit(build_partition, i, part, opts, shard_dir, pure=False, retries=2)))
        if len(inflight) >= window:
            j, fut = inflight.popleft()
            yield j, fut.result()
    while inflight:
        j, fut = inflight.popleft()
        yield j, fut.result()


def outcomes(
    client: Any, items: Iterable[Item], opts: api.Options, *, partition: int = PARTITION
) -> Iterator[api.Outcome]:
    """Outcomes of every input, built on the cluster, in input order (for -o)."""
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    for _, outs in _ordered(client, _partitions(items, partition), opts, None, window):
        yield from outs


def build_store(
    client: Any,
    items: Iterable[Item],
    store_dir: str | Path,
    *,
    model: str = api.nlp.DEFAULT_MODEL,
    shard_dir: str | Path | None = None,
    partition: int = PARTITION,
    progress: Callable[[int, str, str], None] | None = None,
    run_time: dt.datetime | None = None,
) -> Any:
    """Build into a store on the cluster: shards written by the workers, bulk-loaded here."""
    from kg import store

    base = shard_dir or os.environ.get("KG_SHARDS") or Path(store_dir).resolve().parent
    Path(base).mkdir(parents=True, exist_ok=True)
    shards = tempfile.mkdtemp(prefix=".kg-shards-", dir=base)
    opts = api.Options(model=model, run_time=run_time, files=False, nquads=True, store_layout=True)
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    try:
        with store.Ingest(store_dir, progress=progress) as ing:
            todo = ing.filter(items)
            for index, outs in _ordered(client, _partitions(todo, partition), opts, shards, window):
                ing.load(Path(shards) / f"part-{index:06d}.nq", outs)
        return ing.summary
    finally:
        shutil.rmtree(shards, ignore_errors=True)
