"""Atomic writes, standard input and output, and RDF reading with clear errors."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise BadInput(
            f"{path.parent}: is a file, not a directory; give an output directory (or remove that file)"
        ) from exc
    except OSError as exc:
        raise BadInput(f"{path.parent}: cannot create the directory ({exc.strerror}); choose another output") from exc
    if path.is_dir():
        raise BadInput(f"{path}: is a directory; give the path of a file to write")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise BadInput(f"{path}: cannot write there ({exc.strerror}); check the directory's permissions") from exc
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise BadInput(f"{path}: cannot write it ({exc.strerror}); check free space and permissions") from exc
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
        if fmt == "json-ld":
            _refuse_remote_contexts(Path(name), data)
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
    except BadInput:
        raise
    except Exception as exc:  # rdflib raises many parser-specific exception types
        msg = " ".join(str(exc).split())[:400]
        raise BadInput(f"{name}: is not valid {fmt}: {msg}") from exc
    return ds


def _refuse_remote_contexts(p: Path, data: bytes) -> None:
    """kg reads nothing from the network: a JSON-LD @context (or @import) given by reference is refused."""
    try:
        doc = json.loads(data)
    except ValueError:
        return  # the parser reports what is wrong with it

    def refs(node: object, key: str | None = None) -> Iterator[str]:
        if isinstance(node, str) and key in ("@context", "@import"):
            yield node
        elif isinstance(node, list):
            for item in node:
                yield from refs(item, key if key == "@context" else None)
        elif isinstance(node, dict):
            for k, v in node.items():
                yield from refs(v, k)

    for ref in refs(doc):
        raise BadInput(
            f"{p}: its JSON-LD @context refers to {ref!r}, which kg does not fetch (it reads nothing from the "
            "network); put the context inline in the file"
        )


def union(ds: Dataset) -> Graph:
    """Every triple of every graph in one graph. Not the merged view: a speaker's claims become
    plain triples here; use kg.rdf.merged_view to read what an article states."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=False)
    for q in ds.quads((None, None, None, None)):
        g.add(q[:3])
    return g
