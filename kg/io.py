"""Atomic writes, standard input and output, and RDF reading with clear errors."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.util import guess_format

from kg.errors import BadInput

STDIO = "-"
"""The file name that stands for standard input (when read) or standard output (when written)."""

DEFAULT = DATASET_DEFAULT_GRAPH_ID
"""The name rdflib gives a Dataset's default graph."""


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


def write_output(path: str | Path, data: str | bytes) -> None:
    """Write to standard output when path is '-', else atomically to the file."""
    if str(path) == STDIO:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    else:
        write_atomic(path, data)


def rdf_format(path: str | Path) -> str:
    """rdflib's name of the RDF format, from the file name; standard input is read as TriG
    (which covers Turtle and N-Triples too)."""
    if str(path) == STDIO:
        return "trig"
    fmt = guess_format(str(path))
    if fmt is None:
        raise BadInput(
            f"{path}: cannot tell the RDF format from the file name; use one of .ttl, .trig, .nq, .nt, .jsonld, .rdf"
        )
    return fmt


def read_input(path: str | Path) -> bytes:
    """The bytes of a file, or of standard input for '-', with a clear error when missing or empty."""
    if str(path) == STDIO:
        data = sys.stdin.buffer.read()
        if not data.strip():
            raise BadInput("standard input is empty; pipe a file into kg or give its path")
        return data
    p = Path(path)
    if not p.exists():
        raise BadInput(f"{p}: no such file; check the path")
    if p.is_dir():
        raise BadInput(f"{p}: is a directory; give RDF files")
    return p.read_bytes()


def read_rdf(path: str | Path) -> Dataset:
    """Parse an RDF file of any common format ('-': TriG or Turtle on standard input) into a
    Dataset, graph names kept; bad input gets a clear message."""
    name = "standard input" if str(path) == STDIO else str(path)
    data = read_input(path)
    fmt = rdf_format(path)
    ds = Dataset()
    try:
        if fmt in ("trig", "nquads", "json-ld"):
            ds.parse(data=data, format=fmt)
        else:
            g = Graph().parse(data=data, format=fmt)
            for t in g:
                ds.default_graph.add(t)
            for prefix, ns in g.namespaces():
                ds.bind(prefix, ns, override=False)
    except UnicodeDecodeError as exc:
        raise BadInput(f"{name}: is not UTF-8 text; RDF files must be UTF-8") from exc
    except Exception as exc:  # rdflib raises many parser-specific exception types
        msg = " ".join(str(exc).split())[:400]
        raise BadInput(f"{name}: is not valid {fmt}: {msg}") from exc
    return ds


def union(ds: Dataset) -> Graph:
    """Every triple of every graph in one graph. Not the merged view: a speaker's claims become
    plain triples here; use kg.rdf.merged_view to read what an article states."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=False)
    for q in ds.quads((None, None, None, None)):
        g.add(q[:3])
    return g
