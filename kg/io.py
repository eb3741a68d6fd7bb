"""Atomic writes and RDF reading with clear errors."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from kg.errors import BadInput


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def rdf_format(path: str | Path) -> str:
    fmt = guess_format(str(path))
    if fmt is None:
        raise BadInput(
            f"{path}: cannot tell the RDF format from the file name; use one of .ttl, .trig, .nq, .nt, .jsonld, .rdf"
        )
    return fmt


def read_rdf(path: str | Path) -> Dataset:
    """Parse an RDF file of any common format into a Dataset; bad input gets a clear message."""
    p = Path(path)
    if not p.exists():
        raise BadInput(f"{p}: no such file; check the path")
    if p.is_dir():
        raise BadInput(f"{p}: is a directory; give RDF files")
    fmt = rdf_format(p)
    ds = Dataset()
    try:
        data = p.read_bytes()
        if fmt in ("trig", "nquads"):
            ds.parse(data=data, format=fmt)
        else:
            g = Graph().parse(data=data, format=fmt)
            for t in g:
                ds.default_graph.add(t)
            for prefix, ns in g.namespaces():
                ds.bind(prefix, ns, override=False)
    except UnicodeDecodeError as exc:
        raise BadInput(f"{p}: is not UTF-8 text; RDF files must be UTF-8") from exc
    except Exception as exc:  # rdflib raises many parser-specific exception types
        msg = " ".join(str(exc).split())[:400]
        raise BadInput(f"{p}: is not valid {fmt}: {msg}") from exc
    return ds


def union(ds: Dataset) -> Graph:
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=False)
    for q in ds.quads((None, None, None, None)):
        g.add(q[:3])
    return g
